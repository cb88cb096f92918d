"""What every table shares: the naming convention (Alembic batch mode needs named constraints),
the key, audit and step-log columns, and the helpers that state a column once. The field limits
and the marks' values live in models/limits.py."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Optional

from sqlalchemy import CheckConstraint, MetaData, Text
from sqlmodel import Field, SQLModel

from officedesk.models.limits import CODE_MAX, NAME_MAX, STATE_MAX

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLModel.metadata = MetaData(naming_convention=NAMING_CONVENTION)


@dataclass(frozen=True)
class Numbered:
    """How a record holds a number of a gap-free series, and what undo does about it. Numbers
    the office gives are legal records: undo never gives one back to the counter.

    on_undo "void": undoing the operation that registered the record deletes the record and
    voids its number in number_void ("撤销登记"); the code, year and seq columns hold it.
    on_undo "refuse": undo refuses an operation that gave the record a number (any of `fields`
    set) and names the proper step, the i18n key `hint`; `describe` ("module:function") words
    the numbers a record holds for that refusal.
    """

    series: str = ""
    on_undo: str = "void"
    code: str = "code"
    year: str = "year"
    seq: str = "seq"
    fields: tuple[str, ...] = ()
    hint: str = ""
    describe: str = ""


@dataclass(frozen=True)
class SearchTable:
    """How one more table of a model module becomes search documents (a module's own table is
    described by its SEARCH_KIND, SEARCH_WATCHED, SEARCH_DEPT_ATTR and search_fields): the
    module maps its name to one of these in SEARCH_TABLES (officedesk.search_sources)."""

    kind: str
    watched: frozenset[str]  # the columns the document is built from; fields reads no other
    dept_attr: str | None  # the column naming the department shown as the context
    fields: Any  # row -> {"code", "title", "tag", "text": [str, …]}


def utcnow() -> datetime:
    return datetime.now(UTC)


def one_of(column: str, values: tuple[str, ...]) -> str:
    """The SQL of a CHECK constraint that keeps a text column to the values a tuple names."""
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def check_one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    """The CHECK of one_of, named for its column: the naming convention turns it into
    ck_<table>_<column>, the name the migrations gave it."""
    return CheckConstraint(one_of(column, values), name=column)


def checks_one_of(**columns: tuple[str, ...]) -> tuple[CheckConstraint, ...]:
    """check_one_of for each coded column of a table (column=its values), in the order named."""
    return tuple(check_one_of(column, values) for column, values in columns.items())


def text_field() -> Any:
    """A TEXT column that is never NULL and defaults to "" in the database too. A Field, not a
    shared Column object: a base class's field becomes one column in every table."""
    return Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})


def key_to(table: str, **extra: Any) -> Any:
    """A column holding the id of a row of `table`, which may not be deleted while it is held:
    every register keeps what it refers to (undo and the directory rely on it)."""
    return Field(foreign_key=f"{table}.id", ondelete="RESTRICT", **extra)


def optional_key_to(table: str) -> Any:
    """key_to, for a reference a record may lack (NULL)."""
    return key_to(table, default=None)


class Record(SQLModel):
    """Every register table's surrogate key."""

    id: Optional[int] = Field(default=None, primary_key=True)


class Stamped(Record):
    """When a record was created and last changed (services set updated_at on each change)."""

    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Audited(Stamped):
    """A register's record: stamped, and the operator who created it."""

    created_by: str = Field(default="", max_length=NAME_MAX)


class Coded(Audited):
    """A register's record numbered in a gap-free series: its code (SW-2024-0001) and the year
    and sequence number it was made from. Each table names its own (year, seq) constraint."""

    code: str = Field(max_length=CODE_MAX, unique=True)
    year: int
    seq: int


class StepLog(Record):
    """What every step log shares: when a step was recorded, by whom, the states it left and
    reached (None for a note or a reminder)."""

    at: datetime = Field(default_factory=utcnow)
    author: str = Field(default="", max_length=NAME_MAX)
    from_state: Optional[str] = Field(default=None, max_length=STATE_MAX)
    to_state: Optional[str] = Field(default=None, max_length=STATE_MAX)
