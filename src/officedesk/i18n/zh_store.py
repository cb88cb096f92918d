"""Chinese messages: opening the store: broken files, busy writers, permissions."""

MESSAGES: dict[str, str] = {}
