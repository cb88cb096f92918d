"""Meeting rooms (会议室): a small register of names, capacities and equipment that meetings are
booked into. The booking rules themselves (no two meetings in one room at once, a meeting
larger than its room) live with the meetings, in services.meeting.booking."""

from dataclasses import dataclass
from typing import Any

from sqlmodel import col, func, select

from officedesk.db import OfficeSession
from officedesk.errors import Conflict
from officedesk.models.meeting import Room, RoomCreate, RoomRead, RoomUpdate
from officedesk.services.common import Page, id_of
from officedesk.services.query import ListQuery, resolve_record, text_filter
from officedesk.services.shared_records import apply_given, new_stamps, table_of
from officedesk.services.validation import validate

ROOM_FIELDS = ("name", "capacity", "equipment", "note")


def resolve_room(session: OfficeSession, ref: object) -> Room:
    """A room by id ("3", "#3") or by its exact name."""
    return resolve_record(
        session,
        Room,
        ref,
        field="room",
        not_found="room.not_found",
        column=col(Room.name),
        normalise=str.strip,
    )


def read_room(room: Room) -> RoomRead:
    return RoomRead.model_validate(room, from_attributes=True)


def get_room(session: OfficeSession, ref: object) -> RoomRead:
    return read_room(resolve_room(session, ref))


def _refuse_namesake(session: OfficeSession, name: str, own_id: int | None = None) -> None:
    """Room names are unique: a booking names its room, and two rooms of one name could not
    be told apart."""
    stmt = select(col(Room.id)).where(func.lower(col(Room.name)) == name.lower())
    for found in session.exec(stmt):
        if found != own_id:
            raise Conflict("room.exists", name=name)


def _blank_capacity(data: dict[str, Any]) -> dict[str, Any]:
    """A blank capacity on a form means "not given"."""
    if data.get("capacity") in ("", None):
        data.pop("capacity", None)
    return data


def create_room(session: OfficeSession, data: dict[str, Any]) -> RoomRead:
    form = validate(RoomCreate, _blank_capacity(dict(data)))
    _refuse_namesake(session, form.name)
    room = Room(**form.model_dump(), **new_stamps(session))
    session.add(room)
    session.flush()
    return read_room(room)


def update_room(session: OfficeSession, ref: object, data: dict[str, Any]) -> RoomRead:
    """Change what was given; None leaves a field as it is."""
    room = resolve_room(session, ref)
    values = _blank_capacity({k: v for k, v in data.items() if v is not None})
    form = validate(RoomUpdate, values)
    if form.name is not None:
        _refuse_namesake(session, form.name, id_of(room))
    apply_given(room, form, ROOM_FIELDS)
    room.updated_at = session.env.now()
    session.flush()
    return read_room(room)


@dataclass
class RoomFilter:
    """`room list`'s filter: a word in the name, equipment or note; rooms seating at least n."""

    text: str | None = None
    seats: int | None = None


def _narrow(_session: OfficeSession, flt: RoomFilter, stmt: Any) -> Any:
    table = table_of(Room)
    if flt.seats:
        stmt = stmt.where(table.c.capacity >= flt.seats)
    return text_filter(stmt, flt.text, (table.c.name, table.c.equipment, table.c.note))


def _rows() -> Any:
    return select(Room)


_ROOM_LIST = ListQuery(
    Room, RoomFilter, _rows, _narrow, lambda _flt: (col(Room.name), col(Room.id)), read_room
)


def list_rooms(
    session: OfficeSession, flt: RoomFilter | None = None, *, limit: int = 50, offset: int = 0
) -> Page:
    return _ROOM_LIST.page(session, flt, limit=limit, offset=offset)


count_rooms = _ROOM_LIST.count
