"""English messages: today."""

MESSAGES: dict[str, str] = {}
