"""Importing outgoing documents: each draft created through services.outgoing at the moment and
by the author the file gives, then taken through the official steps (审核, 签发 on its 成文日期,
复核, 登记, 印制 with its copies and 份号, 核发 on its day, 归档) to the row's state.

A document number is never invented: at 登记 the number the service gives must be the row's
(the next of its prefix and year), so a file whose numbers leave a gap (a voided number: the
export holds no void log) or repeat one is refused. Numbered documents are known by their
number, drafts by type, title and the day drafted."""

from datetime import date, datetime, time
from functools import partial
from typing import Any

from officedesk.errors import Conflict, InvalidInput
from officedesk.imports.read import Row
from officedesk.imports.rows import (
    Importing,
    at_moment,
    check_replayed,
    dept_exact,
    exported_items,
    first_seen,
    given,
    moment,
    person_exact,
)

OUTGOING_COLUMNS = {
    "id": "integer",
    "doc_type": "text",
    "title": "text",
    "body": "text",
    "state": "text",
    "number": "optional_text",
    "number_prefix": "optional_text",
    "number_year": "integer",
    "number_seq": "integer",
    "drafting_dept_id": "integer",
    "dept": "optional_text",
    "drafter_id": "integer",
    "drafter": "optional_text",
    "reviewer_id": "integer",
    "reviewer": "optional_text",
    "signer_id": "integer",
    "signer": "optional_text",
    "main_to": "json",
    "copy_to": "json",
    "secrecy": "text",
    "secrecy_years": "integer",
    "urgency": "text",
    "copies": "integer",
    "copy_serial_from": "integer",
    "copy_serial_to": "integer",
    "copy_numbers": "optional_text",
    "drafted_on": "optional_text",
    "doc_date": "optional_text",
    "doc_date_text": "optional_text",
    "dispatched_on": "optional_text",
    "created_by": "text",
    "created_at": "optional_text",
    "updated_at": "optional_text",
    "actions": "json",
    "warnings": "json",
    "log": "json",
    "voids": "json",
}
_CREATE_FIELDS = (
    "doc_type",
    "title",
    "body",
    "main_to",
    "copy_to",
    "secrecy",
    "secrecy_years",
    "urgency",
    "copies",
    "drafted_on",
)
_COMPARED = (
    "number",
    *_CREATE_FIELDS,
    "state",
    "number_prefix",
    "number_year",
    "number_seq",
    "dept",
    "drafter",
    "reviewer",
    "signer",
    "copy_serial_from",
    "copy_serial_to",
    "doc_date",
    "dispatched_on",
)
_STATES = ("draft", "reviewed", "signed", "checked", "registered", "printed", "dispatched", "filed")
# The step that leads into each state after the draft.
_STEP_INTO = dict(
    zip(
        _STATES[1:],
        ("review", "sign", "check", "register", "print", "dispatch", "file"),
        strict=True,
    )
)


def import_outgoing(importing: Importing, rows: list[Row]) -> None:
    session = importing.session
    existing = {_name(item): item for item in exported_items(session, "outgoing", "outgoing")}
    kept = first_seen(importing, rows, lambda row: _name(row.values))
    numbered = sorted(
        (row for row in kept if row.values.get("number")),
        key=lambda row: (
            row.values.get("number_year") or 0,
            str(row.values.get("number_prefix")),
            row.values.get("number_seq") or 0,
        ),
    )
    for row in [*numbered, *(row for row in kept if not row.values.get("number"))]:
        name = _name(row.values)
        if name in existing:
            importing.same_or_conflict(row, name, existing[name], _COMPARED)
            continue
        importing.attempt(row, partial(_create, importing, row))


def _name(values: dict[str, Any]) -> str:
    """A numbered document by its number; a draft by its type, title and the day drafted."""
    if values.get("number"):
        return str(values["number"])
    parts = (values.get("doc_type"), values.get("drafted_on"), values.get("title"))
    return " ".join(str(part or "") for part in parts)


def _create(importing: Importing, row: Row) -> str:
    """The draft created when the row says and taken along the steps to the row's state;
    refused (DomainError) when a service refuses a step or the result differs from the row."""
    from officedesk.export.cells import jsonable
    from officedesk.services.outgoing import actions as outgoing

    session = importing.session
    values = row.values
    state = str(values.get("state") or "draft")
    if state not in _STATES:
        raise InvalidInput("input.choice", field="state", choices=list(_STATES))
    if bool(values.get("number")) != (_STATES.index(state) >= _STATES.index("registered")):
        raise InvalidInput("import.number_state", ref=_name(values), state=state)
    data = given(values, _CREATE_FIELDS)
    dept_id = dept_exact(session, values.get("dept"))
    if dept_id is not None:
        data["dept"] = dept_id
    for role in ("drafter", "reviewer"):
        found = person_exact(session, values.get(role), dept_id if role == "drafter" else None)
        if found is not None:
            data[role] = found
    if values.get("signer"):
        data["signer"] = _signer(session, str(values["signer"]))
    created = moment(values.get("created_at"), "created_at")
    later = moment(values.get("updated_at"), "updated_at") or created
    with at_moment(session, created, values.get("created_by")):
        made = outgoing.create_outgoing(session, data)
    for target in _STATES[1 : _STATES.index(state) + 1]:
        step = _STEP_INTO[target]
        with at_moment(session, _when(step, values, later), None):
            _step(session, made.id, step, values)
    final = jsonable(outgoing.get_outgoing(session, made.id, with_log=False).model_dump())
    check_replayed(_name(values), values, final, _COMPARED)
    return _name(final)


def _signer(session: Any, name: str) -> str:
    """The signer as the directory knows them (one person of that exact name), else the name
    as written: a leader need not be in the directory."""
    from officedesk.errors import NotFound

    try:
        return str(person_exact(session, name))
    except NotFound:
        return name


def _when(step: str, values: dict[str, Any], later: datetime | None) -> datetime | None:
    """The moment of a step: the day the row gives for it (signed, dispatched), 登记 in the
    number's year; otherwise the document's last change."""
    from officedesk.services.moments import local_day, local_moment

    day = {"sign": values.get("doc_date"), "dispatch": values.get("dispatched_on")}.get(step)
    if step == "register" and values.get("number_year"):
        year = int(values["number_year"])
        if later is not None and local_day(later).year == year:
            return later
        signed = values.get("doc_date")
        if signed and date.fromisoformat(str(signed)).year == year:
            return local_moment(date.fromisoformat(str(signed)), time(12, 0))
        return local_moment(date(year, 12, 31), time(12, 0))
    if not day:
        return later
    wanted = date.fromisoformat(str(day))
    if later is not None and local_day(later) == wanted:
        return later
    return local_moment(wanted, time(12, 0))


def _step(session: Any, doc_id: int, step: str, values: dict[str, Any]) -> None:
    from officedesk.services.outgoing import actions as outgoing

    if step == "review":
        outgoing.review_outgoing(session, doc_id)
    elif step == "sign":
        outgoing.sign_outgoing(session, doc_id, on=values.get("doc_date"))
    elif step == "check":
        outgoing.check_outgoing(session, doc_id)
    elif step == "register":
        _check_number(session, values)
        outgoing.register_outgoing(session, doc_id)
    elif step == "print":
        first = values.get("copy_serial_from")
        outgoing.print_outgoing(session, doc_id, values.get("copies"), first)
    elif step == "dispatch":
        outgoing.dispatch_outgoing(session, doc_id, on=values.get("dispatched_on"))
    elif step == "file":
        outgoing.file_outgoing(session, doc_id)


def _check_number(session: Any, values: dict[str, Any]) -> None:
    """The number 登记 will give must be the row's: never a gap, never a number given already."""
    from officedesk.models import Counter
    from officedesk.services.docnumber import format_doc_number
    from officedesk.services.outgoing.actions import SERIES_PREFIX, number_prefix

    number, seq = str(values["number"]), int(values.get("number_seq") or 0)
    prefix, year = number_prefix(session, str(values.get("doc_type"))), session.env.today.year
    if values.get("number_prefix") != prefix or values.get("number_year") != year:
        raise InvalidInput("import.number_series", number=number, prefix=prefix, year=year)
    counter = session.get(Counter, (f"{SERIES_PREFIX}{prefix}", year))
    following = (counter.value if counter is not None else 0) + 1
    if seq != following:
        key = "import.gap" if seq > following else "import.number_used"
        raise Conflict(key, code=number, next=format_doc_number(prefix, year, following))
