"""Entering an incoming document (签收/登记, a phone call) and editing it afterwards; the log
line every write of the register adds. The official steps build on this in
services.incoming.actions, circulation in services.incoming.circulation."""

from datetime import date, datetime, time
from typing import Any

from officedesk.db import OfficeSession
from officedesk.errors import IllegalTransition, InvalidInput
from officedesk.models import Task
from officedesk.models.incoming import Incoming, IncomingLog
from officedesk.services.common import StepLogger, to_date
from officedesk.services.incoming.query import read_incoming, resolve_incoming
from officedesk.services.incoming.schemas import IncomingCreate, IncomingRead, IncomingUpdate
from officedesk.services.incoming.states import CLOSED_STATES, INCOMING_MACHINE
from officedesk.services.lookup import department_named
from officedesk.services.marks import check_secrecy, check_urgency, period_kept
from officedesk.services.moments import local_day, parse_moment, refuse_future
from officedesk.services.shared_records import new_stamps, next_code
from officedesk.services.validation import validate

CODE_PREFIX = "SW"
SERIES = "SW"
# What an edit may change; the phone and the mode follow rules of their own.
EDITABLE = (
    "title",
    "kind",
    "sender",
    "sender_number",
    "urgency",
    "secrecy",
    "secrecy_years",
    "summary",
    "caller",
)
# The fields a new document takes from the form as they are given (the sender is looked up in
# the directory first).
AS_GIVEN = (set(EDITABLE) - {"sender"}) | {"phone"}
# The mode decides which steps follow; it may change only until the document is handled.
MODE_EDITABLE_STATES = ("registered", "reviewed", "proposed", "instructed")


def to_moment(session: OfficeSession, value: datetime | date | str | None) -> datetime:
    """When a document came in or was read: now when not given; a day alone means now on
    today and nine o'clock on another day (services.moments reads the rest)."""
    moment = parse_moment(session, value, default_time=time(9, 0), now_if_today=True)
    return moment or session.env.now()


def _to_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


# One line of the document's own log (a step, an edit, a circulation).
log_incoming = StepLogger(IncomingLog, "incoming_id")


def _sender(session: OfficeSession, text: str) -> tuple[str, int | None]:
    """The sender as written, linked to the directory when a department has exactly that name
    or code (no guessing: an unknown sender is kept as text)."""
    if not text:
        return "", None
    found = department_named(session, text)
    if found is None:
        return text, None
    return found.name, found.id


def _default_mode(kind: str) -> str:
    return "handle" if kind in ("document", "telegram") else "read"


def create_incoming(session: OfficeSession, data: dict[str, Any]) -> IncomingRead:
    """签收/登记: the document gets the next SW-year number and starts as registered."""
    env = session.env
    data = dict(data)
    received = to_moment(session, data.pop("received_at", None))
    due_raw = data.pop("due", None)
    form = validate(IncomingCreate, data)
    check_urgency(form.kind, form.urgency)
    check_secrecy(form.secrecy, form.secrecy_years)
    refuse_future(session, received)
    due = to_date(session, due_raw, base=env.today)
    if due is not None and due < local_day(received):
        raise InvalidInput("incoming.due_before_received", due=due.isoformat())
    sender, sender_dept_id = _sender(session, form.sender)
    code, year, seq = next_code(session, SERIES, CODE_PREFIX)
    doc = Incoming(
        code=code,
        year=year,
        seq=seq,
        **form.model_dump(include=AS_GIVEN),
        sender=sender,
        sender_dept_id=sender_dept_id,
        received_at=received,
        mode=form.mode or _default_mode(form.kind),
        due=due,
        state="registered",
        **new_stamps(session),
    )
    session.add(doc)
    session.flush()
    log_incoming(session, doc, "state", to_state="registered")
    session.flush()
    return read_incoming(session, doc)


def register_call(session: OfficeSession, data: dict[str, Any]) -> IncomingRead:
    """A phone call in one go: what it was about, who rang from where, the number and the time;
    the handling part (proposal, instruction, result) follows through the usual steps."""
    data = dict(data)
    data["kind"] = "call"
    if "unit" in data:
        data["sender"] = data.pop("unit")
    if "content" in data:
        data["summary"] = data.pop("content")
    if "at" in data:
        data["received_at"] = data.pop("at")
    return create_incoming(session, data)


def update_incoming(session: OfficeSession, ref: str | int, data: dict[str, Any]) -> IncomingRead:
    doc = resolve_incoming(session, ref)
    if doc.state == "filed":
        raise IllegalTransition("incoming.filed_readonly", code=doc.code)
    data = dict(data)
    received_raw = data.pop("received_at", None)
    due_raw = data.pop("due", None)
    form = validate(IncomingUpdate, data)
    changed: list[str] = []
    for name in EDITABLE:
        value = getattr(form, name)
        if value is None:
            continue
        if name == "sender":
            value, dept_id = _sender(session, value)
            if dept_id != doc.sender_dept_id:
                doc.sender_dept_id = dept_id
        if value != getattr(doc, name):
            setattr(doc, name, value)
            changed.append(name)
    if form.secrecy_years is None and doc.secrecy_years != period_kept(
        doc.secrecy, doc.secrecy_years
    ):
        doc.secrecy_years = 0
        changed.append("secrecy_years")
    check_urgency(doc.kind, doc.urgency)
    check_secrecy(doc.secrecy, doc.secrecy_years)
    if form.phone is not None and form.phone != doc.phone:
        doc.phone = form.phone
        changed.append("phone")
    if form.mode is not None and form.mode != doc.mode:
        if doc.state not in MODE_EDITABLE_STATES:
            raise INCOMING_MACHINE.refuse_state("incoming.mode_fixed", doc.state, code=doc.code)
        doc.mode = form.mode
        changed.append("mode")
    if received_raw is not None and str(received_raw).strip():
        received = to_moment(session, received_raw)
        refuse_future(session, received)
        if _to_minute(received) != _to_minute(doc.received_at):  # forms show minutes only
            doc.received_at = received
            changed.append("received_at")
    if due_raw is not None and str(due_raw).strip():
        due = to_date(session, due_raw)
        if due is not None and due != doc.due:
            if doc.state in CLOSED_STATES:
                raise IllegalTransition("incoming.due_closed", code=doc.code)
            doc.due = due
            changed.append("due")
            _follow_due(session, doc)
    if doc.due is not None and doc.due < local_day(doc.received_at):
        raise InvalidInput("incoming.due_before_received", due=doc.due.isoformat())
    if changed:
        doc.updated_at = session.env.now()
        log_incoming(session, doc, "edit", ", ".join(changed))
        session.flush()
    return read_incoming(session, doc)


def open_item_of(session: OfficeSession, doc: Incoming) -> Task | None:
    """The document's supervision item while it is open, else None."""
    if doc.task_id is None:
        return None
    from officedesk.services.task import OPEN_STATES as TASK_OPEN

    task = session.get(Task, doc.task_id)
    return task if task is not None and task.state in TASK_OPEN else None


def _follow_due(session: OfficeSession, doc: Incoming) -> None:
    """The linked item's due date moves with the document's while the item is open."""
    task = open_item_of(session, doc)
    if task is not None and task.id is not None and doc.due is not None and task.due != doc.due:
        from officedesk.services.task import update_task

        update_task(session, task.id, {"due": doc.due})
