"""Alembic environment: one transaction, foreign keys off, row counts and FK check before commit."""

from alembic import context
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from officedesk.db import make_engine
from officedesk.migrate import MigrationError, include_object
from officedesk.models import load_all

load_all()  # every table on the metadata before Alembic compares or creates

PG_LOCK_KEY = 0x0FF1CE  # serialises concurrent upgrades of the same PostgreSQL database


def _counts(connection) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Rows per table the guard protects: not the search index, which is derived from the
    others (a downgrade drops the documents of kinds its version does not know)."""
    names = [
        n
        for n in inspect(connection).get_table_names()
        if n != "alembic_version" and n != "search_doc" and not n.startswith("search_fts")
    ]
    return {n: connection.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}


def run_migrations_online() -> None:
    config = context.config
    url = config.attributes["officedesk_url"]
    # The store's lock policy: wait for another writer as long as the store's writers do.
    lock = config.attributes.get("officedesk_lock")
    # A batch table rebuild with foreign keys on cascade-deletes child rows: off here only.
    engine = make_engine(url, foreign_keys=False, lock=lock)
    try:
        # One outer transaction (BEGIN IMMEDIATE on SQLite): Alembic sees it as external and
        # neither commits nor splits it, so a failed check rolls back schema and data alike.
        with engine.connect() as connection, connection.begin():
            is_sqlite = connection.dialect.name == "sqlite"
            context.configure(
                connection=connection,
                target_metadata=SQLModel.metadata,
                render_as_batch=is_sqlite,
                compare_type=True,
                transactional_ddl=True,
                include_object=include_object,
            )
            if not is_sqlite:
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
            before = _counts(connection)
            with context.begin_transaction():
                context.run_migrations()
            after = _counts(connection)
            lost = sorted(n for n, c in before.items() if after.get(n, 0) < c)
            if lost:
                raise MigrationError("db.rows_lost", tables=", ".join(lost))
            if is_sqlite:
                bad = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise MigrationError("db.fk_check_failed", rows=len(bad))
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("officedesk migrations run online only")
run_migrations_online()
