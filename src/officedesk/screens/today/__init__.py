"""Today (今日): the director's day on one screen. Four panels: the day's schedule (visitors
today and tomorrow), what waits for the director (documents for a proposal or an instruction,
outgoing documents to sign, seal requests, extension requests), what falls due (supervision
items due soon, urgent and overdue incoming), and the overdue items counted by department.

Each panel shows its count and its first lines; its key (s, w, d, o) opens it in full, Enter on
a line opens the record, and Enter on a count opens the supervision register filtered to it."""

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from officedesk.errors import DomainError
from officedesk.i18n import t
from officedesk.screens.base import OfficeScreen
from officedesk.screens.today.panels import (
    PANEL_KEYS,
    TodayPanel,
    agenda_row,
    count_row,
    empty_row,
    heading,
    task_row,
)
from officedesk.text import display_safe
from officedesk.widgets.late import deliver
from officedesk.widgets.status import StatusLine

# A morning screen, not the register: the rest is one key away (3, filters).
LIMIT_PER_SECTION = 100
# An option id naming a filtered view of the supervision register rather than a record: the
# filters are kept by id (a department's name may hold any character).
FILTER_PREFIX = "filter:"


class TodayScreen(OfficeScreen):
    NAME = "today"
    DEFAULT_CSS = """
    TodayScreen #today-panels {
        grid-size: 2 2; grid-columns: 1fr 1fr; grid-rows: 1fr 1fr; height: 1fr; padding: 0 1;
    }
    TodayScreen.-narrow #today-panels { grid-size: 1 4; grid-columns: 1fr; grid-rows: 1fr; }
    TodayScreen.-full #today-panels { grid-size: 1 1; grid-columns: 1fr; grid-rows: 1fr; }
    TodayScreen.-full TodayPanel { display: none; }
    TodayScreen.-full TodayPanel.-full { display: block; }
    TodayScreen #today-guide { display: none; padding: 1 2; }
    TodayScreen.-empty #today-guide { display: block; }
    TodayScreen.-empty #today-panels { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "key.open", id="today.open"),
        *(
            Binding(key, f"panel('{name}')", f"key.today_{name}", id=f"today.{name}")
            for name, key in PANEL_KEYS.items()
        ),
        Binding("f5", "reload", "key.reload", id="today.reload"),
        Binding("escape", "restore", "key.restore", show=False, id="today.restore"),
    ]

    def __init__(self) -> None:
        super().__init__()
        # Option id → what Enter opens: a filtered register view, or a record (kind, id, code).
        # Kept by id, not parsed from it: a name or a number may hold any character.
        self._views: dict[str, dict[str, Any]] = {}
        self._records: dict[str, tuple[str, int, str]] = {}

    def body(self) -> ComposeResult:
        yield StatusLine(id="today-summary")
        yield Static(_guide(), id="today-guide")
        with Grid(id="today-panels"):
            for name in PANEL_KEYS:
                yield TodayPanel(name)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#panel-waiting", TodayPanel).options.focus()

    def on_resize(self, event: Any) -> None:
        """Under 60 columns two panels side by side are too narrow to read: one column."""
        self.set_class(event.size.width < 60, "-narrow")

    def on_screen_resume(self) -> None:
        self.reload()

    async def recompose(self) -> None:
        """A language switch rebuilds the panels empty: fill them again in the new language,
        with the panel that filled the dashboard (if one did) and the one with the keys back."""
        full = next((p.panel for p in self.query(TodayPanel) if p.has_class("-full")), None)
        focused = self.focused.parent if self.focused is not None else None
        keys = focused.panel if isinstance(focused, TodayPanel) else "waiting"
        await super().recompose()
        self.reload()
        if full is not None:
            self._panel(full).add_class("-full")
        self._panel(keys).options.focus()

    def reload(self) -> None:
        if not self.office.when_ready(self._load, self._not_opened):
            # The first demo fill takes seconds: say so rather than show an empty screen.
            key = "tui.today.preparing_demo" if self.ctx.demo else "tui.today.preparing"
            line = self.office.filling_line or t(key)
            self.query_one("#today-summary", StatusLine).update(Text(line))

    def show_filling(self, line: str) -> None:
        """The demo fill's progress (app._filling), until the day's figures replace it."""
        if not self.office.db_ready():
            self.query_one("#today-summary", StatusLine).update(Text(line))

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

    def _panel(self, name: str) -> TodayPanel:
        return self.query_one(f"#panel-{name}", TodayPanel)

    def _show(self, overview: Any) -> None:
        # An office with nothing in it yet gets the first steps instead of four empty panels.
        self.set_class(overview.empty_office, "-empty")
        panels = dict(overview.panels())
        for name in ("schedule", "waiting"):
            self._show_agenda(name, panels[name])
        self._show_due(overview, panels["due"])
        self._show_overdue(overview)
        summary = t(
            "tui.today.summary",
            overdue=overview.overdue.total,
            due_soon=overview.due_soon.total,
            done=overview.done_recently.total,
        )
        line = Text(summary)
        if overview.nightly is not None:  # last night's job failed or never finished: first
            from officedesk.views.nightly import trouble_line

            line = Text.assemble(
                (display_safe(trouble_line(*overview.nightly)), "bold red"), "  ", summary
            )
        self.query_one("#today-summary", StatusLine).update(line)

    def _show_agenda(self, name: str, sections: list[tuple[str, list[Any]]]) -> None:
        options: list[Option | None] = []
        for section, lines in sections:
            options.append(Option(heading(t(f"today.agenda.{section}"), len(lines)), disabled=True))
            for line in lines:
                ident = self._record(section, line.kind, line.ref_id, line.code)
                options.append(Option(agenda_row(line, clock=name == "schedule"), id=ident))
        if not options:
            options.append(empty_row(f"tui.today.empty.{name}"))
        self._panel(name).show(sum(len(lines) for _s, lines in sections), options)

    def _show_due(self, overview: Any, sections: list[tuple[str, list[Any]]]) -> None:
        due_soon = overview.due_soon
        options: list[Option | None] = []
        if due_soon.total:
            title = t("tui.today.due_soon_items", n=overview.yellow_workdays)
            ident = self._view("due_soon", {"due_soon": True})
            options.append(Option(heading(title, due_soon.total), id=ident))
            for task in due_soon.items():
                ident = self._record("due_soon", "task", task.id, task.code)
                options.append(Option(task_row(task), id=ident))
        count = due_soon.total
        for section, lines in sections:
            count += len(lines)
            options.append(Option(heading(t(f"today.agenda.{section}"), len(lines)), disabled=True))
            for line in lines:
                ident = self._record(section, line.kind, line.ref_id, line.code)
                options.append(Option(agenda_row(line), id=ident))
        if not options:
            options.append(empty_row("tui.today.empty.due"))
        self._panel("due").show(count, options)

    def _show_overdue(self, overview: Any) -> None:
        counts = overview.overdue_by_dept
        total = overview.overdue.total
        options: list[Option | None] = []
        if total:
            width = len(str(total))
            every = self._view("overdue", {"overdue": True})
            options.append(Option(count_row(t("tui.today.overdue_all"), total, width), id=every))
            for entry in counts:
                row = count_row(entry.dept or t("tui.no_dept"), entry.count, width)
                if entry.dept_id is None:  # the register has no "without a department" filter
                    options.append(Option(row, disabled=True))
                    continue
                # By id: a name may also read as another department's code or initials.
                flt = {"overdue": True, "dept": f"#{entry.dept_id}"}
                options.append(Option(row, id=self._view(f"overdue.{entry.dept_id}", flt)))
        else:
            options.append(empty_row("tui.today.empty.overdue"))
        self._panel("overdue").show(total, options)

    def _record(self, section: str, kind: str, ref_id: int, code: str) -> str:
        """A line's option id; one document may stand in two sections (waiting and urgent), so
        the section is part of it."""
        ident = f"record:{section}:{kind}:{ref_id}"
        self._records[ident] = (kind, ref_id, code)
        return ident

    def _view(self, name: str, filters: dict[str, Any]) -> str:
        ident = FILTER_PREFIX + name
        self._views[ident] = filters
        return ident

    # ---- keys -------------------------------------------------------------------------------

    def action_panel(self, name: str) -> None:
        """s, w, d, o: the panel takes the dashboard's room (its lines in full, the header and
        summary still above it); the same key or Esc brings the four back."""
        panel = self._panel(name)
        if panel.has_class("-full"):
            self.action_restore()
            return
        for other in self.query(TodayPanel):
            other.set_class(other is panel, "-full")
        self.add_class("-full")
        panel.options.focus()

    def action_restore(self) -> None:
        for panel in self.query(TodayPanel):
            panel.remove_class("-full")
        self.remove_class("-full")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc is the restore key only while one panel fills the dashboard."""
        return self.has_class("-full") if action == "restore" else True

    def action_open(self) -> None:
        focused = self.focused
        if not isinstance(focused, OptionList) or focused.highlighted is None:
            return
        self._open(focused.get_option_at_index(focused.highlighted))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option)

    def _open(self, option: Option) -> None:
        if not option.id:
            return
        if option.id in self._views:
            self.office.open_filtered("task", self._views[option.id])
        elif option.id in self._records:
            self.office.open_record(*self._records[option.id])

    def action_reload(self) -> None:
        self.reload()


def _guide() -> Text:
    """An empty office's first steps, numbered, and the way to the demo company."""
    guide = Text(t("tui.today.guide.title") + "\n\n", style="bold")
    for number in (1, 2, 3):
        guide.append(f"  {number}. {t(f'tui.today.guide.step{number}')}\n")
    guide.append("\n" + t("tui.today.guide.demo"), style="dim")
    return guide
