"""Who holds the write lock, so a writer that gives up can name the process or session."""

import os
import re
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from officedesk.db import Phrase

# Byte offsets SQLite locks to claim the right to write (src/os_unix.c, src/wal.c): the WAL
# write lock in the -shm file, RESERVED and PENDING in the database file (rollback mode).
WAL_WRITE_LOCK_OFFSET = 120
RESERVED_BYTE = 0x40000001
PENDING_BYTE = 0x40000000


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
