"""Bookkeeping tables: number counters, operations and the change journal."""

from datetime import datetime
from typing import Optional

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from officedesk.models.base import Record, utcnow
from officedesk.models.limits import NAME_MAX, REMARK_MAX


class Counter(SQLModel, table=True):
    """One row per numbering series and year; bumped inside the write transaction (gap-free).

    Not journaled: a number once given is never given back, so undo must never lower it."""

    __tablename__ = "counter"
    __journal__ = False

    series: str = Field(primary_key=True, max_length=40)
    year: int = Field(primary_key=True)
    value: int = 0


class Operation(Record, table=True):
    """One user-level operation (a command, a form save); the unit `undo` reverts."""

    __tablename__ = "operation"
    __table_args__ = (Index("ix_operation_operator", "operator", "id"),)
    __journal__ = False

    at: datetime = Field(default_factory=utcnow)
    operator: str = Field(max_length=NAME_MAX)
    name: str = Field(max_length=60)
    undo_of_id: Optional[int] = Field(default=None, foreign_key="operation.id")
    undone_by_id: Optional[int] = Field(default=None, foreign_key="operation.id")


class JournalEntry(Record, table=True):
    """The fields of one record before and after one operation (JSON)."""

    __tablename__ = "journal"
    __table_args__ = (
        Index("ix_journal_entity", "entity", "entity_id"),
        Index("ix_journal_parent", "parent_entity", "parent_id"),
        Index("ix_journal_operation", "operation_id"),
    )
    __journal__ = False

    operation_id: int = Field(foreign_key="operation.id")
    entity: str = Field(max_length=50)
    entity_id: str = Field(max_length=NAME_MAX)
    parent_entity: Optional[str] = Field(default=None, max_length=50)
    parent_id: Optional[str] = Field(default=None, max_length=NAME_MAX)
    action: str = Field(max_length=10)
    before: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
    after: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))


class NumberVoid(Record, table=True):
    """A number of a gap-free series (SW-, DB-, JD-, …) that no record holds any more, and why:
    undoing the registration that took it voids it ("撤销登记"), so the series stays accounted
    for and the number is never given again. Outgoing numbers keep their own void log."""

    __tablename__ = "number_void"
    __table_args__ = (
        UniqueConstraint("series", "year", "seq", name="uq_number_void_series_year_seq"),
        Index("ix_number_void_code", "code"),
    )
    __journal__ = False

    series: str = Field(max_length=40)
    year: int
    seq: int
    code: str = Field(max_length=40)
    entity: str = Field(max_length=50)
    entity_id: str = Field(max_length=NAME_MAX)
    cause: str = Field(max_length=20)  # "undo"; a label group names it in the user's language
    reason: str = Field(default="", max_length=REMARK_MAX)
    voided_by: str = Field(default="", max_length=NAME_MAX)
    voided_at: datetime = Field(default_factory=utcnow)
    operation_id: Optional[int] = Field(default=None, foreign_key="operation.id")


class NightlyRun(Record, table=True):
    """One run of `officedesk nightly`: when, on which machine, how it ended, and what each of
    its steps did (a JSON list of {step, outcome, files, rows, detail}). `nightly status` and
    Today read it; a run that never finished (the machine went down) stays "running"."""

    __tablename__ = "nightly_run"
    __table_args__ = (Index("ix_nightly_run_started_at", "started_at"),)
    __journal__ = False

    started_at: datetime = Field(default_factory=utcnow)
    finished_at: Optional[datetime] = None
    host: str = Field(default="", max_length=NAME_MAX)
    outcome: str = Field(default="running", max_length=20)  # running, ok, failed
    files: int = 0
    rows: int = 0
    steps: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    message: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
