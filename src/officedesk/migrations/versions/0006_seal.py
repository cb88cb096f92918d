"""seals, their lifecycle, the hash-chained usage log, use requests, introduction letters

Revision ID: 0006_seal
Revises: 0005_outgoing
Create Date: 2026-11-26 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006_seal"
down_revision: str | None = "0005_outgoing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "seal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("serial", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("keeper_id", sa.Integer(), nullable=True),
        sa.Column("dept_id", sa.Integer(), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("state_on", sa.Date(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('official', 'contract', 'finance', 'legal_rep', 'intro_letter')",
            name=op.f("ck_seal_kind"),
        ),
        sa.CheckConstraint(
            "state IN ('engraved', 'active', 'suspended', 'recalled', 'destroyed')",
            name=op.f("ck_seal_state"),
        ),
        sa.ForeignKeyConstraint(
            ["dept_id"],
            ["department.id"],
            name=op.f("fk_seal_dept_id_department"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["keeper_id"], ["person.id"], name=op.f("fk_seal_keeper_id_person"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seal")),
        sa.UniqueConstraint("name", name=op.f("uq_seal_name")),
    )
    with op.batch_alter_table("seal", schema=None) as batch_op:
        batch_op.create_index("ix_seal_dept_state", ["dept_id", "state"], unique=False)
        batch_op.create_index("ix_seal_keeper", ["keeper_id"], unique=False)
        batch_op.create_index("ix_seal_state_kind", ["state", "kind"], unique=False)

    op.create_table(
        "seal_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seal_id", sa.Integer(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("from_state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("to_state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("step_on", sa.Date(), nullable=False),
        sa.Column("approval", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "action IN ('engrave', 'activate', 'suspend', 'reinstate', 'recall', 'destroy')",
            name=op.f("ck_seal_event_action"),
        ),
        sa.ForeignKeyConstraint(
            ["seal_id"], ["seal.id"], name=op.f("fk_seal_event_seal_id_seal"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seal_event")),
    )
    with op.batch_alter_table("seal_event", schema=None) as batch_op:
        batch_op.create_index("ix_seal_event_seal", ["seal_id", "id"], unique=False)

    op.create_table(
        "seal_use",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("seal_id", sa.Integer(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("requester", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=True),
        sa.Column("dept_id", sa.Integer(), nullable=True),
        sa.Column("doc_title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("approver", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("registered_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("void", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.CheckConstraint("copies >= 1", name=op.f("ck_seal_use_copies")),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["seal_use.id"],
            name=op.f("fk_seal_use_corrects_id_seal_use"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["dept_id"],
            ["department.id"],
            name=op.f("fk_seal_use_dept_id_department"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["person.id"],
            name=op.f("fk_seal_use_requester_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["seal_id"], ["seal.id"], name=op.f("fk_seal_use_seal_id_seal"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seal_use")),
        sa.UniqueConstraint("hash", name=op.f("uq_seal_use_hash")),
        sa.UniqueConstraint("seq", name=op.f("uq_seal_use_seq")),
    )
    with op.batch_alter_table("seal_use", schema=None) as batch_op:
        batch_op.create_index("ix_seal_use_corrects", ["corrects_id"], unique=False)
        batch_op.create_index("ix_seal_use_dept_used", ["dept_id", "used_at"], unique=False)
        batch_op.create_index("ix_seal_use_seal_used", ["seal_id", "used_at"], unique=False)
        batch_op.create_index("ix_seal_use_used_at", ["used_at"], unique=False)

    op.create_table(
        "intro_letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("to_unit", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("bearers", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("bearer_count", sa.Integer(), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("use_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("bearer_count >= 1", name=op.f("ck_intro_letter_bearer_count")),
        sa.ForeignKeyConstraint(
            ["use_id"],
            ["seal_use.id"],
            name=op.f("fk_intro_letter_use_id_seal_use"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intro_letter")),
        sa.UniqueConstraint("number", name=op.f("uq_intro_letter_number")),
        sa.UniqueConstraint("use_id", name=op.f("uq_intro_letter_use_id")),
        sa.UniqueConstraint("year", "seq", name="uq_intro_letter_year_seq"),
    )
    with op.batch_alter_table("intro_letter", schema=None) as batch_op:
        batch_op.create_index("ix_intro_letter_issued", ["issued_on", "id"], unique=False)

    op.create_table(
        "seal_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seal_id", sa.Integer(), nullable=False),
        sa.Column("requester", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=True),
        sa.Column("dept_id", sa.Integer(), nullable=True),
        sa.Column("doc_title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("requested_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("requested_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("approver", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("decision_note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("use_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "state IN ('requested', 'approved', 'refused', 'used')",
            name=op.f("ck_seal_request_state"),
        ),
        sa.CheckConstraint("copies >= 1", name=op.f("ck_seal_request_copies")),
        sa.ForeignKeyConstraint(
            ["dept_id"],
            ["department.id"],
            name=op.f("fk_seal_request_dept_id_department"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["person.id"],
            name=op.f("fk_seal_request_requester_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["seal_id"], ["seal.id"], name=op.f("fk_seal_request_seal_id_seal"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["use_id"],
            ["seal_use.id"],
            name=op.f("fk_seal_request_use_id_seal_use"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seal_request")),
    )
    with op.batch_alter_table("seal_request", schema=None) as batch_op:
        batch_op.create_index("ix_seal_request_seal_state", ["seal_id", "state"], unique=False)
        batch_op.create_index("ix_seal_request_state", ["state", "requested_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("seal_request", schema=None) as batch_op:
        batch_op.drop_index("ix_seal_request_state")
        batch_op.drop_index("ix_seal_request_seal_state")
    op.drop_table("seal_request")
    with op.batch_alter_table("intro_letter", schema=None) as batch_op:
        batch_op.drop_index("ix_intro_letter_issued")
    op.drop_table("intro_letter")
    with op.batch_alter_table("seal_use", schema=None) as batch_op:
        batch_op.drop_index("ix_seal_use_used_at")
        batch_op.drop_index("ix_seal_use_seal_used")
        batch_op.drop_index("ix_seal_use_dept_used")
        batch_op.drop_index("ix_seal_use_corrects")
    op.drop_table("seal_use")
    with op.batch_alter_table("seal_event", schema=None) as batch_op:
        batch_op.drop_index("ix_seal_event_seal")
    op.drop_table("seal_event")
    with op.batch_alter_table("seal", schema=None) as batch_op:
        batch_op.drop_index("ix_seal_state_kind")
        batch_op.drop_index("ix_seal_keeper")
        batch_op.drop_index("ix_seal_dept_state")
    op.drop_table("seal")
