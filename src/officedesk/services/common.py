"""Small pieces every register's services share."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput


@dataclass(frozen=True)
class Page:
    """One page of a list, fetched with LIMIT n+1 so we know whether another page exists."""

    items: list[Any]
    has_more: bool


def append_log(session: OfficeSession, model: type, **values: Any) -> None:
    """Add a line to a register's own log, stamped with now and the operator, as every
    register's log is."""
    env = session.env
    session.add(model(at=env.now(), author=env.operator, **values))


def to_date(
    session: OfficeSession, value: date | str | None, *, base: date | None = None
) -> date | None:
    """Accept a date or any date word the CLI accepts (ISO, +5wd, 下周一…), relative to base."""
    if value is None or isinstance(value, date):
        return value
    if not value.strip():
        return None
    from officedesk.dates import parse_date

    env = session.env
    return parse_date(value, today=base or env.today, calendar=env.calendar)


# Ids are INTEGER columns (int4 on PostgreSQL): a longer number is never an id, and passing it
# to the database would fail with an overflow rather than "not found".
MAX_ID_DIGITS = 9


def as_id(ref: object) -> int | None:
    """The id in a typed reference ("12", "#12"), or None if it is not one. str.isdigit() also
    accepts "²" and "①", which int() then refuses: only ASCII digits count here."""
    digits = str(ref).strip().lstrip("#")
    if digits.isascii() and digits.isdigit() and len(digits) <= MAX_ID_DIGITS:
        return int(digits)
    return None


# Past this an offset can only be a typo, and past 2**63 it would not even fit the database's
# integer: refused as input, never an overflow.
MAX_OFFSET = 1_000_000_000


def check_limit(limit: int, offset: int) -> None:
    if not 1 <= limit <= 10_000:
        raise InvalidInput("input.limit", max=10_000)
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidInput("input.offset", max=MAX_OFFSET)


def check_year(year: int) -> None:
    """A year a register can hold: four digits (and an int the database can take)."""
    if not 1000 <= year <= 9999:
        raise InvalidInput("input.range", field="year")
