"""JSON text that is safe to print on a terminal: the one encoder of every --json and batch line.

`json.dumps(..., ensure_ascii=False)` keeps Chinese readable but writes C1 controls (U+009B is
a CSI on many terminals), bidi overrides (U+202E turns the rest of the line around) and line
separators raw, straight from the database to the user's terminal. Here those are written as
\\uXXXX escapes instead: the JSON still parses to exactly the same strings, and every other
character, Chinese included, stays plain UTF-8.
"""

import json
import re
from collections.abc import Callable
from typing import Any

# C0 controls are escaped by json itself. DEL and C1; the bidi marks, embeddings, overrides and
# isolates (and ARABIC LETTER MARK); the line and paragraph separators; lone surrogates, which
# could not even be encoded as UTF-8 on the way out.
_UNSAFE = re.compile(
    "[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(
    data: Any, *, indent: int | None = None, default: Callable[[Any], Any] | None = None
) -> str:
    """`data` as JSON text with no character that could steer a terminal.

    The substitution is safe on the encoded text: outside strings json.dumps writes only ASCII,
    and inside them a raw character is never preceded by an unpaired backslash.
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=default)
    return _UNSAFE.sub(_escape, text)
