"""The booking rules (会议室预订): a room holds one meeting at a time, refused naming the meeting
already there; a person in two meetings at once and a meeting larger than its room are warned,
never refused (the office may have its reasons: a deputy goes, chairs are brought in)."""

from typing import Any

from sqlalchemy import select
from sqlmodel import col

from officedesk.db import OfficeSession
from officedesk.errors import Conflict
from officedesk.models import Person
from officedesk.models.meeting import Meeting, MeetingAttendee, Room
from officedesk.notices import Notice
from officedesk.services.meeting.states import PREPARING
from officedesk.services.moments import local_text
from officedesk.services.shared_records import table_of

PRESENT = ("attend", "observer")  # who is in the room: 出席 and 列席, not 请假
MAX_CLASH_NOTICES = 5  # a clash list longer than this says "and more" in its last line


def _overlapping(meeting: Meeting) -> Any:
    """The other live meetings whose time overlaps this one's (touching ends do not)."""
    table = table_of(Meeting)
    stmt = select(table.c.id, table.c.code, table.c.title, table.c.starts_at, table.c.ends_at)
    stmt = stmt.where(
        table.c.state != "cancelled",
        table.c.starts_at < meeting.ends_at,
        table.c.ends_at > meeting.starts_at,
    )
    if meeting.id is not None:
        stmt = stmt.where(table.c.id != meeting.id)
    return stmt


def _span(starts_at: Any, ends_at: Any) -> str:
    return f"{local_text(starts_at)}–{ends_at.astimezone():%H:%M}"


def check_room_free(session: OfficeSession, meeting: Meeting) -> None:
    """Refuse booking a room another live meeting holds at an overlapping time, naming it. The
    room's row is locked first (PostgreSQL), so two bookings of one room cannot both pass."""
    if meeting.room_id is None or meeting.state == "cancelled":
        return
    room = session.execute(
        select(Room).where(table_of(Room).c.id == meeting.room_id).with_for_update()
    ).scalar_one()
    stmt = _overlapping(meeting).where(table_of(Meeting).c.room_id == meeting.room_id)
    taken = session.execute(stmt.order_by(table_of(Meeting).c.starts_at).limit(1)).first()
    if taken is not None:
        raise Conflict(
            "meeting.room_taken",
            room=room.name,
            other=taken.code,
            title=taken.title,
            when=_span(taken.starts_at, taken.ends_at),
        )


def present_people(session: OfficeSession, meeting: Meeting) -> set[int]:
    """The people expected in the room: the chair, those named as 出席 or 列席, and the members
    of the departments named so (a person on leave stays out even when their department
    attends)."""
    table = table_of(MeetingAttendee)
    rows = session.execute(
        select(table.c.person_id, table.c.dept_id, table.c.role).where(
            table.c.meeting_id == meeting.id
        )
    ).all()
    away = {row.person_id for row in rows if row.person_id and row.role not in PRESENT}
    people = {row.person_id for row in rows if row.person_id and row.role in PRESENT}
    depts = {row.dept_id for row in rows if row.dept_id and row.role in PRESENT}
    if depts:
        person = table_of(Person)
        people |= set(session.scalars(select(person.c.id).where(person.c.dept_id.in_(depts))))
    if meeting.chair_id is not None:
        people.add(meeting.chair_id)
    return people - away


def headcount(session: OfficeSession, meeting: Meeting) -> int | None:
    """How many are expected in the room; None when nobody is named yet."""
    if meeting.id is None:
        return None
    people = present_people(session, meeting)
    return len(people) if people else None


def _named_people(session: OfficeSession, meeting: Meeting) -> set[int]:
    """The people named on the meeting in person (its chair, its 出席 and 列席): a clash is
    warned for them, not for every member of a department that attends."""
    table = table_of(MeetingAttendee)
    stmt = select(table.c.person_id).where(
        table.c.meeting_id == meeting.id,
        table.c.person_id.is_not(None),
        table.c.role.in_(PRESENT),
    )
    named = set(session.scalars(stmt))
    if meeting.chair_id is not None:
        named.add(meeting.chair_id)
    return named


def clash_notices(session: OfficeSession, meeting: Meeting) -> list[Notice]:
    """A person named on this meeting who is named on another at an overlapping time."""
    if meeting.state not in PREPARING or meeting.id is None:
        return []
    named = _named_people(session, meeting)
    if not named:
        return []
    others = session.execute(_overlapping(meeting).order_by(table_of(Meeting).c.starts_at)).all()
    if not others:
        return []
    attendee = table_of(MeetingAttendee)
    table = table_of(Meeting)
    ids = [other.id for other in others]
    taken: dict[int, set[int]] = {}
    stmt = select(attendee.c.meeting_id, attendee.c.person_id).where(
        attendee.c.meeting_id.in_(ids),
        attendee.c.person_id.in_(named),
        attendee.c.role.in_(PRESENT),
    )
    for row in session.execute(stmt):
        taken.setdefault(row.meeting_id, set()).add(row.person_id)
    chairs = select(table.c.id, table.c.chair_id).where(
        table.c.id.in_(ids), table.c.chair_id.in_(named)
    )
    for row in session.execute(chairs):
        taken.setdefault(row.id, set()).add(row.chair_id)
    notices = []
    people = session.scalars(select(Person).where(col(Person.id).in_(named)))
    names = {person.id: person.name for person in people}
    for other in others:
        for person_id in sorted(taken.get(other.id, ())):
            notices.append(
                Notice(
                    "meeting.warn.person_busy",
                    {
                        "code": meeting.code,
                        "person": names.get(person_id, str(person_id)),
                        "other": other.code,
                        "title": other.title,
                        "when": _span(other.starts_at, other.ends_at),
                    },
                )
            )
    return notices[:MAX_CLASH_NOTICES]


def booking_notices(
    session: OfficeSession, meeting: Meeting, count: int | None, capacity: int | None
) -> list[Notice]:
    """The booking rules a meeting still being prepared breaks, as warnings (once it is held,
    who sat where is history)."""
    if meeting.state not in PREPARING:
        return []
    notices = []
    if count is not None and capacity and count > capacity:
        notices.append(
            Notice(
                "meeting.warn.over_capacity",
                {"code": meeting.code, "count": count, "capacity": capacity},
            )
        )
    return notices + clash_notices(session, meeting)
