"""What every service call needs besides the data: who acts, what day it is, which rules apply."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from officedesk.config import DEFAULT_DUE_RULES, DEFAULT_OUTGOING_PREFIXES
from officedesk.workcal import WorkCalendar


@dataclass(frozen=True)
class Rules:
    """Office rules the config file may change."""

    yellow_workdays: int = 3
    due_rules: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_DUE_RULES))
    outgoing_prefixes: dict[str, str] = field(
        default_factory=lambda: dict(DEFAULT_OUTGOING_PREFIXES)
    )
    # Whether the one who asked for more time may also grant it (a one-person office).
    self_approve_extensions: bool = False
    # Whether the office's company holds public power (may issue 命令, 议案, 公告).
    government_body: bool = False


@dataclass
class ServiceEnv:
    """Passed to services through the session; tests build one with a fixed day."""

    today: date
    operator: str
    calendar: WorkCalendar
    rules: Rules = field(default_factory=Rules)
    fixed_now: datetime | None = None
    # The seal log's key file (outside the database) and the database's identity for its
    # anchor: see services/seal_chain.py. None: the data directory's key.
    seal_key_file: Path | None = None
    database: str = ""

    def now(self) -> datetime:
        return self.fixed_now or datetime.now(UTC)
