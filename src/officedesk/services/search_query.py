"""The text tier's query language: what a term may match, written as an FTS5 expression on
SQLite and as a tsquery on PostgreSQL (services.search runs them).

A term matches its own tokens in the text (the last one a prefix when it is a word, so a word
being typed matches), or, when it could be typed pinyin, a title's syllables or initials: the
index holds both (officedesk.search_sounds) and pinyin_syllables reads the term, so a query needs
no pypinyin.
"""

from collections.abc import Iterable

from officedesk.pinyin_syllables import initial_pairs, sound_readings
from officedesk.search_tokens import is_word


def pinyin_word(tokens: list[str]) -> str | None:
    """A term that could be typed pinyin: one word of two or more ASCII letters."""
    if len(tokens) == 1 and len(tokens[0]) >= 2 and tokens[0].isascii() and tokens[0].isalpha():
        return tokens[0]
    return None


def _readings(tokens: list[str]) -> list[tuple[str, list[str], bool]]:
    """Where a term may match, as (column, phrase tokens, last token a prefix?): its own tokens
    in the text; if it could be pinyin, also each way it reads as a title's syllables (the last
    one may be half typed) and, read as initials, their neighbour pairs (search_sounds)."""
    readings = [("spaced", tokens, is_word(tokens[-1]))]
    word = pinyin_word(tokens)
    if word is not None:
        readings += [("sounds", split, prefix) for split, prefix in sound_readings(word)]
        if pairs := initial_pairs(word):
            readings.append(("heads", pairs, False))
    return readings


def fts5_query(terms: list[list[str]], kinds: Iterable[str] = ()) -> str:
    """An FTS5 expression: each term a phrase of its tokens in the `spaced` column, the last
    one a prefix when it is a word ("db 2026 00"*), or one of its pinyin readings in `sounds`
    or `heads`; all terms required; `kinds` restricts the documents through the `kind` column.
    Tokens hold only letters and digits, so the user can inject no syntax: quotes, *, AND,
    NEAR( and - are gone before this point."""
    groups = []
    for tokens in terms:
        alternatives = [
            f'{column} : "{" ".join(phrase)}"' + ("*" if prefix else "")
            for column, phrase, prefix in _readings(tokens)
        ]
        groups.append("(" + " OR ".join(alternatives) + ")")
    expression = " AND ".join(groups)
    if kinds:
        expression += " AND kind : (" + " OR ".join(kinds) + ")"
    return expression


# spaced_tsv holds the text at weight D, the title's sounds at A and its heads at B (migration
# 0015_title_sounds). ts_rank does not heed a query's weights, only the document's: the text is
# ranked against the text's own query (as before 0015), and the pinyin readings add half that
# weight through the sounds and heads alone, so a text match ranks above a pinyin one.
_WEIGHTS = {"spaced": "D", "sounds": "A", "heads": "B"}
PG_RANK = (
    "ts_rank('{0.1, 0, 0, 0}', d.spaced_tsv, to_tsquery('simple', :text_match))"
    " + ts_rank('{0, 0, 0.05, 0.05}', d.spaced_tsv, to_tsquery('simple', :match))"
)
SQLITE_RANK_WEIGHTS = "1.0, 0.0, 0.5, 0.5"  # spaced, kind, sounds, heads


def tsquery(terms: list[list[str]], *, readings: bool = True) -> str:
    """The same on PostgreSQL: ('db':D <-> '2026':D <-> '00':*D) & ('合':D <-> '同':D); without
    `readings`, the text alone."""
    groups = []
    for tokens in terms:
        alternatives = []
        for column, phrase, prefix in _readings(tokens)[: None if readings else 1]:
            weight = _WEIGHTS[column]
            lexemes = [f"'{token}':{weight}" for token in phrase]
            if prefix:
                lexemes[-1] = f"'{phrase[-1]}':*{weight}"
            alternatives.append(" <-> ".join(lexemes))
        groups.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(groups)
