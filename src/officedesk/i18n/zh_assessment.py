"""Chinese messages: assessment."""

MESSAGES: dict[str, str] = {}
