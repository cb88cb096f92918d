"""The incoming register's lines on the Today screen and in `officedesk today`."""

from datetime import date, datetime

from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.models import Department
from officedesk.models.incoming import Incoming
from officedesk.services.agenda import AgendaLine, Phrase, coded, phrase, stored
from officedesk.services.incoming.rules import URGENT
from officedesk.services.incoming.states import OPEN_STATES, WAITING_STATES

TODAY_LIMIT = 200


def today_lines(session: OfficeSession) -> list[AgendaLine]:
    """Waiting for the director's proposal or a leader's instruction; urgent ones not done;
    past their due date and not done."""
    env = session.env
    lines: list[AgendaLine] = []
    waiting = session.exec(
        select(Incoming)
        .where(col(Incoming.state).in_(WAITING_STATES))
        .order_by(col(Incoming.received_at), col(Incoming.id))
        .limit(TODAY_LIMIT)
    )
    for doc in waiting:
        # No sender given: the kind of document (上级来文, 内部请示…) stands in for it.
        labels = {"state": "incoming_state"} | ({} if doc.sender else {"sender": "incoming_kind"})
        waiting_for = phrase(
            "incoming.today.waiting", labels, state=doc.state, sender=doc.sender or doc.kind
        )
        lines.append(_line("incoming_waiting", doc, [waiting_for], doc.received_at))
    urgent = session.exec(
        select(Incoming)
        .where(
            col(Incoming.urgency).in_(sorted(URGENT)), col(Incoming.state).in_(sorted(OPEN_STATES))
        )
        .order_by(col(Incoming.urgency), col(Incoming.received_at), col(Incoming.id))
        .limit(TODAY_LIMIT)
    )
    for doc in urgent:
        detail = [coded("urgency", doc.urgency), coded("incoming_state", doc.state)]
        if doc.due is not None:
            detail.append(phrase("incoming.today.due", due=doc.due.isoformat()))
        lines.append(_line("incoming_urgent", doc, detail, doc.due or doc.received_at))
    overdue = session.exec(
        select(Incoming)
        .where(
            col(Incoming.state).in_(OPEN_STATES),
            col(Incoming.due).is_not(None),
            col(Incoming.due) < env.today,
        )
        .order_by(col(Incoming.due), col(Incoming.id))
        .limit(TODAY_LIMIT)
    )
    docs = list(overdue)
    depts = _dept_names(session, {d.lead_dept_id for d in docs if d.lead_dept_id})
    for doc in docs:
        assert doc.due is not None
        days = -env.calendar.workdays_between(env.today, doc.due)
        detail = [phrase("incoming.today.overdue", n=days)]
        if doc.lead_dept_id:
            detail.insert(0, stored(depts.get(doc.lead_dept_id, "")))
        lines.append(_line("incoming_overdue", doc, detail, doc.due))
    return lines


def _dept_names(session: OfficeSession, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return dict(
        session.execute(
            select(Department.id, Department.name).where(col(Department.id).in_(wanted))
        ).all()
    )


def _line(
    section: str, doc: Incoming, detail: list[Phrase], when: date | datetime | None
) -> AgendaLine:
    assert doc.id is not None
    return AgendaLine(section, "incoming", doc.id, doc.code, doc.title, tuple(detail), when)
