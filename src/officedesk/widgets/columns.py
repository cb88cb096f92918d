"""The workbench's table columns from a register's COLUMNS (views/<register>.py): the headers
and widths are written once, for the CLI and the workbench alike."""

from collections.abc import Iterable, Mapping, Sequence

from rich.cells import cell_len

from officedesk.i18n import label, t
from officedesk.views.columns import Column
from officedesk.widgets.record_table import Column as TableColumn


def table_columns(
    columns: Sequence[Column], widths: Mapping[str, int] | None = None
) -> list[TableColumn]:
    """The columns the workbench shows (not the CLI-only ones), headers worded now; `widths`
    gives the width of each column sized from its words in the current language."""
    widths = widths or {}
    shown = [column for column in columns if not column.cli_only]
    return [
        TableColumn(
            column.key,
            t(column.label),
            widths[column.key] if column.width is None else column.width,
            sort=column.sort,
            drop=column.drop,
        )
        for column in shown
    ]


def text_width(*values: str, minimum: int = 2) -> int:
    """The cells the widest of these texts takes (a column sized from its words)."""
    return max(minimum, *(cell_len(v) for v in values))


def words_width(header: str, group: str, values: Iterable[str], minimum: int = 2) -> int:
    """A column as wide as its header (an i18n key) and the widest of its worded values."""
    return text_width(t(header), *(label(group, v) for v in values), minimum=minimum)
