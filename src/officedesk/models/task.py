"""Supervision items (督办)."""

from datetime import date
from typing import Optional

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field

from officedesk.models import directory as _fk_targets  # noqa: F401 - department, person tables
from officedesk.models.base import Coded, Numbered, check_one_of, optional_key_to, text_field
from officedesk.models.limits import NAME_MAX, REMARK_MAX, STATE_MAX, TITLE_MAX

STATES = ("assigned", "in_progress", "done", "evaluated", "cancelled")


class Task(Coded, table=True):
    __tablename__ = "task"
    __numbered__ = Numbered(series="task")
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_task_year_seq"),
        check_one_of("state", STATES),
        CheckConstraint("priority BETWEEN 1 AND 3", name="priority"),
        CheckConstraint("eval_score IS NULL OR eval_score BETWEEN 1 AND 5", name="eval_score"),
        Index("ix_task_state_due", "state", "due", "priority"),
        Index("ix_task_open_due", "is_open", "due", "priority"),
        Index("ix_task_dept_state", "dept_id", "state"),
        Index("ix_task_owner_state", "owner_id", "state"),
        # "done recently" on Today: finished items by completion date.
        Index("ix_task_state_done_on", "state", "done_on"),
    )

    title: str = Field(max_length=TITLE_MAX)
    detail: str = text_field()
    source: str = Field(max_length=STATE_MAX)
    source_ref: str = Field(default="", max_length=TITLE_MAX)
    # 交办领导: the leader who gave the instruction, to whom the result is reported (反馈).
    leader: str = Field(default="", max_length=NAME_MAX)
    category: str = Field(default="", max_length=50)
    priority: int = 2
    dept_id: Optional[int] = optional_key_to("department")
    owner_id: Optional[int] = optional_key_to("person")
    assigned_on: date
    due: date
    original_due: date
    state: str = Field(default="assigned", max_length=STATE_MAX)
    # Kept equal to state IN ('assigned', 'in_progress') by services.task; one equality lets the
    # (is_open, due, priority) index return open items already in list order.
    is_open: bool = True
    done_on: Optional[date] = None
    on_time: Optional[bool] = None
    eval_score: Optional[int] = None
    eval_comment: str = Field(default="", max_length=REMARK_MAX)
    cancel_reason: str = Field(default="", max_length=REMARK_MAX)
