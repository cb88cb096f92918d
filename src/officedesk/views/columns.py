"""A register's list columns, written once: the CLI's table, the workbench's table and the nightly
export all read the same `COLUMNS` of views/<register>.py. Nothing here imports Rich until a
table is printed, so `--json` output and the export never load it."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from officedesk.i18n import t

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text


@dataclass(frozen=True)
class Column:
    """One column of a register's list.

    `key` is the field's key in the items of `<noun> list --json` (and the export's header);
    `label` the message key of the header both front ends show. `width` is the workbench's width
    in cells, 0 for the one column (the title) that takes the room left, in both front ends;
    None where the workbench measures it from its words in the current language (or where the
    column is the CLI's only).
    `cap` is the most cells the CLI gives a value; `keep` keeps it in a narrow terminal.
    `sort` and `drop` are the workbench's (the sort a click on the header asks for; left out in a
    narrow terminal, the highest number first). `cli_only` columns are not on the workbench."""

    key: str
    label: str
    width: int | None = None
    cap: int | None = None
    keep: bool = False
    sort: str | None = None
    drop: int = 0
    cli_only: bool = False


def headers(columns: Sequence[Column]) -> list[str]:
    return [t(column.label) for column in columns]


def title_at(columns: Sequence[Column]) -> int:
    """The column that takes the room left (the first of width 0)."""
    return next(i for i, column in enumerate(columns) if column.width == 0)


def fitted(
    columns: Sequence[Column],
    rows: Sequence[Sequence["Text"]],
    width: int,
    ends: Sequence[bool] | None = None,
) -> "Table":
    """The CLI's table of `columns`, fitted to `width` cells (see render.fitted_table)."""
    from officedesk.views.render import fitted_table

    caps = {i: column.cap for i, column in enumerate(columns) if column.cap is not None}
    keep = {i for i, column in enumerate(columns) if column.keep}
    return fitted_table(headers(columns), rows, title_at(columns), width, caps, ends, keep)


def footer(count: int, has_more: bool, offset: int) -> str:
    """The line under a page of a list: which rows, and the offset of the next page."""
    line = t("list.shown", first=offset + 1, last=offset + count)
    if has_more:
        line += " " + t("list.more", next=offset + count)
    return line


def print_page(
    columns: Sequence[Column],
    rows: Sequence[Sequence["Text"]],
    *,
    has_more: bool,
    offset: int,
    ends: Sequence[bool] | None = None,
) -> None:
    """A page of a list on stdout: the table (or "none") and the footer."""
    from rich.text import Text

    from officedesk.views.render import console

    out = console()
    if not rows:
        out.print(Text(t("list.empty")))
        return
    out.print(fitted(columns, rows, out.width, ends))
    out.print(Text(footer(len(rows), has_more, offset), style="dim"))
