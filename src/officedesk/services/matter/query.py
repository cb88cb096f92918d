"""Reading coordination matters: a matter by id or code, its read model with the departments
involved, its log and its items (each with its state), the paged list with its filters (state,
direction, department, stale) and Today's stale matters."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlmodel import col

from officedesk.db import OfficeSession
from officedesk.models import Department, Task
from officedesk.models.matter import (
    MATTER_DIRECTIONS,
    MATTER_STATES,
    Matter,
    MatterDept,
    MatterItem,
    MatterItemRead,
    MatterLog,
    MatterLogRead,
    MatterRead,
)
from officedesk.services.agenda import AgendaLine, coded, phrase, stored
from officedesk.services.common import id_of
from officedesk.services.lookup import resolve_department
from officedesk.services.matter.states import (
    OPEN_STATES,
    STALE_STATES,
    is_stale,
    stale_cutoff,
)
from officedesk.services.moments import local_day, local_day_bounds
from officedesk.services.query import (
    ListQuery,
    by_code,
    by_sort,
    column_fields,
    select_with_names,
    states_where,
    text_filter,
)
from officedesk.services.shared_records import table_of
from officedesk.services.validation import chosen

STATES = MATTER_STATES
DIRECTIONS = MATTER_DIRECTIONS
DONE_TASK_STATES = ("done", "evaluated")
ORDERS: dict[str, tuple[Any, ...]] = {
    "code": (col(Matter.year).desc(), col(Matter.seq).desc()),
    "contact": (col(Matter.last_contact_at), col(Matter.id)),  # the longest silent first
    "updated": (col(Matter.updated_at).desc(), col(Matter.id).desc()),
}
SORTS = tuple(ORDERS)
TODAY_LIMIT = 200


# ---- one matter --------------------------------------------------------------------------------


def resolve_matter(session: OfficeSession, ref: str | int) -> Matter:
    return by_code(session, Matter, ref, field="matter", not_found="matter.not_found")


_READ_FIELDS = column_fields(MatterRead, Matter)


def idle_workdays(session: OfficeSession, last_contact_at: Any) -> int:
    """Working days from the last contact's day up to today (0 on the day itself)."""
    env = session.env
    return max(env.calendar.workdays_between(local_day(last_contact_at), env.today), 0)


def _read_values(session: OfficeSession, row: Any, names: dict[str, Any]) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in _READ_FIELDS}
    idle = idle_workdays(session, row.last_contact_at)
    values["idle_workdays"] = idle
    values["stale"] = is_stale(row.state, idle)
    values["depts"] = [name for name in row.dept_names.split("; ") if name]
    values.update(names)
    return values


def dept_rows(session: OfficeSession, matter_id: int) -> list[tuple[int, str]]:
    """(id, name) of the departments involved, in the order they were named."""
    dept = table_of(Department)
    link = table_of(MatterDept)
    stmt = (
        select(dept.c.id, dept.c.name)
        .join(link, link.c.dept_id == dept.c.id)
        .where(link.c.matter_id == matter_id)
        .order_by(link.c.id)
    )
    return [(row.id, row.name) for row in session.execute(stmt)]


def matter_log(session: OfficeSession, matter_id: int) -> list[MatterLogRead]:
    """The log in the order things happened (a contact entered later sits at its own time)."""
    stmt = (
        select(MatterLog)
        .where(col(MatterLog.matter_id) == matter_id)
        .order_by(col(MatterLog.at), col(MatterLog.id))
    )
    return [
        MatterLogRead.model_validate(row, from_attributes=True) for row in session.scalars(stmt)
    ]


def matter_items(session: OfficeSession, matter_id: int) -> list[MatterItemRead]:
    task = table_of(Task)
    dept = table_of(Department)
    link = table_of(MatterItem)
    stmt = (
        select(
            link.c.position,
            link.c.task_id,
            task.c.code,
            task.c.title,
            task.c.state,
            task.c.due,
            dept.c.name.label("dept_name"),
        )
        .join(task, task.c.id == link.c.task_id)
        .outerjoin(dept, dept.c.id == task.c.dept_id)
        .where(link.c.matter_id == matter_id)
        .order_by(link.c.position, link.c.id)
    )
    return [
        MatterItemRead(
            position=row.position,
            task_id=row.task_id,
            task_code=row.code,
            title=row.title,
            task_state=row.state,
            dept=row.dept_name,
            due=row.due,
            done=row.state in DONE_TASK_STATES,
        )
        for row in session.execute(stmt)
    ]


def read_matter(session: OfficeSession, matter: Matter) -> MatterRead:
    """The whole record: its lead department, the departments involved, its log and items."""
    matter_id = id_of(matter)
    lead = session.get(Department, matter.lead_dept_id) if matter.lead_dept_id else None
    items = matter_items(session, matter_id)
    values = _read_values(session, matter, {"lead_dept": lead.name if lead else None})
    values["depts"] = [name for _id, name in dept_rows(session, matter_id)]
    values["log"] = matter_log(session, matter_id)
    values["items"] = items
    values["item_count"] = len(items)
    values["items_done"] = sum(item.done for item in items)
    return MatterRead.model_validate(values)


def get_matter(session: OfficeSession, ref: str | int) -> MatterRead:
    return read_matter(session, resolve_matter(session, ref))


# ---- the list ----------------------------------------------------------------------------------


@dataclass
class MatterFilter:
    """Every list filter; empty means no restriction. states: names, "open" or "all" (default
    open); `dept` keeps the matters it leads or is involved in; `stale` the open matters
    without a contact for STALE_WORKDAYS working days."""

    states: Sequence[str] | None = None
    text: str | None = None
    direction: str | None = None
    dept: str | None = None
    stale: bool = False
    sort: str = "code"


def _filtered(session: OfficeSession, flt: MatterFilter, stmt: Any) -> Any:
    table = table_of(Matter)
    stmt = states_where(
        stmt, table.c.state, flt.states or ["open"], STATES, open_states=OPEN_STATES
    )
    if flt.direction:
        stmt = stmt.where(table.c.direction == chosen("direction", flt.direction, DIRECTIONS))
    if flt.dept:
        dept_id = resolve_department(session, flt.dept).id
        link = table_of(MatterDept)
        involved = select(link.c.matter_id).where(link.c.dept_id == dept_id)
        stmt = stmt.where(or_(table.c.lead_dept_id == dept_id, table.c.id.in_(involved)))
    if flt.stale:
        stmt = stale_where(session, stmt)
    columns = ("code", "title", "dept_names", "asked", "leader")
    return text_filter(stmt, flt.text, (table.c[name] for name in columns))


def stale_where(session: OfficeSession, stmt: Any) -> Any:
    """Keep the stale matters: open, the last contact on or before the cutoff day."""
    table = table_of(Matter)
    env = session.env
    cutoff = stale_cutoff(env.calendar, env.today)
    return stmt.where(
        table.c.state.in_(sorted(STALE_STATES)),
        table.c.last_contact_at < local_day_bounds(cutoff)[1],
    )


def _list_statement() -> Any:
    matter = table_of(Matter)
    link = table_of(MatterItem)
    task = table_of(Task)
    counted = (
        select(func.count())
        .select_from(link)
        .where(link.c.matter_id == matter.c.id)
        .scalar_subquery()
    )
    done = (
        select(func.count())
        .select_from(link.join(task, task.c.id == link.c.task_id))
        .where(link.c.matter_id == matter.c.id, task.c.state.in_(DONE_TASK_STATES))
        .scalar_subquery()
    )
    links = {"lead_name": (Department, "lead_dept_id")}
    return select_with_names(Matter, links).add_columns(
        counted.label("item_total"), done.label("item_done")
    )


def _read_row(session: OfficeSession, row: Any) -> MatterRead:
    names = {"lead_dept": row.lead_name, "item_count": row.item_total, "items_done": row.item_done}
    return MatterRead.model_construct(**_read_values(session, row, names))


def _order(flt: MatterFilter) -> list[Any]:
    return list(by_sort(ORDERS)(flt))


_MATTER_LIST = ListQuery(Matter, MatterFilter, _list_statement, _filtered, _order)
count_matters = _MATTER_LIST.count


def list_matters(
    session: OfficeSession, flt: MatterFilter | None = None, *, limit: int = 50, offset: int = 0
) -> Any:
    """One page of matters as read models (each knows how long it has gone without contact)."""
    return _MATTER_LIST.page(
        session, flt, limit=limit, offset=offset, read=lambda row: _read_row(session, row)
    )


# ---- Today -------------------------------------------------------------------------------------


def today_lines(session: OfficeSession) -> list[AgendaLine]:
    """The open matters without a contact for STALE_WORKDAYS working days, the longest silent
    first: how long, and the lead department."""
    table = table_of(Matter)
    stmt = stale_where(session, _list_statement()).order_by(table.c.last_contact_at, table.c.id)
    from officedesk.text import display_safe

    lines: list[AgendaLine] = []
    for row in session.execute(stmt.limit(TODAY_LIMIT)).all():
        idle = idle_workdays(session, row.last_contact_at)
        detail = [phrase("matter.today.idle", days=idle), coded("matter_direction", row.direction)]
        if row.lead_name:
            detail.append(stored(display_safe(row.lead_name)))
        lines.append(
            AgendaLine(
                section="matters_stale",
                kind="matter",
                ref_id=row.id,
                code=row.code,
                title=row.title,
                detail=tuple(detail),
                when=local_day(row.last_contact_at),
            )
        )
    return lines
