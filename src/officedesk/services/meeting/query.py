"""Reading meetings: a meeting by id or code, its read model with its attendees, agenda and
resolutions (each with its supervision item's state), the booking rules' warnings, the paged
list (also by week or month, for the calendar) and Today's lines."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput
from officedesk.models import Department, Person, Task
from officedesk.models.meeting import (
    CHECKLIST_ITEMS,
    MEETING_KINDS,
    MEETING_STATES,
    AgendaRead,
    AttendeeRead,
    Meeting,
    MeetingAgenda,
    MeetingAttendee,
    MeetingRead,
    MeetingResolution,
    ResolutionRead,
    Room,
)
from officedesk.notices import Notice
from officedesk.services.agenda import AgendaLine, Phrase, coded, stored
from officedesk.services.common import id_of, to_date
from officedesk.services.lookup import resolve_department
from officedesk.services.meeting.booking import booking_notices, headcount
from officedesk.services.meeting.rooms import resolve_room
from officedesk.services.meeting.states import OPEN_STATES
from officedesk.services.moments import local_day_bounds
from officedesk.services.query import (
    ListQuery,
    by_code,
    by_sort,
    column_fields,
    day_range_where,
    select_with_names,
    states_where,
    text_filter,
)
from officedesk.services.shared_records import table_of

STATES = MEETING_STATES
KINDS = MEETING_KINDS
DONE_TASK_STATES = ("done", "evaluated")
ORDERS: dict[str, tuple[Any, ...]] = {
    "start": (col(Meeting.starts_at).desc(), col(Meeting.id).desc()),
    "start_asc": (col(Meeting.starts_at), col(Meeting.id)),
    "code": (col(Meeting.year).desc(), col(Meeting.seq).desc()),
}
SORTS = tuple(ORDERS)
PERIODS = ("week", "month")


# ---- one meeting -------------------------------------------------------------------------------


def resolve_meeting(session: OfficeSession, ref: str | int) -> Meeting:
    return by_code(session, Meeting, ref, field="meeting", not_found="meeting.not_found")


_READ_FIELDS = column_fields(MeetingRead, Meeting, leave=("checklist",))


def ticked(checklist: str) -> list[str]:
    """The checklist items ticked off, in CHECKLIST_ITEMS order."""
    held = set(checklist.split(","))
    return [item for item in CHECKLIST_ITEMS if item in held]


def _read_values(row: Any, names: dict[str, Any]) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in _READ_FIELDS}
    done = ticked(row.checklist)
    values["checklist"] = done
    values["checklist_open"] = [item for item in CHECKLIST_ITEMS if item not in done]
    values.update(names)
    return values


def _names(session: OfficeSession, meeting: Meeting) -> dict[str, Any]:
    room = session.get(Room, meeting.room_id) if meeting.room_id else None
    chair = session.get(Person, meeting.chair_id) if meeting.chair_id else None
    dept = session.get(Department, meeting.dept_id) if meeting.dept_id else None
    return {
        "room": room.name if room else None,
        "room_capacity": room.capacity if room else None,
        "chair": chair.name if chair else None,
        "dept": dept.name if dept else None,
    }


def attendee_rows(session: OfficeSession, meeting_id: int) -> list[MeetingAttendee]:
    stmt = (
        select(MeetingAttendee)
        .where(col(MeetingAttendee.meeting_id) == meeting_id)
        .order_by(col(MeetingAttendee.id))
    )
    return list(session.scalars(stmt))


def agenda_rows(session: OfficeSession, meeting_id: int) -> list[MeetingAgenda]:
    stmt = (
        select(MeetingAgenda)
        .where(col(MeetingAgenda.meeting_id) == meeting_id)
        .order_by(col(MeetingAgenda.position), col(MeetingAgenda.id))
    )
    return list(session.scalars(stmt))


def _attendees(session: OfficeSession, meeting_id: int) -> list[AttendeeRead]:
    person = table_of(Person).alias("who")
    dept = table_of(Department).alias("unit")
    table = table_of(MeetingAttendee)
    stmt = (
        select(table, person.c.name.label("person_name"), dept.c.name.label("dept_name"))
        .outerjoin(person, person.c.id == table.c.person_id)
        .outerjoin(dept, dept.c.id == table.c.dept_id)
        .where(table.c.meeting_id == meeting_id)
        .order_by(table.c.id)
    )
    return [
        AttendeeRead(
            id=row.id,
            person_id=row.person_id,
            dept_id=row.dept_id,
            name=row.person_name if row.person_id else row.dept_name,
            is_dept=row.person_id is None,
            role=row.role,
            remark=row.remark,
        )
        for row in session.execute(stmt)
    ]


def _resolutions(session: OfficeSession, meeting_id: int) -> list[ResolutionRead]:
    task = table_of(Task)
    dept = table_of(Department)
    table = table_of(MeetingResolution)
    stmt = (
        select(
            table,
            task.c.code.label("task_code"),
            task.c.state.label("task_state"),
            task.c.due.label("task_due"),
            dept.c.name.label("dept_name"),
        )
        .outerjoin(task, task.c.id == table.c.task_id)
        .outerjoin(dept, dept.c.id == task.c.dept_id)
        .where(table.c.meeting_id == meeting_id)
        .order_by(table.c.position, table.c.id)
    )
    return [
        ResolutionRead(
            id=row.id,
            position=row.position,
            decision=row.decision,
            task_id=row.task_id,
            task_code=row.task_code,
            task_state=row.task_state,
            dept=row.dept_name,
            due=row.task_due,
            done=row.task_state in DONE_TASK_STATES,
        )
        for row in session.execute(stmt)
    ]


def carried_out(total: int, done: int) -> bool | None:
    """A meeting is carried out (落实) when every resolution's item is done; None without any."""
    return done == total if total else None


def read_meeting(session: OfficeSession, meeting: Meeting) -> MeetingRead:
    """The whole record: its names, attendees, agenda, resolutions and the booking rules'
    warnings (checked against the other meetings as they stand now)."""
    meeting_id = id_of(meeting)
    values = _read_values(meeting, _names(session, meeting))
    values["attendees"] = _attendees(session, meeting_id)
    values["agenda"] = [
        AgendaRead.model_validate(row, from_attributes=True)
        for row in agenda_rows(session, meeting_id)
    ]
    resolutions = _resolutions(session, meeting_id)
    values["resolutions"] = resolutions
    values["carried_out"] = carried_out(len(resolutions), sum(r.done for r in resolutions))
    values["headcount"] = headcount(session, meeting)
    notices = booking_notices(session, meeting, values["headcount"], values["room_capacity"])
    values["warnings"] = [notice.as_dict() for notice in notices]
    return MeetingRead.model_validate(values)


def get_meeting(session: OfficeSession, ref: str | int) -> MeetingRead:
    return read_meeting(session, resolve_meeting(session, ref))


def meeting_notices(meeting: MeetingRead) -> list[Notice]:
    """The warnings a read carries, as notices again (the CLI prints them on stderr)."""
    return [Notice(w["code"], dict(w["params"])) for w in meeting.warnings]


# ---- the list ----------------------------------------------------------------------------------


@dataclass
class MeetingFilter:
    """Every list filter; empty means no restriction. states: names, "open" or "all".
    `period` ("week" or "month") with `on` (a day, default today) lists that calendar week
    (Monday to Sunday) or month, earliest first."""

    states: Sequence[str] | None = None
    text: str | None = None
    kind: str | None = None
    since: date | str | None = None  # starting on or after this day
    until: date | str | None = None  # starting on or before this day
    room: str | None = None
    dept: str | None = None  # the organising department
    period: str | None = None
    on: date | str | None = None
    sort: str = "start"


def period_bounds(session: OfficeSession, period: str, on: date | str | None) -> tuple[date, date]:
    """The first and last day of the calendar week (Monday–Sunday) or month holding `on`."""
    day = to_date(session, on) or session.env.today
    if period == "week":
        first = day - timedelta(days=day.weekday())
        return first, first + timedelta(days=6)
    if period == "month":
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first, following - timedelta(days=1)
    raise InvalidInput("input.choice", field="period", choices=list(PERIODS))


def _filtered(session: OfficeSession, flt: MeetingFilter, stmt: Any) -> Any:
    table = table_of(Meeting)
    if flt.states:
        stmt = states_where(stmt, table.c.state, flt.states, STATES, open_states=OPEN_STATES)
    if flt.kind:
        from officedesk.services.validation import chosen

        stmt = stmt.where(table.c.kind == chosen("kind", flt.kind, KINDS))
    since, until = flt.since, flt.until
    if flt.period:
        since, until = period_bounds(session, flt.period, flt.on)
    stmt = day_range_where(session, stmt, table.c.starts_at, since, until)
    if flt.room:
        stmt = stmt.where(table.c.room_id == resolve_room(session, flt.room).id)
    if flt.dept:
        stmt = stmt.where(table.c.dept_id == resolve_department(session, flt.dept).id)
    columns = ("code", "title", "place", "attendee_names")
    return text_filter(stmt, flt.text, (table.c[name] for name in columns))


def _order(flt: MeetingFilter) -> list[Any]:
    """A calendar (week, month) reads earliest first; otherwise the filter's sort."""
    sort = "start_asc" if flt.period and flt.sort == "start" else flt.sort
    return list(by_sort(ORDERS)(MeetingFilter(sort=sort)))


def _list_statement() -> Any:
    links = {
        "room_name": (Room, "room_id"),
        "chair_name": (Person, "chair_id"),
        "dept_name": (Department, "dept_id"),
    }
    meeting = table_of(Meeting)
    resolution = table_of(MeetingResolution)
    task = table_of(Task)
    counted = (
        select(func.count())
        .select_from(resolution)
        .where(resolution.c.meeting_id == meeting.c.id)
        .scalar_subquery()
    )
    done = (
        select(func.count())
        .select_from(resolution.join(task, task.c.id == resolution.c.task_id))
        .where(resolution.c.meeting_id == meeting.c.id, task.c.state.in_(DONE_TASK_STATES))
        .scalar_subquery()
    )
    capacity = select(table_of(Room).c.capacity).where(table_of(Room).c.id == meeting.c.room_id)
    return select_with_names(Meeting, links).add_columns(
        counted.label("resolution_count"),
        done.label("resolution_done"),
        capacity.scalar_subquery().label("capacity"),
    )


def _read_row(row: Any) -> MeetingRead:
    names = {
        "room": row.room_name,
        "room_capacity": row.capacity,
        "chair": row.chair_name,
        "dept": row.dept_name,
        "carried_out": carried_out(row.resolution_count, row.resolution_done),
    }
    return MeetingRead.model_construct(**_read_values(row, names), warnings=[])


_MEETING_LIST = ListQuery(Meeting, MeetingFilter, _list_statement, _filtered, _order, _read_row)
list_meetings = _MEETING_LIST.page
count_meetings = _MEETING_LIST.count


# ---- Today -------------------------------------------------------------------------------------


def today_lines(session: OfficeSession) -> list[AgendaLine]:
    """Today's meetings, earliest first: the time, the room (or place), the kind; cancelled
    ones are left out."""
    start, end = local_day_bounds(session.env.today)
    table = table_of(Meeting)
    stmt = _list_statement().where(
        table.c.state != "cancelled", table.c.starts_at < end, table.c.ends_at > start
    )
    from officedesk.text import display_safe

    lines: list[AgendaLine] = []
    for row in session.execute(stmt.order_by(table.c.starts_at, table.c.id)).all():
        span = f"{row.starts_at.astimezone():%H:%M}–{row.ends_at.astimezone():%H:%M}"
        detail: list[Phrase] = [stored(span), coded("meeting_kind", row.kind)]
        if row.room_name or row.place:
            detail.append(stored(display_safe(row.room_name or row.place)))
        lines.append(
            AgendaLine(
                section="meetings_today",
                kind="meeting",
                ref_id=row.id,
                code=row.code,
                title=row.title,
                detail=tuple(detail),
                when=row.starts_at,
                joiner="dot",
            )
        )
    return lines
