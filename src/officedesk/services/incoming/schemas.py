"""Input and read models of the incoming register (kept beside its service: the table models in
models/incoming.py stay free of pydantic's Field)."""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field, field_serializer

from officedesk.models.incoming import KINDS, MODES
from officedesk.models.limits import INCOMING_URGENCIES, SECRECY_LEVELS
from officedesk.models.schema_base import LongText, Name, OptText, Phone, Schema, SecrecyYears

Kind = Literal[KINDS]  # type: ignore[valid-type]
Urgency = Literal[INCOMING_URGENCIES]  # type: ignore[valid-type]
Secrecy = Literal[SECRECY_LEVELS]  # type: ignore[valid-type]
Mode = Literal[MODES]  # type: ignore[valid-type]


class IncomingCreate(Schema):
    title: Name = Field(min_length=1, max_length=200)
    kind: Kind = "document"
    sender: Name = Field(default="", max_length=200)
    sender_number: Name = Field(default="", max_length=100)
    urgency: Urgency = "normal"
    secrecy: Secrecy = "public"
    secrecy_years: SecrecyYears = 0
    mode: Mode | None = None
    summary: LongText = Field(default="", max_length=20000)
    caller: Name = Field(default="", max_length=100)
    phone: Phone = Field(default="", max_length=40)


class IncomingUpdate(Schema):
    title: Name | None = Field(default=None, min_length=1, max_length=200)
    kind: Kind | None = None
    sender: Name | None = Field(default=None, max_length=200)
    sender_number: Name | None = Field(default=None, max_length=100)
    urgency: Urgency | None = None
    secrecy: Secrecy | None = None
    secrecy_years: SecrecyYears | None = None
    mode: Mode | None = None
    summary: LongText | None = Field(default=None, max_length=20000)
    caller: Name | None = Field(default=None, max_length=100)
    phone: Phone | None = Field(default=None, max_length=40)


class LeaderInput(Schema):
    leader: Name = Field(min_length=1, max_length=100)


class HandleInput(Schema):
    dept: OptText = None
    note: LongText = Field(default="", max_length=20000)


class IncomingLogRead(Schema):
    id: int
    at: datetime
    author: str
    kind: str
    text: str
    given_by: str
    from_state: str | None
    to_state: str | None


class CirculationRead(Schema):
    id: int
    seq: int
    person_id: int
    reader: str
    reader_dept: str | None
    sent_at: datetime
    sent_by: str
    handed_at: datetime | None
    read_at: datetime | None
    reminders: int
    reminded_at: datetime | None
    holder: bool


class IncomingRead(Schema):
    id: int
    code: str
    kind: str
    title: str
    sender: str
    sender_dept_id: int | None
    sender_number: str
    received_at: datetime
    urgency: str
    secrecy: str
    secrecy_years: int
    mode: str
    summary: str
    caller: str
    phone: str
    return_reason: str
    proposal: str
    proposed_by: str
    instruction: str
    leader: str
    instructed_at: datetime | None
    lead_dept_id: int | None
    lead_dept: str | None
    assist: list[str]
    due: date | None
    overdue: bool
    due_in_workdays: int | None
    task_id: int | None
    task_code: str | None
    task_state: str | None
    answer: str
    answered_on: date | None
    result: str
    done_on: date | None
    filed_on: date | None
    state: str
    actions: list[str]
    holder: str | None
    readers: int
    unread: int
    created_by: str
    created_at: datetime
    updated_at: datetime
    # officedesk.notices.Notice objects: worded when shown, {"code", "message"} in --json.
    warnings: list[Any] = Field(default_factory=list)
    log: list[IncomingLogRead] | None = None
    circulation: list[CirculationRead] | None = None

    @field_serializer("warnings")
    def _worded(self, warnings: list[Any]) -> list[dict[str, Any]]:
        return [notice.as_dict() for notice in warnings]
