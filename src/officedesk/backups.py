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

PostgreSQL: pg_dump's custom format, checked by listing it with pg_restore; a restore proves the
dump in a scratch database on the same server, then replaces the target's schema in one psql
transaction (see _restore_pg).
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
    src = Path(source).expanduser()
    if not src.is_file():
        raise InvalidInput("restore.no_file", path=str(source))
    if store.path is None:
        return _restore_pg(ctx, src, force=force)
    if src.resolve() in {p.resolve() for p in database_files(store.path) if p.exists()}:
        raise InvalidInput("restore.same_file", path=str(source))
    from officedesk.db_files import diagnose_sqlite_file

    if diagnose_sqlite_file(src) is not None or src.stat().st_size == 0:
        raise InvalidInput("restore.not_a_backup", path=str(source))
    with _work_copy(src, store.path) as work:
        damage = integrity(work)
        if damage:
            raise InvalidInput("restore.damaged", path=str(src), reason=damage)
        schema_from, counts, chain = _prove(ctx, sqlite_url_of(work), src)
        _refuse_data(ctx, force)
        kept = _keep_replaced(store.path) if store.schema_version() is not None else None
        counters, given = _numbers_of(sqlite_url_of(kept)) if kept is not None else ({}, [])
        _replace(work, store.path, store.lock_wait)
    return _finish(ctx, src, schema_from, counts, chain, kept, counters, given)


def _finish(
    ctx: "AppContext",
    src: Path,
    schema_from: str,
    counts: dict[str, int],
    chain: Any,
    kept: Path | None,
    counters: dict[tuple[str, int], int],
    given: list[Any],
) -> RestoreResult:
    """After the database was replaced: the numbers it had given stay given, the seal anchor
    follows, and the result says what was done."""
    from officedesk.db import SCHEMA_HEAD

    taken = _keep_numbers(ctx, counters, given)
    moved = _reset_anchor(ctx, chain)
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


def sqlite_url_of(path: Path) -> str:
    from officedesk.location import sqlite_url

    return sqlite_url(path)


def _refuse_data(ctx: "AppContext", force: bool) -> None:
    held = _held(ctx)
    if any(held.values()) and not force:
        raise Conflict(
            "restore.target_has_data", path=ctx.store.url_for_humans(), n=sum(held.values())
        )


# ---- PostgreSQL -------------------------------------------------------------------------------
#
# A dump is proven in a scratch database on the same server (restored there, upgraded, counted,
# its seal log verified), and only then put in place: the proven database is dumped as SQL and
# played into the target in one psql transaction that first empties the target's schema, so a
# failure leaves the target as it was. The replaced database is kept as a dump in the data
# directory. Needs pg_dump, pg_restore, psql, and the right to create a database.


def _restore_pg(ctx: "AppContext", src: Path, *, force: bool) -> RestoreResult:
    for tool in ("pg_dump", "pg_restore", "psql"):
        if shutil.which(tool) is None:
            raise StoreError("backup.pg_tools_missing")
    listed = subprocess.run(["pg_restore", "--list", str(src)], capture_output=True, text=True)
    if listed.returncode != 0:
        raise InvalidInput("restore.not_a_backup", path=str(src))
    with _scratch_database(ctx.store.url) as scratch:
        _run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", _libpq_url(scratch), str(src)],
            "restore.damaged",
            src,
        )
        schema_from, counts, chain = _prove(ctx, scratch, src)
        _refuse_data(ctx, force)
        kept = _keep_replaced_pg(ctx) if ctx.store.schema_version() is not None else None
        counters, given = _numbers_of(ctx.store.url) if kept is not None else ({}, [])
        with tempfile.TemporaryDirectory(prefix="officedesk-restore-") as work:
            script = Path(work) / "replace-schema.sql"
            script.write_text("DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n")
            dumped = Path(work) / "proven.sql"
            _run(
                [
                    "pg_dump",
                    "--format=plain",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={dumped}",
                    _libpq_url(scratch),
                ],
                "restore.failed",
                src,
            )
            with script.open("a", encoding="utf-8") as out, dumped.open(encoding="utf-8") as dump:
                shutil.copyfileobj(dump, out)
            _run(
                [
                    "psql",
                    "--quiet",
                    "--no-psqlrc",
                    "--single-transaction",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "--file",
                    str(script),
                    _libpq_url(ctx.store.url),
                ],
                "restore.failed",
                src,
            )
    ctx.store.engine.dispose()  # connections made before the schema was replaced
    return _finish(ctx, src, schema_from, counts, chain, kept, counters, given)


def _run(argv: list[str], key: str, src: Path) -> None:
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode != 0:
        raise StoreError(key, path=str(src), reason=_first(done.stderr))


@contextlib.contextmanager
def _scratch_database(url: str) -> Iterator[str]:
    """An empty database beside the target on the same server, dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"officedesk_restore_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        raise StoreError("restore.pg_scratch", reason=_first(str(exc))) from exc
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _keep_replaced_pg(ctx: "AppContext") -> Path:
    from officedesk.config import data_dir

    directory = data_dir() / "backups"
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = _dated(directory, BACKUP_SUFFIXES["postgresql"])
    with atomic_path(target, force=False, protected=()) as tmp:
        _pg_dump(ctx.store.url, tmp)
    return target


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


def _prove(ctx: "AppContext", url: str, src: Path) -> tuple[str, dict[str, int], Any]:
    """Check the copy, bring it to this version's schema, count it and verify its seal log;
    a backup that fails any of these is refused before the database is touched."""
    import dataclasses

    from officedesk.services.counts import record_counts
    from officedesk.services.seal.verify import CHAIN_MESSAGES, chain_params, verify_chain

    proving = dataclasses.replace(ctx, url=url, private_dir=False, _store=None)
    try:
        version = proving.store.schema_version()
        if version is None:
            raise InvalidInput("restore.not_a_backup", path=str(src))
        proving.store.ensure_schema()  # refuses a newer version; upgrades an older one
        with proving.read() as session:
            counts = record_counts(session)
            chain = verify_chain(session, update_anchor=False)
    finally:
        proving.close()
    if not chain.ok:
        reason = Phrase(CHAIN_MESSAGES[chain.reason or "content"], **chain_params(chain))
        raise Conflict("restore.chain_broken", path=str(src), reason=reason)
    return version, counts, chain


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


def _numbers_of(url: str) -> tuple[dict[tuple[str, int], int], list[Any]]:
    """The counters of the database about to be replaced (or its kept copy), and every number
    its registers that void held or had voided: what keep_given_numbers needs to give none of
    them again."""
    from sqlalchemy import create_engine, text

    from officedesk.services.integrity_numbers import numbered_tables
    from officedesk.services.number_voids import GivenNumber

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            counters = {
                (series, year): value
                for series, year, value in conn.execute(
                    text("SELECT series, year, value FROM counter")
                )
            }
            given = []
            for cls, numbered in numbered_tables():
                if numbered.on_undo != "void":
                    continue
                table = cls.__tablename__  # type: ignore[attr-defined]
                rows = conn.execute(
                    text(
                        f'SELECT "{numbered.code}", "{numbered.year}", "{numbered.seq}", id'
                        f' FROM "{table}" WHERE "{numbered.seq}" IS NOT NULL'
                    )
                )
                given += [
                    GivenNumber(numbered.series, year, seq, code, table, str(row_id))
                    for code, year, seq, row_id in rows
                ]
            voided = conn.execute(
                text(
                    "SELECT series, year, seq, code, entity, entity_id, cause, reason"
                    " FROM number_void"
                )
            )
            given += [GivenNumber(*row) for row in voided]
    finally:
        engine.dispose()
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
