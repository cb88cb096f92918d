"""The outgoing register (发文) in the workbench: drafts, the steps to filing, voiding a number.
Rules stay in services.outgoing: the pane asks it which steps are legal and shows its refusals
inline in the form; the drafting warnings come from the service and are shown before signing."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import BindingType

from officedesk.i18n import label, t
from officedesk.screens.handling.outgoing_steps import number, outgoing_step
from officedesk.text import display_safe
from officedesk.views.outgoing import COLUMNS, outgoing_detail_view
from officedesk.widgets.columns import table_columns, words_width
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.pane_keys import record_keys, step_keys
from officedesk.widgets.record_form import FormField, given, prefill, years_field
from officedesk.widgets.record_table import Column
from officedesk.widgets.register_pane import EditablePane, EditForm

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.models.outgoing import OutgoingRead

YEARS_SHOWN = 5
# Step keys: the step → the key pressed (the footer shows only the legal ones).
STEP_KEYS = (
    ("review", "r"),
    ("sign", "s"),
    ("check", "c"),
    ("return", "b"),
    ("register", "g"),
    ("print", "p"),
    ("dispatch", "d"),
    ("file", "f"),
    ("void", "v"),
)


def _ref(doc: "OutgoingRead") -> str:
    return doc.number or f"#{doc.id}"


class OutgoingPane(EditablePane):
    BINDINGS: ClassVar[list[BindingType]] = [
        *record_keys("outgoing"),
        *step_keys("outgoing", "step", STEP_KEYS, "key.outgoing_"),
    ]
    READ_SERVICES = ("officedesk.services.outgoing.actions", "count_outgoing", "list_outgoing")
    DEFAULT_SORT = "recent"
    DEFAULT_STATE = "all"

    # ---- list ---------------------------------------------------------------------------------

    def filter_specs(self) -> list[FilterSpec]:
        from officedesk.services.outgoing.actions import STATES, TYPES

        this_year = self.ctx.today.year
        years = tuple((str(y), str(y)) for y in range(this_year, this_year - YEARS_SHOWN, -1))
        return [
            FilterSpec("text", "text", t("tui.outgoing_filter_text"), width=24),
            self.state_filter("outgoing_state", STATES),
            FilterSpec(
                "doc_type",
                "choice",
                t("field.doc_type"),
                tuple((label("outgoing_type", k), k) for k in TYPES),
            ),
            FilterSpec("year", "choice", t("field.year"), years),
        ]

    def columns(self) -> list[Column]:
        from officedesk.services.outgoing.actions import STATES, TYPES

        kind = words_width("field.doc_type", "outgoing_type", TYPES)
        state = words_width("field.state", "outgoing_state", STATES)
        return table_columns(COLUMNS, {"doc_type": min(kind, 8), "state": state})

    def cells(self, doc: "OutgoingRead") -> list[Text]:
        return [
            Text(display_safe(doc.number or "")),
            Text(label("outgoing_type", doc.doc_type)),
            Text(display_safe(doc.title)),
            Text(display_safe(doc.dept or "")),
            Text(label("outgoing_state", doc.state)),
            Text(doc.doc_date_text or ""),
        ]

    def row_style(self, doc: "OutgoingRead") -> str:
        from officedesk.services.outgoing.states import OPEN_STATES

        return "bold" if doc.urgency != "normal" and doc.state in OPEN_STATES else ""

    def make_filter(self) -> Any:
        from officedesk.services.outgoing.actions import OutgoingFilter

        year = self.filters.get("year")
        return OutgoingFilter(
            states=self.chosen_states("all"),
            year=int(year) if year else None,
            sort=self.sort or "recent",
            **self.picked("doc_type", "text"),
        )

    def load_detail(self, session: Any, row: "OutgoingRead") -> "OutgoingRead":
        from officedesk.services.outgoing.actions import get_outgoing

        return get_outgoing(session, row.id, with_log=True)

    def detail_view(self, detail: "OutgoingRead") -> RenderableType:
        return outgoing_detail_view(detail)

    def show_record(self, ref_id: int) -> None:
        """From search, Today or the palette: every state, filtered down to the document."""
        from officedesk.services.outgoing.actions import get_outgoing

        self.find_record(
            lambda session: get_outgoing(session, ref_id, with_log=False),
            lambda doc: self.focus_record(
                ref_id, doc.number or doc.title, state="all", doc_type=None
            ),
        )

    # ---- which keys apply ---------------------------------------------------------------------

    def binding_state(self) -> Any:
        marked = tuple(sorted({row.state for row in self.table.marked.values()}))
        return (self.detail.state if self.detail is not None else None, marked)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from officedesk.services.outgoing.states import offered_operations

        if action == "edit":
            return (
                not self.table.marked
                and self.detail is not None
                and "edit" in offered_operations(self.detail.state)
            )
        if action != "step":
            return True
        name = str(parameters[0])
        if self.table.marked:
            return name != "void" and all(
                name in offered_operations(row.state) for row in self.table.marked.values()
            )
        return self.detail is not None and name in offered_operations(self.detail.state)

    # ---- forms --------------------------------------------------------------------------------

    def _doc_fields(self, doc: "OutgoingRead | None") -> list[FormField]:
        from officedesk.services.outgoing.actions import SECRECY, TYPES, URGENCY

        def choice(name: str, group: str, values: tuple[str, ...], default: str) -> FormField:
            choices = tuple((label(group, v), v) for v in values)
            value = prefill(doc, name, default)
            return FormField(name, t(f"field.{name}"), "choice", value, choices, required=True)

        def names(name: str) -> FormField:
            value = "、".join(prefill(doc, name, []))
            return FormField(name, t(f"field.{name}"), value=value, placeholder=names_hint)

        def person(name: str, key: str) -> FormField:
            value = prefill(doc, name) or ""
            return FormField(name, t(key), value=value, placeholder=t("tui.name_hint"))

        names_hint = t("tui.outgoing_names_hint")
        return [
            choice("doc_type", "outgoing_type", TYPES, "notice"),
            FormField("title", t("field.title"), value=prefill(doc, "title"), required=True),
            names("main_to"),
            names("copy_to"),
            FormField("body", t("field.body"), "long", value=prefill(doc, "body")),
            person("dept", "field.dept"),
            person("drafter", "field.drafter_id"),
            person("reviewer", "field.reviewer_id"),
            person("signer", "field.signer_id"),
            choice("secrecy", "secrecy", SECRECY, "public"),
            years_field(doc),
            choice("urgency", "urgency", URGENCY, "normal"),
            FormField("copies", t("outgoing.col.copies"), "int", prefill(doc, "copies", 0) or ""),
        ]

    @staticmethod
    def _doc_data(values: dict[str, Any]) -> dict[str, Any]:
        return {**values, "copies": number(values, "copies") or 0}

    def _saved(self, key: str, doc: "OutgoingRead") -> str:
        """The notice after a save, the drafting warnings beside it."""
        self._warn([doc])
        state = label("outgoing_state", doc.state)
        return t(key, ref=_ref(doc), title=doc.title, state=state)

    def _warn(self, docs: list["OutgoingRead"]) -> None:
        for doc in docs:
            for warning in doc.warnings:
                self.app.notify(warning.message, severity="warning")

    def action_new(self) -> None:
        from officedesk.services.outgoing.actions import create_outgoing

        def done(doc: "OutgoingRead") -> str:
            self.focus_record(doc.id, doc.title, state="all", doc_type=None, year=None)
            return self._saved("outgoing.added", doc)

        self.open_form(
            t("tui.outgoing_new"),
            self._doc_fields(None),
            "outgoing.add",
            lambda session, values: create_outgoing(session, given(self._doc_data(values))),
            done,
        )

    def edit_form(self, doc: "OutgoingRead") -> EditForm:
        from officedesk.services.outgoing.actions import update_outgoing

        return EditForm(
            t("tui.outgoing_edit", ref=_ref(doc)),
            self._doc_fields(doc),
            "outgoing.edit",
            lambda session, ref, values: update_outgoing(session, ref, self._doc_data(values)),
            lambda result: self._saved("outgoing.edited", result),
        )

    def action_step(self, name: str) -> None:
        self.open_step("step", name)

    def step_form(self, name: str) -> Callable[[list[Any]], None]:
        return lambda targets: self._open_step(name, targets)

    def _open_step(self, name: str, targets: list["OutgoingRead"]) -> None:
        step = outgoing_step(name, targets, self.detail)
        if step.first_only:
            targets = targets[:1]
        refs = t("list.sep").join(_ref(doc) for doc in targets)
        title = t("tui.outgoing_step", action=label("outgoing_action", name), refs=refs)

        def done(result: list["OutgoingRead"]) -> str:
            if name == "sign":
                self._warn(result)
            refs = t("list.sep").join(_ref(d) for d in result)
            return t(step.done_key, n=len(result), refs=refs)

        self.open_batch(
            f"{title}\n{step.extra_title}".strip(),
            step.fields,
            step.operation or f"outgoing.{name}",
            [doc.id for doc in targets],
            step.call,
            done,
            submit_label=label("outgoing_action", name),
        )
