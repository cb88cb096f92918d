"""The daily, weekly and monthly reports (日报、周报、月报): a period, the one before it, and each
register's figures for both.

A register contributes figures by convention, not by a list kept here: a module
`officedesk.services.<register>.figures` (for a register whose services are a package) or
`officedesk.services.<register>_figures` (for one whose services are a module), found through
the registry's register names, answering `figures(session, start, end) -> list[Figure]` and
naming the label keys it gives in `FIGURES`. A register added later contributes by adding that
module.

Every figure is a count of one of the register's own lists, made with the very filter that list
uses (the register's ListQuery, through its `count_…`), and carries the CLI words that list it
(`Figure.argv`): `officedesk <argv> --json` gives as many records as the figure says. One rule,
two front ends: the report never counts with a query of its own.
"""

import importlib
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any, Protocol

from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput
from officedesk.services.common import to_date

PERIOD_KINDS = ("daily", "weekly", "monthly")


@dataclass(frozen=True)
class Figure:
    """One count of one register for one period: its label's message key, its value, and the
    CLI words (after `officedesk`, without --json) of the list it counts."""

    key: str
    value: int
    argv: tuple[str, ...]


class FigureSource(Protocol):
    """What a register's figures module is: the keys it gives, in order, and the counting."""

    FIGURES: Sequence[str]

    def figures(self, session: OfficeSession, start: date, end: date) -> list[Figure]: ...


@dataclass(frozen=True)
class FigureRow:
    """A figure for the period and for the one before it, with the lists that give each."""

    key: str
    value: int
    previous: int
    argv: tuple[str, ...]
    previous_argv: tuple[str, ...]

    @property
    def change(self) -> int:
        return self.value - self.previous


@dataclass(frozen=True)
class PeriodReport:
    """A report: its kind, the day it was asked for, both periods, the day the counts were taken
    (an overdue figure depends on it) and the rows in the registry's order."""

    kind: str
    day: date
    start: date
    end: date
    previous_start: date
    previous_end: date
    today: date
    rows: list[FigureRow]

    def as_dict(self) -> dict[str, Any]:
        """Plain data with stable keys for --json (dates become ISO strings on output)."""
        return {
            "kind": self.kind,
            "date": self.day,
            "period": {"start": self.start, "end": self.end},
            "previous_period": {"start": self.previous_start, "end": self.previous_end},
            "as_of": self.today,
            "figures": [
                {
                    "key": row.key,
                    "value": row.value,
                    "previous": row.previous,
                    "change": row.change,
                    "argv": list(row.argv),
                    "previous_argv": list(row.previous_argv),
                }
                for row in self.rows
            ],
        }


def period(kind: str, day: date) -> tuple[date, date]:
    """The period of `kind` holding `day`, first and last day included: the day itself; Monday
    to Sunday of its ISO week; or its calendar month."""
    if kind == "daily":
        return day, day
    if kind == "weekly":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if kind == "monthly":
        first = day.replace(day=1)
        following = (first + timedelta(days=31)).replace(day=1)
        return first, following - timedelta(days=1)
    raise InvalidInput("input.choice", field="kind", choices=list(PERIOD_KINDS))


def previous_period(kind: str, day: date) -> tuple[date, date]:
    """The period of the same kind just before the one holding `day` (the day before, the week
    before, the calendar month before: October for any day of November)."""
    start, _end = period(kind, day)
    return period(kind, start - timedelta(days=1))


def figure_module_names() -> list[str]:
    """The figures modules there are, in the registry's order of registers."""
    return list(_figure_module_names())


@cache
def _figure_module_names() -> tuple[str, ...]:
    from officedesk.registry import REGISTERS

    found = []
    for spec in REGISTERS:
        base = f"officedesk.services.{spec.name}"
        services = importlib.util.find_spec(base)
        if services is not None and services.submodule_search_locations is not None:
            name = f"{base}.figures"
        else:
            name = f"{base}_figures"
        # find_spec answers None for a missing module without importing it; a module that is
        # there but fails to import fails the report loudly, as a bug should.
        if importlib.util.find_spec(name) is not None:
            found.append(name)
    return tuple(found)


def figure_sources() -> list[FigureSource]:
    return [importlib.import_module(name) for name in figure_module_names()]


def period_figures(session: OfficeSession, start: date, end: date) -> list[Figure]:
    """Every register's figures for the days from `start` to `end`, both included."""
    figures: list[Figure] = []
    for source in figure_sources():
        given = source.figures(session, start, end)
        if [figure.key for figure in given] != list(source.FIGURES):
            # The report pairs this period's figures with the previous period's by key.
            raise AssertionError(f"{source!r} gave {given!r}, not its FIGURES")
        figures.extend(given)
    return figures


def period_report(session: OfficeSession, kind: str, day: date | str | None = None) -> PeriodReport:
    """The report of `kind` for the period holding `day` (any date word; default today), with
    the previous period's figures beside this one's."""
    if kind not in PERIOD_KINDS:
        raise InvalidInput("input.choice", field="kind", choices=list(PERIOD_KINDS))
    on = to_date(session, day) or session.env.today
    start, end = period(kind, on)
    before_start, before_end = previous_period(kind, on)
    now = period_figures(session, start, end)
    before = period_figures(session, before_start, before_end)
    rows = [
        FigureRow(this.key, this.value, last.value, this.argv, last.argv)
        for this, last in zip(now, before, strict=True)
    ]
    return PeriodReport(kind, on, start, end, before_start, before_end, session.env.today, rows)


def day_words(flag_since: str, flag_until: str, start: date, end: date) -> tuple[str, ...]:
    """A list's day-range options as the CLI takes them: `--since 2026-11-01 --until …`."""
    return (flag_since, start.isoformat(), flag_until, end.isoformat())
