"""Engine, pragmas, sessions and schema upgrades: the only place that opens a database."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError
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
    "PRAGMA busy_timeout=5000",
    "PRAGMA trusted_schema=OFF",
    "PRAGMA journal_size_limit=67108864",
)


class StoreError(DomainError):
    """The database cannot be opened or upgraded."""


class OfficeSession(Session):
    """A Session that knows who acts and what day it is; the change journal hangs off it."""

    env: "ServiceEnv"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and :memory:."""
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database)


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


def make_engine(url: str, *, foreign_keys: bool = True) -> Engine:
    """An engine whose SQLite connections run WAL/FULL and whose write transactions are IMMEDIATE.

    Python's sqlite3 module would issue its own deferred BEGIN; a deferred transaction that
    reads and then writes fails at once under a concurrent writer (SQLITE_BUSY_SNAPSHOT), so we
    take over transaction control and begin writes with BEGIN IMMEDIATE.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 5})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


class Store:
    """One database: its engine, and the schema check done once per process."""

    def __init__(self, url: str, *, private_dir: bool = False) -> None:
        self.url = url
        self.path = sqlite_path(url)
        if self.path is not None:
            prepare_sqlite_file(self.path, private_dir=private_dir)
        self.engine = make_engine(url)
        self.read_engine = self.engine.execution_options(**{READ_ONLY: True})
        self._schema_checked = False

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def schema_version(self) -> str | None:
        try:
            with self.read_engine.connect() as conn:
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError):
            return None

    def ensure_schema(self) -> None:
        """Upgrade the schema when it is behind; costs one SELECT when it is current."""
        if self._schema_checked:
            return
        try:
            version = self.schema_version()
        except OperationalError as exc:
            raise StoreError(
                "db.cannot_open", path=self.url_for_humans(), reason=str(exc.orig)
            ) from exc
        if version != SCHEMA_HEAD:
            from officedesk.migrate import upgrade

            upgrade(self)
        self._schema_checked = True

    def url_for_humans(self) -> str:
        return (
            str(self.path) if self.path else make_url(self.url).render_as_string(hide_password=True)
        )

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self, env: "ServiceEnv", *, write: bool = True) -> Iterator[OfficeSession]:
        """One unit of work: commit on success, roll back on any exception."""
        self.ensure_schema()
        if write:
            # Both register after_flush listeners on OfficeSession: every write is journaled and
            # keeps the search index in step, whichever command or screen made it.
            import officedesk.journal
            import officedesk.search_index  # noqa: F401
        engine = self.engine if write else self.read_engine
        with OfficeSession(engine, expire_on_commit=False, autoflush=True) as session:
            session.env = env
            session.info["operator"] = env.operator
            try:
                yield session
                if write:
                    session.commit()
                else:
                    session.rollback()
            except BaseException:
                session.rollback()
                raise
