"""A visit's named guests and its reception list (activities): the changes made to them while
the visit is open, keeping the visit's searchable names and head count in step. Importable
from services.visit.actions as well."""

from collections.abc import Iterable
from typing import Any

from officedesk.db import OfficeSession
from officedesk.errors import NotFound
from officedesk.models.visit import (
    ActivityCreate,
    GuestCreate,
    Visit,
    VisitActivity,
    VisitGuest,
    VisitRead,
)
from officedesk.services.common import as_id, id_of
from officedesk.services.validation import validate
from officedesk.services.visit.input import parse_guests, parse_money, visit_moment
from officedesk.services.visit.query import guest_rows, read_visit, resolve_visit
from officedesk.services.visit.states import ensure_open


def guest_names(guests: Iterable[Any]) -> str:
    """The named guests as one searchable line ("Name post; Name post"), from the form's dicts
    or the saved rows."""
    parts = []
    for guest in guests:
        name, post = (
            (guest["name"], guest["post"]) if isinstance(guest, dict) else (guest.name, guest.post)
        )
        parts.append(f"{name} {post}".strip())
    return "; ".join(parts)


def add_guest_rows(
    session: OfficeSession, visit: Visit, guests: list[dict[str, str]], *, after: int = 0
) -> None:
    """Name guests of a saved visit, in order, after the position given (0: from the top)."""
    visit_id = id_of(visit)
    for position, guest in enumerate(guests, start=after + 1):
        session.add(
            VisitGuest(visit_id=visit_id, position=position, name=guest["name"], post=guest["post"])
        )


def _after_guests(session: OfficeSession, visit: Visit, named_before: int) -> None:
    """Keep the searchable names and the head count in step with the named guests."""
    session.flush()
    rows = guest_rows(session, id_of(visit))
    visit.guest_names = guest_names(rows)
    if visit.guest_count == named_before:  # the count was the named guests': it follows them
        visit.guest_count = len(rows)
    else:
        visit.guest_count = max(visit.guest_count, len(rows))
    visit.updated_at = session.env.now()
    session.flush()


def add_guest(session: OfficeSession, ref: str | int, name: str, post: str = "") -> VisitRead:
    visit = resolve_visit(session, ref)
    ensure_open(visit)
    guest = validate(GuestCreate, {"name": name, "post": post}, labels={"name": "guests"})
    rows = guest_rows(session, id_of(visit))
    after = max((g.position for g in rows), default=0)
    add_guest_rows(session, visit, [guest.model_dump()], after=after)
    _after_guests(session, visit, len(rows))
    return read_visit(session, visit)


def remove_guest(session: OfficeSession, ref: str | int, guest_ref: str | int) -> VisitRead:
    """A guest by the id shown in `visit show`, or by exact name."""
    visit = resolve_visit(session, ref)
    ensure_open(visit)
    rows = guest_rows(session, id_of(visit))
    text = str(guest_ref).strip()
    digits = text.lstrip("#")
    found = [g for g in rows if as_id(digits) == g.id or g.name == text]
    if not found:
        raise NotFound("visit.guest_not_found", code=visit.code, guest=text)
    session.delete(found[0])
    _after_guests(session, visit, len(rows))
    return read_visit(session, visit)


def set_guests(session: OfficeSession, ref: str | int, guests: object) -> VisitRead:
    """Replace the named guests by a new list (the TUI's guests form)."""
    visit = resolve_visit(session, ref)
    ensure_open(visit)
    wanted = parse_guests(guests)
    rows = guest_rows(session, id_of(visit))
    current = [(g.name, g.post) for g in rows]
    if current == [(g["name"], g["post"]) for g in wanted]:
        return read_visit(session, visit)
    for row in rows:
        session.delete(row)
    session.flush()
    add_guest_rows(session, visit, wanted)
    _after_guests(session, visit, len(rows))
    return read_visit(session, visit)


def add_activity(session: OfficeSession, ref: str | int, data: dict[str, Any]) -> VisitRead:
    """One line of the reception list: time, place, what, cost (optional)."""
    visit = resolve_visit(session, ref)
    ensure_open(visit)
    data = dict(data)
    starts_raw = data.pop("starts_at", None)
    cost = parse_money(data.pop("cost", None), "cost")
    form = validate(ActivityCreate, data)
    arrival = visit.arrives_at.astimezone()
    starts = (
        visit_moment(session, starts_raw, "starts_at", arrival.time(), arrival.date())
        or visit.arrives_at
    )
    session.add(
        VisitActivity(
            visit_id=id_of(visit),
            starts_at=starts,
            place=form.place,
            activity=form.activity,
            cost_fen=cost,
        )
    )
    visit.updated_at = session.env.now()
    session.flush()
    return read_visit(session, visit)


def remove_activity(session: OfficeSession, ref: str | int, activity_id: str | int) -> VisitRead:
    visit = resolve_visit(session, ref)
    ensure_open(visit)
    record_id = as_id(activity_id)
    row = session.get(VisitActivity, record_id) if record_id is not None else None
    if row is None or row.visit_id != visit.id:
        raise NotFound("visit.activity_not_found", code=visit.code, ref=str(activity_id))
    session.delete(row)
    visit.updated_at = session.env.now()
    session.flush()
    return read_visit(session, visit)
