"""Many new rows of one table written in one statement, journaled and indexed as the ORM's flush
listeners would have done for the same records (issue 11: a bulk path for `import` and `batch
--atomic`). A thousand items through the ORM cost a thousand objects built attribute by
attribute and, on SQLite, a thousand INSERTs (SQLAlchemy cannot promise the order of a
multi-row RETURNING there, so it reads each new id back alone); here they cost one executemany
per table, one for their journal entries and one for their search documents.

The rows' ids are taken ahead, inside the caller's write transaction. On SQLite it began
IMMEDIATE, so no other writer can insert meanwhile, and the ids after the largest are the ones
SQLite itself would have given (a table with AUTOINCREMENT is asked its sqlite_sequence too, so
a deleted row's id is not given again). On PostgreSQL they are drawn from the table's own
sequence, which concurrent writers draw from too, so they are never given twice.

Rules are not checked here: the rows come from a register's service, which checked each as it
checks one record (services/task/adding.py)."""

from collections.abc import Sequence
from functools import cache
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import Connection, Table, func, insert, select, text

from officedesk.db import OfficeSession


def reserve_ids(session: OfficeSession, table: Table, count: int) -> list[int]:
    """`count` ids no row of `table` has or will be given by another insert."""
    if count < 1:
        return []
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        drawn = "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
        rows = connection.execute(text(drawn), {"table": table.name, "n": count})
        return [row[0] for row in rows]
    top = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    if table.kwargs.get("sqlite_autoincrement"):  # ids of deleted rows are never given again
        given = connection.execute(
            text("SELECT seq FROM sqlite_sequence WHERE name = :table"), {"table": table.name}
        ).scalar()
        top = max(top, given or 0)
    return list(range(top + 1, top + 1 + count))


def insert_rows(
    session: OfficeSession,
    model: type,
    rows: Sequence[dict[str, Any]],
    operations: Sequence[int] | None = None,
) -> list[dict[str, Any]]:
    """Write `rows` (each with its id, from reserve_ids) into the model's table, with the
    defaults the model gives a column a row leaves out; journal each under its operation in
    `operations` (else the current one) and index it for search. Returns the rows as written."""
    from officedesk.journal import journal_inserted
    from officedesk.search_index import index_inserted

    if not rows:
        return []
    session.flush()  # what the ORM holds goes first, as it was written first
    defaults = column_defaults(model)
    written = [{**defaults, **row} for row in rows]
    execute_many(session.connection(), _table(model), written)
    journal_inserted(session, model, written, operations)
    index_inserted(session, model, written)
    return written


def execute_many(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT every row (all with the same keys) in one executemany. On SQLite the values go
    to the driver through the columns' own bind processors (what SQLAlchemy stores a moment or
    a day as), without SQLAlchemy's per-row parameter building: a third of a bulk insert's
    time at 10,000 rows. Elsewhere, SQLAlchemy's executemany."""
    if not rows:
        return
    dialect = connection.dialect
    names = list(rows[0])
    if dialect.name != "sqlite":
        connection.execute(insert(table), list(rows))
        return
    plan = _sqlite_plan(table, dialect, tuple(names))
    if plan is None:  # a statement of another shape: SQLAlchemy's way
        connection.execute(insert(table), list(rows))
        return
    sql, steps = plan
    values = [
        tuple(row[name] if process is None else process(row[name]) for name, process in steps)
        for row in rows
    ]
    connection.exec_driver_sql(sql, values)


_Plan = tuple[str, list[tuple[str, Any]]]
_PLANS: dict[tuple[Table, type, tuple[str, ...]], _Plan | None] = {}


def _sqlite_plan(table: Table, dialect: Any, names: tuple[str, ...]) -> _Plan | None:
    """The INSERT's text and each parameter's column and bind processor, in the statement's
    order; worked out once a table and set of columns (every flush journals through here)."""
    key = (table, type(dialect), names)
    if key not in _PLANS:
        compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
        order = list(compiled.positiontup or [])
        _PLANS[key] = (
            (str(compiled), [(name, _processor(table, name, dialect)) for name in order])
            if sorted(order) == sorted(names)
            else None
        )
    return _PLANS[key]


def _processor(table: Table, name: str, dialect: Any) -> Any:
    return table.c[name].type.dialect_impl(dialect).bind_processor(dialect)


def _table(model: type) -> Table:
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


@cache
def column_defaults(model: type) -> dict[str, Any]:
    """The model's constant defaults for its columns (a default made by a function, a moment,
    is left for the row to give: the services give every record its stamps)."""
    fields = model.model_fields  # type: ignore[attr-defined]
    found = {}
    for column in _table(model).columns:
        info = fields.get(column.name)
        if info is not None and info.default is not PydanticUndefined:
            found[column.name] = info.default
    return found
