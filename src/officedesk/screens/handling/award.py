"""Commendations (评比表彰) in the workbench: the awards register, filtered by year and department,
and the staff events (员工大会, 表彰大会) one key away in the same table."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType

from officedesk.i18n import label, t
from officedesk.text import display_safe
from officedesk.views.award import COLUMNS, EVENT_COLUMNS, award_detail_view, event_detail_view
from officedesk.widgets.columns import table_columns
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.pane_keys import record_keys
from officedesk.widgets.record_form import (
    FormField,
    date_field,
    filled,
    prefill,
    word_field,
)
from officedesk.widgets.record_table import Column
from officedesk.widgets.register_pane import EditablePane, EditForm

if TYPE_CHECKING:
    from officedesk.models.award import AwardRead, EventRead


@dataclass(frozen=True)
class Selected:
    """The selected award or event, with the mode it was read in (and an event's awards)."""

    mode: str
    record: Any
    awards: list[Any] | None = None

    @property
    def id(self) -> int:
        return int(self.record.id)


class AwardPane(EditablePane):
    BINDINGS: ClassVar[list[BindingType]] = [
        *record_keys("award"),
        Binding("t", "toggle_events", "award.key.events", id="award.events"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.mode = "awards"  # or "events": the same table shows one or the other

    # ---- list ---------------------------------------------------------------------------------

    def filter_specs(self) -> list[FilterSpec]:
        return [
            FilterSpec("year", "text", t("field.year"), width=10),
            FilterSpec("dept", "text", t("field.dept"), width=16),
            FilterSpec("text", "text", t("tui.filter_text"), width=24),
        ]

    def columns(self) -> list[Column]:
        return table_columns(EVENT_COLUMNS if self.mode == "events" else COLUMNS)

    def row_key(self, row: Any) -> Any:
        return (self.mode, row.id)

    def cells(self, row: Any) -> list[Text]:
        if self.mode == "events":
            return [
                Text(row.held_on.isoformat()),
                Text(label("staff_event_kind", row.kind)),
                Text(display_safe(row.title)),
                Text(display_safe(row.place)),
            ]
        return [
            Text(str(row.year)),
            Text(display_safe(row.name)),
            Text(display_safe(row.recipient_name)),
            Text(display_safe(row.dept or "")),
            Text(display_safe(row.reason)),
        ]

    def read_services(self) -> tuple[Callable[..., int], Callable[..., Any]]:
        from officedesk.services import award as svc

        if self.mode == "events":
            return svc.count_events, svc.list_events
        return svc.count_awards, svc.list_awards

    def make_filter(self) -> Any:
        from officedesk.services.award import AwardFilter, EventFilter

        if self.mode == "events":
            return EventFilter(**self.picked("year", "text"))
        return AwardFilter(**self.picked("year", "dept", "text"))

    def load_detail(self, session: Any, row: Any) -> Any:
        from officedesk.services import award as svc

        if self.mode == "events":
            event = svc.get_event(session, row.id)
            return Selected("events", event, svc.event_awards(session, row.id))
        return Selected("awards", svc.get_award(session, row.id))

    def detail_view(self, detail: "Selected") -> RenderableType:
        if detail.mode == "events":
            return event_detail_view(detail.record, detail.awards or [])
        return award_detail_view(detail.record)

    @property
    def record(self) -> Any:
        """The selected award or event (the detail holds it beside its mode)."""
        if self.detail is None or self.detail.mode != self.mode:
            return None
        return self.detail.record

    def _switch(self, mode: str) -> None:
        if mode == self.mode:
            return
        self.mode = mode
        self.detail = None
        self.table.columns = self.columns()
        self.table.clear_marks()

    def action_toggle_events(self) -> None:
        self._switch("events" if self.mode == "awards" else "awards")
        self.reload(reset_cursor=True)
        self.bindings_may_change()

    def show_record(self, ref_id: int) -> None:
        """From search or the palette: the award's year and recipient, the cursor on it."""
        from officedesk.services.award import get_award

        def focus(award: "AwardRead") -> None:
            self._switch("awards")
            self.focus_record(
                ("awards", ref_id), award.recipient_name, year=str(award.year), dept=None
            )

        self.find_record(lambda session: get_award(session, ref_id), focus)

    # ---- keys and forms -----------------------------------------------------------------------

    def binding_state(self) -> Any:
        return (self.mode, self.record is not None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            return self.record is not None
        return True

    def _award_fields(self, award: "AwardRead | None") -> list[FormField]:
        person = award.recipient_name if award and award.recipient == "person" else ""
        dept = ""
        if award is not None:
            dept = award.recipient_name if award.recipient == "dept" else (award.dept or "")
        return [
            FormField("name", t("field.name"), value=prefill(award, "name"), required=True),
            FormField(
                "year",
                t("field.year"),
                "int",
                value=prefill(award, "year"),
                placeholder=str(self.ctx.today.year),
            ),
            FormField(
                "person", t("field.person_id"), value=person, placeholder=t("award.tui.person_hint")
            ),
            FormField("dept", t("field.dept"), value=dept, placeholder=t("tui.name_hint")),
            FormField("reason", t("field.reason"), "long", value=prefill(award, "reason")),
            FormField("doc_ref", t("field.doc_ref"), value=prefill(award, "doc_ref")),
            FormField(
                "event",
                t("field.event_id"),
                value=str(award.event_id) if award and award.event_id else "",
            ),
        ]

    def _event_fields(self, event: "EventRead | None") -> list[FormField]:
        from officedesk.services.award import KINDS

        return [
            FormField("title", t("field.title"), value=prefill(event, "title"), required=True),
            date_field("held_on", t("field.held_on"), prefill(event, "held_on")),
            word_field("kind", "staff_event_kind", KINDS, event, "staff_assembly"),
            FormField("place", t("field.place"), value=prefill(event, "place")),
            FormField("note", t("field.note"), "long", value=prefill(event, "note")),
        ]

    def _award_saved(self, award: "AwardRead", key: str) -> str:
        return t(key, id=award.id, year=award.year, name=award.name, recipient=award.recipient_name)

    def _event_saved(self, event: "EventRead", key: str) -> str:
        return t(key, id=event.id, date=event.held_on.isoformat(), title=event.title)

    def action_new(self) -> None:
        from officedesk.services import award as svc

        if self.mode == "events":
            self.open_form(
                t("award.tui.new_event_title"),
                self._event_fields(None),
                "award.event",
                lambda session, values: svc.create_event(session, filled(values)),
                lambda result: self._event_saved(result, "award.event_added"),
            )
            return
        self.open_form(
            t("award.tui.new_title"),
            self._award_fields(None),
            "award.add",
            lambda session, values: svc.create_award(session, {"name": "", **filled(values)}),
            lambda result: self._award_saved(result, "award.added"),
        )

    def edit_form(self, record: Any) -> EditForm:
        from officedesk.services import award as svc

        if self.mode == "events":
            return EditForm(
                t("award.tui.edit_event_title", id=record.id),
                self._event_fields(record),
                "award.event",
                svc.update_event,
                lambda result: self._event_saved(result, "award.event_edited"),
            )
        return EditForm(
            t("award.tui.edit_title", id=record.id),
            self._award_fields(record),
            "award.edit",
            svc.update_award,
            lambda result: self._award_saved(result, "award.edited"),
        )
