"""Seals (印章): master data, the lifecycle steps and the usage log, the writing side.

The usage log is append-only: this module offers no edit and no delete of an entry; a mistake is
put right by a correction, a new entry that references the one it corrects. Every entry is
chained by services.seal_chain inside the same write transaction. Introduction letters
(services.seal_letters) and use requests (services.seal_requests) add entries through
append_entry, so the chain has one way in. Reading (finding, lists, read models) lives in
services.seal.query, the lifecycle table in services.seal.states; their API is importable from
here as well.
"""

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select

from officedesk.db import OfficeSession
from officedesk.errors import Conflict, IllegalTransition, InvalidInput
from officedesk.models import Department, Person
from officedesk.models.seal import (
    SEAL_EVENT_ACTIONS,
    IntroLetter,
    Seal,
    SealCreate,
    SealEvent,
    SealRead,
    SealUpdate,
    SealUse,
    SealUseRead,
    StepInput,
    UseInput,
)
from officedesk.services.agenda import AgendaLine
from officedesk.services.common import to_date
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
from officedesk.services.validation import validate

EVENT_ACTIONS = SEAL_EVENT_ACTIONS
SEAL_ACTIONS = SEAL_MACHINE.actions  # as the tests read it; the machine is the table


# ---- writing seals ----------------------------------------------------------------------------


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise InvalidInput("input.choice", field="kind", choices=", ".join(KINDS))


def _check_name(session: OfficeSession, name: str, own_id: int | None) -> None:
    clash = session.scalars(select(Seal).where(Seal.name == name)).first()
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


def _keeper_and_dept(
    session: OfficeSession, keeper_ref: str | None, dept_ref: str | None
) -> tuple[Person | None, Department | None]:
    dept = resolve_department(session, dept_ref) if dept_ref else None
    keeper = resolve_person(session, keeper_ref, dept.id if dept else None) if keeper_ref else None
    if keeper is not None and dept is None and keeper.dept_id is not None:
        dept = session.get(Department, keeper.dept_id)
    return keeper, dept


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
            seal_id=seal.id,
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
    keeper, dept = _keeper_and_dept(session, form.keeper, form.dept)
    env = session.env
    seal = Seal(
        name=form.name,
        kind=form.kind,
        serial=form.serial,
        keeper_id=keeper.id if keeper else None,
        dept_id=dept.id if dept else None,
        state="engraved",
        state_on=day,
        note=form.note,
        created_by=env.operator,
        created_at=env.now(),
        updated_at=env.now(),
    )
    session.add(seal)
    session.flush()
    _event(session, seal, "engrave", day, form.approval, "", None)
    session.flush()
    return read_seal(session, seal.id)


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
        seal.name = form.name
    if form.kind is not None:
        _check_kind(form.kind)
        seal.kind = form.kind
    if form.serial is not None:
        seal.serial = form.serial
    if form.note is not None:
        seal.note = form.note
    if "dept" in fields:
        seal.dept_id = resolve_department(session, form.dept).id if form.dept else None
    if "keeper" in fields:
        keeper = resolve_person(session, form.keeper, seal.dept_id) if form.keeper else None
        seal.keeper_id = keeper.id if keeper else None
        if keeper is not None and "dept" not in fields and keeper.dept_id:
            seal.dept_id = keeper.dept_id
    if session.is_modified(seal):
        seal.updated_at = session.env.now()
        session.flush()
    return read_seal(session, seal.id)


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
    return read_seal(session, seal.id)


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
    dept = resolve_department(session, dept_ref) if dept_ref else None
    person = resolve_person(session, requester_ref, dept.id if dept else None)
    if dept is None and person.dept_id is not None:
        dept = session.get(Department, person.dept_id)
    return person, dept


def append_entry(
    session: OfficeSession,
    seal: Seal,
    form: UseInput,
    used_at: datetime,
    *,
    corrects: SealUse | None = None,
    void: bool = False,
    letter: IntroLetter | None = None,
) -> SealUseRead:
    """Resolve the people, take the chain's lock, hash, sign and insert one entry
    (services.seal_chain: a broken chain never blocks it); its read model is built from what
    is at hand (a new entry has no correction and, but for a letter's, no
    letter), which spares the demo's year of entries a query each."""
    from officedesk.services.seal.chain import chain_entry, lock_and_next_seq

    person, dept = requester_and_dept(session, form.requester, form.dept)
    env = session.env
    seq, prev_hash = lock_and_next_seq(session)
    entry = SealUse(
        seq=seq,
        seal_id=seal.id,
        used_at=used_at,
        requester=person.name,
        requester_id=person.id,
        dept_id=dept.id if dept else None,
        doc_title=form.doc_title,
        purpose=form.purpose,
        copies=form.copies,
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
    form = validate(UseInput, data)
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
        select(SealUse.id).where(SealUse.corrects_id == original.id).order_by(SealUse.id)
    ).first()
    if later is not None:
        raise Conflict("seal_use.already_corrected", id=original.id, by=later)
    data = {k: v for k, v in data.items() if v is not None}
    seal_ref = data.pop("seal", None)
    seal = resolve_seal(session, seal_ref) if seal_ref else session.get(Seal, original.seal_id)
    assert seal is not None
    if not str(data.get("note") or "").strip():
        raise InvalidInput("seal_use.correction_reason", field="note")
    values = {
        "requester": str(original.requester_id or original.requester),
        "dept": str(original.dept_id) if original.dept_id else None,
        "doc_title": original.doc_title,
        "purpose": original.purpose,
        "copies": original.copies,
        "approver": original.approver,
    }
    if "requester" in data and "dept" not in data:
        values["dept"] = None  # a different requester brings their own department
    values.update(data)
    form = validate(UseInput, values)
    when = to_moment(session, used_at) if used_at else original.used_at
    return append_entry(session, seal, form, when, corrects=original, void=void)


# ---- Today ------------------------------------------------------------------------------------


def today_lines(session: OfficeSession) -> list[AgendaLine]:
    """Today asks each register's entry point (services.today.AGENDA_PROVIDERS); the seal
    register's lines are the use requests waiting for a decision. Imported when called, as
    services.seal_requests itself builds on this module."""
    from officedesk.services.seal import requests as seal_requests

    return seal_requests.today_lines(session)
