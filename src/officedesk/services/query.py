"""Query pieces every register's reading side shares: the text filter of a list, one page of it,
and finding a record by id or by its code."""

from collections.abc import Callable, Collection, Iterable
from typing import Any, TypeVar

from sqlalchemy import or_
from sqlmodel import select

from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput, NotFound
from officedesk.services.common import Page, as_id, check_limit

Record = TypeVar("Record")

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
        raise InvalidInput("input.choice", field="state", choices=", ".join((*states, *aliases)))
    return names


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
