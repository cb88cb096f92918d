"""Human views of the meetings register (会议) and its rooms, shared by cli.meeting and the
workbench's meeting and room panes. Rich is imported inside the views only: the export reads
COLUMNS without it."""

from typing import TYPE_CHECKING, Any

from officedesk.i18n import label, t
from officedesk.text import display_safe, local_time
from officedesk.views.columns import Column

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from officedesk.models.meeting import MeetingRead, RoomRead

# The workbench sizes kind and state from their words in the current language.
COLUMNS = (
    Column("code", "field.code", 12, sort="code"),
    Column("starts_at", "field.starts_at", 16, sort="start"),
    Column("kind", "field.kind", drop=2),
    Column("title", "field.title", 0),
    Column("room", "field.room", 12, cap=12, drop=1),
    Column("chair", "field.chair_id", 8, cap=6, drop=3),
    Column("state", "field.state", keep=True),
)
ROOM_COLUMNS = (
    Column("name", "field.name", 0),
    Column("capacity", "field.capacity", 8),
    Column("equipment", "field.equipment", 30, cap=30),
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def weekday(moment: Any) -> str:
    """The weekday of a local day, worded (星期四, Thursday)."""
    return label("today.weekday", _WEEKDAYS[moment.weekday()])


def span_text(meeting: "MeetingRead") -> str:
    """2026-11-26 09:00–11:30 (the end's day too when it is another day)."""
    start, end = meeting.starts_at.astimezone(), meeting.ends_at.astimezone()
    pattern = "%H:%M" if start.date() == end.date() else "%Y-%m-%d %H:%M"
    return f"{local_time(meeting.starts_at)}–{end.strftime(pattern)}"


def where(meeting: "MeetingRead") -> str:
    return meeting.room or meeting.place or ""


def meeting_cells(meeting: "MeetingRead", this_year: int = 0) -> "list[Text]":
    """One list row, every user value as data (cell()), in COLUMNS order."""
    from rich.text import Text

    from officedesk.views.render import cell

    start = meeting.starts_at.astimezone()
    shown = start.strftime("%m-%d %H:%M" if start.year == this_year else "%Y-%m-%d %H:%M")
    return [
        cell(meeting.code, "yellow" if meeting.warnings else ""),
        Text(shown),
        Text(label("meeting_kind", meeting.kind)),
        cell(meeting.title),
        cell(where(meeting)),
        cell(meeting.chair or ""),
        Text(label("meeting_state", meeting.state)),
    ]


def meeting_table(
    meetings: "list[MeetingRead]", *, has_more: bool, offset: int = 0, by_day: bool = False
) -> None:
    """A page of meetings; a calendar (--week, --month) under a heading per day."""
    from rich.text import Text

    from officedesk.views.columns import fitted, footer, print_page
    from officedesk.views.render import console

    if not by_day or not meetings:
        rows = [meeting_cells(meeting) for meeting in meetings]
        print_page(COLUMNS, rows, has_more=has_more, offset=offset)
        return
    out = console()
    days: dict[Any, list[MeetingRead]] = {}
    for meeting in meetings:
        days.setdefault(meeting.starts_at.astimezone().date(), []).append(meeting)
    for day, held in days.items():
        out.print(Text(f"{day.isoformat()} {weekday(day)}", style="bold"))
        out.print(fitted(COLUMNS, [meeting_cells(meeting) for meeting in held], out.width))
    out.print(Text(footer(len(meetings), has_more, offset), style="dim"))


def _checklist(meeting: "MeetingRead") -> "Text":
    from rich.text import Text

    line = Text()
    for item in (*meeting.checklist, *meeting.checklist_open):
        done = item in meeting.checklist
        if line:
            line.append("  ")
        line.append(
            ("☑ " if done else "☐ ") + label("meeting_checklist", item), "" if done else "yellow"
        )
    return line


def _attendance(meeting: "MeetingRead") -> list[tuple[str, Any]]:
    """出席, 列席, 请假: each a list of names (a department marked as such, a remark after it)."""
    lines: list[tuple[str, Any]] = []
    for role in ("attend", "observer", "leave"):
        names = [
            (f"{a.name}（{t('meeting.whole_dept')}）" if a.is_dept else a.name)
            + (f"：{a.remark}" if a.remark else "")
            for a in meeting.attendees or []
            if a.role == role
        ]
        if names:
            lines.append((label("meeting_role", role), t("list.sep").join(names)))
    return lines


def meeting_detail_view(meeting: "MeetingRead") -> "RenderableType":
    """A meeting, who attends, its agenda, checklist, minutes and resolutions with their items'
    states, and the booking rules' warnings, as one renderable. User values are data."""
    from rich.console import Group
    from rich.text import Text

    from officedesk.views.render import cell, heading, pairs_table

    parts: list[Any] = [Text.assemble((meeting.code, "bold"), "  ", cell(meeting.title, "bold"))]
    room = meeting.room or ""
    if meeting.room and meeting.room_capacity:
        room = t("meeting.room_seats", room=meeting.room, capacity=meeting.room_capacity)
    pairs: list[tuple[str, Any]] = [
        (t("field.state"), Text(label("meeting_state", meeting.state))),
        (t("field.kind"), Text(label("meeting_kind", meeting.kind))),
        (t("meeting.when"), span_text(meeting)),
        (t("field.room"), room),
        (t("field.place"), meeting.place),
        (t("field.chair_id"), meeting.chair or ""),
        (t("meeting.organiser"), meeting.dept or ""),
        (t("meeting.headcount"), str(meeting.headcount) if meeting.headcount else ""),
        *_attendance(meeting),
    ]
    if meeting.state != "cancelled":
        pairs.append((t("field.checklist"), _checklist(meeting)))
    if meeting.carried_out is not None:
        word = "meeting.carried_out" if meeting.carried_out else "meeting.not_carried_out"
        pairs.append((t("meeting.progress"), Text(t(word))))
    if meeting.cancel_reason:
        pairs.append((t("field.cancel_reason"), meeting.cancel_reason))
    parts.append(pairs_table(pairs, skip_empty=True))
    if meeting.warnings:
        parts.append(Text(""))
        parts += [cell(f"! {w['message']}", "yellow") for w in meeting.warnings]
    if meeting.agenda:
        parts += heading(t("field.agenda"))
        for number, item in enumerate(meeting.agenda, start=1):
            presenter = f"（{item.presenter}）" if item.presenter else ""
            parts.append(cell(f"  {number}. {item.topic}{presenter}"))
    if meeting.minutes:
        parts += heading(t("field.minutes"))
        parts.append(Text(display_safe(meeting.minutes, keep_newlines=True)))
    if meeting.resolutions:
        parts += heading(t("meeting.resolutions"))
        for r in meeting.resolutions:
            state = label("state", r.task_state) if r.task_state else ""
            due = r.due.isoformat() if r.due else ""
            facts = "  ".join(part for part in (r.task_code or "", r.dept or "", due) if part)
            line = cell(f"  {r.position}. {r.decision}  ")
            line.append_text(cell(facts, "dim"))
            line.append("  ")
            line.append(state, "green" if r.done else "yellow")
            parts.append(line)
    if meeting.note:
        parts += [Text(""), Text(display_safe(meeting.note, keep_newlines=True))]
    return Group(*parts)


# ---- rooms -------------------------------------------------------------------------------------


def room_cells(room: "RoomRead") -> "list[Text]":
    from rich.text import Text

    from officedesk.views.render import cell

    return [cell(room.name), Text(str(room.capacity or "")), cell(room.equipment)]


def room_table(rooms: "list[RoomRead]", *, has_more: bool, offset: int = 0) -> None:
    from officedesk.views.columns import print_page

    print_page(ROOM_COLUMNS, [room_cells(room) for room in rooms], has_more=has_more, offset=offset)


def room_view(room: "RoomRead") -> "RenderableType":
    from rich.console import Group
    from rich.text import Text

    from officedesk.views.render import cell, pairs_table

    pairs: list[tuple[str, Any]] = [
        (t("field.capacity"), str(room.capacity) if room.capacity else ""),
        (t("field.equipment"), room.equipment),
        (t("field.note"), room.note),
    ]
    return Group(
        Text.assemble((f"#{room.id}", "bold"), "  ", cell(room.name, "bold")),
        pairs_table(pairs, skip_empty=True),
    )
