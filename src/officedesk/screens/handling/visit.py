"""Visits (公务接待) in the workbench: the register, its steps, guests, activities and reception
list from the keyboard. Rules stay in services.visits: the pane asks it which steps are legal,
shows its refusals inline and its warnings as notices."""

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType

from officedesk.errors import DomainError
from officedesk.i18n import label, t
from officedesk.text import display_safe
from officedesk.views.visit import COLUMNS, visit_detail_view
from officedesk.widgets.columns import table_columns
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.list_pane import ListPane
from officedesk.widgets.record_form import FormField, RecordForm
from officedesk.widgets.record_table import Column

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.models.visit import VisitRead


class VisitPane(ListPane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "key.new", id="visit.new"),
        Binding("e", "edit", "key.edit", id="visit.edit"),
        Binding("c", "step('confirm')", "visit.key.confirm", id="visit.confirm"),
        Binding("d", "step('done')", "visit.key.done", id="visit.done"),
        Binding("s", "step('settle')", "visit.key.settle", id="visit.settle"),
        Binding("x", "step('cancel')", "visit.key.cancel", id="visit.cancel"),
        Binding("g", "guests", "visit.key.guests", id="visit.guests"),
        Binding("a", "activity", "visit.key.activity", id="visit.activity"),
        Binding("l", "sheet", "visit.key.sheet", id="visit.sheet"),
    ]
    DEFAULT_SORT = "arrival"

    def __init__(self) -> None:
        super().__init__()
        self.show_sheet = False

    # ---- list ---------------------------------------------------------------------------------

    def default_filters(self) -> dict[str, Any]:
        return {"state": "all"}

    def filter_specs(self) -> list[FilterSpec]:
        from officedesk.services.visit.actions import STATES

        states = [(t("tui.state_all"), "all"), (t("visit.tui.state_open"), "open")]
        states += [(label("visit_state", s), s) for s in STATES]
        return [
            FilterSpec("state", "choice", t("field.state"), tuple(states), default="all"),
            FilterSpec("text", "text", t("tui.filter_text"), width=24),
            FilterSpec("since", "text", t("visit.tui.since"), width=14),
            FilterSpec("until", "text", t("visit.tui.until"), width=14),
        ]

    def columns(self) -> list[Column]:
        from rich.cells import cell_len

        from officedesk.services.visit.actions import STATES

        state = max(
            cell_len(t("field.state")), *(cell_len(label("visit_state", s)) for s in STATES)
        )
        guests = max(4, cell_len(t("visit.col.guests")))
        return table_columns(COLUMNS, {"guest_count": guests, "state": state})

    def cells(self, visit: "VisitRead") -> list[Text]:
        from officedesk.services.visit.input import local_text

        return [
            Text(visit.code),
            Text(local_text(visit.arrives_at)),
            Text(display_safe(visit.guest_org)),
            Text(display_safe(visit.purpose)),
            Text(str(visit.guest_count)),
            Text(display_safe(visit.host or "")),
            Text(label("visit_state", visit.state)),
        ]

    def row_style(self, visit: "VisitRead") -> str:
        if visit.state == "cancelled":
            return "dim"
        return "yellow" if visit.warnings else ""

    def _filter(self) -> Any:
        from officedesk.services.visit.actions import VisitFilter

        values = self.filters
        return VisitFilter(
            states=[values.get("state") or "all"],
            text=values.get("text"),
            since=values.get("since"),
            until=values.get("until"),
            sort=self.sort or "arrival",
        )

    def count(self, session: Any) -> int:
        from officedesk.services.visit.actions import count_visits

        return count_visits(session, self._filter())

    def fetch(self, session: Any, offset: int, limit: int) -> list[Any]:
        from officedesk.services.visit.actions import list_visits

        return list_visits(session, self._filter(), limit=limit, offset=offset).items

    def load_detail(self, session: Any, row: "VisitRead") -> "VisitRead":
        from officedesk.services.visit.actions import get_visit

        return get_visit(session, row.id)

    def detail_view(self, detail: "VisitRead") -> RenderableType:
        if self.show_sheet:
            from officedesk.services.visit.sheet import sheet_text

            return Text(sheet_text(detail))
        return visit_detail_view(detail)

    def show_record(self, ref_id: int) -> None:
        """From Today, search or the palette: every state, filtered down to the visit."""
        self._find_visit(ref_id)

    @work(thread=True, group="visit-find")
    def _find_visit(self, ref_id: int) -> None:
        from officedesk.services.visit.actions import get_visit

        try:
            with self.ctx.read() as session:
                visit = get_visit(session, ref_id)
        except DomainError as error:
            self.app.call_from_thread(self.app.notify, error.message(), severity="error")
            return
        self.app.call_from_thread(self.focus_record, ref_id, visit.code, state="all")

    # ---- which keys apply ---------------------------------------------------------------------

    def binding_state(self) -> Any:
        return (self.detail.state if self.detail is not None else None, bool(self.table.marked))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from officedesk.services.visit.states import VISIT_MACHINE, offered_operations

        if action == "step":
            return self.detail is not None and str(parameters[0]) in VISIT_MACHINE.allowed(
                self.detail.state
            )
        if action in ("edit", "guests", "activity"):
            operation = "edit" if action == "edit" else action
            return self.detail is not None and operation in offered_operations(self.detail.state)
        if action == "sheet":
            return self.detail is not None
        return True

    # ---- after a save -------------------------------------------------------------------------

    def _saved(self, visit: "VisitRead", key: str) -> str:
        """The confirmation line; each reception-rule warning as a warning notice."""
        for warning in visit.warnings:
            self.app.notify(warning["message"], severity="warning")
        from officedesk.services.visit.input import local_text

        return t(
            key,
            code=visit.code,
            org=visit.guest_org,
            when=local_text(visit.arrives_at),
            state=label("visit_state", visit.state),
        )

    # ---- forms --------------------------------------------------------------------------------

    def _visit_fields(self, visit: "VisitRead | None") -> list[FormField]:
        from officedesk.services.visit.actions import LEVELS
        from officedesk.services.visit.input import local_text

        def value(name: str) -> Any:
            return getattr(visit, name) if visit is not None else ""

        hint = t("visit.tui.time_hint")
        fields = [
            FormField("guest_org", t("field.guest_org"), value=value("guest_org"), required=True),
            FormField(
                "arrives_at",
                t("field.arrives_at"),
                value=local_text(visit.arrives_at) if visit else "",
                placeholder=hint,
                required=True,
            ),
            FormField(
                "departs_at",
                t("field.departs_at"),
                value=local_text(visit.departs_at) if visit else "",
                placeholder=hint,
            ),
            FormField("purpose", t("field.purpose"), value=value("purpose")),
            FormField("letter_ref", t("field.letter_ref"), value=value("letter_ref")),
            FormField(
                "level",
                t("field.level"),
                "choice",
                value=visit.level if visit else "general",
                choices=tuple((label("visit_level", v), v) for v in LEVELS),
                required=True,
            ),
            FormField(
                "host",
                t("field.host"),
                value=(visit.host or "") if visit else "",
                placeholder=t("tui.name_hint"),
            ),
            FormField(
                "dept",
                t("field.host_dept_id"),
                value=(visit.host_dept or "") if visit else "",
                placeholder=t("tui.name_hint"),
            ),
        ]
        if visit is None:
            fields.append(
                FormField(
                    "guests", t("field.guests"), "long", placeholder=t("visit.tui.guests_hint")
                )
            )
        fields += [
            FormField("guest_count", t("field.guest_count"), "int", value=value("guest_count")),
            FormField("table_hosts", t("field.table_hosts"), "int", value=value("table_hosts")),
            FormField("meals", t("field.meals"), value=value("meals")),
            FormField("lodging", t("field.lodging"), value=value("lodging")),
            FormField("car", t("field.car"), value=value("car")),
            FormField("room", t("field.room"), value=value("room")),
            FormField("budget", t("field.budget"), value=(visit.budget or "") if visit else ""),
        ]
        if visit is not None:
            fields.append(FormField("cost", t("field.cost"), value=visit.cost or ""))
        fields.append(FormField("note", t("field.note"), "long", value=value("note")))
        return fields

    def action_new(self) -> None:
        from officedesk.services.visit.actions import create_visit

        def apply(session: Any, values: dict[str, Any]) -> Any:
            data = {k: v for k, v in values.items() if v not in (None, "")}
            data.setdefault("guest_org", "")
            return create_visit(session, data)

        def done(visit: "VisitRead") -> str:
            self.show_record(visit.id)
            return self._saved(visit, "visit.added")

        form = RecordForm(
            t("visit.new_title"), self._visit_fields(None), self.saver("visit.add", apply)
        )
        self.open_form(form, done)

    def action_edit(self) -> None:
        from officedesk.services.visit.actions import update_visit

        visit = self.detail
        if visit is None:
            return

        def apply(session: Any, values: dict[str, Any]) -> Any:
            return update_visit(session, visit.id, values)

        form = RecordForm(
            t("visit.tui.edit_title", code=visit.code),
            self._visit_fields(visit),
            self.saver("visit.edit", apply),
        )
        self.open_form(form, lambda result: self._saved(result, "visit.edited"))

    def action_step(self, name: str) -> None:
        if not self.check_action("step", (name,)) or self.detail is None:
            return
        from officedesk.services.visit import actions as svc

        visit = self.detail
        if name == "confirm":
            fields = [FormField("letter_ref", t("field.letter_ref"), value=visit.letter_ref)]

            def call(session: Any, v: dict[str, Any]) -> Any:
                return svc.confirm_visit(session, visit.id, v["letter_ref"])

            key, submit = "visit.confirmed", t("visit.key.confirm")
        elif name == "done":
            fields = [
                FormField("table_hosts", t("field.table_hosts"), "int", value=visit.table_hosts)
            ]

            def call(session: Any, v: dict[str, Any]) -> Any:
                return svc.complete_visit(session, visit.id, v["table_hosts"])

            key, submit = "visit.completed", t("visit.key.done")
        elif name == "settle":
            fields = [FormField("cost", t("field.cost"), value=visit.cost or "", required=True)]

            def call(session: Any, v: dict[str, Any]) -> Any:
                return svc.settle_visit(session, visit.id, v["cost"])

            key, submit = "visit.settled", t("visit.key.settle")
        else:
            fields = [FormField("reason", t("field.cancel_reason"), "long", required=True)]

            def call(session: Any, v: dict[str, Any]) -> Any:
                return svc.cancel_visit(session, visit.id, v["reason"])

            key, submit = "visit.cancelled", t("visit.key.cancel")
        form = RecordForm(
            t(f"visit.tui.{name}_title", code=visit.code),
            fields,
            self.saver(f"visit.{name}", call),
            submit_label=submit,
        )
        self.open_form(form, lambda result: self._saved(result, key))

    def action_guests(self) -> None:
        if not self.check_action("guests", ()) or self.detail is None:
            return
        from officedesk.services.visit.actions import set_guests

        visit = self.detail
        lines = "\n".join(f"{g.name}：{g.post}" if g.post else g.name for g in (visit.guests or []))
        fields = [
            FormField(
                "guests",
                t("field.guests"),
                "long",
                value=lines,
                placeholder=t("visit.tui.guests_hint"),
            )
        ]
        form = RecordForm(
            t("visit.tui.guests_title", code=visit.code),
            fields,
            self.saver("visit.guest", lambda s, v: set_guests(s, visit.id, v["guests"])),
        )
        self.open_form(form, lambda result: self._saved(result, "visit.guests_changed"))

    def action_activity(self) -> None:
        if not self.check_action("activity", ()) or self.detail is None:
            return
        from officedesk.services.visit.actions import add_activity

        visit = self.detail
        fields = [
            FormField("activity", t("field.activity"), required=True),
            FormField("starts_at", t("field.starts_at"), placeholder=t("visit.tui.time_hint")),
            FormField("place", t("field.place")),
            FormField("cost", t("field.cost")),
        ]
        form = RecordForm(
            t("visit.tui.activity_title", code=visit.code),
            fields,
            self.saver("visit.activity", lambda s, v: add_activity(s, visit.id, v)),
        )
        self.open_form(form, lambda result: self._saved(result, "visit.activities_changed"))

    def action_sheet(self) -> None:
        """Toggle the detail between the record and its reception list."""
        self.show_sheet = not self.show_sheet
        if self.detail is not None:
            from officedesk.widgets.detail_pane import DetailPane

            self.query_one(DetailPane).show(self.detail_view(self.detail))
