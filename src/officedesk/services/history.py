"""A record's change history and undo, read from the generic change journal."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.errors import Conflict, NotFound
from officedesk.journal import (
    from_json_value,
    is_append_only,
    mapped_classes,
    operation_entries,
    parse_entity_key,
)
from officedesk.models import JournalEntry, Operation
from officedesk.models.base import Numbered
from officedesk.notices import Notice
from officedesk.services.common import id_of
from officedesk.services.number_voids import void_number
from officedesk.text import local_time


@dataclass(frozen=True)
class Change:
    at: datetime
    operator: str
    operation: str
    operation_id: int
    entity: str
    entity_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    undone: bool


@dataclass(frozen=True)
class UndoResult:
    operation_id: int
    operation: str
    at: datetime
    changes: int
    # Numbers whose registration the undo took back: voided (撤销登记), never given again.
    voided: tuple[str, ...] = ()


def _change(entry: JournalEntry, op: Operation) -> Change:
    return Change(
        at=op.at,
        operator=op.operator,
        operation=op.name,
        operation_id=id_of(op),
        entity=entry.entity,
        entity_id=entry.entity_id,
        action=entry.action,
        before=json.loads(entry.before) if entry.before else None,
        after=json.loads(entry.after) if entry.after else None,
        undone=op.undone_by_id is not None,
    )


def record_history(
    session: OfficeSession, ref: str, *, limit: int = 500
) -> "tuple[str | Notice, list[Change]]":
    """The changes of one record's life: from its registration on, and for a record whose
    registration was undone, up to that undo (SQLite may since have given its id to another)."""
    from officedesk.services.record_refs import find_record

    found = find_record(session, ref)
    entity, entity_id = found.entity, found.entity_id
    own = and_(col(JournalEntry.entity) == entity, col(JournalEntry.entity_id) == entity_id)
    first, last = _life(session, own, found.ended_by)
    stmt = (
        select(JournalEntry, Operation)
        .join(Operation, col(Operation.id) == col(JournalEntry.operation_id))
        .where(_touching(entity, entity_id))
        .order_by(col(JournalEntry.id))
        .limit(limit)
    )
    if first is not None:
        stmt = stmt.where(col(JournalEntry.id) >= first)
    if last is not None:
        stmt = stmt.where(col(JournalEntry.id) <= last)
    changes = [_change(entry, op) for entry, op in session.exec(stmt)]
    return found.name, changes


def _touching(entity: str, entity_id: str) -> Any:
    """The journal entries of a record and of its children (a document's addressees)."""
    return or_(
        and_(col(JournalEntry.entity) == entity, col(JournalEntry.entity_id) == entity_id),
        and_(col(JournalEntry.parent_entity) == entity, col(JournalEntry.parent_id) == entity_id),
    )


def _life(session: OfficeSession, own: Any, ended_by: int | None) -> tuple[int | None, int | None]:
    """The journal ids bounding one life of a record id: its last registration (before the
    end), and the end, the undo that deleted it, when given."""
    from sqlalchemy import func

    last = None
    if ended_by is not None:
        last = session.exec(
            select(func.max(JournalEntry.id)).where(own, col(JournalEntry.operation_id) == ended_by)
        ).one()
    # An insert by undo puts a deleted record back: the same life goes on.
    born = (
        select(func.max(JournalEntry.id))
        .join(Operation, col(Operation.id) == col(JournalEntry.operation_id))
        .where(own, col(JournalEntry.action) == "insert", col(Operation.undo_of_id).is_(None))
    )
    if last is not None:
        born = born.where(col(JournalEntry.id) < last)
    return session.exec(born).one(), last


def _live_later_change(
    session: OfficeSession, entity: str, entity_id: str, after_id: int
) -> Operation | None:
    """A later, still-standing operation that touched this record or one of its children."""
    stmt = (
        select(Operation)
        .join(JournalEntry, col(JournalEntry.operation_id) == col(Operation.id))
        .where(
            col(JournalEntry.id) > after_id,
            col(Operation.undone_by_id).is_(None),
            col(Operation.undo_of_id).is_(None),
            _touching(entity, entity_id),
        )
        .order_by(col(JournalEntry.id))
        .limit(1)
    )
    return session.exec(stmt).first()


def last_operation(session: OfficeSession) -> Operation | None:
    stmt = (
        select(Operation)
        .where(
            Operation.operator == session.env.operator,
            col(Operation.undo_of_id).is_(None),
            col(Operation.undone_by_id).is_(None),
        )
        .order_by(col(Operation.id).desc())
        .limit(1)
    )
    return session.exec(stmt).first()


def _reverted(cls: type) -> bool:
    """Counters (and other bookkeeping) are never put back: a number once given stays given.
    Journals written before counters stopped being journaled still hold their changes."""
    return bool(getattr(cls, "__journal__", True))


# An undo's refusal names the operation and the register by code; the front end words them.
UNDO_LABELS = {"operation": "op", "later": "op", "register": "entity"}


def _gives_number(entry: JournalEntry, numbered: Numbered) -> bool:
    if entry.action == "delete":
        return False
    after = json.loads(entry.after or "{}")
    return any(after.get(name) is not None for name in numbered.fields)


def _refuse_kept(session: OfficeSession, op: Operation, entry: JournalEntry, cls: type) -> None:
    """Refuse an operation whose changes are permanent records (append-only registers, numbers
    that must be voided instead), naming the step that does what the user meant."""
    if is_append_only(cls):
        hint = getattr(cls, "__undo_hint__", "")
        raise Conflict(
            "undo.append_only",
            operation=op.name,
            register=entry.entity,
            hint=hint,
            ref=f"#{entry.entity_id}",
            labels=UNDO_LABELS,
            messages=("hint",),
        )
    numbered: Numbered | None = getattr(cls, "__numbered__", None)
    if numbered is not None and numbered.on_undo == "refuse" and _gives_number(entry, numbered):
        ref = f"#{entry.entity_id}"
        record = session.get(cls, parse_entity_key(cls, entry.entity_id))
        raise Conflict(
            "undo.numbered",
            operation=op.name,
            number=_given(numbered, record) if record is not None else ref,
            hint=numbered.hint,
            ref=ref,
            labels=UNDO_LABELS,
            messages=("hint",),
        )


def _given(numbered: Numbered, record: Any) -> str | Notice:
    """The numbers the record holds, as the office writes them (the model says how; a
    message, worded by the front end, where words go with them)."""
    import importlib

    module, function = numbered.describe.split(":")
    given: str | Notice = getattr(importlib.import_module(module), function)(record)
    return given if isinstance(given, Notice) else str(given)


def undo_last(session: OfficeSession) -> UndoResult:
    """Revert the operator's last standing operation, or refuse and say why.

    A number the office gave is never given back: counters are not reverted; a record that
    holds a number of a void-on-undo series is deleted and its number voided (撤销登记); an
    operation that gave a refuse-on-undo number (a document number, 份号) or wrote an
    append-only record (the seal log) is refused with the proper step named."""
    from officedesk.journal import start_operation

    op = last_operation(session)
    if op is None:
        raise NotFound("undo.nothing", operator=session.env.operator)
    entries = operation_entries(session, id_of(op))
    classes = mapped_classes()
    for entry in entries:
        cls = classes.get(entry.entity)
        if cls is None:
            raise Conflict(
                "undo.append_only",
                operation=op.name,
                register=entry.entity,
                hint="",
                labels=UNDO_LABELS,
                messages=("hint",),
            )
        if _reverted(cls):
            _refuse_kept(session, op, entry, cls)
    entries = [e for e in entries if _reverted(classes[e.entity])]
    last_id = id_of(entries[-1]) if entries else 0
    for entity, entity_id in dict.fromkeys((e.entity, e.entity_id) for e in entries):
        later = _live_later_change(session, entity, entity_id, last_id)
        if later is not None:
            raise Conflict(
                "undo.later_change",
                operation=op.name,
                later=later.name,
                operator=later.operator,
                at=local_time(later.at),
                labels=UNDO_LABELS,
            )
    undone_name, undone_id = op.name, op.id  # plain values: a failed flush expires the ORM row
    start_operation(session, "undo")
    session.info["op_undo_of"] = undone_id
    voided: list[str] = []
    try:
        for entry in reversed(entries):
            code = _revert(session, classes[entry.entity], entry)
            if code:
                voided.append(code)
        session.flush()
    except IntegrityError:
        # A later record refers to one this undo would delete (a person in a new department,
        # an item for a new person): refuse; the caller's transaction rolls everything back.
        raise Conflict("undo.referenced", operation=undone_name, labels=UNDO_LABELS) from None
    undo_id = session.info.get("op_id")
    op.undone_by_id = undo_id
    session.add(op)
    session.flush()
    return UndoResult(
        operation_id=id_of(op),
        operation=op.name,
        at=op.at,
        changes=len(entries),
        voided=tuple(reversed(voided)),
    )


def _decode(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    columns = cls.__table__.columns  # type: ignore[attr-defined]
    return {key: from_json_value(columns[key].type, value) for key, value in values.items()}


def _revert(session: OfficeSession, cls: type, entry: JournalEntry) -> str | None:
    """Put one change back; returns the number voided when the change registered a numbered
    record (the record goes, its number stays taken)."""
    key = parse_entity_key(cls, entry.entity_id)
    voided = None
    if entry.action == "insert":
        obj = session.get(cls, key)
        if obj is not None:
            numbered: Numbered | None = getattr(cls, "__numbered__", None)
            if numbered is not None and numbered.on_undo == "void":
                voided = void_number(session, obj, numbered, entry, cause="undo")
            session.delete(obj)
    elif entry.action == "update":
        obj = session.get(cls, key)
        if obj is None:
            raise Conflict("undo.record_gone", register=entry.entity, labels=UNDO_LABELS)
        for name, value in _decode(cls, json.loads(entry.before or "{}")).items():
            setattr(obj, name, value)
    else:
        session.add(cls(**_decode(cls, json.loads(entry.before or "{}"))))
    session.flush()
    return voided


@dataclass(frozen=True)
class OperationRead:
    id: int
    at: datetime
    operator: str
    name: str
    changes: int
    undone: bool
    undo_of_id: int | None


def _operations_query(operator: str | None) -> Any:
    from sqlalchemy import func
    from sqlalchemy import select as sa_select

    counts = (
        sa_select(col(JournalEntry.operation_id), func.count().label("changes"))
        .group_by(col(JournalEntry.operation_id))
        .subquery()
    )
    stmt = sa_select(Operation, counts.c.changes).outerjoin(
        counts, counts.c.operation_id == col(Operation.id)
    )
    if operator:
        stmt = stmt.where(col(Operation.operator) == operator)
    return stmt


def list_operations(
    session: OfficeSession, *, operator: str | None = None, limit: int = 100, offset: int = 0
) -> list[OperationRead]:
    """The office's operations, newest first: who did what, and whether it was undone."""
    from officedesk.services.common import check_limit

    check_limit(limit, offset)
    stmt = (
        _operations_query(operator).order_by(col(Operation.id).desc()).offset(offset).limit(limit)
    )
    return [
        OperationRead(
            id=op.id,
            at=op.at,
            operator=op.operator,
            name=op.name,
            changes=changes or 0,
            undone=op.undone_by_id is not None,
            undo_of_id=op.undo_of_id,
        )
        for op, changes in session.execute(stmt).all()
    ]


def count_operations(session: OfficeSession, *, operator: str | None = None) -> int:
    from sqlalchemy import func

    stmt = select(func.count()).select_from(Operation)
    if operator:
        stmt = stmt.where(col(Operation.operator) == operator)
    return session.exec(stmt).one()


def operation_changes(
    session: OfficeSession, operation_id: int, *, limit: int | None = None, offset: int = 0
) -> list[Change]:
    """The journal entries of one operation, in the order written (`limit` of them from
    `offset`, when given)."""
    op = session.get(Operation, operation_id)
    if op is None:
        raise NotFound("record.not_found", ref=f"#{operation_id}")
    entries = operation_entries(session, operation_id, limit, offset)
    return [_change(entry, op) for entry in entries]


def count_changes(session: OfficeSession, operation_id: int) -> int:
    """How many entries an operation wrote: what a capped detail says it left out."""
    from sqlalchemy import func

    stmt = select(func.count()).where(col(JournalEntry.operation_id) == operation_id)
    return int(session.exec(stmt).one())
