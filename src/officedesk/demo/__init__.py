"""demo: see the registry (officedesk/registry.py)."""
