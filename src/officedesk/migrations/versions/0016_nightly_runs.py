"""the nightly job's record of its runs

Revision ID: 0016_nightly_runs
Revises: 0015_title_sounds
Create Date: 2026-12-08 02:10:00.000000

`officedesk nightly` (backup, export, report) records each run: when it started and finished,
on which machine, its outcome, and what each step did, so `nightly status` and Today can say
"last night's export failed: …". A new table only; nothing existing changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016_nightly_runs"
down_revision: str | None = "0015_title_sounds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "nightly_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("host", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("files", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("steps", sa.Text(), server_default="[]", nullable=False),
        sa.Column("message", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nightly_run")),
    )
    op.create_index("ix_nightly_run_started_at", "nightly_run", ["started_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_nightly_run_started_at", table_name="nightly_run")
    op.drop_table("nightly_run")
