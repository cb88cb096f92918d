"""A register's list view: filters, the paged table, the selected record beside it, a status
line. Subclasses (in screens/) say how to count, fetch, show and change records; this class only
wires the widgets and runs the database work in thread workers."""

import importlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical

from officedesk.errors import DomainError
from officedesk.i18n import t
from officedesk.views.columns import Column as ViewColumn
from officedesk.widgets.columns import table_columns
from officedesk.widgets.detail_pane import DetailPane
from officedesk.widgets.filter_bar import FilterBar, FilterSpec
from officedesk.widgets.late import deliver
from officedesk.widgets.pane_forms import PaneForms
from officedesk.widgets.record_form import word_choices
from officedesk.widgets.record_table import Column, RecordTable
from officedesk.widgets.status import StatusLine


class ListPane(PaneForms, Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "focus_filter", "key.filter", id="pane.filter"),
        Binding("escape", "clear", "key.clear", show=False, id="pane.clear"),
        Binding("f5", "reload", "key.reload", show=False, id="pane.reload"),
        Binding("ctrl+d", "toggle_detail", "key.toggle_detail", show=False, id="pane.detail"),
    ]
    DEFAULT_CSS = """
    ListPane { height: 1fr; }
    ListPane.-no-detail DetailPane { display: none; }
    ListPane > .list-body { height: 1fr; }
    ListPane RecordTable { width: 1fr; }
    ListPane.-narrow > .list-body { layout: vertical; }
    ListPane.-narrow DetailPane {
        width: 1fr; height: 45%; border-left: none; border-top: solid $panel-lighten-1;
    }
    """
    # Below this width the detail goes under the table, so titles keep room to be read.
    SIDE_BY_SIDE = 150
    TEXT_FILTER = "text"  # the filter that `show_text` fills in
    DEFAULT_SORT: str | None = None
    # The register's list columns as views/<register>.py writes them for the CLI too (headers,
    # widths); a pane that measures some from their words builds its own in `columns`.
    VIEW_COLUMNS: ClassVar[Sequence[ViewColumn]] = ()
    # The register's (module, count service, list service), named so the module loads only when
    # the first page is asked for; a pane that reads more than one list overrides read_services.
    READ_SERVICES: tuple[str, str, str] | None = None
    # For a register filtered by state: "open" or "all", the state filter's first choice and the
    # list's default (see state_filter).
    DEFAULT_STATE: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self.filters: dict[str, Any] = self.default_filters()
        self.sort = self.DEFAULT_SORT
        self.detail: Any = None
        self._focus_key: Any = None

    # ---- what subclasses provide --------------------------------------------------------------

    def filter_specs(self) -> list[FilterSpec]:
        return []

    def default_filters(self) -> dict[str, Any]:
        return {"state": self.DEFAULT_STATE} if self.DEFAULT_STATE else {}

    def columns(self) -> list[Column]:
        return table_columns(self.VIEW_COLUMNS)

    def cells(self, row: Any) -> list[Text]:
        raise NotImplementedError

    def row_key(self, row: Any) -> Any:
        return row.id

    def row_style(self, row: Any) -> str:
        return ""

    def read_services(self) -> tuple[Callable[..., int], Callable[..., Any]]:
        """The register's (count, list) services, both taking (session, filter); imported when
        first asked, so the pane's module loads before the models do."""
        if self.READ_SERVICES is None:
            raise NotImplementedError
        module, count, lister = self.READ_SERVICES
        services = importlib.import_module(module)
        return getattr(services, count), getattr(services, lister)

    def make_filter(self) -> Any:
        """The service's filter object, built from `self.filters` and `self.sort`."""
        raise NotImplementedError

    def count(self, session: Any) -> int:
        counter, _ = self.read_services()
        return counter(session, self.make_filter())

    def fetch(self, session: Any, offset: int, limit: int) -> list[Any]:
        _, lister = self.read_services()
        return lister(session, self.make_filter(), limit=limit, offset=offset).items

    def load_detail(self, session: Any, row: Any) -> Any:
        return row

    def detail_view(self, detail: Any) -> RenderableType:
        raise NotImplementedError

    def state_filter(
        self, label_group: str, states: Iterable[str], *, open_key: str = "tui.state_open"
    ) -> FilterSpec:
        """The state filter of a register with open and closed records: "open" and "all" (the
        default first), then each state by its word in `label_group`."""
        default = self.DEFAULT_STATE or "all"
        other = "all" if default == "open" else "open"
        words = {"open": t(open_key), "all": t("tui.state_all")}
        choices: tuple[tuple[str, str], ...] = ((words[default], default), (words[other], other))
        choices += word_choices(label_group, states)
        return FilterSpec("state", "choice", t("field.state"), choices, default=default)

    # ---- filter values ------------------------------------------------------------------------

    def picked(self, *names: str) -> dict[str, Any]:
        """The named filters as they stand (None where unset), for a service's filter object."""
        return {name: self.filters.get(name) for name in names}

    def chosen_states(self, everything: str) -> list[str] | None:
        """The state filter: None (no restriction) when it is `everything` or unset."""
        state = self.filters.get("state") or everything
        return None if state == everything else [state]

    # ---- layout and data ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        specs = self.filter_specs()
        if specs:
            yield FilterBar(specs)
        with Horizontal(classes="list-body"):
            yield RecordTable(
                self.columns(), cells=self.cells, key=self.row_key, row_style=self.row_style
            )
            yield DetailPane()
        yield StatusLine()

    def on_mount(self) -> None:
        """Not when the app is closing: a screen built in the background (screens/warming.py)
        may finish mounting while its widgets are being removed."""
        if self.app.is_running:
            self.reload(reset_cursor=True)

    def on_resize(self, event: Any) -> None:
        self.set_class(event.size.width < self.SIDE_BY_SIDE, "-narrow")

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    @property
    def ctx(self) -> Any:
        return self.app.ctx  # type: ignore[attr-defined]

    def reload(self, *, reset_cursor: bool = False) -> None:
        app: Any = self.app
        if not app.db_ready():
            app.when_ready(lambda: self.reload(reset_cursor=reset_cursor))
            return
        ctx = self.ctx

        def count() -> int:
            try:
                with ctx.read() as session:
                    return self.count(session)
            except DomainError as error:
                deliver(self, self._filter_error, error.message())
                return 0

        def fetch(offset: int, limit: int) -> list[Any]:
            try:
                with ctx.read() as session:
                    return self.fetch(session, offset, limit)
            except DomainError:
                return []

        table = self.table
        table.sort_key = self.sort
        table._count, table._fetch = count, fetch
        table.reload(reset_cursor=reset_cursor)

    def _filter_error(self, message: str) -> None:
        for bar in self.query(FilterBar):
            bar.show_error(message)

    @on(FilterBar.Changed)
    def _filters_changed(self, event: FilterBar.Changed) -> None:
        self.filters = {**self.default_filters(), **event.values}
        self.reload(reset_cursor=True)

    @on(RecordTable.SortRequested)
    def _sort(self, event: RecordTable.SortRequested) -> None:
        self.sort = event.sort
        self.reload(reset_cursor=True)

    def _status(self) -> None:
        total = self.table.total or 0
        marked = len(self.table.marked)
        text = t("tui.count", n=total)
        if marked:
            text += "  " + t("tui.marked", n=marked)
        self.query_one(StatusLine).update(Text(text))

    @on(RecordTable.Loaded)
    def _loaded(self, event: RecordTable.Loaded) -> None:
        self._status()
        if not event.current:  # the record to focus is in the load that replaced this one
            return
        if self._focus_key is not None:
            self.table.move_to_key(self._focus_key)
            self._focus_key = None
        self.bindings_may_change()

    @on(RecordTable.MarksChanged)
    def _marks(self, event: RecordTable.MarksChanged) -> None:
        self._status()
        self.bindings_may_change()

    # The detail follows the cursor once it rests: loading and laying out a record for every row
    # that key-repeat passes over would make moving through the table sluggish.
    DETAIL_DELAY = 0.08

    @on(RecordTable.Highlighted)
    def _highlighted(self, event: RecordTable.Highlighted) -> None:
        timer = getattr(self, "_detail_timer", None)
        if timer is not None:
            timer.stop()
        if event.row is None:
            self.detail = None
            self.query_one(DetailPane).clear()
            self.bindings_may_change()
            return
        row = event.row
        self._detail_timer = self.set_timer(self.DETAIL_DELAY, lambda: self._load_detail(row))

    @work(thread=True, exclusive=True, group="pane-detail")
    def _load_detail(self, row: Any) -> None:
        try:
            with self.ctx.read() as session:
                detail = self.load_detail(session, row)
        except DomainError:
            return
        deliver(self, self._show_detail, row, detail)

    def _show_detail(self, row: Any, detail: Any) -> None:
        current = self.table.current_row
        if current is not None and self.row_key(current) != self.row_key(row):
            return
        self.detail = detail
        self.query_one(DetailPane).show(self.detail_view(detail))
        self.bindings_may_change()

    def refresh_detail(self) -> None:
        current = self.table.current_row
        if current is not None:
            self._load_detail(current)

    def focus_record(self, key: Any, text: str, **extra: Any) -> None:
        """Filter down to one record (by its code or name) and put the cursor on it."""
        self._focus_key = key
        self._apply_filters({**self.default_filters(), self.TEXT_FILTER: text, **extra})

    def show_filtered(self, filters: dict[str, Any]) -> None:
        """The list with these filters over the default ones, from the top (Today's counts)."""
        self._focus_key = None
        self._apply_filters({**self.default_filters(), **filters})

    def _apply_filters(self, filters: dict[str, Any]) -> None:
        """Filter the list, show every filter in the bar (one set by opening a record from
        Today or search is visible, and Esc clears it), and start from the top."""
        self.filters = filters
        for bar in self.query(FilterBar):
            for spec in bar.specs:
                bar.set_value(spec.name, self.filters.get(spec.name, spec.default), quiet=True)
        self.reload(reset_cursor=True)
        self.table.focus()

    def find_record(
        self, get: Callable[[Any], Any], then: Callable[[Any], None], *, group: str = "pane-find"
    ) -> None:
        """Look a record up in a thread worker, then `then(record)` on the UI thread (it usually
        filters down to the record); a refusal (gone, say) is an error notice."""

        def find() -> None:
            try:
                with self.ctx.read() as session:
                    record = get(session)
            except DomainError as error:
                deliver(self, self.app.notify, error.message(), severity="error")
                return
            deliver(self, then, record)

        self.run_worker(find, thread=True, exclusive=True, group=group)

    def find_by_name(self, get: Callable[[Any, str], Any], ref_id: int) -> None:
        """Look a record up by id, then filter down to it by name."""
        self.find_record(
            lambda session: get(session, str(ref_id)),
            lambda record: self.focus_record(ref_id, record.name),
        )

    # ---- changing records ---------------------------------------------------------------------

    # ---- keys ---------------------------------------------------------------------------------

    def binding_state(self) -> Any:
        """What decides which keys apply; the footer is rebuilt only when this changes (a
        rebuild restyles every key widget: too slow to do on every cursor move)."""
        return (self.detail is not None, bool(self.table.marked))

    def bindings_may_change(self) -> None:
        """The footer of this pane's own screen, not the app's current one: a screen built in
        the background (screens/warming.py) gets its keys right before it is first shown."""
        state = self.binding_state()
        if state != getattr(self, "_binding_state", None):
            self._binding_state = state
            self.refresh_bindings()

    def action_focus_filter(self) -> None:
        inputs = self.query("FilterBar Input")
        if inputs:
            inputs.first().focus()

    def action_reload(self) -> None:
        self.reload()
        self.refresh_detail()

    def action_toggle_detail(self) -> None:
        """ctrl+d: the table takes the whole width (room for titles), or the detail is back."""
        self.toggle_class("-no-detail")

    def action_clear(self) -> None:
        """Esc: drop the marks, else go back to the register's default view (its default
        filters, the search cleared, the first row)."""
        if self.table.marked:
            self.table.clear_marks()
        elif self.filters != self.default_filters():
            self._focus_key = None
            self._apply_filters(self.default_filters())
        self.table.focus()
