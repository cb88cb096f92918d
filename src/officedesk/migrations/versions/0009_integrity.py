"""numbers that are never given twice, a seal log anchored outside the database

Revision ID: 0009_integrity
Revises: 0008_search_kinds
Create Date: 2026-12-07 10:00:00.000000

number_void keeps the numbers of the SW-/DB-/JD- series whose registration was undone, so the
series stays accounted for. seal_use.mac holds each log entry's HMAC under the seal key kept
outside the database; entries written before this revision have none.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009_integrity"
down_revision: str | None = "0008_search_kinds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "number_void",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("entity_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("cause", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("voided_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("voided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("operation_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["operation_id"], ["operation.id"], name=op.f("fk_number_void_operation_id_operation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_number_void")),
        sa.UniqueConstraint("series", "year", "seq", name="uq_number_void_series_year_seq"),
    )
    with op.batch_alter_table("number_void", schema=None) as batch_op:
        batch_op.create_index("ix_number_void_code", ["code"], unique=False)
    with op.batch_alter_table("seal_use", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("mac", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("seal_use", schema=None) as batch_op:
        batch_op.drop_column("mac")
    with op.batch_alter_table("number_void", schema=None) as batch_op:
        batch_op.drop_index("ix_number_void_code")
    op.drop_table("number_void")
