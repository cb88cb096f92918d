"""visit: see the registry (officedesk/registry.py)."""
