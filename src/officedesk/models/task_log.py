"""A supervision item's log entries and extension requests (loaded only when they are read or
written, so `task list` does not pay for them)."""

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Index
from sqlmodel import Field

from officedesk.models import task as _fk_target  # noqa: F401 - the task table
from officedesk.models.base import Record, StepLog, check_one_of, key_to, text_field, utcnow
from officedesk.models.limits import NAME_MAX, REMARK_MAX, STATE_MAX

EXTENSION_STATUSES = ("pending", "approved", "refused")


class TaskLog(StepLog, table=True):
    __tablename__ = "task_log"
    __table_args__ = (Index("ix_task_log_task", "task_id", "id"),)
    __journal_parent__ = ("task", "task_id")

    task_id: int = key_to("task")
    kind: str = Field(max_length=STATE_MAX)
    text: str = text_field()


class TaskExtension(Record, table=True):
    __tablename__ = "task_extension"
    __table_args__ = (
        Index("ix_task_extension_task", "task_id", "status"),
        check_one_of("status", EXTENSION_STATUSES),
    )
    __journal_parent__ = ("task", "task_id")

    task_id: int = key_to("task")
    requested_at: datetime = Field(default_factory=utcnow)
    requested_by: str = Field(default="", max_length=NAME_MAX)
    reason: str = Field(max_length=REMARK_MAX)
    old_due: date
    new_due: date
    status: str = Field(default="pending", max_length=10)
    decided_at: Optional[datetime] = None
    decided_by: str = Field(default="", max_length=NAME_MAX)
    decision_note: str = Field(default="", max_length=REMARK_MAX)
