"""Coordination matters (协调事项) in the workbench: the register, its contacts, steps, the leader's
decision and the items it spawns, from the keyboard. Rules stay in services.matter: the pane
asks it which steps are legal and shows its refusals inline in the forms."""

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import BindingType

from officedesk.i18n import label, t
from officedesk.views.matter import COLUMNS, matter_cells, matter_detail_view
from officedesk.widgets.columns import table_columns, words_width
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.pane_keys import action_keys, record_keys, step_keys
from officedesk.widgets.record_form import FormField, filled, word_choices, word_field
from officedesk.widgets.record_table import Column
from officedesk.widgets.register_pane import EditablePane, EditForm

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.models.matter import MatterRead

# Step keys: the step → the key pressed (the footer shows only the legal ones).
STEP_KEYS = (("agree", "a"), ("escalate", "u"), ("close", "x"), ("reopen", "o"))
# What each step asks for: the step → (its field, its label key, whether required).
STEP_FIELDS = {
    "agree": ("note", "matter.tui.agreed_on", False),
    "escalate": ("leader", "matter.leader", True),
    "close": ("outcome", "field.outcome", True),
    "reopen": ("reason", "matter.tui.reason", True),
}
# The confirmation each step's notice words.
STEP_DONE = {
    "agree": "matter.agreed",
    "escalate": "matter.escalated",
    "close": "matter.closed_ok",
    "reopen": "matter.reopened",
}


class MatterPane(EditablePane):
    BINDINGS: ClassVar[list[BindingType]] = [
        *record_keys("matter"),
        *step_keys("matter", "step", STEP_KEYS, "matter.key."),
        *action_keys("matter", "matter.key.", contact="c", decide="d", item="i"),
    ]
    READ_SERVICES = ("officedesk.services.matter.actions", "count_matters", "list_matters")
    DEFAULT_SORT = "code"
    DEFAULT_STATE = "open"

    # ---- list ---------------------------------------------------------------------------------

    def filter_specs(self) -> list[FilterSpec]:
        from officedesk.models.matter import MATTER_DIRECTIONS, MATTER_STATES
        from officedesk.services.matter.states import STALE_WORKDAYS

        every = ((t("tui.state_all"), ""),)
        stale = ((t("matter.tui.stale_choice", n=STALE_WORKDAYS), "stale"),)
        return [
            self.state_filter("matter_state", MATTER_STATES, open_key="matter.tui.state_open"),
            FilterSpec(
                "direction",
                "choice",
                t("field.direction"),
                every + word_choices("matter_direction", MATTER_DIRECTIONS),
                default="",
            ),
            FilterSpec(
                "stale",
                "choice",
                t("matter.tui.contact_filter"),
                every + stale,
                default="",
            ),
            FilterSpec("text", "text", t("matter.tui.filter_text"), width=24),
        ]

    def columns(self) -> list[Column]:
        from officedesk.models.matter import MATTER_DIRECTIONS, MATTER_STATES

        direction = words_width("field.direction", "matter_direction", MATTER_DIRECTIONS)
        state = words_width("field.state", "matter_state", MATTER_STATES) + 8
        return table_columns(COLUMNS, {"direction": direction, "state": state})

    def cells(self, matter: "MatterRead") -> list[Text]:
        return matter_cells(matter, self.ctx.today.year)

    def row_style(self, matter: "MatterRead") -> str:
        return "dim" if matter.state == "closed" else ""

    def make_filter(self) -> Any:
        from officedesk.services.matter.actions import MatterFilter

        return MatterFilter(
            states=[self.filters.get("state") or "open"],
            direction=self.filters.get("direction") or None,
            stale=self.filters.get("stale") == "stale",
            text=self.filters.get("text"),
            sort=self.sort or "code",
        )

    def load_detail(self, session: Any, row: "MatterRead") -> "MatterRead":
        from officedesk.services.matter.actions import get_matter

        return get_matter(session, row.id)

    def detail_view(self, detail: "MatterRead") -> RenderableType:
        return matter_detail_view(detail)

    def show_record(self, ref_id: int) -> None:
        """From Today, search or the palette: every state, filtered down to the matter."""
        from officedesk.services.matter.actions import get_matter

        self.find_record(
            lambda session: get_matter(session, ref_id),
            lambda matter: self.focus_record(ref_id, matter.code, state="all"),
        )

    show_by_id = show_record  # the Coordination screen opens records by this name

    # ---- which keys apply ---------------------------------------------------------------------

    def binding_state(self) -> Any:
        detail = self.detail
        return (
            (detail.state, bool(detail.decision)) if detail is not None else None,
            bool(self.table.marked),
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from officedesk.services.matter.states import allowed_steps, offered_operations

        if action == "step":
            return self.detail is not None and str(parameters[0]) in allowed_steps(self.detail)
        if action in ("edit", "contact", "decide", "item"):
            return self.detail is not None and action in offered_operations(self.detail)
        return True

    # ---- after a save -------------------------------------------------------------------------

    def _saved(self, matter: "MatterRead", key: str) -> str:
        from officedesk.text import display_safe

        return display_safe(
            t(
                key,
                code=matter.code,
                title=matter.title,
                state=label("matter_state", matter.state),
            )
        )

    # ---- forms --------------------------------------------------------------------------------

    def _fields(self, matter: "MatterRead | None") -> list[FormField]:
        from officedesk.models.matter import MATTER_DIRECTIONS

        def value(name: str) -> Any:
            found = getattr(matter, name) if matter is not None else ""
            return found or ""

        names = t("matter.tui.names_hint")
        return [
            FormField("title", t("field.title"), value=value("title"), required=True),
            word_field("direction", "matter_direction", MATTER_DIRECTIONS, matter, "horizontal"),
            FormField("lead", t("matter.lead"), value=value("lead_dept"), placeholder=names),
            FormField(
                "depts",
                t("matter.involved"),
                value="、".join(matter.depts) if matter is not None else "",
                placeholder=names,
            ),
            FormField("asked", t("field.asked"), "long", value=value("asked")),
            FormField("note", t("field.note"), "long", value=value("note")),
        ]

    def action_new(self) -> None:
        from officedesk.services.matter.actions import create_matter

        def done(matter: "MatterRead") -> str:
            self.show_record(matter.id)
            return self._saved(matter, "matter.added")

        self.open_form(
            t("matter.new_title"),
            self._fields(None),
            "matter.add",
            lambda session, values: create_matter(session, {"title": "", **filled(values)}),
            done,
        )

    def edit_form(self, matter: "MatterRead") -> EditForm:
        from officedesk.services.matter.actions import update_matter

        return EditForm(
            t("matter.tui.edit_title", code=matter.code),
            self._fields(matter),
            "matter.edit",
            update_matter,
            lambda result: self._saved(result, "matter.edited"),
        )

    def action_step(self, name: str) -> None:
        if not self.check_action("step", (name,)) or self.detail is None:
            return
        from officedesk.services.matter import actions

        matter = self.detail
        call = {
            "agree": actions.agree_matter,
            "escalate": actions.escalate_matter,
            "close": actions.close_matter,
            "reopen": actions.reopen_matter,
        }[name]
        field, label_key, required = STEP_FIELDS[name]
        kind = "text" if field == "leader" else "long"
        fields = [FormField(field, t(label_key), kind, required=required)]
        if name == "escalate":
            fields.append(FormField("note", t("matter.tui.why_escalated"), "long"))

        def save(session: Any, values: dict[str, Any]) -> Any:
            extra = [values["note"]] if name == "escalate" else []
            return call(session, matter.id, values[field], *extra)

        self.open_form(
            t(f"matter.tui.{name}_title", code=matter.code),
            fields,
            f"matter.{name}",
            save,
            lambda result: self._saved(result, STEP_DONE[name]),
            submit_label=t(f"matter.key.{name}"),
        )

    def action_contact(self) -> None:
        """A contact: who took what position, and when (now unless given)."""
        if not self.check_action("contact", ()) or self.detail is None:
            return
        from officedesk.services.matter.actions import add_contact

        matter = self.detail
        fields = [
            FormField(
                "party", t("matter.party"), required=True, placeholder=t("matter.tui.party_hint")
            ),
            FormField("position", t("matter.position"), "long", required=True),
            FormField("at", t("field.at"), placeholder=t("matter.tui.time_hint")),
        ]
        self.open_form(
            t("matter.tui.contact_title", code=matter.code),
            fields,
            "matter.contact",
            lambda session, values: add_contact(
                session, matter.id, values["party"], values["position"], at=values["at"] or None
            ),
            lambda result: self._saved(result, "matter.contacted"),
        )

    def action_decide(self) -> None:
        """The leader's decision, verbatim."""
        if not self.check_action("decide", ()) or self.detail is None:
            return
        from officedesk.services.matter.actions import decide_matter

        matter = self.detail
        fields = [
            FormField("decision", t("matter.decision"), "long", required=True),
            FormField("at", t("field.at"), placeholder=t("matter.tui.time_hint")),
        ]
        self.open_form(
            t("matter.tui.decide_title", code=matter.code, leader=matter.leader),
            fields,
            "matter.decide",
            lambda session, values: decide_matter(
                session, matter.id, values["decision"], at=values["at"] or None
            ),
            lambda result: self._saved(result, "matter.decided"),
        )

    def action_item(self) -> None:
        """A supervision item carrying the matter out, opened in the same step."""
        if not self.check_action("item", ()) or self.detail is None:
            return
        from officedesk.services.matter.actions import spawn_item

        matter = self.detail
        names = t("matter.tui.names_hint")
        fields = [
            FormField("title", t("field.title"), required=True),
            FormField("dept", t("matter.tui.item_dept"), value=matter.lead_dept or ""),
            FormField("owner", t("field.owner"), placeholder=names),
            FormField("due", t("field.due"), "date", placeholder=t("matter.tui.due_hint")),
        ]

        def save(session: Any, values: dict[str, Any]) -> Any:
            return spawn_item(
                session,
                matter.id,
                values["title"],
                dept=values["dept"] or None,
                owner=values["owner"] or None,
                due=values["due"] or None,
            )

        self.open_form(
            t("matter.tui.item_title", code=matter.code),
            fields,
            "matter.item",
            save,
            lambda result: self._saved(result, "matter.item_added"),
        )
