"""Search documents: one derived row per searchable record, kept in step by officedesk.search_index.

The text index itself lives beside this table and outside the model, because it differs per
backend: an FTS5 table on SQLite (`search_fts`, external content on this table, rowid = id,
columns spaced, kind, sounds and heads) and, on PostgreSQL, a generated column `spaced_tsv`
(spaced at weight D, sounds at A, heads at B) with a GIN index. Migrations 0002_search and
0015_title_sounds create them.
"""

from typing import Optional

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel


class SearchDoc(SQLModel, table=True):
    """What search reads: display fields, the indexable text and the pinyin keys.

    The subtitle is not stored as a sentence: `context` (the department's name) and `tag` (the
    item's state, the department's kind or the person's job title) are stored language-neutral,
    and the subtitle is worded when a hit is shown, in the language of the moment.
    """

    __tablename__ = "search_doc"
    __table_args__ = (
        UniqueConstraint("kind", "ref_id", name="uq_search_doc_kind_ref_id"),
        # On PostgreSQL the migration builds these four with text_pattern_ops, so that the
        # prefix searches (byte-order ranges) can use them whatever the database's collation.
        # Saying so here would import the PostgreSQL dialect (≈25 ms) into every SQLite write
        # command; autogenerate does not compare operator classes.
        Index("ix_search_doc_kind_title", "kind", "title"),
        Index("ix_search_doc_code", "code"),
        Index("ix_search_doc_pinyin", "pinyin"),
        Index("ix_search_doc_initials", "initials"),
        # Ids are never reused on SQLite: a stale FTS entry (a bulk delete that bypassed the
        # listener) can then never attach itself to a new document.
        {"sqlite_autoincrement": True},
    )
    __journal__ = False  # derived data: undo re-flushes the source rows and the index follows

    id: Optional[int] = Field(default=None, primary_key=True)
    # A register's name (officedesk.registry.SEARCH_KINDS). No CHECK holds it in the database
    # (migration 0010_registry): the search index refuses a kind the registry does not know.
    kind: str = Field(max_length=10)
    ref_id: int
    code: str = Field(default="", max_length=20)
    title: str = Field(max_length=200)
    context: str = Field(default="", max_length=100)
    tag: str = Field(default="", max_length=50)
    spaced: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    pinyin: str = Field(default="", max_length=600)
    initials: str = Field(default="", max_length=100)
    # The title's syllables and its initials as neighbour pairs (officedesk.search_sounds);
    # sounds is NULL until worked out, under a partial index (ix_search_doc_unsounded) that
    # migration 0015 makes and no model describes.
    sounds: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
    heads: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
