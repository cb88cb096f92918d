"""Visits (公务接待): the reception record, its guests, the activities of its reception list, and
the input and read models of all three. Money is kept in fen (integers), never in floats."""

from datetime import date, datetime
from typing import Any, Optional

from pydantic import Field as PydanticField
from sqlalchemy import BigInteger, CheckConstraint, Index, UniqueConstraint
from sqlmodel import Column, Field

from officedesk.models import directory as _fk_targets  # noqa: F401 - department, person tables
from officedesk.models.base import (
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

VISIT_STATES = ("planned", "confirmed", "done", "settled", "cancelled")
VISIT_LEVELS = ("general", "important", "major")
# The papers a settlement needs (standards.md §5.8): 发票, the sending unit's 公函, 接待清单.
VISIT_PAPERS = ("invoice", "letter", "list")


class Visit(Coded, table=True):
    __tablename__ = "visit"
    __numbered__ = Numbered(series="visit")
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_visit_year_seq"),
        *checks_one_of(state=VISIT_STATES, level=VISIT_LEVELS),
        CheckConstraint("departs_at IS NULL OR departs_at >= arrives_at", name="stay"),
        CheckConstraint("guest_count >= 0 AND table_hosts >= 0", name="counts"),
        CheckConstraint("budget_fen IS NULL OR budget_fen >= 0", name="budget_fen"),
        CheckConstraint("cost_fen IS NULL OR cost_fen >= 0", name="cost_fen"),
        CheckConstraint("state <> 'settled' OR cost_fen IS NOT NULL", name="settled_cost"),
        # The list (by arrival, newest first, optionally by state) and Today (today's arrivals).
        Index("ix_visit_arrives_at", "arrives_at"),
        Index("ix_visit_state_arrives_at", "state", "arrives_at"),
        Index("ix_visit_host_dept_arrives_at", "host_dept_id", "arrives_at"),
    )

    # The guests' unit as written; guest_org_id links it to the directory when it is there.
    guest_org: str = Field(max_length=TITLE_MAX)
    guest_org_id: Optional[int] = optional_key_to("department")
    letter_ref: str = Field(default="", max_length=TITLE_MAX)  # the sending unit's 公函
    purpose: str = Field(default="", max_length=500)
    level: str = Field(default="general", max_length=10)
    arrives_at: datetime
    departs_at: Optional[datetime] = None
    host_id: Optional[int] = optional_key_to("person")
    host_dept_id: Optional[int] = optional_key_to("department")
    # At least the number of named guests (visit_guest); a delegation may be larger.
    guest_count: int = 0
    # "name post; …" of visit_guest, kept by services.visit.actions: the search document reads it.
    guest_names: str = text_field()
    table_hosts: int = 0  # 陪餐人数
    meals: str = Field(default="", max_length=500)
    lodging: str = Field(default="", max_length=500)
    car: str = Field(default="", max_length=TITLE_MAX)
    room: str = Field(default="", max_length=TITLE_MAX)
    note: str = text_field()
    budget_fen: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    cost_fen: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    state: str = Field(default="planned", max_length=STATE_MAX)
    settled_on: Optional[date] = None
    cancel_reason: str = Field(default="", max_length=REMARK_MAX)
    # Why the visit was confirmed before its 公函 came (reception rules: a confirmation needs one).
    letter_waiver: str = Field(default="", max_length=REMARK_MAX)
    # The settlement papers held (VISIT_PAPERS codes, comma-joined): settling needs all three.
    papers: str = Field(default="", max_length=40)


class VisitGuest(Record, table=True):
    __tablename__ = "visit_guest"
    __table_args__ = (Index("ix_visit_guest_visit", "visit_id", "position"),)
    __journal_parent__ = ("visit", "visit_id")

    visit_id: int = key_to("visit")
    position: int = 0
    name: str = Field(max_length=50)
    post: str = Field(default="", max_length=NAME_MAX)  # 职务


class VisitActivity(Record, table=True):
    """One line of the reception list (接待清单): what happens, when, where, at what cost."""

    __tablename__ = "visit_activity"
    __table_args__ = (
        Index("ix_visit_activity_visit", "visit_id", "starts_at"),
        CheckConstraint("cost_fen IS NULL OR cost_fen >= 0", name="cost_fen"),
    )
    __journal_parent__ = ("visit", "visit_id")

    visit_id: int = key_to("visit")
    starts_at: datetime
    place: str = Field(default="", max_length=TITLE_MAX)
    activity: str = Field(max_length=500)
    cost_fen: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))


# ---- search (search_index.REGISTER_TABLES) -----------------------------------------------------

SEARCH_KIND = "visit"
SEARCH_WATCHED = frozenset(
    {"code", "guest_org", "purpose", "guest_names", "letter_ref", "state", "host_dept_id"}
)
SEARCH_DEPT_ATTR = "host_dept_id"


def search_fields(row: Any) -> dict[str, Any]:
    """A visit is found by its code, the guests' unit, the guests' names and posts, its purpose
    and its official letter; its tag is its state."""
    title = f"{row.guest_org} · {row.purpose}" if row.purpose else row.guest_org
    return {
        "code": row.code,
        "title": title,
        "tag": row.state,
        "text": [row.code, row.guest_org, row.purpose, row.guest_names, row.letter_ref],
    }


# ---- input and read models ---------------------------------------------------------------------


class GuestCreate(Schema):
    name: Name = PydanticField(min_length=1, max_length=50)
    post: Name = PydanticField(default="", max_length=NAME_MAX)


class VisitCreate(Schema):
    guest_org: Name = PydanticField(min_length=1, max_length=TITLE_MAX)
    letter_ref: Name = PydanticField(default="", max_length=TITLE_MAX)
    purpose: Name = PydanticField(default="", max_length=500)
    level: str = "general"
    table_hosts: int = PydanticField(default=0, ge=0, le=1000)
    meals: Name = PydanticField(default="", max_length=500)
    lodging: Name = PydanticField(default="", max_length=500)
    car: Name = PydanticField(default="", max_length=TITLE_MAX)
    room: Name = PydanticField(default="", max_length=TITLE_MAX)
    note: LongText = PydanticField(default="", max_length=NOTE_MAX)


class VisitUpdate(Schema):
    guest_org: Optional[Name] = PydanticField(default=None, min_length=1, max_length=TITLE_MAX)
    letter_ref: Optional[Name] = PydanticField(default=None, max_length=TITLE_MAX)
    purpose: Optional[Name] = PydanticField(default=None, max_length=500)
    level: Optional[str] = None
    table_hosts: Optional[int] = PydanticField(default=None, ge=0, le=1000)
    meals: Optional[Name] = PydanticField(default=None, max_length=500)
    lodging: Optional[Name] = PydanticField(default=None, max_length=500)
    car: Optional[Name] = PydanticField(default=None, max_length=TITLE_MAX)
    room: Optional[Name] = PydanticField(default=None, max_length=TITLE_MAX)
    note: Optional[LongText] = PydanticField(default=None, max_length=NOTE_MAX)


class ActivityCreate(Schema):
    place: Name = PydanticField(default="", max_length=TITLE_MAX)
    activity: Name = PydanticField(min_length=1, max_length=500)


class GuestRead(Schema):
    id: int
    position: int
    name: str
    post: str


class ActivityRead(Schema):
    id: int
    starts_at: datetime
    place: str
    activity: str
    cost_fen: Optional[int]
    cost: Optional[str]


class VisitRead(Schema):
    id: int
    code: str
    guest_org: str
    guest_org_id: Optional[int]
    letter_ref: str
    purpose: str
    level: str
    arrives_at: datetime
    departs_at: Optional[datetime]
    host_id: Optional[int]
    host: Optional[str]
    host_dept_id: Optional[int]
    host_dept: Optional[str]
    guest_count: int
    table_hosts: int
    host_limit: int
    meals: str
    lodging: str
    car: str
    room: str
    note: str
    budget_fen: Optional[int]
    cost_fen: Optional[int]
    budget: Optional[str]
    cost: Optional[str]
    state: str
    settled_on: Optional[date]
    cancel_reason: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    guests: Optional[list[GuestRead]] = None
    activities: Optional[list[ActivityRead]] = None
    # The reception rules' warnings ({"code", "params", "message"}), worded in the language of
    # the read.
    warnings: list[dict[str, Any]] = PydanticField(default_factory=list)
    # Appended last, so the keys a script already reads keep their order.
    letter_waiver: str = ""
    papers: list[str] = PydanticField(default_factory=list)
