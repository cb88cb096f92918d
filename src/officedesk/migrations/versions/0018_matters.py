"""coordination matters

Revision ID: 0018_matters
Revises: 0017_meetings
Create Date: 2026-12-08 05:18:32.176639

Tables matter (the coordination matters register: title, direction, lead department, what is
asked, state, outcome, the leader it was escalated to and their decision, the last contact),
matter_dept (the departments involved), matter_log (contacts and positions, steps, decisions)
and matter_item (the supervision items carrying a matter out). New tables only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0018_matters"
down_revision: str | None = "0017_meetings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "matter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("lead_dept_id", sa.Integer(), nullable=True),
        sa.Column("dept_names", sa.Text(), server_default="", nullable=False),
        sa.Column("asked", sa.Text(), server_default="", nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("outcome", sa.Text(), server_default="", nullable=False),
        sa.Column("leader", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("decision", sa.Text(), server_default="", nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_contact_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.CheckConstraint(
            "direction IN ('vertical', 'horizontal', 'internal')", name=op.f("ck_matter_direction")
        ),
        sa.CheckConstraint(
            "state IN ('open', 'agreed', 'escalated', 'closed')", name=op.f("ck_matter_state")
        ),
        sa.ForeignKeyConstraint(
            ["lead_dept_id"],
            ["department.id"],
            name=op.f("fk_matter_lead_dept_id_department"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matter")),
        sa.UniqueConstraint("code", name=op.f("uq_matter_code")),
        sa.UniqueConstraint("year", "seq", name="uq_matter_year_seq"),
    )
    with op.batch_alter_table("matter", schema=None) as batch_op:
        batch_op.create_index("ix_matter_lead_state", ["lead_dept_id", "state"], unique=False)
        batch_op.create_index(
            "ix_matter_state_last_contact", ["state", "last_contact_at"], unique=False
        )

    op.create_table(
        "matter_dept",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("dept_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dept_id"],
            ["department.id"],
            name=op.f("fk_matter_dept_dept_id_department"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["matter.id"],
            name=op.f("fk_matter_dept_matter_id_matter"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matter_dept")),
        sa.UniqueConstraint("matter_id", "dept_id", name="uq_matter_dept_matter_id"),
    )
    with op.batch_alter_table("matter_dept", schema=None) as batch_op:
        batch_op.create_index("ix_matter_dept_dept", ["dept_id"], unique=False)

    op.create_table(
        "matter_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("from_state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("to_state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("party", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.CheckConstraint(
            "kind IN ('contact', 'agree', 'close', 'escalate', 'decide', 'reopen', 'item')",
            name=op.f("ck_matter_log_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["matter.id"],
            name=op.f("fk_matter_log_matter_id_matter"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matter_log")),
    )
    with op.batch_alter_table("matter_log", schema=None) as batch_op:
        batch_op.create_index("ix_matter_log_matter", ["matter_id", "at"], unique=False)

    op.create_table(
        "matter_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["matter.id"],
            name=op.f("fk_matter_item_matter_id_matter"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_matter_item_task_id_task"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matter_item")),
        sa.UniqueConstraint("task_id", name="uq_matter_item_task_id"),
    )
    with op.batch_alter_table("matter_item", schema=None) as batch_op:
        batch_op.create_index("ix_matter_item_matter", ["matter_id", "position"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("matter_item", schema=None) as batch_op:
        batch_op.drop_index("ix_matter_item_matter")

    op.drop_table("matter_item")
    with op.batch_alter_table("matter_log", schema=None) as batch_op:
        batch_op.drop_index("ix_matter_log_matter")

    op.drop_table("matter_log")
    with op.batch_alter_table("matter_dept", schema=None) as batch_op:
        batch_op.drop_index("ix_matter_dept_dept")

    op.drop_table("matter_dept")
    with op.batch_alter_table("matter", schema=None) as batch_op:
        batch_op.drop_index("ix_matter_state_last_contact")
        batch_op.drop_index("ix_matter_lead_state")

    op.drop_table("matter")
