"""Engine, pragmas, sessions and schema upgrades: the only place that opens a database.

Opening is also where things go wrong in ways a user can act on, so each failure becomes one
sentence naming the file or server and the problem: a file that is not SQLite or is damaged (with
the newest pre-upgrade backup beside it), another program's database, a schema newer than ours,
a URL nothing can load, a PostgreSQL server that is down or refuses us, a lock held too long (and
by whom). Writers wait for a lock up to `lock_wait` seconds instead of failing after SQLite's busy
timeout, and tell the workbench while they wait.

The sentences are made beside this module: db_files reads the file from outside SQLite, db_locks
finds who holds the lock, db_errors words a failure. They import from here; this module imports
them only inside the functions that use them, so importing it stays cheap and cycle-free.
"""

import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlmodel import Session, create_engine

from officedesk.errors import DomainError

if TYPE_CHECKING:
    from officedesk.services.env import ServiceEnv

# The newest migration in officedesk/migrations/versions. Comparing against this constant lets a
# command check the schema with one SELECT instead of importing Alembic (≈0.3 s) every time;
# tests/test_db.py::test_schema_head_constant_matches_alembic proves it matches Alembic's head.
SCHEMA_HEAD = "0009_integrity"

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


class OfficeSession(Session):
    """A Session that knows who acts and what day it is; the change journal hangs off it."""

    env: "ServiceEnv"


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


# ---- URLs ---------------------------------------------------------------------------------------


def mask_url(raw: str) -> str:
    """A URL fit for an error message: the password hidden, even when the URL cannot be parsed."""
    try:
        return make_url(raw).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"(//[^/@:]*:)[^@/]*@", r"\1***@", raw)[:200]


def parse_database_url(url: str) -> URL:
    """The URL, or a usage error in one line if it names nothing officedesk can open."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreUrlError(
            "store.bad_url", url=mask_url(url), reason=Phrase("store.url_unparsable")
        ) from None
    backend = parsed.get_backend_name()
    if backend not in BACKENDS:
        raise StoreUrlError(
            "store.bad_url",
            url=mask_url(url),
            reason=Phrase("store.url_backend", backend=backend or "-"),
        )
    return parsed


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and :memory:."""
    return _sqlite_path(parse_database_url(url))


def _sqlite_path(parsed: URL) -> Path | None:
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database)


# ---- engines ------------------------------------------------------------------------------------


def _is_busy(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in SQLITE_BUSY_CODES
    message = str(exc)
    return "locked" in message or "busy" in message


def _set_busy_timeout(dbapi_conn: Any, seconds: float) -> None:
    dbapi_conn.execute(f"PRAGMA busy_timeout={max(0, int(seconds * 1000))}")


def _begin_immediate(dbapi_conn: Any, lock: LockPolicy, busy_timeout: float) -> None:
    """BEGIN IMMEDIATE, retried until lock.wait seconds have passed.

    SQLite's busy handler alone is not enough: it is skipped where waiting could deadlock and
    then BUSY comes back at once, and its timeout is the whole wait. So each attempt lets it
    wait one slice (half a second first, so the wait can be announced on time; then a second),
    and between attempts the clock decides: back off briefly when SQLite did not wait, give up
    with a StoreBusy naming the holder when the deadline has passed."""
    start = time.monotonic()
    deadline = start + lock.wait
    slice_ = min(WAIT_NOTICE_AFTER, lock.wait)
    backoff = 0.01
    announced = False
    try:
        while True:
            _set_busy_timeout(dbapi_conn, slice_)
            attempt = time.monotonic()
            try:
                dbapi_conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
            now = time.monotonic()
            if now >= deadline:
                from officedesk.db_locks import sqlite_lock_holders

                path = lock.path
                raise StoreBusy(
                    "store.busy",
                    database=str(path) if path else "-",
                    waited=f"{now - start:.1f}",
                    holder=sqlite_lock_holders(path) if path else Phrase("store.holder_unknown"),
                )
            if not announced and now - start >= WAIT_NOTICE_AFTER:
                announced = True
                lock.announce(True)
            if now - attempt < slice_ / 2:  # the busy handler was skipped: do not spin
                time.sleep(min(backoff, deadline - now))
                backoff = min(backoff * 2, 0.25)
            slice_ = min(BUSY_SLICE, max(deadline - time.monotonic(), 0.001))
    finally:
        with suppress(sqlite3.Error):
            _set_busy_timeout(dbapi_conn, busy_timeout)
        if announced:
            lock.announce(False)


def make_engine(url: str, *, foreign_keys: bool = True, lock: LockPolicy | None = None) -> Engine:
    """An engine whose SQLite connections run WAL/FULL and whose write transactions are IMMEDIATE.

    Python's sqlite3 module would issue its own deferred BEGIN; a deferred transaction that
    reads and then writes fails at once under a concurrent writer (SQLITE_BUSY_SNAPSHOT), so we
    take over transaction control and begin writes with BEGIN IMMEDIATE, waiting for the lock
    as `lock` says. On PostgreSQL the same wait is the server's lock_timeout.
    """
    parsed = parse_database_url(url)
    lock = lock or LockPolicy(path=_sqlite_path(parsed))
    try:
        if parsed.get_backend_name() != "sqlite":
            return _pg_engine(url, parsed, lock)
        busy_timeout = min(BUSY_TIMEOUT_MS / 1000, lock.wait)
        engine = create_engine(url, connect_args={"timeout": busy_timeout})
    except (ArgumentError, ImportError) as exc:
        raise StoreUrlError(
            "store.bad_url",
            url=mask_url(url),
            reason=Phrase("store.url_no_driver", driver=parsed.drivername, detail=str(exc)),
        ) from None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        _set_busy_timeout(cursor, busy_timeout)
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(READ_ONLY, False):
            conn.exec_driver_sql("BEGIN")
        else:
            _begin_immediate(conn.connection.driver_connection, lock, busy_timeout)

    return engine


def _pg_engine(url: str, parsed: URL, lock: LockPolicy) -> Engine:
    """PostgreSQL: a lock wait ends at lock_timeout (the same lock_wait), sessions are named for
    pg_stat_activity, and an unreachable server is given up on in seconds, not minutes. A value
    the URL sets itself wins, except that lock_timeout is added to its `options`."""
    query = dict(parsed.query)
    args: dict[str, Any] = {}
    if "connect_timeout" not in query:
        args["connect_timeout"] = PG_CONNECT_TIMEOUT
    if "application_name" not in query:
        from officedesk.db_locks import application_name

        args["application_name"] = application_name()
    # lock_timeout=0 would mean "wait for ever" to PostgreSQL: 1 ms is its "do not wait".
    options = f"-c lock_timeout={max(1, int(lock.wait * 1000))}"
    given = query.get("options")
    if given:
        options = f"{given if isinstance(given, str) else ' '.join(given)} {options}"
    args["options"] = options
    return create_engine(url, pool_pre_ping=True, connect_args=args)


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
            if state.version == SCHEMA_HEAD:
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
        if self.inspect_schema().version != SCHEMA_HEAD:
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
