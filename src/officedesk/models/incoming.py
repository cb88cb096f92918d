"""Tables of the incoming register (收文 / 来电 / 来函): the documents, their step log, the
departments assisting the lead one, and the circulation (传阅) of each copy."""

from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from officedesk.models import directory as _fk_targets  # noqa: F401 - department, person tables
from officedesk.models import task as _task_target  # noqa: F401 - the task table
from officedesk.models.base import SECRECY_LEVELS, URGENCIES, Numbered, utcnow

STATES = (
    "registered",
    "reviewed",
    "returned",
    "proposed",
    "instructed",
    "handling",
    "answered",
    "done",
    "filed",
)
KINDS = ("document", "call", "letter", "fax", "email")
MODES = ("read", "handle")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Incoming(SQLModel, table=True):
    __tablename__ = "incoming"
    __numbered__ = Numbered(series="SW")
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_incoming_year_seq"),
        CheckConstraint(_in("state", STATES), name="state"),
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint(_in("urgency", URGENCIES), name="urgency"),
        CheckConstraint(_in("secrecy", SECRECY_LEVELS), name="secrecy"),
        CheckConstraint(_in("mode", MODES), name="mode"),
        # The list: open documents newest first; by state for Today's waiting section.
        Index("ix_incoming_state_received", "state", "received_at"),
        Index("ix_incoming_state_due", "state", "due"),
        Index("ix_incoming_urgency_state", "urgency", "state"),
        Index("ix_incoming_lead_state", "lead_dept_id", "state"),
        Index("ix_incoming_received", "received_at"),
        # Documents handled in a period (the outgoing register's summary draft).
        Index("ix_incoming_done_on", "done_on"),
        Index("ix_incoming_task", "task_id"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True)
    year: int
    seq: int
    kind: str = Field(default="document", max_length=10)
    title: str = Field(max_length=200)
    # The sender as written on the paper; sender_dept_id when it is in the directory.
    sender: str = Field(default="", max_length=200)
    sender_dept_id: Optional[int] = Field(
        default=None, foreign_key="department.id", ondelete="RESTRICT"
    )
    sender_number: str = Field(default="", max_length=100)
    received_at: datetime
    urgency: str = Field(default="normal", max_length=20)
    secrecy: str = Field(default="public", max_length=20)
    mode: str = Field(default="handle", max_length=10)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # A call or a letter: who rang or wrote, and how to reach them.
    caller: str = Field(default="", max_length=100)
    phone: str = Field(default="", max_length=40)
    return_reason: str = Field(default="", max_length=2000)
    proposal: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    proposed_by: str = Field(default="", max_length=100)
    # The leader's 批示 exactly as given; earlier instructions stay in the log.
    instruction: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    leader: str = Field(default="", max_length=100)
    instructed_at: Optional[datetime] = None
    lead_dept_id: Optional[int] = Field(
        default=None, foreign_key="department.id", ondelete="RESTRICT"
    )
    due: Optional[date] = None
    task_id: Optional[int] = Field(default=None, foreign_key="task.id", ondelete="RESTRICT")
    answer: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    answered_on: Optional[date] = None
    result: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    done_on: Optional[date] = None
    filed_on: Optional[date] = None
    state: str = Field(default="registered", max_length=20)
    created_by: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class IncomingAssist(SQLModel, table=True):
    """An assisting department (协办) of a document; the lead one (主办) is on the document."""

    __tablename__ = "incoming_assist"
    __table_args__ = (
        UniqueConstraint("incoming_id", "dept_id", name="uq_incoming_assist_incoming_dept"),
    )
    __journal_parent__ = ("incoming", "incoming_id")

    id: Optional[int] = Field(default=None, primary_key=True)
    incoming_id: int = Field(foreign_key="incoming.id", ondelete="RESTRICT")
    dept_id: int = Field(foreign_key="department.id", ondelete="RESTRICT")


class IncomingLog(SQLModel, table=True):
    """Each step with who, when and the words given (a 批示 verbatim), reminders and notes."""

    __tablename__ = "incoming_log"
    __table_args__ = (Index("ix_incoming_log_incoming", "incoming_id", "id"),)
    __journal_parent__ = ("incoming", "incoming_id")

    id: Optional[int] = Field(default=None, primary_key=True)
    incoming_id: int = Field(foreign_key="incoming.id", ondelete="RESTRICT")
    at: datetime = Field(default_factory=utcnow)
    author: str = Field(default="", max_length=100)
    kind: str = Field(max_length=20)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # Who gave the words of an instruction (the operator only typed them in).
    given_by: str = Field(default="", max_length=100)
    from_state: Optional[str] = Field(default=None, max_length=20)
    to_state: Optional[str] = Field(default=None, max_length=20)


class IncomingCirculation(SQLModel, table=True):
    """One reader of a document's copy (传阅), in the order the copy travels: handed_at is when
    it reached them, read_at when they signed it as read (签阅)."""

    __tablename__ = "incoming_circulation"
    __table_args__ = (
        UniqueConstraint("incoming_id", "person_id", name="uq_incoming_circulation_reader"),
        Index("ix_incoming_circulation_incoming", "incoming_id", "seq"),
    )
    __journal_parent__ = ("incoming", "incoming_id")

    id: Optional[int] = Field(default=None, primary_key=True)
    incoming_id: int = Field(foreign_key="incoming.id", ondelete="RESTRICT")
    person_id: int = Field(foreign_key="person.id", ondelete="RESTRICT")
    seq: int
    sent_at: datetime = Field(default_factory=utcnow)
    sent_by: str = Field(default="", max_length=100)
    handed_at: Optional[datetime] = None
    read_at: Optional[datetime] = None
    reminders: int = 0
    reminded_at: Optional[datetime] = None


# ---- global search (search_index.REGISTER_TABLES) ---------------------------------------------

SEARCH_KIND = "incoming"
SEARCH_WATCHED = frozenset(
    {"code", "title", "sender", "sender_number", "caller", "state", "lead_dept_id"}
)
SEARCH_DEPT_ATTR = "lead_dept_id"


def search_fields(row: Any) -> dict[str, Any]:
    """Found by its code, title, sender, the sender's own number and the caller of a call."""
    return {
        "code": row.code,
        "title": row.title,
        "tag": row.state,
        "text": [row.code, row.title, row.sender, row.sender_number, row.caller],
    }
