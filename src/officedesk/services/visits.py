"""Visits (公务接待): numbering, the state table, guests and activities, and the reception
rules, which warn but never refuse (standards.md §5.8): the office may have its reasons."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy import select as sa_select
from sqlmodel import select

from officedesk.db import OfficeSession
from officedesk.errors import IllegalTransition, InvalidInput, NotFound
from officedesk.i18n import label, t
from officedesk.models import Department, Person
from officedesk.models.visit import (
    VISIT_LEVELS,
    VISIT_STATES,
    ActivityInput,
    ActivityRead,
    GuestInput,
    GuestRead,
    Visit,
    VisitActivity,
    VisitCreate,
    VisitGuest,
    VisitRead,
    VisitUpdate,
)
from officedesk.notices import Notice
from officedesk.services.agenda import AgendaLine
from officedesk.services.common import Page, check_limit, to_date
from officedesk.services.lookup import resolve_department, resolve_person
from officedesk.services.moments import local_day, local_day_bounds, local_text, parse_moment
from officedesk.services.validation import validate
from officedesk.services.visit_input import format_money, parse_guests, parse_money

STATES = VISIT_STATES
LEVELS = VISIT_LEVELS
# Not yet finished with: still to happen, or happened and not yet paid for.
OPEN_STATES = frozenset({"planned", "confirmed", "done"})
CLOSED_STATES = frozenset({"settled", "cancelled"})

# The state table: action → (states it may start from, state it leads to). The CLI names the
# legal actions in its error; the TUI offers only these keys.
VISIT_ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "confirm": (frozenset({"planned"}), "confirmed"),
    "done": (frozenset({"confirmed"}), "done"),
    "settle": (frozenset({"done"}), "settled"),
    "cancel": (frozenset({"planned", "confirmed"}), "cancelled"),
}
VISIT_TRANSITIONS: dict[str, frozenset[str]] = {
    state: frozenset(to for sources, to in VISIT_ACTIONS.values() if state in sources)
    for state in STATES
}

CODE_PREFIX = "JD"
SERIES = "visit"
SORTS = ("arrival", "arrival_asc", "code")
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


def allowed_actions(state: str) -> list[str]:
    return [action for action, (sources, _to) in VISIT_ACTIONS.items() if state in sources]


def offered_operations(state: str) -> list[str]:
    """What the front ends offer for a visit in this state: its legal steps, and changes to
    the record, its guests and its activities while it is not settled or cancelled."""
    offered = allowed_actions(state)
    if state not in CLOSED_STATES:
        offered += ["edit", "guests", "activity"]
    return offered


# ---- the reception rules -----------------------------------------------------------------------


def host_limit(guests: int) -> int:
    """陪餐人数: up to 3 hosts when 10 guests or fewer; otherwise at most a third of the guests."""
    if guests <= 10:
        return 3
    return guests // 3


def visit_notices(visit: Any) -> list[Notice]:
    """The reception rules a visit breaks, as warnings (nothing for a cancelled visit)."""
    if visit.state == "cancelled":
        return []
    notices: list[Notice] = []
    if not visit.letter_ref.strip():
        notices.append(Notice("visit.warn.no_letter", {"code": visit.code}))
    limit = host_limit(visit.guest_count)
    if visit.table_hosts > limit:
        notices.append(
            Notice(
                "visit.warn.too_many_hosts",
                {
                    "code": visit.code,
                    "hosts": visit.table_hosts,
                    "limit": limit,
                    "guests": visit.guest_count,
                },
            )
        )
    over = visit.cost_fen is not None and visit.budget_fen is not None
    if over and visit.cost_fen > visit.budget_fen:
        notices.append(
            Notice(
                "visit.warn.over_budget",
                {
                    "code": visit.code,
                    "cost": format_money(visit.cost_fen),
                    "budget": format_money(visit.budget_fen),
                },
            )
        )
    return notices


# ---- reading -----------------------------------------------------------------------------------


def resolve_visit(session: OfficeSession, ref: str | int) -> Visit:
    text = str(ref).strip()
    if not text:
        raise InvalidInput("input.required", field="visit")
    digits = text.lstrip("#")
    if digits.isdigit():
        visit = session.get(Visit, int(digits))
    else:
        visit = session.exec(select(Visit).where(Visit.code == text.upper())).first()
    if visit is None:
        raise NotFound("visit.not_found", ref=text)
    return visit


_READ_FIELDS = [
    name
    for name in VisitRead.model_fields
    if name in Visit.__table__.c  # type: ignore[attr-defined]
]


def _read_values(row: Any, host: str | None, host_dept: str | None) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in _READ_FIELDS}
    values["host"] = host
    values["host_dept"] = host_dept
    values["host_limit"] = host_limit(row.guest_count)
    values["budget"] = format_money(row.budget_fen) if row.budget_fen is not None else None
    values["cost"] = format_money(row.cost_fen) if row.cost_fen is not None else None
    values["guests"] = None
    values["activities"] = None
    return values


def _with_warnings(values: dict[str, Any]) -> dict[str, Any]:
    probe = _Probe(values)
    values["warnings"] = [notice.as_dict() for notice in visit_notices(probe)]
    return values


class _Probe:
    """Attribute access over a dict, so the rules read a row before its model exists."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


def read_visit(session: OfficeSession, visit: Visit, *, with_children: bool = True) -> VisitRead:
    host = session.get(Person, visit.host_id) if visit.host_id else None
    dept = session.get(Department, visit.host_dept_id) if visit.host_dept_id else None
    values = _read_values(visit, host.name if host else None, dept.name if dept else None)
    if with_children:
        values["guests"] = _guests(session, visit.id)
        values["activities"] = [
            ActivityRead.model_validate(
                {
                    "id": a.id,
                    "starts_at": a.starts_at,
                    "place": a.place,
                    "activity": a.activity,
                    "cost_fen": a.cost_fen,
                    "cost": format_money(a.cost_fen) if a.cost_fen is not None else None,
                }
            )
            for a in _activity_rows(session, visit.id)
        ]
    return VisitRead.model_validate(_with_warnings(values))


def _guest_rows(session: OfficeSession, visit_id: int | None) -> list[VisitGuest]:
    stmt = (
        select(VisitGuest)
        .where(VisitGuest.visit_id == visit_id)
        .order_by(VisitGuest.position, VisitGuest.id)
    )
    return list(session.exec(stmt))


def _guests(session: OfficeSession, visit_id: int | None) -> list[GuestRead]:
    return [
        GuestRead.model_validate(g, from_attributes=True) for g in _guest_rows(session, visit_id)
    ]


def _activity_rows(session: OfficeSession, visit_id: int | None) -> list[VisitActivity]:
    stmt = (
        select(VisitActivity)
        .where(VisitActivity.visit_id == visit_id)
        .order_by(VisitActivity.starts_at, VisitActivity.id)
    )
    return list(session.exec(stmt))


def get_visit(session: OfficeSession, ref: str | int) -> VisitRead:
    return read_visit(session, resolve_visit(session, ref))


@dataclass
class VisitFilter:
    """Every list filter; empty means no restriction. states: names, "open" or "all"."""

    states: Sequence[str] | None = None
    text: str | None = None
    since: date | str | None = None  # arriving on or after this day
    until: date | str | None = None  # arriving on or before this day
    host: str | None = None
    dept: str | None = None  # the host department
    sort: str = "arrival"


def _states(wanted: Sequence[str] | None) -> list[str] | None:
    if not wanted:
        return None
    states: set[str] = set()
    for name in wanted:
        if name == "all":
            return None
        if name == "open":
            states |= OPEN_STATES
        elif name in STATES:
            states.add(name)
        else:
            raise InvalidInput(
                "input.choice", field="state", choices=", ".join((*STATES, "open", "all"))
            )
    return sorted(states)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(session: OfficeSession, flt: VisitFilter, stmt: Any) -> Any:
    table = Visit.__table__  # type: ignore[attr-defined]
    states = _states(flt.states)
    if states is not None:
        stmt = stmt.where(table.c.state.in_(states))
    since = to_date(session, flt.since) if flt.since else None
    if since is not None:
        stmt = stmt.where(table.c.arrives_at >= local_day_bounds(since)[0])
    until = to_date(session, flt.until) if flt.until else None
    if until is not None:
        stmt = stmt.where(table.c.arrives_at < local_day_bounds(until)[1])
    if flt.host:
        stmt = stmt.where(table.c.host_id == resolve_person(session, flt.host).id)
    if flt.dept:
        stmt = stmt.where(table.c.host_dept_id == resolve_department(session, flt.dept).id)
    if flt.text and flt.text.strip():
        pattern = f"%{_escape_like(flt.text.strip())}%"
        stmt = stmt.where(
            or_(
                *(
                    table.c[name].ilike(pattern, escape="\\")
                    for name in ("code", "guest_org", "purpose", "guest_names", "letter_ref")
                )
            )
        )
    return stmt


def _order(flt: VisitFilter) -> list[Any]:
    if flt.sort not in SORTS:
        raise InvalidInput("input.choice", field="sort", choices=", ".join(SORTS))
    table = Visit.__table__  # type: ignore[attr-defined]
    return {
        "arrival": [table.c.arrives_at.desc(), table.c.id.desc()],
        "arrival_asc": [table.c.arrives_at, table.c.id],
        "code": [table.c.year.desc(), table.c.seq.desc()],
    }[flt.sort]


def _list_statement() -> Any:
    table = Visit.__table__  # type: ignore[attr-defined]
    dept = Department.__table__  # type: ignore[attr-defined]
    host = Person.__table__.alias("host")  # type: ignore[attr-defined]
    return (
        sa_select(*table.c, host.c.name.label("host_name"), dept.c.name.label("dept_name"))
        .select_from(table)
        .outerjoin(host, host.c.id == table.c.host_id)
        .outerjoin(dept, dept.c.id == table.c.host_dept_id)
    )


def _read_row(row: Any) -> VisitRead:
    values = _with_warnings(_read_values(row, row.host_name, row.dept_name))
    return VisitRead.model_construct(**values)


def list_visits(
    session: OfficeSession, flt: VisitFilter | None = None, *, limit: int = 50, offset: int = 0
) -> Page:
    """One page of visits, the latest arrival first by default."""
    flt = flt or VisitFilter()
    check_limit(limit, offset)
    stmt = _filtered(session, flt, _list_statement())
    rows = session.execute(stmt.order_by(*_order(flt)).offset(offset).limit(limit + 1)).all()
    return Page([_read_row(row) for row in rows[:limit]], len(rows) > limit)


def count_visits(session: OfficeSession, flt: VisitFilter | None = None) -> int:
    table = Visit.__table__  # type: ignore[attr-defined]
    stmt = _filtered(session, flt or VisitFilter(), sa_select(func.count()).select_from(table))
    return session.execute(stmt).scalar_one()


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
        raise IllegalTransition(
            "visit.closed", code=visit.code, state=label("visit_state", visit.state)
        )


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


def _ensure_allowed(visit: Visit, action: str) -> None:
    """Refuse a step the state table does not allow, naming the ones it does."""
    sources, _target = VISIT_ACTIONS[action]
    if visit.state not in sources:
        legal = allowed_actions(visit.state)
        raise IllegalTransition(
            "visit.illegal",
            code=visit.code,
            state=label("visit_state", visit.state),
            action=label("visit_action", action),
            allowed=(
                t("list.sep").join(label("visit_action", a) for a in legal)
                if legal
                else t("visit.no_actions")
            ),
        )


def _move(session: OfficeSession, visit: Visit, action: str) -> None:
    _ensure_allowed(visit, action)
    visit.state = VISIT_ACTIONS[action][1]
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
    found = [g for g in rows if (digits.isdigit() and g.id == int(digits)) or g.name == text]
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
    text = str(activity_id).strip().lstrip("#")
    row = session.get(VisitActivity, int(text)) if text.isdigit() else None
    if row is None or row.visit_id != visit.id:
        raise NotFound("visit.activity_not_found", code=visit.code, ref=str(activity_id))
    session.delete(row)
    visit.updated_at = session.env.now()
    session.flush()
    return read_visit(session, visit)


# ---- Today -------------------------------------------------------------------------------------


def _agenda_detail(row: Any, day: date) -> str:
    arrives = row.arrives_at.astimezone()
    when = arrives.strftime("%H:%M") if arrives.date() == day else arrives.strftime("%m-%d %H:%M")
    parts = [row.guest_org, t("visit.guests_n", n=row.guest_count), when]
    if row.host_name:
        parts.append(row.host_name)
    from officedesk.text import display_safe

    return display_safe(" · ".join(parts))


def today_lines(session: OfficeSession) -> list[AgendaLine]:
    """Visitors here today (arriving today or staying over it) and those arriving tomorrow,
    the next calendar day; cancelled visits are left out."""
    today = session.env.today
    start, end = local_day_bounds(today)
    _tomorrow_start, tomorrow_end = local_day_bounds(today + timedelta(days=1))
    table = Visit.__table__  # type: ignore[attr-defined]
    live = table.c.state.in_(sorted(set(STATES) - {"cancelled"}))
    stmt = _list_statement().where(
        live,
        table.c.arrives_at < tomorrow_end,
        or_(
            table.c.arrives_at >= start,
            table.c.departs_at >= start,
        ),
    )
    lines: list[AgendaLine] = []
    for row in session.execute(stmt.order_by(table.c.arrives_at, table.c.id)).all():
        here_today = row.arrives_at < end and (
            row.arrives_at >= start or (row.departs_at is not None and row.departs_at >= start)
        )
        section = "visits_today" if here_today else "visits_tomorrow"
        day = today if here_today else today + timedelta(days=1)
        lines.append(
            AgendaLine(
                section=section,
                kind="visit",
                ref_id=row.id,
                code=row.code,
                title=row.purpose or row.guest_org,
                detail=_agenda_detail(row, day),
                when=row.arrives_at,
            )
        )
    return lines
