"""The seal register in the workbench: the seals with their lifecycle (SealPane), and the form
that logs a use, shared with the usage log in screens.seal_uses. Rules stay in services.seals: the
pane offers only the steps its table allows and shows its refusals."""

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType

from officedesk.i18n import label, t
from officedesk.text import display_safe
from officedesk.views.seal import COLUMNS
from officedesk.widgets.columns import table_columns
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.list_pane import ListPane
from officedesk.widgets.record_form import FormField, RecordForm
from officedesk.widgets.record_table import Column

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.models.seal import SealRead, SealUseRead

STATE_STYLES = {"active": "green", "suspended": "yellow", "recalled": "dim", "destroyed": "dim"}


def _hint() -> str:
    return t("tui.date_hint")


def _choices(group: str, values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((label(group, value), value) for value in values)


class SealPane(ListPane):
    """The seals: master data and the lifecycle steps, each dated and approved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "key.new", id="seal.new"),
        Binding("e", "edit", "key.edit", id="seal.edit"),
        Binding("a", "step('activate')", "key.seal_activate", id="seal.activate"),
        Binding("s", "step('suspend')", "key.seal_suspend", id="seal.suspend"),
        Binding("i", "step('reinstate')", "key.seal_reinstate", id="seal.reinstate"),
        Binding("r", "step('recall')", "key.seal_recall", id="seal.recall"),
        Binding("x", "step('destroy')", "key.seal_destroy", id="seal.destroy"),
        Binding("u", "use", "key.seal_use", id="seal.use"),
        Binding("q", "request", "key.seal_request", id="seal.request"),
        Binding("p", "process", "key.seal_process", id="seal.process"),
    ]

    def filter_specs(self) -> list[FilterSpec]:
        from officedesk.models.seal import SEAL_KINDS, SEAL_STATES

        return [
            FilterSpec(
                "state",
                "choice",
                t("seal.state_heading"),
                _choices("seal_state", SEAL_STATES),
            ),
            FilterSpec(
                "kind",
                "choice",
                t("field.kind"),
                _choices("seal_kind", SEAL_KINDS),
            ),
            FilterSpec("dept", "text", t("field.dept"), width=14),
            FilterSpec("text", "text", t("tui.seal_filter_text"), width=24),
        ]

    def columns(self) -> list[Column]:
        return table_columns(COLUMNS)

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

    def _filter(self) -> Any:
        from officedesk.services.seal.actions import SealFilter

        values = self.filters
        state = values.get("state")
        return SealFilter(
            states=[state] if state else None,
            kind=values.get("kind"),
            dept=values.get("dept"),
            text=values.get("text"),
        )

    def count(self, session: Any) -> int:
        from officedesk.services.seal.actions import count_seals

        return count_seals(session, self._filter())

    def fetch(self, session: Any, offset: int, limit: int) -> list[Any]:
        from officedesk.services.seal.actions import list_seals

        return list_seals(session, self._filter(), limit=limit, offset=offset).items

    def load_detail(self, session: Any, row: "SealRead") -> "SealRead":
        from officedesk.services.seal.actions import read_seal

        return read_seal(session, row.id, with_detail=True)

    def detail_view(self, detail: "SealRead") -> RenderableType:
        from officedesk.views.seal import seal_detail_view

        return seal_detail_view(detail)

    def show_record(self, ref_id: int) -> None:
        """From search or the palette: every state, filtered down to the seal."""
        from officedesk.services.seal.actions import get_seal

        self.run_worker(lambda: self._find(get_seal, ref_id), thread=True)

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

        kinds = _choices("seal_kind", SEAL_KINDS)
        fields = [
            FormField("name", t("field.name"), value=seal.name if seal else "", required=True),
            FormField(
                "kind",
                t("field.kind"),
                "choice",
                value=seal.kind if seal else "official",
                choices=kinds,
                required=True,
            ),
            FormField("serial", t("field.serial"), value=seal.serial if seal else ""),
            FormField(
                "keeper",
                t("field.keeper"),
                value=(seal.keeper or "") if seal else "",
                placeholder=t("tui.name_hint"),
            ),
            FormField(
                "dept",
                t("field.dept"),
                value=(seal.dept or "") if seal else "",
                placeholder=t("tui.name_hint"),
            ),
            FormField("note", t("field.note"), "long", value=seal.note if seal else ""),
        ]
        if seal is None:
            fields += [
                FormField("approval", t("field.approval"), required=True),
                FormField("engraved_on", t("tui.seal_engraved_on"), "date", placeholder=_hint()),
            ]
        return fields

    def action_new(self) -> None:
        from officedesk.services.seal.actions import create_seal

        def apply(session: Any, values: dict[str, Any]) -> Any:
            return create_seal(session, {k: v for k, v in values.items() if v is not None})

        def done(seal: "SealRead") -> str:
            self.focus_record(seal.id, seal.name)
            return t("seal.added", id=seal.id, name=seal.name)

        form = RecordForm(t("tui.seal_new"), self._fields(None), self.saver("seal.add", apply))
        self.open_form(form, done)

    def action_edit(self) -> None:
        from officedesk.services.seal.actions import update_seal

        seal = self.detail
        if seal is None:
            return

        def apply(session: Any, values: dict[str, Any]) -> Any:
            return update_seal(session, seal.id, values)

        form = RecordForm(
            t("tui.seal_edit", name=seal.name), self._fields(seal), self.saver("seal.edit", apply)
        )
        self.open_form(form, lambda result: t("seal.edited", id=result.id, name=result.name))

    def action_step(self, action: str) -> None:
        from officedesk.services.seal.actions import step_seal

        seal = self.detail
        if seal is None or not self.check_action("step", (action,)):
            return
        fields = [
            FormField("approval", t("field.approval"), required=True),
            FormField("step_on", t("field.step_on"), "date", placeholder=_hint()),
            FormField("note", t("field.note"), "long"),
        ]

        def apply(session: Any, values: dict[str, Any]) -> Any:
            return step_seal(
                session,
                seal.id,
                action,
                approval=values["approval"],
                on=values["step_on"] or None,
                note=values["note"],
            )

        def done(result: "SealRead") -> str:
            return t(
                "seal.stepped",
                id=result.id,
                name=result.name,
                state=label("seal_state", result.state),
                date=result.state_on.isoformat(),
            )

        title = t("tui.seal_step", action=label("seal_action", action), name=seal.name)
        form = RecordForm(
            title,
            fields,
            self.saver(f"seal.{action}", apply),
            submit_label=label("seal_action", action),
        )
        self.open_form(form, done)

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
        fields = [
            FormField("doc_title", t("field.doc_title"), required=True),
            FormField(
                "requester", t("field.requester"), placeholder=t("tui.name_hint"), required=True
            ),
            FormField("dept", t("field.dept"), placeholder=t("tui.seal_dept_hint")),
            FormField("purpose", t("field.purpose")),
            FormField("copies", t("field.copies"), "int", value="1", required=True),
        ]

        def apply(session: Any, values: dict[str, Any]) -> Any:
            return request_use(session, seal.id, {**values, "copies": values["copies"] or 1})

        def done(request: Any) -> str:
            return t("seal.requested", id=request.id, seal=request.seal, title=request.doc_title)

        title = t("tui.seal_request", name=seal.name)
        self.open_form(RecordForm(title, fields, self.saver("seal.request", apply)), done)

    def action_process(self) -> None:
        """The seal's oldest open request: decide it, or log the use it was approved for."""
        seal = self.detail
        if seal is None or not seal.open_requests:
            return
        request = seal.open_requests[0]
        if request.state == "requested":
            self._decide_form(request)
        else:
            self._use_request_form(request)

    def _decide_form(self, request: Any) -> None:
        from officedesk.services.seal.requests import decide_request, use_request

        choices = (
            (label("seal_request_state", "approved"), "approved"),
            (label("seal_request_state", "refused"), "refused"),
        )
        fields = [
            FormField(
                "decision",
                t("tui.decision"),
                "choice",
                value="approved",
                choices=choices,
                required=True,
            ),
            FormField("approver", t("field.approver"), required=True),
            FormField("note", t("field.note"), "long"),
            FormField("use_now", t("tui.seal_use_now"), "flag"),
        ]

        notes = ChainNotes()

        def apply(session: Any, values: dict[str, Any]) -> Any:
            approve = values["decision"] == "approved"
            decided = decide_request(
                session,
                request.id,
                approve=approve,
                approver=values["approver"],
                note=values["note"],
            )
            if approve and values["use_now"]:
                use_request(session, request.id)
                notes.collect(session)
            return decided

        def done(decided: Any) -> str:
            notes.show(self)
            return t(
                "seal.request_decided",
                id=decided.id,
                state=label("seal_request_state", decided.state),
                approver=decided.approver,
            )

        title = t("tui.seal_decide", id=request.id, title=request.doc_title)
        self.open_form(RecordForm(title, fields, self.saver("seal.decide", apply)), done)

    def _use_request_form(self, request: Any) -> None:
        from officedesk.services.seal.requests import use_request

        fields = [
            FormField("used_at", t("field.used_at"), placeholder=t("tui.seal_time_hint")),
            FormField("note", t("field.note"), "long"),
        ]

        notes = ChainNotes()

        def apply(session: Any, values: dict[str, Any]) -> Any:
            entry = use_request(
                session, request.id, used_at=values["used_at"] or None, note=values["note"]
            )
            notes.collect(session)
            return entry

        def done(entry: "SealUseRead") -> str:
            notes.show(self)
            return t("seal.used", id=entry.id, seal=entry.seal, title=entry.doc_title)

        title = t("tui.seal_use_request", id=request.id, title=request.doc_title)
        form = RecordForm(
            title, fields, self.saver("seal.use", apply), submit_label=t("key.seal_use")
        )
        self.open_form(form, done)


# ---- logging a use (also from the usage log, screens.seal_uses) ---------------------------


class ChainNotes:
    """What an append to the usage log has to say beyond "saved" (the seal key was created,
    is missing or is another one; the log no longer matches this machine's anchor): collected
    in the form's save, inside its transaction, and shown as warnings once the form closed."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def collect(self, session: Any) -> None:
        from officedesk.services.seal.chain import chain_notices

        self.messages = [notice.message() for notice in chain_notices(session)]

    def show(self, pane: ListPane) -> None:
        for message in self.messages:
            pane.app.notify(message, severity="warning", markup=False)


def open_use_form(pane: ListPane, seals: list[tuple[str, str]], chosen: str | None) -> None:
    """Log a use: the seal is chosen among the active ones."""
    from officedesk.services.seal.actions import use_seal

    fields = [
        FormField(
            "seal",
            t("field.seal"),
            "choice",
            value=chosen or "",
            choices=tuple(seals),
            required=True,
        ),
        FormField("doc_title", t("field.doc_title"), required=True),
        FormField("requester", t("field.requester"), placeholder=t("tui.name_hint"), required=True),
        FormField("dept", t("field.dept"), placeholder=t("tui.seal_dept_hint")),
        FormField("purpose", t("field.purpose")),
        FormField("copies", t("field.copies"), "int", value="1", required=True),
        FormField("approver", t("field.approver"), required=True),
        FormField("used_at", t("field.used_at"), placeholder=t("tui.seal_time_hint")),
        FormField("note", t("field.note"), "long"),
    ]

    notes = ChainNotes()

    def apply(session: Any, values: dict[str, Any]) -> Any:
        data = {k: values[k] for k in ("requester", "dept", "doc_title", "purpose", "note")}
        data["approver"] = values["approver"]
        data["copies"] = values["copies"] or 1
        entry = use_seal(session, values["seal"] or "", data, used_at=values["used_at"] or None)
        notes.collect(session)
        return entry

    def done(entry: "SealUseRead") -> str:
        notes.show(pane)
        return t("seal.used", id=entry.id, seal=entry.seal, title=entry.doc_title)

    pane.open_form(RecordForm(t("tui.seal_use"), fields, pane.saver("seal.use", apply)), done)
