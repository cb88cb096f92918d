"""What is wrong with a SQLite file, from outside SQLite: header, schema, backups, its mode."""

import os
import sqlite3
import stat
import sys
from pathlib import Path
from typing import Any

from officedesk.db import Phrase, SchemaState, StoreError

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
        from officedesk.db_errors import _explain_sqlite_at, _first_line

        raise _explain_sqlite_at(exc, path, str(path)) or StoreError(
            "db.cannot_open", path=str(path), reason=_first_line(exc)
        ) from exc
