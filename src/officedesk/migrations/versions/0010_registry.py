"""search_doc.kind is checked by the application against the registry, not by a CHECK

Revision ID: 0010_registry
Revises: 0009_integrity
Create Date: 2026-12-07 12:00:00.000000

Until now every new register needed a migration only to widen the CHECK constraint on
search_doc.kind (0008_search_kinds). The kinds are now the registry's (officedesk.registry), and
the search index refuses a document of a kind the registry does not know before it is written.
PostgreSQL drops the constraint in place; SQLite rebuilds the table in Alembic's batch mode from
its full definition below (ids kept, so the FTS5 table's rowids still point at the same rows).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010_registry"
down_revision: str | None = "0009_integrity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The kinds 0008_search_kinds allowed: a downgrade puts that CHECK back.
KINDS_0008 = ("department", "person", "task", "incoming", "outgoing", "seal", "visit", "award")


def _check(kinds: Sequence[str]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def _sqlite_table(*, checked: bool) -> sa.Table:
    """search_doc as 0008_search_kinds left it (checked) or as this migration leaves it."""
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
        *([sa.CheckConstraint(_check(KINDS_0008), name="ck_search_doc_kind")] if checked else []),
        sa.PrimaryKeyConstraint("id", name="pk_search_doc"),
        sa.UniqueConstraint("kind", "ref_id", name="uq_search_doc_kind_ref_id"),
        sa.Index("ix_search_doc_kind_title", "kind", "title"),
        sa.Index("ix_search_doc_code", "code"),
        sa.Index("ix_search_doc_pinyin", "pinyin"),
        sa.Index("ix_search_doc_initials", "initials"),
        sqlite_autoincrement=True,
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f("ck_search_doc_kind"), "search_doc", type_="check")
        return
    with op.batch_alter_table(
        "search_doc", recreate="always", copy_from=_sqlite_table(checked=True)
    ) as batch_op:
        batch_op.drop_constraint(op.f("ck_search_doc_kind"), type_="check")


def downgrade() -> None:
    op.execute(
        sa.text("DELETE FROM search_doc WHERE kind NOT IN :kinds").bindparams(
            sa.bindparam("kinds", KINDS_0008, expanding=True)
        )
    )
    if op.get_bind().dialect.name == "postgresql":
        op.create_check_constraint(op.f("ck_search_doc_kind"), "search_doc", _check(KINDS_0008))
        return
    op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    with op.batch_alter_table(
        "search_doc", recreate="always", copy_from=_sqlite_table(checked=False)
    ) as batch_op:
        batch_op.create_check_constraint(op.f("ck_search_doc_kind"), _check(KINDS_0008))
