"""Schema upgrades with Alembic: backup first, foreign keys off, counts and checks before commit."""

import functools
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from officedesk.errors import DomainError

if TYPE_CHECKING:
    from alembic.config import Config

    from officedesk.db import LockPolicy, SchemaState, Store

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*[\"']?(\w+)[\"']?\s*$", re.M)


@functools.cache
def schema_head() -> str:
    """The newest migration: the revision no other migration names as its down_revision.

    Read from the files' `revision = "…"` and `down_revision = "…"` lines, without Alembic
    (≈0.3 s to import); one head and one chain, or the migrations are broken."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("[0-9]*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        revisions.add(found["revision"])
        if found.get("down_revision", "None") != "None":
            parents.add(found["down_revision"])
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations: expected one head, found {sorted(heads)}")
    return heads.pop()


class MigrationError(DomainError):
    """An upgrade was refused or failed; the database is left as it was."""


# Schema objects a migration creates with raw SQL because they exist on one backend only: the
# FTS5 table behind search (and the shadow tables FTS5 makes for it) on SQLite, the tsvector
# column and its GIN index on PostgreSQL; and the partial index of documents whose sounds are
# not worked out yet (a model would have to import the PostgreSQL dialect to say "partial").
# No model describes them, so autogenerate must not offer to drop them.
BACKEND_ONLY_TABLES = ("search_fts",)
BACKEND_ONLY_COLUMNS = ("spaced_tsv",)
BACKEND_ONLY_INDEXES = ("ix_search_doc_fts", "ix_search_doc_unsounded")


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic's include_object hook: leave the backend-only search objects out of comparisons."""
    if type_ == "table" and name is not None:
        return not any(name == t or name.startswith(f"{t}_") for t in BACKEND_ONLY_TABLES)
    if type_ == "column":
        return name not in BACKEND_ONLY_COLUMNS
    if type_ == "index":
        return name not in BACKEND_ONLY_INDEXES
    return True


def alembic_config(
    url: str, script_location: Path | None = None, *, lock: "LockPolicy | None" = None
) -> "Config":
    """Alembic's configuration for our migrations. `lock` is the store's LockPolicy, so the
    migration waits for the write lock as long as the store's writers do (env.py)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location or MIGRATIONS_DIR))
    config.attributes["officedesk_url"] = url
    config.attributes["officedesk_lock"] = lock
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def backup_sqlite(path: Path, label: str) -> Path:
    """A consistent snapshot (VACUUM INTO) beside the database, 0600, integrity-checked."""
    import sqlite3

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}.bak")
    tmp = target.with_name(f".tmp-{target.name}")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    os.unlink(tmp)
    old_umask = os.umask(0o077)
    try:
        with sqlite3.connect(path, timeout=30) as conn:
            conn.execute("VACUUM INTO ?", (str(tmp),))
        conn.close()
        check = sqlite3.connect(tmp)
        try:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            check.close()
        if result != "ok":
            raise MigrationError("db.backup_failed", path=str(target), reason=result)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    finally:
        os.umask(old_umask)
        if tmp.exists():
            tmp.unlink()
    return target


def _known_revision(config: "Config", version: str) -> bool:
    """Whether our migrations know this revision: one they do not was written by a newer
    officedesk (or by another program that uses Alembic), and must not be "upgraded"."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        return ScriptDirectory.from_config(config).get_revision(version) is not None
    except CommandError:
        return False


def refuse_strangers(state: "SchemaState", store: "Store", config: "Config") -> None:
    """Refuse, before anything is written, another program's tables without our version table,
    and a version our migrations do not know."""
    where = store.url_for_humans()
    if state.version is None and state.tables:
        from officedesk.db_files import backup_hint

        shown = ", ".join(state.tables[:5]) + (", …" if len(state.tables) > 5 else "")
        hint = backup_hint(store.path) if store.path is not None else ""
        raise MigrationError("store.foreign", database=where, tables=shown, backup=hint)
    if state.version is not None and not _known_revision(config, state.version):
        from officedesk.db import SCHEMA_HEAD

        raise MigrationError(
            "store.unknown_schema", database=where, version=state.version, head=SCHEMA_HEAD
        )


def upgrade(
    store: "Store", revision: str = "head", *, script_location: Path | None = None
) -> Path | None:
    """Bring the schema to `revision`; returns the backup taken (SQLite with data), if any."""
    from alembic import command

    config = alembic_config(store.url, script_location, lock=store.lock)
    state = store.inspect_schema()
    refuse_strangers(state, store, config)
    version = state.version
    backup = None
    if store.path is not None and version is not None:
        backup = backup_sqlite(store.path, f"schema-{version}")
    try:
        command.upgrade(config, revision)
    except DomainError:
        raise
    except Exception as exc:
        explained = store.explain(exc)
        if explained is not None:
            raise explained from exc
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise MigrationError("db.upgrade_failed", reason=f"{type(exc).__name__}: {reason}") from exc
    return backup
