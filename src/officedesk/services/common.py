"""Small pieces every register's services share."""

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

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


@dataclass(frozen=True)
class StepLogger:
    """Writes one register's own log (a StepLog table): the column naming the record, and the
    columns holding what kind of line it is and its text, as that register names them. `model`
    may be the name of a table in officedesk.models, imported on the first line written, so a
    command that only reads the register does not load its log table."""

    model: type | str
    owner: str
    kind: str = "kind"
    text: str = "text"

    def __call__(
        self,
        session: OfficeSession,
        record: "Stored",
        kind: str,
        text: str = "",
        from_state: str | None = None,
        to_state: str | None = None,
        **extra: Any,
    ) -> None:
        model = self.model
        if isinstance(model, str):
            import officedesk.models

            model = getattr(officedesk.models, model)
        values = {self.owner: id_of(record), self.kind: kind, self.text: text, **extra}
        append_log(session, model, from_state=from_state, to_state=to_state, **values)


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


def between_days(
    session: OfficeSession,
    stmt: Any,
    column: Any,
    since: date | str | None,
    until: date | str | None,
) -> Any:
    """Narrow to the rows whose day (a date column) lies from `since` to `until`, both included;
    either end may be open (None or blank: a script's empty variable), and both take the date
    words `--due` does."""
    first, last = to_date(session, since), to_date(session, until)
    if first is not None:
        stmt = stmt.where(column >= first)
    if last is not None:
        stmt = stmt.where(column <= last)
    return stmt


class Stored(Protocol):
    """Any table row: its id is None only until the row is flushed."""

    id: int | None


def id_of(record: Stored) -> int:
    """The id of a row that has been added and flushed, typed as the int it then is; a row
    without one here is a bug (a missing flush), not a user's mistake."""
    if record.id is None:
        raise ValueError(f"{type(record).__name__} has no id yet: flush it first")
    return record.id


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
