"""A row of filters above a record table: choices, free text and flags, posted as one dict."""

from dataclasses import dataclass, field
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Select, Static

from officedesk.widgets.tick_box import TickBox


@dataclass(frozen=True)
class FilterSpec:
    """name: the key in the posted dict; kind: 'choice', 'text' or 'flag'."""

    name: str
    kind: str
    label: str
    choices: tuple[tuple[str, str], ...] = ()  # (label, value)
    default: Any = None
    width: int = 16
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def input_width(self) -> int:
        """A text filter's width: as asked, or wider when its placeholder would be cut (the
        border and padding take six cells), so "抵达自" and "抵达至" never both read "抵达"."""
        from rich.cells import cell_len

        return max(self.width, cell_len(self.label) + PLACEHOLDER_ROOM)


PLACEHOLDER_ROOM = 6  # an Input's border (1 + 1) and padding (2 + 2)


class FilterBar(Horizontal):
    """Typing waits a moment before filtering, so a query runs per pause, not per key."""

    DEFAULT_CSS = """
    FilterBar { height: auto; padding: 0 1; }
    FilterBar > Select { width: 24; margin-right: 1; }
    FilterBar > Input { margin-right: 1; }
    FilterBar > Checkbox { margin-right: 1; border: none; padding: 0 1; height: 3; }
    FilterBar > .filter-error { color: $error; width: 1fr; height: 3; content-align: left middle; }
    """
    DEBOUNCE = 0.25

    class Changed(Message):
        def __init__(self, bar: "FilterBar", values: dict[str, Any]) -> None:
            super().__init__()
            self.bar = bar
            self.values = values

    def __init__(self, specs: list[FilterSpec], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.specs = specs
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        for spec in self.specs:
            if spec.kind == "choice":
                yield Select(
                    list(spec.choices),
                    value=spec.default if spec.default is not None else Select.NULL,
                    allow_blank=spec.default is None,
                    prompt=spec.label,
                    id=f"filter-{spec.name}",
                )
            elif spec.kind == "text":
                text_input = Input(placeholder=spec.label, id=f"filter-{spec.name}")
                text_input.styles.width = spec.input_width
                yield text_input
            elif spec.kind == "flag":
                yield TickBox(spec.label, value=bool(spec.default), id=f"filter-{spec.name}")
        yield Static("", classes="filter-error", markup=False)

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for spec in self.specs:
            widget = self.query_one(f"#filter-{spec.name}")
            if isinstance(widget, Select):
                result[spec.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Input):
                result[spec.name] = widget.value.strip() or None
            elif isinstance(widget, Checkbox):
                result[spec.name] = widget.value
        return result

    def set_value(self, name: str, value: Any, *, quiet: bool = False) -> None:
        """`quiet`: the caller reloads itself (opening a record sets every filter at once), so
        no Changed follows; otherwise the debounced one would reload the table a second time,
        and the detail would go blank in between."""
        widget = self.query_one(f"#filter-{name}")
        if not quiet:
            self._assign(widget, value)
            return
        if self._timer is not None:  # a pause in typing still pending: superseded
            self._timer.stop()
            self._timer = None
        self.show_error("")  # said of the filters being replaced
        with self.prevent(Input.Changed, Checkbox.Changed, Select.Changed):
            self._assign(widget, value)

    @staticmethod
    def _assign(widget: Any, value: Any) -> None:
        if isinstance(widget, Input):
            widget.value = value or ""
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, Select):
            widget.value = Select.NULL if value is None else value

    def show_error(self, message: str) -> None:
        self.query_one(".filter-error", Static).update(message)

    def _changed_now(self) -> None:
        self.show_error("")
        self.post_message(self.Changed(self, self.values()))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._changed_now()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._changed_now()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.DEBOUNCE, self._changed_now)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._changed_now()
