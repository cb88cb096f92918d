"""Query pieces every register's reading side shares: the text, state and day-range filters of a
list, one page of it and its count, the columns a read model takes as they are, and finding a
record by id or by its code."""

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import case, func, or_
from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput, NotFound
from officedesk.services.common import Page, as_id, check_limit, to_date

Record = TypeVar("Record")
Read = TypeVar("Read", bound=BaseModel)
Filter = TypeVar("Filter")

LIKE_ESCAPE = "\\"


def escape_like(text: str) -> str:
    """User text as a LIKE pattern that matches it literally: %, _ and the escape character
    itself are searched for, not wildcards."""
    return (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", f"{LIKE_ESCAPE}%")
        .replace("_", f"{LIKE_ESCAPE}_")
    )


def text_filter(stmt: Any, text: str | None, columns: Iterable[Any]) -> Any:
    """Narrow a list to the rows where any of these columns contains the text, ignoring case;
    blank text leaves the list as it is."""
    if text is None or not text.strip():
        return stmt
    pattern = f"%{escape_like(text.strip())}%"
    return stmt.where(or_(*(column.ilike(pattern, escape=LIKE_ESCAPE) for column in columns)))


def chosen_states(
    wanted: Iterable[str],
    states: Collection[str],
    *,
    open_states: Collection[str] = (),
    every: bool = True,
) -> set[str]:
    """The states a list filter names: "all" (where `every`) stands for every state, "open"
    (where the register has `open_states`) for those; any other name must be a state."""
    names = set(wanted)
    if every and "all" in names:
        return set(states)
    if open_states and "open" in names:
        names = (names - {"open"}) | set(open_states)
    if names - set(states):
        aliases = ("open",) * bool(open_states) + ("all",) * every
        raise InvalidInput("input.choice", field="state", choices=list((*states, *aliases)))
    return names


def states_where(
    stmt: Any,
    column: Any,
    wanted: Iterable[str],
    states: Collection[str],
    *,
    open_states: Collection[str] = (),
    every: bool = True,
) -> Any:
    """Narrow a list to the states a filter names (as `chosen_states` reads them); naming every
    state restricts nothing, so the statement is left as it is."""
    chosen = chosen_states(wanted, states, open_states=open_states, every=every)
    if chosen == set(states):
        return stmt
    return stmt.where(column.in_(sorted(chosen)))


def day_range_where(
    session: OfficeSession,
    stmt: Any,
    column: Any,
    since: date | str | None,
    until: date | str | None,
    *,
    backwards: str | None = None,
) -> Any:
    """Narrow a list to the rows whose moment (`column`) falls on a local calendar day from
    `since` to `until`, both included; either end may be left open, and both take the date
    words the CLI does. `backwards`, when given, is the refusal of an `until` before `since`
    (otherwise such a range simply keeps nothing)."""
    from officedesk.services.moments import local_day_bounds

    first = to_date(session, since) if since else None
    last = to_date(session, until) if until else None
    if backwards and first is not None and last is not None and last < first:
        raise InvalidInput(backwards)
    if first is not None:
        stmt = stmt.where(column >= local_day_bounds(first)[0])
    if last is not None:
        stmt = stmt.where(column < local_day_bounds(last)[1])
    return stmt


def column_fields(read: type[BaseModel], model: type, *, leave: Collection[str] = ()) -> list[str]:
    """The fields of a read model that are columns of the record's table, so a list row or a
    record gives them as they are; the service adds the rest (a linked record's name, a derived
    figure). `leave` names columns the read model holds in another form."""
    from officedesk.services.shared_records import table_of

    columns = table_of(model).c
    return [name for name in read.model_fields if name in columns and name not in leave]


def read_model(read: type[Read], row: Any, **derived: Any) -> Read:
    """A read model of a row: the fields it shares with the row's columns, and those derived
    from elsewhere (a linked record's name, a count), which the row is never asked for."""
    shared = {
        name: getattr(row, name)
        for name in read.model_fields
        if name not in derived and hasattr(row, name)
    }
    return read.model_validate({**shared, **derived})


def count_if(condition: Any) -> Any:
    """An aggregate column: how many rows of the group meet the condition (0, never NULL)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def select_with_names(model: type, links: Mapping[str, tuple[type, str]]) -> Any:
    """A list's SELECT of plain columns: every column of the table and, per link, the name of
    the row it points to (or None), labelled as the key of `links` (label → (linked table
    model, the column holding its id)). Plain rows rather than ORM entities: a list needs
    values, not tracked objects, and skipping the identity map is most of a short command's
    query time."""
    from sqlalchemy import select as sa_select

    from officedesk.services.shared_records import table_of

    table = table_of(model)
    aliases = {name: table_of(linked).alias(name) for name, (linked, _fk) in links.items()}
    stmt = sa_select(
        *table.c, *(alias.c.name.label(name) for name, alias in aliases.items())
    ).select_from(table)
    for name, alias in aliases.items():
        stmt = stmt.outerjoin(alias, alias.c.id == table.c[links[name][1]])
    return stmt


def sort_order(sort: str, orders: Mapping[str, Sequence[Any]]) -> list[Any]:
    """The ORDER BY of a list's named sort (a register's `ORDERS`, whose keys are its sorts);
    an unknown name is refused, listing the sorts there are."""
    if sort not in orders:
        raise InvalidInput("input.choice", field="sort", choices=list(orders))
    return list(orders[sort])


def by_sort(orders: Mapping[str, Sequence[Any]]) -> Callable[[Any], list[Any]]:
    """The order of a list whose filter names one of `orders`' sorts in its `sort` field."""
    return lambda flt: sort_order(flt.sort, orders)


def owned_reads(
    session: OfficeSession, model: Any, read: type[Read], owner: Any, owner_id: int | None
) -> list[Read]:
    """The rows one record owns (its log, its extensions, its voided numbers), in the order
    they were written, as read models."""
    stmt = select(model).where(owner == owner_id).order_by(col(model.id))
    return [read.model_validate(row, from_attributes=True) for row in session.exec(stmt)]


def fetch_page(
    session: OfficeSession,
    stmt: Any,
    *,
    limit: int,
    offset: int,
    read: Callable[[Any], Any] | None = None,
) -> Page:
    """One page of an ordered statement: LIMIT n+1 says whether another page follows. `read`
    turns each row (or entity, for a select of one model) into what the page holds."""
    check_limit(limit, offset)
    rows = list(session.exec(stmt.offset(offset).limit(limit + 1)))
    kept = rows[:limit]
    return Page([read(row) for row in kept] if read else kept, len(rows) > limit)


@dataclass(frozen=True)
class ListQuery(Generic[Filter]):
    """A register's list, declared once: the table it counts, its filter class (an empty one
    restricts nothing), the SELECT of a page's rows, the WHERE clauses a filter adds to a
    statement, the ORDER BY it asks for and what each row becomes on a page (`read`; None
    keeps the rows). A page and its total are narrowed by the same clauses, so they never
    disagree; the filter is checked before the sort it names.

    `page` and `count` take a register's `list_…` and `count_…` signature, so a register whose
    rows need nothing but `read` publishes the bound methods as those functions."""

    model: type
    blank: Callable[[], Filter]
    rows: Callable[[], Any]
    narrow: Callable[[OfficeSession, Filter, Any], Any]
    order: Callable[[Filter], Sequence[Any]]
    read: Callable[[Any], Any] | None = None

    def page(
        self,
        session: OfficeSession,
        flt: Filter | None = None,
        *,
        limit: int = 50,
        offset: int = 0,
        read: Callable[[Any], Any] | None = None,
    ) -> Page:
        """One page of the rows the filter keeps, in its order, each turned by `read` (given
        here when it needs the session, else the list's own)."""
        flt = flt or self.blank()
        stmt = self.narrow(session, flt, self.rows()).order_by(*self.order(flt))
        return fetch_page(session, stmt, limit=limit, offset=offset, read=read or self.read)

    def count(self, session: OfficeSession, flt: Filter | None = None) -> int:
        """How many rows the filter keeps: the total a front end shows beside a page."""
        from officedesk.services.shared_records import count_matching

        kept = flt or self.blank()
        return count_matching(session, self.model, lambda stmt: self.narrow(session, kept, stmt))


def resolve_record(
    session: OfficeSession,
    model: type[Record],
    ref: object,
    *,
    field: str,
    not_found: str,
    column: Any = None,
    normalise: Callable[[str], str] = str,
    if_missing: Callable[[str], None] | None = None,
) -> Record:
    """A record by id ("12", "#12") or, when `column` is given, by the value it holds there
    (a code, a number, a title) after `normalise`. `if_missing` may explain a reference that
    is not an id and found nothing (a voided number) by raising; otherwise it is "not found"."""
    text = str(ref).strip()
    if not text:
        raise InvalidInput("input.required", field=field)
    record_id = as_id(text)
    found: Record | None = None
    if record_id is not None:
        found = session.get(model, record_id)
    elif column is not None:
        found = session.exec(select(model).where(column == normalise(text))).first()
    if found is None:
        if record_id is None and if_missing is not None:
            if_missing(text)
        raise NotFound(not_found, ref=text)
    return found


def by_code(
    session: OfficeSession, model: type[Record], ref: object, *, field: str, not_found: str
) -> Record:
    """A record of a register with codes (DB-2026-0001): by id or by its code in any case; a
    code that was voided says so."""
    from officedesk.services.number_voids import raise_if_voided

    return resolve_record(
        session,
        model,
        ref,
        field=field,
        not_found=not_found,
        column=model.code,  # type: ignore[attr-defined]
        normalise=str.upper,
        if_missing=lambda text: raise_if_voided(session, text),
    )


def one_snapshot(session: OfficeSession) -> None:
    """Every read of this session from one snapshot: on PostgreSQL's default READ COMMITTED a
    write committed between two reads would show in the second only (a seal use between the
    counter and the rows; a record between two pages of a streamed list). SQLite's read
    transaction is one snapshot already. Call it before the session's first read."""
    if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
