"""The incoming register (收文 / 来电 / 来函): registration numbers and the official steps
(standards.md §5.3), the leader's instruction kept verbatim, the linked supervision item.

The register's whole API is importable from here; its rules (incoming_rules), reading
(incoming_query), circulation (incoming_circulation) and Today lines (incoming_today) live
in modules of their own.
"""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import or_
from sqlmodel import select

from officedesk.db import OfficeSession
from officedesk.errors import IllegalTransition, InvalidInput
from officedesk.i18n import t
from officedesk.models import Department, Task
from officedesk.models.incoming import (
    Incoming,
    IncomingAssist,
    IncomingLog,
)
from officedesk.models.schema_base import Note, OptionalNote, Reason
from officedesk.notices import Notice
from officedesk.services.common import append_log, to_date
from officedesk.services.incoming.query import (  # noqa: F401 - the API in one place
    SORTS,
    IncomingFilter,
    circulation_rows,
    count_incoming,
    get_incoming,
    list_incoming,
    read_incoming,
    resolve_incoming,
)
from officedesk.services.incoming.rules import (  # noqa: F401 - the API in one place
    CIRCULATION_OPERATIONS,
    LOG_KINDS,
    URGENT,
    offered_operations,
    step_notices,
)
from officedesk.services.incoming.schemas import (
    HandleInput,
    IncomingCreate,
    IncomingRead,
    IncomingUpdate,
    LeaderInput,
)
from officedesk.services.incoming.states import (  # noqa: F401 - the API in one place
    CIRCULATING_STATES,
    CLOSED_STATES,
    HANDLED_BEFORE_DONE,
    INCOMING_MACHINE,
    OPEN_STATES,
    WAITING_STATES,
    allowed_actions,
)
from officedesk.services.incoming.today import today_lines  # noqa: F401 - services.today
from officedesk.services.lookup import resolve_department
from officedesk.services.moments import local_day, parse_moment, refuse_future
from officedesk.services.validation import validate

INCOMING_ACTIONS = INCOMING_MACHINE.actions  # as the tests read it; the machine is the table

CODE_PREFIX = "SW"
SERIES = "SW"
# Circulation is in its own module, which builds on this one: its API is handed out on first use.
_CIRCULATION = frozenset({"circulate_incoming", "mark_read", "remind_readers", "Reminded"})


def __getattr__(name: str) -> Any:
    if name not in _CIRCULATION:
        raise AttributeError(name)
    from officedesk.services.incoming import circulation as incoming_circulation

    return getattr(incoming_circulation, name)


# ---- times ---------------------------------------------------------------------------------


def to_moment(session: OfficeSession, value: datetime | date | str | None) -> datetime:
    """When a document came in or was read: now when not given; a day alone means now on
    today and nine o'clock on another day (services.moments reads the rest)."""
    moment = parse_moment(session, value, default_time=time(9, 0), now_if_today=True)
    return moment or session.env.now()


def _to_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


# ---- writing -------------------------------------------------------------------------------


def _log(
    session: OfficeSession,
    doc: Incoming,
    kind: str,
    text: str = "",
    from_state: str | None = None,
    to_state: str | None = None,
    given_by: str = "",
) -> None:
    append_log(
        session,
        IncomingLog,
        incoming_id=doc.id,
        kind=kind,
        text=text,
        given_by=given_by,
        from_state=from_state,
        to_state=to_state,
    )


def _sender(session: OfficeSession, text: str) -> tuple[str, int | None]:
    """The sender as written, linked to the directory when a department has exactly that name
    or code (no guessing: an unknown sender is kept as text)."""
    if not text:
        return "", None
    found = session.exec(
        select(Department).where(or_(Department.name == text, Department.code == text.upper()))
    ).first()
    if found is None:
        return text, None
    return found.name, found.id


def _default_mode(kind: str) -> str:
    return "handle" if kind == "document" else "read"


def _check_past(session: OfficeSession, moment: datetime) -> None:
    refuse_future(session, moment)


def create_incoming(session: OfficeSession, data: dict[str, Any]) -> IncomingRead:
    """签收/登记: the document gets the next SW-year number and starts as registered."""
    env = session.env
    data = dict(data)
    received = to_moment(session, data.pop("received_at", None))
    due_raw = data.pop("due", None)
    form = validate(IncomingCreate, data)
    _check_past(session, received)
    due = to_date(session, due_raw, base=env.today)
    if due is not None and due < local_day(received):
        raise InvalidInput("incoming.due_before_received", due=due.isoformat())
    sender, sender_dept_id = _sender(session, form.sender)
    from officedesk.services.numbering import next_number

    year = env.today.year
    seq = next_number(session, SERIES, year)
    now = env.now()
    doc = Incoming(
        code=f"{CODE_PREFIX}-{year}-{seq:04d}",
        year=year,
        seq=seq,
        kind=form.kind,
        title=form.title,
        sender=sender,
        sender_dept_id=sender_dept_id,
        sender_number=form.sender_number,
        received_at=received,
        urgency=form.urgency,
        secrecy=form.secrecy,
        mode=form.mode or _default_mode(form.kind),
        summary=form.summary,
        caller=form.caller,
        phone=form.phone,
        due=due,
        state="registered",
        created_by=env.operator,
        created_at=now,
        updated_at=now,
    )
    session.add(doc)
    session.flush()
    _log(session, doc, "state", to_state="registered")
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


EDITABLE = ("title", "kind", "sender", "sender_number", "urgency", "secrecy", "summary", "caller")


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
    if form.phone is not None and form.phone != doc.phone:
        doc.phone = form.phone
        changed.append("phone")
    if form.mode is not None and form.mode != doc.mode:
        if doc.state not in ("registered", "reviewed", "proposed", "instructed"):
            raise INCOMING_MACHINE.refuse_state("incoming.mode_fixed", doc.state, code=doc.code)
        doc.mode = form.mode
        changed.append("mode")
    if received_raw is not None and str(received_raw).strip():
        received = to_moment(session, received_raw)
        _check_past(session, received)
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
        _log(session, doc, "edit", ", ".join(changed))
        session.flush()
    return read_incoming(session, doc)


def _follow_due(session: OfficeSession, doc: Incoming) -> None:
    """The linked item's due date moves with the document's while the item is open."""
    if doc.task_id is None or doc.due is None:
        return
    from officedesk.services.task import OPEN_STATES as TASK_OPEN
    from officedesk.services.task import update_task

    task = session.get(Task, doc.task_id)
    if task is not None and task.state in TASK_OPEN and task.due != doc.due:
        update_task(session, task.id, {"due": doc.due})


def _ensure_allowed(doc: Incoming, action: str) -> str:
    """Refuse a step the state table or the document's mode does not allow."""
    legal = allowed_actions(doc.state, doc.mode)
    if INCOMING_MACHINE.can(doc.state, action) and action not in legal:
        raise IllegalTransition("incoming.handle_first", code=doc.code)  # the mode forbids it
    return INCOMING_MACHINE.ensure(doc, action, allowed=legal, code=doc.code)


def _step(
    session: OfficeSession, doc: Incoming, action: str, text: str = "", given_by: str = ""
) -> None:
    previous, target = doc.state, _ensure_allowed(doc, action)
    doc.state = target
    doc.updated_at = session.env.now()
    kind = "instruction" if action == "instruct" else "state"
    _log(session, doc, kind, text, previous, target, given_by)


def review_incoming(session: OfficeSession, ref: str | int, note: str = "") -> IncomingRead:
    """初审 passed: this body handles it, the 行文规则, 文种 and format are right."""
    form = validate(OptionalNote, {"text": note})
    doc = resolve_incoming(session, ref)
    _step(session, doc, "review", form.text)
    session.flush()
    return read_incoming(session, doc)


def return_incoming(session: OfficeSession, ref: str | int, reason: str) -> IncomingRead:
    """初审 failed: back to the sender, with the reason (required)."""
    try:
        form = validate(Reason, {"text": reason})
    except InvalidInput:
        raise InvalidInput("incoming.return_reason") from None
    doc = resolve_incoming(session, ref)
    _step(session, doc, "return", form.text)
    doc.return_reason = form.text
    session.flush()
    return read_incoming(session, doc)


def propose_incoming(session: OfficeSession, ref: str | int, proposal: str) -> IncomingRead:
    """拟办: the office's proposal for who should see or handle it."""
    try:
        form = validate(Note, {"text": proposal})
    except InvalidInput:
        raise InvalidInput("incoming.proposal_required") from None
    doc = resolve_incoming(session, ref)
    _step(session, doc, "propose", form.text)
    doc.proposal = form.text
    doc.proposed_by = session.env.operator
    session.flush()
    return read_incoming(session, doc)


def instruct_incoming(
    session: OfficeSession, ref: str | int, leader: str, words: str
) -> IncomingRead:
    """批办: a leader's instruction, stored exactly as given (not trimmed, not reworded)."""
    who = validate(LeaderInput, {"leader": leader})
    if not isinstance(words, str) or not words.strip():
        raise InvalidInput("incoming.instruction_required")
    if len(words) > 20000:
        raise InvalidInput("input.too_long", field="instruction", max=20000)
    doc = resolve_incoming(session, ref)
    _step(session, doc, "instruct", words, who.leader)
    doc.instruction = words
    doc.leader = who.leader
    doc.instructed_at = session.env.now()
    session.flush()
    return read_incoming(session, doc)


def _workday_on_or_after(session: OfficeSession, day: date) -> date:
    """A due date the rule puts on a weekend or holiday moves to the next working day."""
    calendar = session.env.calendar
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def _priority(urgency: str) -> str:
    return "urgent" if urgency in URGENT else "normal"


def handle_incoming(
    session: OfficeSession,
    ref: str | int,
    dept: str | None,
    assist: Sequence[str] = (),
    due: date | str | None = None,
    note: str = "",
) -> IncomingRead:
    """承办: the lead department (主办), the assisting ones (协办) and the due date. A document
    to handle gets its supervision item (source: incoming), due by the office rule unless given."""
    form = validate(HandleInput, {"dept": dept, "note": note})
    doc = resolve_incoming(session, ref)
    _ensure_allowed(doc, "handle")
    if not form.dept:
        raise InvalidInput("incoming.lead_required")
    lead = resolve_department(session, form.dept)
    helpers: list[Department] = []
    for name in assist:
        if not name or not name.strip():
            continue
        helper = resolve_department(session, name)
        if helper.id == lead.id:
            raise InvalidInput("incoming.assist_is_lead", dept=helper.name)
        if helper.id not in {h.id for h in helpers}:
            helpers.append(helper)
    env = session.env
    given = to_date(session, due, base=env.today)
    if given is None:
        given = doc.due
    if given is None:
        from officedesk.services.task import default_due

        given = _workday_on_or_after(
            session, default_due(session, "incoming", _priority(doc.urgency), env.today)
        )
    if given < env.today:
        raise InvalidInput("incoming.due_past", due=given.isoformat())
    doc.lead_dept_id = lead.id
    doc.due = given
    for helper in helpers:
        session.add(IncomingAssist(incoming_id=doc.id, dept_id=helper.id))
    _step(session, doc, "handle", form.note)
    session.flush()
    if doc.mode == "handle":
        _open_item(session, doc, lead, helpers)
    return read_incoming(session, doc)


def _open_item(
    session: OfficeSession, doc: Incoming, lead: Department, helpers: list[Department]
) -> None:
    from officedesk.services.task import create_task

    ref = f"{doc.code} {doc.sender_number}".strip()
    parts = [doc.summary]
    if doc.instruction:
        parts.append(f"{doc.leader}：{doc.instruction}" if doc.leader else doc.instruction)
    if helpers:
        parts.append(t("incoming.item_assist", depts=t("list.sep").join(h.name for h in helpers)))
    task = create_task(
        session,
        {
            "title": doc.title,
            "detail": "\n".join(p for p in parts if p),
            "source": "incoming",
            "source_ref": ref[:200],
            "priority": _priority(doc.urgency),
            "dept": str(lead.id),
            "due": doc.due,
        },
    )
    doc.task_id = task.id
    session.flush()


def answer_incoming(session: OfficeSession, ref: str | int, answer: str) -> IncomingRead:
    """答复: what the sender was told about the outcome."""
    try:
        form = validate(Note, {"text": answer})
    except InvalidInput:
        raise InvalidInput("incoming.answer_required") from None
    doc = resolve_incoming(session, ref)
    _step(session, doc, "answer", form.text)
    doc.answer = form.text
    doc.answered_on = session.env.today
    session.flush()
    return read_incoming(session, doc)


def _open_item_of(session: OfficeSession, doc: Incoming) -> Task | None:
    if doc.task_id is None:
        return None
    from officedesk.services.task import OPEN_STATES as TASK_OPEN

    task = session.get(Task, doc.task_id)
    return task if task is not None and task.state in TASK_OPEN else None


def complete_incoming(
    session: OfficeSession, ref: str | int, result: str = "", done_on: date | str | None = None
) -> IncomingRead:
    """办结. Refused while its supervision item is open: the item closes the document."""
    form = validate(OptionalNote, {"text": result})
    doc = resolve_incoming(session, ref)
    _ensure_allowed(doc, "done")
    item = _open_item_of(session, doc)
    if item is not None:
        raise IllegalTransition("incoming.item_open", code=doc.code, task=item.code)
    env = session.env
    finished = to_date(session, done_on) or env.today
    if finished > env.today:
        raise InvalidInput("incoming.done_in_future", date=finished.isoformat())
    if finished < local_day(doc.received_at):
        raise InvalidInput("incoming.done_before_received", date=finished.isoformat())
    _step(session, doc, "done", form.text)
    doc.done_on = finished
    if form.text:
        doc.result = form.text
    session.flush()
    read = read_incoming(session, doc)
    unread = [
        row.reader
        for row in circulation_rows(session, [doc.id]).get(doc.id, [])
        if row.read_at is None
    ]
    if unread:
        read.warnings.append(
            Notice(
                "incoming.unread_on_done", {"code": doc.code, "names": t("list.sep").join(unread)}
            )
        )
    return read


def item_completed(session: OfficeSession, task: Task) -> None:
    """Hook from services.tasks: the item of a document to handle is done, so is the document
    (same transaction; a document already done or filed is left alone)."""
    doc = session.exec(select(Incoming).where(Incoming.task_id == task.id)).first()
    if doc is None or doc.state not in HANDLED_BEFORE_DONE:
        return
    previous = doc.state
    doc.state = "done"
    doc.done_on = task.done_on or session.env.today
    doc.updated_at = session.env.now()
    _log(session, doc, "item_done", task.code, previous, "done")
    session.flush()


def file_incoming(session: OfficeSession, ref: str | int, note: str = "") -> IncomingRead:
    """归档: the file is closed."""
    form = validate(OptionalNote, {"text": note})
    doc = resolve_incoming(session, ref)
    _step(session, doc, "file", form.text)
    doc.filed_on = session.env.today
    session.flush()
    return read_incoming(session, doc)
