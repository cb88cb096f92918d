"""The csv and jsonl files: one of each per dataset, written row by row (export/cells.py says
what a cell holds)."""

import csv
import io
from typing import Any, BinaryIO

from officedesk.export.cells import csv_cell
from officedesk.jsonout import json_text


class CsvFile:
    """UTF-8 with a BOM (spreadsheet software then reads Chinese), RFC 4180: CRLF line ends, a
    field quoted when it holds a comma, a quote or a line break, quotes doubled. The first row
    holds the keys of the first item; every item has the same keys."""

    def __init__(self, handle: BinaryIO) -> None:
        self._text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        self._rows = csv.writer(self._text, lineterminator="\r\n")
        self._keys: list[str] | None = None

    def write(self, item: dict[str, Any]) -> None:
        """One record, its values as `--json` gives them (cells.jsonable)."""
        if self._keys is None:
            self._keys = list(item)
            self._rows.writerow(self._keys)
        self._rows.writerow([csv_cell(item.get(key)) for key in self._keys])

    def close(self) -> None:
        """Flush into the binary file and leave it open (its owner renames it into place)."""
        self._text.flush()
        self._text.detach()


class JsonlFile:
    """One JSON object a line, exactly as `--json` writes an item (safe for a terminal, so
    U+2028 and the like are escapes and every record is one line)."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle

    def write(self, item: dict[str, Any]) -> None:
        self._handle.write((json_text(item) + "\n").encode("utf-8"))

    def close(self) -> None:
        self._handle.flush()
