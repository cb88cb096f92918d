"""Assessment (考核): on-time completion of supervision items, derived from the register itself.

Nobody types an assessment in: it is counted from the items whose due date falls in the period,
so the figures cannot drift from the register. "Same category, same yardstick" (同类同标准):
departments are compared within one category by combining `by="dept"` with a category filter.

The counting is grouped SQL (one query, however many items there are); Python only merges the
handful of group rows, works out the rates and sorts them.
"""

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, literal_column, select
from sqlmodel import col

from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput
from officedesk.models import Department, Task
from officedesk.services.common import to_date
from officedesk.services.query import count_if
from officedesk.services.task import SOURCES
from officedesk.services.task.states import OPEN_STATES

GROUPINGS = ("dept", "category", "source")
DONE_STATES = ("done", "evaluated")


@dataclass(frozen=True)
class AssessmentRow:
    """One group's figures (or the overall row).

    `key` identifies the group for scripts: the department's id (None for items without an
    internal department), the category text ("" for uncategorised items), or the source code.
    `name` is what a person reads: the department name, the category, the source code; None for
    the catch-all group, which the front end labels in the user's language.

    The buckets add up: total = done_on_time + done_late + open_overdue + open_not_due.
    """

    key: int | str | None
    name: str | None
    total: int
    done_on_time: int
    done_late: int
    open_overdue: int
    open_not_due: int
    evaluated: int
    avg_score: float | None
    on_time_rate: float | None
    reminders: int

    @property
    def judged(self) -> int:
        """Items whose outcome is known: finished, or open past their due date."""
        return self.total - self.open_not_due


@dataclass(frozen=True)
class Period:
    since: date
    until: date


@dataclass(frozen=True)
class Assessment:
    by: str
    period: Period
    today: date
    category: str | None
    source: str | None
    groups: list[AssessmentRow]
    overall: AssessmentRow

    def as_dict(self) -> dict[str, Any]:
        """Plain data with stable keys for --json (dates become ISO strings on output)."""
        return asdict(self)


@dataclass
class _Tally:
    """Summed counts of one group; several SQL rows may fold into one (outside departments)."""

    total: int = 0
    done_on_time: int = 0
    done_late: int = 0
    open_overdue: int = 0
    open_not_due: int = 0
    evaluated: int = 0
    score_sum: int = 0
    reminders: int = 0

    def add(self, other: "_Tally") -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self, key: int | str | None, name: str | None) -> AssessmentRow:
        judged = self.total - self.open_not_due
        # Every count is shown as counted; the score sum only through the average.
        counts = {field: count for field, count in vars(self).items() if field != "score_sum"}
        return AssessmentRow(
            key=key,
            name=name,
            **counts,
            # From the integer sum, so the overall average weighs every item alike and the
            # result does not depend on the backend's AVG type (PostgreSQL returns NUMERIC).
            avg_score=self.score_sum / self.evaluated if self.evaluated else None,
            on_time_rate=self.done_on_time / judged if judged else None,
        )


def _measures(today: date) -> list[Any]:
    """The aggregate columns, in _Tally's field order."""
    from officedesk.models.task_log import TaskLog

    done = col(Task.state).in_(DONE_STATES)
    still_open = col(Task.state).in_(sorted(OPEN_STATES))
    on_time = col(Task.on_time).is_(True)
    evaluated = col(Task.state) == "evaluated"
    due = col(Task.due)
    # Correlated count per item, summed per group: served by ix_task_log_task, and unlike a
    # join it cannot multiply the item rows the other measures count.
    reminders = (
        select(func.count())
        .select_from(TaskLog)
        .where(col(TaskLog.task_id) == col(Task.id), col(TaskLog.kind) == "remind")
        .scalar_subquery()
    )
    return [
        func.count().label("total"),
        count_if(done & on_time).label("done_on_time"),
        # A finished item without a recorded on_time counts as late: the buckets must add up,
        # and only a recorded on-time finish earns credit.
        count_if(done & ~on_time).label("done_late"),
        count_if(still_open & (due < today)).label("open_overdue"),
        count_if(still_open & (due >= today)).label("open_not_due"),
        count_if(evaluated & col(Task.eval_score).is_not(None)).label("evaluated"),
        func.coalesce(func.sum(case((evaluated, col(Task.eval_score)), else_=None)), 0).label(
            "score_sum"
        ),
        func.coalesce(func.sum(reminders), 0).label("reminders"),
    ]


def _tally(row: Any) -> _Tally:
    return _Tally(*(int(row[name]) for name in _Tally.__dataclass_fields__))


def _period(session: OfficeSession, since: date | str | None, until: date | str | None) -> Period:
    today = session.env.today
    start = to_date(session, since) or date(today.year, 1, 1)
    end = to_date(session, until) or today
    if start > end:
        raise InvalidInput("assessment.bad_period", since=start.isoformat(), until=end.isoformat())
    return Period(start, end)


def _pinyin_key(text: str) -> str:
    """Sort key for free text such as a category: its pinyin, so 安全 comes before 财务."""
    if text.isascii():
        return text.lower()
    from officedesk.services.pinyin_keys import pinyin_keys

    return pinyin_keys(text)[0]


def assess(
    session: OfficeSession,
    *,
    by: str = "dept",
    since: date | str | None = None,
    until: date | str | None = None,
    category: str | None = None,
    source: str | None = None,
) -> Assessment:
    """Count the period's supervision items per department, category or source.

    The population is every item due in [since, until] (default: 1 January of this year to
    today) except cancelled ones, optionally of one category and/or one source. An item still
    open and not yet due is counted but not judged: on_time_rate = done_on_time ÷ (total −
    open_not_due), None when nothing can be judged yet. Groups come best rate first (None last),
    then by name in pinyin order; the catch-all group comes after named ones of the same rate.
    """
    if by not in GROUPINGS:
        raise InvalidInput("input.choice", field="by", choices=list(GROUPINGS))
    # Blank filters mean no filter, as in the task list.
    source = (source or "").strip() or None
    category = (category or "").strip() or None
    if source is not None and source not in SOURCES:
        raise InvalidInput("input.choice", field="source", choices=list(SOURCES))
    period = _period(session, since, until)
    today = session.env.today

    conditions = [
        col(Task.state) != "cancelled",
        col(Task.due) >= period.since,
        col(Task.due) <= period.until,
    ]
    if category:
        conditions.append(col(Task.category) == category)
    if source is not None:
        conditions.append(col(Task.source) == source)

    group_key = _GROUP_KEYS[by]()
    stmt = (
        select(group_key.label("group_key"), *_measures(today))
        .select_from(Task)
        .where(*conditions)
        .group_by(group_key)
    )
    if by == "dept":
        # Names are joined to the handful of aggregated rows, not to every item.
        counted = stmt.subquery()
        stmt = select(
            counted, col(Department.kind), col(Department.name), col(Department.pinyin)
        ).outerjoin(Department, col(Department.id) == counted.c.group_key)
    rows = session.execute(stmt).mappings().all()

    groups = _GROUPERS[by](rows)
    overall = _Tally()
    for _key, _name, _sort, tally in groups:
        overall.add(tally)
    ranked = sorted(
        ((tally.row(key, name), sort_key) for key, name, sort_key, tally in groups),
        key=lambda pair: _rank(pair[0], pair[1]),
    )
    return Assessment(
        by=by,
        period=period,
        today=today,
        category=category,
        source=source,
        groups=[row for row, _sort in ranked],
        overall=overall.row(None, None),
    )


_Group = tuple[int | str | None, str | None, tuple[Any, ...], _Tally]


def _rank(row: AssessmentRow, sort_key: tuple[Any, ...]) -> tuple[Any, ...]:
    rate = row.on_time_rate
    return (rate is None, -(rate or 0.0), sort_key)


def _by_dept(rows: Iterable[Any]) -> list[_Group]:
    """Internal departments one by one; items with no department, or handed to a superior or
    outside body, in one catch-all group, so the groups still add up to the overall row."""
    named: dict[int, _Group] = {}
    unassigned = _Tally()
    for row in rows:
        tally = _tally(row)
        if row["kind"] != "internal":  # also None: no department (key 0) or none joined
            unassigned.add(tally)
        else:
            sort_key = (0, row["pinyin"] or row["name"], row["name"])
            named[row["group_key"]] = (row["group_key"], row["name"], sort_key, tally)
    groups = list(named.values())
    if unassigned.total:
        groups.append((None, None, (1,), unassigned))
    return groups


def _by_category(rows: Iterable[Any]) -> list[_Group]:
    groups: list[_Group] = []
    for row in rows:
        name = row["group_key"] or None
        sort_key = (0, _pinyin_key(name), name) if name else (1,)
        groups.append((row["group_key"], name, sort_key, _tally(row)))
    return groups


def _by_source(rows: Iterable[Any]) -> list[_Group]:
    """Sources are a fixed list: ties keep its order (superior body first), which reads the same
    in either language, rather than the alphabet of whichever language is showing."""
    order = {name: index for index, name in enumerate(SOURCES)}
    return [
        (
            row["group_key"],
            row["group_key"],
            (order.get(row["group_key"], len(order)), row["group_key"]),
            _tally(row),
        )
        for row in rows
    ]


def _dept_key() -> Any:
    """The department id, 0 for none. As an expression rather than the bare column it also keeps
    SQLite from walking ix_task_dept_state to avoid a sort: that visits the table row by row in
    index order and takes twice as long as one scan plus a small sort (measured on 100k items).
    literal_column keeps the SQL text identical in SELECT and GROUP BY, as PostgreSQL requires."""
    return func.coalesce(Task.dept_id, literal_column("0"))


_GROUP_KEYS: dict[str, Callable[[], Any]] = {
    "dept": _dept_key,
    "category": lambda: Task.category,
    "source": lambda: Task.source,
}
_GROUPERS: dict[str, Callable[[Iterable[Any]], list[_Group]]] = {
    "dept": _by_dept,
    "category": _by_category,
    "source": _by_source,
}
