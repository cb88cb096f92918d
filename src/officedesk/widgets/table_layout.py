"""How a record table lays out its columns: a fixed width each, the rest shared by the flexible
ones, and the droppable ones left out in a narrow terminal; a row's cells laid along them. Pure:
no widget, no Textual."""

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from officedesk.cells import MIN_TITLE, fit_cell


@dataclass(frozen=True)
class Column:
    """One column: a fixed width in cells, or 0 for the one that takes the remaining room.
    `drop`: 0 always shown; otherwise left out in a narrow terminal, the highest number first."""

    key: str
    label: str
    width: int = 0
    sort: str | None = None  # the sort key asked for when the header is clicked
    drop: int = 0


def column_widths(columns: Sequence[Column], width: int, sort_key: str | None) -> list[int]:
    """Each column's width in a table `width` cells wide, 0 for one left out."""
    shown = list(range(len(columns)))
    droppable = sorted(
        # The column the rows are sorted by stays: its ▲ says what the order is.
        (i for i, c in enumerate(columns) if c.drop and not (c.sort and c.sort == sort_key)),
        key=lambda i: -columns[i].drop,
    )
    while True:
        fixed = sum(columns[i].width + 1 for i in shown) + 2  # a gap each, the mark
        flexible = [i for i in shown if not columns[i].width]
        share = (width - fixed) // max(1, len(flexible))
        if share >= MIN_TITLE or not droppable:
            break
        shown.remove(droppable.pop(0))
    share = max(6, share)
    return [(c.width or share) if i in shown else 0 for i, c in enumerate(columns)]


def column_at(columns: Sequence[Column], widths: Sequence[int], x: int) -> Column | None:
    """The column shown at `x` cells from the left (after the mark), if any."""
    position = 2
    for column, width in zip(columns, widths, strict=True):
        if not width:
            continue
        if position <= x < position + width:
            return column
        position += width + 1
    return None


def table_line(
    cells: Sequence[Text], widths: Sequence[int], mark: str, style: Style | str = ""
) -> Text:
    """A row: the mark, then each shown cell fitted to its column and a gap."""
    line = Text(mark.ljust(2), style=style, end="")
    for cell, width in zip(cells, widths, strict=True):
        if width:
            line.append_text(fit_cell(cell, width))
            line.append(" ")
    return line
