"""Visits (公务接待): numbering, registering and changing a visit, its steps, guests and
activities; the reception rules and reading live in services.visit.query, the state table in
services.visit.states."""

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import or_
from sqlmodel import select

from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput, NotFound
from officedesk.models import Department
from officedesk.models.visit import (
    ActivityInput,
    GuestInput,
    Visit,
    VisitActivity,
    VisitCreate,
    VisitGuest,
    VisitRead,
    VisitUpdate,
)
from officedesk.services.common import as_id
from officedesk.services.lookup import resolve_department, resolve_person
from officedesk.services.moments import local_day, local_text, parse_moment
from officedesk.services.validation import validate
from officedesk.services.visit.input import parse_guests, parse_money
from officedesk.services.visit.query import (  # noqa: F401 - the API in one place
    LEVELS,
    SORTS,
    STATES,
    VisitFilter,
    _guest_rows,
    count_visits,
    get_visit,
    host_limit,
    list_visits,
    read_visit,
    resolve_visit,
    today_lines,
    visit_notices,
)
from officedesk.services.visit.states import (  # noqa: F401 - the API in one place
    CLOSED_STATES,
    OPEN_STATES,
    VISIT_MACHINE,
    offered_operations,
)

# The state table as the tests and the workbench read it (services.visit.states holds it).
VISIT_ACTIONS = VISIT_MACHINE.actions
VISIT_TRANSITIONS = VISIT_MACHINE.transitions
allowed_actions = VISIT_MACHINE.allowed

CODE_PREFIX = "JD"
SERIES = "visit"
TEXT_FIELDS = (
    "guest_org",
    "letter_ref",
    "purpose",
    "table_hosts",
    "meals",
    "lodging",
    "car",
    "room",
    "note",
)
ARRIVAL_TIME = time(9, 0)  # when only a day is given
DEPARTURE_TIME = time(17, 0)


# ---- writing -----------------------------------------------------------------------------------


def _level(value: object) -> str:
    if value not in LEVELS:
        raise InvalidInput("input.choice", field="level", choices=", ".join(LEVELS))
    return str(value)


def _count(value: object, field: str) -> int:
    if isinstance(value, bool):
        raise InvalidInput("input.number", field=field)
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise InvalidInput("input.number", field=field) from None
    if not 0 <= number <= 10_000:
        raise InvalidInput("input.range", field=field)
    return number


def _linked_org(session: OfficeSession, text: str) -> int | None:
    """The directory's department of that exact name (or code), if there is exactly one."""
    stmt = (
        select(Department.id)
        .where(or_(Department.name == text, Department.code == text.upper()))
        .limit(2)
    )
    found = list(session.exec(stmt))
    return found[0] if len(found) == 1 else None


def _host(
    session: OfficeSession,
    visit: Visit,
    host_ref: str | None,
    dept_ref: str | None,
    given: set[str],
) -> None:
    if "dept" in given:
        visit.host_dept_id = resolve_department(session, dept_ref).id if dept_ref else None
    if "host" in given:
        host = resolve_person(session, host_ref, visit.host_dept_id) if host_ref else None
        visit.host_id = host.id if host else None
        if host is not None and "dept" not in given and host.dept_id:
            visit.host_dept_id = host.dept_id


def _check_stay(visit: Visit) -> None:
    if visit.departs_at is not None and visit.departs_at < visit.arrives_at:
        raise InvalidInput(
            "visit.departs_before_arrives",
            field="departs_at",
            arrives=local_text(visit.arrives_at),
            departs=local_text(visit.departs_at),
        )


def _text_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _moment(
    session: OfficeSession, value: Any, field: str, default_time: time, day: date | None = None
) -> datetime | None:
    """A visit's time as typed: a day alone at default_time, a time alone on day (today)."""
    return parse_moment(
        session,
        value,
        default_time=default_time,
        day=day,
        field=field,
        invalid_key="visit.bad_time",
    )


def create_visit(session: OfficeSession, data: dict[str, Any]) -> VisitRead:
    """Register a visit (planned). Required: the guests' unit and the arrival."""
    env = session.env
    data = dict(data)
    arrives_raw = data.pop("arrives_at", None)
    departs_raw = data.pop("departs_at", None)
    host_ref = _text_or_none(data.pop("host", None))
    dept_ref = _text_or_none(data.pop("dept", None))
    count_raw = data.pop("guest_count", None)
    guests = parse_guests(data.pop("guests", None))
    budget = parse_money(data.pop("budget", None), "budget")
    if data.get("table_hosts") in ("", None):
        data.pop("table_hosts", None)
    form = validate(VisitCreate, data)
    level = _level(form.level)
    arrives = _moment(session, arrives_raw, "arrives_at", ARRIVAL_TIME)
    if arrives is None:
        raise InvalidInput("input.required", field="arrives_at")
    departs = _moment(session, departs_raw, "departs_at", DEPARTURE_TIME)
    count = len(guests) if count_raw in (None, "") else _count(count_raw, "guest_count")
    if count < len(guests):
        raise InvalidInput(
            "visit.fewer_than_named", field="guest_count", count=count, named=len(guests)
        )
    from officedesk.services.numbering import next_number

    year = env.today.year
    seq = next_number(session, SERIES, year)
    visit = Visit(
        code=f"{CODE_PREFIX}-{year}-{seq:04d}",
        year=year,
        seq=seq,
        guest_org=form.guest_org,
        guest_org_id=_linked_org(session, form.guest_org),
        letter_ref=form.letter_ref,
        purpose=form.purpose,
        level=level,
        arrives_at=arrives,
        departs_at=departs,
        guest_count=count,
        guest_names=_guest_names(guests),
        table_hosts=form.table_hosts,
        meals=form.meals,
        lodging=form.lodging,
        car=form.car,
        room=form.room,
        note=form.note,
        budget_fen=budget,
        state="planned",
        created_by=env.operator,
        created_at=env.now(),
        updated_at=env.now(),
    )
    given = {name for name, ref in (("host", host_ref), ("dept", dept_ref)) if ref}
    _host(session, visit, host_ref, dept_ref, given)
    _check_stay(visit)
    session.add(visit)
    session.flush()
    for position, guest in enumerate(guests, start=1):
        session.add(VisitGuest(visit_id=visit.id, position=position, **guest))
    session.flush()
    return read_visit(session, visit)


def _ensure_open(visit: Visit) -> None:
    if visit.state in CLOSED_STATES:
        raise VISIT_MACHINE.refuse_state("visit.closed", visit.state, code=visit.code)


def update_visit(session: OfficeSession, ref: str | int, data: dict[str, Any]) -> VisitRead:
    """Change what was given; a blank text clears it (an optional field), None leaves it."""
    visit = resolve_visit(session, ref)
    _ensure_open(visit)
    data = {key: value for key, value in data.items() if value is not None}
    given = set(data)
    arrives_raw = data.pop("arrives_at", None)
    departs_raw = data.pop("departs_at", None)
    host_ref = _text_or_none(data.pop("host", None))
    dept_ref = _text_or_none(data.pop("dept", None))
    count_raw = data.pop("guest_count", None)
    money = {name: data.pop(name, None) for name in ("budget", "cost")}
    if data.get("table_hosts") == "":
        data.pop("table_hosts")
    form = validate(VisitUpdate, data)
    for name in TEXT_FIELDS:
        value = getattr(form, name)
        if value is not None:
            setattr(visit, name, value)
    if form.guest_org is not None:
        visit.guest_org_id = _linked_org(session, form.guest_org)
    if form.level is not None:
        visit.level = _level(form.level)
    if "arrives_at" in given:
        arrives = _moment(session, arrives_raw, "arrives_at", ARRIVAL_TIME)
        if arrives is None:
            raise InvalidInput("input.required", field="arrives_at")
        visit.arrives_at = arrives
    if "departs_at" in given:
        visit.departs_at = _moment(session, departs_raw, "departs_at", DEPARTURE_TIME)
    _host(session, visit, host_ref, dept_ref, given & {"host", "dept"})
    if "guest_count" in given and count_raw != "":
        named = len(_guest_rows(session, visit.id))
        count = _count(count_raw, "guest_count")
        if count < named:
            raise InvalidInput(
                "visit.fewer_than_named", field="guest_count", count=count, named=named
            )
        visit.guest_count = count
    for name, raw in money.items():
        if name in given:
            setattr(visit, f"{name}_fen", parse_money(raw, name))
    if visit.state == "settled" and visit.cost_fen is None:
        raise InvalidInput("visit.cost_required", field="cost", code=visit.code)
    _check_stay(visit)
    visit.updated_at = session.env.now()
    session.flush()
    return read_visit(session, visit)


def _ensure_allowed(visit: Visit, action: str) -> str:
    return VISIT_MACHINE.ensure(visit, action, code=visit.code)


def _move(session: OfficeSession, visit: Visit, action: str) -> None:
    visit.state = _ensure_allowed(visit, action)
    visit.updated_at = session.env.now()


def confirm_visit(
    session: OfficeSession, ref: str | int, letter_ref: str | None = None
) -> VisitRead:
    """Confirmed: the programme is agreed; the 公函 may be recorded at the same time."""
    visit = resolve_visit(session, ref)
    _move(session, visit, "confirm")
    if letter_ref is not None and letter_ref.strip():
        visit.letter_ref = validate(VisitUpdate, {"letter_ref": letter_ref}).letter_ref or ""
    session.flush()
    return read_visit(session, visit)


def complete_visit(
    session: OfficeSession, ref: str | int, table_hosts: int | str | None = None
) -> VisitRead:
    """Done: the guests came and left; the hosts who actually sat at the table may be noted."""
    visit = resolve_visit(session, ref)
    _ensure_allowed(visit, "done")
    if local_day(visit.arrives_at) > session.env.today:
        raise InvalidInput(
            "visit.done_before_arrival", code=visit.code, arrives=local_text(visit.arrives_at)
        )
    _move(session, visit, "done")
    if table_hosts not in (None, ""):
        visit.table_hosts = _count(table_hosts, "table_hosts")
    session.flush()
    return read_visit(session, visit)


def settle_visit(session: OfficeSession, ref: str | int, cost: object = None) -> VisitRead:
    """Settled (结算): only with the actual cost, given now or already on record."""
    visit = resolve_visit(session, ref)
    _ensure_allowed(visit, "settle")
    fen = parse_money(cost, "cost")
    if fen is None:
        fen = visit.cost_fen
    if fen is None:
        raise InvalidInput("visit.cost_required", field="cost", code=visit.code)
    _move(session, visit, "settle")
    visit.cost_fen = fen
    visit.settled_on = session.env.today
    session.flush()
    return read_visit(session, visit)


def cancel_visit(session: OfficeSession, ref: str | int, reason: str) -> VisitRead:
    text = (reason or "").strip()
    if not text:
        raise InvalidInput("visit.cancel_reason", field="reason")
    if len(text) > 2000:
        raise InvalidInput("input.too_long", field="reason", max=2000)
    visit = resolve_visit(session, ref)
    _move(session, visit, "cancel")
    visit.cancel_reason = text
    session.flush()
    return read_visit(session, visit)


# ---- guests and activities ---------------------------------------------------------------------


def _guest_names(guests: Iterable[Any]) -> str:
    parts = []
    for guest in guests:
        name, post = (
            (guest["name"], guest["post"]) if isinstance(guest, dict) else (guest.name, guest.post)
        )
        parts.append(f"{name} {post}".strip())
    return "; ".join(parts)


def _after_guests(session: OfficeSession, visit: Visit, named_before: int) -> None:
    """Keep the searchable names and the head count in step with the named guests."""
    session.flush()
    rows = _guest_rows(session, visit.id)
    visit.guest_names = _guest_names(rows)
    if visit.guest_count == named_before:  # the count was the named guests': it follows them
        visit.guest_count = len(rows)
    else:
        visit.guest_count = max(visit.guest_count, len(rows))
    visit.updated_at = session.env.now()
    session.flush()


def add_guest(session: OfficeSession, ref: str | int, name: str, post: str = "") -> VisitRead:
    visit = resolve_visit(session, ref)
    _ensure_open(visit)
    guest = validate(GuestInput, {"name": name, "post": post}, labels={"name": "guests"})
    rows = _guest_rows(session, visit.id)
    position = max((g.position for g in rows), default=0) + 1
    session.add(VisitGuest(visit_id=visit.id, position=position, name=guest.name, post=guest.post))
    _after_guests(session, visit, len(rows))
    return read_visit(session, visit)


def remove_guest(session: OfficeSession, ref: str | int, guest_ref: str | int) -> VisitRead:
    """A guest by the id shown in `visit show`, or by exact name."""
    visit = resolve_visit(session, ref)
    _ensure_open(visit)
    rows = _guest_rows(session, visit.id)
    text = str(guest_ref).strip()
    digits = text.lstrip("#")
    found = [g for g in rows if as_id(digits) == g.id or g.name == text]
    if not found:
        raise NotFound("visit.guest_not_found", code=visit.code, guest=text)
    session.delete(found[0])
    _after_guests(session, visit, len(rows))
    return read_visit(session, visit)


def set_guests(session: OfficeSession, ref: str | int, guests: object) -> VisitRead:
    """Replace the named guests by a new list (the TUI's guests form)."""
    visit = resolve_visit(session, ref)
    _ensure_open(visit)
    wanted = parse_guests(guests)
    rows = _guest_rows(session, visit.id)
    current = [(g.name, g.post) for g in rows]
    if current == [(g["name"], g["post"]) for g in wanted]:
        return read_visit(session, visit)
    for row in rows:
        session.delete(row)
    session.flush()
    for position, guest in enumerate(wanted, start=1):
        session.add(VisitGuest(visit_id=visit.id, position=position, **guest))
    _after_guests(session, visit, len(rows))
    return read_visit(session, visit)


def add_activity(session: OfficeSession, ref: str | int, data: dict[str, Any]) -> VisitRead:
    """One line of the reception list: time, place, what, cost (optional)."""
    visit = resolve_visit(session, ref)
    _ensure_open(visit)
    data = dict(data)
    starts_raw = data.pop("starts_at", None)
    cost = parse_money(data.pop("cost", None), "cost")
    form = validate(ActivityInput, data)
    arrival = visit.arrives_at.astimezone()
    starts = (
        _moment(session, starts_raw, "starts_at", arrival.time(), arrival.date())
        or visit.arrives_at
    )
    session.add(
        VisitActivity(
            visit_id=visit.id,
            starts_at=starts,
            place=form.place,
            activity=form.activity,
            cost_fen=cost,
        )
    )
    visit.updated_at = session.env.now()
    session.flush()
    return read_visit(session, visit)


def remove_activity(session: OfficeSession, ref: str | int, activity_id: str | int) -> VisitRead:
    visit = resolve_visit(session, ref)
    _ensure_open(visit)
    record_id = as_id(activity_id)
    row = session.get(VisitActivity, record_id) if record_id is not None else None
    if row is None or row.visit_id != visit.id:
        raise NotFound("visit.activity_not_found", code=visit.code, ref=str(activity_id))
    session.delete(row)
    visit.updated_at = session.env.now()
    session.flush()
    return read_visit(session, visit)
