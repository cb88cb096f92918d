"""Tables of the seal register (印章): the seals and their lifecycle, the hash-chained usage log
(用印登记) and the introduction letters (介绍信). The log and the letters are append-only: no
service edits or deletes them, and undo refuses to (journal.is_append_only)."""

from datetime import date, datetime
from typing import Any, Optional

from pydantic import Field as InputField
from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field

from officedesk.models import directory as _fk_targets  # noqa: F401 - department, person tables
from officedesk.models.base import (
    Audited,
    Record,
    SearchTable,
    check_one_of,
    key_to,
    optional_key_to,
    utcnow,
)
from officedesk.models.limits import NAME_MAX, REMARK_MAX, STATE_MAX, TITLE_MAX
from officedesk.models.schema_base import LongText, Name, OptText, Schema

SEAL_KINDS = ("official", "contract", "finance", "legal_rep", "intro_letter")
SEAL_STATES = ("engraved", "active", "suspended", "recalled", "destroyed")
# Lifecycle steps as logged in seal_event: "engrave" is the registration of a new seal.
SEAL_EVENT_ACTIONS = ("engrave", "activate", "suspend", "reinstate", "recall", "destroy")
# A use request (用印申请): asked for, then approved or refused, an approved one then used.
REQUEST_STATES = ("requested", "approved", "refused", "used")


class Seal(Audited, table=True):
    __tablename__ = "seal"
    __table_args__ = (
        check_one_of("kind", SEAL_KINDS),
        check_one_of("state", SEAL_STATES),
        Index("ix_seal_state_kind", "state", "kind"),
        Index("ix_seal_dept_state", "dept_id", "state"),
        Index("ix_seal_keeper", "keeper_id"),
    )

    name: str = Field(max_length=100, unique=True)
    kind: str = Field(max_length=20)
    # The code the public security bureau gives a registered seal (印章编码), when known.
    serial: str = Field(default="", max_length=40)
    keeper_id: Optional[int] = optional_key_to("person")
    dept_id: Optional[int] = optional_key_to("department")
    state: str = Field(default="engraved", max_length=STATE_MAX)
    state_on: date  # the date of the latest lifecycle step
    note: str = Field(default="", max_length=REMARK_MAX)


class SealEvent(Record, table=True):
    """One lifecycle step: what, on which date, under which approval, by whom."""

    __tablename__ = "seal_event"
    __table_args__ = (
        check_one_of("action", SEAL_EVENT_ACTIONS),
        Index("ix_seal_event_seal", "seal_id", "id"),
    )
    __journal_parent__ = ("seal", "seal_id")

    seal_id: int = key_to("seal")
    action: str = Field(max_length=20)
    from_state: Optional[str] = Field(default=None, max_length=STATE_MAX)
    to_state: str = Field(max_length=STATE_MAX)
    step_on: date
    approval: str = Field(max_length=TITLE_MAX)
    note: str = Field(default="", max_length=REMARK_MAX)
    by: str = Field(default="", max_length=NAME_MAX)
    at: datetime = Field(default_factory=utcnow)


class AskedUse(Record):
    """What a use of a seal asks for, the same in a request and in the log entry of the use:
    the seal, who asks and for which department, the document, why and how many copies."""

    seal_id: int = key_to("seal")
    # The requester's name as it was at the time (the directory may change later).
    requester: str = Field(max_length=50)
    requester_id: Optional[int] = optional_key_to("person")
    dept_id: Optional[int] = optional_key_to("department")
    doc_title: str = Field(max_length=TITLE_MAX)
    purpose: str = Field(default="", max_length=500)
    copies: int = 1


class SealUse(AskedUse, table=True):
    """One entry of the usage log. `hash` covers the entry's content and `prev_hash`, the hash
    of the entry before it (services/seal_chain.py); `seq` is its place in the chain."""

    __tablename__ = "seal_use"
    __table_args__ = (
        CheckConstraint("copies >= 1", name="copies"),
        Index("ix_seal_use_seal_used", "seal_id", "used_at"),
        Index("ix_seal_use_dept_used", "dept_id", "used_at"),
        Index("ix_seal_use_used_at", "used_at"),
        Index("ix_seal_use_corrects", "corrects_id"),
    )
    __journal_parent__ = ("seal", "seal_id")
    __append_only__ = True
    __undo_hint__ = "undo.hint.seal_use"

    seq: int = Field(unique=True)
    used_at: datetime
    approver: str = Field(max_length=NAME_MAX)
    registered_by: str = Field(max_length=NAME_MAX)
    recorded_at: datetime = Field(default_factory=utcnow)
    corrects_id: Optional[int] = optional_key_to("seal_use")
    # A correction that says the corrected entry should not have been logged at all.
    void: bool = False
    note: str = Field(default="", max_length=REMARK_MAX)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)
    # HMAC-SHA-256 of `hash` under the seal key kept outside the database (services/seal_chain):
    # None for entries written before the key existed, or by a process that had no key.
    mac: Optional[str] = Field(default=None, max_length=64)


class IntroLetter(Record, table=True):
    """An introduction letter (介绍信), numbered per year; its seal use is in the chain and the
    letter's content is part of that entry's hash."""

    __tablename__ = "intro_letter"
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_intro_letter_year_seq"),
        CheckConstraint("bearer_count >= 1", name="bearer_count"),
        Index("ix_intro_letter_issued", "issued_on", "id"),
    )
    __append_only__ = True
    __undo_hint__ = "undo.hint.seal_use"

    number: str = Field(max_length=20, unique=True)
    year: int
    seq: int
    to_unit: str = Field(max_length=TITLE_MAX)
    bearers: str = Field(max_length=TITLE_MAX)
    bearer_count: int = 1
    purpose: str = Field(max_length=500)
    issued_on: date
    valid_until: date
    use_id: int = key_to("seal_use", unique=True)


class SealRequest(AskedUse, table=True):
    """A request to use a seal, waiting for approval; once used it names its log entry."""

    __tablename__ = "seal_request"
    __table_args__ = (
        check_one_of("state", REQUEST_STATES),
        CheckConstraint("copies >= 1", name="copies"),
        Index("ix_seal_request_state", "state", "requested_at"),
        Index("ix_seal_request_seal_state", "seal_id", "state"),
    )
    __journal_parent__ = ("seal", "seal_id")

    state: str = Field(default="requested", max_length=STATE_MAX)
    requested_at: datetime = Field(default_factory=utcnow)
    requested_by: str = Field(default="", max_length=NAME_MAX)
    approver: str = Field(default="", max_length=NAME_MAX)
    decided_at: Optional[datetime] = None
    decided_by: str = Field(default="", max_length=NAME_MAX)
    decision_note: str = Field(default="", max_length=REMARK_MAX)
    use_id: Optional[int] = optional_key_to("seal_use")


# ---- search (search_index.REGISTER_TABLES) ------------------------------------------------------

SEARCH_KIND = "seal"
SEARCH_WATCHED = frozenset({"name", "serial", "state", "note", "dept_id"})
SEARCH_DEPT_ATTR = "dept_id"


def search_fields(row: Any) -> dict[str, Any]:
    """A seal's search document; reads only SEARCH_WATCHED (row may be a Core row)."""
    return {
        "code": row.serial or "",
        "title": row.name,
        "tag": row.state,
        "text": [row.name, row.serial, row.note],
    }


def _use_fields(row: Any) -> dict[str, Any]:
    """A usage log entry: found by the document sealed, its purpose, who asked and who
    approved (`search 采购`); shown with the requester."""
    return {
        "code": "",
        "title": row.doc_title,
        "tag": row.requester,
        "text": [row.doc_title, row.purpose, row.requester, row.approver, row.note],
    }


def _letter_fields(row: Any) -> dict[str, Any]:
    """An introduction letter: found by its number (`search JS-2026-0001`), the unit it is
    addressed to, its bearers and purpose; shown with the bearers."""
    return {
        "code": row.number,
        "title": row.to_unit,
        "tag": row.bearers,
        "text": [row.number, row.to_unit, row.bearers, row.purpose],
    }


# The register's other searchable tables (registry: the seal register's `searches`).
SEARCH_TABLES = {
    "seal_use": SearchTable(
        "seal_use",
        frozenset({"doc_title", "purpose", "requester", "approver", "note", "dept_id"}),
        "dept_id",
        _use_fields,
    ),
    "intro_letter": SearchTable(
        "letter", frozenset({"number", "to_unit", "bearers", "purpose"}), None, _letter_fields
    ),
}


# ---- input and read models ----------------------------------------------------------------------


class SealCreate(Schema):
    name: Name = InputField(min_length=1, max_length=NAME_MAX)
    kind: str = InputField(min_length=1, max_length=20)
    serial: Name = InputField(default="", max_length=40)
    keeper: OptText = None
    dept: OptText = None
    note: LongText = InputField(default="", max_length=REMARK_MAX)
    approval: Name = InputField(min_length=1, max_length=TITLE_MAX)


class SealUpdate(Schema):
    name: Optional[Name] = InputField(default=None, min_length=1, max_length=NAME_MAX)
    kind: Optional[str] = InputField(default=None, max_length=20)
    serial: Optional[Name] = InputField(default=None, max_length=40)
    keeper: OptText = None
    dept: OptText = None
    note: Optional[LongText] = InputField(default=None, max_length=REMARK_MAX)


class StepInput(Schema):
    approval: Name = InputField(min_length=1, max_length=TITLE_MAX)
    note: LongText = InputField(default="", max_length=REMARK_MAX)


class RequestCreate(Schema):
    requester: Name = InputField(min_length=1, max_length=50)
    dept: OptText = None
    doc_title: Name = InputField(min_length=1, max_length=TITLE_MAX)
    purpose: Name = InputField(default="", max_length=500)
    copies: int = InputField(default=1, ge=1, le=100_000)


# A use as logged: what was asked for, who approved it, a remark.
class UseCreate(RequestCreate):
    approver: Name = InputField(min_length=1, max_length=NAME_MAX)
    note: LongText = InputField(default="", max_length=REMARK_MAX)


class DecisionInput(Schema):
    approver: Name = InputField(min_length=1, max_length=NAME_MAX)
    note: LongText = InputField(default="", max_length=REMARK_MAX)


class LetterCreate(Schema):
    to_unit: Name = InputField(min_length=1, max_length=TITLE_MAX)
    bearers: Name = InputField(min_length=1, max_length=TITLE_MAX)
    bearer_count: Optional[int] = InputField(default=None, ge=1, le=1000)
    purpose: Name = InputField(min_length=1, max_length=500)


class SealEventRead(Schema):
    id: int
    action: str
    from_state: Optional[str]
    to_state: str
    step_on: date
    approval: str
    note: str
    by: str
    at: datetime


class SealUseRead(Schema):
    id: int
    seq: int
    seal_id: int
    seal: str
    used_at: datetime
    requester: str
    requester_id: Optional[int]
    dept_id: Optional[int]
    dept: Optional[str]
    doc_title: str
    purpose: str
    copies: int
    approver: str
    registered_by: str
    recorded_at: datetime
    corrects_id: Optional[int]
    corrected_by: Optional[int]
    void: bool
    note: str
    letter: Optional[str]
    prev_hash: str
    hash: str


class SealRequestRead(Schema):
    id: int
    seal_id: int
    seal: str
    requester: str
    requester_id: Optional[int]
    dept_id: Optional[int]
    dept: Optional[str]
    doc_title: str
    purpose: str
    copies: int
    state: str
    requested_at: datetime
    requested_by: str
    approver: str
    decided_at: Optional[datetime]
    decided_by: str
    decision_note: str
    use_id: Optional[int]


class SealRead(Schema):
    id: int
    name: str
    kind: str
    serial: str
    keeper_id: Optional[int]
    keeper: Optional[str]
    dept_id: Optional[int]
    dept: Optional[str]
    state: str
    state_on: date
    note: str
    uses: int
    last_used_at: Optional[datetime]
    pending_requests: int
    actions: list[str]
    created_by: str
    created_at: datetime
    updated_at: datetime
    events: Optional[list[SealEventRead]] = None
    recent_uses: Optional[list[SealUseRead]] = None
    open_requests: Optional[list[SealRequestRead]] = None


class IntroLetterRead(Schema):
    id: int
    number: str
    to_unit: str
    bearers: str
    bearer_count: int
    purpose: str
    issued_on: date
    valid_until: date
    expired: bool
    use_id: int
    seal: str
    requester: str
    approver: str
