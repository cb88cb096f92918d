"""Importing registers from csv and JSON Lines files (officedesk.imports.run)."""
