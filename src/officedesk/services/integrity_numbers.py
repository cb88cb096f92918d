"""The numbering check: each number a series has given is held by one record or voided, and no
record holds a number the counter has not reached; the outgoing prefixes' report agrees.

Part of `officedesk db check` (services.integrity runs it as "numbers").
"""

from typing import Any

from sqlalchemy import select

from officedesk.db import OfficeSession
from officedesk.services.integrity_results import CheckResult


def numbered_tables() -> list[tuple[type, Any]]:
    """Every table whose rows hold a number of a counted series (models declare __numbered__)."""
    from officedesk.journal import mapped_classes

    found = []
    for cls in mapped_classes().values():
        numbered = getattr(cls, "__numbered__", None)
        if numbered is not None and numbered.series:
            found.append((cls, numbered))
    return sorted(found, key=lambda pair: pair[1].series)


def check_numbers(session: OfficeSession) -> CheckResult:
    from officedesk.models import Counter, NumberVoid

    result = CheckResult("numbers")
    counters: dict[str, dict[int, int]] = {}
    for counter in session.exec(select(Counter)).scalars():  # type: ignore[call-overload]
        counters.setdefault(counter.series, {})[counter.year] = counter.value
    for cls, numbered in numbered_tables():
        table = cls.__table__  # type: ignore[attr-defined]
        code_col, year_col, seq_col = (
            table.c[numbered.code],
            table.c[numbered.year],
            table.c[numbered.seq],
        )
        held: dict[int, dict[int, str]] = {}
        for code, year, seq in session.execute(select(code_col, year_col, seq_col)):
            held.setdefault(year, {})[seq] = code
        voided: dict[int, set[int]] = {}
        voids = select(NumberVoid.year, NumberVoid.seq).where(  # type: ignore[call-overload]
            NumberVoid.series == numbered.series
        )
        for year, seq in session.execute(voids):
            voided.setdefault(year, set()).add(seq)
        given = counters.get(numbered.series, {})
        for year in sorted({*held, *voided, *given}):
            _check_series(
                result,
                numbered.series,
                year,
                given.get(year, 0),
                held.get(year, {}),
                voided.get(year, set()),
            )
    _check_outgoing_numbers(session, result, counters)
    return result


def _check_series(
    result: CheckResult,
    series: str,
    year: int,
    counter: int,
    held: dict[int, str],
    voided: set[int],
) -> None:
    result.checked += counter
    beyond = sorted(seq for seq in {*held, *voided} if seq > counter)
    if beyond:
        # The next registration would be given a number a record already holds.
        result.add("check.numbers.behind", series=series, year=year, counter=counter, seq=beyond[0])
    both = sorted(set(held) & voided)
    for seq in both[:3]:
        result.add("check.numbers.held_and_voided", code=held[seq])
    missing = [seq for seq in range(1, counter + 1) if seq not in held and seq not in voided]
    if missing:
        result.add(
            "check.numbers.gap",
            series=series,
            year=year,
            n=len(missing),
            seqs=", ".join(str(s) for s in missing[:10]),
        )


def _check_outgoing_numbers(
    session: OfficeSession, result: CheckResult, counters: dict[str, dict[int, int]]
) -> None:
    from officedesk.services.outgoing.actions import SERIES_PREFIX
    from officedesk.services.outgoing.numbers import number_report

    years = sorted(
        {
            year
            for series, by_year in counters.items()
            if series.startswith(SERIES_PREFIX)
            for year in by_year
        }
    )
    for year in years:
        for prefix in number_report(session, year).prefixes:
            result.checked += len(prefix.entries)
            if len(prefix.entries) > prefix.issued:
                result.add(
                    "check.numbers.behind",
                    series=prefix.prefix,
                    year=year,
                    counter=prefix.issued,
                    seq=prefix.issued + 1,
                )
            gaps = [entry.number for entry in prefix.entries if entry.status == "gap"]
            if gaps:
                result.add(
                    "check.numbers.gap",
                    series=prefix.prefix,
                    year=year,
                    n=len(gaps),
                    seqs=", ".join(gaps[:10]),
                )
