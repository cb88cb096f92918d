"""English messages: undo over numbered records, voided numbers and the database check."""

MESSAGES: dict[str, str] = {}
