"""The workbench's table columns from a register's COLUMNS (views/<register>.py): the headers
and widths are written once, for the CLI and the workbench alike."""

from collections.abc import Mapping, Sequence

from officedesk.i18n import t
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
