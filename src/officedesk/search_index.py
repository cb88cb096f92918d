"""The search index's data layer: one document per searchable record, kept in step on every flush.

Like the change journal, a generic `after_flush` listener on OfficeSession sees every inserted,
updated and deleted row; for the tables named in SOURCES it writes the matching `search_doc` row
(and, on SQLite, its FTS5 entry) in the same transaction. db.Store.session imports this module
for every write session, beside the journal. Nothing here is register-specific; the SOURCES
table (search_sources) is, so a new register becomes searchable by adding one entry. Rows written
around the ORM (bulk SQL, session.info[INDEX_OFF]) need rebuild_search_index() afterwards.

The FTS5 table cannot be fed by triggers here: with `PRAGMA trusted_schema=OFF` (db.py) SQLite
refuses a virtual table inside a trigger, so this listener writes it directly.

How the text is cut into tokens is search_tokens; what each table contributes is search_sources.
This module re-exports their names, and it alone registers the listener, once, when first imported.
"""

from collections.abc import Collection, Iterable, Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, delete, event, insert, select, text, update
from sqlalchemy.orm import UOWTransaction

from officedesk.db import OfficeSession
from officedesk.models import Department, SearchDoc
from officedesk.registry import REGISTER_TABLES as REGISTER_TABLES
from officedesk.registry import SEARCH_KINDS as SEARCH_KINDS
from officedesk.search_sounds import with_sounds
from officedesk.search_sources import _CHUNK, _DEPT, _TABLES, _source, _touched
from officedesk.search_sources import SOURCES as SOURCES
from officedesk.search_sources import Source as Source
from officedesk.search_sources import _register_source as _register_source
from officedesk.search_sources import all_documents as all_documents
from officedesk.search_sources import all_sources as all_sources
from officedesk.search_tokens import index_tokens as index_tokens
from officedesk.search_tokens import is_word as is_word
from officedesk.search_tokens import spaced as spaced

# Set session.info[INDEX_OFF] = True to skip the listener (bulk loaders; benchmarks). The
# documents are then stale until rebuild_search_index() runs in the same or a later transaction.
INDEX_OFF = "search_index_off"
# SQLite only; created by migration 0002_search, remade by 0015_title_sounds with the columns
# of a title's sounds and an index of two-letter prefixes: a syllable being typed (he|to, sh…)
# and a short code (db…) are then one index entry, not a merge of every word they begin
# (anquansh: 41 → 11 ms; db: 21 → 8 ms at 100,000 documents, for 5 % more file).
FTS_TABLE = "search_fts"
FTS_DDL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "spaced, kind, sounds, heads, content='search_doc', content_rowid='id',"
    " tokenize='unicode61', prefix='2')"
)

_DOC = SearchDoc.__table__

# ---- the listener -----------------------------------------------------------------------------


@event.listens_for(OfficeSession, "after_flush")
def _index_flush(session: OfficeSession, _flush_context: UOWTransaction) -> None:
    if session.info.get(INDEX_OFF):
        return
    changed: list[tuple[Source, Any]] = []
    fresh: set[tuple[str, int]] = set()
    renamed: list[Any] = []
    deleted: list[tuple[str, int]] = []
    for obj in session.new:
        if (source := _source(obj)) is not None:
            changed.append((source, obj))
            fresh.add((source.kind, obj.id))
    for obj in session.dirty:
        source = _source(obj)
        if source is None or obj in session.deleted or not _touched(obj, source.watched):
            continue
        changed.append((source, obj))
        if source.kind == "department" and _touched(obj, ("name",)):
            renamed.append(obj)
    for obj in session.deleted:
        if (source := _source(obj)) is not None:
            deleted.append((source.kind, obj.id))
    if not (changed or deleted):
        return
    conn = session.connection()
    names = _dept_names(session, conn, {getattr(o, s.dept_attr) for s, o in changed if s.dept_attr})
    documents = {
        (source.kind, obj.id): with_sounds(
            source.build(
                obj, names.get(getattr(obj, source.dept_attr), "") if source.dept_attr else ""
            ),
            now=False,
        )
        for source, obj in changed
    }
    write_documents(conn, documents, deleted, fresh=fresh)
    for dept in renamed:
        _follow_rename(conn, dept.id, dept.name)


def index_inserted(session: OfficeSession, model: type, rows: Sequence[dict[str, Any]]) -> None:
    """Index rows written around the ORM (bulk_insert: every column of each row given), as the
    flush listener indexes an inserted record: the same documents, in one statement."""
    if session.info.get(INDEX_OFF) or not rows:
        return
    source = _source(model)
    if source is None:
        return
    conn = session.connection()
    records = [SimpleNamespace(**row) for row in rows]
    dept_attr = source.dept_attr
    names = _dept_names(
        session, conn, {getattr(r, dept_attr) for r in records} if dept_attr else set()
    )
    documents = {
        (source.kind, record.id): with_sounds(
            source.build(record, names.get(getattr(record, dept_attr), "") if dept_attr else ""),
            now=False,
        )
        for record in records
    }
    write_documents(conn, documents, fresh=list(documents))


def _dept_names(session: OfficeSession, conn: Connection, ids: set[int | None]) -> dict[int, str]:
    """Names of departments, from the session when it holds them (the service that wrote the
    record has usually just resolved its department), else with one query."""
    names: dict[int, str] = {}
    for dept_id in ids:
        if dept_id is None:
            continue
        dept = session.identity_map.get(session.identity_key(Department, dept_id))
        if dept is not None and "name" in dept.__dict__:  # loaded: reading it runs no SQL
            names[dept_id] = dept.name
    missing = [i for i in ids if i is not None and i not in names]
    if missing:
        rows = conn.execute(select(_DEPT.c.id, _DEPT.c.name).where(_DEPT.c.id.in_(missing)))
        names.update({row.id: row.name for row in rows})
    return names


def _follow_rename(conn: Connection, dept_id: int, name: str) -> None:
    """A department's new name becomes the context of its people's and items' documents.

    Only `context` changes, never the indexed text, so no FTS entry is touched; one indexed
    UPDATE per kind (a department with 11,000 items: about 60 ms, and renames are rare).
    """
    for table_name, source in all_sources().items():
        if source.dept_attr is None:
            continue
        kind, table = source.kind, _TABLES[table_name]
        members = select(table.c.id).where(table.c[source.dept_attr] == dept_id)
        conn.execute(
            update(_DOC)
            .where(_DOC.c.kind == kind, _DOC.c.ref_id.in_(members), _DOC.c.context != name)
            .values(context=name)
        )


_FTS_COLUMNS = "rowid, spaced, kind, sounds, heads"
_FTS_VALUES = ":id, :spaced, :kind, :sounds, :heads"
_FTS_INSERT = text(f"INSERT INTO {FTS_TABLE}({_FTS_COLUMNS}) VALUES ({_FTS_VALUES})")
_FTS_DELETE = text(
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, {_FTS_COLUMNS}) VALUES ('delete', {_FTS_VALUES})"
)
_INSERT_NEW: dict[str, Any] = {}


def _insert_new(conn: Connection) -> Any:
    """INSERT … ON CONFLICT (kind, ref_id) DO NOTHING RETURNING id, kind, ref_id, built once
    per dialect."""
    name = conn.dialect.name
    if name not in _INSERT_NEW:
        if name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        _INSERT_NEW[name] = (
            dialect_insert(_DOC)
            .on_conflict_do_nothing(index_elements=["kind", "ref_id"])
            .returning(_DOC.c.id, _DOC.c.kind, _DOC.c.ref_id)
        )
    return _INSERT_NEW[name]


def write_documents(
    conn: Connection,
    documents: dict[tuple[str, int], dict[str, Any]],
    deleted: Iterable[tuple[str, int]] = (),
    *,
    fresh: Collection[tuple[str, int]] = (),
) -> None:
    """Insert, update or delete documents by (kind, ref_id), and their FTS5 entries on SQLite.

    `fresh` keys are records inserted in this flush: their documents are inserted straight
    away, in one statement (the common case: a new item costs two statements here). Any
    other document is read first, because an external-content FTS5 table forgets a row only
    when told its old text; so is a fresh one that unexpectedly exists already.
    """
    fts_deletes: list[dict[str, Any]] = []
    fts_inserts: list[dict[str, Any]] = []
    pending = dict(documents)
    # New records' documents: one statement for all of a flush's (a bulk write's thousand
    # items), rows of the same columns together; each returns its key, as the order of the
    # returned rows is not promised and a document that exists already returns none.
    together: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for key in fresh:
        params = {"kind": key[0], "ref_id": key[1], **pending[key]}
        together.setdefault(tuple(params), []).append(params)
    for group in together.values():
        rows = conn.execute(_insert_new(conn), group[0] if len(group) == 1 else group).all()
        for row in rows:
            values = pending.pop((row.kind, row.ref_id))
            fts_inserts.append(_fts_entry(row.id, row.kind, values))
    deleted = list(deleted)
    old = _current(conn, [*pending, *deleted]) if pending or deleted else {}
    gone = [(kind, old[(kind, ref_id)]) for kind, ref_id in deleted if (kind, ref_id) in old]
    if gone:
        conn.execute(delete(_DOC).where(_DOC.c.id.in_([row.id for _, row in gone])))
        fts_deletes += [_fts_entry(row.id, kind, row._mapping) for kind, row in gone]
    for (kind, ref_id), values in pending.items():
        found = old.get((kind, ref_id))
        if found is None:
            doc_id = conn.execute(
                insert(_DOC).values(kind=kind, ref_id=ref_id, **values)
            ).inserted_primary_key[0]
            fts_inserts.append(_fts_entry(doc_id, kind, values))
            continue
        if values.get("sounds") is None and found.title == values["title"]:
            values = {**values, "sounds": found.sounds, "heads": found.heads}  # still right
        conn.execute(update(_DOC).where(_DOC.c.id == found.id).values(**values))
        before = _fts_entry(found.id, kind, found._mapping)
        after = _fts_entry(found.id, kind, values)
        if before != after:
            fts_deletes.append(before)
            fts_inserts.append(after)
    if conn.dialect.name == "sqlite":
        if fts_deletes:
            conn.execute(_FTS_DELETE, fts_deletes)
        if fts_inserts:
            conn.execute(_FTS_INSERT, fts_inserts)


def _fts_entry(doc_id: int, kind: str, values: Any) -> dict[str, Any]:
    """What the FTS5 table holds for a document; sounds not worked out yet are indexed empty."""
    return {
        "id": doc_id,
        "kind": kind,
        "spaced": values["spaced"],
        "sounds": values.get("sounds") or "",
        "heads": values.get("heads") or "",
    }


def _current(conn: Connection, keys: list[tuple[str, int]]) -> dict[tuple[str, int], Any]:
    by_kind: dict[str, list[int]] = {}
    for kind, ref_id in keys:
        by_kind.setdefault(kind, []).append(ref_id)
    found = {}
    columns = (_DOC.c.id, _DOC.c.ref_id, _DOC.c.title, _DOC.c.spaced, _DOC.c.sounds, _DOC.c.heads)
    for kind, ref_ids in by_kind.items():
        rows = conn.execute(select(*columns).where(_DOC.c.kind == kind, _DOC.c.ref_id.in_(ref_ids)))
        found.update({(kind, row.ref_id): row for row in rows})
    return found


# ---- rebuilding -------------------------------------------------------------------------------


def rebuild_search_index(session: OfficeSession) -> int:
    """Recompute every document and the text index from scratch; returns the document count.

    For bulk loaders that wrote rows with plain SQL, and for repairs. Runs in the caller's
    transaction: readers keep seeing the old index until it commits.
    """
    session.flush()
    conn = session.connection()
    conn.execute(delete(_DOC))
    count = 0
    batch: list[dict[str, Any]] = []
    for document in all_documents(conn):
        batch.append(document)
        if len(batch) == _CHUNK:
            conn.execute(insert(_DOC), batch)
            count += len(batch)
            batch = []
    if batch:
        conn.execute(insert(_DOC), batch)
        count += len(batch)
    if conn.dialect.name == "sqlite":
        # A new FTS5 table, as this version defines it, filled from search_doc: a repair also
        # mends an index that is damaged or was made by an older definition.
        conn.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
        conn.execute(text(FTS_DDL))
        conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))
    return count
