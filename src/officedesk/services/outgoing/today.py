"""The outgoing register's lines on Today: documents reviewed (核稿) and waiting for a leader's
signature (签发), the step the office chases most."""

from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.models import Department, Person
from officedesk.models.outgoing import Outgoing
from officedesk.services.agenda import AgendaLine, Phrase, coded, stored

TODAY_LIMIT = 200
TO_SIGN_STATE = "reviewed"  # 已核稿, 待签发


def today_lines(session: OfficeSession) -> list[AgendaLine]:
    """Reviewed and not yet signed, oldest draft first; a line names the type, the drafting
    department and the signer when one is named."""
    rows = session.exec(
        select(Outgoing, Department.name, Person.name)
        .outerjoin(Department, col(Department.id) == Outgoing.drafting_dept_id)
        .outerjoin(Person, col(Person.id) == Outgoing.signer_id)
        .where(col(Outgoing.state) == TO_SIGN_STATE)
        .order_by(col(Outgoing.drafted_on), col(Outgoing.id))
        .limit(TODAY_LIMIT)
    ).all()
    lines = []
    for doc, dept, signer in rows:
        assert doc.id is not None
        detail: list[Phrase] = [coded("outgoing_type", doc.doc_type)]
        if dept:
            detail.append(stored(dept))
        if signer or doc.signer_name:  # a leader outside the directory is kept by name
            detail.append(stored(signer or doc.signer_name))
        if doc.urgency != "normal":
            detail.append(coded("urgency", doc.urgency))
        lines.append(
            AgendaLine(
                "outgoing_to_sign",
                "outgoing",
                doc.id,
                doc.number or f"#{doc.id}",
                doc.title,
                tuple(detail),
                doc.drafted_on,
            )
        )
    return lines
