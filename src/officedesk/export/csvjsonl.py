"""The csv and jsonl files: one of each per dataset, written a page at a time (export/cells.py
says what a cell holds)."""

import csv
import io
from collections.abc import Sequence
from typing import Any, BinaryIO

from officedesk.export.cells import _ENCODE, csv_row, safe_text


class CsvFile:
    """UTF-8 with a BOM (spreadsheet software then reads Chinese), RFC 4180: CRLF line ends, a
    field quoted when it holds a comma, a quote or a line break, quotes doubled. The first row
    holds the keys; every record has the same keys. A dataset without records gives an empty
    file (not even the BOM)."""

    def __init__(self, handle: BinaryIO) -> None:
        self._text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        self._rows = csv.writer(self._text, lineterminator="\r\n")
        self._started = False

    def write_page(self, keys: Sequence[str], values: Sequence[Sequence[Any]]) -> None:
        """Records as `--json` gives their values (cells.jsonable of the page), in `keys`'
        order: one writerows call a page."""
        if not values:
            return
        if not self._started:
            self._rows.writerow(keys)
            self._started = True
        self._rows.writerows([csv_row(row) for row in values])

    def close(self) -> None:
        """Flush into the binary file and leave it open (its owner renames it into place)."""
        self._text.flush()
        self._text.detach()


class JsonlFile:
    """One JSON object a line, exactly as `--json` writes an item (safe for a terminal, so
    U+2028 and the like are escapes and every record is one line)."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle

    def write_page(self, keys: Sequence[str], values: Sequence[Sequence[Any]]) -> None:
        """Records as `--json` gives their values, in `keys`' order. The page is encoded line by
        line and made terminal-safe in one pass: json_text's escapes never span a line, so
        escaping the page is escaping each line."""
        if not values:
            return
        text = "\n".join([_ENCODE(dict(zip(keys, row, strict=True))) for row in values])
        self._handle.write((safe_text(text) + "\n").encode("utf-8"))

    def close(self) -> None:
        self._handle.flush()
