"""The journal check: replayed from the start, the change journal gives every journaled record
exactly as stored, and no stored record is missing from it.

Part of `officedesk db check` (services.integrity runs it as "journal"). Memory stays bounded on
100,000 items: the journal is replayed one record at a time in index order, compared in batches.
"""

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from officedesk.db import OfficeSession
from officedesk.services.integrity_results import CheckResult


def _journaled_classes() -> dict[str, type]:
    from officedesk.journal import mapped_classes

    return {
        name: cls for name, cls in mapped_classes().items() if getattr(cls, "__journal__", True)
    }


def _replayed(session: OfficeSession, entity: str) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """(entity_id, the record as its journal leaves it, None when deleted), one record at a
    time: the (entity, entity_id) index keeps each record's changes together, in id order."""
    from officedesk.models import JournalEntry

    journal = JournalEntry.__table__  # type: ignore[attr-defined]
    stmt = (
        select(journal.c.entity_id, journal.c.action, journal.c.after)
        .where(journal.c.entity == entity)
        .order_by(journal.c.entity_id, journal.c.id)
        .execution_options(yield_per=2000)
    )
    current_id: str | None = None
    state: dict[str, Any] | None = None
    for entity_id, action, after in session.execute(stmt):
        if entity_id != current_id:
            if current_id is not None:
                yield current_id, state
            current_id, state = entity_id, None
        if action == "delete":
            state = None
        elif action == "insert":
            state = json.loads(after or "{}")
        elif state is not None:
            state.update(json.loads(after or "{}"))
        else:  # an update of a record whose insert the journal never saw
            state = {"__partial__": True, **json.loads(after or "{}")}
    if current_id is not None:
        yield current_id, state


def check_journal(session: OfficeSession) -> CheckResult:
    """Replayed from the start, the journal must give every journaled record exactly as stored,
    and no stored record may be missing from it."""
    result = CheckResult("journal")
    for entity, cls in sorted(_journaled_classes().items()):
        seen: set[str] = set()
        batch: list[tuple[str, dict[str, Any] | None]] = []
        for entity_id, state in _replayed(session, entity):
            result.checked += 1
            seen.add(entity_id)
            batch.append((entity_id, state))
            if len(batch) == 500:
                _compare(session, result, entity, cls, batch)
                batch = []
        if batch:
            _compare(session, result, entity, cls, batch)
        _find_unjournaled(session, result, entity, cls, seen)
    return result


def _compare(
    session: OfficeSession,
    result: CheckResult,
    entity: str,
    cls: type,
    batch: list[tuple[str, dict[str, Any] | None]],
) -> None:
    from officedesk.journal import from_json_value, parse_entity_key

    columns = cls.__table__.columns  # type: ignore[attr-defined]
    name_of = entity
    keys = [parse_entity_key(cls, entity_id) for entity_id, _ in batch]
    stored = _rows_by_key(session, cls, keys)
    for (entity_id, state), key in zip(batch, keys, strict=True):
        row = stored.get(key)
        if state is None:
            if row is not None:
                result.add("check.journal.deleted_but_stored", entity=name_of, id=entity_id)
            continue
        if row is None:
            result.add("check.journal.missing_record", entity=name_of, id=entity_id)
            continue
        partial = state.pop("__partial__", False)
        differs = next(
            (
                name
                for name, value in state.items()
                if name in columns
                and not _same(from_json_value(columns[name].type, value), row[name])
            ),
            None,
        )
        if differs is not None:
            result.add("check.journal.differs", entity=name_of, id=entity_id, field=differs)
        elif partial:
            result.add("check.journal.no_insert", entity=name_of, id=entity_id)


def _find_unjournaled(
    session: OfficeSession, result: CheckResult, entity: str, cls: type, seen: set[str]
) -> None:
    """Rows the journal never saw: written around the ORM (a bulk load, or by hand)."""
    table = cls.__table__  # type: ignore[attr-defined]
    pk = [c for c in table.columns if c.primary_key]
    count, first = 0, None
    for row in session.execute(select(*pk).execution_options(yield_per=5000)):
        key = entity_key_of(row)
        if key not in seen:
            count += 1
            first = first or key
    if count:
        result.add("check.journal.unjournaled", entity=entity, n=count, id=first)


def entity_key_of(row: Any) -> str:
    """The journal's key of a primary-key row: the one value, or a JSON list of several."""
    from officedesk.journal import to_json_value

    values = tuple(row)
    if len(values) == 1:
        return str(values[0])
    return json.dumps([to_json_value(v) for v in values], ensure_ascii=False)


def _rows_by_key(session: OfficeSession, cls: type, keys: list[tuple[Any, ...]]) -> dict[Any, Any]:
    from sqlalchemy import tuple_

    table = cls.__table__  # type: ignore[attr-defined]
    pk = [c for c in table.columns if c.primary_key]
    if len(pk) == 1:
        stmt = select(table).where(pk[0].in_([k[0] for k in keys]))
    else:
        stmt = select(table).where(tuple_(*pk).in_(keys))
    found = {}
    for row in session.execute(stmt):
        mapping = row._mapping
        found[tuple(mapping[c.name] for c in pk)] = mapping
    return found


def _same(expected: Any, stored: Any) -> bool:
    if expected == stored:
        return True
    if isinstance(stored, bool) or isinstance(expected, bool):
        return bool(expected) == bool(stored) and expected in (0, 1, True, False)
    return False
