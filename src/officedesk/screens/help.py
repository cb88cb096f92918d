"""`?`: every key of the screen underneath, with what it does."""

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from officedesk.i18n import t
from officedesk.widgets.dialog import FramedDialog

# Textual's own bindings, described in English by Textual: our words for them.
TEXTUAL_WORDS = {
    "Focus Next": "key.textual.focus_next",
    "Focus Previous": "key.textual.focus_previous",
    "palette": "key.textual.palette",
    "Scroll Left": "key.textual.scroll_left",
    "Scroll Right": "key.textual.scroll_right",
    "Scroll Up": "key.textual.scroll_up",
    "Scroll Down": "key.textual.scroll_down",
    "Scroll Home": "key.textual.scroll_home",
    "Scroll End": "key.textual.scroll_end",
    "Page Up": "key.textual.page_up",
    "Page Down": "key.textual.page_down",
    "Page Left": "key.textual.page_left",
    "Page Right": "key.textual.page_right",
    "Copy selected text": "key.textual.copy",
    "Quit": "key.quit",
}


def key_words(description: str) -> str:
    """A binding's description in the user's language: ours are message keys, Textual's are
    English words mapped to ours (an unknown one is shown as Textual words it)."""
    return t(TEXTUAL_WORDS.get(description, description))


def key_group(node: object, binding: Binding, *, app: object) -> str:
    """Where `?` lists a key: the register's own steps (a binding the register names by id,
    `task.done`), moving around (the table, the screen, tabs and screens), or the app's."""
    ident = binding.id or ""
    if node is app and not ident.startswith("go."):
        return "global"
    register = ident.partition(".")[0]
    if ident and register not in ("pane", "table", "tab", "go", "help", "quit", "search"):
        return "steps"
    return "navigation"


class HelpScreen(FramedDialog[None]):
    DEFAULT_CSS = """
    HelpScreen > .dialog-box { width: 72; padding: 1 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "key.close", id="help.close"),
    ]

    def __init__(self, screen_title: str, groups: dict[str, list[tuple[str, str]]]) -> None:
        super().__init__()
        self.screen_title = screen_title
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box"):
            yield Static(Text(t("tui.help_title", screen=self.screen_title), style="bold"))
            for group, keys in self.groups.items():
                if not keys:
                    continue
                table = Table.grid(padding=(0, 3))
                table.add_column(style="bold", no_wrap=True, min_width=10)
                table.add_column()
                for key, description in keys:
                    table.add_row(Text(key), Text(description))
                yield Static(Text(t(f"tui.help_group.{group}"), style="bold underline"))
                yield Static(table, classes="help-keys")
            yield Static(Text(t("tui.help_footer"), style="dim"))

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
