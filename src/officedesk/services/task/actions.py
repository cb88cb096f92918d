"""Writing supervision items: numbering and registering an item, editing it, its steps along
the state table, reminders, log entries and extensions of the due date."""

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import select

from officedesk.db import OfficeSession
from officedesk.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from officedesk.models import Task
from officedesk.models.schema_base import Note, OptionalNote
from officedesk.models.task_schemas import EvaluationInput, TaskRead, TaskUpdate
from officedesk.notices import Notice
from officedesk.services import log_text
from officedesk.services.common import StepLogger, id_of, to_date
from officedesk.services.lookup import resolve_department, resolve_person
from officedesk.services.task.query import PRIORITY_RANK, read_task, resolve_task
from officedesk.services.task.states import OPEN_STATES, TASK_MACHINE
from officedesk.services.validation import required_text, validate

if TYPE_CHECKING:
    from officedesk.models.task_log import TaskExtension
    from officedesk.workcal import WorkCalendar

CODE_PREFIX = "DB"
SERIES = "task"
# The fields a new item takes from the form as they are given.
AS_GIVEN = {"title", "detail", "source", "source_ref", "leader", "category"}


def default_due(session: OfficeSession, source: str, priority: str, assigned_on: date) -> date:
    """The office rule for this source and urgency, from the config (standards.md §5.7),
    counted from the day the item was assigned. A limit in calendar days ("+3d") that ends on
    a weekend or a holiday ends on the next working day: nobody can report on a Sunday."""
    rules = session.env.rules.due_rules
    rule = rules.get(f"{source}.{priority}") or rules.get(source) or rules.get(f"{source}.normal")
    if rule is None:
        rule = "+15d"
    due = to_date(session, rule, base=assigned_on)
    assert due is not None, f"blank due rule for {source}"  # the config refuses blank rules
    return session.env.calendar.workday_on_or_after(due)


def due_notices(calendar: "WorkCalendar", due: date) -> list[Notice]:
    """A due date on a rest day is kept (the leader may mean it) but said: which day it is,
    the holiday's name when the calendar knows it."""
    if calendar.is_workday(due):
        return []
    holiday = calendar.holiday_name(due)
    if holiday:
        code = holiday.lower().replace("'", "").replace("-", "_").replace(" ", "_")
        return [Notice("task.due_holiday", {"due": due.isoformat(), "holiday": code}, _HOLIDAY)]
    weekday = _WEEKDAYS[due.weekday()]
    return [Notice("task.due_rest_day", {"due": due.isoformat(), "weekday": weekday}, _WEEKDAY)]


def task_notices(calendar: "WorkCalendar", task: TaskRead) -> list[Notice]:
    """What to say beside an open item: its due date falls on a rest day."""
    return due_notices(calendar, task.due) if task.state in OPEN_STATES else []


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY = {"weekday": "today.weekday"}
_HOLIDAY = {"holiday": "holiday"}


# The item's own log; its table is loaded with the first line written.
_log = StepLogger("TaskLog", "task_id")


def update_task(session: OfficeSession, ref: str | int, data: dict[str, Any]) -> TaskRead:
    task = resolve_task(session, ref)
    data = dict(data)
    due_raw = data.pop("due", None)
    assigned_raw = data.pop("assigned_on", None)
    form = validate(TaskUpdate, data)
    due_before = task.due
    before = {"dept": task.dept_id, "owner": task.owner_id}
    changed: list[str] = []
    for name in ("title", "detail", "source", "source_ref", "leader", "category"):
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
        # Counted from the assigned day this edit gives, else from today.
        given_assigned = to_date(session, assigned_raw) if assigned_raw is not None else None
        due = to_date(session, due_raw, base=given_assigned)
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
        task.updated_at = session.env.now()
        text = log_text.fields(changed)
        if "due" in changed:
            text = f"{text} ({due_before.isoformat()} → {task.due.isoformat()})"
        _log(session, task, "edit", text)
        session.flush()
    return read_task(session, task)


def _ensure_allowed(task: Task, action: str) -> str:
    return TASK_MACHINE.ensure(task, action, code=task.code)


def _transition(session: OfficeSession, task: Task, action: str) -> tuple[str, str]:
    previous, target = TASK_MACHINE.move(task, action, session.env.now(), code=task.code)
    task.is_open = target in OPEN_STATES
    return previous, target


def _finish(
    session: OfficeSession, task: Task, action: str, text: str, kind: str = "state", **recorded: Any
) -> TaskRead:
    """The end of a step: the new state and what the step records on the item, logged, and the
    item read back."""
    previous, target = _transition(session, task, action)
    for name, value in recorded.items():
        setattr(task, name, value)
    _log(session, task, kind, text, previous, target)
    session.flush()
    return read_task(session, task)


def _noted(session: OfficeSession, task: Task, kind: str, text: str) -> TaskRead:
    """A log line that changes no state (a reminder, a note, an extension asked or decided):
    the item counts as updated."""
    _log(session, task, kind, text)
    task.updated_at = session.env.now()
    session.flush()
    return read_task(session, task)


def start_task(session: OfficeSession, ref: str | int, note: str = "") -> TaskRead:
    form = validate(OptionalNote, {"text": note})
    return _finish(session, resolve_task(session, ref), "start", form.text)


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
    if task.leader:  # 果必报: the result goes back to the leader who gave the instruction
        _log(session, task, "reported", task.leader)
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
    text = f"{form.score}/5 {form.comment}".strip()
    return _finish(
        session,
        task,
        "evaluate",
        text,
        kind="evaluation",
        eval_score=form.score,
        eval_comment=form.comment,
    )


def cancel_task(session: OfficeSession, ref: str | int, reason: str) -> TaskRead:
    text = required_text(Note, reason, "task.cancel_reason", field="reason")
    task = resolve_task(session, ref)
    _ensure_allowed(task, "cancel")
    _refuse_pending_extensions(session, task)
    return _finish(session, task, "cancel", text, cancel_reason=text)


def reopen_task(session: OfficeSession, ref: str | int, note: str = "") -> TaskRead:
    form = validate(OptionalNote, {"text": note})
    task = resolve_task(session, ref)
    return _finish(session, task, "reopen", form.text, done_on=None, on_time=None)


def remind_task(session: OfficeSession, ref: str | int, note: str = "") -> TaskRead:
    """催办: only an open item can be chased."""
    form = validate(OptionalNote, {"text": note})
    task = resolve_task(session, ref)
    if task.state not in OPEN_STATES:
        raise TASK_MACHINE.refuse_state("task.remind_closed", task.state, code=task.code)
    return _noted(session, task, "remind", form.text)


def add_log_entry(
    session: OfficeSession, ref: str | int, text: str, kind: str = "note"
) -> TaskRead:
    if kind not in ("note", "feedback"):
        raise InvalidInput("input.choice", field="kind", choices=["note", "feedback"])
    form = validate(Note, {"text": text})
    return _noted(session, resolve_task(session, ref), kind, form.text)


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
        pending.decision_note = log_text.text("task.extension_closed")
        verdict = log_text.coded("extension", "refused")
        _log(session, task, "extension", f"{verdict} {pending.decision_note}")


def request_extension(
    session: OfficeSession, ref: str | int, new_due: date | str, reason: str
) -> TaskRead:
    """延期申请: the original due date stays on the item; only approval moves `due`."""
    reason_text = required_text(Note, reason, "task.extension_reason", field="reason")
    task = resolve_task(session, ref)
    if task.state not in OPEN_STATES:
        raise TASK_MACHINE.refuse_state("task.extend_closed", task.state, code=task.code)
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
            task_id=id_of(task),
            requested_at=session.env.now(),
            requested_by=session.env.operator,
            reason=reason_text,
            old_due=task.due,
            new_due=target,
        )
    )
    return _noted(session, task, "extension", f"→ {target.isoformat()}: {reason_text}")


def decide_extension(
    session: OfficeSession, ref: str | int, approve: bool, note: str = ""
) -> TaskRead:
    form = validate(OptionalNote, {"text": note})
    task = resolve_task(session, ref)
    if task.state not in OPEN_STATES:
        raise TASK_MACHINE.refuse_state("task.extend_closed", task.state, code=task.code)
    pending = _pending_extension(session, task)
    if pending is None:
        raise NotFound("task.no_pending_extension", code=task.code)
    env = session.env
    # 督办 rule: more time is granted by someone other than the one who asked for it (who may
    # still withdraw the request by refusing it).
    own = pending.requested_by == env.operator
    if approve and own and not env.rules.self_approve_extensions:
        raise Conflict("task.extension_own", code=task.code, who=env.operator)
    pending.status = "approved" if approve else "refused"
    pending.decided_at = env.now()
    pending.decided_by = env.operator
    pending.decision_note = form.text
    if approve:
        task.due = pending.new_due
    verdict = log_text.coded("extension", pending.status)
    return _noted(
        session, task, "extension", f"{verdict} {pending.new_due.isoformat()} {form.text}".strip()
    )
