"""Visits (公务接待) in the workbench: the register, its steps, guests, activities and reception
list from the keyboard. Rules stay in services.visit: the pane asks it which steps are legal,
shows its refusals inline and its warnings as notices."""

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import BindingType

from officedesk.i18n import label, t
from officedesk.text import display_safe
from officedesk.views.visit import COLUMNS, visit_detail_view
from officedesk.widgets.columns import table_columns, text_width, words_width
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.pane_keys import action_keys, record_keys, step_keys
from officedesk.widgets.record_form import (
    FormField,
    filled,
    word_field,
)
from officedesk.widgets.record_table import Column
from officedesk.widgets.register_pane import EditablePane, EditForm

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.models.visit import VisitRead


# The steps, each asking for one field: the step → (its service, the field, its kind, whether it
# starts with the visit's value, whether it is required, the notice's key).
VISIT_STEPS = {
    "confirm": ("confirm_visit", "letter_ref", "text", True, False, "visit.confirmed"),
    "done": ("complete_visit", "table_hosts", "int", True, False, "visit.completed"),
    "settle": ("settle_visit", "cost", "text", True, True, "visit.settled"),
    "cancel": ("cancel_visit", "reason", "long", False, True, "visit.cancelled"),
}

# Step keys: the step → the key pressed (the footer shows only the legal ones).
STEP_KEYS = (
    ("confirm", "c"),
    ("done", "d"),
    ("settle", "s"),
    ("cancel", "x"),
)


class VisitPane(EditablePane):
    BINDINGS: ClassVar[list[BindingType]] = [
        *record_keys("visit"),
        *step_keys("visit", "step", STEP_KEYS, "visit.key."),
        *action_keys("visit", "visit.key.", guests="g", activity="a", sheet="l"),
    ]
    READ_SERVICES = ("officedesk.services.visit.actions", "count_visits", "list_visits")
    DEFAULT_SORT = "arrival"
    DEFAULT_STATE = "all"

    def __init__(self) -> None:
        super().__init__()
        self.show_sheet = False

    # ---- list ---------------------------------------------------------------------------------

    def filter_specs(self) -> list[FilterSpec]:
        from officedesk.services.visit.actions import STATES

        return [
            self.state_filter("visit_state", STATES, open_key="visit.tui.state_open"),
            FilterSpec("text", "text", t("tui.filter_text"), width=24),
            FilterSpec("since", "text", t("visit.tui.since"), width=14),
            FilterSpec("until", "text", t("visit.tui.until"), width=14),
        ]

    def columns(self) -> list[Column]:
        from officedesk.services.visit.actions import STATES

        state = words_width("field.state", "visit_state", STATES)
        guests = text_width(t("visit.col.guests"), minimum=4)
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

    def make_filter(self) -> Any:
        from officedesk.services.visit.actions import VisitFilter

        return VisitFilter(
            states=[self.filters.get("state") or "all"],
            sort=self.sort or "arrival",
            **self.picked("text", "since", "until"),
        )

    def load_detail(self, session: Any, row: "VisitRead") -> "VisitRead":
        from officedesk.services.visit.actions import get_visit

        return get_visit(session, row.id)

    def detail_view(self, detail: "VisitRead") -> RenderableType:
        if self.show_sheet:
            from officedesk.views.visit_sheet import sheet_text

            return Text(sheet_text(detail))
        return visit_detail_view(detail)

    def show_record(self, ref_id: int) -> None:
        """From Today, search or the palette: every state, filtered down to the visit."""
        from officedesk.services.visit.actions import get_visit

        self.find_record(
            lambda session: get_visit(session, ref_id),
            lambda visit: self.focus_record(ref_id, visit.code, state="all"),
        )

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
            word_field("level", "visit_level", LEVELS, visit, "general"),
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

        def done(visit: "VisitRead") -> str:
            self.show_record(visit.id)
            return self._saved(visit, "visit.added")

        self.open_form(
            t("visit.new_title"),
            self._visit_fields(None),
            "visit.add",
            lambda session, values: create_visit(session, {"guest_org": "", **filled(values)}),
            done,
        )

    def edit_form(self, visit: "VisitRead") -> EditForm:
        from officedesk.services.visit.actions import update_visit

        return EditForm(
            t("visit.tui.edit_title", code=visit.code),
            self._visit_fields(visit),
            "visit.edit",
            update_visit,
            lambda result: self._saved(result, "visit.edited"),
        )

    def action_step(self, name: str) -> None:
        if not self.check_action("step", (name,)) or self.detail is None:
            return
        from officedesk.models.visit import VISIT_PAPERS
        from officedesk.services.visit import actions

        visit = self.detail
        service, field, kind, prefilled, required, key = VISIT_STEPS[name]
        call = getattr(actions, service)
        value = getattr(visit, field) if prefilled else ""
        label_key = "field.cancel_reason" if field == "reason" else f"field.{field}"
        fields = [FormField(field, t(label_key), kind, value=value, required=required)]
        asks_why = name == "confirm" and not visit.letter_ref
        if asks_why:  # no 公函 yet: give it now, or say why the visit is confirmed without it
            fields.append(FormField("waiver", t("field.waiver"), "long"))
        if name == "settle":  # the papers a settlement needs, ticked as they are filed
            held = visit.papers
            fields += [
                FormField(f"papers_{code}", label("visit_papers", code), "flag", code in held)
                for code in VISIT_PAPERS
            ]

        def save(session: Any, values: dict[str, Any]) -> Any:
            more: dict[str, Any] = {"waiver": values["waiver"]} if asks_why else {}
            if name == "settle":
                more["papers"] = [code for code in VISIT_PAPERS if values[f"papers_{code}"]]
            return call(session, visit.id, values[field], **more)

        self.open_form(
            t(f"visit.tui.{name}_title", code=visit.code),
            fields,
            f"visit.{name}",
            save,
            lambda result: self._saved(result, key),
            submit_label=t(f"visit.key.{name}"),
        )

    def _list_form(
        self, name: str, operation: str, fields: list[FormField], apply: Any, done_key: str
    ) -> None:
        """One of the visit's lists (guests, activities), changed through a form."""
        visit = self.detail
        self.open_form(
            t(f"visit.tui.{name}_title", code=visit.code),
            fields,
            operation,
            lambda session, values: apply(session, visit.id, values),
            lambda result: self._saved(result, done_key),
        )

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

        def apply(session: Any, visit_id: int, values: dict[str, Any]) -> Any:
            return set_guests(session, visit_id, values["guests"])

        self._list_form("guests", "visit.guest", fields, apply, "visit.guests_changed")

    def action_activity(self) -> None:
        if not self.check_action("activity", ()) or self.detail is None:
            return
        from officedesk.services.visit.actions import add_activity

        fields = [
            FormField("activity", t("field.activity"), required=True),
            FormField("starts_at", t("field.starts_at"), placeholder=t("visit.tui.time_hint")),
            FormField("place", t("field.place")),
            FormField("cost", t("field.cost")),
        ]
        self._list_form(
            "activity", "visit.activity", fields, add_activity, "visit.activities_changed"
        )

    def action_sheet(self) -> None:
        """Toggle the detail between the record and its reception list."""
        self.show_sheet = not self.show_sheet
        if self.detail is not None:
            from officedesk.widgets.detail_pane import DetailPane

            self.query_one(DetailPane).show(self.detail_view(self.detail))
