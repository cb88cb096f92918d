"""Departments (internal, superior bodies, outside organisations) and people."""

from typing import Optional

from sqlalchemy import Index
from sqlmodel import Field

from officedesk.models.base import Stamped, check_one_of, optional_key_to
from officedesk.models.limits import CODE_MAX, NAME_MAX, REMARK_MAX

DEPT_KINDS = ("internal", "superior", "external")


class Department(Stamped, table=True):
    __tablename__ = "department"
    __table_args__ = (
        check_one_of("kind", DEPT_KINDS),
        Index("ix_department_pinyin", "pinyin"),
        Index("ix_department_initials", "initials"),
    )

    name: str = Field(max_length=100, unique=True)
    code: Optional[str] = Field(default=None, max_length=CODE_MAX, unique=True)
    kind: str = Field(default="internal", max_length=10)
    parent_id: Optional[int] = optional_key_to("department")
    note: str = Field(default="", max_length=REMARK_MAX)
    pinyin: str = Field(default="", max_length=600)
    initials: str = Field(default="", max_length=NAME_MAX)


class Person(Stamped, table=True):
    __tablename__ = "person"
    __table_args__ = (
        Index("ix_person_pinyin", "pinyin"),
        Index("ix_person_initials", "initials"),
        Index("ix_person_dept_id", "dept_id"),
    )

    name: str = Field(max_length=50)
    dept_id: Optional[int] = optional_key_to("department")
    title: str = Field(default="", max_length=50)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=120)
    # 主要负责人: the principal leader, who alone signs what goes up (行文规则).
    principal: bool = False
    pinyin: str = Field(default="", max_length=300)
    initials: str = Field(default="", max_length=50)
