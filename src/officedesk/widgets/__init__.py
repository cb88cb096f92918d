"""Widgets shared by every register's screen: record table, filter bar, detail pane, forms."""
