"""outgoing: see the registry (officedesk/registry.py)."""
