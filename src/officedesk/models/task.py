"""Supervision items (督办)."""

from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from officedesk.models import directory as _fk_targets  # noqa: F401 - department, person tables
from officedesk.models.base import Numbered, utcnow


class Task(SQLModel, table=True):
    __tablename__ = "task"
    __numbered__ = Numbered(series="task")
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_task_year_seq"),
        CheckConstraint(
            "state IN ('assigned', 'in_progress', 'done', 'evaluated', 'cancelled')", name="state"
        ),
        CheckConstraint("priority BETWEEN 1 AND 3", name="priority"),
        CheckConstraint("eval_score IS NULL OR eval_score BETWEEN 1 AND 5", name="eval_score"),
        Index("ix_task_state_due", "state", "due", "priority"),
        Index("ix_task_open_due", "is_open", "due", "priority"),
        Index("ix_task_dept_state", "dept_id", "state"),
        Index("ix_task_owner_state", "owner_id", "state"),
        # "done recently" on Today: finished items by completion date.
        Index("ix_task_state_done_on", "state", "done_on"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True)
    year: int
    seq: int
    title: str = Field(max_length=200)
    detail: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    source: str = Field(max_length=20)
    source_ref: str = Field(default="", max_length=200)
    category: str = Field(default="", max_length=50)
    priority: int = 2
    dept_id: Optional[int] = Field(default=None, foreign_key="department.id", ondelete="RESTRICT")
    owner_id: Optional[int] = Field(default=None, foreign_key="person.id", ondelete="RESTRICT")
    assigned_on: date
    due: date
    original_due: date
    state: str = Field(default="assigned", max_length=20)
    # Kept equal to state IN ('assigned', 'in_progress') by services.tasks; one equality lets the
    # (is_open, due, priority) index return open items already in list order.
    is_open: bool = True
    done_on: Optional[date] = None
    on_time: Optional[bool] = None
    eval_score: Optional[int] = None
    eval_comment: str = Field(default="", max_length=2000)
    cancel_reason: str = Field(default="", max_length=2000)
    created_by: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
