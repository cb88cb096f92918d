"""Writing and counting pieces the seal, visit and award services share: a saved record's id, the
stamps of a new record, a register code, changes taken from a form, the count of a filtered
list. Every register does these the same way, so they are said once."""

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from sqlalchemy import func, select

from officedesk.db import OfficeSession
from officedesk.services.lookup import resolve_department, resolve_person


class _Saved(Protocol):
    id: int | None


def id_or_none(record: _Saved | None) -> int | None:
    """The id of an optional link (a keeper, a department), None when there is none."""
    return record.id if record is not None else None


def table_of(model: type) -> Any:
    """A table model's Core table, for joined reads over its columns."""
    # SQLModel sets __table__ on table classes at runtime but does not declare it to checkers.
    return model.__table__  # type: ignore[attr-defined]


def new_stamps(session: OfficeSession) -> dict[str, Any]:
    """Who made a new record and when: its creator and its first change are the same moment."""
    env = session.env
    now = env.now()
    return {"created_by": env.operator, "created_at": now, "updated_at": now}


def next_code(session: OfficeSession, series: str, prefix: str) -> tuple[str, int, int]:
    """(code, year, seq) of the next record of a gap-free yearly series: JD-2026-0001."""
    return next_codes(session, series, prefix, 1)[0]


def next_codes(
    session: OfficeSession, series: str, prefix: str, count: int
) -> list[tuple[str, int, int]]:
    """The next `count` codes of a gap-free yearly series, reserved in one counter update."""
    from officedesk.services.numbering import reserve_numbers

    year = session.env.today.year
    first = reserve_numbers(session, series, year, count)
    return [code_of(prefix, year, seq) for seq in range(first, first + count)]


def code_of(prefix: str, year: int, seq: int) -> tuple[str, int, int]:
    """(code, year, seq) as a series writes it: JD-2026-0001."""
    return f"{prefix}-{year}-{seq:04d}", year, seq


def code_columns(
    session: OfficeSession, series: str, prefix: str, *, column: str = "code"
) -> dict[str, Any]:
    """The next code of a series as the columns a new record keeps it in (its code, or a
    letter's number, with the year and seq it is counted by), to spread into the record."""
    code, year, seq = next_code(session, series, prefix)
    return {column: code, "year": year, "seq": seq}


def apply_given(record: object, form: object, names: Iterable[str]) -> None:
    """Copy the form's fields onto the record where given: an update's None leaves a value."""
    for name in names:
        value = getattr(form, name)
        if value is not None:
            setattr(record, name, value)


def link_person_and_dept(
    session: OfficeSession,
    record: object,
    *,
    person_field: str,
    person_ref: str | None,
    person_given: bool,
    dept_ref: str | None,
    dept_given: bool,
    dept_field: str = "dept_id",
) -> None:
    """Set a record's person (a keeper, a host) and department where a form gave them: a blank
    reference clears; the department, if given, picks among namesakes; a person given without
    a department brings their own."""
    if dept_given:
        setattr(record, dept_field, resolve_department(session, dept_ref).id if dept_ref else None)
    if person_given:
        dept_id = getattr(record, dept_field)
        person = resolve_person(session, person_ref, dept_id) if person_ref else None
        setattr(record, person_field, person.id if person is not None else None)
        if person is not None and not dept_given and person.dept_id:
            setattr(record, dept_field, person.dept_id)


def count_matching(session: OfficeSession, model: type, narrow: Callable[[Any], Any]) -> int:
    """How many rows of a table a list's filter (`narrow`, applied to the statement) keeps: the
    total a front end shows next to one page of it."""
    stmt = narrow(select(func.count()).select_from(table_of(model)))
    return int(session.execute(stmt).scalar_one())
