"""Chinese messages."""

MESSAGES: dict[str, str] = {}
