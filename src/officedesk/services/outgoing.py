"""The outgoing register (发文): drafting, the steps from review to filing, document numbers.

Steps (standards.md §5.3): draft 起草 → reviewed 审核 → signed 签发 → checked 复核 (a substantive
change goes back to the signer) → registered 登记 (the number is given here) → printed 印制 →
dispatched 核发 → filed 归档. A number is `X司发〔2026〕12号`: a prefix per document type from the
config, gap-free per prefix and year (services.numbering, inside the write transaction), voided
only with a reason and then kept in the void log, never given again.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from officedesk.config import DEFAULT_OUTGOING_PREFIXES
from officedesk.db import OfficeSession
from officedesk.errors import IllegalTransition, InvalidInput, NotFound
from officedesk.i18n import label, t
from officedesk.models import Department, Person
from officedesk.models.outgoing import (
    DOC_TYPES,
    OUTGOING_STATES,
    SECRECY_LEVELS,
    URGENCY_LEVELS,
    Outgoing,
    OutgoingCreate,
    OutgoingLog,
    OutgoingLogRead,
    OutgoingRead,
    OutgoingRecipient,
    OutgoingUpdate,
    OutgoingVoid,
    OutgoingVoidRead,
    RequiredNote,
    SignerName,
    StepNote,
    WarningRead,
)
from officedesk.notices import Notice
from officedesk.services.common import Page, check_limit, to_date
from officedesk.services.lookup import resolve_department, resolve_person
from officedesk.services.validation import validate

STATES = OUTGOING_STATES
TYPES = DOC_TYPES
OFFICIAL_TYPES = DOC_TYPES[:15]
INTERNAL_KINDS = ("plan", "summary", "speech")
SECRECY = SECRECY_LEVELS
URGENCY = URGENCY_LEVELS
CLASSIFIED = frozenset({"secret", "confidential"})  # 涉密: 份号 required
# Not yet sent out: "open" in the list filters.
OPEN_STATES = frozenset(STATES[: STATES.index("dispatched")])
EDITABLE_STATES = frozenset({"draft", "reviewed"})  # before signing

# The state table: action → (states it may start from, state it leads to). `return` is 复核
# finding a substantive change: back to the signer. `void` gives up the number; the document goes
# back to 复核 done and may be registered again under a new number.
OUTGOING_ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "review": (frozenset({"draft"}), "reviewed"),
    "sign": (frozenset({"reviewed"}), "signed"),
    "check": (frozenset({"signed"}), "checked"),
    "return": (frozenset({"signed", "checked"}), "reviewed"),
    "register": (frozenset({"checked"}), "registered"),
    "print": (frozenset({"registered"}), "printed"),
    "dispatch": (frozenset({"printed"}), "dispatched"),
    "file": (frozenset({"dispatched"}), "filed"),
    "void": (frozenset({"registered", "printed"}), "checked"),
}
OUTGOING_TRANSITIONS: dict[str, frozenset[str]] = {
    state: frozenset(to for sources, to in OUTGOING_ACTIONS.values() if state in sources)
    for state in STATES
}
LOG_ACTIONS = ("create", "edit", *OUTGOING_ACTIONS)
SORTS = ("recent", "number", "date")
SERIES_PREFIX = "outgoing:"


def allowed_actions(state: str) -> list[str]:
    return [action for action, (sources, _to) in OUTGOING_ACTIONS.items() if state in sources]


def offered_operations(state: str) -> list[str]:
    """What the front ends offer for a document in this state: edit before signing, then the
    legal steps."""
    return (["edit"] if state in EDITABLE_STATES else []) + allowed_actions(state)


def format_doc_date(value: date | None) -> str | None:
    """成文日期 as the standard writes it (GB/T 9704 §7.3.5.4): 2026年3月5日, no leading zeros."""
    if value is None:
        return None
    return f"{value.year}年{value.month}月{value.day}日"


def format_copy_numbers(first: int | None, last: int | None) -> str | None:
    """份号: six digits; a print run is the range of its copies."""
    if first is None or last is None:
        return None
    return f"{first:06d}" if first == last else f"{first:06d}–{last:06d}"


def number_prefix(session: OfficeSession, doc_type: str) -> str:
    """The configured 机关代字 of a type ([outgoing.prefixes]), else the default one."""
    return session.env.rules.outgoing_prefixes.get(doc_type) or DEFAULT_OUTGOING_PREFIXES[doc_type]


# 〔〕 is hard to type in a terminal: a number looked up with [2026] or (2026) finds 〔2026〕.
_TYPED_YEAR = re.compile(r"[\[(（［【〖〔]\s*(\d{4})\s*[\])）］】〗〕]")


def normalise_number(text: str) -> str:
    return _TYPED_YEAR.sub(r"〔\1〕", "".join(text.split()))


def today_lines(session: OfficeSession) -> list[Any]:
    """The outgoing register has no section on Today (services.agenda.AGENDA_SECTIONS)."""
    return []


@dataclass
class OutgoingFilter:
    """Every list filter; empty means no restriction. states None means every state; "open"
    means not yet dispatched."""

    states: Sequence[str] | None = None
    doc_type: str | None = None
    year: int | None = None
    dept: str | None = None
    text: str | None = None
    sort: str = "recent"


# ---- reading -------------------------------------------------------------------------------


def resolve_outgoing(session: OfficeSession, ref: str | int) -> Outgoing:
    """By id (#12 or 12) or by its number (X司发〔2026〕12号)."""
    text = str(ref).strip()
    if not text:
        raise InvalidInput("input.required", field="outgoing")
    digits = text.lstrip("#")
    if digits.isdigit():
        found = session.get(Outgoing, int(digits))
    else:
        text = normalise_number(text)
        found = session.exec(select(Outgoing).where(Outgoing.number == text)).first()
        if found is None:
            voided = session.exec(select(OutgoingVoid).where(OutgoingVoid.number == text)).first()
            if voided is not None:
                raise NotFound("outgoing.number_voided", number=text, reason=voided.reason)
    if found is None:
        raise NotFound("outgoing.not_found", ref=text)
    return found


def _ref(doc: Outgoing) -> str:
    return doc.number or f"#{doc.id}"


def _names(session: OfficeSession, doc: Outgoing) -> dict[str, str | None]:
    def person(person_id: int | None) -> str | None:
        found = session.get(Person, person_id) if person_id else None
        return found.name if found else None

    dept = session.get(Department, doc.drafting_dept_id) if doc.drafting_dept_id else None
    return {
        "dept": dept.name if dept else None,
        "drafter": person(doc.drafter_id),
        "reviewer": person(doc.reviewer_id),
        "signer": person(doc.signer_id) or doc.signer_name or None,
    }


def _split(text: str) -> list[str]:
    return [name for name in text.split("、") if name] if text else []


def _values(doc: Any, names: dict[str, str | None]) -> dict[str, Any]:
    values = {name: getattr(doc, name) for name in _COLUMNS}
    values.update(names)
    values["main_to"] = _split(doc.main_to)
    values["copy_to"] = _split(doc.copy_to)
    values["copy_numbers"] = format_copy_numbers(doc.copy_serial_from, doc.copy_serial_to)
    values["doc_date_text"] = format_doc_date(doc.doc_date)
    values["actions"] = offered_operations(doc.state)
    return values


_COLUMNS = [
    name
    for name in OutgoingRead.model_fields
    if name in Outgoing.__table__.c  # type: ignore[attr-defined]
    and name not in ("main_to", "copy_to")
]


def _addressees(session: OfficeSession, doc_id: int) -> list[Any]:
    """The main recipients with their directory kind, for the drafting checks."""
    from officedesk.services.outgoing_checks import Addressee

    stmt = (
        sa_select(OutgoingRecipient.name, Department.kind)  # type: ignore[call-overload]
        .select_from(OutgoingRecipient)
        .outerjoin(Department, col(Department.id) == col(OutgoingRecipient.dept_id))
        .where(OutgoingRecipient.outgoing_id == doc_id, OutgoingRecipient.role == "main")
        .order_by(OutgoingRecipient.position)
    )
    return [Addressee(row.name, row.kind) for row in session.execute(stmt)]


def drafting_warnings(session: OfficeSession, doc: Outgoing) -> list[Notice]:
    from officedesk.services.outgoing_checks import ADDRESSED_TYPES, drafting_checks

    # Only some types are checked against their addressees: the others skip the query.
    main_to = _addressees(session, doc.id) if doc.doc_type in ADDRESSED_TYPES else []
    return drafting_checks(doc.doc_type, doc.title, doc.body, main_to)


def read_outgoing(session: OfficeSession, doc: Outgoing, *, with_log: bool = False) -> OutgoingRead:
    """A document as the front ends show it, with its drafting warnings (until it is signed
    they matter most; they stay visible after) and, on request, its steps and voided numbers."""
    values = _values(doc, _names(session, doc))
    values["warnings"] = [
        WarningRead(code=n.key, params=n.params, message=n.message())
        for n in drafting_warnings(session, doc)
    ]
    if with_log:
        values["log"] = outgoing_log(session, doc.id)
        values["voids"] = [
            OutgoingVoidRead.model_validate(v, from_attributes=True)
            for v in session.exec(
                select(OutgoingVoid)
                .where(OutgoingVoid.outgoing_id == doc.id)
                .order_by(col(OutgoingVoid.id))
            )
        ]
    return OutgoingRead.model_validate(values)


def get_outgoing(session: OfficeSession, ref: str | int, *, with_log: bool = True) -> OutgoingRead:
    return read_outgoing(session, resolve_outgoing(session, ref), with_log=with_log)


def outgoing_log(session: OfficeSession, doc_id: int) -> list[OutgoingLogRead]:
    stmt = select(OutgoingLog).where(OutgoingLog.outgoing_id == doc_id).order_by(OutgoingLog.id)
    return [OutgoingLogRead.model_validate(e, from_attributes=True) for e in session.exec(stmt)]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(session: OfficeSession, flt: OutgoingFilter, stmt: Any) -> Any:
    if flt.states:
        states = {s.strip() for s in flt.states if s.strip()}
        if "open" in states:
            states = (states - {"open"}) | OPEN_STATES
        if "all" in states:
            states = set(STATES)
        unknown = sorted(states - set(STATES))
        if unknown:
            choices = ", ".join((*STATES, "open", "all"))
            raise InvalidInput("input.choice", field="state", choices=choices)
        if states != set(STATES):
            stmt = stmt.where(col(Outgoing.state).in_(sorted(states)))
    if flt.doc_type:
        if flt.doc_type not in TYPES:
            raise InvalidInput("input.choice", field="doc_type", choices=", ".join(TYPES))
        stmt = stmt.where(Outgoing.doc_type == flt.doc_type)
    if flt.year is not None:
        if not 1000 <= flt.year <= 9999:
            raise InvalidInput("input.range", field="year")
        # A numbered document belongs to the year of its number, any other to its drafting year.
        stmt = stmt.where(
            or_(
                Outgoing.number_year == flt.year,
                col(Outgoing.number_year).is_(None)
                & (col(Outgoing.drafted_on) >= date(flt.year, 1, 1))
                & (col(Outgoing.drafted_on) <= date(flt.year, 12, 31)),
            )
        )
    if flt.dept:
        stmt = stmt.where(Outgoing.drafting_dept_id == resolve_department(session, flt.dept).id)
    if flt.text and flt.text.strip():
        pattern = f"%{_escape_like(flt.text.strip())}%"
        stmt = stmt.where(
            or_(
                col(Outgoing.title).ilike(pattern, escape="\\"),
                col(Outgoing.number).ilike(pattern, escape="\\"),
                col(Outgoing.main_to).ilike(pattern, escape="\\"),
                col(Outgoing.copy_to).ilike(pattern, escape="\\"),
            )
        )
    return stmt


def _order(flt: OutgoingFilter) -> list[Any]:
    if flt.sort not in SORTS:
        raise InvalidInput("input.choice", field="sort", choices=", ".join(SORTS))
    return {
        "recent": [col(Outgoing.id).desc()],
        # Unnumbered and unsigned documents last, on SQLite and PostgreSQL alike.
        "number": [
            col(Outgoing.number_year).desc().nulls_last(),
            col(Outgoing.number_prefix),
            col(Outgoing.number_seq).desc(),
            col(Outgoing.id).desc(),
        ],
        "date": [col(Outgoing.doc_date).desc().nulls_last(), col(Outgoing.id).desc()],
    }[flt.sort]


def list_outgoing(
    session: OfficeSession, flt: OutgoingFilter | None = None, *, limit: int = 50, offset: int = 0
) -> Page:
    """One page of documents (newest first by default); no warnings or log on list rows."""
    flt = flt or OutgoingFilter()
    check_limit(limit, offset)
    doc = Outgoing.__table__  # type: ignore[attr-defined]
    dept = Department.__table__  # type: ignore[attr-defined]
    people = {
        role: Person.__table__.alias(role)  # type: ignore[attr-defined]
        for role in ("drafter", "reviewer", "signer")
    }
    stmt = sa_select(
        *doc.c,
        dept.c.name.label("dept_name"),
        *(alias.c.name.label(f"{role}_person") for role, alias in people.items()),
    ).select_from(doc)
    stmt = stmt.outerjoin(dept, dept.c.id == doc.c.drafting_dept_id)
    for role, alias in people.items():
        stmt = stmt.outerjoin(alias, alias.c.id == doc.c[f"{role}_id"])
    stmt = _filtered(session, flt, stmt).order_by(*_order(flt)).offset(offset).limit(limit + 1)
    rows = session.execute(stmt).all()
    items = []
    for row in rows[:limit]:
        names = {
            "dept": row.dept_name,
            "drafter": row.drafter_person,
            "reviewer": row.reviewer_person,
            "signer": row.signer_person or row.signer_name or None,
        }
        values = _values(row, names)
        values["warnings"] = []
        values["log"] = None
        values["voids"] = None
        items.append(OutgoingRead.model_construct(**values))
    return Page(items, len(rows) > limit)


def count_outgoing(session: OfficeSession, flt: OutgoingFilter | None = None) -> int:
    stmt = _filtered(session, flt or OutgoingFilter(), select(func.count()).select_from(Outgoing))
    return session.exec(stmt).one()


# ---- writing -------------------------------------------------------------------------------


def _log(
    session: OfficeSession,
    doc: Outgoing,
    action: str,
    note: str = "",
    *,
    actor: str = "",
    from_state: str | None = None,
    to_state: str | None = None,
) -> None:
    env = session.env
    session.add(
        OutgoingLog(
            outgoing_id=doc.id,
            at=env.now(),
            author=env.operator,
            actor=actor,
            action=action,
            from_state=from_state,
            to_state=to_state,
            note=note,
        )
    )


def _recipients(session: OfficeSession, names: list[str]) -> list[tuple[str, int | None]]:
    """Each name as written, or a department of the directory when it names one exactly (by
    #id, code or full name); any other name (各部门, a body not in the directory) stays text."""
    found: list[tuple[str, int | None]] = []
    for name in names:
        dept = None
        digits = name.lstrip("#")
        if name.startswith("#") and digits.isdigit():
            dept = session.get(Department, int(digits))
            if dept is None:
                raise NotFound("dept.not_found", ref=name)
        else:
            dept = session.exec(
                select(Department).where(
                    or_(Department.name == name, Department.code == name.upper())
                )
            ).first()
        entry = (dept.name, dept.id) if dept is not None else (name, None)
        if entry[0] not in [n for n, _ in found]:
            found.append(entry)
    joined = "、".join(n for n, _ in found)
    if len(joined) > 1000:
        raise InvalidInput("input.too_long", field="main_to", max=1000)
    return found


def _set_recipients(
    session: OfficeSession, doc: Outgoing, role: str, names: list[str]
) -> list[tuple[str, int | None]]:
    entries = _recipients(session, names)
    for old in session.exec(
        select(OutgoingRecipient).where(
            OutgoingRecipient.outgoing_id == doc.id, OutgoingRecipient.role == role
        )
    ):
        session.delete(old)
    session.flush()
    for position, (name, dept_id) in enumerate(entries, start=1):
        session.add(
            OutgoingRecipient(
                outgoing_id=doc.id, role=role, position=position, dept_id=dept_id, name=name
            )
        )
    setattr(doc, "main_to" if role == "main" else "copy_to", "、".join(n for n, _ in entries))
    return entries


def _signer(session: OfficeSession, ref: str | None) -> dict[str, Any]:
    """A leader of the directory when the name finds one, else the name as written (the
    company's leaders need not be in the directory); an ambiguous name is still refused."""
    if not ref:
        return {"signer_id": None, "signer_name": ""}
    try:
        person = resolve_person(session, ref)
    except NotFound:
        if ref.strip().lstrip("#").isdigit():
            raise
        name = validate(SignerName, {"name": ref}).name
        return {"signer_id": None, "signer_name": name}
    return {"signer_id": person.id, "signer_name": ""}


def _signer_of(session: OfficeSession, doc: Outgoing) -> str:
    person = session.get(Person, doc.signer_id) if doc.signer_id else None
    return person.name if person else doc.signer_name


def _person_id(session: OfficeSession, ref: str | None, dept_id: int | None = None) -> int | None:
    return resolve_person(session, ref, dept_id).id if ref else None


def create_outgoing(session: OfficeSession, data: dict[str, Any]) -> OutgoingRead:
    """A new draft (起草); its drafting warnings come back on the read model."""
    env = session.env
    data = dict(data)
    drafted_raw = data.pop("drafted_on", None)
    form = validate(OutgoingCreate, data)
    drafted_on = to_date(session, drafted_raw) or env.today
    if drafted_on > env.today:
        raise InvalidInput("outgoing.date_in_future", date=drafted_on.isoformat())
    dept = resolve_department(session, form.dept) if form.dept else None
    drafter = (
        resolve_person(session, form.drafter, dept.id if dept else None) if form.drafter else None
    )
    if dept is None and drafter is not None and drafter.dept_id is not None:
        dept = session.get(Department, drafter.dept_id)
    doc = Outgoing(
        doc_type=form.doc_type,
        title=form.title,
        body=form.body,
        state="draft",
        drafting_dept_id=dept.id if dept else None,
        drafter_id=drafter.id if drafter else None,
        reviewer_id=_person_id(session, form.reviewer),
        **_signer(session, form.signer),
        secrecy=form.secrecy,
        urgency=form.urgency,
        copies=form.copies,
        drafted_on=drafted_on,
        created_by=env.operator,
        created_at=env.now(),
        updated_at=env.now(),
    )
    session.add(doc)
    session.flush()
    _set_recipients(session, doc, "main", form.main_to)
    _set_recipients(session, doc, "copy", form.copy_to)
    _log(session, doc, "create", to_state="draft", actor=drafter.name if drafter else "")
    session.flush()
    return read_outgoing(session, doc)


def _ensure_allowed(doc: Outgoing, action: str) -> None:
    """Refuse an action the state table does not allow, naming the ones it does."""
    sources, _target = OUTGOING_ACTIONS[action]
    if doc.state not in sources:
        legal = allowed_actions(doc.state)
        allowed = t("list.sep").join(label("outgoing_action", a) for a in legal)
        raise IllegalTransition(
            "outgoing.illegal",
            ref=_ref(doc),
            state=label("outgoing_state", doc.state),
            action=label("outgoing_action", action),
            allowed=allowed if legal else t("outgoing.no_actions"),
        )


def update_outgoing(session: OfficeSession, ref: str | int, data: dict[str, Any]) -> OutgoingRead:
    """Edit before signing. After that a change is substantive: 复核 sends it back to the
    signer (`check --changed`), and it is edited again once back at 审核 done."""
    doc = resolve_outgoing(session, ref)
    data = dict(data)
    drafted_raw = data.pop("drafted_on", None)
    form = validate(OutgoingUpdate, data)
    if doc.state not in EDITABLE_STATES:
        raise IllegalTransition(
            "outgoing.not_editable", ref=_ref(doc), state=label("outgoing_state", doc.state)
        )
    changed: list[str] = []
    for name in ("doc_type", "title", "body", "secrecy", "urgency", "copies"):
        value = getattr(form, name)
        if value is not None and value != getattr(doc, name):
            setattr(doc, name, value)
            changed.append(name)
    given = form.model_dump(exclude_unset=True)
    if "dept" in given:
        dept_id = resolve_department(session, form.dept).id if form.dept else None
        if dept_id != doc.drafting_dept_id:
            doc.drafting_dept_id = dept_id
            changed.append("drafting_dept_id")
    if "signer" in given:
        before_signer = (doc.signer_id, doc.signer_name)
        for name, value in _signer(session, form.signer).items():
            setattr(doc, name, value)
        if (doc.signer_id, doc.signer_name) != before_signer:
            changed.append("signer_id")
    for role in ("drafter", "reviewer"):
        if role in given:
            person_id = _person_id(session, getattr(form, role), doc.drafting_dept_id)
            if person_id != getattr(doc, f"{role}_id"):
                setattr(doc, f"{role}_id", person_id)
                changed.append(f"{role}_id")
    for role, name in (("main", "main_to"), ("copy", "copy_to")):
        names = getattr(form, name)
        if names is not None:
            before = getattr(doc, name)
            _set_recipients(session, doc, role, names)
            if getattr(doc, name) != before:
                changed.append(name)
    if drafted_raw is not None:
        drafted_on = to_date(session, drafted_raw)
        if drafted_on is not None and drafted_on != doc.drafted_on:
            if drafted_on > session.env.today:
                raise InvalidInput("outgoing.date_in_future", date=drafted_on.isoformat())
            doc.drafted_on = drafted_on
            changed.append("drafted_on")
    if changed:
        doc.updated_at = session.env.now()
        _log(session, doc, "edit", t("list.sep").join(t(f"field.{name}") for name in changed))
        session.flush()
    return read_outgoing(session, doc)


def _step(
    session: OfficeSession, doc: Outgoing, action: str, note: str = "", actor: str = ""
) -> None:
    _ensure_allowed(doc, action)
    previous, target = doc.state, OUTGOING_ACTIONS[action][1]
    doc.state = target
    doc.updated_at = session.env.now()
    _log(session, doc, action, note, actor=actor, from_state=previous, to_state=target)


def _note(note: str) -> str:
    return validate(StepNote, {"text": note}).text


def review_outgoing(
    session: OfficeSession, ref: str | int, reviewer: str | None = None, note: str = ""
) -> OutgoingRead:
    """审核: by the reviewer named here or on the draft."""
    text = _note(note)
    doc = resolve_outgoing(session, ref)
    _ensure_allowed(doc, "review")
    if reviewer:
        doc.reviewer_id = resolve_person(session, reviewer).id
    if doc.reviewer_id is None:
        raise InvalidInput("outgoing.reviewer_required", ref=_ref(doc))
    person = session.get(Person, doc.reviewer_id)
    _step(session, doc, "review", text, person.name if person else "")
    session.flush()
    return read_outgoing(session, doc)


def sign_outgoing(
    session: OfficeSession,
    ref: str | int,
    signer: str | None = None,
    on: date | str | None = None,
    note: str = "",
) -> OutgoingRead:
    """签发: the signer named here or on the draft; the day signed is the 成文日期. The drafting
    warnings come back with the result (the front ends show them before asking to sign)."""
    text = _note(note)
    doc = resolve_outgoing(session, ref)
    _ensure_allowed(doc, "sign")
    signed_on = to_date(session, on) or session.env.today
    if signed_on > session.env.today:
        raise InvalidInput("outgoing.date_in_future", date=signed_on.isoformat())
    if signed_on < doc.drafted_on:
        raise InvalidInput(
            "outgoing.date_before_draft",
            date=signed_on.isoformat(),
            drafted=doc.drafted_on.isoformat(),
        )
    if signer:
        for name, value in _signer(session, signer).items():
            setattr(doc, name, value)
    who = _signer_of(session, doc)
    if not who:
        raise InvalidInput("outgoing.signer_required", ref=_ref(doc))
    doc.doc_date = signed_on
    _step(session, doc, "sign", text, who)
    session.flush()
    return read_outgoing(session, doc)


def check_outgoing(
    session: OfficeSession, ref: str | int, *, changed: bool = False, note: str = ""
) -> OutgoingRead:
    """复核 (审批手续、内容、文种、格式). With a substantive change the document goes back to its
    signer to sign again; the note saying what changed is then required."""
    doc = resolve_outgoing(session, ref)
    if not changed:
        text = _note(note)
        _step(session, doc, "check", text)
        session.flush()
        return read_outgoing(session, doc)
    try:
        text = validate(RequiredNote, {"text": note}).text
    except InvalidInput:
        raise InvalidInput("outgoing.change_note", ref=_ref(doc)) from None
    _ensure_allowed(doc, "return")
    _step(session, doc, "return", text, _signer_of(session, doc))
    session.flush()
    return read_outgoing(session, doc)


def register_outgoing(session: OfficeSession, ref: str | int, note: str = "") -> OutgoingRead:
    """登记: the next number of the type's prefix this year, inside this write transaction."""
    from officedesk.services.docnumber import format_doc_number
    from officedesk.services.numbering import next_number

    text = _note(note)
    doc = resolve_outgoing(session, ref)
    _ensure_allowed(doc, "register")
    prefix = number_prefix(session, doc.doc_type)
    year = session.env.today.year
    seq = next_number(session, f"{SERIES_PREFIX}{prefix}", year)
    doc.number = format_doc_number(prefix, year, seq)
    doc.number_prefix, doc.number_year, doc.number_seq = prefix, year, seq
    _step(session, doc, "register", f"{doc.number} {text}".strip())
    session.flush()
    return read_outgoing(session, doc)


def print_outgoing(
    session: OfficeSession,
    ref: str | int,
    copies: int | None = None,
    first_copy: int | None = None,
    note: str = "",
) -> OutgoingRead:
    """印制: how many copies; a classified document's copies get their 份号 (six digits) here,
    from 000001 unless another first number is given."""
    text = _note(note)
    doc = resolve_outgoing(session, ref)
    _ensure_allowed(doc, "print")
    count = copies if copies is not None else doc.copies
    if count is None or count < 1 or count > 100_000:
        raise InvalidInput("outgoing.copies_required", ref=_ref(doc))
    doc.copies = count
    if doc.secrecy in CLASSIFIED or first_copy is not None:
        first = first_copy if first_copy is not None else 1
        last = first + count - 1
        if first < 1 or last > 999_999:
            raise InvalidInput("outgoing.copy_serial_range", first=first, copies=count)
        doc.copy_serial_from, doc.copy_serial_to = first, last
    serials = format_copy_numbers(doc.copy_serial_from, doc.copy_serial_to)
    detail = t("outgoing.printed_copies", n=count) + (f" {serials}" if serials else "")
    _step(session, doc, "print", f"{detail} {text}".strip())
    session.flush()
    return read_outgoing(session, doc)


def dispatch_outgoing(
    session: OfficeSession, ref: str | int, on: date | str | None = None, note: str = ""
) -> OutgoingRead:
    """核发: sent out on the given day (default today)."""
    text = _note(note)
    doc = resolve_outgoing(session, ref)
    _ensure_allowed(doc, "dispatch")
    day = to_date(session, on) or session.env.today
    if day > session.env.today:
        raise InvalidInput("outgoing.date_in_future", date=day.isoformat())
    if doc.doc_date is not None and day < doc.doc_date:
        raise InvalidInput(
            "outgoing.dispatch_before_signed", date=day.isoformat(), signed=doc.doc_date.isoformat()
        )
    if doc.secrecy in CLASSIFIED and doc.copy_serial_from is None:
        raise InvalidInput("outgoing.copy_serial_required", ref=_ref(doc))
    doc.dispatched_on = day
    _step(session, doc, "dispatch", text)
    session.flush()
    return read_outgoing(session, doc)


def file_outgoing(session: OfficeSession, ref: str | int, note: str = "") -> OutgoingRead:
    text = _note(note)
    doc = resolve_outgoing(session, ref)
    _step(session, doc, "file", text)
    session.flush()
    return read_outgoing(session, doc)


def void_outgoing(session: OfficeSession, ref: str | int, reason: str) -> OutgoingRead:
    """作废: the number goes to the void log for good (with the reason, who and when); the
    document returns to 复核 done and gets a new number if it is registered again."""
    try:
        text = validate(RequiredNote, {"text": reason}).text
    except InvalidInput:
        raise InvalidInput("outgoing.void_reason") from None
    doc = resolve_outgoing(session, ref)
    _ensure_allowed(doc, "void")
    env = session.env
    number = doc.number or ""
    session.add(
        OutgoingVoid(
            outgoing_id=doc.id,
            number=number,
            number_prefix=doc.number_prefix or "",
            number_year=doc.number_year or 0,
            number_seq=doc.number_seq or 0,
            reason=text,
            voided_by=env.operator,
            voided_at=env.now(),
        )
    )
    doc.number = doc.number_prefix = None
    doc.number_year = doc.number_seq = None
    doc.copy_serial_from = doc.copy_serial_to = None
    _step(session, doc, "void", f"{number} {text}")
    session.flush()
    return read_outgoing(session, doc)
