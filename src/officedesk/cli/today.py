"""`officedesk today`: overdue, due-soon and recently finished items — a table, JSON or a brief."""

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.state import STATE, read
from officedesk.i18n import t

if TYPE_CHECKING:
    from rich.table import Table

    from officedesk.models.task_schemas import TaskRead
    from officedesk.services.agenda import AgendaLine
    from officedesk.services.today import TodayOverview, TodaySection


def today(
    as_json: Annotated[bool, typer.Option("--json", help=t("help.opt.json"))] = False,
    brief: Annotated[bool, typer.Option("--brief", help=t("help.opt.brief"))] = False,
    dept: Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.dept"))] = None,
    limit: Annotated[int, typer.Option("--limit", "-l", help=t("help.opt.section_limit"))] = 500,
) -> Any:
    """One read transaction, then one of three views of the same overview."""
    if as_json and brief:
        from officedesk.cli.click_api import UsageError

        raise UsageError(t("today.json_or_brief"))
    from officedesk.services.today import today_overview
    from officedesk.views.today import brief_text, overview_dict

    with read() as session:
        dept_id = None
        if dept:
            from officedesk.services.lookup import resolve_department

            dept_id = resolve_department(session, dept).id
        overview = today_overview(session, dept_id=dept_id, limit_per_section=limit)
    if brief:
        text = brief_text(overview)
        if STATE.batch is not None:
            return text
        sys.stdout.write(text)  # already display-safe: brief_text cleans every user value
        return None
    if as_json or STATE.batch is not None:
        # overview_dict() is JSON-ready already (ISO dates, plain values): dumping it directly
        # spares emit()'s generic walk, which re-encodes every leaf value of a thousand items.
        data = overview_dict(overview)
        if STATE.batch is not None:
            return data
        from officedesk.jsonout import json_text

        sys.stdout.write(json_text(data, indent=2) + "\n")
        return None
    _human(overview)
    return None


# ---- the Rich view (imported only here, so --json and --brief never load Rich) ---------------

SECTION_STYLES = {"overdue": "bold red", "due_soon": "bold yellow", "done_recently": "bold green"}
OPEN_COLUMNS = ("dept", "code", "title", "owner", "due", "due_in")  # the section names the light
DONE_COLUMNS = ("dept", "code", "title", "owner", "due", "done_on", "on_time")
DEPT_CAP = 12  # cells; a long department name is cut, the title gets the room


def _human(overview: "TodayOverview") -> None:
    from rich.text import Text

    from officedesk.text import display_safe
    from officedesk.views.day import day_text
    from officedesk.views.render import console
    from officedesk.views.today import calendar_note, section_title

    out = console()
    status = overview.calendar
    heading = t("today.heading", status=day_text(status))
    out.print(Text(heading, style="bold"))
    if overview.nightly is not None:
        from officedesk.views.nightly import trouble_line

        out.print(Text(display_safe(trouble_line(*overview.nightly)), style="bold red"))
    if overview.dept is not None:
        out.print(Text(t("today.dept_line", dept=display_safe(overview.dept))))
    for section in overview.sections:
        out.print()
        title = t(
            "today.section.count", title=section_title(overview, section), count=section.total
        )
        out.print(Text(title, style=SECTION_STYLES[section.name]))
        if not section.groups:
            out.print(Text(t("today.none"), style="dim"))
            continue
        out.print(_section_table(section, out.width))
        if section.truncated:
            out.print(
                Text(t("today.truncated", shown=section.shown, total=section.total), style="dim")
            )
    for name, lines in overview.agenda_sections():
        out.print()
        title = t("today.section.count", title=t(f"today.agenda.{name}"), count=len(lines))
        out.print(Text(title, style="bold cyan"))
        out.print(_agenda_table(lines, out.width))
    note = calendar_note(overview, status, "calendar.estimated_note")
    if note:
        out.print(Text(note, style="dim"))


AGENDA_COLUMNS = ("code", "title", "subtitle", "when")
DETAIL_CAP = 40  # cells: the organisation, the sender, the time; the title keeps the room


def _agenda_table(lines: "list[AgendaLine]", width: int) -> "Table":
    from rich.text import Text

    from officedesk.views.render import cell, fitted_table
    from officedesk.views.today import agenda_detail

    rows = [
        [
            cell(line.code),
            cell(line.title),
            cell(agenda_detail(line)),
            Text(_when(line.when)),
        ]
        for line in lines
    ]
    headers = [t(f"field.{key}") for key in AGENDA_COLUMNS]
    return fitted_table(headers, rows, 1, width, {2: DETAIL_CAP})


def _when(value: Any) -> str:
    """A date as ISO; a moment in the machine's local time, to the minute."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        from officedesk.text import local_time

        return local_time(value)
    return value.isoformat()


def _section_table(section: "TodaySection", width: int) -> "Table":
    """One row per item; the department is written on its group's first row and a blank line
    closes each group, so the grouping reads without colour and without a column of repeats."""
    columns = DONE_COLUMNS if section.name == "done_recently" else OPEN_COLUMNS
    rows: list[list[Any]] = []
    ends: list[bool] = []
    for group in section.groups:
        dept = group.dept if group.dept is not None else t("today.no_dept")
        for index, item in enumerate(group.items):
            rows.append(_row(columns, item, dept if index == 0 else ""))
            ends.append(index == len(group.items) - 1)
    from officedesk.views.render import fitted_table

    headers = [t(f"field.{key}") for key in columns]
    return fitted_table(headers, rows, columns.index("title"), width, {0: DEPT_CAP}, ends)


def _row(columns: tuple[str, ...], item: "TaskRead", dept: str) -> list[Any]:
    """The cells of one item; user text goes through cell(), so it is never read as markup."""
    from rich.text import Text

    from officedesk.views.render import cell
    from officedesk.views.task import workdays_text

    estimated = " *" if item.calendar_estimated and item.light is not None else ""
    values = {
        "dept": cell(dept, "bold"),
        "code": cell(item.code),
        "title": cell(item.title),
        "owner": cell(item.owner or ""),
        "due": Text(item.due.isoformat() + estimated),
        "due_in": workdays_text(item),
        "done_on": Text(item.done_on.isoformat() if item.done_on else ""),
        "on_time": _verdict(item),
    }
    return [values[key] for key in columns]


def _verdict(item: "TaskRead") -> Any:
    from rich.text import Text

    if item.on_time is None:
        return Text("")
    if item.on_time:
        return Text(t("task.on_time"), style="green")
    return Text(t("task.late"), style="magenta")
