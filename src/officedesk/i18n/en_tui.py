"""English messages: tui."""

MESSAGES: dict[str, str] = {}
