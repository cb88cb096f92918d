"""reception rules: a visit confirmed without its 公函 says why; settling checks the papers

Revision ID: 0012_visit_papers
Revises: 0011_secrecy_words
Create Date: 2026-12-07 19:00:00.000000

Two columns on visit: letter_waiver, the reason a visit was confirmed before the sending unit's
公函 arrived (empty when it came), and papers, the settlement papers the office holds (发票,
公函, 接待清单 as the codes invoice, letter, list, comma-joined). Visits settled before these rules
keep empty papers: what was filed then is not known, and nothing is claimed for them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012_visit_papers"
down_revision: str | None = "0011_secrecy_words"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "letter_waiver",
                sqlmodel.sql.sqltypes.AutoString(length=2000),
                server_default="",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "papers",
                sqlmodel.sql.sqltypes.AutoString(length=40),
                server_default="",
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_column("papers")
        batch_op.drop_column("letter_waiver")
