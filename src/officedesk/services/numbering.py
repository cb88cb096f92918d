"""Gap-free register numbers: allocated inside the caller's write transaction.

On SQLite the transaction began IMMEDIATE, so no other writer can interleave; on PostgreSQL the
counter row is locked FOR UPDATE. A rolled-back transaction gives its number back.
"""

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from officedesk.db import OfficeSession
from officedesk.models import Counter


def next_number(session: OfficeSession, series: str, year: int) -> int:
    counter = session.get(Counter, (series, year), with_for_update=True)
    if counter is None:
        dialect = session.get_bind().dialect.name
        make_insert = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = make_insert(Counter).values(series=series, year=year, value=0)
        session.execute(stmt.on_conflict_do_nothing())
        counter = session.get(Counter, (series, year), with_for_update=True, populate_existing=True)
        assert counter is not None
    counter.value += 1
    session.flush()
    return counter.value
