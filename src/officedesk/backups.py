"""`officedesk backup` and `officedesk restore`: a consistent copy of the database while others
write, and putting one back in a way that proves itself.

SQLite: the copy is `VACUUM INTO` a temporary file beside the target (one read transaction: a
snapshot, whatever the workbench writes meanwhile), checked with `PRAGMA integrity_check`, then
renamed into place (outfiles.atomic_path: never a half file under the final name). A restore
works on a copy of the backup, never on the backup itself: the copy is checked, upgraded through
the migrations when it is older, its records counted and its seal log verified; only then is the
database replaced, through SQLite's online backup (pages written under SQLite's own locks, so
the workbench, if open, sees the restored data rather than keeping a deleted file), after the
replaced one was kept as a backup beside it.

PostgreSQL: pg_dump's custom format, checked by listing it with pg_restore; restoring one is
not done by this command yet (see the message it gives).
"""

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from officedesk.db_types import Phrase, StoreError
from officedesk.errors import Conflict, InvalidInput
from officedesk.outfiles import atomic_path, check_target, database_files

if TYPE_CHECKING:
    from officedesk.context import AppContext
    from officedesk.db import Store

BACKUP_PREFIX = "officedesk-"
BACKUP_SUFFIXES = {"sqlite": ".db", "postgresql": ".pgdump"}
_STAMPED = re.compile(r"^officedesk-(\d{8}T\d{6}Z)(?:-(\d+))?\.(?:db|pgdump)$")


@dataclass
class BackupResult:
    path: Path
    size: int
    backend: str
    removed: list[Path] = field(default_factory=list)


@dataclass
class RestoreResult:
    source: Path
    schema_from: str
    schema_to: str
    counts: dict[str, int]
    kept: Path | None
    chain_entries: int
    chain_head_seq: int | None
    anchor_moved: bool
    taken_back: list[Any] = field(default_factory=list)  # number_voids.TakenBack


# ---- backup -----------------------------------------------------------------------------------


def backup(
    store: "Store", out: str | Path, *, force: bool = False, keep: int | None = None
) -> BackupResult:
    """Copy the database to `out`: a file, or a directory where the copy gets a dated name (and
    where `keep` removes all but the newest `keep` dated copies, this one included)."""
    backend = "sqlite" if store.is_sqlite else "postgresql"
    given = Path(out).expanduser()
    into_dir = given.is_dir()
    if keep is not None and (keep < 1 or not into_dir):
        raise InvalidInput("backup.keep_needs_dir" if keep >= 1 else "backup.keep_positive")
    target = _dated(given, BACKUP_SUFFIXES[backend]) if into_dir else given
    protected = database_files(store.path)
    check_target(target, force=force, protected=protected)
    with atomic_path(target, force=force, protected=protected) as tmp:
        if store.path is not None:
            _vacuum_into(store.path, tmp, store.lock_wait)
            problem = integrity(tmp)
            if problem:
                raise StoreError("backup.damaged", path=str(target), reason=problem)
        else:
            _pg_dump(store.url, tmp)
    removed = rotate(given, keep, BACKUP_SUFFIXES[backend]) if into_dir and keep else []
    return BackupResult(target, target.stat().st_size, backend, removed)


def _dated(directory: Path, suffix: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = directory / f"{BACKUP_PREFIX}{stamp}{suffix}"
    n = 1
    while target.exists():  # two backups in one second
        target = directory / f"{BACKUP_PREFIX}{stamp}-{n}{suffix}"
        n += 1
    return target


def rotate(directory: Path, keep: int | None, suffix: str) -> list[Path]:
    """Remove the dated copies beyond the newest `keep` (by the date in their names); other
    files in the directory are never touched."""
    if not keep:
        return []
    dated = sorted(
        (p for p in directory.iterdir() if _STAMPED.match(p.name) and p.name.endswith(suffix)),
        key=_taken,
        reverse=True,
    )
    removed = []
    for old in dated[keep:]:
        with contextlib.suppress(FileNotFoundError):
            old.unlink()
            removed.append(old)
    return removed


def _taken(path: Path) -> tuple[str, int]:
    """When a dated copy was taken: its stamp, then its number within that second."""
    found = _STAMPED.match(path.name)
    assert found is not None
    return found.group(1), int(found.group(2) or 0)


def _vacuum_into(path: Path, tmp: Path, wait: float) -> None:
    conn = sqlite3.connect(path, timeout=wait, isolation_level=None)
    try:
        conn.execute("VACUUM INTO ?", (str(tmp),))
    except sqlite3.Error as exc:
        raise StoreError("backup.failed", path=str(path), reason=str(exc)) from exc
    finally:
        conn.close()


def integrity(path: Path) -> str:
    """'' when SQLite finds the file whole, else its first complaint."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)
    return "" if result == "ok" else str(result)


def _libpq_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_dump(url: str, tmp: Path) -> None:
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        raise StoreError("backup.pg_tools_missing")
    done = subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={tmp}", _libpq_url(url)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise StoreError("backup.failed", path=url_for_humans(url), reason=_first(done.stderr))
    listed = subprocess.run(["pg_restore", "--list", str(tmp)], capture_output=True, text=True)
    if listed.returncode != 0:
        raise StoreError("backup.damaged", path=str(tmp), reason=_first(listed.stderr))


def url_for_humans(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _first(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "").strip()


# ---- restore ----------------------------------------------------------------------------------


def restore(ctx: "AppContext", source: str | Path, *, force: bool = False) -> RestoreResult:
    """Replace the database with the backup `source`, after proving the backup whole."""
    store = ctx.store
    if store.path is None:
        raise InvalidInput("restore.pg_not_yet")
    src = Path(source).expanduser()
    if not src.is_file():
        raise InvalidInput("restore.no_file", path=str(source))
    if src.resolve() in {p.resolve() for p in database_files(store.path) if p.exists()}:
        raise InvalidInput("restore.same_file", path=str(source))
    from officedesk.db_files import diagnose_sqlite_file

    problem = diagnose_sqlite_file(src)
    if problem is not None or src.stat().st_size == 0:
        raise InvalidInput("restore.not_a_backup", path=str(source))
    with _work_copy(src, store.path) as work:
        schema_from, counts, chain = _prove(ctx, work, src)
        target_counts = _held(ctx)
        if any(target_counts.values()) and not force:
            raise Conflict(
                "restore.target_has_data",
                path=str(store.path),
                n=sum(target_counts.values()),
            )
        kept = _keep_replaced(store.path) if store.schema_version() is not None else None
        counters, given = _numbers_of(kept) if kept is not None else ({}, [])
        _replace(work, store.path, store.lock_wait)
    taken = _keep_numbers(ctx, counters, given)
    moved = _reset_anchor(ctx, chain)
    from officedesk.db import SCHEMA_HEAD

    return RestoreResult(
        source=src,
        schema_from=schema_from,
        schema_to=SCHEMA_HEAD,
        counts=counts,
        kept=kept,
        chain_entries=chain.entries,
        chain_head_seq=chain.head_seq,
        anchor_moved=moved,
        taken_back=taken,
    )


@contextlib.contextmanager
def _work_copy(src: Path, target: Path) -> Iterator[Path]:
    """A private copy of the backup beside the target (the same filesystem, and the backup
    itself is never written, not even by an upgrade); removed afterwards, with what SQLite
    and the migrations leave beside it."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=".officedesk-restore-", suffix=".db")
    os.close(fd)
    work = Path(name)
    try:
        try:
            source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
            copy = sqlite3.connect(work)
            try:
                source.backup(copy)
            finally:
                copy.close()
                source.close()
        except sqlite3.Error as exc:
            raise InvalidInput("restore.not_a_backup", path=str(src)) from exc
        yield work
    finally:
        for leftover in work.parent.glob(work.name + "*"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _prove(ctx: "AppContext", work: Path, src: Path) -> tuple[str, dict[str, int], Any]:
    """Check the copy, bring it to this version's schema, count it and verify its seal log;
    a backup that fails any of these is refused before the database is touched."""
    from officedesk.context import build_context
    from officedesk.db_files import peek_sqlite_schema
    from officedesk.services.counts import record_counts
    from officedesk.services.seal.verify import CHAIN_MESSAGES, chain_params, verify_chain

    problem = integrity(work)
    if problem:
        raise InvalidInput("restore.damaged", path=str(src), reason=problem)
    state = peek_sqlite_schema(work, ctx.store.lock_wait)
    if state.version is None:
        raise InvalidInput("restore.not_a_backup", path=str(src))
    proving = build_context(db=str(work), lang=ctx.lang, settings=ctx.settings)
    try:
        proving.store.ensure_schema()  # refuses a newer version; upgrades an older one
        with proving.read() as session:
            counts = record_counts(session)
            chain = verify_chain(session, update_anchor=False)
    finally:
        proving.close()
    if not chain.ok:
        reason = Phrase(CHAIN_MESSAGES[chain.reason or "content"], **chain_params(chain))
        raise Conflict("restore.chain_broken", path=str(src), reason=reason)
    return state.version, counts, chain


def _held(ctx: "AppContext") -> dict[str, int]:
    if ctx.store.schema_version() is None:
        return {}
    from officedesk.services.counts import record_counts

    ctx.store.ensure_schema()
    with ctx.read() as session:
        return record_counts(session)


def _keep_replaced(path: Path) -> Path:
    from officedesk.migrate import backup_sqlite

    return backup_sqlite(path, "restore")


def _numbers_of(path: Path) -> tuple[dict[tuple[str, int], int], list[Any]]:
    """The counters of the replaced database, and every number its registers that void held or
    had voided: what keep_given_numbers needs to give none of them again."""
    from officedesk.services.integrity_numbers import numbered_tables
    from officedesk.services.number_voids import GivenNumber

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        counters = {
            (series, year): value
            for series, year, value in conn.execute("SELECT series, year, value FROM counter")
        }
        given = []
        for cls, numbered in numbered_tables():
            if numbered.on_undo != "void":
                continue
            table = cls.__tablename__  # type: ignore[attr-defined]
            rows = conn.execute(
                f'SELECT "{numbered.code}", "{numbered.year}", "{numbered.seq}", id'
                f' FROM "{table}" WHERE "{numbered.seq}" IS NOT NULL'
            )
            given += [
                GivenNumber(numbered.series, year, seq, code, table, str(row_id))
                for code, year, seq, row_id in rows
            ]
        voided = conn.execute(
            "SELECT series, year, seq, code, entity, entity_id, cause, reason FROM number_void"
        )
        given += [GivenNumber(*row) for row in voided]
    finally:
        conn.close()
    return counters, given


def _keep_numbers(
    ctx: "AppContext", counters: dict[tuple[str, int], int], given: list[Any]
) -> list[Any]:
    from officedesk.services.integrity_numbers import numbered_tables
    from officedesk.services.number_voids import keep_given_numbers
    from officedesk.services.seal.chain import CHAIN_SERIES

    if not counters:
        return []
    voiding = {n.series for _cls, n in numbered_tables() if n.on_undo == "void"}
    with ctx.write("restore") as session:
        return keep_given_numbers(session, counters, given, voiding=voiding, skip={CHAIN_SERIES})


def _replace(work: Path, target: Path, wait: float) -> None:
    """Write the proven copy over the database through SQLite's online backup: under SQLite's
    write lock (a writer in another process waits, then sees the restored data)."""
    source = sqlite3.connect(f"file:{work}?mode=ro", uri=True)
    destination = sqlite3.connect(target, timeout=wait)
    try:
        source.backup(destination)
    except sqlite3.Error as exc:
        raise StoreError("restore.failed", path=str(target), reason=str(exc)) from exc
    finally:
        destination.close()
        source.close()


def _reset_anchor(ctx: "AppContext", chain: Any) -> bool:
    """This machine's seal anchor follows the restore: it remembered the replaced log's head,
    which the restored log may not hold, and the next verify would call that a break. A
    restore is the one deliberate step back, and the result says so."""
    from officedesk.services.seal.anchor import Anchor, read_anchor, reset_anchor

    before = read_anchor(ctx.store.url).anchor
    after = (
        Anchor(chain.head_seq, chain.head, chain.first_mac_seq)
        if chain.head_seq is not None
        else None
    )
    if before == after:
        return False
    reset_anchor(ctx.store.url, after)
    return before is not None
