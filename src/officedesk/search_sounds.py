"""Titles found by their pinyin: each document keeps its title's syllables (`sounds`) and its
initials as neighbour pairs (`heads`), and the text index holds both (search_index).

Computing them needs pypinyin, whose import costs ≈250 ms (traps.md): a CLI command that adds a
record must not pay that. So a document written by a process that has not loaded pypinyin keeps
`sounds` NULL ("not worked out yet"), and fill_pending() works them out later, in a process that
pays the import once for all of them: a search that could be pinyin (services.search), the
workbench after its first paint, a rebuild. The pending rows have a partial index of their own,
so asking whether there are any costs one index probe.

Phrases stay on (pypinyin's phrase dictionary), so polyphones read right: 银行 is yin hang.
"""

import sys
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, select, text, update

from officedesk.models import SearchDoc
from officedesk.search_tokens import index_tokens, is_word

_DOC = SearchDoc.__table__  # type: ignore[attr-defined]
FILL_CHUNK = 2000


def loaded() -> bool:
    """pypinyin is imported in this process already, so working a title out costs ≈50 µs."""
    return "pypinyin" in sys.modules


def has_cjk(title: str) -> bool:
    return not all(is_word(token) for token in index_tokens(title))


def title_sounds(title: str) -> tuple[str, str]:
    """(sounds, heads) of a title: 2026年安全生产 → ('2026 nian an quan sheng chan',
    'na aq qs sc').

    Each CJK character becomes its syllable, read within its title as pypinyin's phrases need
    (行 alone is xing; in 银行 it is hang), and other words stay as they are, so a phrase of
    syllables matches where the characters stand. Heads pair the initials of neighbouring
    characters within a run of them, one token a pair: a single initial would be in most
    documents, and a phrase of them slow. A title without CJK has neither."""
    tokens = index_tokens(title)
    if all(is_word(token) for token in tokens):
        return "", ""
    from pypinyin import Style, lazy_pinyin

    cjk = "".join(token for token in tokens if not is_word(token))
    # A run pypinyin has no reading for (kana, hangul, rare signs) comes back as it is, one
    # piece for several characters: split it, so every character keeps its place.
    readings = iter(
        syllable.lower()
        for piece in lazy_pinyin(cjk, style=Style.NORMAL, errors="default")
        for syllable in ([piece] if piece.isascii() else list(piece))
    )
    sounds: list[str] = []
    heads: list[str] = []
    previous = ""
    for token in tokens:
        if is_word(token):
            sounds.append(token)
            previous = ""
            continue
        syllable = next(readings, token)
        if not (syllable.isascii() and syllable.isalpha()):
            sounds.append(token)
            previous = ""
            continue
        sounds.append(syllable)
        if previous:
            heads.append(previous + syllable[0])
        previous = syllable[0]
    return " ".join(sounds), " ".join(heads)


def with_sounds(document: dict[str, Any], *, now: bool) -> dict[str, Any]:
    """The document with its sounds worked out, or left for later (None) unless `now`; a title
    without CJK has none, and is never left for later."""
    if now or loaded() or not has_cjk(document["title"]):
        document["sounds"], document["heads"] = title_sounds(document["title"])
    else:
        document["sounds"], document["heads"] = None, ""
    return document


def has_pending(conn: Connection) -> bool:
    """Any document whose sounds are not worked out yet (one probe of the partial index)."""
    stmt = select(_DOC.c.id).where(_DOC.c.sounds.is_(None)).limit(1)
    return conn.execute(stmt).first() is not None


_UPDATE = (
    update(_DOC)
    .where(_DOC.c.id == bindparam("doc_id"))
    .values(sounds=bindparam("new_sounds"), heads=bindparam("new_heads"))
)
_FTS_DELETE_OLD = text(
    "INSERT INTO search_fts(search_fts, rowid, spaced, kind, sounds, heads)"
    " VALUES ('delete', :id, :spaced, :kind, '', '')"
)
_FTS_INSERT = text(
    "INSERT INTO search_fts(rowid, spaced, kind, sounds, heads)"
    " VALUES (:id, :spaced, :kind, :sounds, :heads)"
)


def fill_pending(conn: Connection, limit: int | None = None) -> int:
    """Work out pending documents' sounds (every one, or at most `limit`, a multiple of
    FILL_CHUNK), in the caller's transaction; returns how many.

    On SQLite each one's FTS5 entry is written afresh: it was indexed with empty sounds."""
    done = 0
    while limit is None or done < limit:
        rows = conn.execute(
            select(_DOC.c.id, _DOC.c.kind, _DOC.c.title, _DOC.c.spaced)
            .where(_DOC.c.sounds.is_(None))
            .order_by(_DOC.c.id)
            .limit(FILL_CHUNK)
        ).all()
        if not rows:
            return done
        _write(conn, rows)
        done += len(rows)
    return done


def _write(conn: Connection, rows: Iterable[Any]) -> None:
    values = []
    for row in rows:
        sounds, heads = title_sounds(row.title)
        values.append(
            {"id": row.id, "kind": row.kind, "spaced": row.spaced, "sounds": sounds, "heads": heads}
        )
    conn.execute(
        _UPDATE,
        [{"doc_id": v["id"], "new_sounds": v["sounds"], "new_heads": v["heads"]} for v in values],
    )
    if conn.dialect.name == "sqlite":
        conn.execute(_FTS_DELETE_OLD, values)
        conn.execute(_FTS_INSERT, values)
