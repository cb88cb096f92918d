"""Global search over every searchable register (items, departments, people), ranked.

A query is answered from indexes only, in tiers of decreasing rank: exact code, exact name (or
exact pinyin / initials), code prefix, name or key prefix, then a phrase in the text (FTS5 bm25
on SQLite, ts_rank on PostgreSQL, over at most TEXT_CANDIDATES matches: see the text tier).
Each tier is one or a few LIMITed index queries, and a tier runs only while the ones above it
have not filled the page, so a query that names a record exactly never pays for a text search.

Within a tier, open records come before closed ones (a register's open states, from the
registry), then: text hits by relevance; code-prefix hits newest code first; the others by kind,
then the directory's by name and the registers' records newest first. A tier reads up to
FETCH_FACTOR times the page, so an open record is not left out for closed ones that sort first
in the index; a tier with more matches than that is ranked among those it read.
"""

import importlib
import re
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import and_, bindparam, literal_column, select, text
from sqlalchemy.sql import Select

from officedesk.db import OfficeSession
from officedesk.errors import DomainError, InvalidInput
from officedesk.models import SearchDoc
from officedesk.registry import OPEN_STATES, SEARCH_KINDS
from officedesk.search_index import FTS_TABLE, index_tokens
from officedesk.search_sounds import fill_pending, has_pending
from officedesk.services.search_query import (
    PG_RANK,
    SQLITE_RANK_WEIGHTS,
    fts5_query,
    pinyin_word,
    tsquery,
)
from officedesk.services.shared_records import table_of

MAX_LIMIT = 200
# Longer input is cut, not refused: a search box gets pasted paragraphs, and their first 200
# characters still make a meaningful (and already very selective) phrase.
MAX_QUERY_CHARS = 200
KIND_ALIASES = {"dept": "department", "contact": "person", "item": "task"}
# A record's tag is its state, worded through its register's label group (the registry's
# STATE_LABELS) when the hit is shown; the other kinds' tags (a department's kind, a job title,
# an award's year) are shown as they are.

FETCH_FACTOR = 3
EXACT_CODE = 4.0
EXACT_NAME = 3.0
CODE_PREFIX = 2.5
PREFIX = 2.0
# Text hits score in [0, 1): the relevance r (−bm25, or ts_rank) mapped to r / (1 + r).

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*")
_KEY = re.compile(r"[A-Za-z0-9 ]+")
_LAST_CHAR = "\U0010ffff"  # sorts after every character in UTF-8 byte order
_DOC = table_of(SearchDoc)
_COLUMNS = (
    _DOC.c.id,
    _DOC.c.kind,
    _DOC.c.ref_id,
    _DOC.c.code,
    _DOC.c.title,
    _DOC.c.context,
    _DOC.c.tag,
)


@dataclass(frozen=True)
class SearchHit:
    """One result: which record (kind + ref_id), what to show, and how well it matched."""

    kind: str
    ref_id: int
    code: str
    title: str
    context: str  # the department (a department's own hit: none)
    tag: str  # a state, a department's kind, a job title or a year: worded by views.search
    score: float


@dataclass(frozen=True)
class _Found:
    row: Any
    score: float
    order: tuple[Any, ...]

    def rank(self) -> tuple[Any, ...]:
        """Tier (an index tier's score, or 0 for text), open before closed, then within the
        tier: relevance for text, else the tier's order."""
        tier = self.score if self.score >= PREFIX else 0.0
        return (-tier, _closed(self.row.kind, self.row.tag), -self.score, self.order)


def normalise_query(query: str) -> str:
    """Control characters dropped (no stored name holds one, and PostgreSQL refuses NUL),
    whitespace collapsed, cut to MAX_QUERY_CHARS."""
    printable = "".join(ch if ch.isprintable() else " " for ch in query)
    return " ".join(printable.split())[:MAX_QUERY_CHARS].strip()


class Sessions(Protocol):
    """Where a search gets its transactions: the CLI's state module or the workbench's
    context (both open a read, and a write that is one journaled operation)."""

    def read(self) -> AbstractContextManager[OfficeSession]: ...

    def write(self, operation: str) -> AbstractContextManager[OfficeSession]: ...


def search_fresh(
    sessions: Sessions,
    query: str,
    *,
    limit: int = 20,
    kinds: Iterable[str] | None = None,
) -> list[SearchHit]:
    """search(), after working out the sounds of titles written since pypinyin last ran here,
    when the query could be pinyin (search_sounds says why they wait): `hetong` finds the item
    a script added a second ago. Anything else searches at once, and writes nothing."""
    _check(limit, kinds)
    if wants_sounds(query):
        fill_sounds(sessions)
    with sessions.read() as session:
        return search(session, query, limit=limit, kinds=kinds)


def wants_sounds(query: str) -> bool:
    """The query has a term that could be typed pinyin, so titles' sounds matter to it."""
    return any(pinyin_word(index_tokens(term)) for term in normalise_query(query).split())


# Titles worked out per write transaction: ~0.15 s of the write lock each, so a writer at the
# keyboard waits that long at most (after an upgrade, 100,000 pending took ~10 s in all).
FILL_BATCH = 2000


def fill_sounds(sessions: Sessions) -> int:
    """Work out the pending titles' sounds, in short writes, only when there are any; how many.

    A database this process cannot write (read-only, or a writer that outlasts the lock wait)
    only leaves them for later: the search goes on, and the next one tries again."""
    with sessions.read() as session:
        if not has_pending(session.connection()):
            return 0
    done = 0
    try:
        while True:
            with sessions.write("search.sounds") as session:
                filled = fill_pending(session.connection(), FILL_BATCH)
            done += filled
            if filled < FILL_BATCH:
                return done
    except DomainError:
        return done


def _check(limit: int, kinds: Iterable[str] | None) -> list[str]:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput("input.limit", max=MAX_LIMIT)
    return _kinds(kinds)


def search(
    session: OfficeSession,
    query: str,
    *,
    limit: int = 20,
    kinds: Iterable[str] | None = None,
) -> list[SearchHit]:
    """The best `limit` records for what the user typed; [] for a blank query."""
    wanted = _check(limit, kinds)
    query = normalise_query(query)
    if not query:
        return []
    postgresql = session.get_bind().dialect.name == "postgresql"
    fetch = min(limit * FETCH_FACTOR, MAX_LIMIT * FETCH_FACTOR)
    found: dict[int, _Found] = {}
    for score, by_code, statements in _index_tiers(query, wanted, fetch, postgresql):
        if len(found) >= limit:
            return _ranked(found, limit)
        for stmt in statements:
            for row in session.execute(stmt):
                if row.id not in found:
                    order = (len(found),) if by_code else _tie_order(row)  # by_code: as read
                    found[row.id] = _Found(row, score, order)
    terms = [tokens for term in query.split() if (tokens := index_tokens(term))]
    if terms and len(found) < limit:
        for row in _text_hits(session, terms, wanted, fetch, postgresql):
            relevance = max(float(row.relevance), 0.0)
            if row.id not in found:
                score = relevance / (1.0 + relevance)
                found[row.id] = _Found(row, score, _tie_order(row))
    return _ranked(found, limit)


def _tie_order(row: Any) -> tuple[Any, ...]:
    """By kind; the directory by name, a register's records newest first (documents are
    written in the order their records are, and a rebuild keeps each kind's record order)."""
    if row.kind in DIRECTORY_KINDS:
        return (row.kind, row.title, row.id)
    return (row.kind, "", -row.id)


_OPEN: dict[str, frozenset[str]] = {}


def _closed(kind: str, tag: str | None) -> bool:
    """A record of a register with states whose tag (its state) is not an open one; the
    states modules are imported on the first hit of their kind."""
    target = OPEN_STATES.get(kind)
    if target is None:
        return False
    if kind not in _OPEN:
        module, _, name = target.partition(":")
        _OPEN[kind] = frozenset(getattr(importlib.import_module(module), name))
    return (tag or "") not in _OPEN[kind]


def _kinds(kinds: Iterable[str] | None) -> list[str]:
    if kinds is None:
        return list(SEARCH_KINDS)
    wanted = {KIND_ALIASES.get(k.strip().lower(), k.strip().lower()) for k in kinds if k.strip()}
    unknown = wanted - set(SEARCH_KINDS)
    if unknown:
        raise InvalidInput("input.choice", field="kind", choices=list(SEARCH_KINDS))
    return sorted(wanted) or list(SEARCH_KINDS)


def _ranked(found: dict[int, _Found], limit: int) -> list[SearchHit]:
    best = sorted(found.values(), key=_Found.rank)[:limit]
    return [
        SearchHit(
            kind=f.row.kind,
            ref_id=f.row.ref_id,
            code=f.row.code,
            title=f.row.title,
            context=f.row.context or "",
            tag=f.row.tag or "",
            score=round(f.score, 6),
        )
        for f in best
    ]


# ---- the index tiers --------------------------------------------------------------------------


def _range(column: Any, prefix: str, upper: str, postgresql: bool) -> Any:
    """column starts with prefix, as an index range. PostgreSQL compares bytes with the
    text_pattern_ops operators its indexes are built for; SQLite compares bytes anyway."""
    if postgresql:
        return and_(
            column.op("~>=~", is_comparison=True)(prefix),
            column.op("~<~", is_comparison=True)(prefix + upper),
        )
    return and_(column >= prefix, column < prefix + upper)


# `kind || ''` is the same value, but no index can serve it. Without ANALYZE statistics SQLite
# would otherwise walk the (kind, title) index, which yields rows already in ORDER BY order,
# instead of searching the selective code/pinyin/initials index: 130–150 ms instead of 0.1 ms
# at 100,000 documents. The title queries keep the plain column: (kind, title) is their index.
_KIND_UNINDEXED = _DOC.c.kind.concat(literal_column("''"))


def _on(kinds: list[str], limit: int, postgresql: bool, *, by_title: bool) -> Select[Any]:
    kind = _DOC.c.kind if by_title else _KIND_UNINDEXED
    title = _DOC.c.title.collate("C") if postgresql else _DOC.c.title
    return select(*_COLUMNS).where(kind.in_(kinds)).order_by(kind, title, _DOC.c.id).limit(limit)


def _index_tiers(
    query: str, kinds: list[str], limit: int, postgresql: bool
) -> list[tuple[float, bool, list[Select[Any]]]]:
    """(score, ordered by code?, statements) per tier, best tier first."""
    titles = _on(kinds, limit, postgresql, by_title=True)
    keys = _on(kinds, limit, postgresql, by_title=False)
    code = query.upper() if _CODE.fullmatch(query) else None
    key = query.replace(" ", "").lower() if _KEY.fullmatch(query) else None
    exact_code: list[Select[Any]] = []
    exact_name = [titles.where(_DOC.c.title == query)]
    code_prefix: list[Select[Any]] = []
    prefix = [titles.where(_range(_DOC.c.title, query, _LAST_CHAR, postgresql))]
    if code:
        exact_code.append(keys.where(_DOC.c.code == code))
        if any(ch.isdigit() or ch == "-" for ch in code):
            code_order = _DOC.c.code.collate("C") if postgresql else _DOC.c.code
            code_prefix.append(  # the newest codes first: DB-2026 lists this year's latest
                keys.where(_range(_DOC.c.code, code, "\x7f", postgresql))
                .order_by(None)
                .order_by(code_order.desc(), _DOC.c.id.desc())
            )
    if key:
        for column in (_DOC.c.pinyin, _DOC.c.initials):
            exact_name.append(keys.where(column == key))
            prefix.append(keys.where(_range(column, key, "\x7f", postgresql)))
    return [
        (EXACT_CODE, False, exact_code),
        (EXACT_NAME, False, exact_name),
        (CODE_PREFIX, True, code_prefix),
        (PREFIX, False, prefix),
    ]


# ---- the text tier ----------------------------------------------------------------------------
#
# Finding the matches is cheap (12,000 documents holding 合同: 1 ms); ranking them is not: bm25
# costs about 1.1 µs per match on SQLite 3.40 (14 ms for those 12,000, 106 ms for a prefix found
# in every item). So bm25 ranks at most TEXT_CANDIDATES documents: every match when there are
# fewer, otherwise the newest ones (the FTS5 rowid order, free to read). Departments and people
# are ranked in a pass of their own, so a common word never pushes them out of the candidates.

TEXT_CANDIDATES = 2000
DIRECTORY_KINDS = ("department", "person")


# CROSS JOIN keeps SQLite starting from the FTS index; the inner LIMIT stops FTS5 (reading
# rowids newest first) after the candidates, and bm25 is computed for those rows only. The kind
# column carries no weight.
_SQLITE_TEXT = f"""
SELECT d.id, d.kind, d.ref_id, d.code, d.title, d.context, d.tag, -f.score AS relevance
FROM (
    SELECT rowid AS id, bm25({FTS_TABLE}, {SQLITE_RANK_WEIGHTS}) AS score FROM {FTS_TABLE}
    WHERE {FTS_TABLE} MATCH :match ORDER BY rowid DESC LIMIT :candidates
) AS f CROSS JOIN search_doc AS d ON d.id = f.id{{kinds}}
ORDER BY f.score, d.kind, d.title, d.id
LIMIT :limit
"""
_PG_TEXT = """
WITH matched AS MATERIALIZED (
    SELECT id FROM search_doc WHERE spaced_tsv @@ to_tsquery('simple', :match){inner}
), candidates AS (
    SELECT id FROM matched ORDER BY id DESC LIMIT :candidates
)
SELECT d.id, d.kind, d.ref_id, d.code, d.title, d.context, d.tag,
       {rank} AS relevance
FROM candidates JOIN search_doc AS d ON d.id = candidates.id{outer}
ORDER BY relevance DESC, d.kind, d.title COLLATE "C", d.id
LIMIT :limit
"""
# spaced_tsv is to_tsvector('simple', spaced), a generated column on PostgreSQL only (migration
# 0002_search). MATERIALIZED keeps the planner on its GIN index rather than walking the primary
# key backwards and testing every document it passes.


def text_statements(
    terms: list[list[str]], kinds: list[str], limit: int, postgresql: bool
) -> list[tuple[Any, dict[str, Any]]]:
    """The text tier's SQL and parameters: a pass over every kind wanted, and one over the
    directory when departments or people are wanted (the plan test explains exactly these).

    The directory pass filters by kind inside the index (FTS5's kind column, or beside the GIN
    condition): its documents are few. The main pass filters items after the candidates."""
    passes: list[tuple[list[str], bool]] = []
    records = [kind for kind in kinds if kind not in DIRECTORY_KINDS]
    if records:
        passes.append(([] if set(kinds) == set(SEARCH_KINDS) else records, False))
    directory = [kind for kind in kinds if kind in DIRECTORY_KINDS]
    if directory:
        passes.append((directory, True))
    statements = []
    for restrict, inside in passes:
        params: dict[str, Any] = {"limit": limit, "candidates": TEXT_CANDIDATES}
        if postgresql:
            params["match"] = tsquery(terms)
            params["text_match"] = tsquery(terms, readings=False)
            inner = "\n    AND kind IN :kinds" if inside else ""
            outer = "\nWHERE d.kind IN :kinds" if restrict and not inside else ""
            stmt = text(_PG_TEXT.format(inner=inner, outer=outer, rank=PG_RANK))
        else:
            params["match"] = fts5_query(terms, restrict if inside else ())
            outer = "\nWHERE d.kind IN :kinds" if restrict and not inside else ""
            stmt = text(_SQLITE_TEXT.format(kinds=outer))
        if ":kinds" in stmt.text:
            stmt = stmt.bindparams(bindparam("kinds", expanding=True))
            params["kinds"] = restrict
        statements.append((stmt, params))
    return statements


def _text_hits(
    session: OfficeSession, terms: list[list[str]], kinds: list[str], limit: int, postgresql: bool
) -> list[Any]:
    return [
        row
        for stmt, params in text_statements(terms, kinds, limit, postgresql)
        for row in session.execute(stmt, params)
    ]
