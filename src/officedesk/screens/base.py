"""What every screen has: the header, the footer, and a way to the app's context."""

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import TabbedContent, TabPane

from officedesk.i18n import t
from officedesk.widgets.chrome import OfficeFooter, OfficeHeader

if TYPE_CHECKING:
    from officedesk.app import OfficeDeskApp
    from officedesk.context import AppContext


class OfficeScreen(Screen[None]):
    """NAME is the mode name; its label is t(f"screen.{NAME}")."""

    NAME: ClassVar[str] = ""

    @property
    def office(self) -> "OfficeDeskApp":
        return self.app  # type: ignore[return-value]

    @property
    def ctx(self) -> "AppContext":
        return self.office.ctx

    def header(self) -> OfficeHeader:
        office = self.office
        return OfficeHeader(office.company_name(), t(f"screen.{self.NAME}"), office.day_text())

    def compose(self) -> ComposeResult:
        yield self.header()
        yield from self.body()
        yield OfficeFooter()

    def body(self) -> ComposeResult:
        yield from ()

    def reload(self) -> None:
        """Fetch this screen's data again (after a change elsewhere, or a language switch)."""


class RegisterTab(TabPane):
    """A tab that does not pull the screen to itself when something inside it takes focus.

    Textual activates the pane a focused widget lives in. The focus the screen gives the first
    tab's table on mount arrives a moment later, and a jump to another tab made meanwhile (from
    Today, search or the palette) was undone by it: the palette's new seal use opened its form
    over the supervision tab. Focus here only ever goes into the active tab (`focus_table`), so
    following it is never needed."""

    def on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        event.stop()


class FunctionScreen(OfficeScreen):
    """A function of the office (DESIGN §2): one tab per register."""

    # (tab id, label key, pane widget class or "module:Class", imported when the screen is built)
    TABS: ClassVar[list[tuple[str, str, Any]]] = []
    # From the keyboard without leaving the list (Tab would walk through every filter first).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "tab(-1)", "key.tab_prev", show=False, id="tab.prev"),
        Binding("right_square_bracket", "tab(1)", "key.tab_next", show=False, id="tab.next"),
    ]

    def body(self) -> ComposeResult:
        with TabbedContent(id="tabs"):
            for tab_id, label_key, pane_class in self.TABS:
                with RegisterTab(t(label_key), id=tab_id):
                    yield _resolve(pane_class)()

    def pane(self, tab_id: str) -> Any:
        self.query_one(TabbedContent).active = tab_id
        return self.query_one(f"#{tab_id}").children[0]

    def on_mount(self) -> None:
        if self.app.is_running:  # not while closing: see ListPane.on_mount
            self.focus_table()

    def action_tab(self, step: int) -> None:
        """The next or previous tab, round the end; its list takes the keys."""
        tabs = self.query_one(TabbedContent)
        ids = [tab_id for tab_id, _label, _pane in self.TABS]
        here = ids.index(tabs.active) if tabs.active in ids else 0
        tabs.active = ids[(here + step) % len(ids)]

    def on_screen_resume(self) -> None:
        """Shown again (keys 1–5, after a form or an undo elsewhere): the data may have moved."""
        if self.is_mounted:
            self.reload()

    def focus_table(self) -> None:
        """Keys act on the list from the start, not on the tab bar."""
        pane = self.query_one(TabbedContent).active_pane
        tables = pane.query("RecordTable") if pane is not None else []
        if tables:
            tables.first().focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.call_after_refresh(self.focus_table)

    def reload(self) -> None:
        for pane in self.query("TabPane > *"):
            reload = getattr(pane, "reload", None)
            if reload is not None:
                reload()


def _resolve(pane_class: Any) -> Any:
    if isinstance(pane_class, str):
        import importlib

        module, name = pane_class.split(":")
        return getattr(importlib.import_module(module), name)
    return pane_class
