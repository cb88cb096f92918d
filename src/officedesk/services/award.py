"""Commendations (评比表彰): the awards register, listed by year and by department, and the staff
events (员工大会, 表彰大会) awards may come from."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput
from officedesk.models import Department
from officedesk.models.award import (
    EVENT_KINDS,
    Award,
    AwardCreate,
    AwardRead,
    AwardUpdate,
    EventCreate,
    EventRead,
    EventUpdate,
    StaffEvent,
)
from officedesk.services.common import to_date
from officedesk.services.lookup import resolve_department, resolve_person
from officedesk.services.query import ListQuery, column_fields, resolve_record, text_filter
from officedesk.services.shared_records import apply_given, count_matching, new_stamps, table_of
from officedesk.services.validation import validate

KINDS = EVENT_KINDS
GROUPINGS = ("year", "dept")  # how a list is ordered and grouped: by year, or by department


# ---- awards: reading ---------------------------------------------------------------------------


def resolve_award(session: OfficeSession, ref: str | int) -> Award:
    return resolve_record(session, Award, ref, field="award", not_found="award.not_found")


@dataclass
class AwardFilter:
    """Every list filter; empty means no restriction. by: "year" (newest year first) or "dept"
    (by department, then newest year first)."""

    year: int | str | None = None
    dept: str | None = None  # awards counted for this department: to it or to its people
    person: str | None = None
    event: int | str | None = None
    text: str | None = None
    by: str = "year"


def _year(value: int | str | None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        year = int(str(value).strip().removesuffix("年"))
    except ValueError:
        raise InvalidInput("input.number", field="year") from None
    if not 1900 <= year <= 2200:
        raise InvalidInput("input.range", field="year")
    return year


def _filtered(session: OfficeSession, flt: AwardFilter, stmt: Any) -> Any:
    table = table_of(Award)
    year = _year(flt.year)
    if year is not None:
        stmt = stmt.where(table.c.year == year)
    if flt.dept:
        stmt = stmt.where(table.c.dept_id == resolve_department(session, flt.dept).id)
    if flt.person:
        stmt = stmt.where(table.c.person_id == resolve_person(session, flt.person).id)
    if flt.event not in (None, ""):
        stmt = stmt.where(table.c.event_id == resolve_event(session, flt.event).id)
    columns = ("name", "recipient_name", "reason", "doc_ref")
    return text_filter(stmt, flt.text, (table.c[name] for name in columns))


def _list_statement() -> Any:
    table, dept, event = table_of(Award), table_of(Department), table_of(StaffEvent)
    return (
        sa_select(
            *table.c,
            dept.c.name.label("dept_name"),
            event.c.title.label("event_title"),
            event.c.held_on.label("event_on"),
        )
        .select_from(table)
        .outerjoin(dept, dept.c.id == table.c.dept_id)
        .outerjoin(event, event.c.id == table.c.event_id)
    )


def _order(flt: AwardFilter) -> list[Any]:
    """Departments by their pinyin (the same order on every backend, whatever its collation);
    awards counted for no department come last."""
    if flt.by not in GROUPINGS:
        raise InvalidInput("input.choice", field="by", choices=list(GROUPINGS))
    table, dept = table_of(Award), table_of(Department)
    by_dept = [dept.c.pinyin.is_(None), dept.c.pinyin, dept.c.id]
    if flt.by == "dept":
        return [*by_dept, table.c.year.desc(), table.c.name, table.c.id]
    return [table.c.year.desc(), *by_dept, table.c.name, table.c.id]


_ROW_FIELDS = column_fields(AwardRead, Award)


def _values(row: Any, dept_name: str | None, event_title: str | None, event_on: Any) -> dict:
    values = {name: getattr(row, name) for name in _ROW_FIELDS}
    values["recipient"] = "person" if row.person_id is not None else "dept"
    values["dept"] = dept_name
    values["event"] = event_title
    values["event_on"] = event_on
    return values


def _award_row(row: Any) -> AwardRead:
    return AwardRead.model_construct(**_values(row, row.dept_name, row.event_title, row.event_on))


_AWARD_LIST = ListQuery(Award, AwardFilter, _list_statement, _filtered, _order, _award_row)
list_awards = _AWARD_LIST.page
count_awards = _AWARD_LIST.count


def read_award(session: OfficeSession, award: Award) -> AwardRead:
    dept = session.get(Department, award.dept_id) if award.dept_id else None
    event = session.get(StaffEvent, award.event_id) if award.event_id else None
    return AwardRead.model_validate(
        _values(
            award,
            dept.name if dept else None,
            event.title if event else None,
            event.held_on if event else None,
        )
    )


def get_award(session: OfficeSession, ref: str | int) -> AwardRead:
    return read_award(session, resolve_award(session, ref))


def award_years(session: OfficeSession) -> list[int]:
    """The years that have awards, newest first (the TUI's year filter)."""
    stmt = select(Award.year).distinct().order_by(col(Award.year).desc())
    return list(session.exec(stmt))


# ---- awards: writing ---------------------------------------------------------------------------


def _recipient(session: OfficeSession, award: Award, person_ref: str, dept_ref: str) -> None:
    """A person (the department, if also given, picks among namesakes), or else a department.

    Exactly one of them receives it; the CHECK on the table says so too."""
    if person_ref:
        dept = resolve_department(session, dept_ref) if dept_ref else None
        person = resolve_person(session, person_ref, dept.id if dept else None)
        award.person_id, award.recipient_dept_id = person.id, None
        award.dept_id = person.dept_id
        award.recipient_name = person.name
    elif dept_ref:
        dept = resolve_department(session, dept_ref)
        award.person_id, award.recipient_dept_id = None, dept.id
        award.dept_id = dept.id
        award.recipient_name = dept.name
    else:
        raise InvalidInput("award.recipient_required", field="recipient_name")


def _text(value: object) -> str:
    return str(value).strip() if value is not None else ""


def create_award(session: OfficeSession, data: dict[str, Any]) -> AwardRead:
    """Register an award. Year defaults to the event's year, else this year."""
    env = session.env
    data = dict(data)
    person_ref, dept_ref = _text(data.pop("person", None)), _text(data.pop("dept", None))
    event_ref = data.pop("event", None)
    awarded_raw = data.pop("awarded_on", None)
    event = resolve_event(session, event_ref) if event_ref not in (None, "") else None
    awarded_on = to_date(session, awarded_raw) if awarded_raw else None
    if awarded_on is None and event is not None:
        awarded_on = event.held_on
    year = _year(data.pop("year", None))
    if year is None:
        year = event.held_on.year if event is not None else env.today.year
    form = validate(AwardCreate, {**data, "year": year})
    award = Award(
        year=form.year,
        name=form.name,
        reason=form.reason,
        doc_ref=form.doc_ref,
        event_id=event.id if event else None,
        awarded_on=awarded_on,
        recipient_name="",
        **new_stamps(session),
    )
    _recipient(session, award, person_ref, dept_ref)
    session.add(award)
    session.flush()
    return read_award(session, award)


def update_award(session: OfficeSession, ref: str | int, data: dict[str, Any]) -> AwardRead:
    """Change what was given (None leaves a value; a blank event or date clears it)."""
    award = resolve_award(session, ref)
    data = {key: value for key, value in data.items() if value is not None}
    person_ref, dept_ref = _text(data.pop("person", None)), _text(data.pop("dept", None))
    if "event" in data:
        event_ref = data.pop("event")
        event = resolve_event(session, event_ref) if _text(event_ref) else None
        award.event_id = event.id if event else None
    if "awarded_on" in data:
        award.awarded_on = to_date(session, data.pop("awarded_on") or None)
    if "year" in data:
        data["year"] = _year(data["year"])
        if data["year"] is None:
            data.pop("year")
    form = validate(AwardUpdate, data)
    apply_given(award, form, ("name", "year", "reason", "doc_ref"))
    if person_ref or dept_ref:
        _recipient(session, award, person_ref, dept_ref)
    award.updated_at = session.env.now()
    session.flush()
    return read_award(session, award)


# ---- staff events ------------------------------------------------------------------------------


def resolve_event(session: OfficeSession, ref: object) -> StaffEvent:
    """By id, or by its exact title."""
    return resolve_record(
        session,
        StaffEvent,
        _text(ref),
        field="event",
        not_found="award.event_not_found",
        column=StaffEvent.title,
    )


def _kind(value: object) -> str:
    if value not in KINDS:
        raise InvalidInput("input.choice", field="kind", choices=list(KINDS))
    return str(value)


def _event_read(session: OfficeSession, event: StaffEvent, *, with_count: bool) -> EventRead:
    values = {name: getattr(event, name) for name in EventRead.model_fields if name != "awards"}
    if with_count:
        awards = table_of(Award)
        values["awards"] = count_matching(
            session, Award, lambda stmt: stmt.where(awards.c.event_id == event.id)
        )
    return EventRead.model_validate(values)


def create_event(session: OfficeSession, data: dict[str, Any]) -> EventRead:
    env = session.env
    data = dict(data)
    held_on = to_date(session, data.pop("held_on", None) or None) or env.today
    kind = _kind(data.pop("kind", None) or "other")
    form = validate(EventCreate, data)
    event = StaffEvent(
        held_on=held_on,
        kind=kind,
        title=form.title,
        place=form.place,
        note=form.note,
        **new_stamps(session),
    )
    session.add(event)
    session.flush()
    return _event_read(session, event, with_count=True)


def update_event(session: OfficeSession, ref: object, data: dict[str, Any]) -> EventRead:
    event = resolve_event(session, ref)
    data = {key: value for key, value in data.items() if value is not None}
    if data.get("held_on"):
        event.held_on = to_date(session, data.pop("held_on")) or event.held_on
    data.pop("held_on", None)
    if data.get("kind"):
        event.kind = _kind(data.pop("kind"))
    data.pop("kind", None)
    form = validate(EventUpdate, data)
    apply_given(event, form, ("title", "place", "note"))
    event.updated_at = session.env.now()
    session.flush()
    return _event_read(session, event, with_count=True)


def get_event(session: OfficeSession, ref: object) -> EventRead:
    return _event_read(session, resolve_event(session, ref), with_count=True)


@dataclass
class EventFilter:
    year: int | str | None = None
    kind: str | None = None
    text: str | None = None


def _events_filtered(_session: OfficeSession, flt: EventFilter, stmt: Any) -> Any:
    table = table_of(StaffEvent)
    year = _year(flt.year)
    if year is not None:
        stmt = stmt.where(
            table.c.held_on >= date(year, 1, 1), table.c.held_on <= date(year, 12, 31)
        )
    if flt.kind:
        stmt = stmt.where(table.c.kind == _kind(flt.kind))
    return text_filter(stmt, flt.text, (table.c.title, table.c.place, table.c.note))


def _events_latest_first(_flt: EventFilter) -> list[Any]:
    table = table_of(StaffEvent)
    return [table.c.held_on.desc(), table.c.id.desc()]


def _event_row(row: Any) -> EventRead:
    return EventRead.model_construct(**row._asdict())


_EVENT_LIST = ListQuery(
    StaffEvent,
    EventFilter,
    lambda: sa_select(*table_of(StaffEvent).c),
    _events_filtered,
    _events_latest_first,
    _event_row,
)
list_events = _EVENT_LIST.page
count_events = _EVENT_LIST.count


def event_awards(session: OfficeSession, event_id: int) -> list[AwardRead]:
    """The awards given at an event (its detail)."""
    return list_awards(session, AwardFilter(event=event_id), limit=500).items
