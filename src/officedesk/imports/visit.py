"""Importing visits: each created through services.visit at the moment and by the author the file
gives, keeping its JD- code (never inventing one: a code must be the next of its year's series),
then taken through the steps that bring it to the row's state (confirmed, done, settled with its
cost and papers, or cancelled with the reason). A visit whose steps end elsewhere than the row
says is refused.

The export holds no guests' names nor the reception list's lines (the list gives neither): a
visit comes back with its head count only."""

from datetime import datetime
from functools import partial
from typing import Any

from officedesk.imports.read import Row
from officedesk.imports.rows import (
    Importing,
    at_moment,
    check_next,
    check_replayed,
    dept_exact,
    exported_items,
    given,
    in_series_order,
    moment,
    person_exact,
)

VISIT_COLUMNS = {
    "id": "integer",
    "code": "optional_text",
    "guest_org": "text",
    "guest_org_id": "integer",
    "letter_ref": "text",
    "purpose": "text",
    "level": "text",
    "arrives_at": "optional_text",
    "departs_at": "optional_text",
    "host_id": "integer",
    "host": "optional_text",
    "host_dept_id": "integer",
    "host_dept": "optional_text",
    "guest_count": "integer",
    "table_hosts": "integer",
    "host_limit": "integer",
    "meals": "text",
    "lodging": "text",
    "car": "text",
    "room": "text",
    "note": "text",
    "budget_fen": "integer",
    "cost_fen": "integer",
    "budget": "optional_text",
    "cost": "optional_text",
    "state": "text",
    "settled_on": "optional_text",
    "cancel_reason": "text",
    "created_by": "text",
    "created_at": "optional_text",
    "updated_at": "optional_text",
    "guests": "json",
    "activities": "json",
    "warnings": "json",
    "letter_waiver": "text",
    "papers": "json",
}
_CREATE_FIELDS = (
    "guest_org",
    "letter_ref",
    "purpose",
    "level",
    "arrives_at",
    "departs_at",
    "guest_count",
    "table_hosts",
    "meals",
    "lodging",
    "car",
    "room",
    "note",
    "budget",
)
_COMPARED = (
    "code",
    "guest_org",
    "letter_ref",
    "purpose",
    "level",
    "arrives_at",
    "departs_at",
    "host",
    "host_dept",
    "guest_count",
    "table_hosts",
    "meals",
    "lodging",
    "car",
    "room",
    "note",
    "budget_fen",
    "cost_fen",
    "state",
    "settled_on",
    "cancel_reason",
    "letter_waiver",
    "papers",
)
# The steps from planned to each state.
_STEPS = {
    "planned": (),
    "confirmed": ("confirm",),
    "done": ("confirm", "done"),
    "settled": ("confirm", "done", "settle"),
    "cancelled": ("cancel",),
}


def import_visits(importing: Importing, rows: list[Row]) -> None:
    session = importing.session
    existing = {item["code"]: item for item in exported_items(session, "visit", "visit")}
    for row in in_series_order(importing, rows, "JD"):
        code = row.values.get("code")
        if code and code in existing:
            importing.same_or_conflict(row, str(code), existing[str(code)], _COMPARED)
            continue
        importing.attempt(row, partial(_create, importing, row))


def _create(importing: Importing, row: Row) -> str:
    """The visit created when the row says and taken along its steps; refused (DomainError)
    when a service refuses a step or the result differs from the row."""
    from officedesk.errors import InvalidInput
    from officedesk.export.cells import jsonable
    from officedesk.services.visit import actions as visits
    from officedesk.services.visit.actions import SERIES

    session = importing.session
    values = row.values
    state = str(values.get("state") or "planned")
    steps = _STEPS.get(state)
    if steps is None:
        raise InvalidInput("input.choice", field="state", choices=list(_STEPS))
    data = given(values, _CREATE_FIELDS)
    dept_id = dept_exact(session, values.get("host_dept"))
    if dept_id is not None:
        data["dept"] = dept_id
    host = person_exact(session, values.get("host"), dept_id)
    if host is not None:
        data["host"] = host
    created = moment(values.get("created_at"), "created_at")
    later = moment(values.get("updated_at"), "updated_at") or created
    with at_moment(session, created, values.get("created_by")):
        if values.get("code"):
            check_next(session, str(values["code"]), SERIES)
        made = visits.create_visit(session, data)
    with at_moment(session, later, None):
        if values.get("cost") and state != "settled":
            visits.update_visit(session, made.id, {"cost": values["cost"]})
        for step in steps:
            _step(session, made.id, step, values, later)
    final = jsonable(visits.get_visit(session, made.id).model_dump())
    check_replayed(made.code, values, final, _COMPARED)
    return made.code


def _step(
    session: Any, visit_id: int, step: str, values: dict[str, Any], at: datetime | None
) -> None:
    from officedesk.services.visit import actions as visits

    if step == "confirm":
        waiver = values.get("letter_waiver") or None
        visits.confirm_visit(session, visit_id, waiver=waiver)
    elif step == "done":
        visits.complete_visit(session, visit_id)
    elif step == "settle":
        settled = values.get("settled_on")
        when = _on_day(at, settled)
        with at_moment(session, when, None):
            visits.settle_visit(session, visit_id, values.get("cost"), values.get("papers"))
    elif step == "cancel":
        visits.cancel_visit(session, visit_id, str(values.get("cancel_reason") or ""))


def _on_day(at: datetime | None, day: Any) -> datetime | None:
    """The moment of a step the file gives only the day of: the last change when it fell on
    that day, else noon of that day on the office's clock."""
    from datetime import date, time

    from officedesk.services.moments import local_day, local_moment

    if not day:
        return at
    wanted = date.fromisoformat(str(day))
    if at is not None and local_day(at) == wanted:
        return at
    return local_moment(wanted, time(12, 0))
