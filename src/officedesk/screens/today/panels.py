"""Today's four panels: the day's schedule, what waits for the director, what falls due, and
the overdue items counted by department. Each is a bordered list with its count in the title
and its key under it; the screen fills them and opens what is chosen.

A panel's line is one row, cut with "…" at the panel's width: a dashboard shows the first lines
of everything at once, and the full text is one key (or Enter) away."""

from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from officedesk.i18n import label, t
from officedesk.text import display_safe

# The panels in the order shown (left to right, top to bottom), each with the key opening it.
PANEL_KEYS = {"schedule": "s", "waiting": "w", "due": "d", "overdue": "o"}


def one_row(text: Text) -> Text:
    """The line as one row: a narrow panel cuts it with "…" instead of wrapping it."""
    text.no_wrap = True
    text.overflow = "ellipsis"
    text.end = ""
    return text


def heading(title: str, count: int, *, style: str = "bold") -> Text:
    """A section's heading within a panel: its title and how many lines it has."""
    line = Text(display_safe(title), style=style)
    line.append(f"  {count}", style="dim")
    return one_row(line)


def agenda_row(line: Any, *, clock: bool = False) -> Text:
    """An agenda line (services.agenda.AgendaLine): code, title, then its detail dimmed; with
    `clock`, the schedule's, its local time first, so the day reads in order at a glance."""
    from officedesk.text import local_time
    from officedesk.views.today import agenda_detail

    row = Text("  ")
    if clock and isinstance(line.when, datetime):
        row.append(local_time(line.when, "%H:%M") + "  ", style="bold cyan")
    row.append(display_safe(line.code), style="bold")
    row.append("  ")
    row.append(display_safe(line.title))
    detail = agenda_detail(line)
    if detail:
        row.append("  " + display_safe(detail), style="dim")
    return one_row(row)


def task_row(task: Any) -> Text:
    """A supervision item due soon: code, title, then department, due date and days left."""
    row = Text("  ")
    row.append(task.code, style="bold")
    row.append("  ")
    row.append(display_safe(task.title))
    detail = [display_safe(task.dept)] if task.dept else []
    detail.append(task.due.isoformat())
    if task.due_in_workdays is not None:
        detail.append(t("due.in_workdays", n=task.due_in_workdays))
    row.append("  " + " · ".join(detail), style="dim")
    if task.priority == "urgent":
        row.append("  " + label("priority", "urgent"), style="bold magenta")
    return one_row(row)


def count_row(name: str, count: int, width: int = 4) -> Text:
    """A department and its overdue count, the count first so the figures line up."""
    row = Text(f"  {count:>{width}}  ", style="bold red")
    row.append(display_safe(name))
    return one_row(row)


def empty_row(key: str) -> Option:
    return Option(one_row(Text("  " + t(key), style="dim")), disabled=True)


class TodayPanel(Vertical):
    """One panel: a border titled with the panel's name and count, its key in the border's
    foot, and the list of its lines. It is what `s`/`w`/`d`/`o` maximize."""

    ALLOW_MAXIMIZE: ClassVar[bool | None] = True
    DEFAULT_CSS = """
    TodayPanel {
        border: round $primary-darken-2; border-title-style: bold; padding: 0 0;
        height: 1fr; width: 1fr;
    }
    TodayPanel:focus-within { border: round $accent; }
    TodayPanel > OptionList {
        height: 1fr; border: none; padding: 0; background: transparent;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    TodayPanel > OptionList:focus { border: none; }
    """

    def __init__(self, name: str) -> None:
        super().__init__(id=f"panel-{name}")
        self.panel = name

    def compose(self) -> ComposeResult:
        yield OptionList(id=f"list-{self.panel}")

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    def show(self, count: int, options: list[Option | None]) -> None:
        """Fill the panel; the cursor stays where it was when the lines come back reloaded."""
        self.border_title = t(
            "tui.today.panel_title", title=t(f"tui.today.panel.{self.panel}"), n=count
        )
        self.border_subtitle = t("tui.today.panel_key", key=PANEL_KEYS[self.panel])
        option_list = self.options
        highlighted = option_list.highlighted
        option_list.clear_options()
        option_list.add_options(options)
        if highlighted is not None and highlighted < option_list.option_count:
            option_list.highlighted = highlighted
