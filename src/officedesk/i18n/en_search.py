"""English messages: search."""

MESSAGES: dict[str, str] = {}
