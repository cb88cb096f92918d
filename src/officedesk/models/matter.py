"""Coordination matters (协调事项): a matter taken up with superiors, other departments or inside
the office, the departments it involves, the log of who said what and when, the leader a
deadlock is escalated to and the decision they gave, the supervision items it spawned, and the
input and read models of them all."""

from datetime import date, datetime
from typing import Any, Optional

from pydantic import Field as PydanticField
from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from officedesk.models import directory as _fk_targets  # noqa: F401 - department table
from officedesk.models import task as _task_table  # noqa: F401 - a matter's items
from officedesk.models.base import (
    Coded,
    Numbered,
    Record,
    StepLog,
    checks_one_of,
    key_to,
    optional_key_to,
    text_field,
)
from officedesk.models.limits import NAME_MAX, NOTE_MAX, STATE_MAX, TITLE_MAX
from officedesk.models.schema_base import LongText, Name, Schema

# 纵向 (up to superiors and down to subordinates), 横向 (between departments), 内部 (in the office).
MATTER_DIRECTIONS = ("vertical", "horizontal", "internal")
MATTER_STATES = ("open", "agreed", "escalated", "closed")
# A log line: a contact (who said what), a step of the state table, the leader's decision, an
# item spawned or linked.
MATTER_LOG_KINDS = ("contact", "agree", "close", "escalate", "decide", "reopen", "item")


class Matter(Coded, table=True):
    __tablename__ = "matter"
    __numbered__ = Numbered(series="matter")
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_matter_year_seq"),
        *checks_one_of(direction=MATTER_DIRECTIONS, state=MATTER_STATES),
        # The stale list (open, no contact since a day) and a department's open matters.
        Index("ix_matter_state_last_contact", "state", "last_contact_at"),
        Index("ix_matter_lead_state", "lead_dept_id", "state"),
    )

    title: str = Field(max_length=TITLE_MAX)
    direction: str = Field(max_length=STATE_MAX)
    lead_dept_id: Optional[int] = optional_key_to("department")
    # "name; …" of the departments involved, kept by services.matter: search reads it.
    dept_names: str = text_field()
    asked: str = text_field()  # what is asked of whom
    state: str = Field(default="open", max_length=STATE_MAX)
    outcome: str = text_field()  # how it ended, given when closed
    leader: str = Field(default="", max_length=NAME_MAX)  # escalated to
    decision: str = text_field()  # the leader's decision, verbatim
    decided_at: Optional[datetime] = None
    # The latest contact (its creation until the first): what "stale" on Today is counted from.
    last_contact_at: datetime
    note: str = text_field()


class MatterDept(Record, table=True):
    """A department the matter involves (besides or including its lead)."""

    __tablename__ = "matter_dept"
    __table_args__ = (
        UniqueConstraint("matter_id", "dept_id", name="uq_matter_dept_matter_id"),
        Index("ix_matter_dept_dept", "dept_id"),
    )
    __journal_parent__ = ("matter", "matter_id")

    matter_id: int = key_to("matter")
    dept_id: int = key_to("department")


class MatterLog(StepLog, table=True):
    """One line of a matter's log: a contact (`at` is when it took place, `party` who took a
    position, `text` the position), or a step, a decision, an item (`at` when recorded)."""

    __tablename__ = "matter_log"
    __table_args__ = (
        Index("ix_matter_log_matter", "matter_id", "at"),
        *checks_one_of(kind=MATTER_LOG_KINDS),
    )
    __journal_parent__ = ("matter", "matter_id")

    matter_id: int = key_to("matter")
    kind: str = Field(max_length=STATE_MAX)
    party: str = Field(default="", max_length=NAME_MAX)
    text: str = text_field()


class MatterItem(Record, table=True):
    """A supervision item the matter spawned (or that follows it): an item follows one matter."""

    __tablename__ = "matter_item"
    __table_args__ = (
        UniqueConstraint("task_id", name="uq_matter_item_task_id"),
        Index("ix_matter_item_matter", "matter_id", "position"),
    )
    __journal_parent__ = ("matter", "matter_id")

    matter_id: int = key_to("matter")
    task_id: int = key_to("task")
    position: int = 0


# ---- search (search_index.REGISTER_TABLES) -----------------------------------------------------

SEARCH_KIND = "matter"
SEARCH_WATCHED = frozenset(
    {"code", "title", "dept_names", "asked", "leader", "state", "lead_dept_id"}
)
SEARCH_DEPT_ATTR = "lead_dept_id"


def search_fields(row: Any) -> dict[str, Any]:
    """A matter is found by its code, title, the departments involved, what is asked and the
    leader it went to; its tag is its state."""
    return {
        "code": row.code,
        "title": row.title,
        "tag": row.state,
        "text": [row.code, row.title, row.dept_names, row.asked, row.leader],
    }


# ---- input and read models ---------------------------------------------------------------------


class MatterCreate(Schema):
    title: Name = PydanticField(min_length=1, max_length=TITLE_MAX)
    direction: str = "horizontal"
    asked: LongText = PydanticField(default="", max_length=NOTE_MAX)
    note: LongText = PydanticField(default="", max_length=NOTE_MAX)


class MatterUpdate(Schema):
    title: Optional[Name] = PydanticField(default=None, min_length=1, max_length=TITLE_MAX)
    direction: Optional[str] = None
    asked: Optional[LongText] = PydanticField(default=None, max_length=NOTE_MAX)
    note: Optional[LongText] = PydanticField(default=None, max_length=NOTE_MAX)


class ContactCreate(Schema):
    party: Name = PydanticField(min_length=1, max_length=NAME_MAX)
    position: LongText = PydanticField(min_length=1, max_length=NOTE_MAX)


class LeaderInput(Schema):
    leader: Name = PydanticField(min_length=1, max_length=NAME_MAX)


class MatterLogRead(Schema):
    id: int
    at: datetime
    author: str
    kind: str
    party: str
    text: str
    from_state: Optional[str]
    to_state: Optional[str]


class MatterItemRead(Schema):
    position: int
    task_id: int
    task_code: str
    title: str
    task_state: str
    dept: Optional[str]
    due: date
    done: bool


class MatterRead(Schema):
    id: int
    code: str
    title: str
    direction: str
    lead_dept_id: Optional[int]
    lead_dept: Optional[str]
    depts: list[str]
    asked: str
    state: str
    outcome: str
    leader: str
    decision: str
    decided_at: Optional[datetime]
    last_contact_at: datetime
    # Working days since the last contact, and whether that makes an open matter stale.
    idle_workdays: int
    stale: bool
    note: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    item_count: int = 0
    items_done: int = 0
    log: Optional[list[MatterLogRead]] = None
    items: Optional[list[MatterItemRead]] = None
