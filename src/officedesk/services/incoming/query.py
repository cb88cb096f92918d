"""Reading the incoming register: a document by id or number, its read model (with its
circulation and log), and the filtered, paged list."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, bindparam, inspect
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.models import Department, Person, Task
from officedesk.models.incoming import (
    KINDS,
    MODES,
    SECRECY_LEVELS,
    STATES,
    URGENCIES,
    Incoming,
    IncomingAssist,
    IncomingCirculation,
    IncomingLog,
)
from officedesk.notices import Notice
from officedesk.services.common import Page, id_of
from officedesk.services.docnumber import check_doc_number
from officedesk.services.incoming.schemas import (
    CirculationRead,
    IncomingLogRead,
    IncomingRead,
)
from officedesk.services.incoming.states import OPEN_STATES, allowed_actions
from officedesk.services.lookup import resolve_department
from officedesk.services.query import (
    ListQuery,
    by_code,
    by_sort,
    column_fields,
    day_range_where,
    states_where,
    text_filter,
)
from officedesk.services.shared_records import table_of
from officedesk.services.validation import chosen

# Each sort of the list, by name, and the ORDER BY it stands for.
ORDERS: dict[str, tuple[Any, ...]] = {
    "received": (col(Incoming.received_at).desc(), col(Incoming.id).desc()),
    "due": (col(Incoming.due).is_(None), col(Incoming.due), col(Incoming.id)),
    "code": (col(Incoming.year), col(Incoming.seq)),
}
SORTS = tuple(ORDERS)


@dataclass
class IncomingFilter:
    """Every list filter; empty means no restriction. states None means documents not closed."""

    states: Sequence[str] | None = None
    kind: str | None = None
    urgency: str | None = None
    secrecy: str | None = None
    mode: str | None = None
    dept: str | None = None
    overdue: bool = False
    since: date | str | None = None
    until: date | str | None = None
    text: str | None = None
    sort: str = "received"


def resolve_incoming(session: OfficeSession, ref: str | int) -> Incoming:
    return by_code(session, Incoming, ref, field="incoming", not_found="incoming.not_found")


def _warnings(doc: Any) -> list[Notice]:
    return check_doc_number(doc.sender_number)


def _reads(
    session: OfficeSession, docs: Sequence[Incoming], *, with_detail: bool = False
) -> list[IncomingRead]:
    """Read models for some documents, with a fixed number of queries whatever their count."""
    if not docs:
        return []
    ids = [id_of(doc) for doc in docs]
    # Assisting departments are named when handling starts, together with the lead one.
    handled = [id_of(doc) for doc in docs if doc.lead_dept_id is not None]
    assists: dict[int, list[str]] = {}
    if handled:
        for incoming_id, name in session.execute(_statements().assists, {"ids": handled}):
            assists.setdefault(incoming_id, []).append(name)
    # Keyed as the documents' own columns are, which may be None.
    names: dict[int | None, str] = {
        key: row.name
        for key, row in _loaded(session, Department, {d.lead_dept_id for d in docs}).items()
    }
    tasks: dict[int | None, tuple[str, str]] = {
        key: (row.code, row.state)
        for key, row in _loaded(session, Task, {d.task_id for d in docs}).items()
    }
    circulation = circulation_rows(session, ids)
    env = session.env
    reads = []
    for doc in docs:
        doc_id = id_of(doc)
        rows = circulation.get(doc_id, [])
        holder = next((row.reader for row in rows if row.holder), None)
        values = {name: getattr(doc, name) for name in _COLUMNS}
        is_open = doc.state in OPEN_STATES
        task_code, task_state = tasks.get(doc.task_id, (None, None))
        values.update(
            lead_dept=names.get(doc.lead_dept_id),
            assist=assists.get(doc_id, []),
            overdue=bool(is_open and doc.due is not None and doc.due < env.today),
            due_in_workdays=(
                env.calendar.workdays_between(env.today, doc.due)
                if is_open and doc.due is not None
                else None
            ),
            task_code=task_code,
            task_state=task_state,
            actions=allowed_actions(doc.state, doc.mode),
            holder=holder,
            readers=len(rows),
            unread=sum(1 for row in rows if row.read_at is None),
            warnings=_warnings(doc),
            log=_log_entries(session, doc_id) if with_detail else None,
            circulation=rows if with_detail else None,
        )
        reads.append(IncomingRead.model_validate(values))
    return reads


def _loaded(session: OfficeSession, model: Any, ids: set[int | None]) -> dict[int, Any]:
    """Rows by id: from the session when it holds them (a service has usually just touched
    the department or the item), the others with one query."""
    found: dict[int, Any] = {}
    for key in ids:
        if key is None:
            continue
        row = session.identity_map.get(session.identity_key(model, key))
        if row is not None and not inspect(row).expired:
            found[key] = row
    missing = [key for key in ids if key is not None and key not in found]
    if missing:
        found.update(
            {row.id: row for row in session.exec(select(model).where(col(model.id).in_(missing)))}
        )
    return found


_COLUMNS = column_fields(IncomingRead, Incoming)


@dataclass(frozen=True)
class _Statements:
    assists: Any
    circulation: Any
    log: Any


@cache
def _statements() -> _Statements:
    """The read model's queries, built once: every step of a document reads it back, and
    building a joined SELECT (and its cache key) costs several times running it."""
    ids: BindParameter[list[int]] = bindparam("ids", expanding=True)
    table, people, depts = table_of(IncomingCirculation), table_of(Person), table_of(Department)
    assist, log = table_of(IncomingAssist), table_of(IncomingLog)
    return _Statements(
        assists=sa_select(assist.c.incoming_id, depts.c.name)
        .join(depts, depts.c.id == assist.c.dept_id)
        .where(assist.c.incoming_id.in_(ids))
        .order_by(assist.c.id),
        circulation=sa_select(
            *table.c, people.c.name.label("reader"), depts.c.name.label("reader_dept")
        )
        .join(people, people.c.id == table.c.person_id)
        .outerjoin(depts, depts.c.id == people.c.dept_id)
        .where(table.c.incoming_id.in_(ids))
        .order_by(table.c.incoming_id, table.c.seq),
        log=sa_select(*log.c)
        .where(log.c.incoming_id == bindparam("incoming_id"))
        .order_by(log.c.id),
    )


def circulation_rows(session: OfficeSession, ids: list[int]) -> dict[int, list[CirculationRead]]:
    """Each document's circulation, in order. Built without validation: the rows come straight
    from the database, and a document's every step reads them back."""
    fields = CirculationRead.model_fields
    found: dict[int, list[CirculationRead]] = {}
    for row in session.execute(_statements().circulation, {"ids": ids}):
        values = {name: value for name, value in row._mapping.items() if name in fields}
        found.setdefault(row.incoming_id, []).append(
            CirculationRead.model_construct(
                **values, holder=row.handed_at is not None and row.read_at is None
            )
        )
    return found


def _log_entries(session: OfficeSession, incoming_id: int) -> list[IncomingLogRead]:
    rows = session.execute(_statements().log, {"incoming_id": incoming_id})
    return [IncomingLogRead.model_validate(row._mapping) for row in rows]


def read_incoming(
    session: OfficeSession, doc: Incoming, *, with_detail: bool = False
) -> IncomingRead:
    return _reads(session, [doc], with_detail=with_detail)[0]


def get_incoming(
    session: OfficeSession, ref: str | int, *, with_detail: bool = True
) -> IncomingRead:
    return read_incoming(session, resolve_incoming(session, ref), with_detail=with_detail)


def _choice(value: str | None, choices: Iterable[str], field: str) -> str | None:
    if value is None or value == "":
        return None
    return chosen(field, value, tuple(choices))


def _filtered(session: OfficeSession, flt: IncomingFilter, stmt: Any) -> Any:
    env = session.env
    state = col(Incoming.state)
    if flt.states is None:
        stmt = stmt.where(state.in_(sorted(OPEN_STATES)))
    else:
        stmt = states_where(stmt, state, flt.states, STATES, open_states=OPEN_STATES)
    if (kind := _choice(flt.kind, KINDS, "kind")) is not None:
        stmt = stmt.where(Incoming.kind == kind)
    if (urgency := _choice(flt.urgency, URGENCIES, "urgency")) is not None:
        stmt = stmt.where(Incoming.urgency == urgency)
    if (secrecy := _choice(flt.secrecy, SECRECY_LEVELS, "secrecy")) is not None:
        stmt = stmt.where(Incoming.secrecy == secrecy)
    if (mode := _choice(flt.mode, MODES, "mode")) is not None:
        stmt = stmt.where(Incoming.mode == mode)
    if flt.dept:
        stmt = stmt.where(Incoming.lead_dept_id == resolve_department(session, flt.dept).id)
    if flt.overdue:
        stmt = stmt.where(
            col(Incoming.state).in_(sorted(OPEN_STATES)),
            col(Incoming.due).is_not(None),
            col(Incoming.due) < env.today,
        )
    stmt = day_range_where(session, stmt, col(Incoming.received_at), flt.since, flt.until)
    columns = ("code", "title", "sender", "sender_number", "caller", "summary")
    return text_filter(stmt, flt.text, (col(getattr(Incoming, name)) for name in columns))


# Documents, not rows: the read models of a page are built together (see _reads).
_INCOMING_LIST = ListQuery(
    Incoming, IncomingFilter, lambda: select(Incoming), _filtered, by_sort(ORDERS)
)


def list_incoming(
    session: OfficeSession, flt: IncomingFilter | None = None, *, limit: int = 50, offset: int = 0
) -> Page:
    """One page of documents, newest received first by default."""
    page = _INCOMING_LIST.page(session, flt, limit=limit, offset=offset)
    return Page(_reads(session, page.items), page.has_more)


count_incoming = _INCOMING_LIST.count
