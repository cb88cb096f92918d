"""`officedesk meeting …` and `officedesk room …`: meetings (会议), their attendees, agenda,
preparation checklist, steps and resolutions (议定事项), and the rooms they are booked into."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.fields import confirming
from officedesk.cli.list_options import search_option, state_option
from officedesk.cli.options import Json, RecordNote, given, shared_options, values_of
from officedesk.cli.verbs import command, list_command, printed, show_command
from officedesk.i18n import t
from officedesk.services.meeting import actions as svc
from officedesk.services.meeting.states import MEETING_MACHINE
from officedesk.text import local_time
from officedesk.views.meeting import meeting_detail_view, meeting_table, room_table, room_view

if TYPE_CHECKING:
    from officedesk.db import OfficeSession
    from officedesk.models.meeting import MeetingRead, RoomRead

app = typer.Typer(help=t("help.meeting"), no_args_is_help=True)
room_app = typer.Typer(help=t("help.room"), no_args_is_help=True)

Ref = Annotated[str, typer.Argument(help=t("help.arg.meeting_ref"), show_default=False)]
Title = Annotated[str | None, typer.Option("--title", help=t("help.opt.meeting_title"))]
Kind = Annotated[str | None, typer.Option("--kind", "-k", help=t("help.opt.meeting_kind"))]
Start = Annotated[str | None, typer.Option("--start", help=t("help.opt.meeting_start"))]
End = Annotated[str | None, typer.Option("--end", help=t("help.opt.meeting_end"))]
Room = Annotated[str | None, typer.Option("--room", "-r", help=t("help.opt.meeting_room"))]
Place = Annotated[str | None, typer.Option("--place", help=t("help.opt.meeting_place"))]
Chair = Annotated[str | None, typer.Option("--chair", help=t("help.opt.meeting_chair"))]
Dept = Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.meeting_dept"))]
Many = list[str] | None
Attendee = Annotated[Many, typer.Option("--attendee", "-a", help=t("help.opt.meeting_attendee"))]
AttendDept = Annotated[Many, typer.Option("--attend-dept", help=t("help.opt.meeting_attend_dept"))]
Observer = Annotated[Many, typer.Option("--observer", help=t("help.opt.meeting_observer"))]
Absent = Annotated[Many, typer.Option("--absent", help=t("help.opt.meeting_absent"))]
Agenda = Annotated[Many, typer.Option("--agenda", help=t("help.opt.meeting_agenda"))]
Minutes = Annotated[str | None, typer.Option("--minutes", "-m", help=t("help.opt.meeting_minutes"))]


def _confirm(meeting: "MeetingRead", message_key: str) -> None:
    from officedesk.cli.state import say
    from officedesk.i18n import label

    say(
        t(
            message_key,
            code=meeting.code,
            title=meeting.title,
            when=local_time(meeting.starts_at),
            state=label("meeting_state", meeting.state),
        )
    )


# A write on one meeting: the confirmation (or JSON), then the booking rules' warnings.
_wrote = confirming(_confirm, svc.meeting_notices)


def _meeting_options(
    kind: Kind = None,
    start: Start = None,
    end: End = None,
    room: Room = None,
    place: Place = None,
    chair: Chair = None,
    dept: Dept = None,
) -> None:
    """What, when, where and who leads: options `add` and `edit` share."""


RENAMED = {"start": "starts_at", "end": "ends_at"}


@app.command("add", help=t("help.meeting.add"))
@shared_options(_meeting_options, before="attendee")
def add(
    title: Annotated[str, typer.Argument(help=t("help.arg.meeting_title"), show_default=False)],
    attendee: Attendee = None,
    attend_dept: AttendDept = None,
    observer: Observer = None,
    absent: Absent = None,
    agenda: Agenda = None,
    note: RecordNote = None,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = given(
        {
            "title": title,
            **values_of(_meeting_options, fields, RENAMED),
            "attendees": attendee or None,
            "depts": attend_dept or None,
            "observers": observer or None,
            "absent": absent or None,
            "agenda": agenda or None,
            "note": note,
        }
    )
    return _wrote("meeting.add", lambda s: svc.create_meeting(s, data), "meeting.added", as_json)


def _filters(
    state: Annotated[str | None, state_option("help.opt.meeting_state")] = None,
    kind: Kind = None,
    since: Annotated[str | None, typer.Option("--since", help=t("help.opt.meeting_since"))] = None,
    until: Annotated[str | None, typer.Option("--until", help=t("help.opt.meeting_until"))] = None,
    room: Room = None,
    dept: Dept = None,
    text: Annotated[str | None, search_option("help.opt.meeting_search")] = None,
    week: Annotated[bool, typer.Option("--week", help=t("help.opt.meeting_week"))] = False,
    month: Annotated[bool, typer.Option("--month", help=t("help.opt.meeting_month"))] = False,
    on: Annotated[str | None, typer.Option("--on", help=t("help.opt.meeting_on"))] = None,
    sort: Annotated[str, typer.Option("--sort", help=t("help.opt.meeting_sort"))] = "start",
) -> None:
    """`list`'s filters; --week and --month list a calendar week or month by day."""


def _fetch(session: "OfficeSession", options: dict[str, Any]) -> Any:
    from officedesk.cli.verbs import split_states

    if options["week"] and options["month"]:
        raise typer.BadParameter(t("meeting.week_or_month"), param_hint="--week/--month")
    period = "week" if options["week"] else "month" if options["month"] else None
    flt = svc.MeetingFilter(
        states=split_states(options["state"]),
        text=options["text"],
        kind=options["kind"],
        since=options["since"],
        until=options["until"],
        room=options["room"],
        dept=options["dept"],
        period=period,
        on=options["on"],
        sort=options["sort"],
    )
    return svc.list_meetings(session, flt, limit=options["limit"], offset=options["offset"])


def _table_options(options: dict[str, Any]) -> dict[str, Any]:
    return {"offset": options["offset"], "by_day": options["week"] or options["month"]}


list_command(
    app, "help.meeting.list", _filters, _fetch, meeting_table, table_options=_table_options
)

show_command(
    app,
    "help.meeting.show",
    Ref,
    svc.get_meeting,
    printed(meeting_detail_view),
    notices=svc.meeting_notices,
)


@app.command("edit", help=t("help.meeting.edit"))
@shared_options(_meeting_options, before="minutes")
def edit(
    ref: Ref,
    title: Title = None,
    minutes: Minutes = None,
    note: RecordNote = None,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = {
        "title": title,
        **values_of(_meeting_options, fields, RENAMED),
        "minutes": minutes,
        "note": note,
    }
    return _wrote(
        "meeting.edit", lambda s: svc.update_meeting(s, ref, data), "meeting.edited", as_json
    )


# Each step's parameters: the meeting, then what the service takes with it, in its order.
def _plain(ref: Ref) -> None: ...


def _minuting(ref: Ref, minutes: Minutes = None) -> None: ...


def _cancellation(
    ref: Ref,
    reason: Annotated[str, typer.Option("--reason", help=t("help.opt.meeting_reason"))] = "",
) -> None: ...


# The machine's steps: action → (parameters, service step, confirmation).
STEPS: dict[str, tuple[Callable[..., None], Callable[..., "MeetingRead"], str]] = {
    "notify": (_plain, svc.notify_meeting, "meeting.notified"),
    "hold": (_plain, svc.hold_meeting, "meeting.held"),
    "minute": (_minuting, svc.minute_meeting, "meeting.minuted"),
    "cancel": (_cancellation, svc.cancel_meeting, "meeting.cancelled"),
}


def _step(action: str) -> None:
    parameters, apply, message_key = STEPS[action]

    def run(ref: str, *options: Any, as_json: bool) -> Any:
        return _wrote(f"meeting.{action}", lambda s: apply(s, ref, *options), message_key, as_json)

    command(app, action, f"help.meeting.{action}", parameters, run)


for _action in MEETING_MACHINE.actions:
    _step(_action)


@app.command("tick", help=t("help.meeting.tick"))
def tick(
    ref: Ref,
    items: Annotated[list[str], typer.Argument(help=t("help.arg.meeting_items"))],
    undo: Annotated[bool, typer.Option("--undo", help=t("help.opt.meeting_undo"))] = False,
    as_json: Json = False,
) -> Any:
    return _wrote(
        "meeting.tick",
        lambda s: svc.tick_checklist(s, ref, items, undo=undo),
        "meeting.ticked",
        as_json,
    )


@app.command("attend", help=t("help.meeting.attend"))
def attend(
    ref: Ref,
    names: Annotated[list[str], typer.Argument(help=t("help.arg.meeting_names"))],
    role: Annotated[str, typer.Option("--role", help=t("help.opt.meeting_role"))] = "attend",
    whole: Annotated[bool, typer.Option("--whole-dept", help=t("help.opt.meeting_whole"))] = False,
    remove: Annotated[bool, typer.Option("--remove", help=t("help.opt.meeting_remove"))] = False,
    remark: Annotated[
        str | None, typer.Option("--remark", help=t("help.opt.meeting_remark"))
    ] = None,
    as_json: Json = False,
) -> Any:
    def change(session: "OfficeSession") -> "MeetingRead":
        return svc.attend_meeting(
            session, ref, names, role=role, is_dept=whole, remove=remove, remark=remark
        )

    return _wrote("meeting.attend", change, "meeting.attendees_changed", as_json)


@app.command("agenda", help=t("help.meeting.agenda"))
def agenda(
    ref: Ref,
    items: Annotated[list[str], typer.Argument(help=t("help.arg.meeting_agenda"))],
    remove: Annotated[bool, typer.Option("--remove", help=t("help.opt.agenda_remove"))] = False,
    as_json: Json = False,
) -> Any:
    def change(session: "OfficeSession") -> "MeetingRead":
        if not remove:
            return svc.add_agenda(session, ref, items)
        result = None
        # The highest number first: removing item 1 would renumber item 2.
        for item in sorted(items, key=lambda i: -int(i) if i.isdigit() else 0):
            result = svc.remove_agenda(session, ref, item)
        assert result is not None
        return result

    return _wrote("meeting.agenda", change, "meeting.agenda_changed", as_json)


@app.command("resolve", help=t("help.meeting.resolve"))
def resolve(
    ref: Ref,
    decision: Annotated[str, typer.Argument(help=t("help.arg.meeting_decision"))] = "",
    dept: Annotated[
        str | None, typer.Option("--dept", "-d", help=t("help.opt.resolve_dept"))
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help=t("help.opt.resolve_owner"))] = None,
    due: Annotated[str | None, typer.Option("--due", help=t("help.opt.resolve_due"))] = None,
    priority: Annotated[
        str, typer.Option("--priority", help=t("help.opt.resolve_priority"))
    ] = "normal",
    item: Annotated[str | None, typer.Option("--item", help=t("help.opt.resolve_item"))] = None,
    as_json: Json = False,
) -> Any:
    def change(session: "OfficeSession") -> "MeetingRead":
        if item:
            return svc.link_resolution(session, ref, item, decision)
        return svc.resolve_decision(
            session, ref, decision, dept=dept, owner=owner, due=due, priority=priority
        )

    return _wrote("meeting.resolve", change, "meeting.resolved", as_json)


# ---- rooms -------------------------------------------------------------------------------------

RoomRef = Annotated[str, typer.Argument(help=t("help.arg.room_ref"), show_default=False)]
Capacity = Annotated[str | None, typer.Option("--capacity", "-c", help=t("help.opt.room_capacity"))]
Equipment = Annotated[str | None, typer.Option("--equipment", help=t("help.opt.room_equipment"))]


def _room_said(room: "RoomRead", message_key: str) -> None:
    from officedesk.cli.state import say

    say(t(message_key, name=room.name, capacity=room.capacity))


_room_wrote = confirming(_room_said)


@room_app.command("add", help=t("help.room.add"))
def room_add(
    name: Annotated[str, typer.Argument(help=t("help.arg.room_name"), show_default=False)],
    capacity: Capacity = None,
    equipment: Equipment = None,
    note: RecordNote = None,
    as_json: Json = False,
) -> Any:
    from officedesk.services.meeting.rooms import create_room

    data = given({"name": name, "capacity": capacity, "equipment": equipment, "note": note})
    return _room_wrote("room.add", lambda s: create_room(s, data), "room.added", as_json)


def _room_filters(
    text: Annotated[str | None, search_option("help.opt.room_search")] = None,
    seats: Annotated[int | None, typer.Option("--seats", help=t("help.opt.room_seats"))] = None,
) -> None:
    """`room list`'s filters."""


def _rooms(session: "OfficeSession", options: dict[str, Any]) -> Any:
    from officedesk.services.meeting.rooms import RoomFilter, list_rooms

    flt = RoomFilter(text=options["text"], seats=options["seats"])
    return list_rooms(session, flt, limit=options["limit"], offset=options["offset"])


list_command(room_app, "help.room.list", _room_filters, _rooms, room_table)


def _get_room(session: "OfficeSession", ref: str) -> Any:
    from officedesk.services.meeting.rooms import get_room

    return get_room(session, ref)


show_command(room_app, "help.room.show", RoomRef, _get_room, printed(room_view))


@room_app.command("edit", help=t("help.room.edit"))
def room_edit(
    ref: RoomRef,
    name: Annotated[str | None, typer.Option("--name", help=t("help.arg.room_name"))] = None,
    capacity: Capacity = None,
    equipment: Equipment = None,
    note: RecordNote = None,
    as_json: Json = False,
) -> Any:
    from officedesk.services.meeting.rooms import update_room

    data = {"name": name, "capacity": capacity, "equipment": equipment, "note": note}
    return _room_wrote("room.edit", lambda s: update_room(s, ref, data), "room.edited", as_json)
