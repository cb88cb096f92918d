"""How a value becomes a cell of the csv files and the workbook, and how an import reads it back.

The contract an import is written against:

* jsonl holds every item exactly as `<noun> list --json` gives it (the same keys, values and
  JSON types), one object a line.
* csv: the first row holds those keys. A text value is written as it is, except that one
  starting with a formula character or an apostrophe gets an apostrophe in front (`neutralise`;
  `restore` takes exactly that one away). A missing value (null) is an empty cell, booleans are
  `true`/`false`, numbers in decimal, dates and moments in ISO 8601 as `--json` writes them, and
  lists and objects as JSON text. `decode` turns a cell back given the kind of its field.
* xlsx: row 1 holds the labels in the user's language, row 2 (hidden) the keys. A coded value
  shows its label under the key `<key>:label`, and a moment shows as a local date and time under
  `<key>:local`; the value itself is in a hidden column at the end under the key, as csv holds it.
"""

import json
from collections.abc import Sequence
from typing import Any

from pydantic_core import to_jsonable_python

from officedesk.jsonout import _UNSAFE, _escape

# What a spreadsheet reads as the start of a formula (and the apostrophe that marks a value we
# neutralised, so that a value starting with one is marked too and restore stays exact).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
LABEL_SUFFIX = ":label"
LOCAL_SUFFIX = ":local"
# The kinds `decode` knows.
KINDS = ("text", "optional_text", "integer", "number", "boolean", "json")


def neutralise(text: str) -> str:
    """A text no spreadsheet runs as a formula: an apostrophe in front of a dangerous start."""
    return "'" + text if text.startswith(FORMULA_START) else text


def restore(text: str) -> str:
    """What `neutralise` was given."""
    return text[1:] if text.startswith("'") else text


def jsonable(item: Any) -> Any:
    """A record's values as `--json` writes them (ISO dates, UTC moments ending in Z)."""
    return to_jsonable_python(item)


def csv_cell(value: Any) -> str:
    """One JSON value (as `jsonable` gives it) as a csv cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json_text(value)


# One encoder for every value: `json.dumps` with an option builds a new encoder each call, and a
# list or an object is encoded for every record (an incoming document has three lists).
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def json_text(value: Any) -> str:
    """`officedesk.jsonout.json_text(value)`, the text `--json` writes: `json.dumps(value,
    ensure_ascii=False)` (this encoder gives the same text) with jsonout's escapes."""
    return safe_text(_ENCODE(value))


def safe_text(text: str) -> str:
    """JSON text as `json.dumps(..., ensure_ascii=False)` gives it, with the escapes that
    `officedesk.jsonout.json_text` adds (its list of characters, so the two never differ)."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


FORMULA_CHARS = frozenset(FORMULA_START)


def csv_row(values: Sequence[Any]) -> list[Any]:
    """A record's JSON values as csv.writer takes them: `csv_cell` of each, inlined because it
    runs for every cell of the export (12 million at the benchmark's size). None, integers and
    floats go as they are: csv.writer writes None as an empty field, an int as `str` and a
    float as `repr`, which is what csv_cell gives (a test compares the two on every kind)."""
    return [
        value
        if value is None or (kind := value.__class__) is int or kind is float
        else ("'" + value if value[:1] in FORMULA_CHARS else value)
        if kind is str
        else ("true" if value else "false")
        if kind is bool
        else "[]"
        if kind is list and not value
        else json_text(value)
        for value in values
    ]


def decode(text: str, kind: str) -> Any:
    """A csv cell (or a hidden workbook cell) back as its JSON value, given the kind of its field:
    text, optional_text (empty means null), integer, number, boolean or json (a list or an
    object; dates and moments are text)."""
    if kind == "text":
        return restore(text)
    if text == "":
        return None
    if kind == "optional_text":
        return restore(text)
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return text == "true"
    if kind == "json":
        return json.loads(text)
    raise ValueError(kind)


def display_width(text: str) -> int:
    """The cells a text takes in a spreadsheet column: Chinese characters take two."""
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)
