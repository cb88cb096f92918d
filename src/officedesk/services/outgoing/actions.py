"""The outgoing register (发文): drafting, the steps from review to filing, document numbers.

Steps (standards.md §5.3): draft 起草 → reviewed 审核 → signed 签发 → checked 复核 (a substantive
change goes back to the signer) → registered 登记 (the number is given here) → printed 印制 →
dispatched 核发 → filed 归档. A number is `X司发〔2026〕12号`: a prefix per document type from the
config, gap-free per prefix and year (services.numbering, inside the write transaction), voided
only with a reason and then kept in the void log, never given again.

This module holds the writing side (creating, editing, the steps). The register's whole API is
importable from here; its reading (read models, the list) is in services.outgoing.query, its
state table in services.outgoing.states.
"""

from datetime import date
from typing import Any

from sqlalchemy import or_
from sqlmodel import select

from officedesk.config import DEFAULT_OUTGOING_PREFIXES
from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput, NotFound
from officedesk.i18n import t
from officedesk.models import Department, Person
from officedesk.models.outgoing import (
    DOC_TYPES,
    SECRECY_LEVELS,
    URGENCY_LEVELS,
    Outgoing,
    OutgoingCreate,
    OutgoingLog,
    OutgoingRead,
    OutgoingRecipient,
    OutgoingUpdate,
    OutgoingVoid,
    SignerName,
)
from officedesk.models.schema_base import OptionalRemark, Reason
from officedesk.services.common import append_log, as_id, to_date
from officedesk.services.lookup import resolve_department, resolve_person
from officedesk.services.outgoing.query import (  # noqa: F401 - the API in one place
    SORTS,
    STATES,
    TYPES,
    OutgoingFilter,
    count_outgoing,
    drafting_warnings,
    format_copy_numbers,
    format_doc_date,
    get_outgoing,
    list_outgoing,
    normalise_number,
    outgoing_log,
    read_outgoing,
    resolve_outgoing,
)
from officedesk.services.outgoing.states import (  # noqa: F401 - the API in one place
    EDITABLE_STATES,
    OPEN_STATES,
    OUTGOING_MACHINE,
    offered_operations,
)
from officedesk.services.validation import validate

OFFICIAL_TYPES = DOC_TYPES[:15]
INTERNAL_KINDS = ("plan", "summary", "speech")
SECRECY = SECRECY_LEVELS
URGENCY = URGENCY_LEVELS
CLASSIFIED = frozenset({"secret", "confidential"})  # 涉密: 份号 required
# The state table as the tests read it (services.outgoing.states holds the machine).
OUTGOING_ACTIONS = OUTGOING_MACHINE.actions
allowed_actions = OUTGOING_MACHINE.allowed
LOG_ACTIONS = ("create", "edit", *OUTGOING_ACTIONS)
SERIES_PREFIX = "outgoing:"


def number_prefix(session: OfficeSession, doc_type: str) -> str:
    """The configured 机关代字 of a type ([outgoing.prefixes]), else the default one."""
    return session.env.rules.outgoing_prefixes.get(doc_type) or DEFAULT_OUTGOING_PREFIXES[doc_type]


def today_lines(session: OfficeSession) -> list[Any]:
    """The outgoing register has no section on Today (services.agenda.AGENDA_SECTIONS)."""
    return []


# ---- writing -------------------------------------------------------------------------------


def _ref(doc: Outgoing) -> str:
    return doc.number or f"#{doc.id}"


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
    append_log(
        session,
        OutgoingLog,
        outgoing_id=doc.id,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
    )


def _recipients(session: OfficeSession, names: list[str]) -> list[tuple[str, int | None]]:
    """Each name as written, or a department of the directory when it names one exactly (by
    #id, code or full name); any other name (各部门, a body not in the directory) stays text."""
    found: list[tuple[str, int | None]] = []
    for name in names:
        dept = None
        record_id = as_id(name) if name.startswith("#") else None
        if record_id is not None:
            dept = session.get(Department, record_id)
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
        if as_id(ref) is not None:
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


def _ensure_allowed(doc: Outgoing, action: str) -> str:
    return OUTGOING_MACHINE.ensure(doc, action, ref=_ref(doc))


def update_outgoing(session: OfficeSession, ref: str | int, data: dict[str, Any]) -> OutgoingRead:
    """Edit before signing. After that a change is substantive: 复核 sends it back to the
    signer (`check --changed`), and it is edited again once back at 审核 done."""
    doc = resolve_outgoing(session, ref)
    data = dict(data)
    drafted_raw = data.pop("drafted_on", None)
    form = validate(OutgoingUpdate, data)
    if doc.state not in EDITABLE_STATES:
        raise OUTGOING_MACHINE.refuse_state("outgoing.not_editable", doc.state, ref=_ref(doc))
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
    previous, target = doc.state, _ensure_allowed(doc, action)
    doc.state = target
    doc.updated_at = session.env.now()
    _log(session, doc, action, note, actor=actor, from_state=previous, to_state=target)


def _note(note: str) -> str:
    return validate(OptionalRemark, {"text": note}).text


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
        text = validate(Reason, {"text": note}).text
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
        text = validate(Reason, {"text": reason}).text
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
