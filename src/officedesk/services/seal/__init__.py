"""seal: see the registry (officedesk/registry.py)."""
