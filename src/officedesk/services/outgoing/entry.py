"""Entering an outgoing draft (起草) and editing it before signing: its addressees, drafter,
reviewer and signer as the directory knows them; the log line every write of the register adds.
The steps from review to filing build on this in services.outgoing.actions."""

from datetime import date
from typing import Any

from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput, NotFound
from officedesk.models import Department, Person
from officedesk.models.outgoing import (
    Outgoing,
    OutgoingCreate,
    OutgoingLog,
    OutgoingRead,
    OutgoingRecipient,
    OutgoingUpdate,
    SignerName,
)
from officedesk.services import log_text
from officedesk.services.common import StepLogger, as_id, id_of, to_date
from officedesk.services.lookup import (
    department_named,
    dept_and_person,
    resolve_department,
    resolve_person,
)
from officedesk.services.marks import check_secrecy, period_kept
from officedesk.services.outgoing.checks import refuse_government_type
from officedesk.services.outgoing.query import read_outgoing, resolve_outgoing
from officedesk.services.outgoing.states import EDITABLE_STATES, OUTGOING_MACHINE
from officedesk.services.shared_records import new_stamps
from officedesk.services.validation import validate


def ref_of(doc: Outgoing) -> str:
    """How a refusal names the document: its number once it has one, else its id."""
    return doc.number or f"#{doc.id}"


# One line of the document's own log (a step, an edit): its kind is the action, its text a note.
log_outgoing = StepLogger(OutgoingLog, "outgoing_id", kind="action", text="note")


def not_in_future(session: OfficeSession, day: date) -> date:
    """A day the document was drafted, signed or sent: never after today."""
    if day > session.env.today:
        raise InvalidInput("outgoing.date_in_future", date=day.isoformat())
    return day


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
            dept = department_named(session, name)
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
            col(OutgoingRecipient.outgoing_id) == doc.id, col(OutgoingRecipient.role) == role
        )
    ):
        session.delete(old)
    session.flush()
    for position, (name, dept_id) in enumerate(entries, start=1):
        session.add(
            OutgoingRecipient(
                outgoing_id=id_of(doc), role=role, position=position, dept_id=dept_id, name=name
            )
        )
    setattr(doc, "main_to" if role == "main" else "copy_to", "、".join(n for n, _ in entries))
    return entries


def signer_fields(session: OfficeSession, ref: str | None) -> dict[str, Any]:
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


def signer_of(session: OfficeSession, doc: Outgoing) -> str:
    """The signer's name, from the directory or as written."""
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
    refuse_government_type(form.doc_type, env.rules.government_body)
    check_secrecy(form.secrecy, form.secrecy_years)
    drafted_on = not_in_future(session, to_date(session, drafted_raw) or env.today)
    dept, drafter = dept_and_person(session, form.dept, form.drafter)
    doc = Outgoing(
        doc_type=form.doc_type,
        title=form.title,
        body=form.body,
        state="draft",
        drafting_dept_id=dept.id if dept else None,
        drafter_id=drafter.id if drafter else None,
        reviewer_id=_person_id(session, form.reviewer),
        **signer_fields(session, form.signer),
        secrecy=form.secrecy,
        secrecy_years=form.secrecy_years,
        urgency=form.urgency,
        copies=form.copies,
        drafted_on=drafted_on,
        **new_stamps(session),
    )
    session.add(doc)
    session.flush()
    _set_recipients(session, doc, "main", form.main_to)
    _set_recipients(session, doc, "copy", form.copy_to)
    log_outgoing(session, doc, "create", to_state="draft", actor=drafter.name if drafter else "")
    session.flush()
    return read_outgoing(session, doc)


def update_outgoing(session: OfficeSession, ref: str | int, data: dict[str, Any]) -> OutgoingRead:
    """Edit before signing. After that a change is substantive: 复核 sends it back to the
    signer (`check --changed`), and it is edited again once back at 审核 done."""
    doc = resolve_outgoing(session, ref)
    data = dict(data)
    drafted_raw = data.pop("drafted_on", None)
    form = validate(OutgoingUpdate, data)
    if doc.state not in EDITABLE_STATES:
        raise OUTGOING_MACHINE.refuse_state("outgoing.not_editable", doc.state, ref=ref_of(doc))
    if form.doc_type is not None and form.doc_type != doc.doc_type:
        refuse_government_type(form.doc_type, session.env.rules.government_body)
    changed: list[str] = []
    for name in ("doc_type", "title", "body", "secrecy", "secrecy_years", "urgency", "copies"):
        value = getattr(form, name)
        if value is not None and value != getattr(doc, name):
            setattr(doc, name, value)
            changed.append(name)
    if form.secrecy_years is None and doc.secrecy_years != period_kept(
        doc.secrecy, doc.secrecy_years
    ):
        doc.secrecy_years = 0
        changed.append("secrecy_years")
    check_secrecy(doc.secrecy, doc.secrecy_years)
    given = form.model_dump(exclude_unset=True)
    if "dept" in given:
        dept_id = resolve_department(session, form.dept).id if form.dept else None
        if dept_id != doc.drafting_dept_id:
            doc.drafting_dept_id = dept_id
            changed.append("drafting_dept_id")
    if "signer" in given:
        before_signer = (doc.signer_id, doc.signer_name)
        for name, value in signer_fields(session, form.signer).items():
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
            doc.drafted_on = not_in_future(session, drafted_on)
            changed.append("drafted_on")
    if changed:
        doc.updated_at = session.env.now()
        fields = log_text.fields(changed)
        log_outgoing(session, doc, "edit", fields)
        session.flush()
    return read_outgoing(session, doc)
