"""incoming: see the registry (officedesk/registry.py)."""
