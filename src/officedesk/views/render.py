"""What every register's human views share: the console, user text as a cell, the fitted list
table and the label/value grid. Imported only when a human view is printed."""

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from officedesk.text import display_safe


def console() -> Console:
    """A console for the current stdout and terminal size (not cached: under `batch` or tests
    one process prints through many streams)."""
    return Console(highlight=False, emoji=False)


def cell(value: object, style: str = "") -> Text:
    """User text as a Text object: never parsed as markup, control characters made visible."""
    return Text(display_safe(value if value is not None else ""), style=style)


def fitted_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Text]],
    title_at: int,
    width: int,
    caps: dict[int, int] | None = None,
    ends: Sequence[bool] | None = None,
    keep: Collection[int] = (),
) -> Table:
    """Every fact keeps its width; the title gets what is left and is cut with an ellipsis on a
    character boundary (Rich measures a CJK character as two cells).

    In a narrow terminal (80 columns, or a pipe) a register with many facts would leave the
    title a few cells: then the facts right of the title are left out, the last first, then
    those left of it but the first (the code) and those in `keep`, until the title has
    MIN_TITLE cells."""
    from officedesk.cells import MIN_TITLE

    caps = caps or {}
    widths = [
        min(caps.get(i, 999), max(cell_len(headers[i]), *(row[i].cell_len for row in rows)))
        for i in range(len(headers))
    ]
    shown = list(range(len(headers)))
    droppable = [i for i in reversed(shown) if i > title_at and i not in keep] + [
        i for i in reversed(shown) if 0 < i < title_at and i not in keep
    ]

    def room_left() -> int:
        gutters = 2 * (len(shown) - 1)
        return width - gutters - sum(widths[i] for i in shown if i != title_at)

    while room_left() < MIN_TITLE and droppable:
        shown.remove(droppable.pop(0))
    room = max(8, room_left())
    table = Table(
        box=box.SIMPLE_HEAD,
        header_style="bold",
        padding=(0, 1, 0, 0),
        pad_edge=False,
        show_edge=False,
    )
    for i in shown:
        if i == title_at:
            table.add_column(headers[i], no_wrap=True, overflow="ellipsis", max_width=room)
        else:
            table.add_column(
                headers[i],
                no_wrap=True,
                overflow="ellipsis",
                min_width=widths[i],
                max_width=widths[i],
            )
    from officedesk.cells import fit_cell

    for index, row in enumerate(rows):
        cells = list(row)
        cells[title_at] = fit_cell(cells[title_at], room, pad=False)
        for at, cap in caps.items():
            cells[at] = fit_cell(cells[at], cap, pad=False)
        table.add_row(*(cells[i] for i in shown), end_section=bool(ends and ends[index]))
    return table


def pairs_table(pairs: Iterable[tuple[str, Any]], *, skip_empty: bool = False) -> Table:
    """Label and value, one pair a row: every register's detail view is built from these.

    The value column folds: Chinese has no spaces to wrap at, so Rich would otherwise cut a
    long instruction or reason at the pane's edge. User values go through cell() (data, never
    markup); a value that is already a Text is kept with its styles."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for key, value in pairs:
        if skip_empty and value in ("", None):
            continue
        table.add_row(Text(key), value if isinstance(value, Text) else cell(value))
    return table


def heading(text: str, style: str = "bold") -> list[Text]:
    """The start of a section of a detail view: a blank line, then its heading."""
    return [Text(""), Text(text, style=style)]


def stamped_line(stamp: str, marked: object, marked_style: str, rest: object) -> Text:
    """A dated line of a detail view's section: `  stamp  marked  rest`, user values as cells."""
    line = Text(f"  {stamp}  ")
    line.append_text(cell(marked, marked_style))
    line.append("  ")
    line.append_text(cell(rest))
    return line
