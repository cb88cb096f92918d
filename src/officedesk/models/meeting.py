"""Meetings (会议) and rooms: the meeting record, who attends it (people and whole departments, as
出席, 列席 or 请假), its agenda, its resolutions (议定事项, each followed as a supervision item),
the rooms it is booked into, and the input and read models of them all."""

from datetime import date, datetime
from typing import Any, Optional

from pydantic import Field as PydanticField
from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field

from officedesk.models import directory as _fk_targets  # noqa: F401 - department, person tables
from officedesk.models import task as _task_table  # noqa: F401 - a resolution's item
from officedesk.models.base import (
    Audited,
    Coded,
    Numbered,
    Record,
    checks_one_of,
    key_to,
    optional_key_to,
    text_field,
)
from officedesk.models.limits import NAME_MAX, NOTE_MAX, REMARK_MAX, STATE_MAX, TITLE_MAX
from officedesk.models.schema_base import LongText, Name, Schema

# 总经理办公会, 专题会, 员工大会, 评比表彰会, 外部会议.
MEETING_KINDS = ("gm_office", "topical", "staff_assembly", "commendation", "external")
MEETING_STATES = ("planned", "notified", "held", "minuted", "cancelled")
# The preparation checklist (会前准备), in the order the office works through it.
CHECKLIST_ITEMS = ("notice", "materials", "room", "signage", "catering", "equipment")
# 出席, 列席, 请假.
ATTENDANCE_ROLES = ("attend", "observer", "leave")


class Room(Audited, table=True):
    __tablename__ = "room"
    __table_args__ = (
        UniqueConstraint("name", name="uq_room_name"),
        CheckConstraint("capacity >= 0", name="capacity"),
    )

    name: str = Field(max_length=NAME_MAX)
    capacity: int = 0
    equipment: str = Field(default="", max_length=REMARK_MAX)
    note: str = text_field()


class Meeting(Coded, table=True):
    __tablename__ = "meeting"
    __numbered__ = Numbered(series="meeting")
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_meeting_year_seq"),
        *checks_one_of(kind=MEETING_KINDS, state=MEETING_STATES),
        CheckConstraint("ends_at > starts_at", name="span"),
        # The list and calendar (by start), a room's bookings (the overlap check), Today.
        Index("ix_meeting_starts_at", "starts_at"),
        Index("ix_meeting_state_starts_at", "state", "starts_at"),
        Index("ix_meeting_room_starts_at", "room_id", "starts_at"),
    )

    kind: str = Field(max_length=STATE_MAX)
    title: str = Field(max_length=TITLE_MAX)
    starts_at: datetime
    ends_at: datetime
    room_id: Optional[int] = optional_key_to("room")
    place: str = Field(default="", max_length=TITLE_MAX)  # where, when not one of our rooms
    chair_id: Optional[int] = optional_key_to("person")
    dept_id: Optional[int] = optional_key_to("department")  # the organising department
    # "name; …" of the people and departments attending, kept by services.meeting: search reads it.
    attendee_names: str = text_field()
    # The checklist items ticked off (CHECKLIST_ITEMS codes, comma-joined, in that order).
    checklist: str = Field(default="", max_length=100)
    minutes: str = text_field()
    note: str = text_field()
    state: str = Field(default="planned", max_length=STATE_MAX)
    cancel_reason: str = Field(default="", max_length=REMARK_MAX)


class MeetingAttendee(Record, table=True):
    """One person or one whole department at a meeting, as 出席, 列席 or 请假."""

    __tablename__ = "meeting_attendee"
    __table_args__ = (
        Index("ix_meeting_attendee_meeting", "meeting_id"),
        Index("ix_meeting_attendee_person", "person_id"),
        *checks_one_of(role=ATTENDANCE_ROLES),
        CheckConstraint("(person_id IS NULL) <> (dept_id IS NULL)", name="who"),
    )
    __journal_parent__ = ("meeting", "meeting_id")

    meeting_id: int = key_to("meeting")
    person_id: Optional[int] = optional_key_to("person")
    dept_id: Optional[int] = optional_key_to("department")
    role: str = Field(default="attend", max_length=STATE_MAX)
    remark: str = Field(default="", max_length=REMARK_MAX)  # why on leave, who stands in


class MeetingAgenda(Record, table=True):
    __tablename__ = "meeting_agenda"
    __table_args__ = (Index("ix_meeting_agenda_meeting", "meeting_id", "position"),)
    __journal_parent__ = ("meeting", "meeting_id")

    meeting_id: int = key_to("meeting")
    position: int = 0
    topic: str = Field(max_length=TITLE_MAX)
    presenter: str = Field(default="", max_length=NAME_MAX)  # 汇报人


class MeetingResolution(Record, table=True):
    """One 议定事项: what was decided, and the supervision item that follows it to the end."""

    __tablename__ = "meeting_resolution"
    __table_args__ = (
        Index("ix_meeting_resolution_meeting", "meeting_id", "position"),
        Index("ix_meeting_resolution_task", "task_id"),
    )
    __journal_parent__ = ("meeting", "meeting_id")

    meeting_id: int = key_to("meeting")
    position: int = 0
    decision: str = Field(max_length=REMARK_MAX)
    task_id: Optional[int] = optional_key_to("task")


# ---- search (search_index.REGISTER_TABLES) -----------------------------------------------------

SEARCH_KIND = "meeting"
SEARCH_WATCHED = frozenset({"code", "title", "place", "attendee_names", "state", "dept_id"})
SEARCH_DEPT_ATTR = "dept_id"


def search_fields(row: Any) -> dict[str, Any]:
    """A meeting is found by its code, its title, its place and who attends; its tag is its
    state."""
    return {
        "code": row.code,
        "title": row.title,
        "tag": row.state,
        "text": [row.code, row.title, row.place, row.attendee_names],
    }


# ---- input and read models ---------------------------------------------------------------------


class RoomCreate(Schema):
    name: Name = PydanticField(min_length=1, max_length=NAME_MAX)
    capacity: int = PydanticField(default=0, ge=0, le=100_000)
    equipment: Name = PydanticField(default="", max_length=REMARK_MAX)
    note: LongText = PydanticField(default="", max_length=NOTE_MAX)


class RoomUpdate(Schema):
    name: Optional[Name] = PydanticField(default=None, min_length=1, max_length=NAME_MAX)
    capacity: Optional[int] = PydanticField(default=None, ge=0, le=100_000)
    equipment: Optional[Name] = PydanticField(default=None, max_length=REMARK_MAX)
    note: Optional[LongText] = PydanticField(default=None, max_length=NOTE_MAX)


class RoomRead(Schema):
    id: int
    name: str
    capacity: int
    equipment: str
    note: str
    created_at: datetime
    updated_at: datetime


class MeetingCreate(Schema):
    title: Name = PydanticField(min_length=1, max_length=TITLE_MAX)
    kind: str = "topical"
    place: Name = PydanticField(default="", max_length=TITLE_MAX)
    note: LongText = PydanticField(default="", max_length=NOTE_MAX)


class MeetingUpdate(Schema):
    title: Optional[Name] = PydanticField(default=None, min_length=1, max_length=TITLE_MAX)
    kind: Optional[str] = None
    place: Optional[Name] = PydanticField(default=None, max_length=TITLE_MAX)
    note: Optional[LongText] = PydanticField(default=None, max_length=NOTE_MAX)
    minutes: Optional[LongText] = PydanticField(default=None, max_length=NOTE_MAX * 5)


class AgendaCreate(Schema):
    topic: Name = PydanticField(min_length=1, max_length=TITLE_MAX)
    presenter: Name = PydanticField(default="", max_length=NAME_MAX)


class ResolutionCreate(Schema):
    decision: LongText = PydanticField(min_length=1, max_length=REMARK_MAX)


class AttendeeRead(Schema):
    id: int
    person_id: Optional[int]
    dept_id: Optional[int]
    name: str  # the person's or the department's
    is_dept: bool
    role: str
    remark: str


class AgendaRead(Schema):
    id: int
    position: int
    topic: str
    presenter: str


class ResolutionRead(Schema):
    id: int
    position: int
    decision: str
    task_id: Optional[int]
    task_code: Optional[str]
    task_state: Optional[str]
    dept: Optional[str]
    due: Optional[date]
    done: bool


class MeetingRead(Schema):
    id: int
    code: str
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    room_id: Optional[int]
    room: Optional[str]
    room_capacity: Optional[int]
    place: str
    chair_id: Optional[int]
    chair: Optional[str]
    dept_id: Optional[int]
    dept: Optional[str]
    attendee_names: str
    checklist: list[str]
    checklist_open: list[str]
    minutes: str
    note: str
    state: str
    cancel_reason: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    attendees: Optional[list[AttendeeRead]] = None
    agenda: Optional[list[AgendaRead]] = None
    resolutions: Optional[list[ResolutionRead]] = None
    # The number expected in the room (出席 and 列席, departments by their members), when known.
    headcount: Optional[int] = None
    # All resolutions followed to done (None: no resolution recorded).
    carried_out: Optional[bool] = None
    # The booking rules' warnings ({"code", "params", "message"}), worded in the read's language.
    warnings: list[dict[str, Any]] = PydanticField(default_factory=list)
