"""Shared column helpers and the naming convention (Alembic batch mode needs named constraints)."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import MetaData
from sqlmodel import SQLModel

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


def utcnow() -> datetime:
    return datetime.now(UTC)


# Marks an official document carries (GB/T 9704-2012 §7.2), one set for incoming and outgoing.
URGENCIES = ("extra_urgent", "urgent", "normal")  # 特急, 加急, 平件
SECRECY_LEVELS = ("public", "internal", "secret", "confidential")  # 公开, 内部, 秘密, 机密
