"""Chinese messages: search."""

MESSAGES: dict[str, str] = {}
