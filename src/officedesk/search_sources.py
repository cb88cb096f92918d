"""What each searchable table contributes to the search index: its Source (kind, watched
attributes, document builder, department column) and every document computed afresh.

The listener and the writer live in search_index; what they index is described here, so a new
register becomes searchable by one entry in the registry (officedesk.registry.REGISTER_TABLES)
and its model module, never by a change to the writer. The `db check` search comparison reads
all_documents() as well. search_index re-exports these names.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, inspect, select

from officedesk.models import Department, Person, SearchDoc, Task
from officedesk.models.base import SearchTable
from officedesk.registry import REGISTER_TABLES, SEARCH_KINDS
from officedesk.search_sounds import with_sounds
from officedesk.search_tokens import spaced

_DEPT = Department.__table__
_PERSON = Person.__table__
_TASK = Task.__table__


# ---- what each searchable table contributes ---------------------------------------------------


def _task_document(task: Any, dept_name: str) -> dict[str, Any]:
    return {
        "code": task.code,
        "title": task.title,
        "context": dept_name,
        "tag": task.state,
        "spaced": spaced(task.code, task.title, task.source_ref, task.category),
        "pinyin": "",
        "initials": "",
    }


def _department_document(dept: Any, _dept_name: str) -> dict[str, Any]:
    return {
        "code": dept.code or "",
        "title": dept.name,
        "context": "",
        "tag": dept.kind,
        "spaced": spaced(dept.name, dept.code, dept.note),
        "pinyin": dept.pinyin,
        "initials": dept.initials,
    }


def _person_document(person: Any, dept_name: str) -> dict[str, Any]:
    return {
        "code": "",
        "title": person.name,
        "context": dept_name,
        "tag": person.title,
        "spaced": spaced(person.name, person.title, person.phone, person.email),
        "pinyin": person.pinyin,
        "initials": person.initials,
    }


@dataclass(frozen=True)
class Source:
    """How one table becomes documents: its kind, the attributes a document is built from
    (a change to any other attribute, e.g. updated_at, costs nothing), the builder, and the
    attribute holding the department whose name is the document's context."""

    kind: str
    watched: frozenset[str]
    build: Callable[[Any, str], dict[str, Any]]
    dept_attr: str | None


SOURCES: dict[str, Source] = {
    "task": Source(
        "task",
        frozenset({"code", "title", "source_ref", "category", "state", "dept_id"}),
        _task_document,
        "dept_id",
    ),
    "department": Source(
        "department",
        frozenset({"name", "code", "note", "kind", "pinyin", "initials"}),
        _department_document,
        None,
    ),
    "person": Source(
        "person",
        frozenset({"name", "title", "phone", "email", "pinyin", "initials", "dept_id"}),
        _person_document,
        "dept_id",
    ),
}


# The registers' tables (issue 4), by table name → the model module that describes its documents.
# Such a module defines SEARCH_KIND, SEARCH_WATCHED (the attributes a document is built from;
# the builder must read no other), SEARCH_DEPT_ATTR (the column naming the department shown as
# the context, or None) and search_fields(row) -> {"code", "title", "tag", "text": [str, …]}.
# `row` is an ORM object or a Core row holding id and the watched columns. A register's other
# searchable tables (registry `searches`) are described by the same module's SEARCH_TABLES:
# table name → models.base.SearchTable (kind, watched, department column, fields). The modules are
# imported only when one of their rows is written, or for a rebuild.
# The registry (officedesk.registry.REGISTER_TABLES) names them.
_TABLES: dict[str, Any] = {"task": _TASK, "department": _DEPT, "person": _PERSON}


def _register_document(
    search_fields: Callable[[Any], dict[str, Any]],
) -> Callable[[Any, str], dict[str, Any]]:
    def build(row: Any, dept_name: str) -> dict[str, Any]:
        fields = search_fields(row)
        return {
            "code": (fields.get("code") or "")[:20],
            "title": (fields.get("title") or "")[:200],
            "context": dept_name[:100],
            "tag": (fields.get("tag") or "")[:50],
            "spaced": spaced(*fields.get("text", ())),
            "pinyin": "",
            "initials": "",
        }

    return build


def _register_source(table_name: str) -> Source:
    source = SOURCES.get(table_name)
    if source is None:
        import importlib

        module = importlib.import_module(REGISTER_TABLES[table_name])
        described = getattr(module, "SEARCH_TABLES", {}).get(table_name)
        if described is None:  # the module's own table
            described = SearchTable(
                module.SEARCH_KIND,
                frozenset(module.SEARCH_WATCHED),
                module.SEARCH_DEPT_ATTR,
                module.search_fields,
            )
        # search_doc.kind has no CHECK in the database (migration 0010_registry): this is the
        # one place a kind enters the index, and it must be a register's.
        if described.kind not in SEARCH_KINDS:
            raise ValueError(f"{module.__name__}: search kind {described.kind!r} not registered")
        source = Source(
            described.kind,
            frozenset(described.watched),
            _register_document(described.fields),
            described.dept_attr,
        )
        SOURCES[table_name] = source
        _TABLES[table_name] = SearchDoc.metadata.tables[table_name]
    return source


def all_sources() -> dict[str, Source]:
    """Every source, the registers' included (imports their model modules)."""
    for table_name in REGISTER_TABLES:
        _register_source(table_name)
    return SOURCES


def _source(obj: object) -> Source | None:
    """The source of a record, or of a model class (a bulk insert's rows)."""
    cls = obj if isinstance(obj, type) else type(obj)
    name = getattr(cls, "__tablename__", "")
    source = SOURCES.get(name)
    if source is None and name in REGISTER_TABLES:
        source = _register_source(name)
    return source


def _touched(obj: object, names: Iterable[str]) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in names)


_CHUNK = 5000


def all_documents(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every document, computed from the source tables (for rebuilds and bulk loaders), its
    title's sounds included (this imports pypinyin)."""
    for document in _documents(conn):
        yield with_sounds(document, now=True)


def _documents(conn: Connection) -> Iterator[dict[str, Any]]:
    departments = conn.execute(select(_DEPT).order_by(_DEPT.c.id)).all()
    names = {row.id: row.name for row in departments}
    for row in departments:
        yield {"kind": "department", "ref_id": row.id, **_department_document(row, "")}
    for table_name, source in all_sources().items():
        if table_name == "department":
            continue
        table = _TABLES[table_name]
        columns = [table.c.id, *(table.c[name] for name in sorted(source.watched))]
        last = 0
        while True:  # keyset pages: bounded memory on 100,000 items, on every backend
            page = conn.execute(
                select(*columns).where(table.c.id > last).order_by(table.c.id).limit(_CHUNK)
            ).all()
            if not page:
                break
            for row in page:
                yield {
                    "kind": source.kind,
                    "ref_id": row.id,
                    **source.build(
                        row,
                        names.get(getattr(row, source.dept_attr), "") if source.dept_attr else "",
                    ),
                }
            last = page[-1].id
