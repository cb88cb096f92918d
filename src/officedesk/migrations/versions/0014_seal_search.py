"""the seal usage log and introduction letters become searchable

Revision ID: 0014_seal_search
Revises: 0013_marks
Create Date: 2026-12-08 00:30:00.000000

`search 采购` did not find the usage log entry of a purchase contract, nor `search JS-2026-0001`
the letter of that number: only seals were indexed. From now on every write indexes entries
(kind `seal_use`) and letters (kind `letter`); this migration writes the documents of the rows
that already exist, and on SQLite their FTS5 entries (PostgreSQL's text column is generated);
a downgrade drops them (migrations/env.py does not count the derived search tables).
search_doc.kind has no CHECK since 0010_registry, so no table changes.

The backfill is plain Core with its own copy of the tokenizer (0002_search says why);
tests/test_search.py checks that it agrees with rebuild_search_index() today.
"""

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0014_seal_search"
down_revision: str | None = "0013_marks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("seal_use", "letter")
_CJK = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3040-\u30ff\u3100-\u318f"
    "\u31a0-\u31bf\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
_TOKEN = re.compile(rf"(?=\w)[{_CJK}]|[^\W_{_CJK}]+")
_CHUNK = 5000

_DOCS = sa.table(
    "search_doc",
    *(
        sa.column(name)
        for name in (
            "kind",
            "ref_id",
            "code",
            "title",
            "context",
            "tag",
            "spaced",
            "pinyin",
            "initials",
        )
    ),
)
_USES = sa.text(
    "SELECT u.id, u.doc_title, u.purpose, u.requester, u.approver, u.note,"
    " COALESCE(d.name, '') AS dept FROM seal_use AS u LEFT JOIN department AS d"
    " ON d.id = u.dept_id WHERE u.id > :last ORDER BY u.id LIMIT :n"
)
_LETTERS = sa.text(
    "SELECT id, number, to_unit, bearers, purpose FROM intro_letter"
    " WHERE id > :last ORDER BY id LIMIT :n"
)


def _spaced(*parts: str | None) -> str:
    return " ".join(
        token
        for part in parts
        if part
        for token in _TOKEN.findall(unicodedata.normalize("NFKC", part).lower())
    )


def _document(kind: str, ref_id: int, **fields: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "ref_id": ref_id,
        "code": fields["code"][:20],
        "title": fields["title"][:200],
        "context": fields["context"][:100],
        "tag": fields["tag"][:50],
        "spaced": _spaced(*fields["text"]),
        "pinyin": "",
        "initials": "",
    }


def _use(row: Any) -> dict[str, Any]:
    text = [row.doc_title, row.purpose, row.requester, row.approver, row.note]
    return _document(
        "seal_use",
        row.id,
        code="",
        title=row.doc_title,
        context=row.dept,
        tag=row.requester,
        text=text,
    )


def _letter(row: Any) -> dict[str, Any]:
    text = [row.number, row.to_unit, row.bearers, row.purpose]
    return _document(
        "letter",
        row.id,
        code=row.number,
        title=row.to_unit,
        context="",
        tag=row.bearers,
        text=text,
    )


def upgrade() -> None:
    # Documents of these kinds already there (a database a newer build wrote before this
    # migration existed) are written afresh, never twice.
    _drop_documents()
    bind = op.get_bind()
    for query, build in ((_USES, _use), (_LETTERS, _letter)):
        last = 0
        while page := bind.execute(query, {"last": last, "n": _CHUNK}).all():
            bind.execute(_DOCS.insert(), [build(row) for row in page])
            last = page[-1].id
    if bind.dialect.name == "sqlite":
        bind.execute(
            sa.text(
                "INSERT INTO search_fts(rowid, spaced, kind)"
                " SELECT id, spaced, kind FROM search_doc WHERE kind IN ('seal_use', 'letter')"
            )
        )


def downgrade() -> None:
    _drop_documents()


def _drop_documents() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.execute(
            sa.text(
                "INSERT INTO search_fts(search_fts, rowid, spaced, kind)"
                " SELECT 'delete', id, spaced, kind FROM search_doc"
                " WHERE kind IN ('seal_use', 'letter')"
            )
        )
    bind.execute(sa.text("DELETE FROM search_doc WHERE kind IN ('seal_use', 'letter')"))
