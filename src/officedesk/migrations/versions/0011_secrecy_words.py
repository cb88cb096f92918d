"""the secrecy codes say what the grades mean: 机密 is "secret", 秘密 "confidential"

Revision ID: 0011_secrecy_words
Revises: 0010_registry
Create Date: 2026-12-07 16:30:00.000000

The grades of 《保守国家秘密法》, highest first, are 绝密 (top secret), 机密 (secret) and 秘密
(confidential). Until now the code "secret" was worded 秘密 and "confidential" 机密, the wrong
way round, so a document typed as 机密 was stored as "confidential". The words are right from
now on; this migration swaps the two codes in the incoming and outgoing registers and in the
journal's copies of their values (what `history` shows and `db check` compares), so every
record keeps the grade it was given. Run twice (a downgrade), it swaps them back.

Which grade a stored code meant is read from what the office saw: the registers, their tables
and printouts showed the Chinese word (the default language, and the help's `secret（秘密）`).
A record entered through the English words ("Secret" for `secret`) meant the other grade; the
codes cannot tell, and the Chinese reading is the one the office's papers carry.
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_secrecy_words"
down_revision: str | None = "0010_registry"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SWAP = {"secret": "confidential", "confidential": "secret"}
TABLES = ("incoming", "outgoing")


def _swap() -> None:
    conn = op.get_bind()
    for table in TABLES:
        conn.execute(
            sa.text(
                f"UPDATE {table} SET secrecy = CASE secrecy "
                "WHEN 'secret' THEN 'confidential' WHEN 'confidential' THEN 'secret' "
                "ELSE secrecy END WHERE secrecy IN ('secret', 'confidential')"
            )
        )
    # The journal writes JSON with sort_keys and ", "/": " separators: only the entries that
    # hold one of the two codes are read and written back, in one executemany.
    held = " OR ".join(
        f'{column} LIKE \'%"secrecy": "{code}"%\''
        for column in ("before", "after")
        for code in SWAP
    )
    entries = conn.execute(
        sa.text(
            "SELECT id, before, after FROM journal "
            f"WHERE entity IN ('incoming', 'outgoing') AND ({held})"
        )
    ).all()
    if entries:
        conn.execute(
            sa.text("UPDATE journal SET before = :before, after = :after WHERE id = :id"),
            [
                {"id": entry_id, "before": _swapped(before), "after": _swapped(after)}
                for entry_id, before, after in entries
            ],
        )


def _swapped(text: str | None) -> str | None:
    """The journal's JSON with the grade swapped, written as the journal writes it."""
    if text is None:
        return None
    values = json.loads(text)
    if values.get("secrecy") not in SWAP:
        return text
    values["secrecy"] = SWAP[values["secrecy"]]
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def upgrade() -> None:
    _swap()


def downgrade() -> None:
    _swap()
