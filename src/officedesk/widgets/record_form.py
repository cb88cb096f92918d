"""A modal form whose save runs a service in a thread; the service's refusal is shown inline,
under the field it names, so rules stay in the services and the form only collects text."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from officedesk.errors import DomainError
from officedesk.i18n import label, t
from officedesk.widgets.chrome import OfficeFooter
from officedesk.widgets.dialog import FramedDialog
from officedesk.widgets.tick_box import TickBox


@dataclass(frozen=True)
class FormField:
    """kind: 'text', 'long', 'date', 'choice', 'int' or 'flag'. name matches the service's field."""

    name: str
    label: str
    kind: str = "text"
    value: Any = ""
    choices: tuple[tuple[str, str], ...] = ()  # (label, value)
    placeholder: str = ""
    required: bool = False


Save = Callable[[dict[str, Any]], Any]


def prefill(record: Any, name: str, default: Any = "") -> Any:
    """A field's starting value: the record's own when editing, `default` for a new one."""
    return getattr(record, name) if record is not None else default


def years_field(record: Any) -> FormField:
    """保密期限 in years (机密★10年): blank for none, as the register stores 0."""
    years = prefill(record, "secrecy_years", 0)
    return FormField(
        "secrecy_years",
        t("field.secrecy_years"),
        "int",
        str(years) if years else "",
        placeholder=t("tui.secrecy_years_hint"),
    )


def word_choices(group: str, values: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """A choice list of stored values, each shown as its word in the catalogue's `group`."""
    return tuple((label(group, value), value) for value in values)


def choice_field(
    name: str,
    title: str,
    choices: Iterable[tuple[str, str]],
    value: Any = "",
    *,
    required: bool = True,
) -> FormField:
    """A dropdown; required unless said otherwise, since a choice has a sensible default."""
    return FormField(name, title, "choice", value=value, choices=tuple(choices), required=required)


def word_field(
    name: str, group: str, values: Iterable[str], record: Any = None, default: str = ""
) -> FormField:
    """A record's field that holds one of a fixed list of words (its kind, level, priority):
    a dropdown titled `field.<name>`, starting at the record's value or `default`; required
    when there is a default to start from."""
    return choice_field(
        name,
        t(f"field.{name}"),
        word_choices(group, values),
        prefill(record, name, default),
        required=bool(default),
    )


def date_field(name: str, title: str, value: Any = None, *, required: bool = False) -> FormField:
    """A day typed as text (a date value shown in ISO form), with the catalogue's format hint."""
    shown = value.isoformat() if isinstance(value, date) else (value or "")
    return FormField(name, title, "date", shown, placeholder=t("tui.date_hint"), required=required)


def note_field(*, required: bool = False, name: str = "note") -> FormField:
    return FormField(name, t("field.note"), "long", required=required)


def filled(values: dict[str, Any]) -> dict[str, Any]:
    """The fields typed in (blank ones left to the service's defaults), for a create."""
    return {k: v for k, v in values.items() if v not in (None, "")}


def given(values: dict[str, Any]) -> dict[str, Any]:
    """The fields the form holds (an unset choice left out; a blank text clears), for an edit."""
    return {k: v for k, v in values.items() if v is not None}


class RecordForm(FramedDialog[Any]):
    """Dismissed with whatever `save` returned; Escape dismisses with None."""

    DEFAULT_CSS = """
    RecordForm > .dialog-box { width: 80; padding: 0 1; }
    RecordForm .form-title { text-style: bold; padding: 1 0 0 0; }
    RecordForm .form-fields { height: auto; max-height: 30; }
    RecordForm .field-label { padding: 1 0 0 0; color: $text-muted; }
    RecordForm .field-error { color: $error; height: auto; display: none; }
    RecordForm .field-error.-shown { display: block; }
    RecordForm .form-error { color: $error; height: auto; padding: 1 0 0 0; }
    RecordForm TextArea { height: 6; }
    RecordForm.-short .field-label { padding: 0; }
    RecordForm.-short TextArea { height: 4; }
    RecordForm.-short Input, RecordForm.-short SelectCurrent { background: $panel; }
    RecordForm.-short Input:focus, RecordForm.-short Select:focus > SelectCurrent {
        background: $primary 30%;
    }
    RecordForm .form-buttons { height: auto; padding: 1 0; align-horizontal: right; }
    RecordForm Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_form", "key.close", id="form.close"),
        Binding("ctrl+s", "save", "key.save", id="form.save"),
    ]

    def __init__(
        self, title: str, fields: list[FormField], save: Save, *, submit_label: str | None = None
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.save_callback = save
        self.submit_label = submit_label or t("tui.save")
        self.saving = False
        self._early: list[str] = []  # keys typed before the first field had the focus
        self._initial: dict[str, Any] | None = None  # the values as the form opened

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.form_title, classes="form-title", markup=False)
            # The scrolling box is not a stop of its own: Tab and the first focus go to fields.
            with VerticalScroll(classes="form-fields", can_focus=False):
                for field in self.fields:
                    if field.kind != "flag":
                        caption = field.label + (" *" if field.required else "")
                        yield Label(caption, classes="field-label", markup=False)
                    yield self._widget(field)
                    yield Static("", id=f"error-{field.name}", classes="field-error", markup=False)
            yield Static("", id="form-error", classes="form-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(t("tui.cancel"), id="form-cancel")
                yield Button(self.submit_label, variant="primary", id="form-save")
        # The keys of the form, not those of the list underneath (`n` there would be typed here).
        yield OfficeFooter()

    # The first field has the focus as the form opens, and what was typed before it could
    # (`n` then the title at once, faster than the form mounts) is put into it, not lost.
    AUTO_FOCUS = None

    def on_mount(self) -> None:
        self._focus_first()

    def _focus_first(self) -> None:
        if not self.fields:
            return
        if not self.query(f"#field-{self.fields[0].name}"):
            self.call_after_refresh(self._focus_first)  # still being mounted: once they are
            return
        self._initial = self.values()
        first = self._first_field()
        if first is None:
            return
        first.focus()
        if self._early and isinstance(first, Input):
            first.insert_text_at_cursor("".join(self._early))
        elif self._early and isinstance(first, TextArea):
            first.insert("".join(self._early))
        self._early.clear()

    def on_key(self, event: events.Key) -> None:
        """A printable key reaches the form itself only when it was typed before the form could
        route it (a text field eats the keys it is sent): keep it for the first field, or put
        it into the field that has the focus by now."""
        if not (event.is_printable and event.character):
            return
        focused = self.focused
        if focused is None and self._initial is not None:
            return  # the form is ready and nothing has the focus: not a key typed too early
        if focused is None:
            self._early.append(event.character)
        elif isinstance(focused, Input):
            focused.insert_text_at_cursor(event.character)
        elif isinstance(focused, TextArea):
            focused.insert(event.character)
        else:
            return
        event.stop()

    def is_dirty(self) -> bool:
        """Whether anything was typed or chosen since the form opened (quitting then asks)."""
        return self._initial is not None and self.values() != self._initial

    def _first_field(self) -> Any:
        """The first field one types into (a document's title, not its type dropdown above
        it: `n` then typing at once means the title), else the first that takes the focus."""
        widgets = [self.query_one(f"#field-{field.name}") for field in self.fields]
        focusable = [widget for widget in widgets if widget.focusable]
        typed = [widget for widget in focusable if isinstance(widget, Input | TextArea)]
        return (typed or focusable or [None])[0]

    # Below this many rows the inputs lose their borders and the labels their blank line: on a
    # 24-row terminal a bordered form shows three fields at a time.
    SHORT_SCREEN = 32

    def on_resize(self, event: Any) -> None:
        short = self.app.size.height < self.SHORT_SCREEN
        self.set_class(short, "-short")
        for widget in self.query("Input, Select"):
            widget.compact = short  # type: ignore[attr-defined]

    def _widget(self, field: FormField) -> Any:
        ident = f"field-{field.name}"
        if field.kind == "long":
            return TextArea(str(field.value or ""), id=ident, soft_wrap=True, tab_behavior="focus")
        if field.kind == "choice":
            value = field.value if field.value not in (None, "") else Select.NULL
            return Select(
                list(field.choices),
                value=value,
                id=ident,
                allow_blank=not field.required,
                prompt=t("tui.choose"),  # Textual's own is the English "Select"
            )
        if field.kind == "flag":
            return TickBox(field.label, value=bool(field.value), id=ident)
        kind = "integer" if field.kind == "int" else "text"
        return Input(str(field.value or ""), placeholder=field.placeholder, id=ident, type=kind)

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, TextArea):
                result[field.name] = widget.text
            elif isinstance(widget, Select):
                result[field.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Checkbox | Input):
                result[field.name] = widget.value
        return result

    def _clear_errors(self) -> None:
        for error in self.query(".field-error, .form-error").results(Static):
            error.update("")
            error.remove_class("-shown")  # an empty line under every field hid one field in four

    def show_error(self, error: DomainError) -> None:
        """Under the field the error names (or whose text it quotes), else at the bottom."""
        self.saving = False
        self._clear_errors()
        values = self.values()
        target = error.params.get("field")
        names = [f.name for f in self.fields]
        if target not in names:  # a group of fields (papers → papers_invoice, …): its first
            target = next((n for n in names if n.startswith(f"{target}_")), target)
        if target not in names:
            quoted = error.params.get("value")
            target = next(
                (
                    f.name
                    for f in self.fields
                    if quoted is not None and values.get(f.name) == quoted
                ),
                None,
            )
        if target is not None:
            shown = self.query_one(f"#error-{target}", Static)
            shown.update(error.message())
            shown.add_class("-shown")
            self.query_one(f"#field-{target}").focus()
        else:
            self.query_one("#form-error", Static).update(error.message())

    @work(thread=True, exclusive=True, group="form-save")
    def _save(self, values: dict[str, Any]) -> None:
        try:
            result = self.save_callback(values)
        except DomainError as error:
            self.app.call_from_thread(self.show_error, error)
            return
        self.app.call_from_thread(self.dismiss, result)

    def action_save(self) -> None:
        if self.saving:
            return
        self.saving = True
        self._clear_errors()
        self._save(self.values())

    def action_dismiss_form(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        inputs = [w for w in self.query("Input, TextArea, Select, Checkbox") if w.can_focus]
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no, for what cannot be taken back without undo."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 60; height: auto; border: thick $warning; background: $surface; padding: 1 2;
    }
    ConfirmDialog .form-buttons { height: auto; padding-top: 1; align-horizontal: right; }
    ConfirmDialog Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "key.no", id="confirm.no"),
        Binding("y", "answer(True)", "key.yes", id="confirm.yes"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(t("tui.no"), id="confirm-no")
                yield Button(t("tui.yes"), variant="warning", id="confirm-yes")
        yield OfficeFooter()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)
