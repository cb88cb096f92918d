"""The incoming register (收文) in the workbench: every step the CLI offers, from the keyboard.
Rules stay in services.incoming: the pane asks it which steps are legal and shows its refusals;
the detail view, the columns and the row wording come from views.incoming, shared with the CLI."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType

from officedesk.i18n import label, t
from officedesk.screens.handling.incoming_steps import step_form
from officedesk.text import display_safe, local_time
from officedesk.views.incoming import (
    COLUMNS,
    incoming_detail_view,
    outcome_line,
    reminded_line,
    urgency_text,
)
from officedesk.widgets.columns import table_columns, text_width, words_width
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.pane_keys import step_keys
from officedesk.widgets.record_form import (
    FormField,
    date_field,
    filled,
    given,
    prefill,
    word_choices,
    word_field,
    years_field,
)
from officedesk.widgets.record_table import Column
from officedesk.widgets.register_pane import EditablePane, EditForm

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.services.incoming.schemas import IncomingRead

# Step keys: the action's name → the key pressed (the footer shows only the legal ones).
STEP_KEYS = (
    ("review", "v"),
    ("return", "b"),
    ("propose", "p"),
    ("instruct", "i"),
    ("handle", "h"),
    ("answer", "a"),
    ("done", "d"),
    ("file", "f"),
    ("circulate", "c"),
    ("read", "s"),
    ("remind", "r"),
)


def _values() -> Any:
    """The register's value lists (imported when the pane is built, not with this module)."""
    from officedesk.models import incoming

    return incoming


class IncomingPane(EditablePane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "key.new", id="incoming.new"),
        Binding("t", "call", "key.incoming_call", id="incoming.call"),
        Binding("e", "edit", "key.edit", id="incoming.edit"),
        *step_keys("incoming", "step", STEP_KEYS, "key.incoming_"),
    ]
    READ_SERVICES = ("officedesk.services.incoming.actions", "count_incoming", "list_incoming")
    DEFAULT_SORT = "received"
    DEFAULT_STATE = "open"

    # ---- list ---------------------------------------------------------------------------------

    def filter_specs(self) -> list[FilterSpec]:
        v = _values()
        return [
            self.state_filter("incoming_state", v.STATES),
            FilterSpec("text", "text", t("tui.incoming_filter_text"), width=24),
            FilterSpec("kind", "choice", t("field.kind"), word_choices("incoming_kind", v.KINDS)),
            FilterSpec(
                "urgency", "choice", t("field.urgency"), word_choices("urgency", v.URGENCIES)
            ),
            FilterSpec("mode", "choice", t("field.mode"), word_choices("incoming_mode", v.MODES)),
        ]

    def columns(self) -> list[Column]:
        v = _values()
        widths = {
            "received_at": text_width(t("field.received_at"), "11-26") + 2,  # and the sort mark
            "urgency": words_width("field.urgency", "urgency", v.URGENCIES),
            "state": words_width("field.state", "incoming_state", v.STATES),
            "lead_dept": text_width(t("field.lead_dept"), minimum=10),
        }
        return table_columns(COLUMNS, widths)

    def cells(self, doc: "IncomingRead") -> list[Text]:
        return [
            Text(doc.code),
            Text(local_time(doc.received_at, "%m-%d")),
            urgency_text(doc.urgency),
            Text(display_safe(doc.sender)),
            Text(display_safe(doc.title)),
            Text(label("incoming_state", doc.state)),
            Text(doc.due.isoformat() if doc.due else ""),
            Text(display_safe(doc.lead_dept or "")),
        ]

    def row_style(self, doc: "IncomingRead") -> str:
        style = "red" if doc.overdue else ""
        from officedesk.services.incoming.states import CLOSED_STATES

        if doc.urgency == "extra_urgent" and doc.state not in CLOSED_STATES:
            style = f"{style} bold".strip()
        return style

    def make_filter(self) -> Any:
        from officedesk.services.incoming.actions import IncomingFilter

        return IncomingFilter(
            states=self.chosen_states("open"),
            sort=self.sort or "received",
            **self.picked("kind", "urgency", "mode", "text"),
        )

    def load_detail(self, session: Any, row: "IncomingRead") -> "IncomingRead":
        from officedesk.services.incoming.actions import get_incoming

        return get_incoming(session, row.id, with_detail=True)

    def detail_view(self, detail: "IncomingRead") -> RenderableType:
        return incoming_detail_view(detail)

    def show_record(self, ref_id: int) -> None:
        """From Today, search or the palette: every state, filtered down to the document."""
        from officedesk.services.incoming.actions import get_incoming

        self.find_record(
            lambda session: get_incoming(session, ref_id, with_detail=False),
            lambda doc: self.focus_record(ref_id, doc.code, state="all"),
        )

    # ---- which keys apply ---------------------------------------------------------------------

    def binding_state(self) -> Any:
        detail = self.detail
        if detail is None:
            return None
        return (detail.id, detail.state, detail.mode, detail.unread)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from officedesk.services.incoming.rules import offered_operations

        if action == "edit":
            return self.detail is not None and self.detail.state != "filed"
        if action != "step":
            return True
        return self.detail is not None and str(parameters[0]) in offered_operations(self.detail)

    # ---- forms --------------------------------------------------------------------------------

    def _done(self, key: str, *, standing: bool = False) -> Callable[[Any], str]:
        """The notice after a save, and the service's warnings beside it (`standing`: also those
        about the record itself, after registering or editing it)."""
        from officedesk.services.incoming.actions import step_notices

        def done(doc: Any) -> str:
            document = getattr(doc, "document", doc)
            for notice in document.warnings if standing else step_notices(document):
                self.app.notify(notice.message(), severity="warning")
            return outcome_line(document, key)

        return done

    def _register_fields(self, doc: "IncomingRead | None") -> list[FormField]:
        v = _values()

        def text(name: str, **extra: Any) -> FormField:
            return FormField(name, t(f"field.{name}"), value=prefill(doc, name), **extra)

        received = local_time(doc.received_at) if doc else ""
        return [
            text("title", required=True),
            word_field("kind", "incoming_kind", v.KINDS, doc, "document"),
            text("sender"),
            text("sender_number", placeholder=t("tui.incoming_number_hint")),
            FormField(
                "received_at",
                t("field.received_at"),
                value=received,
                placeholder=t("tui.incoming_time_hint"),
            ),
            word_field("urgency", "urgency", v.URGENCIES, doc, "normal"),
            word_field("secrecy", "secrecy", v.SECRECY_LEVELS, doc, "public"),
            years_field(doc),
            word_field("mode", "incoming_mode", v.MODES, doc, ""),
            FormField("summary", t("field.summary"), "long", value=prefill(doc, "summary")),
            text("caller"),
            text("phone"),
            date_field("due", t("field.due"), prefill(doc, "due")),
        ]

    def action_new(self) -> None:
        from officedesk.services.incoming.actions import create_incoming

        self.open_form(
            t("tui.incoming_new"),
            self._register_fields(None),
            "incoming.add",
            lambda session, values: create_incoming(session, {"title": "", **filled(values)}),
            self._after_add("incoming.added"),
        )

    def _after_add(self, key: str) -> Callable[[Any], str]:
        done = self._done(key, standing=True)

        def after(doc: Any) -> str:
            self.show_record(doc.id)
            return done(doc)

        return after

    def action_call(self) -> None:
        """来电: what it was about and who rang; everything else may wait."""
        from officedesk.services.incoming.actions import register_call

        v = _values()
        fields = [
            FormField("title", t("field.title"), required=True),
            FormField("caller", t("field.caller")),
            FormField("unit", t("field.sender")),
            FormField("phone", t("field.phone")),
            FormField("at", t("field.received_at"), placeholder=t("tui.incoming_time_hint")),
            FormField("content", t("field.summary"), "long"),
            word_field("urgency", "urgency", v.URGENCIES, None, "normal"),
        ]
        self.open_form(
            t("tui.incoming_call"),
            fields,
            "incoming.call",
            lambda session, values: register_call(session, {"title": "", **filled(values)}),
            self._after_add("incoming.added"),
        )

    def edit_form(self, doc: "IncomingRead") -> EditForm:
        from officedesk.services.incoming.actions import update_incoming

        return EditForm(
            t("tui.incoming_edit", code=doc.code),
            self._register_fields(doc),
            "incoming.edit",
            lambda session, ref, values: update_incoming(session, ref, given(values)),
            self._done("incoming.edited", standing=True),
        )

    # ---- steps --------------------------------------------------------------------------------

    def action_step(self, name: str) -> None:
        if not self.check_action("step", (name,)) or self.detail is None:
            return
        fields, call = step_form(name, self.detail)
        doc_id = self.detail.id
        self.open_form(
            t("tui.incoming_step", action=label("incoming_action", name), code=self.detail.code),
            fields,
            f"incoming.{name}",
            lambda session, values: call(session, doc_id, values),
            reminded_line if name == "remind" else self._done("incoming.stepped"),
            submit_label=label("incoming_action", name),
        )
