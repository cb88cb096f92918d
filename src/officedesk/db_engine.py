"""Database URLs and engines: which URL names what, and an engine whose writes take the lock the
way officedesk needs (BEGIN IMMEDIATE on SQLite, waiting up to the lock policy's `wait`;
lock_timeout on PostgreSQL).

Apart from db.Store, which owns the engine it builds here, this is the only code that talks to a
driver directly; db.py re-exports its names.
"""

import re
import sqlite3
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlmodel import create_engine

from officedesk.db_types import (
    BACKENDS,
    BUSY_SLICE,
    BUSY_TIMEOUT_MS,
    PG_CONNECT_TIMEOUT,
    READ_ONLY,
    SQLITE_BUSY_CODES,
    SQLITE_PRAGMAS,
    WAIT_NOTICE_AFTER,
    LockPolicy,
    Phrase,
    StoreBusy,
    StoreUrlError,
)

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
