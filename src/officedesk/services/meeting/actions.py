"""Meetings (会议): numbering, planning and changing a meeting, its steps along the state table,
its preparation checklist, and its resolutions (议定事项), each of which becomes a supervision
item in the same step. Attendees and agenda live in services.meeting.people, the booking rules
in services.meeting.booking, reading in services.meeting.query, rooms in
services.meeting.rooms; their API is importable from here as well."""

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from officedesk.db import OfficeSession
from officedesk.errors import Conflict, InvalidInput
from officedesk.models import Person
from officedesk.models.meeting import (
    CHECKLIST_ITEMS,
    Meeting,
    MeetingCreate,
    MeetingRead,
    MeetingResolution,
    MeetingUpdate,
    ResolutionCreate,
)
from officedesk.models.schema_base import Reason
from officedesk.services.common import id_of
from officedesk.services.meeting.booking import check_room_free
from officedesk.services.meeting.people import (
    add_agenda_rows,
    add_attendee_lists,
    after_attendees,
    parse_agenda,
    put_attendee,
    remove_agenda_item,
    remove_attendee,
    replace_agenda,
    replace_attendees,
    role_of,
)
from officedesk.services.meeting.query import (  # noqa: F401 - the API in one place
    KINDS,
    PERIODS,
    SORTS,
    STATES,
    MeetingFilter,
    count_meetings,
    get_meeting,
    list_meetings,
    meeting_notices,
    period_bounds,
    read_meeting,
    resolve_meeting,
    ticked,
    today_lines,
)
from officedesk.services.meeting.rooms import resolve_room
from officedesk.services.meeting.states import (  # noqa: F401 - the API in one place
    CLOSED_STATES,
    MEETING_MACHINE,
    OPEN_STATES,
    ensure_held,
    ensure_not_cancelled,
    ensure_preparing,
    offered_operations,
)
from officedesk.services.moments import local_day, local_text, parse_moment
from officedesk.services.shared_records import (
    apply_given,
    code_columns,
    link_person_and_dept,
    new_stamps,
    table_of,
)
from officedesk.services.validation import chosen, required_text, validate

# The state table as the tests and the workbench read it.
MEETING_ACTIONS = MEETING_MACHINE.actions
allowed_actions = MEETING_MACHINE.allowed

CODE_PREFIX = "HY"
SERIES = "meeting"
TEXT_FIELDS = ("title", "place", "note")
START_TIME = time(9, 0)  # when only a day is given
DEFAULT_LENGTH = timedelta(hours=1)  # when no end is given
ATTENDEE_FIELDS = ("attendees", "depts", "observers", "absent")
TITLE_ROOM = 200  # a supervision item's title holds this many characters


# ---- writing -----------------------------------------------------------------------------------


def _kind(value: object) -> str:
    return chosen("kind", str(value).strip(), KINDS)


def _moment(session: OfficeSession, value: Any, field: str, **where: Any) -> datetime | None:
    return parse_moment(
        session,
        value,
        default_time=START_TIME,
        field=field,
        invalid_key="meeting.bad_time",
        **where,
    )


def _schedule(session: OfficeSession, meeting: Meeting, starts: Any, ends: Any) -> None:
    """Set the time: an end given as a time alone falls on the start's day; no end means an
    hour; an end before the start is refused."""
    start = _moment(session, starts, "starts_at") if starts not in (None, "") else None
    if start is None and starts is not None:
        raise InvalidInput("input.required", field="starts_at")
    if start is not None:
        length = (meeting.ends_at - meeting.starts_at) if meeting.id else DEFAULT_LENGTH
        meeting.starts_at = start
        if ends in (None, ""):
            meeting.ends_at = start + length
    if ends not in (None, ""):
        end = _moment(session, ends, "ends_at", day=local_day(meeting.starts_at))
        assert end is not None
        meeting.ends_at = end
    if meeting.ends_at <= meeting.starts_at:
        raise InvalidInput(
            "meeting.ends_before_start",
            field="ends_at",
            starts=local_text(meeting.starts_at),
            ends=local_text(meeting.ends_at),
        )


def _room(session: OfficeSession, meeting: Meeting, ref: object) -> None:
    """The room booked, by name or id; a blank reference books none."""
    text = str(ref).strip() if ref is not None else ""
    meeting.room_id = id_of(resolve_room(session, text)) if text else None


def _chair_and_dept(
    session: OfficeSession, meeting: Meeting, chair: str | None, dept: str | None, given: set[str]
) -> None:
    """The chair (a person) and the organising department; a chair named alone does not bring
    their department: the organiser is the office that prepares the meeting."""
    link_person_and_dept(
        session,
        meeting,
        person_field="chair_id",
        person_ref=chair,
        person_given="chair" in given,
        dept_ref=dept,
        dept_given="dept" in given,
    )


def _text(value: object) -> str | None:
    if value is None:
        return None
    return str(value).strip()


def create_meeting(session: OfficeSession, data: dict[str, Any]) -> MeetingRead:
    """Plan a meeting. Required: its title and start; the rest may follow. A room another
    meeting holds at that time is refused."""
    data = dict(data)
    starts, ends = data.pop("starts_at", None), data.pop("ends_at", None)
    room, chair, dept = (_text(data.pop(name, None)) for name in ("room", "chair", "dept"))
    lists = {name: data.pop(name, None) for name in ATTENDEE_FIELDS}
    agenda = parse_agenda(data.pop("agenda", None))
    form = validate(MeetingCreate, data)
    start = _moment(session, starts, "starts_at")
    if start is None:
        raise InvalidInput("input.required", field="starts_at")
    meeting = Meeting(
        **code_columns(session, SERIES, CODE_PREFIX),
        kind=_kind(form.kind),
        title=form.title,
        starts_at=start,
        ends_at=start + DEFAULT_LENGTH,
        place=form.place,
        note=form.note,
        state="planned",
        **new_stamps(session),
    )
    _schedule(session, meeting, None, ends)
    _room(session, meeting, room)
    given = {name for name, ref in (("chair", chair), ("dept", dept)) if ref}
    _chair_and_dept(session, meeting, chair, dept, given)
    check_room_free(session, meeting)
    session.add(meeting)
    session.flush()
    add_attendee_lists(session, meeting, lists)
    after_attendees(session, meeting)
    if agenda:
        add_agenda_rows(session, meeting, agenda)
    return read_meeting(session, meeting)


def update_meeting(session: OfficeSession, ref: str | int, data: dict[str, Any]) -> MeetingRead:
    """Change what was given (None leaves a field, a blank optional one clears it). The time
    and room move only before the meeting; the minutes are written once it is held."""
    meeting = resolve_meeting(session, ref)
    ensure_not_cancelled(meeting)
    data = {key: value for key, value in data.items() if value is not None}
    given = set(data)
    starts, ends = data.pop("starts_at", None), data.pop("ends_at", None)
    room, chair, dept = (_text(data.pop(name, None)) for name in ("room", "chair", "dept"))
    lists = {name: data.pop(name) for name in ATTENDEE_FIELDS if name in data}
    agenda = data.pop("agenda", None)
    form = validate(MeetingUpdate, data)
    if given & {"starts_at", "ends_at", "room"}:
        booked = (meeting.starts_at, meeting.ends_at, meeting.room_id)
        _schedule(session, meeting, starts, ends)
        if "room" in given:
            _room(session, meeting, room)
        if (meeting.starts_at, meeting.ends_at, meeting.room_id) != booked:
            # A form sends every field: only a real move is refused after the meeting.
            ensure_preparing(meeting, "meeting.schedule_fixed")
            check_room_free(session, meeting)
    if form.minutes is not None and form.minutes != meeting.minutes:
        ensure_held(meeting)
        meeting.minutes = form.minutes
    apply_given(meeting, form, TEXT_FIELDS)
    if form.kind is not None:
        meeting.kind = _kind(form.kind)
    _chair_and_dept(session, meeting, chair, dept, given & {"chair", "dept"})
    if lists:
        replace_attendees(session, meeting, lists)
        after_attendees(session, meeting)
    if agenda is not None:
        replace_agenda(session, meeting, agenda)
    meeting.updated_at = session.env.now()
    session.flush()
    return read_meeting(session, meeting)


# ---- attendees and agenda ----------------------------------------------------------------------


def attend_meeting(
    session: OfficeSession,
    ref: str | int,
    names: Iterable[str],
    *,
    role: str = "attend",
    is_dept: bool = False,
    remove: bool = False,
    remark: str | None = None,
) -> MeetingRead:
    """Name people (or whole departments) on a meeting as 出席, 列席 or 请假, or take them off;
    naming one again changes their role (a leave of absence after the notice went out)."""
    meeting = resolve_meeting(session, ref)
    ensure_not_cancelled(meeting)
    code = role_of(role)
    for name in names:
        if remove:
            remove_attendee(session, meeting, name, is_dept)
        else:
            put_attendee(session, meeting, name, code, is_dept=is_dept, remark=remark)
    after_attendees(session, meeting)
    return read_meeting(session, meeting)


def set_attendees(session: OfficeSession, ref: str | int, lists: dict[str, Any]) -> MeetingRead:
    """The workbench's attendees form: the four lists replace the attendees."""
    meeting = resolve_meeting(session, ref)
    ensure_not_cancelled(meeting)
    replace_attendees(session, meeting, {name: lists.get(name) for name in ATTENDEE_FIELDS})
    after_attendees(session, meeting)
    return read_meeting(session, meeting)


def add_agenda(session: OfficeSession, ref: str | int, items: object) -> MeetingRead:
    """Add items ("topic" or "topic：presenter") at the end of the agenda."""
    meeting = resolve_meeting(session, ref)
    ensure_not_cancelled(meeting)
    parsed = parse_agenda(items)
    if not parsed:
        raise InvalidInput("input.required", field="agenda")
    add_agenda_rows(session, meeting, parsed)
    return read_meeting(session, meeting)


def set_agenda(session: OfficeSession, ref: str | int, items: object) -> MeetingRead:
    meeting = resolve_meeting(session, ref)
    ensure_not_cancelled(meeting)
    replace_agenda(session, meeting, items)
    return read_meeting(session, meeting)


def remove_agenda(session: OfficeSession, ref: str | int, item: str) -> MeetingRead:
    meeting = resolve_meeting(session, ref)
    ensure_not_cancelled(meeting)
    remove_agenda_item(session, meeting, item)
    return read_meeting(session, meeting)


# ---- the checklist -----------------------------------------------------------------------------


def _items(given: object) -> list[str]:
    """Checklist items as codes, by code or word (a list, or "a,b"); "all" names every one."""
    if isinstance(given, str):
        words: Iterable[object] = given.replace("，", ",").replace("、", ",").split(",")
    elif isinstance(given, Iterable):
        words = given
    else:
        words = ()
    codes: list[str] = []
    for word in (str(w).strip() for w in words):
        if word.lower() in ("all", "全部"):
            codes += CHECKLIST_ITEMS
        elif word:
            codes.append(chosen("checklist", word, CHECKLIST_ITEMS))
    if not codes:
        raise InvalidInput("input.choice", field="checklist", choices=list(CHECKLIST_ITEMS))
    return codes


def tick_checklist(
    session: OfficeSession, ref: str | int, items: object, *, undo: bool = False
) -> MeetingRead:
    """Tick preparation items off (or undo a tick) while the meeting is being prepared."""
    meeting = resolve_meeting(session, ref)
    ensure_preparing(meeting)
    held = set(ticked(meeting.checklist))
    codes = set(_items(items))
    held = held - codes if undo else held | codes
    meeting.checklist = ",".join(item for item in CHECKLIST_ITEMS if item in held)
    meeting.updated_at = session.env.now()
    session.flush()
    return read_meeting(session, meeting)


def set_checklist(session: OfficeSession, ref: str | int, items: object) -> MeetingRead:
    """The workbench's checklist form: exactly these items ticked, the others open."""
    meeting = resolve_meeting(session, ref)
    ensure_preparing(meeting)
    held = set(_items(items)) if items else set()
    meeting.checklist = ",".join(item for item in CHECKLIST_ITEMS if item in held)
    meeting.updated_at = session.env.now()
    session.flush()
    return read_meeting(session, meeting)


# ---- steps -------------------------------------------------------------------------------------


def _move(session: OfficeSession, meeting: Meeting, action: str) -> None:
    MEETING_MACHINE.move(meeting, action, session.env.now(), code=meeting.code)


def notify_meeting(session: OfficeSession, ref: str | int) -> MeetingRead:
    """通知已发: the notice went out; the checklist's first item is ticked with it."""
    meeting = resolve_meeting(session, ref)
    _move(session, meeting, "notify")
    held = set(ticked(meeting.checklist)) | {"notice"}
    meeting.checklist = ",".join(item for item in CHECKLIST_ITEMS if item in held)
    session.flush()
    return read_meeting(session, meeting)


def hold_meeting(session: OfficeSession, ref: str | int) -> MeetingRead:
    """已召开: not before the day it is planned for."""
    meeting = resolve_meeting(session, ref)
    MEETING_MACHINE.ensure(meeting, "hold", code=meeting.code)
    if local_day(meeting.starts_at) > session.env.today:
        raise InvalidInput(
            "meeting.held_before_start", code=meeting.code, starts=local_text(meeting.starts_at)
        )
    _move(session, meeting, "hold")
    session.flush()
    return read_meeting(session, meeting)


def minute_meeting(
    session: OfficeSession, ref: str | int, minutes: str | None = None
) -> MeetingRead:
    """纪要已成: with the minutes, written now or already on record."""
    meeting = resolve_meeting(session, ref)
    MEETING_MACHINE.ensure(meeting, "minute", code=meeting.code)
    text = (minutes or "").strip() or meeting.minutes.strip()
    if not text:
        raise InvalidInput("meeting.minutes_required", field="minutes", code=meeting.code)
    form = validate(MeetingUpdate, {"minutes": text})
    _move(session, meeting, "minute")
    meeting.minutes = form.minutes or text
    session.flush()
    return read_meeting(session, meeting)


def cancel_meeting(session: OfficeSession, ref: str | int, reason: str) -> MeetingRead:
    """取消, with the reason; the room is free again."""
    text = required_text(Reason, reason, "meeting.cancel_reason")
    meeting = resolve_meeting(session, ref)
    _move(session, meeting, "cancel")
    meeting.cancel_reason = text
    session.flush()
    return read_meeting(session, meeting)


# ---- resolutions -------------------------------------------------------------------------------


def _item_title(decision: str) -> str:
    """The item's title: the decision's first line, shortened to what a title holds."""
    first = decision.splitlines()[0].strip()
    return first if len(first) <= TITLE_ROOM else first[: TITLE_ROOM - 1] + "…"


def resolve_decision(
    session: OfficeSession,
    ref: str | int,
    decision: str,
    *,
    dept: str | None = None,
    owner: str | None = None,
    due: Any = None,
    priority: str = "normal",
) -> MeetingRead:
    """Record a resolution (议定事项) of a held meeting and open its supervision item in the same
    step: source meeting, referring to the meeting, led by `dept`, due by the meeting rule
    (services.task.default_due, from today) unless a date is given."""
    from officedesk.services.task import create_task

    meeting = resolve_meeting(session, ref)
    ensure_held(meeting)
    form = validate(ResolutionCreate, {"decision": decision})
    if not (dept or "").strip() and not (owner or "").strip():
        raise InvalidInput("meeting.lead_required", field="dept")
    chair = session.get(Person, meeting.chair_id) if meeting.chair_id else None
    day = local_day(meeting.starts_at).isoformat()
    task = create_task(
        session,
        {
            "title": _item_title(form.decision),
            "detail": f"{form.decision}\n\n{meeting.code} {meeting.title}（{day}）",
            "source": "meeting",
            "source_ref": f"{meeting.code} {meeting.title}"[:TITLE_ROOM],
            "leader": chair.name if chair else "",
            "priority": priority,
            "dept": dept or None,
            "owner": owner or None,
            "due": due or None,
        },
    )
    return _record_resolution(session, meeting, form.decision, task.id)


def link_resolution(
    session: OfficeSession, ref: str | int, item: str | int, decision: str | None = None
) -> MeetingRead:
    """Record a resolution of a held meeting that an existing supervision item already follows
    (opened from the minutes before the meeting was registered here); the decision is the
    item's title unless given. An item follows one resolution only."""
    from officedesk.services.task import resolve_task

    meeting = resolve_meeting(session, ref)
    ensure_held(meeting)
    task = resolve_task(session, item)
    table = table_of(MeetingResolution)
    taken = session.execute(
        select(table.c.meeting_id).where(table.c.task_id == task.id).limit(1)
    ).scalar()
    if taken is not None:
        other = session.get(Meeting, taken)
        raise Conflict("meeting.item_linked", task=task.code, other=other.code if other else "")
    form = validate(ResolutionCreate, {"decision": (decision or "").strip() or task.title})
    return _record_resolution(session, meeting, form.decision, id_of(task))


def _record_resolution(
    session: OfficeSession, meeting: Meeting, decision: str, task_id: int
) -> MeetingRead:
    table = table_of(MeetingResolution)
    last = session.execute(
        select(func.max(table.c.position)).where(table.c.meeting_id == meeting.id)
    ).scalar()
    session.add(
        MeetingResolution(
            meeting_id=id_of(meeting),
            position=(last or 0) + 1,
            decision=decision,
            task_id=task_id,
        )
    )
    meeting.updated_at = session.env.now()
    session.flush()
    return read_meeting(session, meeting)
