"""Reading an import file: its size, encoding and format, its header mapped onto a register's keys,
each row with the line it starts on (the header is line 1), its cells decoded as export/cells.py
wrote them."""

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from officedesk.errors import InvalidInput
from officedesk.export.cells import decode

DEFAULT_MAX_MIB = 50.0
FORMATS = {".csv": "csv", ".txt": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
MIB = 1024 * 1024


@dataclass
class Row:
    """One record of the file: the line it starts on and its values by key."""

    line: int
    values: dict[str, Any]


@dataclass
class FileRows:
    rows: list[Row] = field(default_factory=list)
    # Lines that are no record at all (a JSON Lines line that is not an object): line → reason key.
    broken: dict[int, str] = field(default_factory=dict)


def read_file(path: Path, columns: Mapping[str, str], max_mib: float) -> FileRows:
    """The rows of the file at `path` for a register whose columns are `columns` (key → the kind
    `cells.decode` knows). Refuses (InvalidInput) a file too large, of an unknown format or
    encoding, or with columns the register does not have."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InvalidInput("import.format", path=str(path), choices=sorted(FORMATS))
    try:
        size = path.stat().st_size
        if size > max_mib * MIB:
            raise InvalidInput(
                "import.too_large", path=str(path), size=f"{size / MIB:.1f}", limit=f"{max_mib:g}"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            "import.unreadable", path=str(path), reason=exc.strerror or str(exc)
        ) from exc
    text = _decoded(raw, path)
    return _csv_rows(text, columns) if kind == "csv" else _jsonl_rows(text, columns)


def _decoded(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without a BOM), else GB18030 (what a Chinese spreadsheet saves)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput("import.encoding", path=str(path))


def header_keys(headers: list[str], columns: Mapping[str, str]) -> list[str]:
    """Each header as its key: the key itself (any case), or its label in either language."""
    from officedesk.i18n import LANGUAGES, catalogue

    by_name: dict[str, str] = {}
    for lang in sorted(LANGUAGES):  # English first: a label both languages share is the same
        labels = catalogue(lang)
        for key in columns:
            label = labels.get(f"field.{key}")
            if label:
                by_name.setdefault(label.strip().casefold(), key)
    for key in columns:  # a key wins over a label that happens to read the same
        by_name[key.casefold()] = key
    keys: list[str] = []
    unknown: list[str] = []
    for header in headers:
        found = by_name.get(header.strip().casefold())
        if found is None or found in keys:
            unknown.append(header)
        keys.append(found or "")
    if unknown:
        raise InvalidInput("import.unknown_columns", columns=unknown, known=list(columns))
    return keys


def _csv_rows(text: str, columns: Mapping[str, str]) -> FileRows:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = next(reader)
    except StopIteration:
        return FileRows()
    keys = header_keys(headers, columns)
    found = FileRows()
    line = reader.line_num + 1
    for cells in reader:
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, or a spreadsheet's empty row
        if len(cells) > len(keys):
            found.broken[start] = "import.extra_cells"
            continue
        cells = cells + [""] * (len(keys) - len(cells))
        try:
            values = {
                key: decode(cell, columns[key]) for key, cell in zip(keys, cells, strict=True)
            }
        except ValueError:
            found.broken[start] = "import.bad_cell"
            continue
        found.rows.append(Row(start, values))
    return found


def _jsonl_rows(text: str, columns: Mapping[str, str]) -> FileRows:
    found = FileRows()
    unknown: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            item = None
        if not isinstance(item, dict):
            found.broken[number] = "import.bad_json"
            continue
        try:
            keys = header_keys(list(item), columns)
        except InvalidInput as exc:
            unknown += [name for name in exc.params["columns"] if name not in unknown]
            continue
        found.rows.append(Row(number, dict(zip(keys, item.values(), strict=True))))
    if unknown:
        raise InvalidInput("import.unknown_columns", columns=unknown, known=list(columns))
    return found
