"""search documents and their text index

Revision ID: 0002_search
Revises: 0001_initial
Create Date: 2026-11-27 10:00:00.000000

Creates `search_doc` (one row per department, person and supervision item), the backend's text
index over its `spaced` column (SQLite: FTS5 table `search_fts`, external content; PostgreSQL:
a generated column to_tsvector('simple', spaced) with a GIN index), and fills it for the rows
that already exist.

The backfill is plain Core and carries its own copy of the tokenizer: a migration is history and
must produce the documents of its own time, whatever officedesk.search_index becomes later (a
change of the tokenizer ships with its own migration that rebuilds the index).
tests/test_search.py checks that this backfill and rebuild_search_index() agree today.
"""

import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002_search"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CJK = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3040-\u30ff\u3100-\u318f"
    "\u31a0-\u31bf\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
_TOKEN = re.compile(rf"(?=\w)[{_CJK}]|[^\W_{_CJK}]+")
_CHUNK = 5000

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "spaced, kind, content='search_doc', content_rowid='id', tokenize='unicode61')"
)
# PostgreSQL keeps the parsed text in a generated column: a phrase query must recheck every row
# the GIN index returns, and re-parsing `spaced` for each made a common term cost 100–250 ms at
# 100,000 documents. The column and its index exist on PostgreSQL only (migrate.include_object).
PG_FTS = (
    "ALTER TABLE search_doc ADD COLUMN spaced_tsv tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, spaced)) STORED",
    "CREATE INDEX ix_search_doc_fts ON search_doc USING gin (spaced_tsv)",
)


def _spaced(*parts: str | None) -> str:
    return " ".join(
        token
        for part in parts
        if part
        for token in _TOKEN.findall(unicodedata.normalize("NFKC", part).lower())
    )


def upgrade() -> None:
    op.create_table(
        "search_doc",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("context", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("tag", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("spaced", sa.Text(), server_default="", nullable=False),
        sa.Column("pinyin", sqlmodel.sql.sqltypes.AutoString(length=600), nullable=False),
        sa.Column("initials", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.CheckConstraint(
            "kind IN ('department', 'person', 'task')", name=op.f("ck_search_doc_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_doc")),
        sa.UniqueConstraint("kind", "ref_id", name="uq_search_doc_kind_ref_id"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_search_doc_code",
        "search_doc",
        ["code"],
        unique=False,
        postgresql_ops={"code": "text_pattern_ops"},
    )
    op.create_index(
        "ix_search_doc_initials",
        "search_doc",
        ["initials"],
        unique=False,
        postgresql_ops={"initials": "text_pattern_ops"},
    )
    op.create_index(
        "ix_search_doc_kind_title",
        "search_doc",
        ["kind", "title"],
        unique=False,
        postgresql_ops={"title": "text_pattern_ops"},
    )
    op.create_index(
        "ix_search_doc_pinyin",
        "search_doc",
        ["pinyin"],
        unique=False,
        postgresql_ops={"pinyin": "text_pattern_ops"},
    )
    bind = op.get_bind()
    _backfill(bind)
    # The text index is built once over the backfilled rows (faster than row by row).
    if bind.dialect.name == "sqlite":
        op.execute(SQLITE_FTS)
        op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    else:
        for statement in PG_FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_search_doc_fts")
        op.execute("ALTER TABLE search_doc DROP COLUMN IF EXISTS spaced_tsv")
    for name in (
        "ix_search_doc_pinyin",
        "ix_search_doc_kind_title",
        "ix_search_doc_initials",
        "ix_search_doc_code",
    ):
        op.drop_index(name, table_name="search_doc")
    op.drop_table("search_doc")


# ---- backfill ---------------------------------------------------------------------------------

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

_DEPARTMENTS = sa.text(
    "SELECT id, name, code, kind, note, pinyin, initials FROM department"
    " WHERE id > :last ORDER BY id LIMIT :n"
)
_PEOPLE = sa.text(
    "SELECT p.id, p.name, p.title, p.phone, p.email, p.pinyin, p.initials,"
    " COALESCE(d.name, '') AS dept FROM person AS p LEFT JOIN department AS d ON d.id = p.dept_id"
    " WHERE p.id > :last ORDER BY p.id LIMIT :n"
)
_TASKS = sa.text(
    "SELECT t.id, t.code, t.title, t.source_ref, t.category, t.state,"
    " COALESCE(d.name, '') AS dept FROM task AS t LEFT JOIN department AS d ON d.id = t.dept_id"
    " WHERE t.id > :last ORDER BY t.id LIMIT :n"
)


def _pages(bind: sa.Connection, query: sa.TextClause) -> Iterator[Sequence[Any]]:
    last = 0
    while page := bind.execute(query, {"last": last, "n": _CHUNK}).all():
        yield page
        last = page[-1].id


def _department(row: Any) -> dict[str, Any]:
    return {
        "kind": "department",
        "ref_id": row.id,
        "code": row.code or "",
        "title": row.name,
        "context": "",
        "tag": row.kind,
        "spaced": _spaced(row.name, row.code, row.note),
        "pinyin": row.pinyin,
        "initials": row.initials,
    }


def _person(row: Any) -> dict[str, Any]:
    return {
        "kind": "person",
        "ref_id": row.id,
        "code": "",
        "title": row.name,
        "context": row.dept,
        "tag": row.title,
        "spaced": _spaced(row.name, row.title, row.phone, row.email),
        "pinyin": row.pinyin,
        "initials": row.initials,
    }


def _task(row: Any) -> dict[str, Any]:
    return {
        "kind": "task",
        "ref_id": row.id,
        "code": row.code,
        "title": row.title,
        "context": row.dept,
        "tag": row.state,
        "spaced": _spaced(row.code, row.title, row.source_ref, row.category),
        "pinyin": "",
        "initials": "",
    }


def _backfill(bind: sa.Connection) -> None:
    for query, build in ((_DEPARTMENTS, _department), (_PEOPLE, _person), (_TASKS, _task)):
        for page in _pages(bind, query):
            bind.execute(_DOCS.insert(), [build(row) for row in page])
