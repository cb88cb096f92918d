"""Reading the seal register: a seal or a log entry by reference, the filtered, paged lists of
seals and of uses, and their read models (each seal's names the steps services.seal.states
allows it). Nothing here writes, and nothing here imports services.seal.actions, which
re-exports this API.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from officedesk.db import OfficeSession
from officedesk.errors import Conflict, InvalidInput, NotFound
from officedesk.models import Department, Person
from officedesk.models.seal import (
    SEAL_KINDS,
    SEAL_STATES,
    IntroLetter,
    Seal,
    SealEvent,
    SealEventRead,
    SealRead,
    SealRequest,
    SealUse,
    SealUseRead,
)
from officedesk.services.common import as_id, id_of
from officedesk.services.lookup import resolve_department, resolve_person
from officedesk.services.query import (
    ListQuery,
    column_fields,
    day_range_where,
    select_with_names,
    states_where,
    text_filter,
)
from officedesk.services.seal.states import OPEN_REQUEST_STATES, RETIRED_STATES, SEAL_MACHINE
from officedesk.services.shared_records import table_of

STATES = SEAL_STATES
KINDS = SEAL_KINDS

RECENT_USES = 10


# ---- finding ---------------------------------------------------------------------------------


def resolve_seal(session: OfficeSession, ref: str | int) -> Seal:
    """By id (#12 or 12), exact name or seal code (a long number), then a unique
    part of the name."""
    text = str(ref).strip()
    if not text:
        raise InvalidInput("input.required", field="seal")
    record_id = as_id(text)
    if record_id is not None:
        found = session.get(Seal, record_id)
        if found is not None:
            return found
        if text.startswith("#"):
            raise NotFound("seal.not_found", ref=text)
    exact = session.scalars(
        select(Seal).where(
            or_(col(Seal.name) == text, and_(col(Seal.serial) != "", col(Seal.serial) == text))
        )
    ).first()
    if exact is not None:
        return exact
    column: Any = Seal.name
    candidates = list(
        session.scalars(
            select(Seal)
            .where(column.icontains(text, autoescape=True))
            .order_by(col(Seal.state) == "destroyed", col(Seal.id))
            .limit(6)
        )
    )
    usable = [s for s in candidates if s.state != "destroyed"]
    if len(candidates) == 1:
        return candidates[0]
    if len(usable) == 1:
        return usable[0]
    if candidates:
        names = [f"{s.name} #{s.id}" for s in candidates[:5]]
        raise Conflict("seal.ambiguous", ref=text, candidates=names)
    raise NotFound("seal.not_found", ref=text)


def resolve_use(session: OfficeSession, ref: str | int) -> SealUse:
    record_id = as_id(ref)
    if record_id is None:
        raise InvalidInput("seal_use.bad_ref", ref=str(ref))
    found = session.get(SealUse, record_id)
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
    seal, uses = table_of(Seal), table_of(SealUse)
    originals = and_(uses.c.seal_id == seal.c.id, uses.c.corrects_id.is_(None))
    use_count = select(func.count()).where(originals).scalar_subquery()
    last_used = select(func.max(uses.c.used_at)).where(originals).scalar_subquery()
    requests = table_of(SealRequest)
    pending = (
        select(func.count())
        .where(requests.c.seal_id == seal.c.id, requests.c.state == "requested")
        .scalar_subquery()
    )
    links = {"dept_name": (Department, "dept_id"), "keeper_name": (Person, "keeper_id")}
    return select_with_names(Seal, links).add_columns(
        use_count.label("use_count"),
        last_used.label("last_used_at"),
        pending.label("pending_requests"),
    )


def _seal_filtered(session: OfficeSession, flt: SealFilter, stmt: Any) -> Any:
    seal = table_of(Seal)
    if flt.states:
        stmt = states_where(stmt, seal.c.state, flt.states, STATES, every=False)
    if flt.kind:
        if flt.kind not in KINDS:
            raise InvalidInput("input.choice", field="kind", choices=list(KINDS))
        stmt = stmt.where(seal.c.kind == flt.kind)
    if flt.dept:
        stmt = stmt.where(seal.c.dept_id == resolve_department(session, flt.dept).id)
    if flt.keeper:
        stmt = stmt.where(seal.c.keeper_id == resolve_person(session, flt.keeper).id)
    return text_filter(stmt, flt.text, (seal.c.name, seal.c.serial, seal.c.note))


_SEAL_FIELDS = column_fields(SealRead, Seal)


def _seal_read(row: Any, **extra: Any) -> SealRead:
    values = {name: getattr(row, name) for name in _SEAL_FIELDS}
    values.update(
        keeper=row.keeper_name,
        dept=row.dept_name,
        uses=row.use_count or 0,
        last_used_at=row.last_used_at,
        pending_requests=row.pending_requests or 0,
        actions=list(SEAL_MACHINE.allowed(row.state)),
        events=None,
        recent_uses=None,
    )
    values.update(extra)
    return SealRead.model_validate(values)


def _seals_in_service_first(_flt: SealFilter) -> list[Any]:
    """Seals in service before retired ones, each by kind, then as registered."""
    seal = table_of(Seal)
    kind_order = case({kind: rank for rank, kind in enumerate(KINDS)}, value=seal.c.kind)
    return [seal.c.state.in_(sorted(RETIRED_STATES)), kind_order, seal.c.id]


_SEAL_LIST = ListQuery(
    Seal, SealFilter, _seal_query, _seal_filtered, _seals_in_service_first, _seal_read
)
list_seals = _SEAL_LIST.page
count_seals = _SEAL_LIST.count


def read_seal(session: OfficeSession, seal_id: int, *, with_detail: bool = False) -> SealRead:
    from officedesk.services.seal import requests as seal_requests

    seal = table_of(Seal)
    row = session.execute(_seal_query().where(seal.c.id == seal_id)).one()
    extra: dict[str, Any] = {}
    if with_detail:
        events = session.scalars(
            select(SealEvent).where(col(SealEvent.seal_id) == seal_id).order_by(col(SealEvent.id))
        )
        extra["events"] = [SealEventRead.model_validate(e, from_attributes=True) for e in events]
        recent = list_uses(session, UseFilter(seal_id=seal_id), limit=RECENT_USES)
        extra["recent_uses"] = recent.items
        extra["open_requests"] = seal_requests.list_requests(
            session, states=OPEN_REQUEST_STATES, seal_id=seal_id, limit=RECENT_USES
        ).items
    return _seal_read(row, **extra)


def get_seal(session: OfficeSession, ref: str | int, *, with_detail: bool = True) -> SealRead:
    return read_seal(session, id_of(resolve_seal(session, ref)), with_detail=with_detail)


# ---- reading the usage log --------------------------------------------------------------------


@dataclass
class UseFilter:
    """The usage log's filters. in_force keeps the entries that stand: not corrected by a later
    entry and not a void. The log keeps every entry (a correction is a new one), so counting
    uses, as the period report does, needs this or a corrected use would count twice."""

    seal: str | None = None
    seal_id: int | None = None
    dept: str | None = None
    since: date | str | None = None
    until: date | str | None = None
    text: str | None = None
    in_force: bool = False


@cache
def _use_query() -> Any:
    uses, letters = table_of(SealUse), table_of(IntroLetter)
    later = aliased(uses, name="later")
    corrected_by = (
        select(func.min(later.c.id)).where(later.c.corrects_id == uses.c.id).scalar_subquery()
    )
    links = {"seal_name": (Seal, "seal_id"), "dept_name": (Department, "dept_id")}
    return (
        select_with_names(SealUse, links)
        .add_columns(letters.c.number.label("letter_number"), corrected_by.label("corrected_by"))
        .outerjoin(letters, letters.c.use_id == uses.c.id)
    )


def _use_filtered(session: OfficeSession, flt: UseFilter, stmt: Any) -> Any:
    uses = table_of(SealUse)
    if flt.seal_id is not None:
        stmt = stmt.where(uses.c.seal_id == flt.seal_id)
    if flt.seal:
        stmt = stmt.where(uses.c.seal_id == resolve_seal(session, flt.seal).id)
    if flt.dept:
        stmt = stmt.where(uses.c.dept_id == resolve_department(session, flt.dept).id)
    if flt.in_force:
        later = aliased(uses, name="superseding")
        corrected = select(later.c.id).where(later.c.corrects_id == uses.c.id).exists()
        stmt = stmt.where(uses.c.void.is_(False), ~corrected)
    stmt = day_range_where(
        session,
        stmt,
        uses.c.used_at,
        flt.since,
        flt.until,
        backwards="seal_use.until_before_since",
    )
    return text_filter(stmt, flt.text, (uses.c.doc_title, uses.c.purpose, uses.c.requester))


_USE_FIELDS = column_fields(SealUseRead, SealUse)


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


def _uses_newest_first(_flt: UseFilter) -> list[Any]:
    uses = table_of(SealUse)
    return [uses.c.used_at.desc(), uses.c.id.desc()]


_USE_LIST = ListQuery(SealUse, UseFilter, _use_query, _use_filtered, _uses_newest_first, _use_read)
list_uses = _USE_LIST.page
count_uses = _USE_LIST.count


def read_use(session: OfficeSession, use_id: int) -> SealUseRead:
    uses = table_of(SealUse)
    row = session.execute(_use_query().where(uses.c.id == use_id)).one_or_none()
    if row is None:
        raise NotFound("seal_use.not_found", ref=str(use_id))
    return _use_read(row)


def get_use(session: OfficeSession, ref: str | int) -> SealUseRead:
    return read_use(session, id_of(resolve_use(session, ref)))
