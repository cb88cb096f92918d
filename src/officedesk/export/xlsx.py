"""The workbook: one sheet per dataset (continued on the next sheet past a sheet's last row),
written with xlsxwriter in constant memory (rows go to a temporary file as they are written, so
a million rows do not grow the process). export/cells.py describes the layout an import reads.

Imported only when xlsx is asked for: xlsxwriter costs ~75 ms to import."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Any, BinaryIO, Union, get_args, get_origin

import xlsxwriter  # type: ignore[import-untyped]

from officedesk.export.cells import (
    FORMULA_CHARS,
    LABEL_SUFFIX,
    LOCAL_SUFFIX,
    csv_cell,
    display_width,
    neutralise,
)
from officedesk.i18n import catalogue, current_language, t
from officedesk.jsonout import json_text

if TYPE_CHECKING:
    from officedesk.export.rows import RowPage

SHEET_ROWS = 1_048_576  # Excel's last row
HEADER_ROWS = 2  # the labels, and the keys (hidden)
NAME_CHARS = 31  # Excel's longest sheet name
WIDEST = 50
NARROWEST = 6


@dataclass(frozen=True)
class _Column:
    key: str  # as row 2 names it: the item's key, or <key>:label / <key>:local
    source: str  # the item's key
    how: str  # "value", "label", "local" (a moment as a local date and time), "exact"
    header: str
    width: float
    hidden: bool = False


def _moment_keys(items: Sequence[Any]) -> set[str]:
    """The keys holding moments (date and time): from the read model's fields when the items are
    models, else from the values of the first page."""
    first = items[0]
    fields = getattr(type(first), "model_fields", None)
    if fields is not None:
        return {name for name, info in fields.items() if _is_moment(info.annotation)}
    return {
        key for key in first if any(isinstance(item.get(key), datetime) for item in items[:200])
    }


def _is_moment(annotation: Any) -> bool:
    if annotation is datetime:
        return True
    if get_origin(annotation) in (Union, UnionType):
        return any(_is_moment(arg) for arg in get_args(annotation))
    return False


class Workbook:
    def __init__(self, handle: BinaryIO, workdir: Path, *, sheet_rows: int = SHEET_ROWS) -> None:
        self._book = xlsxwriter.Workbook(
            handle,
            {
                "constant_memory": True,
                "tmpdir": str(workdir),
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        self._header = self._book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self._date = self._book.add_format({"num_format": "yyyy-mm-dd"})
        self._local = self._book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self._sheet_rows = sheet_rows
        self._labels: dict[tuple[str, str], str] = {}
        self._words = catalogue(current_language())

    def dataset(self, name: str, labels: Mapping[str, str], first: "RowPage | None") -> "Sheet":
        """A sheet for the dataset's records, laid out from its first page (None: no records,
        an empty sheet)."""
        if first is None:
            return Sheet(self, name, labels, (), [])
        records = first.records or [dict(zip(first.keys, row, strict=True)) for row in first.rows]
        return Sheet(self, name, labels, first.keys, records)

    def close(self) -> None:
        self._book.close()

    def _label(self, group: str, code: str) -> str:
        found = self._labels.get((group, code))
        if found is None:
            key = f"{group}.{code}"
            found = self._words.get(key, code)
            self._labels[(group, code)] = found
        return found

    def _heading(self, key: str) -> str:
        field = f"field.{key}"
        return t(field) if field in self._words else key


# How a column's cell is written (_Column.how), as small ints for the loop over every cell.
_HOW = {"exact": 0, "label": 1, "local": 2, "value": 3}


class Sheet:
    def __init__(
        self,
        book: Workbook,
        name: str,
        labels: Mapping[str, str],
        keys: Sequence[str],
        first_page: Sequence[Any],
    ) -> None:
        self._book = book
        self._name = name
        self._labels = labels
        self._count = 0
        self._sheet: Any = None
        self._row = 0
        self._columns = self._layout(first_page) if first_page else []
        # Per column: its place in a row's values, how it is written, its label group.
        self._plan = [
            (keys.index(column.source), _HOW[column.how], labels.get(column.source, ""))
            for column in self._columns
        ]
        self._start()

    def _layout(self, first_page: Sequence[Any]) -> list[_Column]:
        items = [_plain(item) for item in first_page[:200]]
        moments = _moment_keys(first_page)
        visible: list[_Column] = []
        hidden: list[_Column] = []
        for key in items[0]:
            header = self._book._heading(key)
            if key in moments:
                visible.append(_Column(key + LOCAL_SUFFIX, key, "local", header, 17))
                hidden.append(_Column(key, key, "exact", key, 22, hidden=True))
                continue
            if key in self._labels:
                group = self._labels[key]
                words = [
                    self._book._label(group, str(item[key]))
                    for item in items
                    if item[key] is not None
                ]
                width = _width(header, words)
                visible.append(_Column(key + LABEL_SUFFIX, key, "label", header, width))
                hidden.append(_Column(key, key, "exact", key, 12, hidden=True))
                continue
            values = [item[key] for item in items]
            if any(isinstance(value, date) for value in values):
                visible.append(_Column(key, key, "value", header, max(11, _width(header, []))))
                continue
            words = [_shown(value) for value in values if value is not None]
            visible.append(_Column(key, key, "value", header, _width(header, words)))
        return visible + hidden

    def _start(self) -> None:
        """A new sheet: its name, headers, widths, the frozen header and the hidden key row."""
        self._count += 1
        name = self._name if self._count == 1 else f"{self._name} ({self._count})"
        sheet = self._book._book.add_worksheet(name[:NAME_CHARS])
        for at, column in enumerate(self._columns):
            options = {"hidden": True} if column.hidden else None
            sheet.set_column(at, at, column.width, None, options)
        sheet.freeze_panes(HEADER_ROWS, 0)
        header = self._book._header
        for at, column in enumerate(self._columns):
            sheet.write_string(0, at, column.header, header)
        sheet.set_row(1, None, None, {"hidden": True})
        for at, column in enumerate(self._columns):
            sheet.write_string(1, at, column.key)
        self._sheet = sheet
        self._row = HEADER_ROWS

    def write_page(self, rows: Sequence[Sequence[Any]], exact: Sequence[Sequence[Any]]) -> None:
        """Records: `rows` with python values (real dates), `exact` the same records as `--json`
        gives them. xlsxwriter's typed calls straight from a plan made once per sheet: its own
        cost per cell is fixed, so nothing else is done per cell that could be done per column."""
        book = self._book
        label, local_format, date_format = book._label, book._local, book._date
        plan = list(enumerate(self._plan))
        last = book._sheet_rows
        for values, exact_values in zip(rows, exact, strict=True):
            if self._row >= last:
                self._start()
            sheet, row = self._sheet, self._row
            text, number = sheet.write_string, sheet.write_number
            for at, (source, how, group) in plan:
                value = values[source]
                if value is None:
                    continue
                if how == 3:  # the value itself
                    kind = value.__class__
                    if kind is str:
                        text(row, at, "'" + value if value[:1] in FORMULA_CHARS else value)
                    elif kind is int or kind is float:
                        number(row, at, value)
                    elif kind is bool:
                        sheet.write_boolean(row, at, value)
                    elif isinstance(value, str):
                        text(row, at, neutralise(value))
                    elif isinstance(value, int | float) and not isinstance(value, bool):
                        number(row, at, value)
                    elif isinstance(value, date) and not isinstance(value, datetime):
                        sheet.write_datetime(row, at, value, date_format)
                    else:
                        text(row, at, csv_cell(exact_values[source]))
                elif how == 0:  # the exact value, as csv holds it
                    text(row, at, csv_cell(exact_values[source]))
                elif how == 1:  # a code's label
                    text(row, at, neutralise(label(group, str(value))))
                else:  # a moment as a local date and time
                    local = value.astimezone().replace(tzinfo=None)
                    sheet.write_datetime(row, at, local, local_format)
            self._row += 1


def _plain(item: Any) -> dict[str, Any]:
    return item.model_dump() if hasattr(item, "model_dump") else dict(item)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list | dict):
        return json_text(value, default=str)
    return str(value)


def _width(header: str, words: Sequence[str]) -> float:
    """Room for the header and the longest of the sampled values, Chinese counted double."""
    widest = max([display_width(header), *(display_width(word) for word in words[:200])])
    return float(min(WIDEST, max(NARROWEST, widest + 2)))
