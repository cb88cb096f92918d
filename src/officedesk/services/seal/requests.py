"""Use requests (用印申请): the ask-approve-use path in front of the usage log. Kept apart from
services.seal.actions because a request is not yet a use: it has its own states and decisions, and
only when used does it become an entry, through services.seal.actions.append_entry."""

from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from officedesk.db import OfficeSession
from officedesk.errors import NotFound
from officedesk.models import Department
from officedesk.models.seal import (
    REQUEST_STATES,
    DecisionInput,
    RequestCreate,
    Seal,
    SealRequest,
    SealRequestRead,
    SealUseRead,
    UseCreate,
)
from officedesk.services.agenda import AgendaLine
from officedesk.services.common import Page, as_id, id_of
from officedesk.services.query import fetch_page, select_with_names, states_where
from officedesk.services.seal.actions import (
    append_entry,
    asked_values,
    ensure_usable,
    requester_and_dept,
    resolve_seal,
    to_moment,
    use_values,
)
from officedesk.services.seal.states import OPEN_REQUEST_STATES, REQUEST_MACHINE
from officedesk.services.shared_records import table_of
from officedesk.services.validation import validate

TODAY_LIMIT = 50


@cache
def _request_query() -> Any:
    links = {"seal_name": (Seal, "seal_id"), "dept_name": (Department, "dept_id")}
    return select_with_names(SealRequest, links)


def _request_read(row: Any) -> SealRequestRead:
    values = {
        name: getattr(row, name)
        for name in SealRequestRead.model_fields
        if name not in ("seal", "dept")
    }
    return SealRequestRead.model_validate({**values, "seal": row.seal_name, "dept": row.dept_name})


def _requests_filtered(
    session: OfficeSession,
    stmt: Any,
    states: Sequence[str] | None,
    seal: str | None,
    seal_id: int | None,
) -> Any:
    requests = table_of(SealRequest)
    if states:
        stmt = states_where(stmt, requests.c.state, states, REQUEST_STATES)
    if seal:
        seal_id = resolve_seal(session, seal).id
    if seal_id is not None:
        stmt = stmt.where(requests.c.seal_id == seal_id)
    return stmt


def list_requests(
    session: OfficeSession,
    *,
    states: Sequence[str] | None = OPEN_REQUEST_STATES,
    seal: str | None = None,
    seal_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """Requests, oldest first: the order they are dealt with."""
    requests = table_of(SealRequest)
    stmt = _requests_filtered(session, _request_query(), states, seal, seal_id)
    stmt = stmt.order_by(requests.c.requested_at, requests.c.id)
    return fetch_page(session, stmt, limit=limit, offset=offset, read=_request_read)


def _resolve_request(session: OfficeSession, ref: str | int) -> SealRequest:
    record_id = as_id(ref)
    found = session.get(SealRequest, record_id) if record_id is not None else None
    if found is None:
        raise NotFound("seal_request.not_found", ref=str(ref))
    return found


def read_request(session: OfficeSession, request_id: int) -> SealRequestRead:
    requests = table_of(SealRequest)
    return _request_read(session.execute(_request_query().where(requests.c.id == request_id)).one())


def get_request(session: OfficeSession, ref: str | int) -> SealRequestRead:
    return read_request(session, id_of(_resolve_request(session, ref)))


def request_use(
    session: OfficeSession, seal_ref: str | int, data: dict[str, Any]
) -> SealRequestRead:
    """Ask to use an active seal; the request waits for a leader's approval."""
    seal = resolve_seal(session, seal_ref)
    ensure_usable(seal)
    form = validate(RequestCreate, data)
    person, dept = requester_and_dept(session, form.requester, form.dept)
    env = session.env
    request = SealRequest(
        **asked_values(seal, person, dept, form),
        state="requested",
        requested_at=env.now(),
        requested_by=env.operator,
    )
    session.add(request)
    session.flush()
    return read_request(session, id_of(request))


def decide_request(
    session: OfficeSession, ref: str | int, *, approve: bool, approver: str, note: str = ""
) -> SealRequestRead:
    """Approve or refuse a pending request; `approver` is the leader who decided."""
    request = _resolve_request(session, ref)
    target = REQUEST_MACHINE.ensure(request, "approve" if approve else "refuse", id=request.id)
    form = validate(DecisionInput, {"approver": approver, "note": note})
    env = session.env
    request.state = target
    request.approver = form.approver
    request.decision_note = form.note
    request.decided_at = env.now()
    request.decided_by = env.operator
    session.flush()
    return read_request(session, id_of(request))


def use_request(
    session: OfficeSession,
    ref: str | int,
    *,
    used_at: datetime | date | str | None = None,
    note: str = "",
) -> SealUseRead:
    """Log the use an approved request asked for: its seal, document, copies and approver."""
    request = _resolve_request(session, ref)
    target = REQUEST_MACHINE.ensure(request, "use", id=request.id)
    seal = session.get(Seal, request.seal_id)
    assert seal is not None
    ensure_usable(seal)
    form = validate(UseCreate, {**use_values(request), "note": note})
    entry = append_entry(session, seal, form, to_moment(session, used_at))
    request.state = target
    request.use_id = entry.id
    session.flush()
    return entry


def today_lines(session: OfficeSession) -> list[AgendaLine]:
    """Use requests waiting for a decision, oldest first (section "seal_requests"); a line
    opens its seal."""
    from officedesk.services.agenda import phrase

    pending = list_requests(session, states=("requested",), limit=TODAY_LIMIT).items
    return [
        AgendaLine(
            section="seal_requests",
            kind="seal",
            ref_id=request.seal_id,
            code=f"#{request.id}",
            title=request.doc_title,
            detail=(
                phrase(
                    "seal.request_line",
                    seal=request.seal,
                    requester=request.requester,
                    dept=request.dept or "",
                    copies=request.copies,
                ),
            ),
            when=request.requested_at,
        )
        for request in pending
    ]
