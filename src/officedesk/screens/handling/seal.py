"""The seal register in the workbench: the seals with their lifecycle (SealPane); the forms that
append to the usage log are in seal_forms, shared with the usage log pane. Rules stay in
services.seal: the pane offers only the steps its table allows and shows its refusals."""

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import BindingType

from officedesk.i18n import label, t
from officedesk.screens.handling.seal_forms import (
    open_decide_form,
    open_request_use_form,
    open_use_form,
    request_fields,
)
from officedesk.text import display_safe
from officedesk.views.seal import COLUMNS
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.pane_keys import action_keys, record_keys, step_keys
from officedesk.widgets.record_form import (
    FormField,
    date_field,
    given,
    note_field,
    prefill,
    word_choices,
    word_field,
)
from officedesk.widgets.register_pane import EditablePane, EditForm

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.models.seal import SealRead

STATE_STYLES = {"active": "green", "suspended": "yellow", "recalled": "dim", "destroyed": "dim"}

# Lifecycle step keys: the step → the key pressed (the footer shows only the legal ones).
STEP_KEYS = (
    ("activate", "a"),
    ("suspend", "s"),
    ("reinstate", "i"),
    ("recall", "r"),
    ("destroy", "x"),
)


class SealPane(EditablePane):
    """The seals: master data and the lifecycle steps, each dated and approved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *record_keys("seal"),
        *step_keys("seal", "step", STEP_KEYS, "key.seal_"),
        *action_keys("seal", "key.seal_", use="u", request="q", process="p"),
    ]
    READ_SERVICES = ("officedesk.services.seal.actions", "count_seals", "list_seals")
    VIEW_COLUMNS = COLUMNS

    def filter_specs(self) -> list[FilterSpec]:
        from officedesk.models.seal import SEAL_KINDS, SEAL_STATES

        return [
            FilterSpec(
                "state", "choice", t("seal.state_heading"), word_choices("seal_state", SEAL_STATES)
            ),
            FilterSpec("kind", "choice", t("field.kind"), word_choices("seal_kind", SEAL_KINDS)),
            FilterSpec("dept", "text", t("field.dept"), width=14),
            FilterSpec("text", "text", t("tui.seal_filter_text"), width=24),
        ]

    def cells(self, seal: "SealRead") -> list[Text]:
        return [
            Text(f"#{seal.id}"),
            Text(display_safe(seal.name)),
            Text(label("seal_kind", seal.kind)),
            Text(label("seal_state", seal.state), style=STATE_STYLES.get(seal.state, "")),
            Text(seal.state_on.isoformat()),
            Text(display_safe(seal.keeper or "")),
            Text(str(seal.uses)),
        ]

    def row_style(self, seal: "SealRead") -> str:
        from officedesk.services.seal.states import RETIRED_STATES

        return "dim" if seal.state in RETIRED_STATES else ""

    def make_filter(self) -> Any:
        from officedesk.services.seal.actions import SealFilter

        return SealFilter(states=self.chosen_states(""), **self.picked("kind", "dept", "text"))

    def load_detail(self, session: Any, row: "SealRead") -> "SealRead":
        from officedesk.services.seal.actions import read_seal

        return read_seal(session, row.id, with_detail=True)

    def detail_view(self, detail: "SealRead") -> RenderableType:
        from officedesk.views.seal import seal_detail_view

        return seal_detail_view(detail)

    def show_record(self, ref_id: int) -> None:
        """From search or the palette: every state, filtered down to the seal."""
        from officedesk.services.seal.actions import get_seal

        self.find_by_name(get_seal, ref_id)

    # ---- which keys apply ---------------------------------------------------------------------

    def binding_state(self) -> Any:
        if self.detail is None:
            return None
        return (self.detail.state, bool(self.detail.open_requests))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            return self.detail is not None and self.detail.state != "destroyed"
        if action in ("use", "request"):
            from officedesk.services.seal.states import USABLE_STATE

            return self.detail is not None and self.detail.state == USABLE_STATE
        if action == "process":
            return self.detail is not None and bool(self.detail.open_requests)
        if action == "step":
            return self.detail is not None and str(parameters[0]) in self.detail.actions
        return True

    # ---- forms --------------------------------------------------------------------------------

    def _fields(self, seal: "SealRead | None") -> list[FormField]:
        from officedesk.models.seal import SEAL_KINDS

        person = t("tui.name_hint")
        fields = [
            FormField("name", t("field.name"), value=prefill(seal, "name"), required=True),
            word_field("kind", "seal_kind", SEAL_KINDS, seal, "official"),
            FormField("serial", t("field.serial"), value=prefill(seal, "serial")),
            FormField(
                "keeper", t("field.keeper"), value=prefill(seal, "keeper"), placeholder=person
            ),
            FormField("dept", t("field.dept"), value=prefill(seal, "dept"), placeholder=person),
            FormField("note", t("field.note"), "long", value=prefill(seal, "note")),
        ]
        if seal is None:
            fields += [
                FormField("approval", t("field.approval"), required=True),
                date_field("engraved_on", t("tui.seal_engraved_on")),
            ]
        return fields

    def action_new(self) -> None:
        from officedesk.services.seal.actions import create_seal

        def done(seal: "SealRead") -> str:
            self.focus_record(seal.id, seal.name)
            return t("seal.added", id=seal.id, name=seal.name)

        self.open_form(
            t("tui.seal_new"),
            self._fields(None),
            "seal.add",
            lambda session, values: create_seal(session, given(values)),
            done,
        )

    def edit_form(self, seal: "SealRead") -> EditForm:
        from officedesk.services.seal.actions import update_seal

        return EditForm(
            t("tui.seal_edit", name=seal.name),
            self._fields(seal),
            "seal.edit",
            update_seal,
            lambda result: t("seal.edited", id=result.id, name=result.name),
        )

    def action_step(self, action: str) -> None:
        from officedesk.services.seal.actions import step_seal

        seal = self.detail
        if seal is None or not self.check_action("step", (action,)):
            return
        fields = [
            FormField("approval", t("field.approval"), required=True),
            date_field("step_on", t("field.step_on")),
            note_field(),
        ]

        def apply(session: Any, values: dict[str, Any]) -> Any:
            on = values["step_on"] or None
            approval, note = values["approval"], values["note"]
            return step_seal(session, seal.id, action, approval=approval, on=on, note=note)

        def done(result: "SealRead") -> str:
            state = label("seal_state", result.state)
            date = result.state_on.isoformat()
            return t("seal.stepped", id=result.id, name=result.name, state=state, date=date)

        self.open_form(
            t("tui.seal_step", action=label("seal_action", action), name=seal.name),
            fields,
            f"seal.{action}",
            apply,
            done,
            submit_label=label("seal_action", action),
        )

    def action_use(self) -> None:
        seal = self.detail
        if seal is None or seal.state != "active":
            return
        open_use_form(self, [(seal.name, str(seal.id))], str(seal.id))

    def action_request(self) -> None:
        from officedesk.services.seal.requests import request_use

        seal = self.detail
        if seal is None or seal.state != "active":
            return

        def apply(session: Any, values: dict[str, Any]) -> Any:
            return request_use(session, seal.id, {**values, "copies": values["copies"] or 1})

        def done(request: Any) -> str:
            return t("seal.requested", id=request.id, seal=request.seal, title=request.doc_title)

        title = t("tui.seal_request", name=seal.name)
        self.open_form(title, request_fields(), "seal.request", apply, done)

    def action_process(self) -> None:
        """The seal's oldest open request: decide it, or log the use it was approved for."""
        seal = self.detail
        if seal is None or not seal.open_requests:
            return
        request = seal.open_requests[0]
        if request.state == "requested":
            open_decide_form(self, request)
        else:
            open_request_use_form(self, request)
