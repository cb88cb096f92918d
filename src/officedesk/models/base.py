"""Shared column helpers and the naming convention (Alembic batch mode needs named constraints)."""

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


def utcnow() -> datetime:
    return datetime.now(UTC)


# Marks an official document carries (GB/T 9704-2012 §7.2), one set for incoming and outgoing.
URGENCIES = ("extra_urgent", "urgent", "normal")  # 特急, 加急, 平件
SECRECY_LEVELS = ("public", "internal", "secret", "confidential")  # 公开, 内部, 秘密, 机密
