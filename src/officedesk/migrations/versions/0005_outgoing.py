"""outgoing register (发文) and its number void log

Revision ID: 0005_outgoing
Revises: 0004_incoming
Create Date: 2026-11-26 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005_outgoing"
down_revision: str | None = "0004_incoming"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outgoing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_type", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("body", sa.Text(), server_default="", nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("number_prefix", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("number_year", sa.Integer(), nullable=True),
        sa.Column("number_seq", sa.Integer(), nullable=True),
        sa.Column("drafting_dept_id", sa.Integer(), nullable=True),
        sa.Column("drafter_id", sa.Integer(), nullable=True),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("signer_id", sa.Integer(), nullable=True),
        sa.Column("signer_name", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("main_to", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("copy_to", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("secrecy", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("urgency", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("copy_serial_from", sa.Integer(), nullable=True),
        sa.Column("copy_serial_to", sa.Integer(), nullable=True),
        sa.Column("drafted_on", sa.Date(), nullable=False),
        sa.Column("doc_date", sa.Date(), nullable=True),
        sa.Column("dispatched_on", sa.Date(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "secrecy IN ('public', 'internal', 'secret', 'confidential')",
            name=op.f("ck_outgoing_secrecy"),
        ),
        sa.CheckConstraint(
            "state IN ('draft', 'reviewed', 'signed', 'checked', 'registered', 'printed',"
            " 'dispatched', 'filed')",
            name=op.f("ck_outgoing_state"),
        ),
        sa.CheckConstraint(
            "urgency IN ('extra_urgent', 'urgent', 'normal')", name=op.f("ck_outgoing_urgency")
        ),
        sa.CheckConstraint(
            "(copy_serial_from IS NULL AND copy_serial_to IS NULL) OR (copy_serial_from >= 1"
            " AND copy_serial_to >= copy_serial_from AND copy_serial_to <= 999999)",
            name=op.f("ck_outgoing_copy_serial"),
        ),
        sa.CheckConstraint(
            "(number IS NULL AND number_prefix IS NULL AND number_year IS NULL"
            " AND number_seq IS NULL) OR (number IS NOT NULL AND number_prefix IS NOT NULL"
            " AND number_year IS NOT NULL AND number_seq >= 1)",
            name=op.f("ck_outgoing_number"),
        ),
        sa.CheckConstraint("copies >= 0", name=op.f("ck_outgoing_copies")),
        sa.ForeignKeyConstraint(
            ["drafter_id"],
            ["person.id"],
            name=op.f("fk_outgoing_drafter_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["drafting_dept_id"],
            ["department.id"],
            name=op.f("fk_outgoing_drafting_dept_id_department"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["person.id"],
            name=op.f("fk_outgoing_reviewer_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["signer_id"],
            ["person.id"],
            name=op.f("fk_outgoing_signer_id_person"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing")),
        sa.UniqueConstraint(
            "number_prefix", "number_year", "number_seq", name="uq_outgoing_number"
        ),
    )
    with op.batch_alter_table("outgoing", schema=None) as batch_op:
        batch_op.create_index("ix_outgoing_dept_state", ["drafting_dept_id", "state"], unique=False)
        batch_op.create_index("ix_outgoing_dispatched_on", ["dispatched_on"], unique=False)
        batch_op.create_index("ix_outgoing_drafted_on", ["drafted_on"], unique=False)
        batch_op.create_index("ix_outgoing_number", ["number"], unique=False)
        batch_op.create_index("ix_outgoing_state_id", ["state", "id"], unique=False)
        batch_op.create_index("ix_outgoing_type_state", ["doc_type", "state"], unique=False)

    op.create_table(
        "outgoing_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outgoing_id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("from_state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("to_state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["outgoing_id"],
            ["outgoing.id"],
            name=op.f("fk_outgoing_log_outgoing_id_outgoing"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_log")),
    )
    with op.batch_alter_table("outgoing_log", schema=None) as batch_op:
        batch_op.create_index("ix_outgoing_log_outgoing", ["outgoing_id", "id"], unique=False)

    op.create_table(
        "outgoing_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outgoing_id", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("dept_id", sa.Integer(), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.CheckConstraint("role IN ('main', 'copy')", name=op.f("ck_outgoing_recipient_role")),
        sa.ForeignKeyConstraint(
            ["dept_id"],
            ["department.id"],
            name=op.f("fk_outgoing_recipient_dept_id_department"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["outgoing_id"],
            ["outgoing.id"],
            name=op.f("fk_outgoing_recipient_outgoing_id_outgoing"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_recipient")),
    )
    with op.batch_alter_table("outgoing_recipient", schema=None) as batch_op:
        batch_op.create_index("ix_outgoing_recipient_dept", ["dept_id"], unique=False)
        batch_op.create_index(
            "ix_outgoing_recipient_outgoing", ["outgoing_id", "role", "position"], unique=False
        )

    op.create_table(
        "outgoing_void",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outgoing_id", sa.Integer(), nullable=True),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("number_prefix", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("number_year", sa.Integer(), nullable=False),
        sa.Column("number_seq", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("voided_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("voided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outgoing_id"],
            ["outgoing.id"],
            name=op.f("fk_outgoing_void_outgoing_id_outgoing"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_void")),
        sa.UniqueConstraint(
            "number_prefix", "number_year", "number_seq", name="uq_outgoing_void_number"
        ),
    )
    with op.batch_alter_table("outgoing_void", schema=None) as batch_op:
        batch_op.create_index("ix_outgoing_void_outgoing", ["outgoing_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outgoing_void", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_void_outgoing")
    op.drop_table("outgoing_void")
    with op.batch_alter_table("outgoing_recipient", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_recipient_outgoing")
        batch_op.drop_index("ix_outgoing_recipient_dept")
    op.drop_table("outgoing_recipient")
    with op.batch_alter_table("outgoing_log", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_log_outgoing")
    op.drop_table("outgoing_log")
    with op.batch_alter_table("outgoing", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_type_state")
        batch_op.drop_index("ix_outgoing_state_id")
        batch_op.drop_index("ix_outgoing_number")
        batch_op.drop_index("ix_outgoing_drafted_on")
        batch_op.drop_index("ix_outgoing_dispatched_on")
        batch_op.drop_index("ix_outgoing_dept_state")
    op.drop_table("outgoing")
