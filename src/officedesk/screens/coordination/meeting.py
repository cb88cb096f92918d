"""Meetings (会议) in the workbench: the register, its steps, attendees, agenda, checklist and
resolutions from the keyboard. Rules stay in services.meeting: the pane asks it which steps are
legal, shows its refusals inline in the forms and its warnings as notices."""

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import BindingType

from officedesk.i18n import label, t
from officedesk.views.meeting import COLUMNS, meeting_cells, meeting_detail_view
from officedesk.widgets.columns import table_columns, words_width
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.pane_keys import action_keys, record_keys, step_keys
from officedesk.widgets.record_form import FormField, filled, word_choices, word_field
from officedesk.widgets.record_table import Column
from officedesk.widgets.register_pane import EditablePane, EditForm

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.models.meeting import MeetingRead

# Step keys: the step → the key pressed (the footer shows only the legal ones).
STEP_KEYS = (("notify", "t"), ("hold", "h"), ("minute", "m"), ("cancel", "x"))
# The steps that ask for something: the step → (its field, its kind, whether required).
STEP_FIELDS = {"minute": ("minutes", "long", True), "cancel": ("reason", "long", True)}
PERIODS = ("week", "month")
# The confirmation each step's notice words.
STEP_DONE = {
    "notify": "meeting.notified",
    "hold": "meeting.held",
    "minute": "meeting.minuted",
    "cancel": "meeting.cancelled",
}


class MeetingPane(EditablePane):
    BINDINGS: ClassVar[list[BindingType]] = [
        *record_keys("meeting"),
        *step_keys("meeting", "step", STEP_KEYS, "meeting.key."),
        *action_keys("meeting", "meeting.key.", attend="a", agenda="g", tick="p", resolve="r"),
    ]
    READ_SERVICES = ("officedesk.services.meeting.actions", "count_meetings", "list_meetings")
    DEFAULT_SORT = "start"
    DEFAULT_STATE = "all"

    # ---- list ---------------------------------------------------------------------------------

    def filter_specs(self) -> list[FilterSpec]:
        from officedesk.models.meeting import MEETING_KINDS, MEETING_STATES

        every = ((t("tui.state_all"), ""),)
        return [
            self.state_filter("meeting_state", MEETING_STATES, open_key="meeting.tui.state_open"),
            FilterSpec(
                "kind",
                "choice",
                t("field.kind"),
                every + word_choices("meeting_kind", MEETING_KINDS),
                default="",
            ),
            FilterSpec(
                "period",
                "choice",
                t("meeting.tui.period"),
                ((t("meeting.tui.any_time"), ""), *word_choices("meeting_period", PERIODS)),
                default="",
            ),
            FilterSpec("text", "text", t("meeting.tui.filter_text"), width=24),
        ]

    def columns(self) -> list[Column]:
        from officedesk.models.meeting import MEETING_KINDS, MEETING_STATES

        kind = words_width("field.kind", "meeting_kind", MEETING_KINDS)
        state = words_width("field.state", "meeting_state", MEETING_STATES)
        return table_columns(COLUMNS, {"kind": kind, "state": state})

    def cells(self, meeting: "MeetingRead") -> list[Text]:
        return meeting_cells(meeting, self.ctx.today.year)

    def row_style(self, meeting: "MeetingRead") -> str:
        return "dim" if meeting.state == "cancelled" else ""

    def make_filter(self) -> Any:
        from officedesk.services.meeting.actions import MeetingFilter

        period = self.filters.get("period") or None
        return MeetingFilter(
            states=[self.filters.get("state") or "all"],
            kind=self.filters.get("kind") or None,
            text=self.filters.get("text"),
            period=period,
            sort="start_asc" if period and self.sort in (None, "start") else self.sort or "start",
        )

    def load_detail(self, session: Any, row: "MeetingRead") -> "MeetingRead":
        from officedesk.services.meeting.actions import get_meeting

        return get_meeting(session, row.id)

    def detail_view(self, detail: "MeetingRead") -> RenderableType:
        return meeting_detail_view(detail)

    def show_record(self, ref_id: int) -> None:
        """From Today, search or the palette: every state, filtered down to the meeting."""
        from officedesk.services.meeting.actions import get_meeting

        self.find_record(
            lambda session: get_meeting(session, ref_id),
            lambda meeting: self.focus_record(ref_id, meeting.code, state="all"),
        )

    show_by_id = show_record  # the Coordination screen opens records by this name

    # ---- which keys apply ---------------------------------------------------------------------

    def binding_state(self) -> Any:
        return (self.detail.state if self.detail is not None else None, bool(self.table.marked))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from officedesk.services.meeting.states import MEETING_MACHINE, offered_operations

        if action == "step":
            return self.detail is not None and str(parameters[0]) in MEETING_MACHINE.allowed(
                self.detail.state
            )
        if action in ("edit", "attend", "agenda", "tick", "resolve"):
            return self.detail is not None and action in offered_operations(self.detail.state)
        return True

    # ---- after a save -------------------------------------------------------------------------

    def _saved(self, meeting: "MeetingRead", key: str) -> str:
        """The confirmation line; each booking-rule warning as a warning notice (user text in
        a notice is never markup)."""
        for warning in meeting.warnings:
            self.app.notify(warning["message"], severity="warning", markup=False)
        from officedesk.text import display_safe, local_time

        return display_safe(
            t(
                key,
                code=meeting.code,
                title=meeting.title,
                when=local_time(meeting.starts_at),
                state=label("meeting_state", meeting.state),
            )
        )

    # ---- forms --------------------------------------------------------------------------------

    def _fields(self, meeting: "MeetingRead | None") -> list[FormField]:
        from officedesk.models.meeting import MEETING_KINDS
        from officedesk.services.meeting.people import attendee_texts
        from officedesk.text import local_time

        def value(name: str) -> Any:
            found = getattr(meeting, name) if meeting is not None else ""
            return found or ""

        hint = t("meeting.tui.time_hint")
        names = t("meeting.tui.names_hint")
        lists = attendee_texts(meeting.attendees or []) if meeting is not None else {}
        fields = [
            FormField("title", t("field.title"), value=value("title"), required=True),
            word_field("kind", "meeting_kind", MEETING_KINDS, meeting, "topical"),
            FormField(
                "starts_at",
                t("field.starts_at"),
                value=local_time(meeting.starts_at) if meeting else "",
                placeholder=hint,
                required=True,
            ),
            FormField(
                "ends_at",
                t("field.ends_at"),
                value=local_time(meeting.ends_at) if meeting else "",
                placeholder=hint,
            ),
            FormField("room", t("field.room"), value=value("room")),
            FormField("place", t("field.place"), value=value("place")),
            FormField("chair", t("field.chair_id"), value=value("chair"), placeholder=names),
            FormField("dept", t("meeting.organiser"), value=value("dept"), placeholder=names),
            FormField("attendees", t("field.attendees"), value=lists.get("attendees", "")),
            FormField("depts", t("field.depts"), value=lists.get("depts", "")),
            FormField("observers", t("field.observers"), value=lists.get("observers", "")),
            FormField("absent", t("field.absent"), value=lists.get("absent", "")),
        ]
        if meeting is None:
            fields.append(
                FormField(
                    "agenda", t("field.agenda"), "long", placeholder=t("meeting.tui.agenda_hint")
                )
            )
        elif meeting.state in ("held", "minuted"):
            fields.append(FormField("minutes", t("field.minutes"), "long", value=meeting.minutes))
        fields.append(FormField("note", t("field.note"), "long", value=value("note")))
        return fields

    def action_new(self) -> None:
        from officedesk.services.meeting.actions import create_meeting

        def done(meeting: "MeetingRead") -> str:
            self.show_record(meeting.id)
            return self._saved(meeting, "meeting.added")

        self.open_form(
            t("meeting.new_title"),
            self._fields(None),
            "meeting.add",
            lambda session, values: create_meeting(session, {"title": "", **filled(values)}),
            done,
        )

    def edit_form(self, meeting: "MeetingRead") -> EditForm:
        from officedesk.services.meeting.actions import update_meeting

        return EditForm(
            t("meeting.tui.edit_title", code=meeting.code),
            self._fields(meeting),
            "meeting.edit",
            update_meeting,
            lambda result: self._saved(result, "meeting.edited"),
        )

    def action_step(self, name: str) -> None:
        if not self.check_action("step", (name,)) or self.detail is None:
            return
        from officedesk.services.meeting import actions

        meeting = self.detail
        call = {
            "notify": actions.notify_meeting,
            "hold": actions.hold_meeting,
            "minute": actions.minute_meeting,
            "cancel": actions.cancel_meeting,
        }[name]
        fields: list[FormField] = []
        if name in STEP_FIELDS:
            field, kind, required = STEP_FIELDS[name]
            start = meeting.minutes if field == "minutes" else ""
            label_key = "field.cancel_reason" if field == "reason" else f"field.{field}"
            fields.append(FormField(field, t(label_key), kind, value=start, required=required))

        def save(session: Any, values: dict[str, Any]) -> Any:
            extra = [values[STEP_FIELDS[name][0]]] if name in STEP_FIELDS else []
            return call(session, meeting.id, *extra)

        self.open_form(
            t(f"meeting.tui.{name}_title", code=meeting.code),
            fields,
            f"meeting.{name}",
            save,
            lambda result: self._saved(result, STEP_DONE[name]),
            submit_label=t(f"meeting.key.{name}"),
        )

    def action_tick(self) -> None:
        """The preparation checklist: a box per item, ticked as things are done."""
        if not self.check_action("tick", ()) or self.detail is None:
            return
        from officedesk.models.meeting import CHECKLIST_ITEMS
        from officedesk.services.meeting.actions import set_checklist

        meeting = self.detail
        fields = [
            FormField(item, label("meeting_checklist", item), "flag", item in meeting.checklist)
            for item in CHECKLIST_ITEMS
        ]

        def save(session: Any, values: dict[str, Any]) -> Any:
            return set_checklist(session, meeting.id, [i for i in CHECKLIST_ITEMS if values[i]])

        self.open_form(
            t("meeting.tui.tick_title", code=meeting.code),
            fields,
            "meeting.tick",
            save,
            lambda result: self._saved(result, "meeting.ticked"),
        )

    def action_attend(self) -> None:
        """Who attends: the four lists (出席, whole departments, 列席, 请假) in one form."""
        if not self.check_action("attend", ()) or self.detail is None:
            return
        from officedesk.services.meeting.actions import set_attendees
        from officedesk.services.meeting.people import attendee_texts

        meeting = self.detail
        lists = attendee_texts(meeting.attendees or [])
        fields = [
            FormField(name, t(f"field.{name}"), "long", value=lists[name])
            for name in ("attendees", "depts", "observers", "absent")
        ]
        self.open_form(
            t("meeting.tui.attend_title", code=meeting.code),
            fields,
            "meeting.attend",
            lambda session, values: set_attendees(session, meeting.id, values),
            lambda result: self._saved(result, "meeting.attendees_changed"),
        )

    def action_agenda(self) -> None:
        if not self.check_action("agenda", ()) or self.detail is None:
            return
        from officedesk.services.meeting.actions import set_agenda

        meeting = self.detail
        lines = "\n".join(
            f"{item.topic}：{item.presenter}" if item.presenter else item.topic
            for item in meeting.agenda or []
        )
        fields = [
            FormField(
                "agenda",
                t("field.agenda"),
                "long",
                value=lines,
                placeholder=t("meeting.tui.agenda_hint"),
            )
        ]
        self.open_form(
            t("meeting.tui.agenda_title", code=meeting.code),
            fields,
            "meeting.agenda",
            lambda session, values: set_agenda(session, meeting.id, values["agenda"]),
            lambda result: self._saved(result, "meeting.agenda_changed"),
        )

    def action_resolve(self) -> None:
        """One resolution (议定事项) and its supervision item, in one form and one step."""
        if not self.check_action("resolve", ()) or self.detail is None:
            return
        from officedesk.services.meeting.actions import resolve_decision

        meeting = self.detail
        fields = [
            FormField("decision", t("field.decision"), "long", required=True),
            FormField("dept", t("meeting.tui.lead_dept"), placeholder=t("meeting.tui.names_hint")),
            FormField("owner", t("field.owner"), placeholder=t("meeting.tui.names_hint")),
            FormField("due", t("field.due"), "date", placeholder=t("meeting.tui.due_hint")),
        ]

        def save(session: Any, values: dict[str, Any]) -> Any:
            return resolve_decision(
                session,
                meeting.id,
                values["decision"],
                dept=values["dept"] or None,
                owner=values["owner"] or None,
                due=values["due"] or None,
            )

        self.open_form(
            t("meeting.tui.resolve_title", code=meeting.code),
            fields,
            "meeting.resolve",
            save,
            lambda result: self._saved(result, "meeting.resolved"),
        )
