"""What the database modules share: tuning constants, the store's errors, Phrase, the lock policy
and the schema state.

db.py, db_engine.py, db_files.py, db_locks.py and db_errors.py all speak these terms; keeping them
in a module that imports none of those lets each of them import it at the top without a cycle.
db.py re-exports every name, so `from officedesk.db import StoreError` keeps working.
"""

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from officedesk.errors import DomainError

READ_ONLY = "officedesk_read_only"
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA trusted_schema=OFF",
    "PRAGMA journal_size_limit=67108864",
)
# How long a writer waits for another's lock before it gives up (seconds); config `lock_wait`,
# env OFFICEDESK_LOCK_WAIT. Long enough for the nightly job's longest transaction.
DEFAULT_LOCK_WAIT = 30.0
# SQLite's own busy handler for statements other than BEGIN IMMEDIATE (a read during WAL
# recovery, the switch to WAL): modest, and never longer than the writer's whole wait.
BUSY_TIMEOUT_MS = 5000
# A write that has waited this long is announced ("waiting for the database…"), so the
# workbench does not look frozen.
WAIT_NOTICE_AFTER = 0.5
# One BEGIN IMMEDIATE attempt lets SQLite's busy handler wait at most this long; between
# attempts we look at the clock, so the deadline holds even when the handler is skipped.
BUSY_SLICE = 1.0
BACKENDS = ("sqlite", "postgresql")
PG_CONNECT_TIMEOUT = 10  # seconds; libpq would wait for TCP's own timeout (minutes) otherwise
SQLITE_BUSY_CODES = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED (primary codes)


class StoreError(DomainError):
    """The database cannot be opened or upgraded."""


class StoreUrlError(StoreError):
    """The database URL cannot be used at all: a usage error (exit 2), not a database's state."""

    exit_status = 2


class StoreBusy(StoreError):
    """Another writer held the lock for longer than we were willing to wait."""


class Phrase:
    """A part of a message, worded when the message is shown (in the language of that moment):
    DomainError params are formatted with str.format, which calls __format__ here."""

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params

    def __str__(self) -> str:
        from officedesk.i18n import t

        return t(self.key, **self.params)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"Phrase({self.key!r}, {self.params!r})"


@dataclass
class LockPolicy:
    """How long a writer waits for the database, and whom it tells while it waits.

    on_wait(True) is called (from the waiting thread) once a write has waited WAIT_NOTICE_AFTER
    seconds, on_wait(False) when that wait ends, whether it got the lock or gave up."""

    wait: float = DEFAULT_LOCK_WAIT
    on_wait: Callable[[bool], None] | None = None
    path: Path | None = None

    def announce(self, waiting: bool) -> None:
        hook = self.on_wait
        if hook is None:
            return
        with suppress(Exception):  # a display hook must never break a write
            hook(waiting)


@dataclass(frozen=True)
class SchemaState:
    """What the database holds: officedesk's schema version (None when there is none yet) and,
    when there is none, the other tables found (another program's database if any)."""

    version: str | None
    tables: tuple[str, ...] = ()
