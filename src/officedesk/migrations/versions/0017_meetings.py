"""meetings and rooms

Revision ID: 0017_meetings
Revises: 0016_nightly_runs
Create Date: 2026-12-10 10:00:00.000000

Tables room (meeting rooms: capacity, equipment), meeting (the meetings register: kind, time,
room, chair, organiser, preparation checklist, minutes, state), meeting_attendee (people and
whole departments as 出席, 列席 or 请假), meeting_agenda and meeting_resolution (议定事项, each
linked to the supervision item that follows it). New tables only; nothing existing changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0017_meetings"
down_revision: str | None = "0016_nightly_runs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "room",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("equipment", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.CheckConstraint("capacity >= 0", name=op.f("ck_room_capacity")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room")),
        sa.UniqueConstraint("name", name="uq_room_name"),
    )
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("starts_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("ends_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("chair_id", sa.Integer(), nullable=True),
        sa.Column("dept_id", sa.Integer(), nullable=True),
        sa.Column("attendee_names", sa.Text(), server_default="", nullable=False),
        sa.Column("checklist", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("minutes", sa.Text(), server_default="", nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("cancel_reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.CheckConstraint(
            "kind IN ('gm_office', 'topical', 'staff_assembly', 'commendation', 'external')",
            name=op.f("ck_meeting_kind"),
        ),
        sa.CheckConstraint(
            "state IN ('planned', 'notified', 'held', 'minuted', 'cancelled')",
            name=op.f("ck_meeting_state"),
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_meeting_span")),
        sa.ForeignKeyConstraint(
            ["chair_id"],
            ["person.id"],
            name=op.f("fk_meeting_chair_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["dept_id"],
            ["department.id"],
            name=op.f("fk_meeting_dept_id_department"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["room.id"], name=op.f("fk_meeting_room_id_room"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
        sa.UniqueConstraint("code", name=op.f("uq_meeting_code")),
        sa.UniqueConstraint("year", "seq", name="uq_meeting_year_seq"),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_room_starts_at", ["room_id", "starts_at"], unique=False)
        batch_op.create_index("ix_meeting_starts_at", ["starts_at"], unique=False)
        batch_op.create_index("ix_meeting_state_starts_at", ["state", "starts_at"], unique=False)

    op.create_table(
        "meeting_agenda",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("presenter", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_agenda_meeting_id_meeting"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_agenda")),
    )
    with op.batch_alter_table("meeting_agenda", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_agenda_meeting", ["meeting_id", "position"], unique=False)

    op.create_table(
        "meeting_attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("dept_id", sa.Integer(), nullable=True),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("remark", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.CheckConstraint(
            "role IN ('attend', 'observer', 'leave')", name=op.f("ck_meeting_attendee_role")
        ),
        sa.CheckConstraint(
            "(person_id IS NULL) <> (dept_id IS NULL)", name=op.f("ck_meeting_attendee_who")
        ),
        sa.ForeignKeyConstraint(
            ["dept_id"],
            ["department.id"],
            name=op.f("fk_meeting_attendee_dept_id_department"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_attendee_meeting_id_meeting"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_meeting_attendee_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendee")),
    )
    with op.batch_alter_table("meeting_attendee", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_attendee_meeting", ["meeting_id"], unique=False)
        batch_op.create_index("ix_meeting_attendee_person", ["person_id"], unique=False)

    op.create_table(
        "meeting_resolution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("decision", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_resolution_meeting_id_meeting"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["task.id"],
            name=op.f("fk_meeting_resolution_task_id_task"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_resolution")),
    )
    with op.batch_alter_table("meeting_resolution", schema=None) as batch_op:
        batch_op.create_index(
            "ix_meeting_resolution_meeting", ["meeting_id", "position"], unique=False
        )
        batch_op.create_index("ix_meeting_resolution_task", ["task_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("meeting_resolution", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_resolution_task")
        batch_op.drop_index("ix_meeting_resolution_meeting")

    op.drop_table("meeting_resolution")
    with op.batch_alter_table("meeting_attendee", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_attendee_person")
        batch_op.drop_index("ix_meeting_attendee_meeting")

    op.drop_table("meeting_attendee")
    with op.batch_alter_table("meeting_agenda", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_agenda_meeting")

    op.drop_table("meeting_agenda")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_state_starts_at")
        batch_op.drop_index("ix_meeting_starts_at")
        batch_op.drop_index("ix_meeting_room_starts_at")

    op.drop_table("meeting")
    op.drop_table("room")
