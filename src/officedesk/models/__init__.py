"""Every table model, imported here so that metadata (and Alembic) sees them all."""

from officedesk.models.base import NAMING_CONVENTION, utcnow
from officedesk.models.directory import DEPT_KINDS, Department, Person
from officedesk.models.system import Counter, JournalEntry, Operation
from officedesk.models.task import Task, TaskExtension, TaskLog

__all__ = [
    "DEPT_KINDS",
    "NAMING_CONVENTION",
    "Counter",
    "Department",
    "JournalEntry",
    "Operation",
    "Person",
    "Task",
    "TaskExtension",
    "TaskLog",
    "utcnow",
]
