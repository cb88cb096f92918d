"""Supervision items (督办): numbering, the state table, derived lights, extensions, listing."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from officedesk.i18n import label
from officedesk.models import Department, Person, Task
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
from officedesk.services.common import Page, as_id, check_limit, to_date
from officedesk.services.lookup import resolve_department, resolve_person
from officedesk.services.validation import validate

if TYPE_CHECKING:
    from officedesk.models.task_log import TaskExtension

STATES = ("assigned", "in_progress", "done", "evaluated", "cancelled")
OPEN_STATES = frozenset({"assigned", "in_progress"})
SOURCES = ("superior", "leadership", "department", "meeting", "incoming")
PRIORITIES = ("urgent", "normal", "difficult")
PRIORITY_RANK = {name: rank for rank, name in enumerate(PRIORITIES, start=1)}
LOG_KINDS = ("note", "remind", "feedback", "state", "extension", "evaluation", "edit")
LIGHTS = ("green", "yellow", "red")

# The state table: action → (states it may start from, state it leads to). The CLI names the
# legal actions in its error; the TUI offers only these keys.
TASK_ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "start": (frozenset({"assigned"}), "in_progress"),
    "done": (OPEN_STATES, "done"),
    "evaluate": (frozenset({"done"}), "evaluated"),
    "cancel": (OPEN_STATES, "cancelled"),
    "reopen": (frozenset({"done"}), "in_progress"),
}
TASK_TRANSITIONS: dict[str, frozenset[str]] = {
    state: frozenset(to for sources, to in TASK_ACTIONS.values() if state in sources)
    for state in STATES
}

CODE_PREFIX = "DB"
SERIES = "task"


def allowed_actions(state: str) -> list[str]:
    return [action for action, (sources, _to) in TASK_ACTIONS.items() if state in sources]


# Operations that are not state changes: what each needs of the item (see remind_task,
# request_extension, add_log_entry), and which may be applied to several items at once.
BATCH_OPERATIONS = ("remind", "extend", "done")


def offered_operations(state: str) -> list[str]:
    """Every operation the front ends should offer for an item in this state: the legal
    transitions, remind and extend while it is open, a log entry always."""
    offered = allowed_actions(state)
    if state in OPEN_STATES:
        offered += ["remind", "extend"]
    return [*offered, "log"]


@dataclass
class TaskFilter:
    """Every list filter; empty means no restriction. states None means open items."""

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
    text: str | None = None
    sort: str = "due"


SORTS = ("due", "priority", "code", "assigned", "updated")


# ---- reading -------------------------------------------------------------------------------


def resolve_task(session: OfficeSession, ref: str | int) -> Task:
    text = str(ref).strip()
    if not text:
        raise InvalidInput("input.required", field="task")
    record_id = as_id(text)
    if record_id is not None:
        task = session.get(Task, record_id)
    else:
        task = session.exec(select(Task).where(Task.code == text.upper())).first()
    if task is None:
        if record_id is None:
            from officedesk.services.number_voids import raise_if_voided

            raise_if_voided(session, text)
        raise NotFound("task.not_found", ref=text)
    return task


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
) -> TaskRead:
    values = {name: getattr(task, name) for name in TaskRead.model_fields if hasattr(task, name)}
    values["priority"] = PRIORITIES[task.priority - 1]
    values["dept"] = dept_name
    values["owner"] = owner_name
    values.update(_derived(session, task))
    if with_log:
        from officedesk.models.task_log import TaskExtension

        values["log"] = task_log(session, task.id)
        values["extensions"] = [
            ExtensionRead.model_validate(e, from_attributes=True)
            for e in session.exec(
                select(TaskExtension)
                .where(TaskExtension.task_id == task.id)
                .order_by(TaskExtension.id)
            )
        ]
    else:
        values["log"] = None
        values["extensions"] = None
    return TaskRead.model_validate(values)


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

    stmt = select(TaskLog).where(TaskLog.task_id == task_id).order_by(TaskLog.id)
    return [TaskLogRead.model_validate(e, from_attributes=True) for e in session.exec(stmt)]


def _filtered(session: OfficeSession, flt: TaskFilter, stmt: Any) -> Any:
    env = session.env
    if flt.states is None:
        stmt = stmt.where(Task.is_open == True)  # noqa: E712 - SQL expression
    if flt.states is not None:
        states = [s for s in flt.states]
        if "all" in states:
            states = list(STATES)
        unknown = [s for s in states if s not in STATES]
        if unknown:
            raise InvalidInput("input.choice", field="state", choices=", ".join((*STATES, "all")))
        if set(states) != set(STATES):
            stmt = stmt.where(col(Task.state).in_(states))
    open_only = flt.states is not None  # otherwise the open-items condition is already there
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
        if flt.source not in SOURCES:
            raise InvalidInput("input.choice", field="source", choices=", ".join(SOURCES))
        stmt = stmt.where(Task.source == flt.source)
    if flt.category:
        stmt = stmt.where(Task.category == flt.category.strip())
    if flt.priority:
        if flt.priority not in PRIORITY_RANK:
            raise InvalidInput("input.choice", field="priority", choices=", ".join(PRIORITIES))
        stmt = stmt.where(Task.priority == PRIORITY_RANK[flt.priority])
    if flt.due_before:
        stmt = stmt.where(Task.due <= to_date(session, flt.due_before))
    if flt.due_after:
        stmt = stmt.where(Task.due >= to_date(session, flt.due_after))
    if flt.text and flt.text.strip():
        pattern = f"%{_escape_like(flt.text.strip())}%"
        stmt = stmt.where(
            or_(
                col(Task.title).ilike(pattern, escape="\\"),
                col(Task.detail).ilike(pattern, escape="\\"),
                col(Task.code).ilike(pattern, escape="\\"),
                col(Task.source_ref).ilike(pattern, escape="\\"),
            )
        )
    return stmt


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _order(flt: TaskFilter) -> list[Any]:
    if flt.sort not in SORTS:
        raise InvalidInput("input.choice", field="sort", choices=", ".join(SORTS))
    return {
        "due": [Task.due, Task.priority, Task.id],
        "priority": [Task.priority, Task.due, Task.id],
        "code": [Task.year, Task.seq],
        "assigned": [col(Task.assigned_on).desc(), col(Task.id).desc()],
        "updated": [col(Task.updated_at).desc(), col(Task.id).desc()],
    }[flt.sort]


def list_tasks(
    session: OfficeSession, flt: TaskFilter | None = None, *, limit: int = 50, offset: int = 0
) -> Page:
    """One page of items, ordered in the database (due date, then priority by default)."""
    flt = flt or TaskFilter()
    check_limit(limit, offset)
    # Plain columns rather than ORM entities: a list needs values, not tracked objects, and
    # skipping the identity map and mapper set-up is most of a short command's query time.
    task_table = Task.__table__  # type: ignore[attr-defined]
    dept_table = Department.__table__  # type: ignore[attr-defined]
    owner_table = Person.__table__.alias("owner")  # type: ignore[attr-defined]
    stmt = (
        sa_select(
            *task_table.c,
            dept_table.c.name.label("dept_name"),
            owner_table.c.name.label("owner_name"),
        )
        .select_from(task_table)
        .outerjoin(dept_table, dept_table.c.id == task_table.c.dept_id)
        .outerjoin(owner_table, owner_table.c.id == task_table.c.owner_id)
    )
    stmt = _filtered(session, flt, stmt).order_by(*_order(flt)).offset(offset).limit(limit + 1)
    rows = session.execute(stmt).all()
    items = [_read_row(session, row) for row in rows[:limit]]
    return Page(items, len(rows) > limit)


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


_ROW_FIELDS = [
    name
    for name in TaskRead.model_fields
    if name in Task.__table__.c and name != "priority"  # type: ignore[attr-defined]
]


def count_tasks(session: OfficeSession, flt: TaskFilter | None = None) -> int:
    stmt = _filtered(session, flt or TaskFilter(), select(func.count()).select_from(Task))
    return session.exec(stmt).one()


# ---- writing -------------------------------------------------------------------------------


def default_due(session: OfficeSession, source: str, priority: str, assigned_on: date) -> date:
    """The office rule for this source and urgency, from the config (standards.md §5.7)."""
    rules = session.env.rules.due_rules
    rule = rules.get(f"{source}.{priority}") or rules.get(source) or rules.get(f"{source}.normal")
    if rule is None:
        rule = "+15d"
    return to_date(session, rule, base=assigned_on)


def _log(
    session: OfficeSession,
    task: Task,
    kind: str,
    text: str = "",
    from_state: str | None = None,
    to_state: str | None = None,
) -> None:
    from officedesk.models.task_log import TaskLog

    env = session.env
    session.add(
        TaskLog(
            task_id=task.id,
            at=env.now(),
            author=env.operator,
            kind=kind,
            text=text,
            from_state=from_state,
            to_state=to_state,
        )
    )


def _people(
    session: OfficeSession, dept_ref: str | None, owner_ref: str | None
) -> tuple[Department | None, Person | None]:
    dept = resolve_department(session, dept_ref) if dept_ref else None
    owner = resolve_person(session, owner_ref, dept.id if dept else None) if owner_ref else None
    if owner is not None and dept is None and owner.dept_id is not None:
        dept = session.get(Department, owner.dept_id)
    return dept, owner


def create_task(session: OfficeSession, data: dict[str, Any]) -> TaskRead:
    env = session.env
    data = dict(data)
    assigned_on = to_date(session, data.pop("assigned_on", None)) or env.today
    due_raw = data.pop("due", None)
    form = validate(TaskCreate, data)
    due = to_date(session, due_raw, base=env.today)
    if due is None:
        due = default_due(session, form.source, form.priority, assigned_on)
    if due < assigned_on:
        raise InvalidInput(
            "task.due_before_assigned", due=due.isoformat(), assigned=assigned_on.isoformat()
        )
    dept, owner = _people(session, form.dept, form.owner)
    from officedesk.services.numbering import next_number

    year = env.today.year
    seq = next_number(session, SERIES, year)
    task = Task(
        code=f"{CODE_PREFIX}-{year}-{seq:04d}",
        year=year,
        seq=seq,
        title=form.title,
        detail=form.detail,
        source=form.source,
        source_ref=form.source_ref,
        category=form.category,
        priority=PRIORITY_RANK[form.priority],
        dept_id=dept.id if dept else None,
        owner_id=owner.id if owner else None,
        assigned_on=assigned_on,
        due=due,
        original_due=due,
        state="assigned",
        is_open=True,
        created_by=env.operator,
        created_at=env.now(),
        updated_at=env.now(),
    )
    session.add(task)
    session.flush()
    _log(session, task, "state", to_state="assigned")
    session.flush()
    return _read(session, task, dept.name if dept else None, owner.name if owner else None)


def update_task(session: OfficeSession, ref: str | int, data: dict[str, Any]) -> TaskRead:
    task = resolve_task(session, ref)
    data = dict(data)
    due_raw = data.pop("due", None)
    assigned_raw = data.pop("assigned_on", None)
    form = validate(TaskUpdate, data)
    before = {"due": task.due, "dept": task.dept_id, "owner": task.owner_id}
    changed: list[str] = []
    for name in ("title", "detail", "source", "source_ref", "category"):
        value = getattr(form, name)
        if value is not None and value != getattr(task, name):
            setattr(task, name, value)
            changed.append(name)
    if form.priority is not None and PRIORITY_RANK[form.priority] != task.priority:
        task.priority = PRIORITY_RANK[form.priority]
        changed.append("priority")
    fields = form.model_dump(exclude_unset=True)
    if "dept" in fields or "owner" in fields:
        dept_ref = form.dept if "dept" in fields else None
        owner_ref = form.owner if "owner" in fields else None
        if "dept" in fields:
            task.dept_id = resolve_department(session, dept_ref).id if dept_ref else None
        if "owner" in fields:
            owner = resolve_person(session, owner_ref, task.dept_id) if owner_ref else None
            task.owner_id = owner.id if owner else None
            if owner is not None and "dept" not in fields and owner.dept_id:
                task.dept_id = owner.dept_id
        changed += [
            n
            for n, k in (("dept", "dept"), ("owner", "owner"))
            if getattr(task, f"{k}_id") != before[k]
        ]
    if assigned_raw is not None:
        assigned = to_date(session, assigned_raw)
        if assigned is not None and assigned != task.assigned_on:
            task.assigned_on = assigned
            changed.append("assigned_on")
    if due_raw is not None:
        due = to_date(session, due_raw)
        if due is not None and due != task.due:
            if task.state not in OPEN_STATES:
                raise IllegalTransition("task.due_closed", code=task.code)
            task.due = due
            changed.append("due")
    if task.due < task.assigned_on:
        raise InvalidInput(
            "task.due_before_assigned",
            due=task.due.isoformat(),
            assigned=task.assigned_on.isoformat(),
        )
    if changed:
        from officedesk.i18n import t

        task.updated_at = session.env.now()
        text = t("list.sep").join(t(f"field.{name}") for name in changed)
        if "due" in changed:
            text = f"{text} ({before['due'].isoformat()} → {task.due.isoformat()})"
        _log(session, task, "edit", text)
        session.flush()
    return read_task(session, task)


def _ensure_allowed(task: Task, action: str) -> None:
    """Refuse an action the state table does not allow, naming the ones it does."""
    from officedesk.i18n import t

    sources, _target = TASK_ACTIONS[action]
    if task.state not in sources:
        legal = allowed_actions(task.state)
        allowed = t("list.sep").join(label("action", a) for a in legal)
        raise IllegalTransition(
            "task.illegal",
            code=task.code,
            state=label("state", task.state),
            action=label("action", action),
            allowed=allowed if legal else t("task.no_actions"),
        )


def _transition(session: OfficeSession, task: Task, action: str) -> tuple[str, str]:
    _ensure_allowed(task, action)
    previous, target = task.state, TASK_ACTIONS[action][1]
    task.state = target
    task.is_open = target in OPEN_STATES
    task.updated_at = session.env.now()
    return previous, target


def start_task(session: OfficeSession, ref: str | int, note: str = "") -> TaskRead:
    form = validate(OptionalNote, {"text": note})
    task = resolve_task(session, ref)
    previous, target = _transition(session, task, "start")
    _log(session, task, "state", form.text, previous, target)
    session.flush()
    return read_task(session, task)


def complete_task(
    session: OfficeSession, ref: str | int, note: str = "", done_on: date | str | None = None
) -> TaskRead:
    """Done: records the day and whether it was within the (possibly extended) due date."""
    form = validate(OptionalNote, {"text": note})
    task = resolve_task(session, ref)
    finished = to_date(session, done_on) or session.env.today
    if finished < task.assigned_on:
        raise InvalidInput("task.done_before_assigned", code=task.code)
    if finished > session.env.today:
        raise InvalidInput("task.done_in_future", code=task.code, date=finished.isoformat())
    # Settle an open extension request before changing the item: its query would flush the
    # half-changed item and split the journal entry in two.
    _ensure_allowed(task, "done")
    _refuse_pending_extensions(session, task)
    previous, target = _transition(session, task, "done")
    task.done_on = finished
    task.on_time = finished <= task.due
    _log(session, task, "state", form.text, previous, target)
    session.flush()
    if task.source == "incoming":  # the incoming document it was opened for is done with it
        from officedesk.services.incoming.actions import item_completed

        item_completed(session, task)
    return read_task(session, task)


def evaluate_task(
    session: OfficeSession, ref: str | int, score: int, comment: str = ""
) -> TaskRead:
    form = validate(EvaluationInput, {"score": score, "comment": comment})
    task = resolve_task(session, ref)
    previous, target = _transition(session, task, "evaluate")
    task.eval_score = form.score
    task.eval_comment = form.comment
    _log(session, task, "evaluation", f"{form.score}/5 {form.comment}".strip(), previous, target)
    session.flush()
    return read_task(session, task)


def cancel_task(session: OfficeSession, ref: str | int, reason: str) -> TaskRead:
    try:
        form = validate(NoteInput, {"text": reason})
    except InvalidInput:
        raise InvalidInput("task.cancel_reason") from None
    task = resolve_task(session, ref)
    _ensure_allowed(task, "cancel")
    _refuse_pending_extensions(session, task)
    previous, target = _transition(session, task, "cancel")
    task.cancel_reason = form.text
    _log(session, task, "state", form.text, previous, target)
    session.flush()
    return read_task(session, task)


def reopen_task(session: OfficeSession, ref: str | int, note: str = "") -> TaskRead:
    form = validate(OptionalNote, {"text": note})
    task = resolve_task(session, ref)
    previous, target = _transition(session, task, "reopen")
    task.done_on = None
    task.on_time = None
    _log(session, task, "state", form.text, previous, target)
    session.flush()
    return read_task(session, task)


def remind_task(session: OfficeSession, ref: str | int, note: str = "") -> TaskRead:
    """催办: only an open item can be chased."""
    form = validate(OptionalNote, {"text": note})
    task = resolve_task(session, ref)
    if task.state not in OPEN_STATES:
        raise IllegalTransition(
            "task.remind_closed", code=task.code, state=_state_label(task.state)
        )
    _log(session, task, "remind", form.text)
    task.updated_at = session.env.now()
    session.flush()
    return read_task(session, task)


def add_log_entry(
    session: OfficeSession, ref: str | int, text: str, kind: str = "note"
) -> TaskRead:
    if kind not in ("note", "feedback"):
        raise InvalidInput("input.choice", field="kind", choices="note, feedback")
    form = validate(NoteInput, {"text": text})
    task = resolve_task(session, ref)
    _log(session, task, kind, form.text)
    task.updated_at = session.env.now()
    session.flush()
    return read_task(session, task)


def _state_label(state: str) -> str:
    return label("state", state)


def _pending_extension(session: OfficeSession, task: Task) -> "TaskExtension | None":
    from officedesk.models.task_log import TaskExtension

    stmt = select(TaskExtension).where(
        TaskExtension.task_id == task.id, TaskExtension.status == "pending"
    )
    return session.exec(stmt).first()


def _refuse_pending_extensions(session: OfficeSession, task: Task) -> None:
    """An item that is closed no longer needs more time: its open request is settled, and logged."""
    pending = _pending_extension(session, task)
    if pending is not None:
        pending.status = "refused"
        pending.decided_at = session.env.now()
        pending.decided_by = session.env.operator
        from officedesk.i18n import t

        pending.decision_note = t("task.extension_closed")
        _log(session, task, "extension", f"{label('extension', 'refused')} {pending.decision_note}")


def request_extension(
    session: OfficeSession, ref: str | int, new_due: date | str, reason: str
) -> TaskRead:
    """延期申请: the original due date stays on the item; only approval moves `due`."""
    try:
        form = validate(NoteInput, {"text": reason})
    except InvalidInput:
        raise InvalidInput("task.extension_reason") from None
    task = resolve_task(session, ref)
    if task.state not in OPEN_STATES:
        raise IllegalTransition(
            "task.extend_closed", code=task.code, state=_state_label(task.state)
        )
    target = to_date(session, new_due)
    if target is None:
        raise InvalidInput("input.required", field="due")
    if target <= task.due:
        raise InvalidInput("task.extension_not_later", code=task.code, due=task.due.isoformat())
    if _pending_extension(session, task) is not None:
        raise Conflict("task.extension_pending", code=task.code)
    from officedesk.models.task_log import TaskExtension

    session.add(
        TaskExtension(
            task_id=task.id,
            requested_at=session.env.now(),
            requested_by=session.env.operator,
            reason=form.text,
            old_due=task.due,
            new_due=target,
        )
    )
    _log(session, task, "extension", f"→ {target.isoformat()}: {form.text}")
    task.updated_at = session.env.now()
    session.flush()
    return read_task(session, task)


def decide_extension(
    session: OfficeSession, ref: str | int, approve: bool, note: str = ""
) -> TaskRead:
    form = validate(OptionalNote, {"text": note})
    task = resolve_task(session, ref)
    if task.state not in OPEN_STATES:
        raise IllegalTransition(
            "task.extend_closed", code=task.code, state=_state_label(task.state)
        )
    pending = _pending_extension(session, task)
    if pending is None:
        raise NotFound("task.no_pending_extension", code=task.code)
    env = session.env
    pending.status = "approved" if approve else "refused"
    pending.decided_at = env.now()
    pending.decided_by = env.operator
    pending.decision_note = form.text
    if approve:
        task.due = pending.new_due
    verdict = label("extension", pending.status)
    _log(session, task, "extension", f"{verdict} {pending.new_due.isoformat()} {form.text}".strip())
    task.updated_at = env.now()
    session.flush()
    return read_task(session, task)
