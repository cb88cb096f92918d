"""Chinese messages: today."""

MESSAGES: dict[str, str] = {}
