"""A supervision item's log entries and extension requests (loaded only when they are read or
written, so `task list` does not pay for them)."""

from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint, Index, Text
from sqlmodel import Column, Field, SQLModel

from officedesk.models import task as _fk_target  # noqa: F401 - the task table
from officedesk.models.base import utcnow


class TaskLog(SQLModel, table=True):
    __tablename__ = "task_log"
    __table_args__ = (Index("ix_task_log_task", "task_id", "id"),)
    __journal_parent__ = ("task", "task_id")

    id: Optional[int] = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", ondelete="RESTRICT")
    at: datetime = Field(default_factory=utcnow)
    author: str = Field(default="", max_length=100)
    kind: str = Field(max_length=20)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    from_state: Optional[str] = Field(default=None, max_length=20)
    to_state: Optional[str] = Field(default=None, max_length=20)


class TaskExtension(SQLModel, table=True):
    __tablename__ = "task_extension"
    __table_args__ = (
        Index("ix_task_extension_task", "task_id", "status"),
        CheckConstraint("status IN ('pending', 'approved', 'refused')", name="status"),
    )
    __journal_parent__ = ("task", "task_id")

    id: Optional[int] = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", ondelete="RESTRICT")
    requested_at: datetime = Field(default_factory=utcnow)
    requested_by: str = Field(default="", max_length=100)
    reason: str = Field(max_length=2000)
    old_due: date
    new_due: date
    status: str = Field(default="pending", max_length=10)
    decided_at: Optional[datetime] = None
    decided_by: str = Field(default="", max_length=100)
    decision_note: str = Field(default="", max_length=2000)
