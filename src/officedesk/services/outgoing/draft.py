"""Drafting a plan, summary or speech from a template (`officedesk outgoing draft --kind summary
--period 2026-H2`): the period, the figures from the registers, and the new outgoing draft.

The figures are counted, never guessed: supervision items done and overdue by department,
incoming documents done, outgoing documents dispatched. A register that does not exist yet
(meetings) is reported as missing (None) rather than as zero.

The skeleton's words (headings, sentences, tables, the default title, the name of "no
department") are views/outgoing_draft.py: services stay language-neutral. Writing the skeleton
to a file is not done here either: `--out` goes through officedesk.outfiles, the one place that
knows which files may be written (never the database) and how (atomically).
"""

import calendar
import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlmodel import col

from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput
from officedesk.models import Department, Task
from officedesk.services.query import count_if
from officedesk.services.task.states import DONE_STATES, OPEN_STATES

DRAFT_KINDS = ("summary", "plan", "speech")
# The sections of each kind after the figures, in order; each is `outgoing.draft.section.<name>`.
SECTIONS = {
    "summary": ("practice", "problems", "next_steps"),
    "plan": ("goals", "key_tasks", "measures"),
    "speech": ("problems", "requirements"),
}
_PERIOD = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<half>[Hh][12])|(?P<quarter>[Qq][1-4])|(?P<month>\d{1,2})))?$"
)


@dataclass(frozen=True)
class Period:
    """A calendar span named the way the CLI takes it: 2026, 2026-H2, 2026-Q3, 2026-11."""

    code: str
    start: date
    end: date
    unit: str  # year, half, quarter, month
    index: int  # which half, quarter or month; 0 for a year


def parse_period(text: str) -> Period:
    value = (text or "").strip()
    match = _PERIOD.match(value)
    if match is None:
        raise InvalidInput("outgoing.draft.bad_period", value=value)
    year = int(match["year"])
    if match["half"]:
        index = int(match["half"][1])
        start, end = date(year, 6 * index - 5, 1), _month_end(year, 6 * index)
        return Period(f"{year}-H{index}", start, end, "half", index)
    if match["quarter"]:
        index = int(match["quarter"][1])
        start, end = date(year, 3 * index - 2, 1), _month_end(year, 3 * index)
        return Period(f"{year}-Q{index}", start, end, "quarter", index)
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise InvalidInput("outgoing.draft.bad_period", value=value)
        return Period(
            f"{year}-{month:02d}", date(year, month, 1), _month_end(year, month), "month", month
        )
    return Period(str(year), date(year, 1, 1), date(year, 12, 31), "year", 0)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class DeptFigures:
    dept: str | None  # None: items with no owning department (the view names them)
    done: int
    on_time: int
    overdue: int
    due_open: int


@dataclass
class DraftFigures:
    period: str
    start: date
    end: date
    as_of: date
    tasks: list[DeptFigures] = field(default_factory=list)
    incoming_done: int | None = None  # None: no incoming register in this database
    outgoing_dispatched: dict[str, int] = field(default_factory=dict)
    meetings: int | None = None  # None: no meetings register yet

    def total(self, name: str) -> int:
        return sum(getattr(row, name) for row in self.tasks)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("start", "end", "as_of"):
            data[key] = data[key].isoformat()
        data["totals"] = {
            name: self.total(name) for name in ("done", "on_time", "overdue", "due_open")
        }
        return data


@dataclass(frozen=True)
class DraftBasis:
    """What a skeleton is written from, before any wording: its kind and period, the title the
    user gave (None: the view words the default one for the kind and period) and the figures."""

    kind: str
    period: Period
    title: str | None
    figures: DraftFigures


# ---- the figures -------------------------------------------------------------------------------


def _task_figures(
    session: OfficeSession, start: date, end: date, cutoff: date
) -> list[DeptFigures]:
    """Per owning department: items done in the period (and how many on time), items due in the
    period before the cutoff that were not done by their due date, and open items due in it."""
    state, done_on, due = col(Task.state), col(Task.done_on), col(Task.due)
    done = state.in_(DONE_STATES) & done_on.between(start, end)
    due_in = due.between(start, end)
    missed = (
        due.between(start, cutoff - timedelta(days=1))
        & (state != "cancelled")
        & (done_on.is_(None) | (done_on > due))
    )
    still_open = state.in_(sorted(OPEN_STATES)) & due_in
    stmt = (
        select(
            col(Department.name),
            count_if(done).label("done"),
            count_if(done & col(Task.on_time).is_(True)).label("on_time"),
            count_if(missed).label("overdue"),
            count_if(still_open).label("due_open"),
        )
        .select_from(Task)
        .outerjoin(Department, col(Department.id) == col(Task.dept_id))
        .where(done_on.between(start, end) | due_in)
        .group_by(col(Department.name))
    )
    rows = [
        DeptFigures(
            row.name or None,
            int(row.done),
            int(row.on_time),
            int(row.overdue),
            int(row.due_open),
        )
        for row in session.execute(stmt)
    ]
    rows = [row for row in rows if row.done or row.overdue or row.due_open]
    return sorted(rows, key=lambda r: (-r.done, -r.overdue, -r.due_open, r.dept or ""))


def _incoming_done(session: OfficeSession, start: date, end: date) -> int | None:
    """Incoming documents done in the period, if this database has the incoming register."""
    import importlib

    from sqlmodel import SQLModel

    importlib.import_module("officedesk.models.incoming")
    table = SQLModel.metadata.tables.get("incoming")
    if table is None or "done_on" not in table.c:
        return None
    stmt = select(func.count()).select_from(table).where(table.c.done_on.between(start, end))
    return int(session.execute(stmt).scalar_one())


def _outgoing_dispatched(session: OfficeSession, start: date, end: date) -> dict[str, int]:
    from officedesk.models.outgoing import Outgoing

    stmt = (
        select(Outgoing.doc_type, func.count())  # type: ignore[call-overload]
        .where(Outgoing.dispatched_on.between(start, end))  # type: ignore[union-attr]
        .group_by(Outgoing.doc_type)
    )
    counts = {row[0]: int(row[1]) for row in session.execute(stmt)}
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def draft_figures(session: OfficeSession, period: Period) -> DraftFigures:
    # Items due before this day and not done by their due date count as overdue.
    cutoff = min(period.end + timedelta(days=1), session.env.today)
    return DraftFigures(
        period=period.code,
        start=period.start,
        end=period.end,
        as_of=min(period.end, session.env.today),
        tasks=_task_figures(session, period.start, period.end, cutoff),
        incoming_done=_incoming_done(session, period.start, period.end),
        outgoing_dispatched=_outgoing_dispatched(session, period.start, period.end),
    )


def gather_draft(
    session: OfficeSession, kind: str, period: str, title: str | None = None
) -> DraftBasis:
    """Check the request and count its figures; views/outgoing_draft.word_draft writes them."""
    if kind not in DRAFT_KINDS:
        raise InvalidInput("input.choice", field="kind", choices=list(DRAFT_KINDS))
    span = parse_period(period)
    figures = draft_figures(session, span)
    heading = (title or "").strip() or None
    if heading is not None and (len(heading) > 200 or any(ord(c) < 32 for c in heading)):
        raise InvalidInput("input.invalid", field="title")
    return DraftBasis(kind, span, heading, figures)


class DraftText(Protocol):
    """A worded skeleton (views/outgoing_draft.Draft), as far as a new outgoing draft needs it:
    a protocol, so the service never imports the view."""

    @property
    def kind(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def markdown(self) -> str: ...


def create_draft_record(session: OfficeSession, draft: DraftText, dept: str | None = None) -> Any:
    """The skeleton as a new outgoing draft of its kind (计划, 总结, 讲话稿)."""
    from officedesk.services.outgoing.actions import create_outgoing

    data: dict[str, Any] = {"doc_type": draft.kind, "title": draft.title, "body": draft.markdown}
    if dept:
        data["dept"] = dept
    return create_outgoing(session, data)
