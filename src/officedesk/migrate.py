"""Schema upgrades with Alembic: backup first, foreign keys off, counts and checks before commit."""

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from officedesk.errors import DomainError

if TYPE_CHECKING:
    from alembic.config import Config

    from officedesk.db import Store

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class MigrationError(DomainError):
    """An upgrade was refused or failed; the database is left as it was."""


# Schema objects a migration creates with raw SQL because they exist on one backend only: the
# FTS5 table behind search (and the shadow tables FTS5 makes for it) on SQLite, the tsvector
# column and its GIN index on PostgreSQL. No model describes them, so autogenerate must not
# offer to drop them.
BACKEND_ONLY_TABLES = ("search_fts",)
BACKEND_ONLY_COLUMNS = ("spaced_tsv",)
BACKEND_ONLY_INDEXES = ("ix_search_doc_fts",)


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


def alembic_config(url: str, script_location: Path | None = None) -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location or MIGRATIONS_DIR))
    config.attributes["officedesk_url"] = url
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


def upgrade(
    store: "Store", revision: str = "head", *, script_location: Path | None = None
) -> Path | None:
    """Bring the schema to `revision`; returns the backup taken (SQLite with data), if any."""
    from alembic import command

    backup = None
    version = store.schema_version()
    if store.path is not None and version is not None:
        backup = backup_sqlite(store.path, f"schema-{version}")
    config = alembic_config(store.url, script_location)
    try:
        command.upgrade(config, revision)
    except DomainError:
        raise
    except Exception as exc:
        raise MigrationError("db.upgrade_failed", reason=f"{type(exc).__name__}: {exc}") from exc
    return backup
