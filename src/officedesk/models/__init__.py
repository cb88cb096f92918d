"""Table models. Each is imported on first use (PEP 562), so a read command does not pay for
tables it never touches; `load_all()` imports every one (Alembic, the journal's undo)."""

import importlib
from typing import TYPE_CHECKING, Any

from officedesk.models.base import NAMING_CONVENTION, utcnow
from officedesk.registry import MODEL_MODULES

if TYPE_CHECKING:
    from officedesk.models.directory import DEPT_KINDS, Department, Person
    from officedesk.models.search import SearchDoc
    from officedesk.models.system import Counter, JournalEntry, NightlyRun, NumberVoid, Operation
    from officedesk.models.task import Task
    from officedesk.models.task_log import TaskExtension, TaskLog

_HOMES = {
    "DEPT_KINDS": "directory",
    "Department": "directory",
    "Person": "directory",
    "SearchDoc": "search",
    "Counter": "system",
    "JournalEntry": "system",
    "Operation": "system",
    "NumberVoid": "system",
    "NightlyRun": "system",
    "Task": "task",
    "TaskExtension": "task_log",
    "TaskLog": "task_log",
}
# Every register keeps its tables in one module of its own (officedesk.registry); the shared
# tables (search documents, the journal, counters) and the items' logs live beside them.
REGISTER_MODULES = MODEL_MODULES
MODULES = tuple(
    dict.fromkeys(("directory", "search", "system", "task", "task_log", *MODEL_MODULES))
)

__all__ = [
    "DEPT_KINDS",
    "MODULES",
    "NAMING_CONVENTION",
    "REGISTER_MODULES",
    "Counter",
    "Department",
    "JournalEntry",
    "NightlyRun",
    "NumberVoid",
    "Operation",
    "Person",
    "SearchDoc",
    "Task",
    "TaskExtension",
    "TaskLog",
    "load_all",
    "utcnow",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"officedesk.models.{home}"), name)


def load_all() -> None:
    for module in MODULES:
        importlib.import_module(f"officedesk.models.{module}")
