"""Visits (公务接待): numbering, registering and changing a visit and its steps; guests and
activities live in services.visit.guests, the reception rules and reading in
services.visit.query, the state table in services.visit.states. Their API is importable from
here as well."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from sqlalchemy import or_
from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput
from officedesk.models import Department
from officedesk.models.limits import REMARK_MAX
from officedesk.models.visit import VISIT_PAPERS, Visit, VisitCreate, VisitRead, VisitUpdate
from officedesk.services.common import id_of
from officedesk.services.moments import local_day, local_text
from officedesk.services.shared_records import (
    apply_given,
    code_columns,
    link_person_and_dept,
    new_stamps,
)
from officedesk.services.validation import chosen, validate
from officedesk.services.visit.guests import add_activity as add_activity
from officedesk.services.visit.guests import add_guest as add_guest
from officedesk.services.visit.guests import add_guest_rows, guest_names
from officedesk.services.visit.guests import remove_activity as remove_activity
from officedesk.services.visit.guests import remove_guest as remove_guest
from officedesk.services.visit.guests import set_guests as set_guests
from officedesk.services.visit.input import parse_guests, parse_money, visit_moment
from officedesk.services.visit.query import (  # noqa: F401 - the API in one place
    LEVELS,
    SORTS,
    STATES,
    VisitFilter,
    count_visits,
    get_visit,
    guest_rows,
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
    ensure_open,
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
        raise InvalidInput("input.choice", field="level", choices=list(LEVELS))
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
        select(col(Department.id))
        .where(or_(col(Department.name) == text, col(Department.code) == text.upper()))
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
    link_person_and_dept(
        session,
        visit,
        person_field="host_id",
        person_ref=host_ref,
        person_given="host" in given,
        dept_ref=dept_ref,
        dept_given="dept" in given,
        dept_field="host_dept_id",
    )


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


def _arrival(session: OfficeSession, value: Any) -> datetime:
    """When the guests arrive: required, a day alone at ARRIVAL_TIME."""
    arrives = visit_moment(session, value, "arrives_at", ARRIVAL_TIME)
    if arrives is None:
        raise InvalidInput("input.required", field="arrives_at")
    return arrives


def _guest_count(value: object, named: int) -> int:
    """A head count given by hand: never fewer than the guests named."""
    count = _count(value, "guest_count")
    if count < named:
        raise InvalidInput("visit.fewer_than_named", field="guest_count", count=count, named=named)
    return count


@dataclass
class _Given:
    """The inputs of a visit form that are not the model's own fields: times as typed, the
    host and department as references, the head count as typed."""

    arrives_at: Any
    departs_at: Any
    host: str | None
    dept: str | None
    guest_count: Any


def _take_given(data: dict[str, Any]) -> _Given:
    """Take those inputs out of the form (what is left is validated as the model's fields); a
    blank table_hosts means "not given"."""
    given = _Given(
        arrives_at=data.pop("arrives_at", None),
        departs_at=data.pop("departs_at", None),
        host=_text_or_none(data.pop("host", None)),
        dept=_text_or_none(data.pop("dept", None)),
        guest_count=data.pop("guest_count", None),
    )
    if data.get("table_hosts") in ("", None):
        data.pop("table_hosts", None)
    return given


def create_visit(session: OfficeSession, data: dict[str, Any]) -> VisitRead:
    """Register a visit (planned). Required: the guests' unit and the arrival."""
    data = dict(data)
    raw = _take_given(data)
    guests = parse_guests(data.pop("guests", None))
    budget = parse_money(data.pop("budget", None), "budget")
    form = validate(VisitCreate, data)
    level = _level(form.level)
    arrives = _arrival(session, raw.arrives_at)
    departs = visit_moment(session, raw.departs_at, "departs_at", DEPARTURE_TIME)
    named = len(guests)
    count = named if raw.guest_count in (None, "") else _guest_count(raw.guest_count, named)
    visit = Visit(
        **code_columns(session, SERIES, CODE_PREFIX),
        guest_org=form.guest_org,
        guest_org_id=_linked_org(session, form.guest_org),
        letter_ref=form.letter_ref,
        purpose=form.purpose,
        level=level,
        arrives_at=arrives,
        departs_at=departs,
        guest_count=count,
        guest_names=guest_names(guests),
        table_hosts=form.table_hosts,
        meals=form.meals,
        lodging=form.lodging,
        car=form.car,
        room=form.room,
        note=form.note,
        budget_fen=budget,
        state="planned",
        **new_stamps(session),
    )
    given = {name for name, ref in (("host", raw.host), ("dept", raw.dept)) if ref}
    _host(session, visit, raw.host, raw.dept, given)
    _check_stay(visit)
    session.add(visit)
    session.flush()
    add_guest_rows(session, visit, guests)
    session.flush()
    return read_visit(session, visit)


def update_visit(session: OfficeSession, ref: str | int, data: dict[str, Any]) -> VisitRead:
    """Change what was given; a blank text clears it (an optional field), None leaves it."""
    visit = resolve_visit(session, ref)
    ensure_open(visit)
    data = {key: value for key, value in data.items() if value is not None}
    given = set(data)
    raw = _take_given(data)
    money = {name: data.pop(name, None) for name in ("budget", "cost")}
    form = validate(VisitUpdate, data)
    apply_given(visit, form, TEXT_FIELDS)
    if form.guest_org is not None:
        visit.guest_org_id = _linked_org(session, form.guest_org)
    if form.level is not None:
        visit.level = _level(form.level)
    if "arrives_at" in given:
        visit.arrives_at = _arrival(session, raw.arrives_at)
    if "departs_at" in given:
        visit.departs_at = visit_moment(session, raw.departs_at, "departs_at", DEPARTURE_TIME)
    _host(session, visit, raw.host, raw.dept, given & {"host", "dept"})
    if "guest_count" in given and raw.guest_count != "":
        named = len(guest_rows(session, id_of(visit)))
        visit.guest_count = _guest_count(raw.guest_count, named)
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
    session: OfficeSession,
    ref: str | int,
    letter_ref: str | None = None,
    waiver: str | None = None,
) -> VisitRead:
    """Confirmed: the programme is agreed. Reception rules: a visit is received on the sending
    unit's 公函, recorded now or before; without one the confirmation says why (kept, and shown
    on the reception list)."""
    visit = resolve_visit(session, ref)
    _ensure_allowed(visit, "confirm")
    letter = visit.letter_ref
    if letter_ref is not None and letter_ref.strip():
        letter = validate(VisitUpdate, {"letter_ref": letter_ref}).letter_ref or ""
    reason = "" if letter.strip() else (waiver or "").strip()
    if not letter.strip() and not reason:
        raise InvalidInput("visit.letter_required", field="letter_ref", code=visit.code)
    if len(reason) > REMARK_MAX:
        raise InvalidInput("input.too_long", field="waiver", max=REMARK_MAX)
    # Checked first, written after: a refusal leaves the visit as it was.
    _move(session, visit, "confirm")
    visit.letter_ref = letter
    if reason:
        visit.letter_waiver = reason
    session.flush()
    return read_visit(session, visit)


def held_papers(visit: Visit, given: object = None) -> list[str]:
    """The papers held after marking `given` (codes or the words shown, a list or "a,b"), in
    VISIT_PAPERS order."""
    held = {code for code in visit.papers.split(",") if code}
    words: Iterable[object]
    if isinstance(given, str):
        words = given.replace("，", ",").split(",")
    elif isinstance(given, Iterable):
        words = given
    else:
        words = ()
    for word in words:
        if str(word).strip():
            held.add(chosen("papers", str(word).strip(), VISIT_PAPERS))
    return [code for code in VISIT_PAPERS if code in held]


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


def settle_visit(
    session: OfficeSession, ref: str | int, cost: object = None, papers: object = None
) -> VisitRead:
    """Settled (结算): only with the actual cost, given now or already on record, and with the
    three papers (发票, 公函, 接待清单) marked as held, now or before."""
    visit = resolve_visit(session, ref)
    _ensure_allowed(visit, "settle")
    fen = parse_money(cost, "cost")
    if fen is None:
        fen = visit.cost_fen
    if fen is None:
        raise InvalidInput("visit.cost_required", field="cost", code=visit.code)
    held = held_papers(visit, papers)
    missing = [code for code in VISIT_PAPERS if code not in held]
    if missing:
        raise InvalidInput(
            "visit.papers_missing",
            field="papers",
            code=visit.code,
            missing=missing,
            labels={"missing": "visit_papers"},
        )
    _move(session, visit, "settle")
    visit.papers = ",".join(held)
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
