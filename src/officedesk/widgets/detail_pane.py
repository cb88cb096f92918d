"""The selected record, beside its table: any Rich renderable, scrolled when long."""

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class DetailPane(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    DetailPane {
        width: 38%;
        min-width: 30;
        border-left: solid $panel-lighten-1;
        padding: 0 1;
    }
    DetailPane > Static { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="detail-body", markup=False)

    def show(self, renderable: RenderableType) -> None:
        """Renderables are built from Text objects, so user text is never read as markup."""
        self.query_one("#detail-body", Static).update(renderable)
        self.scroll_home(animate=False)

    def clear(self) -> None:
        self.show(Text(""))
