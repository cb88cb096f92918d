"""incoming register (收文)

Revision ID: 0004_incoming
Revises: 0003_done_on_index
Create Date: 2026-11-26 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004_incoming"
down_revision: str | None = "0003_done_on_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incoming",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("sender", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("sender_dept_id", sa.Integer(), nullable=True),
        sa.Column("sender_number", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("urgency", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("secrecy", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("mode", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("summary", sa.Text(), server_default="", nullable=False),
        sa.Column("caller", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("return_reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("proposal", sa.Text(), server_default="", nullable=False),
        sa.Column("proposed_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("instruction", sa.Text(), server_default="", nullable=False),
        sa.Column("leader", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("instructed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("lead_dept_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("answer", sa.Text(), server_default="", nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("result", sa.Text(), server_default="", nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('document', 'call', 'letter', 'fax', 'email')", name=op.f("ck_incoming_kind")
        ),
        sa.CheckConstraint("mode IN ('read', 'handle')", name=op.f("ck_incoming_mode")),
        sa.CheckConstraint(
            "secrecy IN ('public', 'internal', 'secret', 'confidential')",
            name=op.f("ck_incoming_secrecy"),
        ),
        sa.CheckConstraint(
            "state IN ('registered', 'reviewed', 'returned', 'proposed', 'instructed', 'handling', 'answered', 'done', 'filed')",
            name=op.f("ck_incoming_state"),
        ),
        sa.CheckConstraint(
            "urgency IN ('extra_urgent', 'urgent', 'normal')", name=op.f("ck_incoming_urgency")
        ),
        sa.ForeignKeyConstraint(
            ["lead_dept_id"],
            ["department.id"],
            name=op.f("fk_incoming_lead_dept_id_department"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["sender_dept_id"],
            ["department.id"],
            name=op.f("fk_incoming_sender_dept_id_department"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_incoming_task_id_task"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming")),
        sa.UniqueConstraint("code", name=op.f("uq_incoming_code")),
        sa.UniqueConstraint("year", "seq", name="uq_incoming_year_seq"),
    )
    with op.batch_alter_table("incoming", schema=None) as batch_op:
        batch_op.create_index("ix_incoming_done_on", ["done_on"], unique=False)
        batch_op.create_index("ix_incoming_lead_state", ["lead_dept_id", "state"], unique=False)
        batch_op.create_index("ix_incoming_received", ["received_at"], unique=False)
        batch_op.create_index("ix_incoming_state_due", ["state", "due"], unique=False)
        batch_op.create_index("ix_incoming_state_received", ["state", "received_at"], unique=False)
        batch_op.create_index("ix_incoming_task", ["task_id"], unique=False)
        batch_op.create_index("ix_incoming_urgency_state", ["urgency", "state"], unique=False)
    op.create_table(
        "incoming_assist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incoming_id", sa.Integer(), nullable=False),
        sa.Column("dept_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dept_id"],
            ["department.id"],
            name=op.f("fk_incoming_assist_dept_id_department"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["incoming_id"],
            ["incoming.id"],
            name=op.f("fk_incoming_assist_incoming_id_incoming"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_assist")),
        sa.UniqueConstraint("incoming_id", "dept_id", name="uq_incoming_assist_incoming_dept"),
    )
    op.create_table(
        "incoming_circulation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incoming_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("sent_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("handed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("read_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("reminders", sa.Integer(), nullable=False),
        sa.Column("reminded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incoming_id"],
            ["incoming.id"],
            name=op.f("fk_incoming_circulation_incoming_id_incoming"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_incoming_circulation_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_circulation")),
        sa.UniqueConstraint("incoming_id", "person_id", name="uq_incoming_circulation_reader"),
    )
    with op.batch_alter_table("incoming_circulation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_incoming_circulation_incoming", ["incoming_id", "seq"], unique=False
        )
    op.create_table(
        "incoming_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incoming_id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.Column("given_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("from_state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("to_state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["incoming_id"],
            ["incoming.id"],
            name=op.f("fk_incoming_log_incoming_id_incoming"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_log")),
    )
    with op.batch_alter_table("incoming_log", schema=None) as batch_op:
        batch_op.create_index("ix_incoming_log_incoming", ["incoming_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incoming_log", schema=None) as batch_op:
        batch_op.drop_index("ix_incoming_log_incoming")
    op.drop_table("incoming_log")
    with op.batch_alter_table("incoming_circulation", schema=None) as batch_op:
        batch_op.drop_index("ix_incoming_circulation_incoming")
    op.drop_table("incoming_circulation")
    op.drop_table("incoming_assist")
    with op.batch_alter_table("incoming", schema=None) as batch_op:
        batch_op.drop_index("ix_incoming_urgency_state")
        batch_op.drop_index("ix_incoming_task")
        batch_op.drop_index("ix_incoming_state_received")
        batch_op.drop_index("ix_incoming_state_due")
        batch_op.drop_index("ix_incoming_received")
        batch_op.drop_index("ix_incoming_lead_state")
        batch_op.drop_index("ix_incoming_done_on")
    op.drop_table("incoming")
