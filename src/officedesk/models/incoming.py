"""Tables of the incoming register (收文 / 来电 / 来函): the documents, their step log, the
departments assisting the lead one, and the circulation (传阅) of each copy."""

from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from officedesk.models import directory as _fk_targets  # noqa: F401 - department, person tables
from officedesk.models import task as _task_target  # noqa: F401 - the task table
from officedesk.models.base import (
    Coded,
    Numbered,
    Record,
    StepLog,
    checks_one_of,
    key_to,
    optional_key_to,
    text_field,
    utcnow,
)
from officedesk.models.limits import (
    INCOMING_URGENCIES,
    NAME_MAX,
    REMARK_MAX,
    SECRECY_LEVELS,
    STATE_MAX,
    TITLE_MAX,
)

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
KINDS = ("document", "telegram", "call", "letter", "fax", "email")
URGENCIES = INCOMING_URGENCIES  # a telegram's grades beside a document's (models.limits)
MODES = ("read", "handle")


class Incoming(Coded, table=True):
    __tablename__ = "incoming"
    __numbered__ = Numbered(series="SW")
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_incoming_year_seq"),
        *checks_one_of(
            state=STATES,
            kind=KINDS,
            urgency=URGENCIES,
            secrecy=SECRECY_LEVELS,
            mode=MODES,
        ),
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

    kind: str = Field(default="document", max_length=10)
    title: str = Field(max_length=TITLE_MAX)
    # The sender as written on the paper; sender_dept_id when it is in the directory.
    sender: str = Field(default="", max_length=TITLE_MAX)
    sender_dept_id: Optional[int] = optional_key_to("department")
    sender_number: str = Field(default="", max_length=NAME_MAX)
    received_at: datetime
    urgency: str = Field(default="normal", max_length=20)
    secrecy: str = Field(default="public", max_length=20)
    secrecy_years: int = 0  # 保密期限 (机密★10年); 0: none written
    mode: str = Field(default="handle", max_length=10)
    summary: str = text_field()
    # A call or a letter: who rang or wrote, and how to reach them.
    caller: str = Field(default="", max_length=NAME_MAX)
    phone: str = Field(default="", max_length=40)
    return_reason: str = Field(default="", max_length=REMARK_MAX)
    proposal: str = text_field()
    proposed_by: str = Field(default="", max_length=NAME_MAX)
    # The leader's 批示 exactly as given; earlier instructions stay in the log.
    instruction: str = text_field()
    leader: str = Field(default="", max_length=NAME_MAX)
    instructed_at: Optional[datetime] = None
    lead_dept_id: Optional[int] = optional_key_to("department")
    due: Optional[date] = None
    task_id: Optional[int] = optional_key_to("task")
    answer: str = text_field()
    answered_on: Optional[date] = None
    result: str = text_field()
    done_on: Optional[date] = None
    filed_on: Optional[date] = None
    state: str = Field(default="registered", max_length=STATE_MAX)


class IncomingPart(Record):
    """A row of one document (an assisting department, a log entry, a reader): it holds the
    document's id, and undo and history show its changes as the document's. The log lists it
    before StepLog: the last base's columns come first, so the step columns keep their place."""

    __journal_parent__ = ("incoming", "incoming_id")

    incoming_id: int = key_to("incoming")


class IncomingAssist(IncomingPart, table=True):
    """An assisting department (协办) of a document; the lead one (主办) is on the document."""

    __tablename__ = "incoming_assist"
    __table_args__ = (
        UniqueConstraint("incoming_id", "dept_id", name="uq_incoming_assist_incoming_dept"),
    )

    dept_id: int = key_to("department")


class IncomingLog(IncomingPart, StepLog, table=True):
    """Each step with who, when and the words given (a 批示 verbatim), reminders and notes."""

    __tablename__ = "incoming_log"
    __table_args__ = (Index("ix_incoming_log_incoming", "incoming_id", "id"),)

    kind: str = Field(max_length=STATE_MAX)
    text: str = text_field()
    # Who gave the words of an instruction (the operator only typed them in).
    given_by: str = Field(default="", max_length=NAME_MAX)


class IncomingCirculation(IncomingPart, table=True):
    """One reader of a document's copy (传阅), in the order the copy travels: handed_at is when
    it reached them, read_at when they signed it as read (签阅)."""

    __tablename__ = "incoming_circulation"
    __table_args__ = (
        UniqueConstraint("incoming_id", "person_id", name="uq_incoming_circulation_reader"),
        Index("ix_incoming_circulation_incoming", "incoming_id", "seq"),
    )

    person_id: int = key_to("person")
    seq: int
    sent_at: datetime = Field(default_factory=utcnow)
    sent_by: str = Field(default="", max_length=NAME_MAX)
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
