"""Input and read models of the directory (departments and people)."""

from typing import Optional

from pydantic import Field

from officedesk.models.limits import CODE_MAX, NAME_MAX, REMARK_MAX
from officedesk.models.schema_base import (
    Code,
    DeptKind,
    Email,
    LongText,
    Name,
    OptText,
    Phone,
    Schema,
)


class DepartmentCreate(Schema):
    name: Name = Field(min_length=1, max_length=NAME_MAX)
    code: Code = Field(default=None, max_length=CODE_MAX)
    kind: DeptKind = "internal"
    parent: OptText = None
    note: LongText = Field(default="", max_length=REMARK_MAX)


class DepartmentUpdate(Schema):
    name: Optional[Name] = Field(default=None, min_length=1, max_length=NAME_MAX)
    code: Code = Field(default=None, max_length=CODE_MAX)
    kind: Optional[DeptKind] = None
    parent: OptText = None
    note: Optional[LongText] = Field(default=None, max_length=REMARK_MAX)


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
    principal: bool = False


class PersonUpdate(Schema):
    name: Optional[Name] = Field(default=None, min_length=1, max_length=50)
    dept: OptText = None
    title: Optional[Name] = Field(default=None, max_length=50)
    phone: Optional[Phone] = Field(default=None, max_length=40)
    email: Optional[Email] = Field(default=None, max_length=120)
    principal: Optional[bool] = None


class PersonRead(Schema):
    id: int
    name: str
    dept_id: Optional[int]
    dept: Optional[str]
    title: str
    phone: str
    email: str
    principal: bool
