"""Reading visits: the state table, the reception rules, which warn but never refuse
(standards.md §5.8), a visit by id or code, its read model, the paged list, the Today lines."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import or_
from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.models import Department, Person
from officedesk.models.visit import (
    VISIT_LEVELS,
    VISIT_STATES,
    ActivityRead,
    GuestRead,
    Visit,
    VisitActivity,
    VisitGuest,
    VisitRead,
)
from officedesk.notices import Notice
from officedesk.services.agenda import AgendaLine, Phrase, phrase, stored
from officedesk.services.common import id_of
from officedesk.services.lookup import resolve_department, resolve_person
from officedesk.services.moments import local_day_bounds
from officedesk.services.query import (
    ListQuery,
    by_code,
    by_sort,
    column_fields,
    day_range_where,
    select_with_names,
    states_where,
    text_filter,
)
from officedesk.services.shared_records import table_of
from officedesk.services.visit.input import format_money
from officedesk.services.visit.states import OPEN_STATES

Child = TypeVar("Child", VisitGuest, VisitActivity)

STATES = VISIT_STATES
LEVELS = VISIT_LEVELS
# Each sort of the list, by name, and the ORDER BY it stands for.
ORDERS: dict[str, tuple[Any, ...]] = {
    "arrival": (col(Visit.arrives_at).desc(), col(Visit.id).desc()),
    "arrival_asc": (col(Visit.arrives_at), col(Visit.id)),
    "code": (col(Visit.year).desc(), col(Visit.seq).desc()),
}
SORTS = tuple(ORDERS)


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
    if not visit.letter_ref.strip() and not visit.letter_waiver:
        notices.append(Notice("visit.warn.no_letter", {"code": visit.code}))
    named = len(visit.guests) if visit.guests else 0  # known when the guests were read
    if named and visit.guest_count != named:
        notices.append(
            Notice(
                "visit.warn.guest_count",
                {"code": visit.code, "count": visit.guest_count, "named": named},
            )
        )
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
    return by_code(session, Visit, ref, field="visit", not_found="visit.not_found")


_READ_FIELDS = column_fields(VisitRead, Visit)


def _read_values(row: Any, host: str | None, host_dept: str | None) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in _READ_FIELDS}
    values["host"] = host
    values["host_dept"] = host_dept
    values["host_limit"] = host_limit(row.guest_count)
    values["budget"] = format_money(row.budget_fen) if row.budget_fen is not None else None
    values["cost"] = format_money(row.cost_fen) if row.cost_fen is not None else None
    values["papers"] = [code for code in row.papers.split(",") if code]
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
        visit_id = id_of(visit)
        values["guests"] = _guests(session, visit_id)
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
            for a in _activity_rows(session, visit_id)
        ]
    return VisitRead.model_validate(_with_warnings(values))


def _children(session: OfficeSession, model: type[Child], visit_id: int, first: str) -> list[Child]:
    """A visit's guests or activities, in their order (`first`, then as entered)."""
    table = table_of(model)
    stmt = select(model).where(table.c.visit_id == visit_id).order_by(table.c[first], table.c.id)
    return list(session.exec(stmt))


def guest_rows(session: OfficeSession, visit_id: int) -> list[VisitGuest]:
    return _children(session, VisitGuest, visit_id, "position")


def _guests(session: OfficeSession, visit_id: int) -> list[GuestRead]:
    return [
        GuestRead.model_validate(g, from_attributes=True) for g in guest_rows(session, visit_id)
    ]


def _activity_rows(session: OfficeSession, visit_id: int) -> list[VisitActivity]:
    return _children(session, VisitActivity, visit_id, "starts_at")


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


def _filtered(session: OfficeSession, flt: VisitFilter, stmt: Any) -> Any:
    table = table_of(Visit)
    if flt.states:
        stmt = states_where(stmt, table.c.state, flt.states, STATES, open_states=OPEN_STATES)
    stmt = day_range_where(session, stmt, table.c.arrives_at, flt.since, flt.until)
    if flt.host:
        stmt = stmt.where(table.c.host_id == resolve_person(session, flt.host).id)
    if flt.dept:
        stmt = stmt.where(table.c.host_dept_id == resolve_department(session, flt.dept).id)
    columns = ("code", "guest_org", "purpose", "guest_names", "letter_ref")
    return text_filter(stmt, flt.text, (table.c[name] for name in columns))


def _list_statement() -> Any:
    links = {"host_name": (Person, "host_id"), "dept_name": (Department, "host_dept_id")}
    return select_with_names(Visit, links)


def _read_row(row: Any) -> VisitRead:
    values = _with_warnings(_read_values(row, row.host_name, row.dept_name))
    return VisitRead.model_construct(**values)


# The latest arrival first unless the filter names another sort.
_VISIT_LIST = ListQuery(Visit, VisitFilter, _list_statement, _filtered, by_sort(ORDERS), _read_row)
list_visits = _VISIT_LIST.page
count_visits = _VISIT_LIST.count


# ---- Today -------------------------------------------------------------------------------------


def _agenda_detail(row: Any, day: date) -> tuple[Phrase, ...]:
    """Organisation · guests · arrival (the date only when not that day) · host."""
    from officedesk.text import display_safe

    arrives = row.arrives_at.astimezone()
    when = arrives.strftime("%H:%M") if arrives.date() == day else arrives.strftime("%m-%d %H:%M")
    parts = [stored(display_safe(row.guest_org)), phrase("visit.guests_n", n=row.guest_count)]
    parts.append(stored(when))
    if row.host_name:
        parts.append(stored(display_safe(row.host_name)))
    return tuple(parts)


def today_lines(session: OfficeSession) -> list[AgendaLine]:
    """Visitors here today (arriving today or staying over it) and those arriving tomorrow,
    the next calendar day; cancelled visits are left out."""
    today = session.env.today
    start, end = local_day_bounds(today)
    _tomorrow_start, tomorrow_end = local_day_bounds(today + timedelta(days=1))
    table = table_of(Visit)
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
                joiner="dot",
            )
        )
    return lines
