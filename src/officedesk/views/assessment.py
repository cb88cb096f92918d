"""The assessment (考核) in words and figures, shared by `officedesk report assessment` and the
workbench's advisory screen, so the two cannot word or round it differently."""

from typing import TYPE_CHECKING, Any

from officedesk.i18n import label, t

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from officedesk.services.assessment import Assessment, AssessmentRow

GROUP_HEADERS = {
    "dept": "assessment.col.dept",
    "category": "assessment.col.category",
    "source": "assessment.col.source",
}
COUNT_COLUMNS = (
    ("total", "assessment.col.total"),
    ("done_on_time", "assessment.col.done_on_time"),
    ("done_late", "assessment.col.done_late"),
    ("open_overdue", "assessment.col.open_overdue"),
    ("open_not_due", "assessment.col.open_not_due"),
)
FIGURE_HEADERS = (
    *(key for _name, key in COUNT_COLUMNS),
    "assessment.col.on_time_rate",
    "assessment.col.avg_score",
    "assessment.col.reminders",
)
NONE = "—"


def rate_text(rate: float | None) -> str:
    return NONE if rate is None else f"{rate:.1%}"


def score_text(score: float | None) -> str:
    return NONE if score is None else f"{score:.2f}"


def _group_name(result: "Assessment", row: "AssessmentRow") -> "Text":
    """Department names and categories are user text (cell: never markup); sources are ours."""
    from rich.text import Text

    from officedesk.views.render import cell

    if result.by == "source":
        return Text(label("source", row.key))
    if row.name is None:
        key = "assessment.unassigned" if result.by == "dept" else "assessment.uncategorised"
        return Text(t(key), style="italic")
    return cell(row.name)


def _figures(row: "AssessmentRow") -> list[str]:
    counts = [str(getattr(row, name)) for name, _key in COUNT_COLUMNS]
    return [*counts, rate_text(row.on_time_rate), score_text(row.avg_score), str(row.reminders)]


def assessment_view(result: "Assessment", width: int) -> "RenderableType":
    """The assessment as one Rich renderable fitted to `width` cells: the CLI prints it, and the
    TUI's advisory screen shows the same view, so the two cannot word or round it differently."""
    from rich import box
    from rich.cells import cell_len
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from officedesk.views.render import cell

    heading = [t("assessment.period", since=result.period.since, until=result.period.until)]
    if result.category:
        heading.append(t("assessment.filter_category", category=result.category))
    if result.source:
        heading.append(t("assessment.filter_source", source=label("source", result.source)))
    # The category filter is user text: shown through cell(), like every other stored value.
    parts: list[Any] = [
        Text(t("assessment.title"), style="bold"),
        cell(t("assessment.sep").join(heading)),
    ]
    if not result.groups:
        return Group(*parts, Text(t("assessment.empty")))
    rows = [(_group_name(result, row), _figures(row)) for row in result.groups]
    total_label = Text(t("assessment.total"))
    total = _figures(result.overall)
    headers = [t(key) for key in FIGURE_HEADERS]
    # Every figure keeps its width; the names get what is left and are cut with an ellipsis
    # (Rich measures a CJK character as two cells). The box's column separator is the only gap,
    # so the English headers fit in 80 cells.
    widths = [
        max(cell_len(header), *(len(figures[i]) for _name, figures in rows), len(total[i]))
        for i, header in enumerate(headers)
    ]
    group_header = t(GROUP_HEADERS[result.by])
    names = [name for name, _figures in rows] + [total_label]
    natural = max(cell_len(group_header), *(name.cell_len for name in names))
    room = max(4, min(natural, width - sum(widths) - len(widths)))
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", padding=0, show_edge=False)
    table.add_column(group_header, no_wrap=True, overflow="ellipsis", width=room)
    for header, figure_width in zip(headers, widths, strict=True):
        table.add_column(header, justify="right", no_wrap=True, width=figure_width)
    for index, (name, figures) in enumerate(rows):
        table.add_row(name, *figures, end_section=index == len(rows) - 1)
    table.add_row(total_label, *total, style="bold")
    return Group(*parts, table, Text(t("assessment.note"), style="dim"))
