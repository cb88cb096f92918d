"""The year's document numbers per prefix, for the yearly check that none went missing: a
report read over the register and the void log, which the daily work never needs."""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.models import Counter
from officedesk.models.outgoing import Outgoing, OutgoingVoid
from officedesk.notices import Notice
from officedesk.services.common import check_year
from officedesk.services.outgoing.actions import SERIES_PREFIX

NUMBER_STATUSES = ("used", "voided", "gap")


@dataclass(frozen=True)
class NumberEntry:
    """One number of a series: used by a document, voided, or a gap (given by the counter but
    held by nothing: someone deleted or rewrote a record outside the register)."""

    seq: int
    number: str
    status: str
    outgoing_id: int | None = None
    title: str = ""
    state: str = ""
    reason: str = ""
    voided_by: str = ""
    voided_at: Any = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "number": self.number,
            "status": self.status,
            "id": self.outgoing_id,
            "title": self.title,
            "state": self.state or None,
            "reason": self.reason or None,
            "voided_by": self.voided_by or None,
            "voided_at": self.voided_at.isoformat() if self.voided_at else None,
        }


@dataclass(frozen=True)
class PrefixNumbers:
    prefix: str
    issued: int
    entries: list[NumberEntry]

    def count(self, status: str) -> int:
        return sum(1 for entry in self.entries if entry.status == status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "prefix": self.prefix,
            "issued": self.issued,
            "used": self.count("used"),
            "voided": self.count("voided"),
            "gaps": [entry.number for entry in self.entries if entry.status == "gap"],
            "numbers": [entry.as_dict() for entry in self.entries],
        }


@dataclass(frozen=True)
class NumberReport:
    year: int
    prefixes: list[PrefixNumbers] = field(default_factory=list)

    @property
    def warnings(self) -> list[Notice]:
        return [
            Notice("outgoing.numbers.gap", {"number": entry.number})
            for series in self.prefixes
            for entry in series.entries
            if entry.status == "gap"
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "prefixes": [series.as_dict() for series in self.prefixes],
            "warnings": [notice.as_dict() for notice in self.warnings],
        }


def number_report(session: OfficeSession, year: int) -> NumberReport:
    """Every number of the year per prefix, 1 to the last one given: used, voided, or a gap."""
    from officedesk.services.docnumber import format_doc_number

    check_year(year)
    issued: dict[str, int] = {}
    counters = session.exec(
        select(Counter).where(Counter.year == year, col(Counter.series).startswith(SERIES_PREFIX))
    )
    for counter in counters:
        issued[counter.series[len(SERIES_PREFIX) :]] = counter.value
    used: dict[tuple[str, int], Any] = {}
    for doc in session.execute(
        sa_select(
            Outgoing.id,  # type: ignore[call-overload]
            Outgoing.number_prefix,
            Outgoing.number_seq,
            Outgoing.title,
            Outgoing.state,
        ).where(Outgoing.number_year == year)
    ):
        used[(doc.number_prefix, doc.number_seq)] = doc
    voided = {
        (v.number_prefix, v.number_seq): v
        for v in session.exec(select(OutgoingVoid).where(OutgoingVoid.number_year == year))
    }
    voided_ids = {v.outgoing_id for v in voided.values() if v.outgoing_id is not None}
    titles: dict[int | None, str] = (  # keyed as OutgoingVoid.outgoing_id, which may be None
        dict(
            session.execute(
                sa_select(col(Outgoing.id), col(Outgoing.title)).where(
                    col(Outgoing.id).in_(voided_ids)
                )
            ).all()
        )
        if voided_ids
        else {}
    )
    prefixes = sorted({*issued, *(p for p, _ in used), *(p for p, _ in voided)})
    report = NumberReport(year)
    for prefix in prefixes:
        last = max(
            [issued.get(prefix, 0)]
            + [seq for p, seq in used if p == prefix]
            + [seq for p, seq in voided if p == prefix]
        )
        if last == 0:  # a counter put back by undo: nothing was given
            continue
        entries = []
        for seq in range(1, last + 1):
            number = format_doc_number(prefix, year, seq)
            if (prefix, seq) in used:
                doc = used[(prefix, seq)]
                entries.append(NumberEntry(seq, number, "used", doc.id, doc.title, doc.state))
            elif (prefix, seq) in voided:
                void = voided[(prefix, seq)]
                entries.append(
                    NumberEntry(
                        seq,
                        number,
                        "voided",
                        void.outgoing_id,
                        titles.get(void.outgoing_id, ""),
                        reason=void.reason,
                        voided_by=void.voided_by,
                        voided_at=void.voided_at,
                    )
                )
            else:
                entries.append(NumberEntry(seq, number, "gap"))
        report.prefixes.append(PrefixNumbers(prefix, issued.get(prefix, 0), entries))
    return report
