"""the registers' records become searchable: search_doc.kind admits their kinds

Revision ID: 0008_search_kinds
Revises: 0007_visit_award
Create Date: 2026-11-26 12:00:00.000000

Only the CHECK constraint on search_doc.kind changes. PostgreSQL swaps the constraint in place.
SQLite cannot alter a constraint: the table is rebuilt by Alembic's batch mode from the full
definition below (ids kept, so the FTS5 table's rowids still point at the same documents), with
the migration's usual guards around it (foreign keys off, row counts compared).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008_search_kinds"
down_revision: str | None = "0007_visit_award"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = ("department", "person", "task")
NEW_KINDS = (*OLD_KINDS, "incoming", "outgoing", "seal", "visit", "award")


def _check(kinds: Sequence[str]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def _sqlite_table(kinds: Sequence[str]) -> sa.Table:
    """search_doc as 0002_search made it, with the given kinds allowed."""
    return sa.Table(
        "search_doc",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("context", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("tag", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("spaced", sa.Text(), server_default="", nullable=False),
        sa.Column("pinyin", sqlmodel.sql.sqltypes.AutoString(length=600), nullable=False),
        sa.Column("initials", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.CheckConstraint(_check(kinds), name="ck_search_doc_kind"),
        sa.PrimaryKeyConstraint("id", name="pk_search_doc"),
        sa.UniqueConstraint("kind", "ref_id", name="uq_search_doc_kind_ref_id"),
        sa.Index("ix_search_doc_kind_title", "kind", "title"),
        sa.Index("ix_search_doc_code", "code"),
        sa.Index("ix_search_doc_pinyin", "pinyin"),
        sa.Index("ix_search_doc_initials", "initials"),
        sqlite_autoincrement=True,
    )


def _swap(old: Sequence[str], new: Sequence[str]) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f("ck_search_doc_kind"), "search_doc", type_="check")
        op.create_check_constraint(op.f("ck_search_doc_kind"), "search_doc", _check(new))
        return
    with op.batch_alter_table(
        "search_doc", recreate="always", copy_from=_sqlite_table(old)
    ) as batch_op:
        batch_op.drop_constraint(op.f("ck_search_doc_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_search_doc_kind"), _check(new))


def upgrade() -> None:
    _swap(OLD_KINDS, NEW_KINDS)


def downgrade() -> None:
    op.execute(
        sa.text("DELETE FROM search_doc WHERE kind NOT IN :kinds").bindparams(
            sa.bindparam("kinds", OLD_KINDS, expanding=True)
        )
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    _swap(NEW_KINDS, OLD_KINDS)
