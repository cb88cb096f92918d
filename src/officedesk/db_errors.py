"""Database failures as one sentence a user can act on, instead of a driver's traceback."""

import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError

from officedesk.db import SQLITE_BUSY_CODES, Phrase, StoreBusy, StoreError, _is_busy
from officedesk.db_files import _damaged, diagnose_sqlite_file
from officedesk.db_locks import pg_lock_holders, sqlite_lock_holders
from officedesk.errors import DomainError

if TYPE_CHECKING:
    from officedesk.db import Store

SQLITE_DAMAGED_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
SQLITE_CANNOT_OPEN_CODES = (3, 8, 10, 13, 14)  # PERM, READONLY, IOERR, FULL, CANTOPEN
PG_CONFLICT_STATES = ("40001", "40P01")  # serialization failure, deadlock detected
PG_LOCK_TIMEOUT_STATE = "55P03"


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0].strip() if lines else type(exc).__name__


def explain_error(exc: BaseException, store: "Store | None" = None) -> StoreError | None:
    """A database failure as one sentence a user can act on, or None when it is not one of
    those (an IntegrityError is a data rule, worded by the caller; anything else is a bug)."""
    if isinstance(exc, DomainError | IntegrityError):
        return None
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    module = type(orig).__module__
    if module == "sqlite3" or isinstance(orig, sqlite3.Error):
        return _explain_sqlite(orig, store)
    if module.startswith("psycopg"):
        return _explain_pg(orig, store)
    return None


def _explain_sqlite(orig: BaseException, store: "Store | None") -> StoreError | None:
    path = store.path if store is not None else None
    where = str(path) if path else (store.url_for_humans() if store else "-")
    return _explain_sqlite_at(orig, path, where)


def _explain_sqlite_at(orig: BaseException, path: Path | None, where: str) -> StoreError | None:
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if code is not None else None
    if primary in SQLITE_BUSY_CODES or (primary is None and _is_busy(orig)):
        holder = sqlite_lock_holders(path) if path else Phrase("store.holder_unknown")
        return StoreBusy("store.locked", database=where, holder=holder)
    if primary in SQLITE_DAMAGED_CODES:
        if path is not None and (problem := diagnose_sqlite_file(path)) is not None:
            return problem
        if path is None:
            return StoreError("db.cannot_open", path=where, reason=_first_line(orig))
        return _damaged(path, _first_line(orig))
    if primary in SQLITE_CANNOT_OPEN_CODES:
        return StoreError("db.cannot_open", path=where, reason=_first_line(orig))
    return None


def _explain_pg(orig: BaseException, store: "Store | None") -> StoreError | None:
    state = getattr(orig, "sqlstate", None)
    parsed = make_url(store.url) if store is not None else None
    server = _pg_server(parsed) if parsed is not None else "-"
    if state == PG_LOCK_TIMEOUT_STATE:
        holder = pg_lock_holders(store.engine) if store else Phrase("store.holder_unknown")
        waited = f"{store.lock_wait:.1f}" if store else "-"
        where = store.url_for_humans() if store else "-"
        return StoreBusy("store.busy", database=where, waited=waited, holder=holder)
    if state in PG_CONFLICT_STATES:
        return StoreError("store.conflict", reason=_first_line(orig))
    if state is not None and (state.startswith("08") or state in ("57P01", "57P02", "57P03")):
        return StoreError("store.pg_lost", server=server, reason=_first_line(orig))
    if state == "3D000" or (state is None and type(orig).__name__ == "OperationalError"):
        return _explain_pg_connect(_first_line(orig), server, parsed)
    if state in ("28000", "28P01"):
        user = (parsed.username if parsed else None) or "-"
        return StoreError("store.pg_refused", server=server, user=user, reason=_first_line(orig))
    return None


def _explain_pg_connect(message: str, server: str, parsed: URL | None) -> StoreError:
    """libpq's connection failures carry no SQLSTATE: read its (English) message."""
    reason = message.rsplit(" failed: ", 1)[-1] if " failed: " in message else message
    reason = re.sub(r"^(FATAL|ERROR):\s+", "", reason).strip()
    missing = re.search(r'database "(.+)" does not exist', reason)
    if missing:
        return StoreError("store.pg_no_database", database=missing.group(1), server=server)
    refused = (
        "password authentication failed",
        "no password supplied",
        "pg_hba.conf",
        "does not exist",  # role "x" does not exist
        "permission denied",
    )
    if any(word in reason for word in refused):
        user = (parsed.username if parsed else None) or "-"
        return StoreError("store.pg_refused", server=server, user=user, reason=reason)
    return StoreError("store.pg_unreachable", server=server, reason=reason)


def _pg_server(parsed: URL) -> str:
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
