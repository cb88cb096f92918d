"""The meetings register's export tables (RegisterSpec.rows): its list, every state, as the
items of `meeting list --json`, with each meeting as a calendar event; and the rooms. Services
are imported only when a page is read."""

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from officedesk.export.registers import CalendarEntry, Dataset

if TYPE_CHECKING:
    from officedesk.db import OfficeSession
    from officedesk.services.common import Page

_STATUS = {"planned": "TENTATIVE", "cancelled": "CANCELLED"}


def _meetings(session: "OfficeSession", offset: int, limit: int) -> "Page":
    from officedesk.services.meeting.query import MeetingFilter, list_meetings

    return list_meetings(session, MeetingFilter(sort="code"), limit=limit, offset=offset)


def _rooms(session: "OfficeSession", offset: int, limit: int) -> "Page":
    from officedesk.services.meeting.rooms import list_rooms

    return list_rooms(session, limit=limit, offset=offset)


def _event(item: dict[str, Any]) -> CalendarEntry | None:
    from officedesk.i18n import label

    start = item["starts_at"]
    end = item["ends_at"] if item["ends_at"] > start else start + timedelta(hours=1)
    return CalendarEntry(
        uid=f"meeting-{item['id']}",
        summary=item["title"],
        start=start,
        end=end,
        location=item["room"] or item["place"],
        description=f"{item['code']} {label('meeting_kind', item['kind'])}",
        status=_STATUS.get(item["state"], "CONFIRMED"),
        updated=item["updated_at"],
    )


def meeting() -> tuple[Dataset, ...]:
    return (
        Dataset(
            "meeting",
            _meetings,
            "meeting",
            {"kind": "meeting_kind", "state": "meeting_state"},
            calendar=_event,
        ),
        Dataset("meeting_room", _rooms, "room"),
    )
