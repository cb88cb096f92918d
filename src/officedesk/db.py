"""Engine, pragmas, sessions and schema upgrades: the only place that opens a database.

Opening is also where things go wrong in ways a user can act on, so each failure becomes one
sentence naming the file or server and the problem: a file that is not SQLite or is damaged (with
the newest pre-upgrade backup beside it), another program's database, a schema newer than ours,
a URL nothing can load, a PostgreSQL server that is down or refuses us, a lock held too long (and
by whom). Writers wait for a lock up to `lock_wait` seconds instead of failing after SQLite's busy
timeout, and tell the workbench while they wait.
"""

import os
import re
import sqlite3
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError
from sqlmodel import Session, create_engine

from officedesk.errors import DomainError
from officedesk.location import (  # noqa: F401 - part of the store's API
    default_db_path,
    demo_db_path,
    resolve_location,
    sqlite_url,
)

if TYPE_CHECKING:
    from officedesk.services.env import ServiceEnv

# The newest migration in officedesk/migrations/versions. Comparing against this constant lets a
# command check the schema with one SELECT instead of importing Alembic (≈0.3 s) every time;
# tests/test_migrations.py proves it matches Alembic's head.
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
SQLITE_MAGIC = b"SQLite format 3\x00"
# What a non-SQLite file at the database path most often turns out to be.
FILE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"\x1f\x8b", "gzip"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x37\x7f\x06\x82", "SQLite WAL"),
    (b"\x37\x7f\x06\x83", "SQLite WAL"),
)
# Byte offsets SQLite locks to claim the right to write (src/os_unix.c, src/wal.c): the WAL
# write lock in the -shm file, RESERVED and PENDING in the database file (rollback mode).
WAL_WRITE_LOCK_OFFSET = 120
RESERVED_BYTE = 0x40000001
PENDING_BYTE = 0x40000000
BACKENDS = ("sqlite", "postgresql")
PG_CONNECT_TIMEOUT = 10  # seconds; libpq would wait for TCP's own timeout (minutes) otherwise
SQLITE_BUSY_CODES = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED (primary codes)
SQLITE_DAMAGED_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
SQLITE_CANNOT_OPEN_CODES = (3, 8, 10, 13, 14)  # PERM, READONLY, IOERR, FULL, CANTOPEN
PG_CONFLICT_STATES = ("40001", "40P01")  # serialization failure, deadlock detected
PG_LOCK_TIMEOUT_STATE = "55P03"


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


def _pg_server(parsed: URL) -> str:
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}"


# ---- the SQLite file ----------------------------------------------------------------------------

_SAID: set[str] = set()  # notices already given by this process, so each is said once


def _say_once(message: str, notices: list[str]) -> None:
    """One line on stderr (the CLI), kept in `notices` for the workbench, which owns the
    terminal and shows them as toasts instead."""
    notices.append(message)
    if message in _SAID:
        return
    _SAID.add(message)
    from officedesk.text import display_safe

    try:
        sys.stderr.write(f"officedesk: {display_safe(message)}\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed stderr must not stop the database from opening
        pass


def make_private(path: Path, notices: list[str]) -> None:
    """The database and its -wal/-shm readable by their owner only: chmod 0600 what is ours and
    says so; warn once about what belongs to someone else (never touched)."""
    from officedesk.i18n import t

    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            info = candidate.stat()
        except OSError:
            continue
        mode = stat.S_IMODE(info.st_mode)
        if not stat.S_ISREG(info.st_mode) or not mode & 0o077:
            continue
        if info.st_uid != os.geteuid():
            _say_once(t("store.not_private", path=str(candidate), mode=f"{mode:04o}"), notices)
            continue
        try:
            os.chmod(candidate, 0o600)
        except OSError as exc:
            _say_once(
                t("store.cannot_make_private", path=str(candidate), reason=exc.strerror), notices
            )
            continue
        _say_once(t("store.made_private", path=str(candidate), mode=f"{mode:04o}"), notices)


def prepare_sqlite_file(path: Path, *, private_dir: bool) -> None:
    """Create the file 0600 before SQLite does, so -wal and -shm inherit the mode."""
    parent = path.parent
    if not parent.exists():
        if not private_dir:
            raise StoreError("db.no_directory", path=str(parent))
        parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    if private_dir:
        os.chmod(parent, 0o700)
    if not path.exists():
        try:
            os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
        except OSError as exc:
            raise StoreError("db.cannot_open", path=str(path), reason=exc.strerror) from exc


def newest_backup(path: Path) -> Path | None:
    """The newest `<db>.schema-<version>-<stamp>.bak` beside the database (migrate.py writes one
    before every upgrade), or None."""
    prefix = f"{path.name}.schema-"
    try:
        found = [
            p
            for p in path.parent.iterdir()
            if p.name.startswith(prefix) and p.name.endswith(".bak") and p.is_file()
        ]
    except OSError:
        return None
    return max(found, key=lambda p: (p.stat().st_mtime, p.name), default=None)


def backup_hint(path: Path) -> Phrase:
    backup = newest_backup(path)
    if backup is None:
        return Phrase("store.no_backup")
    return Phrase("store.backup_hint", backup=str(backup))


def _damaged(path: Path, reason: Any) -> StoreError:
    return StoreError("store.damaged", path=str(path), reason=reason, backup=backup_hint(path))


def _content_of(head: bytes) -> Phrase:
    """What a file that is not SQLite seems to hold, from its first bytes."""
    for magic, name in FILE_SIGNATURES:
        if head.startswith(magic):
            return Phrase("store.content_format", format=name)
    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The first 100 bytes may end inside a character: text if only the tail failed.
        sample = head[: exc.start].decode("utf-8") if exc.start >= len(head) - 3 else ""
    if sample and all(ch.isprintable() or ch in "\r\n\t" for ch in sample):
        return Phrase("store.content_text")
    return Phrase("store.content_unknown")


def diagnose_sqlite_file(path: Path) -> StoreError | None:
    """Why the file cannot be a healthy officedesk database, from its header alone, or None.

    Reads 100 bytes: cheap enough for every open. An empty file is a new database (that is how
    we create one). The size check is made only while no -wal or -journal file exists beside
    it: with one, the header may legitimately run ahead of the file during a checkpoint."""
    try:
        info = path.stat()
    except OSError as exc:
        return StoreError("db.cannot_open", path=str(path), reason=exc.strerror)
    if not stat.S_ISREG(info.st_mode):
        return StoreError("store.not_a_file", path=str(path))
    if info.st_size == 0:
        return None
    try:
        with open(path, "rb") as handle:
            head = handle.read(100)
    except OSError as exc:
        return StoreError("db.cannot_open", path=str(path), reason=exc.strerror)
    if not head.startswith(SQLITE_MAGIC):
        return StoreError(
            "store.not_sqlite", path=str(path), content=_content_of(head), backup=backup_hint(path)
        )
    if len(head) < 100:
        return _damaged(path, Phrase("store.truncated", size=info.st_size, expected=100))
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return _damaged(path, Phrase("store.bad_header"))
    pages = int.from_bytes(head[28:32], "big")
    sidecars = any(Path(f"{path}-{s}").exists() for s in ("wal", "journal"))
    if pages and head[24:28] == head[92:96] and not sidecars:
        expected = pages * page_size
        if info.st_size < expected:
            return _damaged(path, Phrase("store.truncated", size=info.st_size, expected=expected))
    return None


def peek_sqlite_schema(path: Path, timeout: float) -> SchemaState:
    """The schema state read with a plain connection: no pragmas, so a file that turns out to
    be another program's database is not switched to WAL (a lasting change) before we refuse
    it. One read transaction, so the table list and the version agree."""
    try:
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        try:
            conn.execute("PRAGMA query_only=ON")
            conn.execute("BEGIN")
            names = {
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                )
            }
            if "alembic_version" not in names:
                return SchemaState(None, tuple(sorted(names)))
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            version = row[0] if row else None
            return SchemaState(
                version, () if version else tuple(sorted(names - {"alembic_version"}))
            )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise _explain_sqlite_at(exc, path, str(path)) or StoreError(
            "db.cannot_open", path=str(path), reason=_first_line(exc)
        ) from exc


# ---- who holds the lock -------------------------------------------------------------------------


def _command_line(pid: int) -> str:
    """A process's command line as a user would recognise it: `officedesk batch --atomic`, not
    `/usr/bin/python3 /home/…/.venv/bin/officedesk batch --atomic`."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    argv = [a for a in raw.decode("utf-8", "replace").split("\0") if a]
    if not argv:
        return "?"
    words = argv
    if os.path.basename(argv[0]).startswith("python"):
        index = 1
        while index < len(argv) and argv[index].startswith("-") and argv[index] not in ("-m", "-c"):
            index += 1
        rest = argv[index:]
        if rest[:1] == ["-m"] and len(rest) > 1:
            words = [rest[1].split(".")[0], *rest[2:]]
        elif rest[:1] == ["-c"]:
            words = [os.path.basename(argv[0]), "-c", "…"]
        elif rest:
            words = [os.path.basename(rest[0]), *rest[1:]]
    else:
        words = [os.path.basename(argv[0]), *argv[1:]]
    # A path says which file, its directories only make the line long.
    line = " ".join(os.path.basename(w) if "/" in w and not w.startswith("-") else w for w in words)
    return line if len(line) <= 100 else line[:99] + "…"


def _file_id(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return os.major(info.st_dev), os.minor(info.st_dev), info.st_ino


def _lock_owners(path: Path) -> list[int]:
    """Pids holding SQLite's write lock on the database, from /proc/locks (Linux): the WAL write
    lock in -shm, or RESERVED/PENDING on the file itself in rollback-journal mode."""
    wanted: dict[tuple[int, int, int], tuple[int, ...]] = {}
    for file, offsets in (
        (Path(f"{path}-shm"), (WAL_WRITE_LOCK_OFFSET,)),
        (path, (RESERVED_BYTE, PENDING_BYTE)),
    ):
        if (ident := _file_id(file)) is not None:
            wanted[ident] = offsets
    try:
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return []
    owners: list[int] = []
    for line in lines:
        fields = line.split()
        if "->" in fields or len(fields) < 8 or fields[3] != "WRITE":
            continue  # a waiter, not a holder; or a shared lock
        try:
            pid = int(fields[4])
            major, minor, inode = fields[5].split(":")
            ident = (int(major, 16), int(minor, 16), int(inode))
            start = int(fields[6])
            end = sys.maxsize if fields[7] == "EOF" else int(fields[7])
        except ValueError:
            continue
        offsets = wanted.get(ident, ())
        if pid > 0 and any(start <= o <= end for o in offsets) and pid not in owners:
            owners.append(pid)
    return owners


def _processes_with_open(path: Path) -> list[int]:
    """Other processes that have the database (or its -wal/-shm) open: when the lock itself
    cannot be attributed, one of them holds it."""
    names = {str(path.resolve()), f"{path.resolve()}-wal", f"{path.resolve()}-shm"}
    found = []
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return []
    for pid in pids:
        if pid == os.getpid():
            continue
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target in names:
                found.append(pid)
                break
    return sorted(found)


def sqlite_lock_holders(path: Path) -> Phrase:
    """Who holds the database's write lock, in words: "held by officedesk batch --atomic (pid
    1234)", or that it could not be found out."""
    owners = _lock_owners(path)
    candidates = owners or _processes_with_open(path)
    if not candidates:
        return Phrase("store.holder_unknown")
    items = []
    for pid in candidates[:3]:
        if pid == os.getpid():
            items.append(Phrase("store.holder_self", pid=pid))
        else:
            items.append(Phrase("store.holder_process", command=_command_line(pid), pid=pid))
    key = "store.held_by" if owners else "store.held_by_one_of"
    return Phrase(key, holders=_Joined(items))


class _Joined:
    """Phrases joined with the language's list separator, worded when shown."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def __format__(self, spec: str) -> str:
        from officedesk.i18n import t

        return format(t("store.holders.sep").join(str(i) for i in self.items), spec)


PG_HOLDERS_SQL = """
SELECT a.pid, coalesce(nullif(a.application_name, ''), a.usename, '?'), a.xact_start
FROM pg_stat_activity a
WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
  AND a.xact_start IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM pg_locks l
    WHERE l.pid = a.pid AND l.granted
      AND (l.locktype IN ('transactionid', 'tuple', 'advisory')
           OR (l.locktype = 'relation'
               AND l.mode IN ('ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock',
                              'AccessExclusiveLock'))))
ORDER BY a.xact_start
LIMIT 3
"""


def pg_lock_holders(engine: Engine) -> Phrase:
    """The sessions that hold write locks in our database, oldest transaction first. After a
    lock timeout our own wait is over, so the blocker cannot be asked for directly
    (pg_blocking_pids); the oldest writer still in a transaction is the likely one."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(PG_HOLDERS_SQL)).all()
    except DBAPIError:
        return Phrase("store.holder_unknown")
    if not rows:
        return Phrase("store.holder_unknown")
    items = [
        Phrase(
            "store.holder_pg",
            name=name,
            pid=pid,
            since=start.astimezone().strftime("%H:%M:%S") if start else "?",
        )
        for pid, name, start in rows
    ]
    return Phrase("store.held_by", holders=_Joined(items))


def application_name(argv: list[str] | None = None) -> str:
    """What our PostgreSQL sessions are called in pg_stat_activity, so that a blocked user is
    told "officedesk batch --atomic" holds the lock: the command's words only (ASCII, no
    titles or names typed as arguments), within PostgreSQL's 63 bytes."""
    args = list(sys.argv[1:] if argv is None else argv)
    words = ["officedesk"]
    while args and len(words) < 4:
        arg = args.pop(0)
        if arg in ("--lang", "--db"):  # the root options' values say nothing about the work
            args = args[1:]
            continue
        if not re.fullmatch(r"-{0,2}[a-z][a-z-]*", arg):
            break
        words.append(arg)
    return " ".join(words)[:63]


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
        args["application_name"] = application_name()
    # lock_timeout=0 would mean "wait for ever" to PostgreSQL: 1 ms is its "do not wait".
    options = f"-c lock_timeout={max(1, int(lock.wait * 1000))}"
    given = query.get("options")
    if given:
        options = f"{given if isinstance(given, str) else ' '.join(given)} {options}"
    args["options"] = options
    return create_engine(url, pool_pre_ping=True, connect_args=args)


# ---- failures in words --------------------------------------------------------------------------


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
        return explain_error(exc, self)

    def _opening_failed(self, exc: BaseException) -> StoreError:
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
