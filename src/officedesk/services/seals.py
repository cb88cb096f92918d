"""Seals (印章): master data, the lifecycle table and the usage log.

The usage log is append-only: this module offers no edit and no delete of an entry; a mistake is
put right by a correction, a new entry that references the one it corrects. Every entry is
chained by services.seal_chain inside the same write transaction. Introduction letters
(services.seal_letters) and use requests (services.seal_requests) add entries through
append_entry, so the chain has one way in.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from officedesk.db import OfficeSession
from officedesk.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from officedesk.i18n import label
from officedesk.models import Department, Person
from officedesk.models.seal import (
    SEAL_EVENT_ACTIONS,
    SEAL_KINDS,
    SEAL_STATES,
    IntroLetter,
    Seal,
    SealCreate,
    SealEvent,
    SealEventRead,
    SealRead,
    SealRequest,
    SealUpdate,
    SealUse,
    SealUseRead,
    StepInput,
    UseInput,
)
from officedesk.services.agenda import AgendaLine
from officedesk.services.common import Page, check_limit, to_date
from officedesk.services.lookup import resolve_department, resolve_person
from officedesk.services.moments import local_day_bounds, parse_moment, refuse_future
from officedesk.services.validation import validate

STATES = SEAL_STATES
KINDS = SEAL_KINDS
EVENT_ACTIONS = SEAL_EVENT_ACTIONS

# The lifecycle table: action → (states it may start from, state it leads to). The CLI names
# the legal actions in its error; the TUI offers only these keys.
SEAL_ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "activate": (frozenset({"engraved"}), "active"),
    "suspend": (frozenset({"active"}), "suspended"),
    "reinstate": (frozenset({"suspended"}), "active"),
    "recall": (frozenset({"engraved", "active", "suspended"}), "recalled"),
    "destroy": (frozenset({"recalled"}), "destroyed"),
}
SEAL_TRANSITIONS: dict[str, frozenset[str]] = {
    state: frozenset(to for sources, to in SEAL_ACTIONS.values() if state in sources)
    for state in STATES
}
USABLE_STATE = "active"
RETIRED_STATES = frozenset({"recalled", "destroyed"})  # out of service for good
RECENT_USES = 10


def allowed_actions(state: str) -> list[str]:
    return [action for action, (sources, _to) in SEAL_ACTIONS.items() if state in sources]


# ---- finding ---------------------------------------------------------------------------------


def resolve_seal(session: OfficeSession, ref: str | int) -> Seal:
    """By id (#12 or 12), exact name or seal code (a long number), then a unique
    part of the name."""
    text = str(ref).strip()
    if not text:
        raise InvalidInput("input.required", field="seal")
    digits = text.lstrip("#")
    if digits.isdigit() and len(digits) < 10:
        found = session.get(Seal, int(digits))
        if found is not None:
            return found
        if text.startswith("#"):
            raise NotFound("seal.not_found", ref=text)
    exact = session.scalars(
        select(Seal).where(or_(Seal.name == text, and_(Seal.serial != "", Seal.serial == text)))
    ).first()
    if exact is not None:
        return exact
    column: Any = Seal.name
    candidates = list(
        session.scalars(
            select(Seal)
            .where(column.icontains(text, autoescape=True))
            .order_by(Seal.state == "destroyed", Seal.id)
            .limit(6)
        )
    )
    usable = [s for s in candidates if s.state != "destroyed"]
    if len(candidates) == 1:
        return candidates[0]
    if len(usable) == 1:
        return usable[0]
    if candidates:
        from officedesk.i18n import t

        names = t("list.sep").join(f"{s.name} #{s.id}" for s in candidates[:5])
        raise Conflict("seal.ambiguous", ref=text, candidates=names)
    raise NotFound("seal.not_found", ref=text)


def resolve_use(session: OfficeSession, ref: str | int) -> SealUse:
    text = str(ref).strip().lstrip("#")
    if not text.isdigit():
        raise InvalidInput("seal_use.bad_ref", ref=str(ref))
    found = session.get(SealUse, int(text))
    if found is None:
        raise NotFound("seal_use.not_found", ref=str(ref))
    return found


# ---- reading seals ----------------------------------------------------------------------------


@dataclass
class SealFilter:
    states: Sequence[str] | None = None  # None: every state
    kind: str | None = None
    dept: str | None = None
    keeper: str | None = None
    text: str | None = None


@cache
def _seal_query() -> Any:
    seal = Seal.__table__  # type: ignore[attr-defined]
    dept = Department.__table__  # type: ignore[attr-defined]
    keeper = Person.__table__.alias("keeper")  # type: ignore[attr-defined]
    uses = SealUse.__table__  # type: ignore[attr-defined]
    originals = and_(uses.c.seal_id == seal.c.id, uses.c.corrects_id.is_(None))
    use_count = select(func.count()).where(originals).scalar_subquery()
    last_used = select(func.max(uses.c.used_at)).where(originals).scalar_subquery()
    requests = SealRequest.__table__  # type: ignore[attr-defined]
    pending = (
        select(func.count())
        .where(requests.c.seal_id == seal.c.id, requests.c.state == "requested")
        .scalar_subquery()
    )
    return (
        select(
            *seal.c,
            dept.c.name.label("dept_name"),
            keeper.c.name.label("keeper_name"),
            use_count.label("use_count"),
            last_used.label("last_used_at"),
            pending.label("pending_requests"),
        )
        .select_from(seal)
        .outerjoin(dept, dept.c.id == seal.c.dept_id)
        .outerjoin(keeper, keeper.c.id == seal.c.keeper_id)
    )


def _seal_filtered(session: OfficeSession, flt: SealFilter, stmt: Any) -> Any:
    seal = Seal.__table__  # type: ignore[attr-defined]
    if flt.states:
        states = list(flt.states)
        unknown = [s for s in states if s not in STATES]
        if unknown:
            raise InvalidInput("input.choice", field="state", choices=", ".join(STATES))
        stmt = stmt.where(seal.c.state.in_(states))
    if flt.kind:
        if flt.kind not in KINDS:
            raise InvalidInput("input.choice", field="kind", choices=", ".join(KINDS))
        stmt = stmt.where(seal.c.kind == flt.kind)
    if flt.dept:
        stmt = stmt.where(seal.c.dept_id == resolve_department(session, flt.dept).id)
    if flt.keeper:
        stmt = stmt.where(seal.c.keeper_id == resolve_person(session, flt.keeper).id)
    if flt.text and flt.text.strip():
        text = flt.text.strip()
        stmt = stmt.where(
            or_(
                seal.c.name.icontains(text, autoescape=True),
                seal.c.serial.icontains(text, autoescape=True),
                seal.c.note.icontains(text, autoescape=True),
            )
        )
    return stmt


def _seal_read(row: Any, **extra: Any) -> SealRead:
    values = {
        name: getattr(row, name)
        for name in (
            "id",
            "name",
            "kind",
            "serial",
            "keeper_id",
            "dept_id",
            "state",
            "state_on",
            "note",
            "created_by",
            "created_at",
            "updated_at",
        )
    }
    values.update(
        keeper=row.keeper_name,
        dept=row.dept_name,
        uses=row.use_count or 0,
        last_used_at=row.last_used_at,
        pending_requests=row.pending_requests or 0,
        actions=allowed_actions(row.state),
        events=None,
        recent_uses=None,
    )
    values.update(extra)
    return SealRead.model_validate(values)


def list_seals(
    session: OfficeSession, flt: SealFilter | None = None, *, limit: int = 50, offset: int = 0
) -> Page:
    check_limit(limit, offset)
    seal = Seal.__table__  # type: ignore[attr-defined]
    stmt = _seal_filtered(session, flt or SealFilter(), _seal_query())
    kind_order = case({kind: rank for rank, kind in enumerate(KINDS)}, value=seal.c.kind)
    stmt = stmt.order_by(seal.c.state.in_(sorted(RETIRED_STATES)), kind_order, seal.c.id)
    rows = session.execute(stmt.offset(offset).limit(limit + 1)).all()
    return Page([_seal_read(row) for row in rows[:limit]], len(rows) > limit)


def count_seals(session: OfficeSession, flt: SealFilter | None = None) -> int:
    seal = Seal.__table__  # type: ignore[attr-defined]
    stmt = _seal_filtered(session, flt or SealFilter(), select(func.count()).select_from(seal))
    return session.execute(stmt).scalar_one()


def read_seal(session: OfficeSession, seal_id: int, *, with_detail: bool = False) -> SealRead:
    from officedesk.services import seal_requests

    seal = Seal.__table__  # type: ignore[attr-defined]
    row = session.execute(_seal_query().where(seal.c.id == seal_id)).one()
    extra: dict[str, Any] = {}
    if with_detail:
        events = session.scalars(
            select(SealEvent).where(SealEvent.seal_id == seal_id).order_by(SealEvent.id)
        )
        extra["events"] = [SealEventRead.model_validate(e, from_attributes=True) for e in events]
        recent = list_uses(session, UseFilter(seal_id=seal_id), limit=RECENT_USES)
        extra["recent_uses"] = recent.items
        extra["open_requests"] = seal_requests.list_requests(
            session, states=seal_requests.OPEN_REQUEST_STATES, seal_id=seal_id, limit=RECENT_USES
        ).items
    return _seal_read(row, **extra)


def get_seal(session: OfficeSession, ref: str | int, *, with_detail: bool = True) -> SealRead:
    return read_seal(session, resolve_seal(session, ref).id, with_detail=with_detail)


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


def _ensure_allowed(seal: Seal, action: str) -> None:
    from officedesk.i18n import t

    if action not in SEAL_ACTIONS:
        raise InvalidInput("input.choice", field="action", choices=", ".join(SEAL_ACTIONS))
    sources, _target = SEAL_ACTIONS[action]
    if seal.state not in sources:
        legal = allowed_actions(seal.state)
        allowed = t("list.sep").join(label("seal_action", a) for a in legal)
        raise IllegalTransition(
            "seal.illegal",
            name=seal.name,
            state=label("seal_state", seal.state),
            action=label("seal_action", action),
            allowed=allowed if legal else t("seal.no_actions"),
        )


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
    _ensure_allowed(seal, action)
    form = validate(StepInput, {"approval": approval, "note": note})
    day = _step_date(session, on, seal.state_on)
    previous = seal.state
    seal.state = SEAL_ACTIONS[action][1]
    seal.state_on = day
    seal.updated_at = session.env.now()
    _event(session, seal, action, day, form.approval, form.note, previous)
    session.flush()
    return read_seal(session, seal.id)


# ---- the usage log ----------------------------------------------------------------------------


@dataclass
class UseFilter:
    seal: str | None = None
    seal_id: int | None = None
    dept: str | None = None
    since: date | str | None = None
    until: date | str | None = None
    text: str | None = None


def to_moment(session: OfficeSession, value: datetime | date | str | None) -> datetime:
    """When a seal was used: now when not given, a day alone at 00:00 (services.moments reads
    the rest); never in the future. Whole seconds, so the hash reads the same from every
    backend."""
    moment = parse_moment(session, value, default_time=time(0, 0)) or session.env.now()
    refuse_future(session, moment, "seal_use.in_future")
    return moment.replace(microsecond=0)


@cache
def _use_query() -> Any:
    uses = SealUse.__table__  # type: ignore[attr-defined]
    seal = Seal.__table__  # type: ignore[attr-defined]
    dept = Department.__table__  # type: ignore[attr-defined]
    letters = IntroLetter.__table__  # type: ignore[attr-defined]
    later = aliased(SealUse.__table__, name="later")  # type: ignore[attr-defined]
    corrected_by = (
        select(func.min(later.c.id)).where(later.c.corrects_id == uses.c.id).scalar_subquery()
    )
    return (
        select(
            *uses.c,
            seal.c.name.label("seal_name"),
            dept.c.name.label("dept_name"),
            letters.c.number.label("letter_number"),
            corrected_by.label("corrected_by"),
        )
        .select_from(uses)
        .join(seal, seal.c.id == uses.c.seal_id)
        .outerjoin(dept, dept.c.id == uses.c.dept_id)
        .outerjoin(letters, letters.c.use_id == uses.c.id)
    )


def _use_filtered(session: OfficeSession, flt: UseFilter, stmt: Any) -> Any:
    uses = SealUse.__table__  # type: ignore[attr-defined]
    if flt.seal_id is not None:
        stmt = stmt.where(uses.c.seal_id == flt.seal_id)
    if flt.seal:
        stmt = stmt.where(uses.c.seal_id == resolve_seal(session, flt.seal).id)
    if flt.dept:
        stmt = stmt.where(uses.c.dept_id == resolve_department(session, flt.dept).id)
    since = to_date(session, flt.since) if flt.since else None
    until = to_date(session, flt.until) if flt.until else None
    if since is not None and until is not None and until < since:
        raise InvalidInput("seal_use.until_before_since")
    if since is not None:
        stmt = stmt.where(uses.c.used_at >= local_day_bounds(since)[0])
    if until is not None:
        stmt = stmt.where(uses.c.used_at < local_day_bounds(until)[1])
    if flt.text and flt.text.strip():
        text = flt.text.strip()
        stmt = stmt.where(
            or_(
                uses.c.doc_title.icontains(text, autoescape=True),
                uses.c.purpose.icontains(text, autoescape=True),
                uses.c.requester.icontains(text, autoescape=True),
            )
        )
    return stmt


_USE_FIELDS = [
    name
    for name in SealUseRead.model_fields
    if name in SealUse.__table__.c  # type: ignore[attr-defined]
]


def _use_read(row: Any) -> SealUseRead:
    values = {name: getattr(row, name) for name in _USE_FIELDS}
    values.update(
        seal=row.seal_name,
        dept=row.dept_name,
        letter=row.letter_number,
        corrected_by=row.corrected_by,
        void=bool(row.void),
    )
    return SealUseRead.model_validate(values)


def list_uses(
    session: OfficeSession, flt: UseFilter | None = None, *, limit: int = 50, offset: int = 0
) -> Page:
    """The log, newest entry first."""
    check_limit(limit, offset)
    uses = SealUse.__table__  # type: ignore[attr-defined]
    stmt = _use_filtered(session, flt or UseFilter(), _use_query())
    stmt = stmt.order_by(uses.c.used_at.desc(), uses.c.id.desc())
    rows = session.execute(stmt.offset(offset).limit(limit + 1)).all()
    return Page([_use_read(row) for row in rows[:limit]], len(rows) > limit)


def count_uses(session: OfficeSession, flt: UseFilter | None = None) -> int:
    uses = SealUse.__table__  # type: ignore[attr-defined]
    stmt = _use_filtered(session, flt or UseFilter(), select(func.count()).select_from(uses))
    return session.execute(stmt).scalar_one()


def read_use(session: OfficeSession, use_id: int) -> SealUseRead:
    uses = SealUse.__table__  # type: ignore[attr-defined]
    row = session.execute(_use_query().where(uses.c.id == use_id)).one_or_none()
    if row is None:
        raise NotFound("seal_use.not_found", ref=str(use_id))
    return _use_read(row)


def get_use(session: OfficeSession, ref: str | int) -> SealUseRead:
    return read_use(session, resolve_use(session, ref).id)


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
    """Resolve the people, take the chain's lock, hash and insert one entry; its read model is
    built from what is at hand (a new entry has no correction and, but for a letter's, no
    letter), which spares the demo's year of entries a query each."""
    from officedesk.services.seal_chain import entry_hash, lock_and_next_seq

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
    entry.hash = entry_hash(prev_hash, entry, letter)
    session.add(entry)
    session.flush()
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
        raise IllegalTransition(
            "seal.not_active", name=seal.name, state=label("seal_state", seal.state)
        )


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
    from officedesk.services import seal_requests

    return seal_requests.today_lines(session)
