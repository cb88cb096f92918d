"""What an import does with one row, whatever the register: try it in a savepoint (a refused row
leaves nothing behind), count it, and compare a record already there with the row."""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from officedesk.errors import Conflict, DomainError, InvalidInput

if TYPE_CHECKING:
    from officedesk.db import OfficeSession
    from officedesk.imports.read import Row

T = TypeVar("T")
# Field names in a message are worded by their labels.
_FIELDS = {"fields": "field"}


@dataclass
class BadRow:
    line: int
    error: DomainError


@dataclass
class Tally:
    """What an import did (or, on a dry run, would do) with a file's rows."""

    created: list[str] = field(default_factory=list)  # the records' codes or names
    unchanged: list[str] = field(default_factory=list)  # already there, the same
    bad: list[BadRow] = field(default_factory=list)  # refused, with the line and the reason


class Importing:
    """One import's session and tally, handed to a register's row mapper."""

    def __init__(self, session: "OfficeSession") -> None:
        self.session = session
        self.tally = Tally()

    def refuse(self, row: "Row", error: DomainError) -> None:
        self.tally.bad.append(BadRow(row.line, error))

    def attempt(self, row: "Row", write: Callable[[], str]) -> str | None:
        """Run `write` (which creates the row's record and returns its code or name) in a
        savepoint: refused, it leaves nothing behind and the row is counted bad."""
        from officedesk.journal import ensure_operation_id

        ensure_operation_id(self.session)  # the operation is written at the real moment
        savepoint = self.session.begin_nested()
        try:
            made = write()
        except DomainError as error:
            savepoint.rollback()
            # What the savepoint inserted may linger in the identity map and clash with the next
            # row's records (the ids are given again): every earlier row is flushed, so the
            # map is dropped whole.
            self.session.expunge_all()
            self.refuse(row, error)
            return None
        savepoint.commit()
        self.tally.created.append(made)
        return made

    def same_or_conflict(
        self, row: "Row", name: str, existing: Mapping[str, Any], compared: tuple[str, ...]
    ) -> None:
        """A record of the row's code (or name) is there: nothing to add when the row says
        the same, a conflict (never an overwrite) when it does not."""
        differing = [key for key in compared if differs(row.values, existing, key)]
        if differing:
            self.refuse(
                row, Conflict("import.conflict", ref=name, fields=differing, labels=_FIELDS)
            )
        else:
            self.tally.unchanged.append(name)


def given(values: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The row's values of these fields, leaving out those it does not give (absent, null or
    empty): the service then applies its defaults, as for a typed command."""
    return {name: values[name] for name in names if values.get(name) not in (None, "")}


def differs(values: Mapping[str, Any], existing: Mapping[str, Any], key: str) -> bool:
    """Whether the row gives a value for `key` other than the record's (both as --json writes
    them; a row that leaves a field out or empty says nothing about it)."""
    mine = values.get(key)
    if mine in (None, ""):
        return False
    return bool(mine != existing.get(key))


def moment(value: Any, key: str) -> datetime | None:
    """A moment as --json writes it (ISO 8601, UTC ending in Z), or None when not given."""
    if value in (None, ""):
        return None
    try:
        found = datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput("moment.invalid", value=str(value), field=key) from None
    if found.tzinfo is None:
        from datetime import UTC

        found = found.replace(tzinfo=UTC)
    return found


@contextmanager
def at_moment(
    session: "OfficeSession", when: datetime | None, operator: str | None
) -> Iterator[None]:
    """Run the block as if at `when` (its day on the office's clock) by `operator`: a record
    keeps the moment and the author the file gives it. None leaves the clock or the operator."""
    from officedesk.services.moments import local_day

    env = session.env
    saved = (env.today, env.fixed_now, env.operator)
    if when is not None:
        env.today, env.fixed_now = local_day(when), when
    if operator:
        env.operator = operator
    try:
        yield
    finally:
        env.today, env.fixed_now, env.operator = saved
