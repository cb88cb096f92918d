"""A table that pages through the database: it holds one page of rows at a time near what is on
screen, never the whole register (Textual's DataTable measures every cell it holds: 100,000 rows
take 16–21 s to paint; this renders only the visible lines)."""

from collections.abc import Callable, Hashable, Sequence
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from officedesk.error_log import log_error
from officedesk.i18n import t
from officedesk.text import display_safe
from officedesk.widgets.late import deliver
from officedesk.widgets.table_layout import Column, column_at, column_widths, table_line

PAGE_SIZE = 100
MARK = "●"


class TableMessage(Message):
    """A message about the table that posted it."""

    def __init__(self, table: "RecordTable") -> None:
        super().__init__()
        self.table = table


class RowMessage(TableMessage):
    """A message about one row of the table (the row object the loader returned)."""

    def __init__(self, table: "RecordTable", row: Any) -> None:
        super().__init__(table)
        self.row = row


Loader = Callable[[int, int], list[Any]]
Counter = Callable[[], int]


class RecordTable(ScrollView, can_focus=True):
    """Rows come from `count()` and `fetch(offset, limit)`, run in a thread worker; a row is any
    object, turned into cells by `cells(row)`; `key(row)` identifies it for marks."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "record-table--header",
        "record-table--cursor",
        "record-table--marked",
        "record-table--placeholder",
    }
    DEFAULT_CSS = """
    RecordTable {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
    }
    RecordTable > .record-table--header { text-style: bold; background: $panel; }
    RecordTable > .record-table--cursor { background: $block-cursor-blurred-background; }
    RecordTable:focus > .record-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    RecordTable > .record-table--marked { text-style: bold; color: $accent; }
    RecordTable > .record-table--placeholder { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", show=False),
        Binding("down,j", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(0)", show=False),
        Binding("end", "edge(1)", show=False),
        Binding("space", "toggle_mark", "key.mark", id="table.mark"),
        Binding("enter", "select_row", "key.open", show=False, id="table.open"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(RowMessage):
        """The cursor rests on `row` (None: the table is empty)."""

    class Selected(RowMessage):
        """Enter on `row`."""

    class MarksChanged(TableMessage):
        def __init__(self, table: "RecordTable", count: int) -> None:
            super().__init__(table)
            self.count = count

    class SortRequested(TableMessage):
        def __init__(self, table: "RecordTable", sort: str) -> None:
            super().__init__(table)
            self.sort = sort

    class Loaded(TableMessage):
        """A count and first page arrived (tests and status lines wait for this)."""

        def __init__(self, table: "RecordTable", total: int, generation: int) -> None:
            super().__init__(table)
            self.total = total
            self.generation = generation

        @property
        def current(self) -> bool:
            """False when the table was reloaded after this load (another filter): a message
            already queued must not place the cursor of the load that replaced it."""
            return self.generation == self.table._generation

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        cells: Callable[[Any], Sequence[Text]],
        key: Callable[[Any], Hashable],
        row_style: Callable[[Any], str] | None = None,
        empty_text: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._columns = list(columns)
        self._cells = cells
        self._key = key
        self._row_style = row_style
        self._empty_text = empty_text
        self._count: Counter | None = None
        self._fetch: Loader | None = None
        self._pages: dict[int, list[Any]] = {}
        self._pending: set[int] = set()
        self._failed_pages: dict[int, str] = {}  # page → the line shown in its place
        self._generation = 0
        self.total: int | None = None
        self.sort_key: str | None = None
        self.marked: dict[Hashable, Any] = {}

    # ---- data -------------------------------------------------------------------------------

    def set_source(self, count: Counter, fetch: Loader) -> None:
        self._count, self._fetch = count, fetch
        self.reload(reset_cursor=True)

    def reload(self, *, reset_cursor: bool = False) -> None:
        """Count again and refetch what is on screen (after a filter, a sort or a change)."""
        self._generation += 1
        self._pages.clear()
        self._pending.clear()
        self._failed_pages.clear()  # a reload retries them
        if reset_cursor:
            self.cursor = 0
            self.scroll_to(y=0, animate=False)
        self._load_first(self._generation, self.cursor // PAGE_SIZE)

    @work(thread=True, group="record-table-count")
    def _load_first(self, generation: int, page: int) -> None:
        if self._count is None or self._fetch is None:
            return
        try:
            total = self._count()
            rows = self._fetch(page * PAGE_SIZE, PAGE_SIZE)
        except Exception as exc:  # noqa: BLE001 - shown in the table, never a crash
            deliver(self, self._failed, generation, exc)
            return
        deliver(self, self._first_arrived, generation, page, total, rows)

    def _first_arrived(self, generation: int, page: int, total: int, rows: list[Any]) -> None:
        if generation != self._generation:
            return
        self.total = total
        self._pages[page] = rows
        self.virtual_size = Size(self.size.width, total + 1)
        self.cursor = min(self.cursor, max(0, total - 1))
        self.refresh()
        self.post_message(self.Loaded(self, total, generation))

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            self.total = 0
            self._empty_text = t("tui.load_failed", reason=str(exc))
            self.virtual_size = Size(self.size.width, 1)
            self.refresh()

    def _request_page(self, page: int) -> None:
        if (
            page in self._pages
            or page in self._pending
            or page in self._failed_pages
            or self._fetch is None
        ):
            return
        self._pending.add(page)
        self._load_page(self._generation, page)

    @work(thread=True, group="record-table-page")
    def _load_page(self, generation: int, page: int) -> None:
        assert self._fetch is not None
        try:
            rows = self._fetch(page * PAGE_SIZE, PAGE_SIZE)
        except Exception as exc:  # noqa: BLE001 - logged and shown in the table, never a crash
            log_error(exc)
            deliver(self, self._page_failed, generation, page, exc)
            return
        deliver(self, self._page_arrived, generation, page, rows)

    def _page_failed(self, generation: int, page: int, exc: Exception) -> None:
        """The page's rows give way to one line saying why; a reload asks for it again."""
        if generation != self._generation:
            return
        self._pending.discard(page)
        self._failed_pages[page] = display_safe(t("tui.load_failed", reason=str(exc)))
        self.refresh()

    def _page_arrived(self, generation: int, page: int, rows: list[Any]) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        self._pages[page] = rows
        # Keep a few pages around the cursor, drop the rest: memory stays flat at any size.
        keep = {self.cursor // PAGE_SIZE + d for d in (-2, -1, 0, 1, 2)}
        for stale in [p for p in self._pages if p not in keep and p != page]:
            del self._pages[stale]
        self.refresh()
        if self.cursor // PAGE_SIZE == page:
            self.post_message(self.Highlighted(self, self.current_row))

    def row_at(self, index: int) -> Any:
        page = self._pages.get(index // PAGE_SIZE)
        if page is None:
            return None
        offset = index % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    @property
    def current_row(self) -> Any:
        if not self.total:
            return None
        return self.row_at(self.cursor)

    # ---- marks ------------------------------------------------------------------------------

    def marked_rows(self) -> list[Any]:
        return list(self.marked.values())

    def clear_marks(self) -> None:
        if self.marked:
            self.marked.clear()
            self.refresh()
            self.post_message(self.MarksChanged(self, 0))

    def action_toggle_mark(self) -> None:
        row = self.current_row
        if row is None:
            return
        key = self._key(row)
        if key in self.marked:
            del self.marked[key]
        else:
            self.marked[key] = row
        self.post_message(self.MarksChanged(self, len(self.marked)))
        self.action_cursor(1)
        self.refresh()

    # ---- movement ---------------------------------------------------------------------------

    @property
    def _body_height(self) -> int:
        return max(1, self.size.height - 1)

    def watch_cursor(self, old: int, new: int) -> None:
        top = round(self.scroll_offset.y)
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + self._body_height:
            self.scroll_to(y=new - self._body_height + 1, animate=False)
        self._request_page(new // PAGE_SIZE)
        self.refresh()
        self.post_message(self.Highlighted(self, self.current_row))

    def _move_to(self, index: int) -> None:
        if not self.total:
            return
        self.cursor = max(0, min(self.total - 1, index))

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * self._body_height)

    def action_edge(self, end: int) -> None:
        self._move_to((self.total or 1) - 1 if end else 0)

    def action_select_row(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.Selected(self, row))

    def move_to_key(self, key: Hashable) -> bool:
        """Put the cursor on a loaded row with this key; False if it is not loaded."""
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if self._key(row) == key:
                    self._move_to(page * PAGE_SIZE + offset)
                    return True
        return False

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            column = self._column_at(offset.x)
            if column is not None and column.sort:
                self.post_message(self.SortRequested(self, column.sort))
            return
        self._move_to(round(self.scroll_offset.y) + offset.y - 1)
        if event.chain >= 2:
            self.action_select_row()

    # ---- rendering --------------------------------------------------------------------------

    @property
    def columns(self) -> list[Column]:
        return self._columns

    @columns.setter
    def columns(self, columns: Sequence[Column]) -> None:
        self._columns = list(columns)
        self._widths_for = None
        self.refresh()

    @property
    def _content_width(self) -> int:
        """The width left for text once the vertical scrollbar has taken its share."""
        return self.scrollable_content_region.width

    def _widths(self) -> list[int]:
        """Each column's width, 0 for one left out; worked out once per table width."""
        key = (self._content_width, self.sort_key)
        cached = getattr(self, "_widths_for", None)
        if cached is None or cached[0] != key:
            self._widths_for = (key, column_widths(self.columns, *key))
        return self._widths_for[1]

    def _column_at(self, x: int) -> Column | None:
        return column_at(self.columns, self._widths(), x)

    def _line(self, cells: Sequence[Text], mark: str, style: Style | str = "") -> Text:
        return table_line(cells, self._widths(), mark, style)

    def _strip(self, text: Text, style: Style | None = None) -> Strip:
        width = self._content_width
        text.truncate(width, overflow="crop", pad=True)
        segments = list(text.render(self.app.console))
        strip = Strip(segments, text.cell_len).adjust_cell_length(width)
        if style is not None:
            strip = strip.apply_style(style)
        return strip

    def render_line(self, y: int) -> Strip:
        width = self._content_width
        if y == 0:
            labels = [
                Text(column.label + (" ▲" if column.sort and column.sort == self.sort_key else ""))
                for column in self.columns
            ]
            header_style = self.get_component_rich_style("record-table--header")
            return self._strip(self._line(labels, ""), header_style)
        index = round(self.scroll_offset.y) + y - 1
        placeholder_style = self.get_component_rich_style("record-table--placeholder")
        if self.total is None:
            text = Text(t("tui.loading")) if y == 1 else Text("")
            return self._strip(text, placeholder_style)
        if self.total == 0:
            text = Text(display_safe(self._empty_text or t("list.empty"))) if y == 1 else Text("")
            return self._strip(text, placeholder_style)
        if index >= self.total:
            return Strip.blank(width, self.rich_style)
        row = self.row_at(index)
        if row is None:
            page = index // PAGE_SIZE
            if page in self._failed_pages:
                # One line per failed page: on its first row on screen, the others blank.
                first = max(page * PAGE_SIZE, round(self.scroll_offset.y))
                shown = self._failed_pages[page] if index == first else ""
                return self._strip(Text(f"  {shown}"), placeholder_style)
            self._request_page(page)
            return self._strip(Text("  …"), placeholder_style)
        marked = self._key(row) in self.marked
        base = self._row_style(row) if self._row_style else ""
        line = self._line(self._cells(row), MARK if marked else "", base)
        style: Style | None = None
        if index == self.cursor:
            style = self.get_component_rich_style("record-table--cursor")
        elif marked:
            style = self.get_component_rich_style("record-table--marked")
        return self._strip(line, style)

    def on_resize(self, event: events.Resize) -> None:
        if self.total is not None:
            self.virtual_size = Size(event.size.width, self.total + 1)
