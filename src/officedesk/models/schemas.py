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
from officedesk.models.schema_base import Schema
from officedesk.models.task_schemas import (
    EvaluationInput,
    ExtensionRead,
    NoteInput,
    OptionalNote,
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
    "NoteInput",
    "OptionalNote",
    "PersonCreate",
    "PersonRead",
    "PersonUpdate",
    "Schema",
    "TaskCreate",
    "TaskLogRead",
    "TaskRead",
    "TaskUpdate",
]
