"""Commendations (评比表彰): the awards register and the staff events (员工大会, 表彰大会) an award
may come from, with their input and read models. Until meetings exist the events are a simple
list of their own."""

from datetime import date, datetime
from typing import Any, Optional

from pydantic import Field as PydanticField
from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field

from officedesk.models import directory as _fk_targets  # noqa: F401 - department, person tables
from officedesk.models.base import Audited, check_one_of, optional_key_to, text_field
from officedesk.models.limits import NAME_MAX, NOTE_MAX, REMARK_MAX, TITLE_MAX
from officedesk.models.schema_base import LongText, Name, Schema

EVENT_KINDS = ("staff_assembly", "commendation", "other")


class StaffEvent(Audited, table=True):
    __tablename__ = "staff_event"
    __table_args__ = (
        check_one_of("kind", EVENT_KINDS),
        Index("ix_staff_event_held_on", "held_on"),
    )

    held_on: date
    kind: str = Field(default="other", max_length=20)
    title: str = Field(max_length=TITLE_MAX)
    place: str = Field(default="", max_length=TITLE_MAX)
    note: str = text_field()


class Award(Audited, table=True):
    """An award goes to a person or to a department, never both, never neither. dept_id is the
    department it counts for: the recipient department, or the person's department on the day
    it was registered (kept, so a later transfer does not move the honour)."""

    __tablename__ = "award"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (recipient_dept_id IS NULL)", name="recipient"),
        CheckConstraint("year BETWEEN 1900 AND 2200", name="year"),
        Index("ix_award_year_dept", "year", "dept_id"),
        Index("ix_award_dept_year", "dept_id", "year"),
        Index("ix_award_person", "person_id"),
        Index("ix_award_event", "event_id"),
    )

    year: int
    name: str = Field(max_length=NAME_MAX)
    person_id: Optional[int] = optional_key_to("person")
    recipient_dept_id: Optional[int] = optional_key_to("department")
    dept_id: Optional[int] = optional_key_to("department")
    # The recipient's name as it was on the day (the search document reads it).
    recipient_name: str = Field(max_length=NAME_MAX)
    reason: str = Field(default="", max_length=REMARK_MAX)
    # The meeting or the document that decided it.
    doc_ref: str = Field(default="", max_length=TITLE_MAX)
    event_id: Optional[int] = optional_key_to("staff_event")
    awarded_on: Optional[date] = None


# ---- search (search_index.REGISTER_TABLES) -----------------------------------------------------

SEARCH_KIND = "award"
SEARCH_WATCHED = frozenset({"year", "name", "recipient_name", "reason", "doc_ref", "dept_id"})
SEARCH_DEPT_ATTR = "dept_id"


def search_fields(row: Any) -> dict[str, Any]:
    """Found by the award's name, the recipient's name, the reason and the document; the tag
    is the year, shown as it is."""
    return {
        "code": "",
        "title": f"{row.name} · {row.recipient_name}",
        "tag": str(row.year),
        "text": [row.name, row.recipient_name, row.reason, row.doc_ref, str(row.year)],
    }


# ---- input and read models ---------------------------------------------------------------------


class AwardCreate(Schema):
    name: Name = PydanticField(min_length=1, max_length=NAME_MAX)
    year: int = PydanticField(ge=1900, le=2200)
    reason: LongText = PydanticField(default="", max_length=REMARK_MAX)
    doc_ref: Name = PydanticField(default="", max_length=TITLE_MAX)


class AwardUpdate(Schema):
    name: Optional[Name] = PydanticField(default=None, min_length=1, max_length=NAME_MAX)
    year: Optional[int] = PydanticField(default=None, ge=1900, le=2200)
    reason: Optional[LongText] = PydanticField(default=None, max_length=REMARK_MAX)
    doc_ref: Optional[Name] = PydanticField(default=None, max_length=TITLE_MAX)


class EventCreate(Schema):
    title: Name = PydanticField(min_length=1, max_length=TITLE_MAX)
    place: Name = PydanticField(default="", max_length=TITLE_MAX)
    note: LongText = PydanticField(default="", max_length=NOTE_MAX)


class EventUpdate(Schema):
    title: Optional[Name] = PydanticField(default=None, min_length=1, max_length=TITLE_MAX)
    place: Optional[Name] = PydanticField(default=None, max_length=TITLE_MAX)
    note: Optional[LongText] = PydanticField(default=None, max_length=NOTE_MAX)


class EventRead(Schema):
    id: int
    held_on: date
    kind: str
    title: str
    place: str
    note: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    awards: Optional[int] = None  # how many awards name this event (detail reads only)


class AwardRead(Schema):
    id: int
    year: int
    name: str
    recipient: str  # "person" or "dept"
    recipient_name: str
    person_id: Optional[int]
    recipient_dept_id: Optional[int]
    dept_id: Optional[int]
    dept: Optional[str]
    reason: str
    doc_ref: str
    event_id: Optional[int]
    event: Optional[str]
    event_on: Optional[date]
    awarded_on: Optional[date]
    created_by: str
    created_at: datetime
    updated_at: datetime
