"""Importing the award register: its staff events (award_event, imported first, known by title
and day) and its awards (known by year, name and recipient), each created through
services.award as `award event add` and `award add` create them, at the moment and by the
author the file gives."""

from datetime import date
from functools import partial
from typing import Any

from officedesk.errors import InvalidInput
from officedesk.imports.read import Row
from officedesk.imports.rows import (
    Importing,
    at_moment,
    dept_exact,
    exported_items,
    first_seen,
    given,
    moment,
    person_exact,
)

EVENT_COLUMNS = {
    "id": "integer",
    "held_on": "optional_text",
    "kind": "text",
    "title": "text",
    "place": "text",
    "note": "text",
    "created_by": "text",
    "created_at": "optional_text",
    "updated_at": "optional_text",
    "awards": "integer",
}
_EVENT_FIELDS = ("held_on", "kind", "title", "place", "note")

AWARD_COLUMNS = {
    "id": "integer",
    "year": "integer",
    "name": "text",
    "recipient": "text",
    "recipient_name": "text",
    "person_id": "integer",
    "recipient_dept_id": "integer",
    "dept_id": "integer",
    "dept": "optional_text",
    "reason": "text",
    "doc_ref": "text",
    "event_id": "integer",
    "event": "optional_text",
    "event_on": "optional_text",
    "awarded_on": "optional_text",
    "created_by": "text",
    "created_at": "optional_text",
    "updated_at": "optional_text",
}
_AWARD_FIELDS = ("year", "name", "reason", "doc_ref", "awarded_on")
_AWARD_COMPARED = (*_AWARD_FIELDS, "recipient", "recipient_name", "dept", "event", "event_on")


def import_events(importing: Importing, rows: list[Row]) -> None:
    """An event is known by its title and day: the same again adds nothing."""
    from sqlmodel import col, select

    from officedesk.export.cells import jsonable
    from officedesk.models.award import StaffEvent
    from officedesk.services import award

    session = importing.session
    for row in first_seen(importing, rows, _event_name):
        values = row.values
        stmt = select(StaffEvent).where(col(StaffEvent.title) == str(values.get("title") or ""))
        held_on = _day(values.get("held_on"))
        if held_on is not None:
            stmt = stmt.where(col(StaffEvent.held_on) == held_on)
        existing = session.exec(stmt).first()
        if existing is not None:
            record = jsonable(award.get_event(session, existing.id).model_dump())
            importing.same_or_conflict(row, _event_name(row), record, _EVENT_FIELDS)
            continue

        def create(values: dict[str, Any] = values) -> str:
            when = moment(values.get("created_at"), "created_at")
            with at_moment(session, when, values.get("created_by")):
                made = award.create_event(session, given(values, _EVENT_FIELDS))
            return f"{made.held_on} {made.title}"

        importing.attempt(row, create)


def _day(value: Any) -> date | None:
    """A day as the file writes it (ISO), or None: a day that cannot be read is left to the
    service, which refuses it with its own message."""
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _event_name(row: Row) -> str:
    return f"{row.values.get('held_on') or ''} {row.values.get('title') or ''}".strip()


def import_awards(importing: Importing, rows: list[Row]) -> None:
    """An award is known by its year, name, recipient and department; its event (by title)
    must be there already: import award_event first."""
    existing: dict[str, dict[str, Any]] = {}
    for record in exported_items(importing.session, "award", "award"):
        existing.setdefault(_award_name(record), record)
    for row in first_seen(importing, rows, lambda row: _award_name(row.values)):
        name = _award_name(row.values)
        if name in existing:
            importing.same_or_conflict(row, name, existing[name], _AWARD_COMPARED)
            continue
        importing.attempt(row, partial(_create_award, importing, row.values))


def _award_name(values: dict[str, Any]) -> str:
    parts = ("year", "name", "recipient_name", "dept")
    return " ".join(str(values.get(key) or "") for key in parts).strip()


def _create_award(importing: Importing, values: dict[str, Any]) -> str:
    from officedesk.export.cells import jsonable
    from officedesk.services import award

    session = importing.session
    data = given(values, _AWARD_FIELDS)
    dept_id = dept_exact(session, values.get("dept"))
    recipient = values.get("recipient") or ("dept" if not dept_id else "person")
    if recipient == "person":
        data["person"] = person_exact(session, values.get("recipient_name"), dept_id)
        if dept_id is not None:
            data["dept"] = dept_id
    elif recipient == "dept":
        data["dept"] = dept_exact(session, values.get("recipient_name") or values.get("dept"))
    else:
        raise InvalidInput("input.choice", field="recipient", choices=["person", "dept"])
    if values.get("event"):
        data["event"] = _event_id(importing, values)
    when = moment(values.get("created_at"), "created_at")
    with at_moment(session, when, values.get("created_by")):
        made = award.create_award(session, data)
    return _award_name(jsonable(made.model_dump()))


def _event_id(importing: Importing, values: dict[str, Any]) -> str:
    """The award's event, by its exact title (and day, when the row gives it)."""
    from sqlmodel import col, select

    from officedesk.errors import NotFound
    from officedesk.models.award import StaffEvent

    stmt = select(StaffEvent).where(col(StaffEvent.title) == str(values["event"]))
    event_on = _day(values.get("event_on"))
    if event_on is not None:
        stmt = stmt.where(col(StaffEvent.held_on) == event_on)
    found = importing.session.exec(stmt).first()
    if found is None:
        raise NotFound("award.event_not_found", ref=str(values["event"]))
    return str(found.id)
