"""Registering supervision items, one or many through the same two steps: a draft checks what a
form or a command line gives (every rule of a new item: the fields, the dates, the department
and the owner) without writing anything, and `insert_tasks` numbers the drafts with one counter
update and writes them, their first log lines, journal entries and search documents in one
flush each. A typed `task add` is a list of one; an atomic batch's run of `task add` lines and
an import are the long lists (issue 11: a bulk path through the same rules)."""

from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput
from officedesk.models import Department, Person, Task
from officedesk.models.task_schemas import TaskCreate, TaskRead
from officedesk.services.common import to_date
from officedesk.services.lookup import dept_and_person
from officedesk.services.shared_records import new_stamps, next_codes
from officedesk.services.task.actions import AS_GIVEN, CODE_PREFIX, SERIES, default_due
from officedesk.services.task.query import PRIORITIES, PRIORITY_RANK, _read
from officedesk.services.validation import validate


@dataclass
class TaskDraft:
    """A new item that passed every rule, waiting for its number: the columns it is written
    with (all but the code) and the department and owner it was found to name."""

    values: dict[str, Any]
    dept: Department | None
    owner: Person | None


class Directory:
    """The departments and people a run of drafts names, each looked up once: a batch of a
    thousand lines names the same few dozen. Valid while the run writes no department or
    person (drafts do not)."""

    def __init__(self, session: OfficeSession) -> None:
        self.session = session
        self._found: dict[tuple[str | None, str | None], tuple[Department | None, Person | None]]
        self._found = {}

    def dept_and_person(
        self, dept_ref: str | None, person_ref: str | None
    ) -> tuple[Department | None, Person | None]:
        key = (dept_ref, person_ref)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = dept_and_person(self.session, dept_ref, person_ref)
        return found


def draft_task(
    session: OfficeSession, data: dict[str, Any], directory: Directory | None = None
) -> TaskDraft:
    """Check a new item as the form or the command line gives it (DomainError when it breaks
    a rule); nothing is written. Stamped now: its creation is the moment it was checked."""
    env = session.env
    data = dict(data)
    assigned_on = to_date(session, data.pop("assigned_on", None)) or env.today
    due_raw = data.pop("due", None)
    form = validate(TaskCreate, data)
    # A relative due date ("+5wd") counts from the day assigned: back-entered paperwork.
    due = to_date(session, due_raw, base=assigned_on)
    if due is None:
        due = default_due(session, form.source, form.priority, assigned_on)
    if due < assigned_on:
        raise InvalidInput(
            "task.due_before_assigned", due=due.isoformat(), assigned=assigned_on.isoformat()
        )
    found = (directory or Directory(session)).dept_and_person(form.dept, form.owner)
    dept, owner = found
    values = {
        **form.model_dump(include=AS_GIVEN),
        "priority": PRIORITY_RANK[form.priority],
        "dept_id": dept.id if dept else None,
        "owner_id": owner.id if owner else None,
        "assigned_on": assigned_on,
        "due": due,
        "original_due": due,
        "state": "assigned",
        "is_open": True,
        **new_stamps(session),
    }
    return TaskDraft(values, dept, owner)


def insert_tasks(
    session: OfficeSession,
    drafts: Sequence[TaskDraft],
    *,
    codes: Sequence[tuple[str, int, int]] | None = None,
    operations: Sequence[str] | None = None,
) -> list[TaskRead]:
    """`write_tasks`, and each item read back as a typed `task add` answers."""
    written = write_tasks(session, drafts, codes=codes, operations=operations)
    return [
        _read(
            session,
            SimpleNamespace(**task),  # type: ignore[arg-type]
            draft.dept.name if draft.dept else None,
            draft.owner.name if draft.owner else None,
        )
        for task, draft in zip(written, drafts, strict=True)
    ]


def write_tasks(
    session: OfficeSession,
    drafts: Sequence[TaskDraft],
    *,
    codes: Sequence[tuple[str, int, int]] | None = None,
    operations: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Number and write the drafts, in their order. `codes` are numbers the caller has checked
    are the series' next (an import keeping its file's codes); otherwise a run is reserved.
    `operations` names each draft's own journal operation (an atomic batch's lines); without
    it they all belong to the current one."""
    from officedesk.bulk_insert import insert_rows, reserve_ids
    from officedesk.journal import start_operations
    from officedesk.models.task_log import TaskLog

    if not drafts:
        return []
    if codes is None:
        codes = next_codes(session, SERIES, CODE_PREFIX, len(drafts))
    count = len(drafts)
    op_ids = start_operations(session, operations) if operations is not None else None
    task_ids = reserve_ids(session, Task.__table__, count)  # type: ignore[attr-defined]
    log_ids = reserve_ids(session, TaskLog.__table__, count)  # type: ignore[attr-defined]
    tasks = [
        {"id": task_id, "code": code, "year": year, "seq": seq, **draft.values}
        for draft, task_id, (code, year, seq) in zip(drafts, task_ids, codes, strict=True)
    ]
    # The item's first log line: assigned, at its creation, by its creator.
    logs = [
        {
            "id": log_id,
            "task_id": task["id"],
            "kind": "state",
            "text": "",
            "from_state": None,
            "to_state": "assigned",
            "at": task["created_at"],
            "author": task["created_by"],
        }
        for task, log_id in zip(tasks, log_ids, strict=True)
    ]
    written = insert_rows(session, Task, tasks, op_ids)
    insert_rows(session, TaskLog, logs, op_ids)
    return written


def preview_task(draft: TaskDraft) -> dict[str, Any]:
    """The fields of the item a draft would be, under the names and in the words a read gives
    them (priority as its code, the department's and owner's names), without its id, its code
    and the figures counted from today: an import compares them with its row before writing
    anything, thousands of rows without a read model each."""
    return {
        **draft.values,
        "priority": PRIORITIES[draft.values["priority"] - 1],
        "dept": draft.dept.name if draft.dept else None,
        "owner": draft.owner.name if draft.owner else None,
    }


def create_task(session: OfficeSession, data: dict[str, Any]) -> TaskRead:
    return insert_tasks(session, [draft_task(session, data)])[0]
