"""Gap-free register numbers: allocated inside the caller's write transaction.

On SQLite the transaction began IMMEDIATE, so no other writer can interleave; on PostgreSQL the
counter row is locked FOR UPDATE. A rolled-back transaction gives its number back.
"""

from officedesk.db import OfficeSession
from officedesk.models import Counter


def _insert_if_missing(session: OfficeSession, series: str, year: int) -> None:
    # Dialect modules are imported here, not at the top: the PostgreSQL one alone costs ~25 ms.
    values = {"series": series, "year": year, "value": 0}
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(Counter).values(values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(Counter).values(values).on_conflict_do_nothing())


def next_number(session: OfficeSession, series: str, year: int) -> int:
    return reserve_numbers(session, series, year, 1)


def reserve_numbers(session: OfficeSession, series: str, year: int, count: int) -> int:
    """The first of `count` consecutive numbers, taken in one counter update: a bulk write
    (an import, an atomic batch) reads and writes the counter once, not once a record."""
    if count < 1:
        raise ValueError(count)
    counter = session.get(Counter, (series, year), with_for_update=True)
    if counter is None:
        _insert_if_missing(session, series, year)
        counter = session.get(Counter, (series, year), with_for_update=True, populate_existing=True)
        assert counter is not None
    first = counter.value + 1
    counter.value += count
    session.flush()
    return first


def last_number(session: OfficeSession, series: str, year: int) -> int:
    """The last number the series has given in its year (0 when none): what an import that
    keeps its file's numbers checks them against."""
    counter = session.get(Counter, (series, year))
    return counter.value if counter is not None else 0
