"""Departments (internal, superior bodies, outside organisations) and people."""

from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from officedesk.models.base import utcnow

DEPT_KINDS = ("internal", "superior", "external")


class Department(SQLModel, table=True):
    __tablename__ = "department"
    __table_args__ = (
        CheckConstraint("kind IN ('internal', 'superior', 'external')", name="kind"),
        Index("ix_department_pinyin", "pinyin"),
        Index("ix_department_initials", "initials"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    code: Optional[str] = Field(default=None, max_length=20, unique=True)
    kind: str = Field(default="internal", max_length=10)
    parent_id: Optional[int] = Field(default=None, foreign_key="department.id", ondelete="RESTRICT")
    note: str = Field(default="", max_length=2000)
    pinyin: str = Field(default="", max_length=600)
    initials: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Person(SQLModel, table=True):
    __tablename__ = "person"
    __table_args__ = (
        Index("ix_person_pinyin", "pinyin"),
        Index("ix_person_initials", "initials"),
        Index("ix_person_dept_id", "dept_id"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=50)
    dept_id: Optional[int] = Field(default=None, foreign_key="department.id", ondelete="RESTRICT")
    title: str = Field(default="", max_length=50)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=120)
    pinyin: str = Field(default="", max_length=300)
    initials: str = Field(default="", max_length=50)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
