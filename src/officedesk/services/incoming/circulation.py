"""Circulation (传阅) of an incoming document's copy: who has it now, who has read it and when,
and a reminder to everyone who has not."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from officedesk.models import Person
from officedesk.models.incoming import (
    Incoming,
    IncomingCirculation,
)
from officedesk.models.schema_base import OptionalNote
from officedesk.services import log_text
from officedesk.services.common import id_of
from officedesk.services.incoming.entry import log_incoming, to_moment
from officedesk.services.incoming.query import read_incoming, resolve_incoming
from officedesk.services.incoming.schemas import IncomingRead
from officedesk.services.incoming.states import CIRCULATING_STATES, INCOMING_MACHINE
from officedesk.services.lookup import resolve_person
from officedesk.services.moments import refuse_future
from officedesk.services.validation import validate


def _rows(session: OfficeSession, doc: Incoming) -> list[IncomingCirculation]:
    stmt = (
        select(IncomingCirculation)
        .where(col(IncomingCirculation.incoming_id) == doc.id)
        .order_by(col(IncomingCirculation.seq))
    )
    return list(session.exec(stmt))


def _ensure_circulating(doc: Incoming) -> None:
    if doc.state not in CIRCULATING_STATES:
        # Say in which states it can, in the machine's order.
        raise IllegalTransition(
            "incoming.not_circulating",
            labels={
                "state": INCOMING_MACHINE.state_labels,
                "states": INCOMING_MACHINE.state_labels,
            },
            state=doc.state,
            states=[state for state in INCOMING_MACHINE.states if state in CIRCULATING_STATES],
            code=doc.code,
        )


def _hand_on(session: OfficeSession, rows: list[IncomingCirculation]) -> None:
    """Nobody holds the copy: it goes to the next reader in order who has not read it."""
    if any(row.handed_at is not None and row.read_at is None for row in rows):
        return
    following = next((r for r in rows if r.read_at is None and r.handed_at is None), None)
    if following is not None:
        following.handed_at = session.env.now()


def circulate_incoming(
    session: OfficeSession, ref: str | int, people: Sequence[str], note: str = ""
) -> IncomingRead:
    """传阅 to these people, in this order, after those already on the list."""
    form = validate(OptionalNote, {"text": note})
    doc = resolve_incoming(session, ref)
    _ensure_circulating(doc)
    wanted = [p for p in people if p and p.strip()]
    if not wanted:
        raise InvalidInput("input.required", field="readers")
    rows = _rows(session, doc)
    listed = {row.person_id for row in rows}
    readers: list[Person] = []
    for ref_text in wanted:
        person = resolve_person(session, ref_text)
        if id_of(person) in listed:
            raise Conflict("incoming.already_circulated", code=doc.code, name=person.name)
        listed.add(id_of(person))
        readers.append(person)
    env = session.env
    seq = max((row.seq for row in rows), default=0)
    for person in readers:
        seq += 1
        row = IncomingCirculation(
            incoming_id=id_of(doc),
            person_id=id_of(person),
            seq=seq,
            sent_at=env.now(),
            sent_by=env.operator,
        )
        session.add(row)
        rows.append(row)
    _hand_on(session, rows)
    names = log_text.names(p.name for p in readers)
    log_incoming(session, doc, "circulate", f"{names} {form.text}".strip())
    doc.updated_at = env.now()
    session.flush()
    return read_incoming(session, doc, with_detail=True)


def mark_read(
    session: OfficeSession, ref: str | int, person: str, at: datetime | str | None = None
) -> IncomingRead:
    """签阅: this reader has read it; if they held the copy it goes on to the next reader."""
    doc = resolve_incoming(session, ref)
    _ensure_circulating(doc)
    reader = resolve_person(session, person)
    rows = _rows(session, doc)
    row = next((r for r in rows if r.person_id == reader.id), None)
    if row is None:
        raise NotFound("incoming.not_circulated", code=doc.code, name=reader.name)
    if row.read_at is not None:
        raise Conflict("incoming.already_read", code=doc.code, name=reader.name)
    moment = to_moment(session, at)
    refuse_future(session, moment)
    row.read_at = moment
    if row.handed_at is None:
        row.handed_at = moment
    _hand_on(session, rows)
    log_incoming(session, doc, "read", reader.name)
    doc.updated_at = session.env.now()
    session.flush()
    return read_incoming(session, doc, with_detail=True)


@dataclass(frozen=True)
class Reminded:
    """A reminder's outcome: the document and who was reminded."""

    document: IncomingRead
    names: list[str]


def remind_readers(session: OfficeSession, ref: str | int, note: str = "") -> Reminded:
    """催阅: everyone on the list who has not read it yet."""
    form = validate(OptionalNote, {"text": note})
    doc = resolve_incoming(session, ref)
    _ensure_circulating(doc)
    rows = [row for row in _rows(session, doc) if row.read_at is None]
    if not rows:
        raise Conflict("incoming.all_read", code=doc.code)
    env = session.env
    people = {
        p.id: p.name
        for p in session.exec(select(Person).where(col(Person.id).in_([r.person_id for r in rows])))
    }
    for row in rows:
        row.reminders += 1
        row.reminded_at = env.now()
    names = [people[row.person_id] for row in rows]
    log_incoming(session, doc, "remind", f"{log_text.names(names)} {form.text}".strip())
    doc.updated_at = env.now()
    session.flush()
    return Reminded(read_incoming(session, doc, with_detail=True), names)
