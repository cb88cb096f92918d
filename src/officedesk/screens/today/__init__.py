"""Today (今日): what is overdue, what falls due in the next working days, what was finished
yesterday, grouped by department; then the other registers' lines (documents waiting for an
instruction, urgent incoming, visitors today and tomorrow…). Enter on a line opens the record."""

from typing import Any, ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from officedesk.errors import DomainError
from officedesk.i18n import label, t
from officedesk.screens.base import OfficeScreen
from officedesk.text import display_safe
from officedesk.widgets.late import deliver
from officedesk.widgets.status import StatusLine

# A morning screen, not the register: the rest is one key away (3, filters).
LIMIT_PER_SECTION = 100
SECTION_STYLES = {"overdue": "bold red", "due_soon": "bold yellow", "done_recently": "bold green"}


class TodayScreen(OfficeScreen):
    NAME = "today"
    DEFAULT_CSS = """
    TodayScreen #today-list { height: 1fr; border: none; padding: 0 1; }
    TodayScreen #today-list:focus { border: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "key.open", id="today.open"),
        Binding("f5", "reload", "key.reload", id="today.reload"),
    ]

    def body(self) -> ComposeResult:
        yield StatusLine(id="today-summary")
        yield OptionList(id="today-list")

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        if not self.office.when_ready(self._load, self._not_opened):
            # The first demo fill takes seconds: say so rather than show an empty screen.
            key = "tui.today.preparing_demo" if self.ctx.demo else "tui.today.preparing"
            self.query_one("#today-summary", StatusLine).update(Text(t(key)))

    def _not_opened(self, error: DomainError) -> None:
        """The database could not be opened: the reason stays here, after the toast has gone."""
        self.query_one("#today-summary", StatusLine).update(Text(display_safe(error.message())))

    @work(thread=True, exclusive=True, group="today")
    def _load(self) -> None:
        from officedesk.services.today import today_overview

        try:
            with self.ctx.read() as session:
                overview = today_overview(session, limit_per_section=LIMIT_PER_SECTION)
        except DomainError as error:
            self.app.call_from_thread(self.notify, error.message(), severity="error")
            return
        deliver(self, self._show, overview)  # dropped if the screen was rebuilt meanwhile

    def _show(self, overview: Any) -> None:
        options: list[Option | None] = []
        sections = (
            ("overdue", overview.overdue),
            ("due_soon", overview.due_soon),
            ("done_recently", overview.done_recently),
        )
        for name, section in sections:
            title = Text(
                t(f"tui.today.{name}", n=section.total), style=SECTION_STYLES[name], end=""
            )
            options.append(Option(title, disabled=True))
            if not section.groups:
                options.append(
                    Option(Text("    " + t("tui.today.none"), style="dim"), disabled=True)
                )
            for group in section.groups:
                dept = group.dept or t("tui.no_dept")
                heading = Text(f"  {display_safe(dept)}  ", style="bold")
                heading.append(t("tui.today.items", n=len(group.items)), style="dim")
                options.append(Option(heading, disabled=True))
                for task in group.items:
                    options.append(Option(self._line(name, task), id=f"task:{task.id}:{task.code}"))
            if section.truncated:
                options.append(
                    Option(Text("    " + t("tui.today.more"), style="dim"), disabled=True)
                )
            options.append(None)
        for name, lines in overview.agenda_sections():
            title = Text(
                t("tui.today.agenda", title=t(f"today.agenda.{name}"), n=len(lines)),
                style="bold cyan",
                end="",
            )
            options.append(Option(title, disabled=True))
            for line in lines:
                # A document can wait for an instruction and be urgent at once: the section
                # keeps the option ids unique.
                ident = f"{name}|{line.kind}:{line.ref_id}:{line.code}"
                options.append(Option(self._agenda_line(line), id=ident))
            options.append(None)
        option_list = self.query_one(OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        option_list.add_options(options)
        if highlighted is not None and highlighted < option_list.option_count:
            option_list.highlighted = highlighted
        summary = t(
            "tui.today.summary",
            overdue=overview.overdue.total,
            due_soon=overview.due_soon.total,
            done=overview.done_recently.total,
        )
        self.query_one("#today-summary", StatusLine).update(Text(summary))

    @staticmethod
    def _line(section: str, task: Any) -> RenderableType:
        line = Text()
        line.append(task.code, style="bold")
        line.append("  ")
        line.append(display_safe(task.title))
        detail = [display_safe(task.owner)] if task.owner else []
        if section == "done_recently" and task.done_on:
            verdict = t("task.on_time") if task.on_time else t("task.late")
            detail.append(f"{task.done_on.isoformat()} {verdict}")
        else:
            detail.append(task.due.isoformat())
            if task.due_in_workdays is not None:
                detail.append(t("due.in_workdays", n=task.due_in_workdays))
        line.append("  " + " · ".join(detail), style="dim")
        if task.priority == "urgent":
            line.append("  " + label("priority", "urgent"), style="bold magenta")
        return _indented(line)

    @staticmethod
    def _agenda_line(line: Any) -> RenderableType:
        text = Text()
        text.append(display_safe(line.code), style="bold")
        text.append("  ")
        text.append(display_safe(line.title))
        from officedesk.views.today import agenda_detail

        detail = agenda_detail(line)
        if detail:
            text.append("  " + display_safe(detail), style="dim")
        return _indented(text)

    def action_open(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is None:
            return
        option = option_list.get_option_at_index(option_list.highlighted)
        self._open(option)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option)

    def _open(self, option: Option) -> None:
        if option.id:
            kind, ident, code = option.id.split("|")[-1].split(":", 2)
            self.office.open_record(kind, int(ident), code)

    def action_reload(self) -> None:
        self.reload()


def _indented(content: Text) -> RenderableType:
    """The entry four cells in, and its wrapped lines too: in a narrow terminal a plain Text's
    second line started at the left edge, under the section heading."""
    grid = Table.grid(padding=0, expand=True)
    grid.add_column(width=4, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row("", content)
    return grid
