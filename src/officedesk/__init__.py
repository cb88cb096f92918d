"""officedesk: the office director's daily workbench. Importing it touches no disk and no UI."""

__version__ = "0.1.0"
