"""How the search index cuts text into tokens; the index and the search query share it, so a
query's tokens are the very ones a document was indexed with.

Chinese has no spaces between words and FTS5's trigram tokenizer cannot match a two-character
term, so the indexed text is a "spaced" form: every CJK character is a token of its own and runs
of other letters and digits stay words. A query becomes a phrase of the same tokens, which finds
a two-character term as two adjacent tokens (perf-baselines.md §4: 2–4 ms over 100,000 documents).

Pure text, no database: search_index re-exports these names.
"""

import re
import unicodedata

# Ideographs, kana, bopomofo and hangul: scripts written without spaces between words.
_CJK = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3040-\u30ff\u3100-\u318f"
    "\u31a0-\u31bf\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
# One CJK letter, or a run of other letters/digits (never `_`, never punctuation). The tokens
# therefore never contain a quote or an operator, which is what makes them safe in FTS5 strings
# and tsquery lexemes.
_TOKEN = re.compile(rf"(?=\w)[{_CJK}]|[^\W_{_CJK}]+")
_CJK_CHAR = re.compile(f"[{_CJK}]")


def index_tokens(value: str) -> list[str]:
    """The tokens of a text as the index sees them: NFKC (full-width → ASCII), lower case."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", value).lower())


def is_word(token: str) -> bool:
    """A run of letters/digits (prefix-matchable), as opposed to a single CJK character."""
    return _CJK_CHAR.fullmatch(token) is None


def spaced(*parts: str | None) -> str:
    """The indexable form of some fields: their tokens joined by single spaces."""
    return " ".join(token for part in parts if part for token in index_tokens(part))
