"""The Today overview: what is overdue, what falls due soon and what was finished, by department.

One service for the TUI's home screen and `officedesk today` (table, --json and the plain-text
morning brief), so both front ends show the same items in the same order.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.errors import NotFound
from officedesk.models import Department, Person, Task
from officedesk.models.task_schemas import TaskRead
from officedesk.registry import AGENDA_PROVIDERS as REGISTRY_PROVIDERS
from officedesk.registry import PANELS, SECTION_PANELS
from officedesk.services.agenda import AGENDA_SECTIONS, AgendaLine
from officedesk.services.common import check_limit
from officedesk.services.daystatus import (
    DayStatus,
    day_status,
)
from officedesk.services.task import TaskFilter, count_tasks, list_tasks, read_task
from officedesk.services.task.query import filter_statement
from officedesk.services.task.states import DONE_STATES  # an evaluated item stays done

_ONE_DAY = timedelta(days=1)
SECTIONS = ("overdue", "due_soon", "done_recently")


# ---- the overview ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeptGroup:
    """A department's items within one section; dept_id None collects items without one."""

    dept_id: int | None
    dept: str | None
    items: list[TaskRead]


@dataclass(frozen=True)
class TodaySection:
    """One list of the overview. total counts every match; groups hold at most the limit."""

    name: str
    total: int
    truncated: bool
    groups: list[DeptGroup]
    since: date | None = None  # done_recently only: the first and last day it covers
    until: date | None = None

    @property
    def shown(self) -> int:
        return sum(len(group.items) for group in self.groups)

    def items(self) -> list[TaskRead]:
        """Every item in display order (department by pinyin, then due date and priority)."""
        return [item for group in self.groups for item in group.items]

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "total": self.total,
            "shown": self.shown,
            "truncated": self.truncated,
        }
        if self.name == "done_recently":
            data["since"] = self.since.isoformat() if self.since else None
            data["until"] = self.until.isoformat() if self.until else None
        data["groups"] = [
            {
                "dept_id": group.dept_id,
                "dept": group.dept,
                "count": len(group.items),
                "items": [item.model_dump(mode="json") for item in group.items],
            }
            for group in self.groups
        ]
        return data


@dataclass(frozen=True)
class DeptCount:
    """How many overdue items one department has; dept_id None counts items without one."""

    dept_id: int | None
    dept: str | None
    count: int

    def as_dict(self) -> dict[str, Any]:
        return {"dept_id": self.dept_id, "dept": self.dept, "count": self.count}


@dataclass(frozen=True)
class TodayOverview:
    day: date
    calendar: DayStatus
    dept_id: int | None
    dept: str | None
    yellow_workdays: int
    overdue: TodaySection
    due_soon: TodaySection
    done_recently: TodaySection
    # The other registers' lines (services/agenda.py), every section in AGENDA_SECTIONS order;
    # empty for a department's view, which is about its supervision items.
    agenda: dict[str, list[AgendaLine]] = field(default_factory=dict)
    # Every overdue item counted by department (most first): the dashboard's last panel.
    overdue_by_dept: list[DeptCount] = field(default_factory=list)
    # Nothing entered yet (no department, no item, no agenda line): a guided start instead.
    empty_office: bool = False
    # The last nightly run, when it failed or never finished: (run, "failed" | "interrupted").
    nightly: tuple[Any, str] | None = None

    @property
    def sections(self) -> tuple[TodaySection, TodaySection, TodaySection]:
        return (self.overdue, self.due_soon, self.done_recently)

    def agenda_sections(self) -> list[tuple[str, list[AgendaLine]]]:
        """The agenda sections that have lines, in order (the views show only those)."""
        return [(name, lines) for name, lines in self.agenda.items() if lines]

    def panels(self) -> list[tuple[str, list[tuple[str, list[AgendaLine]]]]]:
        """The dashboard's panels (registry.PANELS), each with its non-empty agenda sections in
        order. The due panel's own supervision items (`due_soon`) are not agenda lines: the
        front end puts them first."""
        shown = self.agenda_sections()
        return [
            (panel, [(name, lines) for name, lines in shown if SECTION_PANELS[name] == panel])
            for panel in PANELS
        ]

    def as_dict(self) -> dict[str, Any]:
        """Stable keys and ISO dates for `officedesk today --json`."""
        return {
            "day": self.day.isoformat(),
            "calendar": self.calendar.as_dict(),
            "dept": None if self.dept_id is None else {"id": self.dept_id, "name": self.dept},
            "yellow_workdays": self.yellow_workdays,
            "sections": {section.name: section.as_dict() for section in self.sections},
            "agenda": {
                name: [line.as_dict() for line in lines] for name, lines in self.agenda.items()
            },
            "overdue_by_dept": [count.as_dict() for count in self.overdue_by_dept],
            "nightly": None
            if self.nightly is None
            else {"run": self.nightly[0].id, "trouble": self.nightly[1]},
        }


# The modules contributing agenda lines (each defines today_lines(session)): the registry's.
AGENDA_PROVIDERS = REGISTRY_PROVIDERS


def agenda(session: OfficeSession) -> dict[str, list[AgendaLine]]:
    """Every register's lines, by section; a section keeps the order its register gave."""
    import importlib

    found: dict[str, list[AgendaLine]] = {name: [] for name in AGENDA_SECTIONS}
    for module in AGENDA_PROVIDERS:
        for line in importlib.import_module(module).today_lines(session):
            found[line.section].append(line)
    return found


def last_trouble(session: OfficeSession) -> tuple[Any, str] | None:
    from officedesk.services.nightly import last_trouble as nightly_trouble

    return nightly_trouble(session)


def today_overview(
    session: OfficeSession, *, dept_id: int | None = None, limit_per_section: int = 500
) -> TodayOverview:
    """Overdue (red), due soon (yellow) and done recently, each grouped by department.

    "Done recently" is what the brief calls "done yesterday": items finished from the previous
    working day up to yesterday, both inclusive. On a Monday that is Friday to Sunday, so work
    closed over the weekend is not lost; after a holiday it reaches back to the last working day
    before it. Overdue and due soon use the same filters as `task list --overdue / --due-soon`,
    so the numbers agree with the lights everywhere else.
    """
    check_limit(limit_per_section, 0)
    env = session.env
    status = day_status(env)
    dept_name = None
    if dept_id is not None:
        dept = session.get(Department, dept_id)
        if dept is None:
            raise NotFound("dept.not_found", ref=f"#{dept_id}")
        dept_name = dept.name
    dept_ref = None if dept_id is None else f"#{dept_id}"
    since = status.previous_workday
    until = env.today - _ONE_DAY
    found = {
        "overdue": _by_filter(session, TaskFilter(overdue=True, dept=dept_ref), limit_per_section),
        "due_soon": _by_filter(
            session, TaskFilter(due_soon=True, dept=dept_ref), limit_per_section
        ),
        "done_recently": _done_between(session, since, until, dept_id, limit_per_section),
    }
    pinyin = _pinyin_of(session, (item for items, _t, _m in found.values() for item in items))
    sections = {
        name: TodaySection(
            name=name,
            total=total,
            truncated=truncated,
            groups=_grouped(items, pinyin),
            since=since if name == "done_recently" else None,
            until=until if name == "done_recently" else None,
        )
        for name, (items, total, truncated) in found.items()
    }
    lines = agenda(session) if dept_id is None else {}
    empty = (
        dept_id is None
        and not any(lines.values())
        and session.exec(select(col(Department.id)).limit(1)).first() is None
        and session.exec(select(col(Task.id)).limit(1)).first() is None
    )
    return TodayOverview(
        day=env.today,
        calendar=status,
        dept_id=dept_id,
        dept=dept_name,
        yellow_workdays=env.rules.yellow_workdays,
        **sections,
        agenda=lines,
        overdue_by_dept=_overdue_by_dept(session) if dept_id is None else [],
        empty_office=empty,
        nightly=last_trouble(session) if dept_id is None else None,
    )


def _by_filter(
    session: OfficeSession, flt: TaskFilter, limit: int
) -> tuple[list[TaskRead], int, bool]:
    """(items, total, truncated): the count is a second query only when the page is full."""
    page = list_tasks(session, flt, limit=limit)
    total = count_tasks(session, flt) if page.has_more else len(page.items)
    return page.items, total, page.has_more


def _overdue_by_dept(session: OfficeSession) -> list[DeptCount]:
    """Overdue items counted per department in one grouped query, with the filter `task list
    --overdue` uses, so the counts agree with the register's; most first, then by pinyin."""
    stmt = (
        sa_select(col(Task.dept_id), col(Department.name), col(Department.pinyin), func.count())
        .select_from(Task)
        .outerjoin(Department, col(Department.id) == Task.dept_id)
    )
    stmt = filter_statement(session, TaskFilter(overdue=True), stmt)
    stmt = stmt.group_by(col(Task.dept_id), col(Department.name), col(Department.pinyin))
    rows = sorted(
        session.execute(stmt).all(),
        key=lambda row: (-row[3], row[0] is None, row[2] or "", row[0] or 0),
    )
    return [DeptCount(dept_id, name, count) for dept_id, name, _pinyin, count in rows]


def _done_conditions(since: date, until: date, dept_id: int | None) -> list[Any]:
    """Plain comparisons on bare columns: an index on (state, done_on) answers them directly;
    without one, SQLite walks ix_task_state_due over every finished item."""
    conditions = [
        col(Task.state).in_(DONE_STATES),
        col(Task.done_on) >= since,
        col(Task.done_on) <= until,
    ]
    if dept_id is not None:
        conditions.append(col(Task.dept_id) == dept_id)
    return conditions


def _done_between(
    session: OfficeSession, since: date, until: date, dept_id: int | None, limit: int
) -> tuple[list[TaskRead], int, bool]:
    """Items finished in [since, until], ordered and limited in SQL like the other sections.

    TaskFilter has no completion-date range, so the query is here. The department and owner
    rows come back in the same statement: while `rows` holds them, read_task finds them in the
    session's identity map instead of issuing a query per item.
    """
    if until < since:
        return [], 0, False
    conditions = _done_conditions(since, until, dept_id)
    stmt = (
        select(Task, Department, Person)
        .select_from(Task)
        .outerjoin(Department, col(Department.id) == Task.dept_id)
        .outerjoin(Person, col(Person.id) == Task.owner_id)
        .where(*conditions)
        .order_by(col(Task.due), col(Task.priority), col(Task.id))
        .limit(limit + 1)
    )
    rows = session.exec(stmt).all()
    items = [read_task(session, task) for task, _dept, _owner in rows[:limit]]
    truncated = len(rows) > limit
    if truncated:
        count = sa_select(func.count()).select_from(Task).where(*conditions)
        total = session.execute(count).scalar_one()
    else:
        total = len(items)
    return items, total, truncated


def _pinyin_of(session: OfficeSession, items: Iterable[TaskRead]) -> dict[int, str]:
    """Sort keys of the departments on show: one query, bounded by the sections' limits."""
    ids = {item.dept_id for item in items if item.dept_id is not None}
    if not ids:
        return {}
    stmt = sa_select(col(Department.id), col(Department.pinyin)).where(col(Department.id).in_(ids))
    return {dept_id: pinyin for dept_id, pinyin in session.execute(stmt).all()}


def _grouped(items: Sequence[TaskRead], pinyin: dict[int, str]) -> list[DeptGroup]:
    """Departments by pinyin, items without one last; items keep their SQL order within."""
    groups: dict[int | None, list[TaskRead]] = {}
    names: dict[int | None, str | None] = {}
    for item in items:
        groups.setdefault(item.dept_id, []).append(item)
        names[item.dept_id] = item.dept

    def key(dept_id: int | None) -> tuple[bool, str, str, int]:
        if dept_id is None:
            return (True, "", "", 0)
        return (False, pinyin.get(dept_id, ""), names[dept_id] or "", dept_id)

    return [DeptGroup(d, names[d], groups[d]) for d in sorted(groups, key=key)]
