"""services: see the registry (officedesk/registry.py)."""
