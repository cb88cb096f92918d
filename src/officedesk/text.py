"""Making user text safe to show: no control characters, no bidi overrides, no markup."""

import unicodedata
from datetime import datetime

# Embeddings, overrides, isolates and the marks (LRM, RLM and ARABIC LETTER MARK): invisible,
# and able to reorder what follows them on the line.
_BIDI = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
)
# LINE and PARAGRAPH SEPARATOR are line breaks to some renderers and nothing to others: treated
# as the newline they mean, so a one-line view stays on one line.
_LINE_BREAKS = "\n\u2028\u2029"
PLACEHOLDER = "\ufffd"


def display_safe(value: object, *, keep_newlines: bool = False) -> str:
    """Replace control characters (ESC, C1, CR…) with a visible placeholder and drop bidi overrides.

    Rich and Textual strip only a few control codes and let ESC through, so stored text could
    otherwise move the cursor, retitle the terminal or write the clipboard.
    """
    text = "" if value is None else str(value)
    text = text.translate(_BIDI)
    out = []
    for ch in text:
        if ch in _LINE_BREAKS:
            out.append("\n" if keep_newlines else " ")
        elif ch == "\t":
            out.append(ch if keep_newlines else " ")
        elif unicodedata.category(ch) == "Cc":
            out.append(PLACEHOLDER)
        else:
            out.append(ch)
    return "".join(out)


def local_time(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A stored (UTC) moment as the office reads it: the machine's local time, to the minute.
    One place, so the CLI, the screens and the registers' texts show the same clock."""
    return moment.astimezone().strftime(pattern) if moment else ""
