"""The change journal: every flush of every journaled record is written down, so undo and history
work for every register without a line of register-specific code."""

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Mapper, UOWTransaction
from sqlalchemy.orm.base import PASSIVE_NO_INITIALIZE
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel, select

from officedesk.db import OfficeSession
from officedesk.models import JournalEntry, Operation, load_all

_JOURNAL = JournalEntry.__table__
_OPERATION = Operation.__table__
# session.info key: while it holds a list, the flushes' entries gather there (journal_held).
_HELD = "journal_held"


def start_operation(session: OfficeSession, name: str) -> None:
    """Name the operation the following changes belong to (one per command or form save)."""
    session.info["op_name"] = name
    session.info["op_id"] = None
    session.info.pop("op_undo_of", None)


def current_operation_id(session: OfficeSession) -> int | None:
    return session.info.get("op_id")


def is_journaled(obj: object) -> bool:
    return isinstance(obj, SQLModel) and getattr(type(obj), "__journal__", True)


def is_append_only(cls: type) -> bool:
    return bool(getattr(cls, "__append_only__", False))


def mapped_classes() -> dict[str, type]:
    """Table name → model class, for every table model."""
    load_all()
    return {
        mapper.local_table.name: mapper.class_
        for mapper in SQLModel._sa_registry.mappers  # type: ignore[attr-defined]
    }


_ORDER: tuple[int, dict[str, int]] = (0, {})


def _table_order() -> dict[str, int]:
    """Parents before children, over the tables imported so far: a flushed row's class is
    imported, and so is every table it refers to (its foreign keys could not resolve
    otherwise). Sorting is redone only when a model module has been imported since, not on
    every flush, and a write never imports the registers it does not touch."""
    global _ORDER
    tables = SQLModel.metadata.tables
    if _ORDER[0] != len(tables):
        _ORDER = (len(tables), {t.name: i for i, t in enumerate(SQLModel.metadata.sorted_tables)})
    return _ORDER[1]


def to_json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def from_json_value(column_type: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        return value
    if issubclass(python_type, datetime):
        return datetime.fromisoformat(value)
    if issubclass(python_type, date):
        return date.fromisoformat(value)
    return value


def entity_key(obj: object) -> str:
    identity = inspect(obj).identity
    if identity is None:
        mapper: Mapper[Any] = inspect(type(obj))
        identity = tuple(getattr(obj, col.key) for col in mapper.primary_key)
    if len(identity) == 1:
        return str(identity[0])
    return json.dumps([to_json_value(v) for v in identity], ensure_ascii=False)


def parse_entity_key(cls: type, key: str) -> tuple[Any, ...]:
    mapper: Mapper[Any] = inspect(cls)
    columns = mapper.primary_key
    values = json.loads(key) if len(columns) > 1 else [key]
    return tuple(
        int(v) if col.type.python_type is int else from_json_value(col.type, v)
        for col, v in zip(columns, values, strict=True)
    )


def row_values(obj: object) -> dict[str, Any]:
    mapper: Mapper[Any] = inspect(type(obj))
    return {attr.key: to_json_value(getattr(obj, attr.key)) for attr in mapper.column_attrs}


def changed_values(obj: object) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    columns = state.mapper.column_attrs
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    # Only an attribute set since the last flush keeps its committed value there, and only such
    # an attribute can have history: asking the others (a record has dozens of columns, a step
    # changes two or three) would find nothing, at a cost on every flush.
    for key in list(state.committed_state):
        if key not in columns:
            continue
        history = state.get_history(key, PASSIVE_NO_INITIALIZE)
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new:
            continue
        before[key] = to_json_value(old)
        after[key] = to_json_value(new)
    return before, after


def _dump(values: dict[str, Any] | None) -> str | None:
    """The values as the journal keeps them: moments and days as ISO text (to_json_value)."""
    if values is None:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=_iso)


def _iso(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


@dataclass
class _Change:
    obj: object
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _collect(session: OfficeSession) -> list[_Change]:
    order = _table_order()
    inserted = [o for o in session.new if is_journaled(o)]
    deleted = [o for o in session.deleted if is_journaled(o)]
    inserted.sort(key=lambda o: order.get(type(o).__tablename__, 0))
    deleted.sort(key=lambda o: -order.get(type(o).__tablename__, 0))
    changes = [_Change(o, "insert", None, row_values(o)) for o in inserted]
    for obj in session.dirty:
        if not is_journaled(obj) or obj in session.deleted:
            continue
        before, after = changed_values(obj)
        if after:
            changes.append(_Change(obj, "update", before, after))
    changes.extend(_Change(obj, "delete", row_values(obj), None) for obj in deleted)
    return changes


def ensure_operation_id(session: OfficeSession) -> int:
    """The current operation's id, writing its row now if no journaled change has yet."""
    return _operation_id(session)


def _operation_values(session: OfficeSession, name: str) -> dict[str, Any]:
    env = getattr(session, "env", None)
    values = {
        "at": env.now() if env else None,
        "operator": env.operator if env else session.info.get("operator", ""),
        "name": name,
        "undo_of_id": session.info.get("op_undo_of"),
    }
    if values["at"] is None:
        from officedesk.models import utcnow

        values["at"] = utcnow()
    return values


def _operation_id(session: OfficeSession) -> int:
    op_id = session.info.get("op_id")
    if op_id is None:
        values = _operation_values(session, session.info.get("op_name") or "change")
        op_id = (
            session.connection()
            .execute(insert(_OPERATION).values(**values))
            .inserted_primary_key[0]
        )
        session.info["op_id"] = op_id
    return op_id


def start_operations(session: OfficeSession, names: Sequence[str]) -> list[int]:
    """One operation per name, written now in one statement (their ids taken ahead): a bulk
    write of many commands (an atomic batch's `task add` lines) keeps each command its own
    operation, so history and undo see the lines one by one."""
    from officedesk.bulk_insert import reserve_ids

    ids = reserve_ids(session, _OPERATION, len(names))
    if ids:
        session.connection().execute(
            insert(_OPERATION),
            [
                {"id": op_id, **_operation_values(session, name)}
                for op_id, name in zip(ids, names, strict=True)
            ],
        )
    return ids


def journal_inserted(
    session: OfficeSession,
    model: type,
    rows: Sequence[dict[str, Any]],
    operations: Sequence[int] | None = None,
) -> None:
    """Journal rows written around the ORM (bulk_insert: every column of each row given), as
    the flush listener journals an inserted record, each under its operation in `operations`
    or, without it, the current one."""
    if session.info.get("journal_off") or not is_journaled_class(model) or not rows:
        return
    if operations is None:
        operations = [_operation_id(session)] * len(rows)
    entries = [
        _entry(op_id, model, str(row["id"]), "insert", None, row, row)
        for row, op_id in zip(rows, operations, strict=True)
    ]
    _write_entries(session, entries)


def is_journaled_class(cls: type) -> bool:
    return issubclass(cls, SQLModel) and getattr(cls, "__journal__", True)


def _entry(
    op_id: int,
    cls: type,
    entity_id: str,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    record: Any,
) -> dict[str, Any]:
    """One journal row; `record` (the object, or a bulk row's values) gives the parent's id
    when the change itself does not hold it."""
    parent = getattr(cls, "__journal_parent__", None)
    parent_entity = parent_id = None
    if parent is not None:
        parent_entity = parent[0]
        values = after or before or {}
        if parent[1] in values:
            raw_parent = values[parent[1]]
        elif isinstance(record, dict):
            raw_parent = record.get(parent[1])
        else:
            raw_parent = getattr(record, parent[1], None)
        parent_id = None if raw_parent is None else str(raw_parent)
    return {
        "operation_id": op_id,
        "entity": cls.__tablename__,  # type: ignore[attr-defined]
        "entity_id": entity_id,
        "parent_entity": parent_entity,
        "parent_id": parent_id,
        "action": action,
        "before": _dump(before),
        "after": _dump(after),
    }


def _write_entries(session: OfficeSession, entries: list[dict[str, Any]]) -> None:
    held = session.info.get(_HELD)
    if held is not None:
        held.extend(entries)
    else:
        from officedesk.bulk_insert import execute_many

        execute_many(session.connection(), _JOURNAL, entries)


@event.listens_for(OfficeSession, "after_flush")
def _journal_flush(session: OfficeSession, _flush_context: UOWTransaction) -> None:
    if session.info.get("journal_off"):
        return
    changes = _collect(session)
    if not changes:
        return
    op_id = _operation_id(session)
    entries = [
        _entry(
            op_id,
            type(change.obj),
            entity_key(change.obj),
            change.action,
            change.before,
            change.after,
            change.obj,
        )
        for change in changes
    ]
    _write_entries(session, entries)


@contextmanager
def journal_held(session: OfficeSession) -> Iterator[None]:
    """Journal the block's flushes in memory and write their entries in one statement at its
    end: a build of thousands of flushes (the demo office) then pays for one INSERT, not one
    per flush. The entries, their order and their ids are those each flush would have written,
    as nothing else writes the journal in the transaction meanwhile.

    Only for a block that reads no journal entry back (history, undo and db check would miss
    the held ones). A block that raises leaves its entries unwritten: its transaction is to be
    rolled back, as a write transaction is when its block raises."""
    if _HELD in session.info:  # nested: the outer block writes them
        yield
        return
    held: list[dict[str, Any]] = []
    session.info[_HELD] = held
    try:
        yield
    finally:
        del session.info[_HELD]
    if held:
        from officedesk.bulk_insert import execute_many

        execute_many(session.connection(), _JOURNAL, held)


def operation_entries(
    session: OfficeSession, op_id: int, limit: int | None = None, offset: int = 0
) -> list[JournalEntry]:
    """An operation's entries in the order written; `limit` of them from `offset` only, when
    given (the demo's fill writes ten thousand: the workbench shows them a page at a time)."""
    stmt = select(JournalEntry).where(JournalEntry.operation_id == op_id).order_by(JournalEntry.id)
    if offset:
        stmt = stmt.offset(offset)
    return list(session.exec(stmt.limit(limit) if limit is not None else stmt))
