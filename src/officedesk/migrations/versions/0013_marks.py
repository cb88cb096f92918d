"""the marks a document carries: 绝密, the secrecy period, telegrams and their urgencies; the
leader a supervision item reports back to

Revision ID: 0013_marks
Revises: 0012_visit_papers
Create Date: 2026-12-07 21:10:00.000000

《保守国家秘密法》 has three grades, 绝密 (top_secret) above 机密 and 秘密; the registers knew
only the lower two. A classified document also carries its period (保密期限, GB/T 9704 §7.2.2:
机密★10年): secrecy_years, 0 where none is written. The incoming register gains the telegram
(电报) with the telegraph urgencies 特提 (flash) and 平急 (plain_urgent) beside 特急 and 加急.
A supervision item gains its leader (交办领导, task.leader), to whom its result is reported when
it is done; items made before keep an empty one (who gave them is not known). A person gains the
主要负责人 mark (person.principal), who alone signs what goes up; nobody has it until marked.

Only CHECK constraints widen and two columns are added: every stored row stays valid. SQLite
cannot alter a CHECK, so its two tables are copied (batch mode, which reads their constraints
back); PostgreSQL alters them in place. A downgrade refuses while a row uses a new value rather
than drop it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013_marks"
down_revision: str | None = "0012_visit_papers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_SECRECY = ("public", "internal", "secret", "confidential")
NEW_SECRECY = ("public", "internal", "confidential", "secret", "top_secret")
OLD_KINDS = ("document", "call", "letter", "fax", "email")
NEW_KINDS = ("document", "telegram", "call", "letter", "fax", "email")
OLD_URGENCIES = ("extra_urgent", "urgent", "normal")
NEW_INCOMING_URGENCIES = ("flash", "extra_urgent", "urgent", "plain_urgent", "normal")

# table → column → (old values, new values)
CHECKS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "incoming": {
        "kind": (OLD_KINDS, NEW_KINDS),
        "urgency": (OLD_URGENCIES, NEW_INCOMING_URGENCIES),
        "secrecy": (OLD_SECRECY, NEW_SECRECY),
    },
    "outgoing": {"secrecy": (OLD_SECRECY, NEW_SECRECY)},
}


def _one_of(column: str, values: tuple[str, ...]) -> str:
    # The text models/base.one_of writes, so a fresh database and an upgraded one hold the same.
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def _period() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("secrecy_years", sa.Integer(), server_default="0", nullable=False)


def _alter(new: bool) -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, columns in CHECKS.items():
        if postgresql:
            for column, values in columns.items():
                name = op.f(f"ck_{table}_{column}")
                op.drop_constraint(name, table, type_="check")
                op.create_check_constraint(name, table, _one_of(column, values[new]))
            if new:
                op.add_column(table, _period())
            else:
                op.drop_column(table, "secrecy_years")
            continue
        with op.batch_alter_table(table, recreate="always") as batch_op:
            for column, values in columns.items():
                name = op.f(f"ck_{table}_{column}")
                batch_op.drop_constraint(name, type_="check")
                batch_op.create_check_constraint(name, _one_of(column, values[new]))
            if new:
                batch_op.add_column(_period())
            else:
                batch_op.drop_column("secrecy_years")


def upgrade() -> None:
    _alter(new=True)
    text = sqlmodel.sql.sqltypes.AutoString(100)
    leader = sa.Column("leader", text, server_default="", nullable=False)
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(leader)
    principal = sa.Column("principal", sa.Boolean(), server_default=sa.false(), nullable=False)
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(principal)


def downgrade() -> None:
    conn = op.get_bind()
    for table, columns in CHECKS.items():
        for column, (old, _new) in columns.items():
            held = conn.execute(
                sa.text(f"SELECT COUNT(*) FROM {table} WHERE {column} NOT IN :old").bindparams(
                    sa.bindparam("old", old, expanding=True)
                )
            ).scalar_one()
            if held:
                raise RuntimeError(f"{held} {table} rows use a {column} this version lacks")
    _alter(new=False)
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_column("leader")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("principal")
