"""Coordination matters (协调事项): services.matter.actions holds the API."""
