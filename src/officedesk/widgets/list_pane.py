"""A register's list view: filters, the paged table, the selected record beside it, a status
line. Subclasses (in screens/) say how to count, fetch, show and change records; this class only
wires the widgets and runs the database work in thread workers."""

from collections.abc import Callable
from typing import Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical

from officedesk.errors import DomainError
from officedesk.i18n import t
from officedesk.widgets.detail_pane import DetailPane
from officedesk.widgets.filter_bar import FilterBar, FilterSpec
from officedesk.widgets.record_form import RecordForm
from officedesk.widgets.record_table import Column, RecordTable
from officedesk.widgets.status import StatusLine


class ListPane(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "focus_filter", "key.filter", id="pane.filter"),
        Binding("escape", "clear", "key.clear", show=False, id="pane.clear"),
        Binding("f5", "reload", "key.reload", show=False, id="pane.reload"),
    ]
    DEFAULT_CSS = """
    ListPane { height: 1fr; }
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
        return {}

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def cells(self, row: Any) -> list[Text]:
        raise NotImplementedError

    def row_key(self, row: Any) -> Any:
        return row.id

    def row_style(self, row: Any) -> str:
        return ""

    def count(self, session: Any) -> int:
        raise NotImplementedError

    def fetch(self, session: Any, offset: int, limit: int) -> list[Any]:
        raise NotImplementedError

    def load_detail(self, session: Any, row: Any) -> Any:
        return row

    def detail_view(self, detail: Any) -> RenderableType:
        raise NotImplementedError

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
                self.app.call_from_thread(self._filter_error, error.message())
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
        self.app.call_from_thread(self._show_detail, row, detail)

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
        self.filters = {**self.default_filters(), self.TEXT_FILTER: text, **extra}
        for bar in self.query(FilterBar):
            for spec in bar.specs:
                bar.set_value(spec.name, self.filters.get(spec.name, spec.default), quiet=True)
        self.reload(reset_cursor=True)
        self.table.focus()

    def _find(self, get: Callable[[Any, str], Any], ref_id: int) -> None:
        """Run in a thread: look a record up by id, then filter down to it by name."""
        try:
            with self.ctx.read() as session:
                record = get(session, str(ref_id))
        except DomainError as error:
            self.app.call_from_thread(self.app.notify, error.message(), severity="error")
            return
        self.app.call_from_thread(self.focus_record, ref_id, record.name)

    # ---- changing records ---------------------------------------------------------------------

    def targets(self) -> list[Any]:
        marked = self.table.marked_rows()
        if marked:
            return marked
        return [self.detail] if self.detail is not None else []

    def saver(self, operation: str, apply: Callable[[Any, dict[str, Any]], Any]) -> Any:
        """A form's save: one write transaction, one journaled operation, around the services."""
        ctx = self.ctx

        def save(values: dict[str, Any]) -> Any:
            with ctx.write(operation) as session:
                return apply(session, values)

        return save

    def open_form(self, form: RecordForm, done: Callable[[Any], str | None]) -> None:
        """Push the form; when it saved, `done(result)` words the notice (or returns None)."""

        def finished(result: Any) -> None:
            if result is None:
                return
            message = done(result)
            if message:
                self.app.notify(message)
            self.table.clear_marks()
            self.reload()
            self.refresh_detail()

        self.app.push_screen(form, finished)

    # ---- keys ---------------------------------------------------------------------------------

    def binding_state(self) -> Any:
        """What decides which keys apply; the footer is rebuilt only when this changes (a
        rebuild restyles every key widget: too slow to do on every cursor move)."""
        return (self.detail is not None, bool(self.table.marked))

    def bindings_may_change(self) -> None:
        state = self.binding_state()
        if state != getattr(self, "_binding_state", None):
            self._binding_state = state
            self.app.refresh_bindings()

    def action_focus_filter(self) -> None:
        inputs = self.query("FilterBar Input")
        if inputs:
            inputs.first().focus()

    def action_reload(self) -> None:
        self.reload()
        self.refresh_detail()

    def action_clear(self) -> None:
        if self.table.marked:
            self.table.clear_marks()
        elif self.filters.get(self.TEXT_FILTER):
            for bar in self.query(FilterBar):
                bar.set_value(self.TEXT_FILTER, None)
        self.table.focus()
