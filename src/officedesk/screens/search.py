"""`/`: one search over every register, results as you type, Enter opens the record."""

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from officedesk.errors import DomainError
from officedesk.i18n import label, t
from officedesk.text import display_safe
from officedesk.views.search import subtitle
from officedesk.widgets.late import deliver


def hit_line(hit: Any) -> Text:
    line = Text(f"{label('kind_short', hit.kind)}  ", style="dim")
    if hit.code:
        line.append(display_safe(hit.code), style="bold")
        line.append("  ")
    line.append(display_safe(hit.title))
    if shown := subtitle(hit):
        line.append("  " + display_safe(shown), style="dim")
    return line


class SearchScreen(ModalScreen[Any]):
    """Dismissed with the chosen hit (kind, ref_id, code, …) or None."""

    DEFAULT_CSS = """
    SearchScreen { align: center top; }
    SearchScreen > Vertical {
        width: 100; max-width: 95%; height: auto; max-height: 80%; margin-top: 2;
        border: thick $primary; background: $surface;
    }
    SearchScreen OptionList { height: auto; max-height: 24; border: none; }
    SearchScreen .search-status { color: $text-muted; padding: 0 1; height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "key.close", id="search.close"),
        Binding("down", "results", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._hits: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder=t("tui.search_placeholder"), id="search-input")
            yield Static("", classes="search-status", markup=False)
            yield OptionList(id="search-results")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        """Search at every keystroke: a query takes milliseconds on the index, and a result
        that arrives after newer typing is dropped (see _show)."""
        self._search(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            first = results.get_option_at_index(0)
            if first.id:
                self.dismiss(self._hits.get(first.id))

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str) -> None:
        if not self.app.wait_ready():  # type: ignore[attr-defined]
            return
        from officedesk.services.search import search_fresh

        try:
            hits = search_fresh(self.app.ctx, query, limit=30)  # type: ignore[attr-defined]
        except DomainError as error:
            deliver(self, self._show_error, error.message())
            return
        deliver(self, self._show, query, hits)  # dropped once the search is closed

    def _show_error(self, message: str) -> None:
        self.query_one(".search-status", Static).update(message)

    def _show(self, query: str, hits: list[Any]) -> None:
        if query != self.query_one(Input).value:
            return  # a newer search is on its way
        results = self.query_one(OptionList)
        results.clear_options()
        self._hits = {f"{hit.kind}:{hit.ref_id}": hit for hit in hits}
        results.add_options([Option(hit_line(hit), id=f"{hit.kind}:{hit.ref_id}") for hit in hits])
        if hits:
            results.highlighted = 0  # what Enter opens, shown as chosen
        status = t("tui.search_count", n=len(hits)) if query.strip() else ""
        self.query_one(".search-status", Static).update(status)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(self._hits.get(event.option.id))

    def action_results(self) -> None:
        self.query_one(OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)
