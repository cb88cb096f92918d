"""index finished supervision items by completion date

Revision ID: 0003_done_on_index
Revises: 0002_search
Create Date: 2026-11-26 11:00:00.000000

Today's "done recently" section asks for items done or evaluated between two dates; without this
index SQLite walked every finished item (22 ms at 100,000 items, 0.05 ms with it).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_done_on_index"
down_revision: str | None = "0002_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index("ix_task_state_done_on", ["state", "done_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index("ix_task_state_done_on")
