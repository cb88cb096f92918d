"""Sessions and the Store: the only place that opens a database, checks its schema and upgrades it.

Opening is also where things go wrong in ways a user can act on, so each failure becomes one
sentence naming the file or server and the problem: a file that is not SQLite or is damaged (with
the newest pre-upgrade backup beside it), another program's database, a schema newer than ours,
a URL nothing can load, a PostgreSQL server that is down or refuses us, a lock held too long (and
by whom). Writers wait for a lock up to `lock_wait` seconds instead of failing after SQLite's busy
timeout, and tell the workbench while they wait.

The work is shared out beside this module: db_types holds the terms every db_* module speaks
(errors, Phrase, LockPolicy, SchemaState, tuning constants), db_engine reads URLs and builds
engines, db_files reads the file from outside SQLite, db_locks finds who holds the lock, db_errors
words a failure. This module re-exports the names of db_types and db_engine, so callers import
everything from officedesk.db; it imports db_files, db_locks and db_errors only inside the
functions that use them, so importing it stays cheap and cycle-free.
"""

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from officedesk.db_engine import _is_busy as _is_busy
from officedesk.db_engine import _sqlite_path
from officedesk.db_engine import make_engine as make_engine
from officedesk.db_engine import mask_url as mask_url
from officedesk.db_engine import parse_database_url as parse_database_url
from officedesk.db_engine import sqlite_path as sqlite_path
from officedesk.db_types import BACKENDS as BACKENDS
from officedesk.db_types import BUSY_SLICE as BUSY_SLICE
from officedesk.db_types import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS
from officedesk.db_types import DEFAULT_LOCK_WAIT as DEFAULT_LOCK_WAIT
from officedesk.db_types import PG_CONNECT_TIMEOUT as PG_CONNECT_TIMEOUT
from officedesk.db_types import READ_ONLY as READ_ONLY
from officedesk.db_types import SQLITE_BUSY_CODES as SQLITE_BUSY_CODES
from officedesk.db_types import SQLITE_PRAGMAS as SQLITE_PRAGMAS
from officedesk.db_types import WAIT_NOTICE_AFTER as WAIT_NOTICE_AFTER
from officedesk.db_types import LockPolicy as LockPolicy
from officedesk.db_types import Phrase as Phrase
from officedesk.db_types import SchemaState as SchemaState
from officedesk.db_types import StoreBusy as StoreBusy
from officedesk.db_types import StoreError as StoreError
from officedesk.db_types import StoreUrlError as StoreUrlError

if TYPE_CHECKING:
    from officedesk.services.env import ServiceEnv


def __getattr__(name: str) -> Any:
    """SCHEMA_HEAD: the newest migration in officedesk/migrations/versions, read from the
    migration files on first use (officedesk.migrate.schema_head), so a new register's
    migration is all it takes to move it. Comparing against it lets a command check the schema
    with one SELECT instead of importing Alembic (≈0.3 s) every time;
    tests/test_db.py::test_schema_head_constant_matches_alembic proves it is Alembic's head."""
    if name == "SCHEMA_HEAD":
        from officedesk.migrate import schema_head

        return schema_head()
    raise AttributeError(name)


class OfficeSession(Session):
    """A Session that knows who acts and what day it is; the change journal hangs off it."""

    env: "ServiceEnv"


# ---- the store ----------------------------------------------------------------------------------


class Store:
    """One database: its engine, and the schema check done once per process."""

    def __init__(
        self, url: str, *, private_dir: bool = False, lock_wait: float = DEFAULT_LOCK_WAIT
    ) -> None:
        self.url = url
        parsed = parse_database_url(url)
        self.path = _sqlite_path(parsed)
        self.lock = LockPolicy(wait=lock_wait, path=self.path)
        # Lines said about the file on opening (made private…): the CLI has printed them; the
        # workbench, which owns the terminal, shows them itself.
        self.notices: list[str] = []
        self._schema_checked = False
        if self.path is not None:
            self._open_sqlite_file(self.path, private_dir=private_dir)
        self.engine = make_engine(url, lock=self.lock)
        self.read_engine = self.engine.execution_options(**{READ_ONLY: True})

    def _open_sqlite_file(self, path: Path, *, private_dir: bool) -> None:
        """Before SQLite opens it for real: refuse what is not ours (not SQLite, damaged,
        another program's schema, a newer one) without changing it, then make it private so the
        -wal and -shm SQLite is about to create inherit 0600."""
        from officedesk.db_files import (
            diagnose_sqlite_file,
            make_private,
            peek_sqlite_schema,
            prepare_sqlite_file,
        )

        prepare_sqlite_file(path, private_dir=private_dir)
        problem = diagnose_sqlite_file(path)
        if problem is not None:
            raise problem
        if path.stat().st_size:
            state = peek_sqlite_schema(path, min(BUSY_TIMEOUT_MS / 1000, self.lock.wait))
            if state.version == _head():
                self._schema_checked = True  # current: no second look through the engine
            elif state.version is not None or state.tables:
                from officedesk.migrate import alembic_config, refuse_strangers

                refuse_strangers(state, self, alembic_config(self.url))
        make_private(path, self.notices)

    @property
    def lock_wait(self) -> float:
        return self.lock.wait

    @property
    def on_wait(self) -> Callable[[bool], None] | None:
        """Called with True when a write has waited WAIT_NOTICE_AFTER s for the database, and
        with False when that wait is over (from the waiting thread)."""
        return self.lock.on_wait

    @on_wait.setter
    def on_wait(self, hook: Callable[[bool], None] | None) -> None:
        self.lock.on_wait = hook

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def explain(self, exc: BaseException) -> StoreError | None:
        from officedesk.db_errors import explain_error

        return explain_error(exc, self)

    def _opening_failed(self, exc: BaseException) -> StoreError:
        from officedesk.db_errors import _first_line

        explained = self.explain(exc)
        if explained is not None:
            return explained
        return StoreError("db.cannot_open", path=self.url_for_humans(), reason=_first_line(exc))

    def inspect_schema(self) -> SchemaState:
        """The schema version, or the tables of a database that has none: one snapshot (a
        single read transaction on SQLite, a single statement for the table list on
        PostgreSQL), so a database being created by another process at this very moment is
        never mistaken for someone else's. A failure to connect is raised in words; only a
        missing alembic_version means "no schema yet"."""
        try:
            with self.read_engine.connect() as conn:
                if self.is_sqlite:
                    sql = (
                        "SELECT name FROM sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                    )
                else:
                    sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                names = set(conn.execute(text(sql)).scalars())
                if "alembic_version" not in names:
                    return SchemaState(None, tuple(sorted(names)))
                version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                others = () if version else tuple(sorted(names - {"alembic_version"}))
                return SchemaState(version, others)
        except DBAPIError as exc:
            raise self._opening_failed(exc) from exc

    def schema_version(self) -> str | None:
        return self.inspect_schema().version

    def ensure_schema(self) -> None:
        """Upgrade the schema when it is behind; costs one read transaction when it is current."""
        if self._schema_checked:
            return
        if self.inspect_schema().version != _head():
            from officedesk.migrate import upgrade

            upgrade(self)
        self._schema_checked = True

    def url_for_humans(self) -> str:
        return str(self.path) if self.path else mask_url(self.url)

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _announce_slow_write(self) -> Iterator[None]:
        """PostgreSQL waits for a lock inside the server, out of our sight: a write still
        running after WAIT_NOTICE_AFTER s is announced as waiting (only when someone listens)."""
        if self.is_sqlite or self.lock.on_wait is None:
            yield
            return
        fired = threading.Event()

        def fire() -> None:
            fired.set()
            self.lock.announce(True)

        timer = threading.Timer(WAIT_NOTICE_AFTER, fire)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()
            if fired.is_set():
                self.lock.announce(False)

    @contextmanager
    def session(self, env: "ServiceEnv", *, write: bool = True) -> Iterator[OfficeSession]:
        """One unit of work: commit on success, roll back on any exception. A database failure
        leaves as a StoreError in words (busy, damaged, unreachable…), the original chained."""
        self.ensure_schema()
        if write:
            # Both register after_flush listeners on OfficeSession: every write is journaled and
            # keeps the search index in step, whichever command or screen made it.
            import officedesk.journal
            import officedesk.search_index  # noqa: F401
        engine = self.engine if write else self.read_engine
        with (
            self._announce_slow_write() if write else nullcontext(),
            OfficeSession(engine, expire_on_commit=False, autoflush=True) as session,
        ):
            session.env = env
            session.info["operator"] = env.operator
            try:
                yield session
                if write:
                    session.commit()
                else:
                    session.rollback()
            except BaseException as exc:
                with suppress(DBAPIError):  # the connection may be gone; the failure matters
                    session.rollback()
                # BEGIN IMMEDIATE runs in a listener, outside SQLAlchemy's wrapping: its
                # sqlite3 errors arrive unwrapped.
                wordable = isinstance(exc, DBAPIError | sqlite3.Error)
                explained = self.explain(exc) if wordable else None
                if explained is not None:
                    raise explained from exc
                raise


def _head() -> str:
    from officedesk.migrate import schema_head

    return schema_head()
