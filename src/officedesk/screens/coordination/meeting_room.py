"""Meeting rooms (会议室) in the workbench: the rooms meetings are booked into, added and edited
through one form; their rules (unique names) stay in services.meeting.rooms."""

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import BindingType

from officedesk.i18n import t
from officedesk.views.meeting import ROOM_COLUMNS, room_cells, room_view
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.pane_keys import record_keys
from officedesk.widgets.record_form import FormField, filled, given
from officedesk.widgets.register_pane import EditablePane, EditForm

if TYPE_CHECKING:
    from officedesk.models.meeting import RoomRead


class RoomPane(EditablePane):
    BINDINGS: ClassVar[list[BindingType]] = record_keys("room")
    VIEW_COLUMNS = ROOM_COLUMNS
    READ_SERVICES = ("officedesk.services.meeting.rooms", "count_rooms", "list_rooms")

    def filter_specs(self) -> list[FilterSpec]:
        return [FilterSpec("text", "text", t("meeting.tui.room_filter"), width=24)]

    def make_filter(self) -> Any:
        from officedesk.services.meeting.rooms import RoomFilter

        return RoomFilter(text=self.filters.get("text"))

    def cells(self, room: "RoomRead") -> list[Text]:
        return room_cells(room)

    def detail_view(self, room: "RoomRead") -> RenderableType:
        return room_view(room)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.detail is not None if action == "edit" else True

    def show_record(self, ref_id: int) -> None:
        from officedesk.services.meeting.rooms import get_room

        self.find_by_name(get_room, ref_id)

    show_by_id = show_record

    def _fields(self, room: "RoomRead | None") -> list[FormField]:
        def value(name: str) -> Any:
            return getattr(room, name) if room is not None else ""

        return [
            FormField("name", t("field.name"), value=value("name"), required=True),
            FormField("capacity", t("field.capacity"), "int", value=value("capacity") or ""),
            FormField("equipment", t("field.equipment"), value=value("equipment")),
            FormField("note", t("field.note"), "long", value=value("note")),
        ]

    def action_new(self) -> None:
        from officedesk.services.meeting.rooms import create_room

        def done(room: "RoomRead") -> str:
            self.focus_record(room.id, room.name)
            return t("room.added", name=room.name, capacity=room.capacity)

        self.open_form(
            t("room.new_title"),
            self._fields(None),
            "room.add",
            lambda session, values: create_room(session, filled(values)),
            done,
        )

    def edit_form(self, room: "RoomRead") -> EditForm:
        from officedesk.services.meeting.rooms import update_room

        return EditForm(
            t("room.edit_title", name=room.name),
            self._fields(room),
            "room.edit",
            lambda session, ref, values: update_room(session, ref, given(values)),
            lambda saved: t("room.edited", name=saved.name, capacity=saved.capacity),
        )
