"""English messages: assessment."""

MESSAGES: dict[str, str] = {}
