"""visits (接待) and the awards register

Revision ID: 0007_visit_award
Revises: 0006_seal
Create Date: 2026-11-26 12:00:00.000000

Tables visit, visit_guest and visit_activity (the reception register and its list), staff_event
and award (commendations). Money columns hold fen as integers.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007_visit_award"
down_revision: str | None = "0006_seal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('staff_assembly', 'commendation', 'other')", name=op.f("ck_staff_event_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_event")),
    )
    with op.batch_alter_table("staff_event", schema=None) as batch_op:
        batch_op.create_index("ix_staff_event_held_on", ["held_on"], unique=False)

    op.create_table(
        "award",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("recipient_dept_id", sa.Integer(), nullable=True),
        sa.Column("dept_id", sa.Integer(), nullable=True),
        sa.Column("recipient_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("doc_ref", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("awarded_on", sa.Date(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(person_id IS NULL) <> (recipient_dept_id IS NULL)", name=op.f("ck_award_recipient")
        ),
        sa.CheckConstraint("year BETWEEN 1900 AND 2200", name=op.f("ck_award_year")),
        sa.ForeignKeyConstraint(
            ["dept_id"],
            ["department.id"],
            name=op.f("fk_award_dept_id_department"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["staff_event.id"],
            name=op.f("fk_award_event_id_staff_event"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_award_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_dept_id"],
            ["department.id"],
            name=op.f("fk_award_recipient_dept_id_department"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award")),
    )
    with op.batch_alter_table("award", schema=None) as batch_op:
        batch_op.create_index("ix_award_dept_year", ["dept_id", "year"], unique=False)
        batch_op.create_index("ix_award_event", ["event_id"], unique=False)
        batch_op.create_index("ix_award_person", ["person_id"], unique=False)
        batch_op.create_index("ix_award_year_dept", ["year", "dept_id"], unique=False)

    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("guest_org", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("guest_org_id", sa.Integer(), nullable=True),
        sa.Column("letter_ref", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("arrives_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("departs_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("host_id", sa.Integer(), nullable=True),
        sa.Column("host_dept_id", sa.Integer(), nullable=True),
        sa.Column("guest_count", sa.Integer(), nullable=False),
        sa.Column("guest_names", sa.Text(), server_default="", nullable=False),
        sa.Column("table_hosts", sa.Integer(), nullable=False),
        sa.Column("meals", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("lodging", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("car", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("room", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("budget_fen", sa.BigInteger(), nullable=True),
        sa.Column("cost_fen", sa.BigInteger(), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.Column("cancel_reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "level IN ('general', 'important', 'major')", name=op.f("ck_visit_level")
        ),
        sa.CheckConstraint(
            "state <> 'settled' OR cost_fen IS NOT NULL", name=op.f("ck_visit_settled_cost")
        ),
        sa.CheckConstraint(
            "state IN ('planned', 'confirmed', 'done', 'settled', 'cancelled')",
            name=op.f("ck_visit_state"),
        ),
        sa.CheckConstraint(
            "budget_fen IS NULL OR budget_fen >= 0", name=op.f("ck_visit_budget_fen")
        ),
        sa.CheckConstraint("cost_fen IS NULL OR cost_fen >= 0", name=op.f("ck_visit_cost_fen")),
        sa.CheckConstraint(
            "departs_at IS NULL OR departs_at >= arrives_at", name=op.f("ck_visit_stay")
        ),
        sa.CheckConstraint("guest_count >= 0 AND table_hosts >= 0", name=op.f("ck_visit_counts")),
        sa.ForeignKeyConstraint(
            ["guest_org_id"],
            ["department.id"],
            name=op.f("fk_visit_guest_org_id_department"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["host_dept_id"],
            ["department.id"],
            name=op.f("fk_visit_host_dept_id_department"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["host_id"], ["person.id"], name=op.f("fk_visit_host_id_person"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
        sa.UniqueConstraint("code", name=op.f("uq_visit_code")),
        sa.UniqueConstraint("year", "seq", name="uq_visit_year_seq"),
    )
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index("ix_visit_arrives_at", ["arrives_at"], unique=False)
        batch_op.create_index(
            "ix_visit_host_dept_arrives_at", ["host_dept_id", "arrives_at"], unique=False
        )
        batch_op.create_index("ix_visit_state_arrives_at", ["state", "arrives_at"], unique=False)

    op.create_table(
        "visit_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("activity", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("cost_fen", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "cost_fen IS NULL OR cost_fen >= 0", name=op.f("ck_visit_activity_cost_fen")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_visit_activity_visit_id_visit"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_activity")),
    )
    with op.batch_alter_table("visit_activity", schema=None) as batch_op:
        batch_op.create_index("ix_visit_activity_visit", ["visit_id", "starts_at"], unique=False)

    op.create_table(
        "visit_guest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("post", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_visit_guest_visit_id_visit"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_guest")),
    )
    with op.batch_alter_table("visit_guest", schema=None) as batch_op:
        batch_op.create_index("ix_visit_guest_visit", ["visit_id", "position"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("visit_guest", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_guest_visit")

    op.drop_table("visit_guest")
    with op.batch_alter_table("visit_activity", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_activity_visit")

    op.drop_table("visit_activity")
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_state_arrives_at")
        batch_op.drop_index("ix_visit_host_dept_arrives_at")
        batch_op.drop_index("ix_visit_arrives_at")

    op.drop_table("visit")
    with op.batch_alter_table("award", schema=None) as batch_op:
        batch_op.drop_index("ix_award_year_dept")
        batch_op.drop_index("ix_award_person")
        batch_op.drop_index("ix_award_event")
        batch_op.drop_index("ix_award_dept_year")

    op.drop_table("award")
    with op.batch_alter_table("staff_event", schema=None) as batch_op:
        batch_op.drop_index("ix_staff_event_held_on")

    op.drop_table("staff_event")
