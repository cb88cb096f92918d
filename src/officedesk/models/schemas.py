"""Input and read models (non-table): validation happens here, since table models skip it."""

import re
from datetime import date, datetime
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field
from sqlmodel import SQLModel


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return _strip(value)


_PHONE = re.compile(r"^\+?[0-9 ()\-]{3,30}(\s*(ext\.?|转|x)\s*[0-9]{1,6})?$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")


def _check_phone(value: str) -> str:
    if value and not _PHONE.match(value):
        raise ValueError("phone")
    return value


def _check_email(value: str) -> str:
    if value and not _EMAIL.match(value):
        raise ValueError("email")
    return value


def _check_code(value: Optional[str]) -> Optional[str]:
    if value is not None and not _CODE.match(value):
        raise ValueError("code")
    return value.upper() if value else value


def _no_controls(value: object) -> object:
    """Reject control characters in one-line fields: they would corrupt tables and terminals."""
    if isinstance(value, str) and any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value):
        raise ValueError("control")
    return value


Name = Annotated[str, BeforeValidator(_strip), AfterValidator(_no_controls)]
OptText = Annotated[Optional[str], BeforeValidator(_blank_to_none)]
LongText = Annotated[str, BeforeValidator(_strip)]
Phone = Annotated[str, BeforeValidator(_strip), AfterValidator(_check_phone)]
Email = Annotated[str, BeforeValidator(_strip), AfterValidator(_check_email)]
Code = Annotated[Optional[str], BeforeValidator(_blank_to_none), AfterValidator(_check_code)]

DeptKind = Literal["internal", "superior", "external"]
Source = Literal["superior", "leadership", "department", "meeting", "incoming"]
Priority = Literal["urgent", "normal", "difficult"]
State = Literal["assigned", "in_progress", "done", "evaluated", "cancelled"]


class Schema(SQLModel):
    """Base of input and read models: pydantic builds each validator on first use, not at import,
    so a command pays only for the models it touches."""

    model_config = ConfigDict(defer_build=True)


class DepartmentCreate(Schema):
    name: Name = Field(min_length=1, max_length=100)
    code: Code = Field(default=None, max_length=20)
    kind: DeptKind = "internal"
    parent: OptText = None
    note: LongText = Field(default="", max_length=2000)


class DepartmentUpdate(Schema):
    name: Optional[Name] = Field(default=None, min_length=1, max_length=100)
    code: Code = Field(default=None, max_length=20)
    kind: Optional[DeptKind] = None
    parent: OptText = None
    note: Optional[LongText] = Field(default=None, max_length=2000)


class DepartmentRead(Schema):
    id: int
    name: str
    code: Optional[str]
    kind: str
    parent_id: Optional[int]
    parent: Optional[str]
    note: str
    people: int = 0


class PersonCreate(Schema):
    name: Name = Field(min_length=1, max_length=50)
    dept: OptText = None
    title: Name = Field(default="", max_length=50)
    phone: Phone = Field(default="", max_length=40)
    email: Email = Field(default="", max_length=120)


class PersonUpdate(Schema):
    name: Optional[Name] = Field(default=None, min_length=1, max_length=50)
    dept: OptText = None
    title: Optional[Name] = Field(default=None, max_length=50)
    phone: Optional[Phone] = Field(default=None, max_length=40)
    email: Optional[Email] = Field(default=None, max_length=120)


class PersonRead(Schema):
    id: int
    name: str
    dept_id: Optional[int]
    dept: Optional[str]
    title: str
    phone: str
    email: str


class TaskCreate(Schema):
    title: Name = Field(min_length=1, max_length=200)
    detail: LongText = Field(default="", max_length=20000)
    source: Source = "leadership"
    source_ref: Name = Field(default="", max_length=200)
    category: Name = Field(default="", max_length=50)
    priority: Priority = "normal"
    dept: OptText = None
    owner: OptText = None
    assigned_on: Optional[date] = None
    due: Optional[date] = None


class TaskUpdate(Schema):
    title: Optional[Name] = Field(default=None, min_length=1, max_length=200)
    detail: Optional[LongText] = Field(default=None, max_length=20000)
    source: Optional[Source] = None
    source_ref: Optional[Name] = Field(default=None, max_length=200)
    category: Optional[Name] = Field(default=None, max_length=50)
    priority: Optional[Priority] = None
    dept: OptText = None
    owner: OptText = None
    assigned_on: Optional[date] = None
    due: Optional[date] = None


class NoteInput(Schema):
    text: LongText = Field(min_length=1, max_length=20000)


class OptionalNote(Schema):
    text: LongText = Field(default="", max_length=20000)


class EvaluationInput(Schema):
    score: int = Field(ge=1, le=5)
    comment: LongText = Field(default="", max_length=2000)


class TaskLogRead(Schema):
    id: int
    at: datetime
    author: str
    kind: str
    text: str
    from_state: Optional[str]
    to_state: Optional[str]


class ExtensionRead(Schema):
    id: int
    requested_at: datetime
    requested_by: str
    reason: str
    old_due: date
    new_due: date
    status: str
    decided_at: Optional[datetime]
    decided_by: str
    decision_note: str


class TaskRead(Schema):
    id: int
    code: str
    title: str
    detail: str
    source: str
    source_ref: str
    category: str
    priority: str
    dept_id: Optional[int]
    dept: Optional[str]
    owner_id: Optional[int]
    owner: Optional[str]
    assigned_on: date
    due: date
    original_due: date
    state: str
    light: Optional[str]
    overdue: bool
    due_in_workdays: Optional[int]
    calendar_estimated: bool
    done_on: Optional[date]
    on_time: Optional[bool]
    eval_score: Optional[int]
    eval_comment: str
    cancel_reason: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    log: Optional[list[TaskLogRead]] = None
    extensions: Optional[list[ExtensionRead]] = None
