"""Voided numbers of the gap-free series (SW-, DB-, JD-): written when undo takes back the
registration that took one, read when someone asks for the number again."""

from dataclasses import dataclass
from typing import Any

from sqlmodel import select

from officedesk.db import OfficeSession
from officedesk.errors import NotFound
from officedesk.models import NumberVoid
from officedesk.models.base import Numbered
from officedesk.text import local_time

# Why a number no record holds was voided (label group void_cause).
VOID_CAUSES = ("undo", "restore")


@dataclass(frozen=True)
class GivenNumber:
    """A number a record held in the database a restore replaced."""

    series: str
    year: int
    seq: int
    code: str
    entity: str
    entity_id: str
    cause: str = "restore"  # or the cause it was voided for already there ("undo")
    reason: str = ""


@dataclass(frozen=True)
class TakenBack:
    """Numbers of a series the replaced database had given past the restored counter."""

    series: str
    year: int
    first: int
    last: int
    voided: bool  # kept as voided (a register that voids); else they will be given again


def keep_given_numbers(
    session: OfficeSession,
    counters: dict[tuple[str, int], int],
    given: list[GivenNumber],
    *,
    voiding: set[str],
    skip: set[str],
) -> list[TakenBack]:
    """After a restore: a number the replaced database had given stays given. For the series of
    registers that void (`voiding`), the restored counter goes back up to where it was and each
    number past the backup's is voided, cause "restore"; the others (`skip` aside: the seal
    log, whose counter is its chain's) are reported, as their numbers will be given again."""
    from officedesk.journal import ensure_operation_id
    from officedesk.models import Counter

    env = session.env
    taken: list[TakenBack] = []
    for (series, year), before in sorted(counters.items()):
        if series in skip:
            continue
        row = session.get(Counter, (series, year))
        now = row.value if row is not None else 0
        if before <= now:
            continue
        voids = series in voiding
        taken.append(TakenBack(series, year, now + 1, before, voids))
        if not voids:
            continue
        if row is None:
            session.add(Counter(series=series, year=year, value=before))
        else:
            row.value = before
        for number in given:
            if (number.series, number.year) == (series, year) and number.seq > now:
                session.add(
                    NumberVoid(
                        series=series,
                        year=year,
                        seq=number.seq,
                        code=number.code,
                        entity=number.entity,
                        entity_id=number.entity_id,
                        cause=number.cause,
                        reason=number.reason,
                        voided_by=env.operator,
                        voided_at=env.now(),
                        operation_id=ensure_operation_id(session),
                    )
                )
    return taken


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
