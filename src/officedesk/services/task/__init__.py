"""Supervision items (督办): the register's whole API, importable from here; its state table is
in services.task.states, its reading in services.task.query, its writing in
services.task.actions."""

from officedesk.services.task.actions import (
    CODE_PREFIX,
    SERIES,
    add_log_entry,
    cancel_task,
    complete_task,
    create_task,
    decide_extension,
    default_due,
    due_notices,
    evaluate_task,
    remind_task,
    reopen_task,
    request_extension,
    start_task,
    task_notices,
    update_task,
)
from officedesk.services.task.query import (
    LIGHTS,
    LOG_KINDS,
    PRIORITIES,
    PRIORITY_RANK,
    SORTS,
    SOURCES,
    TaskFilter,
    count_tasks,
    get_task,
    list_tasks,
    read_task,
    resolve_task,
    task_log,
)
from officedesk.services.task.states import (
    BATCH_OPERATIONS,
    DONE_STATES,
    OPEN_STATES,
    STATES,
    TASK_MACHINE,
    offered_operations,
)

# The state table as the tests read it (TASK_MACHINE is the table).
TASK_ACTIONS = TASK_MACHINE.actions
TASK_TRANSITIONS = TASK_MACHINE.transitions

__all__ = [
    "BATCH_OPERATIONS",
    "CODE_PREFIX",
    "DONE_STATES",
    "LIGHTS",
    "LOG_KINDS",
    "OPEN_STATES",
    "PRIORITIES",
    "PRIORITY_RANK",
    "SERIES",
    "SORTS",
    "SOURCES",
    "STATES",
    "TASK_ACTIONS",
    "TASK_MACHINE",
    "TASK_TRANSITIONS",
    "TaskFilter",
    "add_log_entry",
    "cancel_task",
    "complete_task",
    "count_tasks",
    "create_task",
    "decide_extension",
    "default_due",
    "due_notices",
    "evaluate_task",
    "get_task",
    "list_tasks",
    "offered_operations",
    "read_task",
    "remind_task",
    "reopen_task",
    "request_extension",
    "resolve_task",
    "start_task",
    "task_log",
    "task_notices",
    "update_task",
]
