"""Reading supervision items: an item by id or code, its read model with the derived lights,
its log, and the filtered, paged list."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.models import Department, Person, Task
from officedesk.models.schema_base import Schema
from officedesk.models.task_schemas import ExtensionRead, TaskLogRead, TaskRead
from officedesk.services.common import Page, between_days, id_of
from officedesk.services.lookup import resolve_department, resolve_person
from officedesk.services.moments import local_day
from officedesk.services.query import (
    ListQuery,
    by_code,
    by_sort,
    column_fields,
    day_range_where,
    owned_reads,
    read_model,
    select_with_names,
    states_where,
    text_filter,
)
from officedesk.services.task.states import DONE_STATES, OPEN_STATES, STATES
from officedesk.services.validation import chosen

SOURCES = ("superior", "leadership", "department", "meeting", "incoming")
PRIORITIES = ("urgent", "normal", "difficult")
PRIORITY_RANK = {name: rank for rank, name in enumerate(PRIORITIES, start=1)}
LOG_KINDS = ("note", "remind", "feedback", "state", "reported", "extension", "evaluation", "edit")
LIGHTS = ("green", "yellow", "red")


@dataclass
class TaskFilter:
    """Every list filter; empty means no restriction. states None means open items, or
    finished ones when a completion filter (done_since, done_until, on_time) is given: only a
    finished item has a completion day, so the open default would keep nothing.

    on_time True keeps items finished by their (possibly extended) due date, False those
    finished later; an item finished without a recorded on_time counts as late, as in the
    assessment (services.assessment), so the two never disagree on a count."""

    states: Sequence[str] | None = None
    dept: str | None = None
    owner: str | None = None
    source: str | None = None
    category: str | None = None
    priority: str | None = None
    overdue: bool = False
    due_soon: bool = False
    due_before: date | str | None = None
    due_after: date | str | None = None
    assigned_since: date | str | None = None  # assigned on or after this day
    assigned_until: date | str | None = None  # assigned on or before this day
    done_since: date | str | None = None  # finished on or after this day
    done_until: date | str | None = None  # finished on or before this day
    on_time: bool | None = None
    text: str | None = None
    sort: str = "due"

    @property
    def finished(self) -> bool:
        """Whether a completion filter is given (the default states are then the finished)."""
        return bool(self.done_since or self.done_until or self.on_time is not None)


# Each sort of the list, by name, and the ORDER BY it stands for.
ORDERS: dict[str, tuple[Any, ...]] = {
    "due": (col(Task.due), col(Task.priority), col(Task.id)),
    "priority": (col(Task.priority), col(Task.due), col(Task.id)),
    "code": (col(Task.year), col(Task.seq)),
    "assigned": (col(Task.assigned_on).desc(), col(Task.id).desc()),
    "updated": (col(Task.updated_at).desc(), col(Task.id).desc()),
}
SORTS = tuple(ORDERS)


def resolve_task(session: OfficeSession, ref: str | int) -> Task:
    return by_code(session, Task, ref, field="task", not_found="task.not_found")


def _derived(session: OfficeSession, task: Task) -> dict[str, Any]:
    env = session.env
    calendar = env.calendar
    is_open = task.state in OPEN_STATES
    estimated = bool(calendar.estimated_years(min(env.today, task.due), max(env.today, task.due)))
    if not is_open:
        return {
            "light": None,
            "overdue": False,
            "due_in_workdays": None,
            "calendar_estimated": estimated,
        }
    due_in = calendar.workdays_between(env.today, task.due)
    overdue = task.due < env.today
    if overdue:
        light = "red"
    elif due_in <= env.rules.yellow_workdays:
        light = "yellow"
    else:
        light = "green"
    return {
        "light": light,
        "overdue": overdue,
        "due_in_workdays": due_in,
        "calendar_estimated": estimated,
    }


def _read(
    session: OfficeSession,
    task: Task,
    dept_name: str | None,
    owner_name: str | None,
    *,
    with_log: bool = False,
    figures: bool = True,
) -> TaskRead:
    """The item as it reads; without `figures`, the ones counted from today (light, working
    days left) are left blank: what an import compares needs none of them."""
    details: dict[str, Any] = {"log": None, "extensions": None}
    if with_log:
        from officedesk.models.task_log import TaskExtension

        details["log"] = task_log(session, id_of(task))
        details["extensions"] = [
            ext.model_copy(update={"late": late_request(ext.requested_at, ext.old_due)})
            for ext in owned_reads(
                session, TaskExtension, ExtensionRead, TaskExtension.task_id, task.id
            )
        ]
    return read_model(
        TaskRead,
        task,
        priority=PRIORITIES[task.priority - 1],
        dept=dept_name,
        owner=owner_name,
        **(_derived(session, task) if figures else _NO_FIGURES),
        **details,
    )


_NO_FIGURES = {
    "light": None,
    "overdue": False,
    "due_in_workdays": None,
    "calendar_estimated": False,
}


def late_request(requested_at: datetime, old_due: date) -> bool:
    """督办 rule: more time is asked for before the due date; one asked for later is marked."""
    return local_day(requested_at) > old_due


def _names(session: OfficeSession, task: Task) -> tuple[str | None, str | None]:
    dept = session.get(Department, task.dept_id) if task.dept_id else None
    owner = session.get(Person, task.owner_id) if task.owner_id else None
    return (dept.name if dept else None, owner.name if owner else None)


def read_task(session: OfficeSession, task: Task, *, with_log: bool = False) -> TaskRead:
    return _read(session, task, *_names(session, task), with_log=with_log)


def get_task(session: OfficeSession, ref: str | int, *, with_log: bool = True) -> TaskRead:
    return read_task(session, resolve_task(session, ref), with_log=with_log)


def task_log(session: OfficeSession, task_id: int) -> list[TaskLogRead]:
    from officedesk.models.task_log import TaskLog

    return owned_reads(session, TaskLog, TaskLogRead, TaskLog.task_id, task_id)


def _filtered(session: OfficeSession, flt: TaskFilter, stmt: Any) -> Any:
    env = session.env
    if flt.states is None and flt.finished:
        stmt = stmt.where(col(Task.state).in_(DONE_STATES))
    elif flt.states is None:
        stmt = stmt.where(Task.is_open == True)  # noqa: E712 - SQL expression
    else:
        stmt = states_where(stmt, col(Task.state), flt.states, STATES)
    # Otherwise the open-items condition is already there.
    open_only = flt.states is not None or flt.finished
    if flt.overdue:
        if open_only:
            stmt = stmt.where(Task.is_open == True)  # noqa: E712
        stmt = stmt.where(Task.due < env.today)
    if flt.due_soon:
        # Yellow means at most N working days left, so a weekend or holiday right after the
        # N-th working day is still inside: stop before the (N+1)-th working day.
        horizon = env.calendar.add_workdays(env.today, env.rules.yellow_workdays + 1)
        if open_only:
            stmt = stmt.where(Task.is_open == True)  # noqa: E712
        stmt = stmt.where(Task.due >= env.today, Task.due < horizon)
    if flt.dept:
        stmt = stmt.where(Task.dept_id == resolve_department(session, flt.dept).id)
    if flt.owner:
        stmt = stmt.where(Task.owner_id == resolve_person(session, flt.owner).id)
    if flt.source:
        stmt = stmt.where(Task.source == chosen("source", flt.source, SOURCES))
    if flt.category:
        stmt = stmt.where(Task.category == flt.category.strip())
    if flt.priority:
        priority = chosen("priority", flt.priority, PRIORITIES)
        stmt = stmt.where(Task.priority == PRIORITY_RANK[priority])
    stmt = between_days(session, stmt, col(Task.due), flt.due_after, flt.due_before)
    stmt = between_days(
        session, stmt, col(Task.assigned_on), flt.assigned_since, flt.assigned_until
    )
    stmt = between_days(session, stmt, col(Task.done_on), flt.done_since, flt.done_until)
    if flt.on_time is True:
        stmt = stmt.where(col(Task.on_time).is_(True))
    elif flt.on_time is False:
        stmt = stmt.where(col(Task.state).in_(DONE_STATES), col(Task.on_time).is_not(True))
    columns = (Task.title, Task.detail, Task.code, Task.source_ref)
    return text_filter(stmt, flt.text, (col(column) for column in columns))


def filter_statement(session: OfficeSession, flt: TaskFilter, stmt: Any) -> Any:
    """`stmt` (any select over Task) narrowed as the list is: Today counts overdue items per
    department with the register's own rule."""
    return _filtered(session, flt, stmt)


def _list_statement() -> Any:
    links = {"dept_name": (Department, "dept_id"), "owner_name": (Person, "owner_id")}
    return select_with_names(Task, links)


_TASK_LIST = ListQuery(Task, TaskFilter, _list_statement, _filtered, by_sort(ORDERS))


def list_tasks(
    session: OfficeSession, flt: TaskFilter | None = None, *, limit: int = 50, offset: int = 0
) -> Page:
    """One page of items, ordered in the database (due date, then priority by default)."""
    return _TASK_LIST.page(
        session, flt, limit=limit, offset=offset, read=lambda row: _read_row(session, row)
    )


def _read_row(session: OfficeSession, row: Any) -> TaskRead:
    """A list row as a read model; values straight from the database need no re-validation."""
    values = {name: getattr(row, name) for name in _ROW_FIELDS}
    values["priority"] = PRIORITIES[row.priority - 1]
    values["dept"] = row.dept_name
    values["owner"] = row.owner_name
    values["log"] = None
    values["extensions"] = None
    values.update(_derived(session, row))
    return TaskRead.model_construct(**values)


# The list stores priority as its rank; the read model names it.
_ROW_FIELDS = column_fields(TaskRead, Task, leave=("priority",))
count_tasks = _TASK_LIST.count


# ---- reminders (催办) across items -----------------------------------------------------------


class ReminderRead(Schema):
    """One reminder (a log entry of the remind kind) with the item it chased."""

    id: int
    at: datetime
    author: str
    text: str
    task_id: int
    code: str
    title: str
    dept: str | None


@dataclass
class ReminderFilter:
    """`task reminders`' filters: the local calendar days the reminders were given on (both
    included, date words as for `--due`) and the department owning the item."""

    since: date | str | None = None
    until: date | str | None = None
    dept: str | None = None


def _reminder_statement() -> Any:
    from sqlalchemy import select as sa_select

    from officedesk.models.task_log import TaskLog
    from officedesk.services.shared_records import table_of

    log, tasks, depts = table_of(TaskLog), table_of(Task), table_of(Department)
    return (
        sa_select(
            log.c.id,
            log.c.at,
            log.c.author,
            log.c.text,
            log.c.task_id,
            tasks.c.code,
            tasks.c.title,
            depts.c.name.label("dept"),
        )
        .select_from(log)
        .join(tasks, tasks.c.id == log.c.task_id)
        .outerjoin(depts, depts.c.id == tasks.c.dept_id)
    )


def _reminders_filtered(session: OfficeSession, flt: ReminderFilter, stmt: Any) -> Any:
    """The same clauses for a page (which joins the item) and for the count (which does not):
    the department is matched through a subquery on the item."""
    from officedesk.models.task_log import TaskLog

    stmt = stmt.where(col(TaskLog.kind) == "remind")
    if flt.dept:
        owned = select(Task.id).where(Task.dept_id == resolve_department(session, flt.dept).id)
        stmt = stmt.where(col(TaskLog.task_id).in_(owned))
    return day_range_where(session, stmt, col(TaskLog.at), flt.since, flt.until)


def _reminders_newest_first(_flt: ReminderFilter) -> list[Any]:
    from officedesk.models.task_log import TaskLog

    return [col(TaskLog.at).desc(), col(TaskLog.id).desc()]


def _reminder_read(row: Any) -> ReminderRead:
    return ReminderRead.model_construct(**dict(row._mapping))


def _reminder_model() -> type:
    from officedesk.models.task_log import TaskLog

    return TaskLog


def list_reminders(
    session: OfficeSession, flt: ReminderFilter | None = None, *, limit: int = 50, offset: int = 0
) -> Page:
    """One page of reminders, newest first: what `task reminders` lists and the period report
    counts (催办)."""
    return _reminders().page(session, flt, limit=limit, offset=offset)


def count_reminders(session: OfficeSession, flt: ReminderFilter | None = None) -> int:
    return _reminders().count(session, flt)


def _reminders() -> ListQuery[ReminderFilter]:
    """The reminders' list, built when first asked for: the log's table model is imported then,
    so `task list` does not load it."""
    return ListQuery(
        _reminder_model(),
        ReminderFilter,
        _reminder_statement,
        _reminders_filtered,
        _reminders_newest_first,
        _reminder_read,
    )
