"""titles are found by their pinyin: search_doc keeps each title's syllables and initials

Revision ID: 0015_title_sounds
Revises: 0014_seal_search
Create Date: 2026-12-08 02:00:00.000000

`search hetong`, `search aq` and `search yusuan` found nothing: only names had pinyin keys. Each
document now keeps its title's syllables (`sounds`, NULL until worked out) and the initials of
neighbouring characters as pairs (`heads`), and the text index holds both:
- SQLite: the FTS5 table gains the columns `sounds` and `heads` and an index of two-letter
  prefixes, for a syllable being typed (a new table, rebuilt here);
- PostgreSQL: `spaced_tsv` becomes spaced at weight D, sounds at A and heads at B, so a query
  says by weight which it means.
The existing documents are left with `sounds` NULL, under a partial index of their own: working
them out needs pypinyin, and the first process that searches by pinyin (or the workbench, after
its first paint) does it for all of them (officedesk.search_sounds). So an upgrade made by a
command that adds a record stays quick. The objects this writes in raw SQL are backend-only
(officedesk.migrate.BACKEND_ONLY_*), except the two columns, which the model describes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_title_sounds"
down_revision: str | None = "0014_seal_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FTS = (
    "CREATE VIRTUAL TABLE search_fts USING fts5({columns}, content='search_doc',"
    " content_rowid='id', tokenize='unicode61'{prefix})"
)
_TSV = "ALTER TABLE search_doc ADD COLUMN spaced_tsv tsvector GENERATED ALWAYS AS ({expr}) STORED"
_TSV_BEFORE = "to_tsvector('simple'::regconfig, spaced)"
_TSV_AFTER = (
    "setweight(to_tsvector('simple'::regconfig, spaced), 'D')"
    " || setweight(to_tsvector('simple'::regconfig, coalesce(sounds, '')), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, heads), 'B')"
)
_PENDING = "CREATE INDEX ix_search_doc_unsounded ON search_doc (id) WHERE sounds IS NULL"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        op.execute("DROP INDEX IF EXISTS ix_search_doc_fts")
        op.execute("ALTER TABLE search_doc DROP COLUMN IF EXISTS spaced_tsv")
    op.add_column("search_doc", sa.Column("sounds", sa.Text(), nullable=True))
    op.add_column("search_doc", sa.Column("heads", sa.Text(), server_default="", nullable=False))
    op.execute(_PENDING)
    if sqlite:
        op.execute("DROP TABLE IF EXISTS search_fts")
        op.execute(_FTS.format(columns="spaced, kind, sounds, heads", prefix=", prefix='2'"))
        op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    else:
        op.execute(_TSV.format(expr=_TSV_AFTER))
        op.execute("CREATE INDEX ix_search_doc_fts ON search_doc USING gin (spaced_tsv)")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute("DROP INDEX IF EXISTS ix_search_doc_unsounded")
    if sqlite:
        op.execute("DROP TABLE IF EXISTS search_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_search_doc_fts")
        op.execute("ALTER TABLE search_doc DROP COLUMN IF EXISTS spaced_tsv")
    op.execute("ALTER TABLE search_doc DROP COLUMN heads")
    op.execute("ALTER TABLE search_doc DROP COLUMN sounds")
    if sqlite:
        op.execute(_FTS.format(columns="spaced, kind", prefix=""))
        op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    else:
        op.execute(_TSV.format(expr=_TSV_BEFORE))
        op.execute("CREATE INDEX ix_search_doc_fts ON search_doc USING gin (spaced_tsv)")
