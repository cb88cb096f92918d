"""The incoming register (收文) in the workbench: every step the CLI offers, from the keyboard.
Rules stay in services.incoming: the pane asks it which steps are legal and shows its refusals;
the detail view, the columns and the row wording come from views.incoming, shared with the CLI."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType

from officedesk.errors import DomainError
from officedesk.i18n import label, t
from officedesk.text import display_safe, local_time
from officedesk.views.incoming import (
    COLUMNS,
    incoming_detail_view,
    outcome_line,
    reminded_line,
    urgency_text,
)
from officedesk.widgets.columns import table_columns
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.list_pane import ListPane
from officedesk.widgets.record_form import FormField, RecordForm
from officedesk.widgets.record_table import Column

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


def _choices(group: str, values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((label(group, v), v) for v in values)


def _values() -> Any:
    """The register's value lists (imported when the pane is built, not with this module)."""
    from officedesk.models import incoming

    return incoming


def _width(*values: str, minimum: int = 2) -> int:
    from rich.cells import cell_len

    return max(minimum, *(cell_len(v) for v in values))


class IncomingPane(ListPane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "key.new", id="incoming.new"),
        Binding("t", "call", "key.incoming_call", id="incoming.call"),
        Binding("e", "edit", "key.edit", id="incoming.edit"),
        *(
            Binding(key, f"step('{name}')", f"key.incoming_{name}", id=f"incoming.{name}")
            for name, key in STEP_KEYS
        ),
    ]
    DEFAULT_SORT = "received"

    # ---- list ---------------------------------------------------------------------------------

    def default_filters(self) -> dict[str, Any]:
        return {"state": "open"}

    def filter_specs(self) -> list[FilterSpec]:
        v = _values()
        states = [(t("tui.state_open"), "open"), (t("tui.state_all"), "all")]
        states += list(_choices("incoming_state", v.STATES))
        return [
            FilterSpec("state", "choice", t("field.state"), tuple(states), default="open"),
            FilterSpec("text", "text", t("tui.incoming_filter_text"), width=24),
            FilterSpec("kind", "choice", t("field.kind"), _choices("incoming_kind", v.KINDS)),
            FilterSpec("urgency", "choice", t("field.urgency"), _choices("urgency", v.URGENCIES)),
            FilterSpec("mode", "choice", t("field.mode"), _choices("incoming_mode", v.MODES)),
        ]

    def columns(self) -> list[Column]:
        v = _values()
        state = _width(t("field.state"), *(label("incoming_state", s) for s in v.STATES))
        urgency = _width(t("field.urgency"), *(label("urgency", u) for u in v.URGENCIES))
        received = _width(t("field.received_at"), "11-26") + 2  # room for the sort mark
        widths = {
            "received_at": received,
            "urgency": urgency,
            "state": state,
            "lead_dept": _width(t("field.lead_dept"), minimum=10),
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

    def _filter(self) -> Any:
        from officedesk.services.incoming.actions import IncomingFilter

        values = self.filters
        state = values.get("state") or "open"
        return IncomingFilter(
            states=None if state == "open" else [state],
            kind=values.get("kind"),
            urgency=values.get("urgency"),
            mode=values.get("mode"),
            text=values.get("text"),
            sort=self.sort or "received",
        )

    def count(self, session: Any) -> int:
        from officedesk.services.incoming.actions import count_incoming

        return count_incoming(session, self._filter())

    def fetch(self, session: Any, offset: int, limit: int) -> list[Any]:
        from officedesk.services.incoming.actions import list_incoming

        return list_incoming(session, self._filter(), limit=limit, offset=offset).items

    def load_detail(self, session: Any, row: "IncomingRead") -> "IncomingRead":
        from officedesk.services.incoming.actions import get_incoming

        return get_incoming(session, row.id, with_detail=True)

    def detail_view(self, detail: "IncomingRead") -> RenderableType:
        return incoming_detail_view(detail)

    def show_record(self, ref_id: int) -> None:
        """From Today, search or the palette: every state, filtered down to the document."""
        self._find_incoming(ref_id)

    @work(thread=True, exclusive=True, group="incoming-find")
    def _find_incoming(self, ref_id: int) -> None:
        from officedesk.services.incoming.actions import get_incoming

        try:
            with self.ctx.read() as session:
                doc = get_incoming(session, ref_id, with_detail=False)
        except DomainError as error:
            self.app.call_from_thread(self.app.notify, error.message(), severity="error")
            return
        self.app.call_from_thread(self.focus_record, ref_id, doc.code, state="all")

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
        hint = t("tui.date_hint")
        return [
            FormField("title", t("field.title"), value=doc.title if doc else "", required=True),
            FormField(
                "kind",
                t("field.kind"),
                "choice",
                value=doc.kind if doc else "document",
                choices=_choices("incoming_kind", v.KINDS),
                required=True,
            ),
            FormField("sender", t("field.sender"), value=doc.sender if doc else ""),
            FormField(
                "sender_number",
                t("field.sender_number"),
                value=doc.sender_number if doc else "",
                placeholder=t("tui.incoming_number_hint"),
            ),
            FormField(
                "received_at",
                t("field.received_at"),
                value=local_time(doc.received_at) if doc else "",
                placeholder=t("tui.incoming_time_hint"),
            ),
            FormField(
                "urgency",
                t("field.urgency"),
                "choice",
                value=doc.urgency if doc else "normal",
                choices=_choices("urgency", v.URGENCIES),
                required=True,
            ),
            FormField(
                "secrecy",
                t("field.secrecy"),
                "choice",
                value=doc.secrecy if doc else "public",
                choices=_choices("secrecy", v.SECRECY_LEVELS),
                required=True,
            ),
            FormField(
                "mode",
                t("field.mode"),
                "choice",
                value=doc.mode if doc else "",
                choices=_choices("incoming_mode", v.MODES),
            ),
            FormField("summary", t("field.summary"), "long", value=doc.summary if doc else ""),
            FormField("caller", t("field.caller"), value=doc.caller if doc else ""),
            FormField("phone", t("field.phone"), value=doc.phone if doc else ""),
            FormField(
                "due",
                t("field.due"),
                "date",
                value=doc.due.isoformat() if doc and doc.due else "",
                placeholder=hint,
            ),
        ]

    def action_new(self) -> None:
        from officedesk.services.incoming.actions import create_incoming

        def apply(session: Any, values: dict[str, Any]) -> Any:
            data = {k: v for k, v in values.items() if v not in (None, "")}
            data.setdefault("title", "")
            return create_incoming(session, data)

        form = RecordForm(
            t("tui.incoming_new"), self._register_fields(None), self.saver("incoming.add", apply)
        )
        self.open_form(form, self._after_add("incoming.added"))

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
            FormField(
                "urgency",
                t("field.urgency"),
                "choice",
                value="normal",
                choices=_choices("urgency", v.URGENCIES),
                required=True,
            ),
        ]

        def apply(session: Any, values: dict[str, Any]) -> Any:
            data = {k: v for k, v in values.items() if v not in (None, "")}
            data.setdefault("title", "")
            return register_call(session, data)

        form = RecordForm(t("tui.incoming_call"), fields, self.saver("incoming.call", apply))
        self.open_form(form, self._after_add("incoming.added"))

    def action_edit(self) -> None:
        from officedesk.services.incoming.actions import update_incoming

        doc = self.detail
        if doc is None or not self.check_action("edit", ()):
            return

        def apply(session: Any, values: dict[str, Any]) -> Any:
            data = {k: v for k, v in values.items() if v is not None}
            return update_incoming(session, doc.id, data)

        form = RecordForm(
            t("tui.incoming_edit", code=doc.code),
            self._register_fields(doc),
            self.saver("incoming.edit", apply),
        )
        self.open_form(form, self._done("incoming.edited", standing=True))

    # ---- steps --------------------------------------------------------------------------------

    def action_step(self, name: str) -> None:
        if not self.check_action("step", (name,)) or self.detail is None:
            return
        fields, call = getattr(self, f"_step_{name}")(self.detail)
        doc_id = self.detail.id
        form = RecordForm(
            t("tui.incoming_step", action=label("incoming_action", name), code=self.detail.code),
            fields,
            self.saver(f"incoming.{name}", lambda session, values: call(session, doc_id, values)),
            submit_label=label("incoming_action", name),
        )
        self.open_form(form, reminded_line if name == "remind" else self._done("incoming.stepped"))

    @staticmethod
    def _note() -> FormField:
        return FormField("note", t("field.note"), "long")

    def _step_review(self, doc: "IncomingRead") -> tuple[list[FormField], Any]:
        from officedesk.services.incoming.actions import review_incoming

        return [self._note()], lambda s, i, v: review_incoming(s, i, v["note"])

    def _step_return(self, doc: "IncomingRead") -> tuple[list[FormField], Any]:
        from officedesk.services.incoming.actions import return_incoming

        fields = [FormField("reason", t("field.return_reason"), "long", required=True)]
        return fields, lambda s, i, v: return_incoming(s, i, v["reason"])

    def _step_propose(self, doc: "IncomingRead") -> tuple[list[FormField], Any]:
        from officedesk.services.incoming.actions import propose_incoming

        fields = [FormField("proposal", t("field.proposal"), "long", required=True)]
        return fields, lambda s, i, v: propose_incoming(s, i, v["proposal"])

    def _step_instruct(self, doc: "IncomingRead") -> tuple[list[FormField], Any]:
        from officedesk.services.incoming.actions import instruct_incoming

        fields = [
            FormField("leader", t("field.leader"), value=doc.leader, required=True),
            FormField("instruction", t("field.instruction"), "long", required=True),
        ]
        return fields, lambda s, i, v: instruct_incoming(s, i, v["leader"], v["instruction"])

    def _step_handle(self, doc: "IncomingRead") -> tuple[list[FormField], Any]:
        from officedesk.services.incoming.actions import handle_incoming

        fields = [
            FormField("dept", t("field.lead_dept"), placeholder=t("tui.name_hint"), required=True),
            FormField("assist", t("field.assist"), placeholder=t("tui.incoming_assist_hint")),
            FormField(
                "due",
                t("field.due"),
                "date",
                value=doc.due.isoformat() if doc.due else "",
                placeholder=t("tui.incoming_due_hint"),
            ),
            self._note(),
        ]

        def call(session: Any, ref: int, values: dict[str, Any]) -> Any:
            assist = [n.strip() for n in (values["assist"] or "").replace("，", ",").split(",")]
            return handle_incoming(
                session, ref, values["dept"], assist, values["due"] or None, values["note"]
            )

        return fields, call

    def _step_answer(self, doc: "IncomingRead") -> tuple[list[FormField], Any]:
        from officedesk.services.incoming.actions import answer_incoming

        fields = [FormField("answer", t("field.answer"), "long", required=True)]
        return fields, lambda s, i, v: answer_incoming(s, i, v["answer"])

    def _step_done(self, doc: "IncomingRead") -> tuple[list[FormField], Any]:
        from officedesk.services.incoming.actions import complete_incoming

        fields = [
            FormField("result", t("field.result"), "long"),
            FormField("done_on", t("field.done_on"), "date", placeholder=t("tui.date_hint")),
        ]
        return fields, lambda s, i, v: complete_incoming(s, i, v["result"], v["done_on"] or None)

    def _step_file(self, doc: "IncomingRead") -> tuple[list[FormField], Any]:
        from officedesk.services.incoming.actions import file_incoming

        return [self._note()], lambda s, i, v: file_incoming(s, i, v["note"])

    def _step_circulate(self, doc: "IncomingRead") -> tuple[list[FormField], Any]:
        from officedesk.services.incoming.actions import circulate_incoming

        fields = [
            FormField(
                "readers",
                t("field.readers"),
                placeholder=t("tui.incoming_readers_hint"),
                required=True,
            ),
            self._note(),
        ]

        def call(session: Any, ref: int, values: dict[str, Any]) -> Any:
            names = [n.strip() for n in (values["readers"] or "").replace("，", ",").split(",")]
            return circulate_incoming(session, ref, names, values["note"])

        return fields, call

    def _step_read(self, doc: "IncomingRead") -> tuple[list[FormField], Any]:
        from officedesk.services.incoming.actions import mark_read

        unread = [row for row in doc.circulation or [] if row.read_at is None]
        holder = next((row for row in unread if row.holder), unread[0] if unread else None)
        fields = [
            FormField(
                "reader",
                t("field.reader"),
                "choice",
                value=f"#{holder.person_id}" if holder else "",
                choices=tuple((row.reader, f"#{row.person_id}") for row in unread),
                required=True,
            ),
            FormField("at", t("field.read_at"), placeholder=t("tui.incoming_time_hint")),
        ]
        return fields, lambda s, i, v: mark_read(s, i, v["reader"] or "", v["at"] or None)

    def _step_remind(self, doc: "IncomingRead") -> tuple[list[FormField], Any]:
        from officedesk.services.incoming.actions import remind_readers

        return [self._note()], lambda s, i, v: remind_readers(s, i, v["note"])
