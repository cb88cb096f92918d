"""The incoming register (收文 / 来电 / 来函): the official steps (standards.md §5.3), the
leader's instruction kept verbatim, the linked supervision item.

The register's whole API is importable from here; entering and editing a document
(incoming.entry), its rules (incoming.rules), reading (incoming.query), circulation
(incoming.circulation) and Today lines (incoming.today) live in modules of their own.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlmodel import select

from officedesk.db import OfficeSession
from officedesk.errors import IllegalTransition, InvalidInput
from officedesk.models import Department, Task
from officedesk.models.incoming import Incoming, IncomingAssist
from officedesk.models.schema_base import Note, OptionalNote, Reason
from officedesk.notices import Notice
from officedesk.services import log_text
from officedesk.services.common import id_of, to_date
from officedesk.services.incoming.entry import CODE_PREFIX as CODE_PREFIX
from officedesk.services.incoming.entry import SERIES as SERIES
from officedesk.services.incoming.entry import create_incoming as create_incoming
from officedesk.services.incoming.entry import log_incoming, open_item_of
from officedesk.services.incoming.entry import register_call as register_call
from officedesk.services.incoming.entry import to_moment as to_moment
from officedesk.services.incoming.entry import update_incoming as update_incoming
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
from officedesk.services.incoming.schemas import HandleInput, IncomingRead, LeaderInput
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
from officedesk.services.moments import local_day
from officedesk.services.validation import required_text, validate

INCOMING_ACTIONS = INCOMING_MACHINE.actions  # as the tests read it; the machine is the table

# Circulation is in its own module, which builds on this one: its API is handed out on first use.
_CIRCULATION = frozenset({"circulate_incoming", "mark_read", "remind_readers", "Reminded"})


def __getattr__(name: str) -> Any:
    if name not in _CIRCULATION:
        raise AttributeError(name)
    from officedesk.services.incoming import circulation as incoming_circulation

    return getattr(incoming_circulation, name)


# ---- the steps -----------------------------------------------------------------------------


def _legal(doc: Incoming, action: str) -> list[str]:
    """The steps the document's state and mode allow; a step the table allows but the mode
    does not is refused here, saying it must be handled first."""
    legal = allowed_actions(doc.state, doc.mode)
    if INCOMING_MACHINE.can(doc.state, action) and action not in legal:
        raise IllegalTransition("incoming.handle_first", code=doc.code)
    return legal


def _ensure_allowed(doc: Incoming, action: str) -> str:
    """Refuse a step the state table or the document's mode does not allow."""
    return INCOMING_MACHINE.ensure(doc, action, allowed=_legal(doc, action), code=doc.code)


def _step(
    session: OfficeSession, doc: Incoming, action: str, text: str = "", given_by: str = ""
) -> None:
    previous, target = INCOMING_MACHINE.move(
        doc, action, session.env.now(), allowed=_legal(doc, action), code=doc.code
    )
    kind = "instruction" if action == "instruct" else "state"
    log_incoming(session, doc, kind, text, previous, target, given_by=given_by)


def _take_step(
    session: OfficeSession,
    ref: str | int,
    action: str,
    text: str = "",
    given_by: str = "",
    **recorded: Any,
) -> IncomingRead:
    """A step that only records what it says: find the document, take the step, keep the
    step's fields on the document (the proposal, the answer, the day filed)."""
    doc = resolve_incoming(session, ref)
    _step(session, doc, action, text, given_by)
    for name, value in recorded.items():
        setattr(doc, name, value)
    session.flush()
    return read_incoming(session, doc)


def review_incoming(session: OfficeSession, ref: str | int, note: str = "") -> IncomingRead:
    """初审 passed: this body handles it, the 行文规则, 文种 and format are right."""
    text = validate(OptionalNote, {"text": note}).text
    return _take_step(session, ref, "review", text)


def return_incoming(session: OfficeSession, ref: str | int, reason: str) -> IncomingRead:
    """初审 failed: back to the sender, with the reason (required)."""
    text = required_text(Reason, reason, "incoming.return_reason")
    return _take_step(session, ref, "return", text, return_reason=text)


def propose_incoming(session: OfficeSession, ref: str | int, proposal: str) -> IncomingRead:
    """拟办: the office's proposal for who should see or handle it."""
    text = required_text(Note, proposal, "incoming.proposal_required")
    operator = session.env.operator
    return _take_step(session, ref, "propose", text, proposal=text, proposed_by=operator)


def instruct_incoming(
    session: OfficeSession, ref: str | int, leader: str, words: str
) -> IncomingRead:
    """批办: a leader's instruction, stored exactly as given (not trimmed, not reworded)."""
    who = validate(LeaderInput, {"leader": leader})
    if not isinstance(words, str) or not words.strip():
        raise InvalidInput("incoming.instruction_required")
    if len(words) > 20000:
        raise InvalidInput("input.too_long", field="instruction", max=20000)
    return _take_step(
        session,
        ref,
        "instruct",
        words,
        who.leader,
        instruction=words,
        leader=who.leader,
        instructed_at=session.env.now(),
    )


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

        # By the document's own urgency: 特急 and 加急 have limits of their own, a telegram's
        # grades theirs (特提 1 day, 特急 3, 加急 5, 平急 10: [due] "telegram.*").
        source = "telegram" if doc.kind == "telegram" else "incoming"
        given = default_due(session, source, doc.urgency, env.today)
    if given < env.today:
        raise InvalidInput("incoming.due_past", due=given.isoformat())
    doc.lead_dept_id = lead.id
    doc.due = given
    for helper in helpers:
        session.add(IncomingAssist(incoming_id=id_of(doc), dept_id=id_of(helper)))
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
        depts = log_text.names(h.name for h in helpers)
        parts.append(log_text.text("incoming.item_assist", depts=depts))
    task = create_task(
        session,
        {
            "title": doc.title,
            "detail": "\n".join(p for p in parts if p),
            "source": "incoming",
            "source_ref": ref[:200],
            "leader": doc.leader,
            "priority": _priority(doc.urgency),
            "dept": str(lead.id),
            "due": doc.due,
        },
    )
    doc.task_id = task.id
    session.flush()


def answer_incoming(session: OfficeSession, ref: str | int, answer: str) -> IncomingRead:
    """答复: what the sender was told about the outcome."""
    text = required_text(Note, answer, "incoming.answer_required")
    return _take_step(session, ref, "answer", text, answer=text, answered_on=session.env.today)


def complete_incoming(
    session: OfficeSession, ref: str | int, result: str = "", done_on: date | str | None = None
) -> IncomingRead:
    """办结. Refused while its supervision item is open: the item closes the document."""
    form = validate(OptionalNote, {"text": result})
    doc = resolve_incoming(session, ref)
    _ensure_allowed(doc, "done")
    item = open_item_of(session, doc)
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
    doc_id = id_of(doc)
    unread = [
        row.reader
        for row in circulation_rows(session, [doc_id]).get(doc_id, [])
        if row.read_at is None
    ]
    if unread:
        read.warnings.append(Notice("incoming.unread_on_done", {"code": doc.code, "names": unread}))
    return read


def item_completed(session: OfficeSession, task: Task) -> None:
    """Hook from services.task: the item of a document to handle is done, so is the document
    (same transaction; a document already done or filed is left alone)."""
    doc = session.exec(select(Incoming).where(Incoming.task_id == task.id)).first()
    if doc is None or doc.state not in HANDLED_BEFORE_DONE:
        return
    previous = doc.state
    doc.state = "done"
    doc.done_on = task.done_on or session.env.today
    doc.updated_at = session.env.now()
    log_incoming(session, doc, "item_done", task.code, previous, "done")
    session.flush()


def file_incoming(session: OfficeSession, ref: str | int, note: str = "") -> IncomingRead:
    """归档: the file is closed."""
    text = validate(OptionalNote, {"text": note}).text
    return _take_step(session, ref, "file", text, filed_on=session.env.today)
