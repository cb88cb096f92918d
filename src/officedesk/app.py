"""The Textual workbench. For now: the supervision list, paged from the database."""

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from officedesk.context import AppContext
from officedesk.i18n import label, t
from officedesk.models.task_schemas import TaskRead
from officedesk.text import display_safe

PAGE = 200
LIGHT_STYLES = {"red": "bold red", "yellow": "yellow", "green": "green"}


class OfficeDeskApp(App[None]):
    """Shows open supervision items, most urgent first; keys page through the database."""

    TITLE = "officedesk"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", t("tui.quit"), id="quit"),
        Binding("r", "reload", t("tui.reload"), id="reload"),
        Binding("a", "toggle_all", t("tui.toggle_all"), id="toggle_all"),
        Binding("n", "next_page", t("tui.next_page"), id="next_page"),
        Binding("p", "previous_page", t("tui.previous_page"), id="previous_page"),
    ]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.offset = 0
        self.show_all = False
        self.has_more = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="tasks", cursor_type="row", zebra_stripes=True)
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        company = self.ctx.settings.company or t("app.company_default")
        self.title = display_safe(company)
        self.sub_title = f"{t('tab.supervision')} · {self.ctx.today.isoformat()}"
        table = self.query_one(DataTable)
        for key in ("code", "light", "title", "dept", "owner", "due", "state"):
            table.add_column(t(f"field.{key}"), key=key)
        self.load_tasks()

    @work(thread=True, exclusive=True)
    def load_tasks(self) -> None:
        from officedesk.services.tasks import TaskFilter, list_tasks

        states = ["all"] if self.show_all else None
        with self.ctx.read() as session:
            page = list_tasks(session, TaskFilter(states=states), limit=PAGE, offset=self.offset)
        self.call_from_thread(self.show_tasks, page.items, page.has_more)

    def show_tasks(self, items: list[TaskRead], has_more: bool) -> None:
        self.has_more = has_more
        table = self.query_one(DataTable)
        table.clear()
        for task in items:
            table.add_row(*self._cells(task), key=str(task.id))
        first = self.offset + 1 if items else 0
        status = t("list.shown", first=first, last=self.offset + len(items))
        if has_more:
            status += " " + t("tui.more_hint")
        self.query_one("#status", Static).update(Text(status))

    @staticmethod
    def _cells(task: TaskRead) -> list[Any]:
        light = (
            Text(label("light", task.light), style=LIGHT_STYLES[task.light])
            if task.light
            else Text("")
        )
        return [
            Text(task.code),
            light,
            Text(display_safe(task.title)),
            Text(display_safe(task.dept or "")),
            Text(display_safe(task.owner or "")),
            Text(task.due.isoformat()),
            Text(label("state", task.state)),
        ]

    def action_reload(self) -> None:
        self.load_tasks()

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.offset = 0
        self.load_tasks()

    def action_next_page(self) -> None:
        if self.has_more:
            self.offset += PAGE
            self.load_tasks()

    def action_previous_page(self) -> None:
        if self.offset:
            self.offset = max(0, self.offset - PAGE)
            self.load_tasks()


def run_app(ctx: AppContext) -> None:
    OfficeDeskApp(ctx).run()
