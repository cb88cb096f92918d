"""Who attends a meeting and what it discusses: its attendees (people and whole departments, as
出席, 列席 or 请假) and its agenda, read from what people type and kept in step with the
meeting's searchable names. Importable from services.meeting.actions as well."""

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput, NotFound
from officedesk.models import Department, Person
from officedesk.models.limits import REMARK_MAX
from officedesk.models.meeting import (
    ATTENDANCE_ROLES,
    AgendaCreate,
    Meeting,
    MeetingAgenda,
    MeetingAttendee,
)
from officedesk.services.common import id_of
from officedesk.services.lookup import resolve_department, resolve_person
from officedesk.services.meeting.query import agenda_rows, attendee_rows
from officedesk.services.shared_records import table_of
from officedesk.services.validation import chosen, validate

# A list typed on one line: 张三、李四，王五 or one per line.
_SEPARATORS = r"[\n,，、;；]"


def split_names(value: object) -> list[str]:
    """Names as typed (a list, or text separated by 、，,;； or new lines), blanks dropped."""
    if value is None:
        return []
    if isinstance(value, str):
        parts: Iterable[Any] = re.split(_SEPARATORS, value)
    elif isinstance(value, Iterable):
        parts = [part for item in value for part in re.split(_SEPARATORS, str(item))]
    else:
        raise InvalidInput("input.invalid", field="attendees")
    return [str(part).strip() for part in parts if str(part).strip()]


def _before_and_after_colon(text: str) -> tuple[str, str]:
    parts = re.split(r"[:：]", text, maxsplit=1)
    return parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")


def _name_and_remark(text: str) -> tuple[str, str]:
    """ "王五：出差" → ("王五", "出差"): a remark after a colon (why on leave, who stands in)."""
    name, remark = _before_and_after_colon(text)
    if len(remark) > REMARK_MAX:
        raise InvalidInput("input.too_long", field="remark", max=REMARK_MAX)
    return name, remark


def role_of(value: object) -> str:
    """出席, 列席 or 请假 as its code (attend, observer, leave), by code or by word."""
    return chosen("role", str(value or "attend").strip(), ATTENDANCE_ROLES)


def _people_text(session: OfficeSession, meeting_id: int) -> str:
    """The attendees as one searchable line ("name; name"), people then departments."""
    person = table_of(Person)
    dept = table_of(Department)
    table = table_of(MeetingAttendee)
    stmt = (
        select(person.c.name, dept.c.name.label("dept_name"))
        .select_from(table)
        .outerjoin(person, person.c.id == table.c.person_id)
        .outerjoin(dept, dept.c.id == table.c.dept_id)
        .where(table.c.meeting_id == meeting_id)
        .order_by(table.c.id)
    )
    return "; ".join(row.name or row.dept_name for row in session.execute(stmt))


def after_attendees(session: OfficeSession, meeting: Meeting) -> None:
    """Keep the meeting's searchable names in step with its attendees."""
    session.flush()
    meeting.attendee_names = _people_text(session, id_of(meeting))
    meeting.updated_at = session.env.now()
    session.flush()


def put_attendee(
    session: OfficeSession,
    meeting: Meeting,
    name: str,
    role: str,
    *,
    is_dept: bool = False,
    remark: str | None = None,
) -> None:
    """Name a person (or a whole department) on the meeting in this role; one already named
    changes role (出席 → 请假), keeping the remark unless a new one is given."""
    name, typed_remark = _name_and_remark(name)
    if not name:
        raise InvalidInput("input.required", field="attendees")
    remark = typed_remark if remark is None else remark.strip()
    meeting_id = id_of(meeting)
    if is_dept:
        dept_id, person_id = id_of(resolve_department(session, name)), None
    else:
        person_id, dept_id = id_of(resolve_person(session, name)), None
    existing = next(
        (
            row
            for row in attendee_rows(session, meeting_id)
            if (row.person_id, row.dept_id) == (person_id, dept_id)
        ),
        None,
    )
    if existing is None:
        existing = MeetingAttendee(
            meeting_id=meeting_id, person_id=person_id, dept_id=dept_id, role=role
        )
        session.add(existing)
    existing.role = role
    if remark or existing.id is None:
        existing.remark = remark


def remove_attendee(session: OfficeSession, meeting: Meeting, name: str, is_dept: bool) -> None:
    """Take a person (or department) off the meeting: by the id `meeting show` gives, or by
    name."""
    meeting_id = id_of(meeting)
    text = name.strip()
    rows = attendee_rows(session, meeting_id)
    digits = text.lstrip("#")
    found = [row for row in rows if digits.isdigit() and row.id == int(digits)]
    if not found:
        if is_dept:
            dept_id = id_of(resolve_department(session, text))
            found = [row for row in rows if row.dept_id == dept_id]
        else:
            person_id = id_of(resolve_person(session, text))
            found = [row for row in rows if row.person_id == person_id]
    if not found:
        raise NotFound("meeting.attendee_not_found", code=meeting.code, name=text)
    session.delete(found[0])


def add_attendee_lists(session: OfficeSession, meeting: Meeting, lists: dict[str, Any]) -> None:
    """The attendees of a form: people to attend, departments to attend, people as 列席 and
    people on leave (请假, each maybe "name：reason")."""
    for name in split_names(lists.get("attendees")):
        put_attendee(session, meeting, name, "attend")
    for name in split_names(lists.get("depts")):
        put_attendee(session, meeting, name, "attend", is_dept=True)
    for name in split_names(lists.get("observers")):
        put_attendee(session, meeting, name, "observer")
    for name in split_names(lists.get("absent")):
        put_attendee(session, meeting, name, "leave")
    session.flush()


def replace_attendees(session: OfficeSession, meeting: Meeting, lists: dict[str, Any]) -> None:
    """The workbench's attendees form: the lists replace what was there."""
    for row in attendee_rows(session, id_of(meeting)):
        session.delete(row)
    session.flush()
    add_attendee_lists(session, meeting, lists)


ATTENDEE_LISTS = ("attendees", "depts", "observers", "absent")


def attendee_texts(attendees: Iterable[Any]) -> dict[str, str]:
    """A meeting's attendees as the four lists its form shows (the inverse of the above)."""
    texts: dict[str, list[str]] = {name: [] for name in ATTENDEE_LISTS}
    for row in attendees:
        shown = f"{row.name}：{row.remark}" if row.remark else row.name
        if row.is_dept:
            texts["depts"].append(shown)
        else:
            texts[{"attend": "attendees", "observer": "observers"}.get(row.role, "absent")].append(
                shown
            )
    return {name: "、".join(values) for name, values in texts.items()}


# ---- the agenda --------------------------------------------------------------------------------


def parse_agenda(value: object) -> list[dict[str, str]]:
    """Agenda items as [{"topic", "presenter"}]: from such dicts, or from lines (or a list) of
    "topic" or "topic：presenter"."""
    if value is None:
        return []
    if isinstance(value, str):
        items: Iterable[Any] = [line for line in value.splitlines() if line.strip()]
    elif isinstance(value, Iterable):
        items = value
    else:
        raise InvalidInput("input.invalid", field="agenda")
    parsed = []
    for item in items:
        if isinstance(item, dict):
            data = {"topic": item.get("topic", ""), "presenter": item.get("presenter", "") or ""}
        else:
            topic, presenter = _before_and_after_colon(str(item))
            data = {"topic": topic, "presenter": presenter}
        parsed.append(validate(AgendaCreate, data, labels={"topic": "agenda"}).model_dump())
    return parsed


def add_agenda_rows(session: OfficeSession, meeting: Meeting, items: list[dict[str, str]]) -> None:
    meeting_id = id_of(meeting)
    after = max((row.position for row in agenda_rows(session, meeting_id)), default=0)
    for position, item in enumerate(items, start=after + 1):
        session.add(
            MeetingAgenda(
                meeting_id=meeting_id,
                position=position,
                topic=item["topic"],
                presenter=item["presenter"],
            )
        )
    meeting.updated_at = session.env.now()
    session.flush()


def replace_agenda(session: OfficeSession, meeting: Meeting, value: object) -> None:
    items = parse_agenda(value)
    for row in agenda_rows(session, id_of(meeting)):
        session.delete(row)
    session.flush()
    add_agenda_rows(session, meeting, items)


def remove_agenda_item(session: OfficeSession, meeting: Meeting, ref: str) -> None:
    """An agenda item by its number in the agenda (1, 2, …) or its id (#12)."""
    rows = agenda_rows(session, id_of(meeting))
    text = str(ref).strip()
    found = []
    if text.startswith("#") and text[1:].isdigit():
        found = [row for row in rows if row.id == int(text[1:])]
    elif text.isdigit() and 0 < int(text) <= len(rows):
        found = [rows[int(text) - 1]]
    if not found:
        raise NotFound("meeting.agenda_not_found", code=meeting.code, ref=text)
    session.delete(found[0])
    meeting.updated_at = session.env.now()
    session.flush()
