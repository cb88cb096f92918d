"""Coordination matters (协调事项): numbering, opening and changing a matter, its contacts (who
said what, when), its steps along the state table, the leader's decision on an escalated
matter, and the supervision items it spawns in the same step. Reading lives in
services.matter.query, the state table in services.matter.states; their API is importable from
here as well."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select

from officedesk.db import OfficeSession
from officedesk.errors import Conflict, InvalidInput
from officedesk.models.matter import (
    ContactCreate,
    LeaderInput,
    Matter,
    MatterCreate,
    MatterDept,
    MatterItem,
    MatterLog,
    MatterRead,
    MatterUpdate,
)
from officedesk.models.schema_base import Reason
from officedesk.services.common import StepLogger, id_of
from officedesk.services.lookup import resolve_department
from officedesk.services.matter.query import (  # noqa: F401 - the API in one place
    DIRECTIONS,
    SORTS,
    STATES,
    MatterFilter,
    count_matters,
    dept_rows,
    get_matter,
    list_matters,
    read_matter,
    resolve_matter,
    today_lines,
)
from officedesk.services.matter.states import (  # noqa: F401 - the API in one place
    CLOSED_STATES,
    MATTER_MACHINE,
    OPEN_STATES,
    STALE_WORKDAYS,
    allowed_steps,
    ensure_changing,
    offered_operations,
)
from officedesk.services.moments import parse_moment, refuse_future
from officedesk.services.shared_records import apply_given, code_columns, new_stamps, table_of
from officedesk.services.validation import chosen, required_text, validate

# The state table as the tests and the workbench read it.
MATTER_ACTIONS = MATTER_MACHINE.actions

CODE_PREFIX = "XT"
SERIES = "matter"
TEXT_FIELDS = ("title", "asked", "note")
TITLE_ROOM = 200  # a supervision item's title and reference hold this many characters

_log = StepLogger(MatterLog, "matter_id")


# ---- writing -----------------------------------------------------------------------------------


def _direction(value: object) -> str:
    return chosen("direction", str(value).strip(), DIRECTIONS)


def _names(given: object) -> list[str]:
    """Department references from a list or "a, b、c" (blank ones dropped, each named once)."""
    if given is None:
        return []
    if isinstance(given, str):
        words: Iterable[object] = given.replace("，", ",").replace("、", ",").split(",")
    elif isinstance(given, Iterable):
        words = (part for item in given for part in _names(str(item)) or [""])
    else:
        words = (given,)
    return list(dict.fromkeys(text for word in words if (text := str(word).strip())))


def _set_depts(session: OfficeSession, matter: Matter, refs: object) -> None:
    """The departments involved, replaced by those named (by name, code, pinyin or #id)."""
    ids = list(dict.fromkeys(id_of(resolve_department(session, ref)) for ref in _names(refs)))
    table = table_of(MatterDept)
    session.execute(delete(table).where(table.c.matter_id == matter.id))
    for dept_id in ids:
        session.add(MatterDept(matter_id=id_of(matter), dept_id=dept_id))
    session.flush()
    matter.dept_names = "; ".join(name for _id, name in dept_rows(session, id_of(matter)))


def _lead(session: OfficeSession, matter: Matter, ref: object) -> None:
    text = str(ref).strip() if ref is not None else ""
    matter.lead_dept_id = id_of(resolve_department(session, text)) if text else None


def create_matter(session: OfficeSession, data: dict[str, Any]) -> MatterRead:
    """Open a matter. Required: its title; the direction defaults to 横向 (between departments).
    Its silence is counted from now until the first contact."""
    data = dict(data)
    lead, depts = data.pop("lead", None), data.pop("depts", None)
    form = validate(MatterCreate, data)
    now = session.env.now()
    matter = Matter(
        **code_columns(session, SERIES, CODE_PREFIX),
        title=form.title,
        direction=_direction(form.direction),
        asked=form.asked,
        note=form.note,
        state="open",
        last_contact_at=now,
        **new_stamps(session),
    )
    _lead(session, matter, lead)
    session.add(matter)
    session.flush()
    if depts:
        _set_depts(session, matter, depts)
    session.flush()
    return read_matter(session, matter)


def update_matter(session: OfficeSession, ref: str | int, data: dict[str, Any]) -> MatterRead:
    """Change what was given (None leaves a field; a blank lead clears it, a blank list of
    departments empties it). A closed matter is reopened first."""
    matter = resolve_matter(session, ref)
    ensure_changing(matter)
    data = {key: value for key, value in data.items() if value is not None}
    lead_given, depts_given = "lead" in data, "depts" in data
    lead, depts = data.pop("lead", None), data.pop("depts", None)
    form = validate(MatterUpdate, data)
    apply_given(matter, form, TEXT_FIELDS)
    if form.direction is not None:
        matter.direction = _direction(form.direction)
    if lead_given:
        _lead(session, matter, lead)
    if depts_given:
        _set_depts(session, matter, depts)
    matter.updated_at = session.env.now()
    session.flush()
    return read_matter(session, matter)


# ---- contacts ----------------------------------------------------------------------------------


def add_contact(
    session: OfficeSession,
    ref: str | int,
    party: str,
    position: str,
    *,
    at: datetime | str | None = None,
) -> MatterRead:
    """Log a contact: who (a department or a person, as named) took what position, and when
    (now unless given; never in the future). The matter's silence restarts from it."""
    matter = resolve_matter(session, ref)
    ensure_changing(matter)
    form = validate(ContactCreate, {"party": party, "position": position})
    now = session.env.now()
    moment = parse_moment(session, at, field="at", invalid_key="matter.bad_time") if at else None
    if moment is not None:
        refuse_future(session, moment, "matter.contact_in_future")
    when = moment or now
    session.add(
        MatterLog(
            matter_id=id_of(matter),
            at=when,
            author=session.env.operator,
            kind="contact",
            party=form.party,
            text=form.position,
        )
    )
    matter.last_contact_at = max(matter.last_contact_at, when)
    matter.updated_at = now
    session.flush()
    return read_matter(session, matter)


# ---- steps -------------------------------------------------------------------------------------


def _move(
    session: OfficeSession, matter: Matter, action: str, text: str = "", party: str = ""
) -> None:
    """Take a step, refused unless allowed now (allowed_steps), and log it with its text."""
    before, after = MATTER_MACHINE.move(
        matter, action, session.env.now(), allowed=allowed_steps(matter), code=matter.code
    )
    _log(session, matter, action, text, before, after, party=party)


def agree_matter(session: OfficeSession, ref: str | int, note: str | None = None) -> MatterRead:
    """意见一致: the parties agreed (what on, in the note); the matter is carried out next."""
    matter = resolve_matter(session, ref)
    if matter.state == "escalated" and not matter.decision:
        raise MATTER_MACHINE.refuse_state("matter.decision_first", matter.state, code=matter.code)
    _move(session, matter, "agree", (note or "").strip())
    session.flush()
    return read_matter(session, matter)


def close_matter(session: OfficeSession, ref: str | int, outcome: str) -> MatterRead:
    """办结: closed with its outcome, which is required."""
    text = required_text(Reason, outcome, "matter.outcome_required")
    matter = resolve_matter(session, ref)
    if matter.state == "escalated" and not matter.decision:
        raise MATTER_MACHINE.refuse_state("matter.decision_first", matter.state, code=matter.code)
    _move(session, matter, "close", text)
    matter.outcome = text
    session.flush()
    return read_matter(session, matter)


def escalate_matter(
    session: OfficeSession, ref: str | int, leader: str, note: str | None = None
) -> MatterRead:
    """提请领导协调: the parties did not agree; the matter goes to the named leader, whose
    decision is then recorded (decide_matter). A former decision gives way to the new one."""
    if not (leader or "").strip():
        raise InvalidInput("matter.leader_required", field="leader")
    name = validate(LeaderInput, {"leader": leader}).leader
    matter = resolve_matter(session, ref)
    _move(session, matter, "escalate", (note or "").strip(), party=name)
    matter.leader = name
    matter.decision = ""
    matter.decided_at = None
    session.flush()
    return read_matter(session, matter)


def decide_matter(
    session: OfficeSession, ref: str | int, decision: str, *, at: datetime | str | None = None
) -> MatterRead:
    """The leader's decision on an escalated matter, recorded verbatim (as given, surrounding
    blanks aside) and once: it is the record the matter is then agreed or closed on."""
    matter = resolve_matter(session, ref)
    if matter.state != "escalated":
        raise MATTER_MACHINE.refuse_state("matter.not_escalated", matter.state, code=matter.code)
    if matter.decision:
        raise Conflict("matter.already_decided", code=matter.code, leader=matter.leader)
    text = required_text(Reason, decision, "matter.decision_required")
    now = session.env.now()
    moment = parse_moment(session, at, field="at", invalid_key="matter.bad_time") if at else None
    if moment is not None:
        refuse_future(session, moment, "matter.contact_in_future")
    matter.decision = text
    matter.decided_at = moment or now
    matter.updated_at = now
    _log(session, matter, "decide", text, party=matter.leader)
    session.flush()
    return read_matter(session, matter)


def reopen_matter(session: OfficeSession, ref: str | int, reason: str) -> MatterRead:
    """重新协调: an agreement fell through or a closed matter came back, with the reason; the
    outcome is cleared (the log keeps it) and the silence counts from now."""
    text = required_text(Reason, reason, "matter.reopen_reason")
    matter = resolve_matter(session, ref)
    _move(session, matter, "reopen", text)
    matter.outcome = ""
    matter.last_contact_at = max(matter.last_contact_at, session.env.now())
    session.flush()
    return read_matter(session, matter)


# ---- items -------------------------------------------------------------------------------------


def _shortened(text: str, room: int = TITLE_ROOM) -> str:
    first = text.splitlines()[0].strip() if text.strip() else ""
    return first if len(first) <= room else first[: room - 1] + "…"


def item_source(matter: Matter) -> str:
    """The source an item of this matter is registered under (its due rule follows from it): a
    leader's decision (leadership); a matter with superiors (superior); else a department's."""
    if matter.decision:
        return "leadership"
    return "superior" if matter.direction == "vertical" else "department"


def spawn_item(
    session: OfficeSession,
    ref: str | int,
    title: str,
    *,
    dept: str | None = None,
    owner: str | None = None,
    due: Any = None,
    priority: str = "normal",
) -> MatterRead:
    """Open a supervision item that carries part of the matter out, in the same step: its
    source as item_source says, referring to the matter, led by `dept` (the matter's lead
    department unless given), due by the office rule for that source unless a date is given."""
    from officedesk.models import Department
    from officedesk.services.task import create_task

    matter = resolve_matter(session, ref)
    ensure_changing(matter)
    lead_ref = (dept or "").strip()
    if not lead_ref and matter.lead_dept_id is not None:
        lead = session.get(Department, matter.lead_dept_id)
        lead_ref = f"#{lead.id}" if lead is not None else ""
    if not lead_ref and not (owner or "").strip():
        raise InvalidInput("matter.lead_required", field="dept")
    detail = f"{matter.code} {matter.title}"
    if matter.decision:
        detail += f"\n\n{matter.leader}：{matter.decision}"
    task = create_task(
        session,
        {
            "title": _shortened(title) if title else "",
            "detail": detail,
            "source": item_source(matter),
            "source_ref": _shortened(f"{matter.code} {matter.title}"),
            "leader": matter.leader if matter.decision else "",
            "priority": priority,
            "dept": lead_ref or None,
            "owner": owner or None,
            "due": due or None,
        },
    )
    return _record_item(session, matter, task.id, task.code)


def link_item(session: OfficeSession, ref: str | int, item: str | int) -> MatterRead:
    """Record that an existing supervision item carries the matter out (an item opened before
    the matter was registered here). An item follows one matter only."""
    from officedesk.services.task import resolve_task

    matter = resolve_matter(session, ref)
    ensure_changing(matter)
    task = resolve_task(session, item)
    table = table_of(MatterItem)
    taken = session.execute(
        select(table.c.matter_id).where(table.c.task_id == task.id).limit(1)
    ).scalar()
    if taken is not None:
        other = session.get(Matter, taken)
        raise Conflict("matter.item_linked", task=task.code, other=other.code if other else "")
    return _record_item(session, matter, id_of(task), task.code)


def _record_item(session: OfficeSession, matter: Matter, task_id: int, code: str) -> MatterRead:
    table = table_of(MatterItem)
    last = session.execute(
        select(func.max(table.c.position)).where(table.c.matter_id == matter.id)
    ).scalar()
    session.add(MatterItem(matter_id=id_of(matter), task_id=task_id, position=(last or 0) + 1))
    _log(session, matter, "item", code)
    matter.updated_at = session.env.now()
    session.flush()
    return read_matter(session, matter)
