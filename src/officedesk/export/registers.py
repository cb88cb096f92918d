"""What each register exports, found through its registry entry (RegisterSpec.rows, by
convention the function of this module named after the register).

A register answers one or more Datasets: its list (the items of `<noun> list --json`, every
state) and the other tables an import needs to rebuild it (the supervision log, the seal
register's usage log, letters and requests, the award register's events). A dataset reads a page
at a time through the register's own list service, so an item has exactly the keys and values
`--json` gives; services are imported only when a page is read.
"""

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from officedesk.db import OfficeSession
    from officedesk.registry import RegisterSpec
    from officedesk.services.common import Page

# A page of `list_…(session, …, limit=, offset=)`, given the offset and the size.
PageReader = Callable[["OfficeSession", int, int], "Page"]
# A page of plain rows (tuples in the order of Dataset.keys) after the row whose key is given
# (None: from the first), given the size.
RowReader = Callable[["OfficeSession", Any, int], Sequence[Sequence[Any]]]


@dataclass(frozen=True)
class CalendarEntry:
    """One VEVENT (start, optionally end) or VTODO (due) of the ics file."""

    uid: str  # stable across exports: a re-import updates the event instead of adding one
    summary: str
    start: date | datetime | None = None
    end: date | datetime | None = None
    due: date | datetime | None = None
    todo: bool = False
    location: str = ""
    description: str = ""
    status: str = ""  # TENTATIVE, CONFIRMED, CANCELLED; NEEDS-ACTION, IN-PROCESS for a todo
    updated: datetime | None = None


@dataclass(frozen=True)
class Dataset:
    """One table of the export: one csv and jsonl file, one sheet (or more) of the workbook."""

    name: str  # the file's and sheet's name: the register's, or <register>_<table>
    page: PageReader | None  # None: read as plain rows (`rows`)
    table: str  # the database table counted for the progress bar
    # Coded keys → their label group: the workbook shows the label, the code in a hidden column.
    labels: Mapping[str, str] = field(default_factory=dict)
    # The key telling when a record last changed (--since); None: every record, always.
    changed: str | None = "updated_at"
    # The item's calendar entry (visits, due dates), if it has one; the item has python values.
    calendar: Callable[[dict[str, Any]], CalendarEntry | None] | None = None
    # A table with nothing derived (no read model to build) is read as plain rows, a page after
    # the last (keyset on `key`, ascending): an offset rereads every earlier row, which at
    # 400,000 log entries cost more than writing them. `keys` names the tuple's values.
    rows: RowReader | None = None
    keys: tuple[str, ...] = ()
    key: str = "id"


def datasets(spec: "RegisterSpec") -> tuple[Dataset, ...]:
    """The register's export tables, by its registry entry."""
    module, _, name = spec.rows.partition(":")
    found: Callable[[], tuple[Dataset, ...]] = getattr(importlib.import_module(module), name)
    return found()


def _lister(service: str, lister: str, **options: Any) -> PageReader:
    """A page of `service.lister(session, **options, limit=, offset=)`."""

    def page(session: "OfficeSession", offset: int, limit: int) -> "Page":
        module = importlib.import_module(service)
        return getattr(module, lister)(session, **options, limit=limit, offset=offset)

    return page


def _filtered(service: str, lister: str, filter_class: str, **values: Any) -> PageReader:
    """A page of a list taking its filter object as its second argument."""

    def page(session: "OfficeSession", offset: int, limit: int) -> "Page":
        module = importlib.import_module(service)
        flt = getattr(module, filter_class)(**values)
        return getattr(module, lister)(session, flt, limit=limit, offset=offset)

    return page


# ---- the registers ----------------------------------------------------------------------------


def department() -> tuple[Dataset, ...]:
    return (
        Dataset(
            "department",
            _lister("officedesk.services.directory", "list_departments"),
            "department",
            {"kind": "kind"},
            changed=None,
        ),
    )


def person() -> tuple[Dataset, ...]:
    return (
        Dataset(
            "person",
            _lister("officedesk.services.directory", "list_people"),
            "person",
            changed=None,
        ),
    )


_TASK_OPEN = ("assigned", "in_progress")


def _task_due(item: dict[str, Any]) -> CalendarEntry | None:
    """An open supervision item's due date, as a to-do."""
    from officedesk.i18n import t

    if item["state"] not in _TASK_OPEN:
        return None
    return CalendarEntry(
        uid=f"task-{item['id']}",
        summary=t("export.ics.task", code=item["code"], title=item["title"]),
        due=item["due"],
        todo=True,
        description=item["detail"],
        status="IN-PROCESS" if item["state"] == "in_progress" else "NEEDS-ACTION",
        updated=item["updated_at"],
    )


_TASK_LOG_KEYS = (
    "task_id", "task_code", "id", "at", "author", "kind", "text", "from_state", "to_state"
)  # fmt: skip


def _task_log_rows(session: "OfficeSession", after: int | None, limit: int) -> Sequence[Any]:
    """Every supervision item's log entries, in the order they were written, each with its item's
    id and code besides the keys `task show --json` gives an entry: the entries after `after`."""
    from sqlalchemy import select

    from officedesk.models.task import Task
    from officedesk.models.task_log import TaskLog
    from officedesk.services.shared_records import table_of

    log, tasks = table_of(TaskLog), table_of(Task)
    columns = {"task_code": tasks.c.code, **{key: log.c[key] for key in _TASK_LOG_KEYS[2:]}}
    stmt = (
        select(log.c.task_id, *(columns[key].label(key) for key in _TASK_LOG_KEYS[1:]))
        .join(tasks, tasks.c.id == log.c.task_id)
        .order_by(log.c.id)
        .limit(limit)
    )
    if after is not None:
        stmt = stmt.where(log.c.id > after)
    return session.execute(stmt).all()


def task() -> tuple[Dataset, ...]:
    states = {"state": "state", "priority": "priority", "source": "source", "light": "light"}
    return (
        Dataset(
            "task",
            _filtered(
                "officedesk.services.task", "list_tasks", "TaskFilter", states=["all"], sort="code"
            ),
            "task",
            states,
            calendar=_task_due,
        ),
        Dataset(
            "task_log",
            None,
            "task_log",
            {"kind": "log", "from_state": "state", "to_state": "state"},
            changed="at",
            rows=_task_log_rows,
            keys=_TASK_LOG_KEYS,
        ),
    )


def incoming() -> tuple[Dataset, ...]:
    labels = {
        "kind": "incoming_kind",
        "state": "incoming_state",
        "urgency": "urgency",
        "secrecy": "secrecy",
        "mode": "incoming_mode",
        "task_state": "state",
    }
    return (
        Dataset(
            "incoming",
            _filtered(
                "officedesk.services.incoming.actions",
                "list_incoming",
                "IncomingFilter",
                states=["all"],
                sort="code",
            ),
            "incoming",
            labels,
        ),
    )


def outgoing() -> tuple[Dataset, ...]:
    labels = {
        "doc_type": "outgoing_type",
        "state": "outgoing_state",
        "secrecy": "secrecy",
        "urgency": "urgency",
    }
    return (
        Dataset(
            "outgoing",
            _filtered("officedesk.services.outgoing.actions", "list_outgoing", "OutgoingFilter"),
            "outgoing",
            labels,
        ),
    )


def seal() -> tuple[Dataset, ...]:
    actions = "officedesk.services.seal.actions"
    return (
        Dataset(
            "seal",
            _filtered(actions, "list_seals", "SealFilter"),
            "seal",
            {"kind": "seal_kind", "state": "seal_state"},
        ),
        Dataset(
            "seal_use",
            _filtered(actions, "list_uses", "UseFilter"),
            "seal_use",
            changed="used_at",
        ),
        Dataset(
            "seal_letter",
            _lister("officedesk.services.seal.letters", "list_letters"),
            "intro_letter",
            changed=None,
        ),
        Dataset(
            "seal_request",
            _lister("officedesk.services.seal.requests", "list_requests", states=["all"]),
            "seal_request",
            {"state": "seal_request_state"},
            changed="requested_at",
        ),
    )


_VISIT_STATUS = {"planned": "TENTATIVE", "cancelled": "CANCELLED"}


def _visit_event(item: dict[str, Any]) -> CalendarEntry | None:
    from officedesk.i18n import t

    start: datetime = item["arrives_at"]
    end = item["departs_at"] if item["departs_at"] and item["departs_at"] > start else None
    return CalendarEntry(
        uid=f"visit-{item['id']}",
        summary=t("export.ics.visit", org=item["guest_org"], purpose=item["purpose"]),
        start=start,
        end=end or start + timedelta(hours=1),
        location=item["room"],
        description=t(
            "export.ics.visit_detail",
            code=item["code"],
            host=item["host"] or "",
            guests=item["guest_count"],
        ),
        status=_VISIT_STATUS.get(item["state"], "CONFIRMED"),
        updated=item["updated_at"],
    )


def visit() -> tuple[Dataset, ...]:
    return (
        Dataset(
            "visit",
            _filtered(
                "officedesk.services.visit.actions", "list_visits", "VisitFilter", sort="code"
            ),
            "visit",
            {"level": "visit_level", "state": "visit_state"},
            calendar=_visit_event,
        ),
    )


def award() -> tuple[Dataset, ...]:
    service = "officedesk.services.award"
    return (
        Dataset("award", _filtered(service, "list_awards", "AwardFilter"), "award"),
        Dataset(
            "award_event",
            _filtered(service, "list_events", "EventFilter"),
            "staff_event",
            {"kind": "staff_event_kind"},
        ),
    )


def pages(session: "OfficeSession", dataset: Dataset, size: int) -> Iterator[list[Any]]:
    """Every item of the dataset, a page at a time (read in the caller's one transaction): read
    models, or dicts for a table read as plain rows."""
    if dataset.page is None:
        assert dataset.rows is not None
        at = dataset.keys.index(dataset.key)
        last: Any = None
        while True:
            found = dataset.rows(session, last, size)
            if found:
                yield [dict(zip(dataset.keys, row, strict=True)) for row in found]
            if len(found) < size:
                return
            last = found[-1][at]
    offset = 0
    while True:
        page = dataset.page(session, offset, size)
        if page.items:
            yield list(page.items)
        offset += len(page.items)
        if not page.has_more or not page.items:
            return
