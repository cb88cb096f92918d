"""Input and read models of supervision items: their log and extensions."""

from datetime import date, datetime
from typing import Optional

from pydantic import Field

from officedesk.models.limits import NAME_MAX, NOTE_MAX, REMARK_MAX, TITLE_MAX
from officedesk.models.schema_base import LongText, Name, OptText, Priority, Schema, Source


class TaskCreate(Schema):
    title: Name = Field(min_length=1, max_length=TITLE_MAX)
    detail: LongText = Field(default="", max_length=NOTE_MAX)
    source: Source = "leadership"
    source_ref: Name = Field(default="", max_length=TITLE_MAX)
    leader: Name = Field(default="", max_length=NAME_MAX)
    category: Name = Field(default="", max_length=50)
    priority: Priority = "normal"
    dept: OptText = None
    owner: OptText = None
    assigned_on: Optional[date] = None
    due: Optional[date] = None


class TaskUpdate(Schema):
    title: Optional[Name] = Field(default=None, min_length=1, max_length=TITLE_MAX)
    detail: Optional[LongText] = Field(default=None, max_length=NOTE_MAX)
    source: Optional[Source] = None
    source_ref: Optional[Name] = Field(default=None, max_length=TITLE_MAX)
    leader: Optional[Name] = Field(default=None, max_length=NAME_MAX)
    category: Optional[Name] = Field(default=None, max_length=50)
    priority: Optional[Priority] = None
    dept: OptText = None
    owner: OptText = None
    assigned_on: Optional[date] = None
    due: Optional[date] = None


class EvaluationInput(Schema):
    score: int = Field(ge=1, le=5)
    comment: LongText = Field(default="", max_length=REMARK_MAX)


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
    # Asked for after the due date had passed (a day later than old_due, on the office's clock).
    late: bool = False


class TaskRead(Schema):
    id: int
    code: str
    title: str
    detail: str
    source: str
    source_ref: str
    leader: str
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
