"""views: see the registry (officedesk/registry.py)."""
