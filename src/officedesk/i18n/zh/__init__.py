"""The zh catalogue: one module per area (base, tui, …, one per register); see i18n.AREAS."""
