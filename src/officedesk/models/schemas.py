"""Every input and read model, for code that wants them all (the i18n completeness test).

Services import the module of their own register, so a command builds only its models."""

from officedesk.models.directory_schemas import (
    DepartmentCreate,
    DepartmentRead,
    DepartmentUpdate,
    PersonCreate,
    PersonRead,
    PersonUpdate,
)
from officedesk.models.schema_base import Note, OptionalNote, OptionalRemark, Reason, Schema
from officedesk.models.task_schemas import (
    EvaluationInput,
    ExtensionRead,
    TaskCreate,
    TaskLogRead,
    TaskRead,
    TaskUpdate,
)

__all__ = [
    "DepartmentCreate",
    "DepartmentRead",
    "DepartmentUpdate",
    "EvaluationInput",
    "ExtensionRead",
    "Note",
    "OptionalNote",
    "OptionalRemark",
    "PersonCreate",
    "PersonRead",
    "PersonUpdate",
    "Reason",
    "Schema",
    "TaskCreate",
    "TaskLogRead",
    "TaskRead",
    "TaskUpdate",
]
