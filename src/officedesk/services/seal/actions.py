"""Seals (印章): master data, the lifecycle steps and the usage log, the writing side.

The usage log is append-only: this module offers no edit and no delete of an entry; a mistake is
put right by a correction, a new entry that references the one it corrects. Every entry is
chained by services.seal.chain inside the same write transaction. Introduction letters
(services.seal.letters) and use requests (services.seal.requests) add entries through
append_entry, so the chain has one way in. Reading (finding, lists, read models) lives in
services.seal.query, the lifecycle table in services.seal.states; their API is importable from
here as well.
"""

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from officedesk.db import OfficeSession
from officedesk.errors import Conflict, IllegalTransition, InvalidInput
from officedesk.models import Department, Person
from officedesk.models.seal import (
    SEAL_EVENT_ACTIONS,
    IntroLetter,
    RequestCreate,
    Seal,
    SealCreate,
    SealEvent,
    SealRead,
    SealRequest,
    SealUpdate,
    SealUse,
    SealUseRead,
    StepInput,
    UseCreate,
)
from officedesk.services.agenda import AgendaLine
from officedesk.services.common import id_of, to_date
from officedesk.services.lookup import resolve_department, resolve_person
from officedesk.services.moments import parse_moment, refuse_future
from officedesk.services.seal.query import (  # noqa: F401 - the API in one place
    _USE_FIELDS,
    KINDS,
    RECENT_USES,
    STATES,
    SealFilter,
    UseFilter,
    count_seals,
    count_uses,
    get_seal,
    get_use,
    list_seals,
    list_uses,
    read_seal,
    read_use,
    resolve_seal,
    resolve_use,
)
from officedesk.services.seal.states import (  # noqa: F401 - the API in one place
    RETIRED_STATES,
    SEAL_MACHINE,
    USABLE_STATE,
)
from officedesk.services.shared_records import (
    apply_given,
    id_or_none,
    link_person_and_dept,
    new_stamps,
)
from officedesk.services.validation import validate

EVENT_ACTIONS = SEAL_EVENT_ACTIONS
SEAL_ACTIONS = SEAL_MACHINE.actions  # as the tests read it; the machine is the table


# ---- writing seals ----------------------------------------------------------------------------


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise InvalidInput("input.choice", field="kind", choices=list(KINDS))


def _check_name(session: OfficeSession, name: str, own_id: int | None) -> None:
    clash = session.scalars(select(Seal).where(col(Seal.name) == name)).first()
    if clash is not None and clash.id != own_id:
        raise Conflict("seal.name_taken", name=name)


def _step_date(session: OfficeSession, value: date | str | None, after: date | None) -> date:
    today = session.env.today
    day = to_date(session, value) or today
    if day > today:
        raise InvalidInput("seal.step_in_future", date=day.isoformat())
    if after is not None and day < after:
        raise InvalidInput("seal.step_before_last", date=day.isoformat(), last=after.isoformat())
    return day


def _person_and_dept(
    session: OfficeSession, person_ref: str | None, dept_ref: str | None
) -> tuple[Person | None, Department | None]:
    """A keeper or a requester: the department, if given, picks among namesakes; if not, the
    person's own department is taken."""
    dept = resolve_department(session, dept_ref) if dept_ref else None
    person = resolve_person(session, person_ref, dept.id if dept else None) if person_ref else None
    if person is not None and dept is None and person.dept_id is not None:
        dept = session.get(Department, person.dept_id)
    return person, dept


def _event(
    session: OfficeSession,
    seal: Seal,
    action: str,
    day: date,
    approval: str,
    note: str,
    from_state: str | None,
) -> None:
    env = session.env
    session.add(
        SealEvent(
            seal_id=id_of(seal),
            action=action,
            from_state=from_state,
            to_state=seal.state,
            step_on=day,
            approval=approval,
            note=note,
            by=env.operator,
            at=env.now(),
        )
    )


def create_seal(session: OfficeSession, data: dict[str, Any]) -> SealRead:
    """Register a seal as engraved (刻制), with the date and the approval that allowed it."""
    data = dict(data)
    engraved_raw = data.pop("engraved_on", None)
    form = validate(SealCreate, data)
    _check_kind(form.kind)
    _check_name(session, form.name, None)
    day = _step_date(session, engraved_raw, None)
    keeper, dept = _person_and_dept(session, form.keeper, form.dept)
    seal = Seal(
        name=form.name,
        kind=form.kind,
        serial=form.serial,
        keeper_id=id_or_none(keeper),
        dept_id=id_or_none(dept),
        state="engraved",
        state_on=day,
        note=form.note,
        **new_stamps(session),
    )
    session.add(seal)
    session.flush()
    _event(session, seal, "engrave", day, form.approval, "", None)
    session.flush()
    return read_seal(session, id_of(seal))


def update_seal(session: OfficeSession, ref: str | int, data: dict[str, Any]) -> SealRead:
    """Master data only (name, kind, serial, keeper, department, note): the state moves through
    the lifecycle steps, never through an edit."""
    seal = resolve_seal(session, ref)
    form = validate(SealUpdate, data)
    if seal.state == "destroyed":
        raise IllegalTransition("seal.edit_destroyed", name=seal.name)
    fields = form.model_dump(exclude_unset=True)
    if form.name is not None and form.name != seal.name:
        _check_name(session, form.name, seal.id)
    if form.kind is not None:
        _check_kind(form.kind)
    apply_given(seal, form, ("name", "kind", "serial", "note"))
    link_person_and_dept(
        session,
        seal,
        person_field="keeper_id",
        person_ref=form.keeper,
        person_given="keeper" in fields,
        dept_ref=form.dept,
        dept_given="dept" in fields,
    )
    if session.is_modified(seal):
        seal.updated_at = session.env.now()
        session.flush()
    return read_seal(session, id_of(seal))


def step_seal(
    session: OfficeSession,
    ref: str | int,
    action: str,
    *,
    approval: str,
    on: date | str | None = None,
    note: str = "",
) -> SealRead:
    """One lifecycle step (activate, suspend, reinstate, recall, destroy), dated and approved."""
    seal = resolve_seal(session, ref)
    target = SEAL_MACHINE.ensure(seal, action, name=seal.name)
    form = validate(StepInput, {"approval": approval, "note": note})
    day = _step_date(session, on, seal.state_on)
    previous = seal.state
    seal.state = target
    seal.state_on = day
    seal.updated_at = session.env.now()
    _event(session, seal, action, day, form.approval, form.note, previous)
    session.flush()
    return read_seal(session, id_of(seal))


# ---- the usage log ----------------------------------------------------------------------------


def to_moment(session: OfficeSession, value: datetime | date | str | None) -> datetime:
    """When a seal was used: now when not given, a day alone at 00:00 (services.moments reads
    the rest); never in the future. Whole seconds, so the hash reads the same from every
    backend."""
    moment = parse_moment(session, value, default_time=time(0, 0)) or session.env.now()
    refuse_future(session, moment, "seal_use.in_future")
    return moment.replace(microsecond=0)


def requester_and_dept(
    session: OfficeSession, requester_ref: str, dept_ref: str | None
) -> tuple[Person, Department | None]:
    """Who asks for a use (always someone) and the department it is counted for."""
    person, dept = _person_and_dept(session, requester_ref, dept_ref)
    if person is None:  # only a blank reference finds no one
        raise InvalidInput("input.required", field="requester")
    return person, dept


def asked_values(
    seal: Seal, person: Person, dept: Department | None, form: UseCreate | RequestCreate
) -> dict[str, Any]:
    """What a use and a request for one both record: the seal, who asked (their name as it is
    today, and their id), the department it counts for, the document and the copies."""
    return {
        "seal_id": id_of(seal),
        "requester": person.name,
        "requester_id": person.id,
        "dept_id": id_or_none(dept),
        "doc_title": form.doc_title,
        "purpose": form.purpose,
        "copies": form.copies,
    }


def use_values(record: SealUse | SealRequest) -> dict[str, Any]:
    """What a new entry takes over from an earlier entry it corrects or from the request it
    carries out, as UseCreate reads it: the people by id, so a namesake cannot step in."""
    return {
        "requester": str(record.requester_id or record.requester),
        "dept": str(record.dept_id) if record.dept_id else None,
        "doc_title": record.doc_title,
        "purpose": record.purpose,
        "copies": record.copies,
        "approver": record.approver,
    }


def append_entry(
    session: OfficeSession,
    seal: Seal,
    form: UseCreate,
    used_at: datetime,
    *,
    corrects: SealUse | None = None,
    void: bool = False,
    letter: IntroLetter | None = None,
) -> SealUseRead:
    """Resolve the people, take the chain's lock, hash, sign and insert one entry
    (services.seal.chain: a broken chain never blocks it); its read model is built from what
    is at hand (a new entry has no correction and, but for a letter's, no
    letter), which spares the demo's year of entries a query each."""
    from officedesk.services.seal.chain import chain_entry, lock_and_next_seq

    person, dept = requester_and_dept(session, form.requester, form.dept)
    env = session.env
    seq, prev_hash = lock_and_next_seq(session)
    entry = SealUse(
        seq=seq,
        used_at=used_at,
        **asked_values(seal, person, dept, form),
        approver=form.approver,
        registered_by=env.operator,
        recorded_at=env.now().replace(microsecond=0),
        corrects_id=corrects.id if corrects else None,
        void=void,
        note=form.note,
        prev_hash=prev_hash,
        hash="",
    )
    chain_entry(session, entry, letter)
    values = {name: getattr(entry, name) for name in _USE_FIELDS}
    values.update(
        seal=seal.name,
        dept=dept.name if dept else None,
        letter=letter.number if letter is not None else None,
        corrected_by=None,
    )
    return SealUseRead.model_validate(values)


def ensure_usable(seal: Seal) -> None:
    if seal.state != USABLE_STATE:
        raise SEAL_MACHINE.refuse_state("seal.not_active", seal.state, name=seal.name)


def use_seal(
    session: OfficeSession,
    seal_ref: str | int,
    data: dict[str, Any],
    *,
    used_at: datetime | date | str | None = None,
) -> SealUseRead:
    """Log one use of an active seal (用印登记)."""
    seal = resolve_seal(session, seal_ref)
    ensure_usable(seal)
    form = validate(UseCreate, data)
    return append_entry(session, seal, form, to_moment(session, used_at))


def correct_use(
    session: OfficeSession,
    ref: str | int,
    data: dict[str, Any],
    *,
    used_at: datetime | date | str | None = None,
    void: bool = False,
) -> SealUseRead:
    """A new entry that says what the entry `ref` should have said (or, with void, that it
    should not have been logged); fields not given are taken over from it. The reason (note) is
    required. Only the latest entry of a line of corrections can be corrected again."""
    original = resolve_use(session, ref)
    later = session.scalars(
        select(col(SealUse.id))
        .where(col(SealUse.corrects_id) == original.id)
        .order_by(col(SealUse.id))
    ).first()
    if later is not None:
        raise Conflict("seal_use.already_corrected", id=original.id, by=later)
    data = {k: v for k, v in data.items() if v is not None}
    seal_ref = data.pop("seal", None)
    seal = resolve_seal(session, seal_ref) if seal_ref else session.get(Seal, original.seal_id)
    assert seal is not None
    if not str(data.get("note") or "").strip():
        raise InvalidInput("seal_use.correction_reason", field="note")
    values = use_values(original)
    if "requester" in data and "dept" not in data:
        values["dept"] = None  # a different requester brings their own department
    values.update(data)
    form = validate(UseCreate, values)
    when = to_moment(session, used_at) if used_at else original.used_at
    return append_entry(session, seal, form, when, corrects=original, void=void)


# ---- Today ------------------------------------------------------------------------------------


def today_lines(session: OfficeSession) -> list[AgendaLine]:
    """Today asks each register's entry point (services.today.AGENDA_PROVIDERS); the seal
    register's lines are the use requests waiting for a decision. Imported when called, as
    services.seal.requests itself builds on this module."""
    from officedesk.services.seal import requests as seal_requests

    return seal_requests.today_lines(session)
