"""Voided numbers of the gap-free series (SW-, DB-, JD-): written when undo takes back the
registration that took one, read when someone asks for the number again."""

from typing import Any

from sqlmodel import select

from officedesk.db import OfficeSession
from officedesk.errors import NotFound
from officedesk.models import NumberVoid
from officedesk.models.base import Numbered
from officedesk.text import local_time

# Why a number no record holds was voided (label group void_cause).
VOID_CAUSES = ("undo",)


def void_number(
    session: OfficeSession, record: Any, numbered: Numbered, entry: Any, *, cause: str
) -> str:
    """Keep the record's number as voided, for good; returns the number as the office wrote it."""
    from officedesk.journal import ensure_operation_id

    code = str(getattr(record, numbered.code))
    env = session.env
    session.add(
        NumberVoid(
            series=numbered.series,
            year=getattr(record, numbered.year),
            seq=getattr(record, numbered.seq),
            code=code,
            entity=entry.entity,
            entity_id=entry.entity_id,
            cause=cause,
            voided_by=env.operator,
            voided_at=env.now(),
            operation_id=ensure_operation_id(session),
        )
    )
    return code


def find_void(session: OfficeSession, code: str) -> NumberVoid | None:
    text = code.strip().upper()
    return session.exec(select(NumberVoid).where(NumberVoid.code == text)).first()


def void_reason(void: NumberVoid) -> dict[str, Any]:
    """A void's reason as a message's values: the reason given, or else its cause's code,
    worded (as a label) by the front end."""
    if void.reason:
        return {"reason": void.reason}
    return {"reason": void.cause, "labels": {"reason": "void_cause"}}


def raise_if_voided(session: OfficeSession, ref: str) -> None:
    """A code nothing holds any more says it was voided, and why, instead of 'not found'."""
    void = find_void(session, ref)
    if void is not None:
        raise NotFound(
            "number.voided",
            code=void.code,
            **void_reason(void),
            by=void.voided_by,
            at=local_time(void.voided_at),
        )
