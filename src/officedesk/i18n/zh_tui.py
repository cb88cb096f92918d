"""Chinese messages: tui."""

MESSAGES: dict[str, str] = {}
