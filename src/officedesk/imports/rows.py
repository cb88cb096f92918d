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


def dept_exact(session: "OfficeSession", ref: Any) -> str | None:
    """The id (as text) of the department whose full name or code is exactly `ref`: an import
    never guesses from a prefix, as a typed command may."""
    from officedesk.errors import NotFound
    from officedesk.services.lookup import department_named

    if ref in (None, ""):
        return None
    found = department_named(session, str(ref))
    if found is None:
        raise NotFound("dept.not_found", ref=str(ref))
    return str(found.id)


def person_exact(session: "OfficeSession", ref: Any, dept_id: str | None = None) -> str | None:
    """The id (as text) of the one person named exactly `ref` (in that department when given):
    a namesake elsewhere is never taken for them, two namesakes are a conflict."""
    from sqlmodel import col, select

    from officedesk.errors import NotFound
    from officedesk.models import Person

    if ref in (None, ""):
        return None
    stmt = select(Person).where(col(Person.name) == str(ref))
    if dept_id is not None:
        stmt = stmt.where(col(Person.dept_id) == int(dept_id))
    people = list(session.exec(stmt.limit(2)))
    if len(people) != 1:
        if people:
            names = [f"{person.name} #{person.id}" for person in people]
            raise Conflict("person.ambiguous", ref=str(ref), candidates=names)
        raise NotFound("person.not_found", ref=str(ref))
    return str(people[0].id)


def first_seen(importing: Importing, rows: list["Row"], key: Callable[["Row"], str]) -> list["Row"]:
    """The rows, a second row naming the same record as an earlier one refused as a repeat."""
    seen: dict[str, int] = {}
    kept: list[Row] = []
    for row in rows:
        name = key(row)
        if name in seen:
            importing.refuse(row, InvalidInput("import.twice", ref=name, line=seen[name]))
            continue
        seen[name] = row.line
        kept.append(row)
    return kept


def exported_items(session: "OfficeSession", register: str, dataset: str) -> list[dict[str, Any]]:
    """Every record of one of the register's export tables, as the export (and --json) gives it:
    what a row is compared with when its record is there already."""
    from officedesk.export.cells import jsonable
    from officedesk.export.registers import datasets, pages
    from officedesk.registry import BY_NAME

    found = next(d for d in datasets(BY_NAME[register]) if d.name == dataset)
    return [
        dict(jsonable(item.model_dump() if hasattr(item, "model_dump") else dict(item)))
        for page in pages(session, found, 500)
        for item in page
    ]


def in_series_order(
    importing: Importing, rows: list["Row"], prefix: str, key: str = "code"
) -> list["Row"]:
    """The rows to create, in the order their codes (PREFIX-YEAR-NNNN) were given: a code of
    another form or given twice is refused, and so is a row without a code among rows with
    codes (numbers given by the file and by the import would mix). Rows without codes, in a
    file that gives none, come in the file's order and are numbered as a typed command would."""
    import re

    pattern = re.compile(rf"^{re.escape(prefix)}-(\d{{4}})-(\d{{4,}})$")
    example = f"{prefix}-2026-0001"
    coded = [row for row in rows if row.values.get(key)]
    seen: dict[str, int] = {}
    ordered: list[tuple[int, int, Row]] = []
    for row in coded:
        code = str(row.values[key])
        match = pattern.match(code)
        if match is None:
            importing.refuse(row, InvalidInput("import.code_pattern", code=code, example=example))
        elif code in seen:
            importing.refuse(row, InvalidInput("import.twice", ref=code, line=seen[code]))
        else:
            seen[code] = row.line
            ordered.append((int(match[1]), int(match[2]), row))
    if not coded:
        return list(rows)
    for row in rows:
        if not row.values.get(key):
            importing.refuse(
                row, InvalidInput("import.code_missing", example=str(coded[0].values[key]))
            )
    return [row for _year, _seq, row in sorted(ordered, key=lambda found: found[:2])]


def check_next(session: "OfficeSession", code: str, series: str) -> None:
    """The code (PREFIX-YEAR-NNNN) must be the number its series gives next in the year the
    record is created in: an import never leaves a gap, nor takes a number given already."""
    from officedesk.models import Counter

    prefix, year_text, seq_text = code.rsplit("-", 2)
    year, seq = int(year_text), int(seq_text)
    if year != session.env.today.year:
        raise InvalidInput("import.record_year", code=code, year=session.env.today.year)
    counter = session.get(Counter, (series, year))
    following = (counter.value if counter is not None else 0) + 1
    if seq != following:
        key = "import.gap" if seq > following else "import.number_used"
        raise Conflict(key, code=code, next=f"{prefix}-{year}-{following:04d}")


def check_replayed(
    ref: str, values: Mapping[str, Any], final: Mapping[str, Any], compared: tuple[str, ...]
) -> None:
    """After a record's history was replayed, it must hold what the row says."""
    wrong = [key for key in compared if differs(values, final, key)]
    if wrong:
        raise Conflict("import.history_differs", ref=ref, fields=wrong, labels=_FIELDS)
