"""Commendations (评比表彰) in the workbench: the awards register, filtered by year and department,
and the staff events (员工大会, 表彰大会) one key away in the same table."""

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType

from officedesk.errors import DomainError
from officedesk.i18n import label, t
from officedesk.text import display_safe
from officedesk.views.award import COLUMNS, EVENT_COLUMNS, award_detail_view, event_detail_view
from officedesk.widgets.columns import table_columns
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.list_pane import ListPane
from officedesk.widgets.record_form import FormField, RecordForm
from officedesk.widgets.record_table import Column

if TYPE_CHECKING:
    from officedesk.models.award import AwardRead, EventRead


class AwardPane(ListPane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "key.new", id="award.new"),
        Binding("e", "edit", "key.edit", id="award.edit"),
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

    def count(self, session: Any) -> int:
        from officedesk.services import award as svc

        if self.mode == "events":
            return svc.count_events(session, self._event_filter())
        return svc.count_awards(session, self._award_filter())

    def fetch(self, session: Any, offset: int, limit: int) -> list[Any]:
        from officedesk.services import award as svc

        if self.mode == "events":
            return svc.list_events(session, self._event_filter(), limit=limit, offset=offset).items
        page = svc.list_awards(session, self._award_filter(), limit=limit, offset=offset)
        return page.items

    def _award_filter(self) -> Any:
        from officedesk.services.award import AwardFilter

        values = self.filters
        return AwardFilter(
            year=values.get("year"), dept=values.get("dept"), text=values.get("text")
        )

    def _event_filter(self) -> Any:
        from officedesk.services.award import EventFilter

        values = self.filters
        return EventFilter(year=values.get("year"), text=values.get("text"))

    def load_detail(self, session: Any, row: Any) -> Any:
        from officedesk.services import award as svc

        if self.mode == "events":
            event = svc.get_event(session, row.id)
            return ("events", event, svc.event_awards(session, row.id))
        return ("awards", svc.get_award(session, row.id), None)

    def detail_view(self, detail: Any) -> RenderableType:
        mode, record, awards = detail
        if mode == "events":
            return event_detail_view(record, awards or [])
        return award_detail_view(record)

    @property
    def record(self) -> Any:
        """The selected award or event (the detail holds it beside its mode)."""
        if self.detail is None or self.detail[0] != self.mode:
            return None
        return self.detail[1]

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
        self._find_award(ref_id)

    @work(thread=True, group="award-find")
    def _find_award(self, ref_id: int) -> None:
        from officedesk.services.award import get_award

        try:
            with self.ctx.read() as session:
                award = get_award(session, ref_id)
        except DomainError as error:
            self.app.call_from_thread(self.app.notify, error.message(), severity="error")
            return

        def focus() -> None:
            self._switch("awards")
            self.focus_record(
                ("awards", ref_id), award.recipient_name, year=str(award.year), dept=None
            )

        self.app.call_from_thread(focus)

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
            FormField("name", t("field.name"), value=award.name if award else "", required=True),
            FormField(
                "year",
                t("field.year"),
                "int",
                value=award.year if award else "",
                placeholder=str(self.ctx.today.year),
            ),
            FormField(
                "person", t("field.person_id"), value=person, placeholder=t("award.tui.person_hint")
            ),
            FormField("dept", t("field.dept"), value=dept, placeholder=t("tui.name_hint")),
            FormField("reason", t("field.reason"), "long", value=award.reason if award else ""),
            FormField("doc_ref", t("field.doc_ref"), value=award.doc_ref if award else ""),
            FormField(
                "event",
                t("field.event_id"),
                value=str(award.event_id) if award and award.event_id else "",
            ),
        ]

    def _event_fields(self, event: "EventRead | None") -> list[FormField]:
        from officedesk.services.award import KINDS

        return [
            FormField("title", t("field.title"), value=event.title if event else "", required=True),
            FormField(
                "held_on",
                t("field.held_on"),
                "date",
                value=event.held_on.isoformat() if event else "",
                placeholder=t("tui.date_hint"),
            ),
            FormField(
                "kind",
                t("field.kind"),
                "choice",
                value=event.kind if event else "staff_assembly",
                choices=tuple((label("staff_event_kind", k), k) for k in KINDS),
                required=True,
            ),
            FormField("place", t("field.place"), value=event.place if event else ""),
            FormField("note", t("field.note"), "long", value=event.note if event else ""),
        ]

    def _award_saved(self, award: "AwardRead", key: str) -> str:
        return t(key, id=award.id, year=award.year, name=award.name, recipient=award.recipient_name)

    def _event_saved(self, event: "EventRead", key: str) -> str:
        return t(key, id=event.id, date=event.held_on.isoformat(), title=event.title)

    def action_new(self) -> None:
        from officedesk.services import award as svc

        if self.mode == "events":
            form = RecordForm(
                t("award.tui.new_event_title"),
                self._event_fields(None),
                self.saver(
                    "award.event",
                    lambda s, v: svc.create_event(s, {k: x for k, x in v.items() if x}),
                ),
            )
            self.open_form(form, lambda result: self._event_saved(result, "award.event_added"))
            return

        def apply(session: Any, values: dict[str, Any]) -> Any:
            data = {k: v for k, v in values.items() if v not in (None, "")}
            data.setdefault("name", "")
            return svc.create_award(session, data)

        form = RecordForm(
            t("award.tui.new_title"), self._award_fields(None), self.saver("award.add", apply)
        )
        self.open_form(form, lambda result: self._award_saved(result, "award.added"))

    def action_edit(self) -> None:
        from officedesk.services import award as svc

        record = self.record
        if record is None:
            return
        if self.mode == "events":
            form = RecordForm(
                t("award.tui.edit_event_title", id=record.id),
                self._event_fields(record),
                self.saver("award.event", lambda s, v: svc.update_event(s, record.id, v)),
            )
            self.open_form(form, lambda result: self._event_saved(result, "award.event_edited"))
            return
        form = RecordForm(
            t("award.tui.edit_title", id=record.id),
            self._award_fields(record),
            self.saver("award.edit", lambda s, v: svc.update_award(s, record.id, v)),
        )
        self.open_form(form, lambda result: self._award_saved(result, "award.edited"))
