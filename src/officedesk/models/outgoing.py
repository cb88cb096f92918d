"""Tables of the outgoing register (发文): documents, their recipients, their steps, and the log of
voided numbers (a voided 发文字号 is never given again and stays accounted for)."""

from datetime import date, datetime
from typing import Annotated, Any, Literal, Optional

from pydantic import BeforeValidator
from pydantic import Field as Check
from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field

from officedesk.models import directory as _fk_targets  # noqa: F401 - department, person tables
from officedesk.models.base import (
    Audited,
    Numbered,
    Record,
    StepLog,
    check_one_of,
    checks_one_of,
    key_to,
    optional_key_to,
    text_field,
    utcnow,
)
from officedesk.models.limits import (
    NAME_MAX,
    REMARK_MAX,
    SECRECY_LEVELS,
    STATE_MAX,
    TITLE_MAX,
    URGENCIES,
)
from officedesk.models.schema_base import LongText, Name, OptText, Schema, SecrecyYears

OUTGOING_STATES = (
    "draft",
    "reviewed",
    "signed",
    "checked",
    "registered",
    "printed",
    "dispatched",
    "filed",
)
URGENCY_LEVELS = URGENCIES
RECIPIENT_ROLES = ("main", "copy")
COPY_SERIAL_MAX = 999_999  # 份号: six digits


class Outgoing(Audited, table=True):
    __tablename__ = "outgoing"
    __numbered__ = Numbered(
        on_undo="refuse",
        fields=("number_seq", "copy_serial_from"),
        hint="undo.hint.outgoing",
        describe="officedesk.services.outgoing.query:given_numbers",
    )
    __table_args__ = (
        # Gap-free per prefix and year: a number is held by at most one document.
        UniqueConstraint("number_prefix", "number_year", "number_seq", name="uq_outgoing_number"),
        *checks_one_of(state=OUTGOING_STATES, secrecy=SECRECY_LEVELS, urgency=URGENCY_LEVELS),
        CheckConstraint("copies >= 0", name="copies"),
        CheckConstraint(
            "(number IS NULL AND number_prefix IS NULL AND number_year IS NULL"
            " AND number_seq IS NULL) OR (number IS NOT NULL AND number_prefix IS NOT NULL"
            " AND number_year IS NOT NULL AND number_seq >= 1)",
            name="number",
        ),
        CheckConstraint(
            f"(copy_serial_from IS NULL AND copy_serial_to IS NULL) OR (copy_serial_from >= 1"
            f" AND copy_serial_to >= copy_serial_from AND copy_serial_to <= {COPY_SERIAL_MAX})",
            name="copy_serial",
        ),
        Index("ix_outgoing_state_id", "state", "id"),
        Index("ix_outgoing_type_state", "doc_type", "state"),
        Index("ix_outgoing_dept_state", "drafting_dept_id", "state"),
        Index("ix_outgoing_drafted_on", "drafted_on"),
        Index("ix_outgoing_dispatched_on", "dispatched_on"),
        Index("ix_outgoing_number", "number"),
    )

    doc_type: str = Field(max_length=20)
    title: str = Field(max_length=TITLE_MAX)
    body: str = text_field()
    state: str = Field(default="draft", max_length=STATE_MAX)
    number: Optional[str] = Field(default=None, max_length=40)
    number_prefix: Optional[str] = Field(default=None, max_length=20)
    number_year: Optional[int] = None
    number_seq: Optional[int] = None
    drafting_dept_id: Optional[int] = optional_key_to("department")
    drafter_id: Optional[int] = optional_key_to("person")
    reviewer_id: Optional[int] = optional_key_to("person")
    signer_id: Optional[int] = optional_key_to("person")
    # The company's leaders sign; one who is not in the directory is kept by name.
    signer_name: str = Field(default="", max_length=50)
    # The recipients' names as written on the document (主送 / 抄送), joined by "、"; the
    # outgoing_recipient rows say which of them are departments of the directory.
    main_to: str = Field(default="", max_length=1000)
    copy_to: str = Field(default="", max_length=1000)
    secrecy: str = Field(default="public", max_length=12)
    secrecy_years: int = 0  # 保密期限 (机密★10年); 0: none written
    urgency: str = Field(default="normal", max_length=12)
    copies: int = 0
    copy_serial_from: Optional[int] = None
    copy_serial_to: Optional[int] = None
    drafted_on: date
    doc_date: Optional[date] = None
    dispatched_on: Optional[date] = None


class OutgoingRecipient(Record, table=True):
    """One addressee, in the order written; dept_id when it is a department of the directory."""

    __tablename__ = "outgoing_recipient"
    __table_args__ = (
        Index("ix_outgoing_recipient_outgoing", "outgoing_id", "role", "position"),
        Index("ix_outgoing_recipient_dept", "dept_id"),
        check_one_of("role", RECIPIENT_ROLES),
    )
    __journal_parent__ = ("outgoing", "outgoing_id")

    outgoing_id: int = key_to("outgoing")
    role: str = Field(max_length=10)
    position: int
    dept_id: Optional[int] = optional_key_to("department")
    name: str = Field(max_length=NAME_MAX)


class OutgoingLog(StepLog, table=True):
    """Each step: who recorded it and when, the person who acted (reviewer, signer), a note."""

    __tablename__ = "outgoing_log"
    __table_args__ = (Index("ix_outgoing_log_outgoing", "outgoing_id", "id"),)
    __journal_parent__ = ("outgoing", "outgoing_id")

    outgoing_id: int = key_to("outgoing")
    actor: str = Field(default="", max_length=50)
    action: str = Field(max_length=STATE_MAX)
    note: str = text_field()


class OutgoingVoid(Record, table=True):
    """A voided number: kept for good, so the year's numbers stay accounted for."""

    __tablename__ = "outgoing_void"
    __table_args__ = (
        UniqueConstraint(
            "number_prefix", "number_year", "number_seq", name="uq_outgoing_void_number"
        ),
        Index("ix_outgoing_void_outgoing", "outgoing_id"),
    )
    __journal_parent__ = ("outgoing", "outgoing_id")
    __append_only__ = True
    __undo_hint__ = "undo.hint.outgoing_void"

    outgoing_id: Optional[int] = optional_key_to("outgoing")
    number: str = Field(max_length=40)
    number_prefix: str = Field(max_length=20)
    number_year: int
    number_seq: int
    reason: str = Field(max_length=REMARK_MAX)
    voided_by: str = Field(default="", max_length=NAME_MAX)
    voided_at: datetime = Field(default_factory=utcnow)


# ---- search (officedesk.search_index) ----------------------------------------------------------

SEARCH_KIND = "outgoing"
SEARCH_WATCHED = frozenset({"number", "title", "main_to", "copy_to", "state", "drafting_dept_id"})
SEARCH_DEPT_ATTR = "drafting_dept_id"


def search_fields(row: Any) -> dict[str, Any]:
    """Title, number and recipients are searchable; the number is also the hit's code."""
    number = row.number or ""
    return {
        "code": number,
        "title": row.title,
        "tag": row.state,
        "text": [number, row.title, row.main_to, row.copy_to],
    }


# ---- input and read models (validated; the table models above are not) ------------------------

DOC_TYPES = (
    # the 15 official types (党政机关公文处理工作条例 §8) …
    "resolution",
    "decision",
    "order",
    "communique",
    "announcement",
    "public_notice",
    "opinion",
    "notice",
    "bulletin",
    "report",
    "request",
    "reply",
    "motion",
    "letter",
    "minutes",
    # … and the office's own kinds of writing
    "plan",
    "summary",
    "speech",
)
RECIPIENT_SEPARATORS = "、,，;；\n"


def _split_names(value: object) -> object:
    """主送/抄送 as a list, or one string of names separated by 、 , ; or new lines."""
    if value is None:
        return value
    parts = [value] if isinstance(value, str) else value
    if not isinstance(parts, list | tuple):
        return value
    names: list[str] = []
    for part in parts:
        text = str(part)
        for separator in RECIPIENT_SEPARATORS:
            text = text.replace(separator, "\n")
        for name in text.split("\n"):
            name = name.strip()
            if name and name not in names:
                names.append(name)
    return names


Names = Annotated[
    list[Annotated[Name, Check(min_length=1, max_length=NAME_MAX)]], BeforeValidator(_split_names)
]
DocType = Literal[DOC_TYPES]  # type: ignore[valid-type]
Secrecy = Literal[SECRECY_LEVELS]  # type: ignore[valid-type]
Urgency = Literal[URGENCY_LEVELS]  # type: ignore[valid-type]


class OutgoingCreate(Schema):
    doc_type: DocType
    title: Name = Check(min_length=1, max_length=TITLE_MAX)
    body: LongText = Check(default="", max_length=50_000)
    dept: OptText = None
    drafter: OptText = None
    reviewer: OptText = None
    signer: OptText = None
    main_to: Names = Check(default_factory=list, max_length=50)
    copy_to: Names = Check(default_factory=list, max_length=50)
    secrecy: Secrecy = "public"
    secrecy_years: SecrecyYears = 0
    urgency: Urgency = "normal"
    copies: int = Check(default=0, ge=0, le=100_000)


class OutgoingUpdate(Schema):
    doc_type: Optional[DocType] = None
    title: Optional[Name] = Check(default=None, min_length=1, max_length=TITLE_MAX)
    body: Optional[LongText] = Check(default=None, max_length=50_000)
    dept: OptText = None
    drafter: OptText = None
    reviewer: OptText = None
    signer: OptText = None
    main_to: Optional[Names] = Check(default=None, max_length=50)
    copy_to: Optional[Names] = Check(default=None, max_length=50)
    secrecy: Optional[Secrecy] = None
    secrecy_years: Optional[SecrecyYears] = None
    urgency: Optional[Urgency] = None
    copies: Optional[int] = Check(default=None, ge=0, le=100_000)


class SignerName(Schema):
    name: Name = Check(min_length=1, max_length=50)


class OutgoingLogRead(Schema):
    id: int
    at: datetime
    author: str
    actor: str
    action: str
    from_state: Optional[str]
    to_state: Optional[str]
    note: str


class OutgoingVoidRead(Schema):
    id: int
    outgoing_id: Optional[int]
    number: str
    number_prefix: str
    number_year: int
    number_seq: int
    reason: str
    voided_by: str
    voided_at: datetime


class WarningRead(Schema):
    """A drafting check's finding: the machine code, its parameters, the worded message."""

    code: str
    params: dict[str, Any]
    message: str


class OutgoingRead(Schema):
    id: int
    doc_type: str
    title: str
    body: str
    state: str
    number: Optional[str]
    number_prefix: Optional[str]
    number_year: Optional[int]
    number_seq: Optional[int]
    drafting_dept_id: Optional[int]
    dept: Optional[str]
    drafter_id: Optional[int]
    drafter: Optional[str]
    reviewer_id: Optional[int]
    reviewer: Optional[str]
    signer_id: Optional[int]
    signer: Optional[str]
    main_to: list[str]
    copy_to: list[str]
    secrecy: str
    secrecy_years: int
    urgency: str
    copies: int
    copy_serial_from: Optional[int]
    copy_serial_to: Optional[int]
    copy_numbers: Optional[str]
    drafted_on: date
    doc_date: Optional[date]
    doc_date_text: Optional[str]
    dispatched_on: Optional[date]
    created_by: str
    created_at: datetime
    updated_at: datetime
    actions: list[str]
    warnings: list[WarningRead] = Check(default_factory=list)
    log: Optional[list[OutgoingLogRead]] = None
    voids: Optional[list[OutgoingVoidRead]] = None

    def notices(self) -> list[Any]:
        from officedesk.notices import Notice

        return [Notice(w.code, w.params) for w in self.warnings]
