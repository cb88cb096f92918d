"""The app's header and footer: who, what day (and what kind of day), and the keys that apply."""

from collections import defaultdict
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Label
from textual.widgets._footer import FooterKey

from officedesk.i18n import current_language, t
from officedesk.text import display_safe


class OfficeHeader(Horizontal):
    """Company · screen · date, weekday and whether today is worked (official calendar)."""

    DEFAULT_CSS = """
    OfficeHeader { height: 1; background: $panel; color: $foreground; }
    OfficeHeader > Label { height: 1; padding: 0 1; }
    OfficeHeader > #header-company { text-style: bold; }
    OfficeHeader > #header-screen { width: 1fr; content-align: center middle; color: $accent; }
    OfficeHeader > #header-day { text-style: bold; }
    """

    def __init__(self, company: str, screen_name: str, day_text: str) -> None:
        super().__init__()
        self.company = company
        self.screen_name = screen_name
        self.day_text = day_text

    def compose(self) -> ComposeResult:
        yield Label(Text(display_safe(self.company)), id="header-company")
        yield Label(Text(self.screen_name), id="header-screen")
        yield Label(Text(self.day_text), id="header-day")


class OfficeFooter(Footer):
    """Textual's footer, with each binding's description looked up in the message catalogue at
    render time, so switching language relabels the keys without rebuilding every screen.

    Textual refreshes bindings after every action (each cursor move); rebuilding the footer's
    key widgets each time cost more than the move itself, so it is rebuilt only when the keys
    it would show are different."""

    _shown: tuple[Any, ...] | None = None

    def _signature(self) -> tuple[Any, ...]:
        keys = [
            (binding.key, binding.action, binding.description, enabled)
            for _node, binding, enabled, _tip in self.screen.active_bindings.values()
            if binding.show
        ]
        return (*keys, current_language())

    def bindings_changed(self, screen: Any) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        signature = self._signature()
        if signature != self._shown:
            self._shown = signature
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        seen: defaultdict[str, bool] = defaultdict(bool)
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or seen[binding.action]:
                continue
            seen[binding.action] = True
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                t(binding.description) if binding.description else "",
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    t("key.palette"),
                    binding.action,
                    classes="-command-palette",
                    disabled=not enabled,
                )
