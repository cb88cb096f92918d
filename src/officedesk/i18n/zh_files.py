"""Chinese messages: files the commands write (--out)."""

MESSAGES: dict[str, str] = {}
