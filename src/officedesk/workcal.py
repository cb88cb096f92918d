"""Official Chinese working-day calendar: chinese_calendar data, overrides, the holidays fixed by
law for years the library lacks, and a Mon–Fri fallback beyond them."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any

from officedesk import statutory
from officedesk.errors import InvalidInput

_ONE_DAY = timedelta(days=1)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_OVERRIDE_KEYS = frozenset({"holidays", "workdays"})


class DayKind(StrEnum):
    """What a day is for an office; MAKEUP (调休上班) is a weekend day that is worked."""

    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKEUP = "makeup"


@dataclass(frozen=True)
class YearOverride:
    """One year's official schedule from the user's config.

    The State Council publishes next year's schedule each autumn, long before a new
    chinese_calendar release ships it, so users must be able to type it in themselves.
    """

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()


@cache
def _year_supported(year: int) -> bool:
    """Probe once per year: chinese_calendar raises NotImplementedError outside its data range."""
    import chinese_calendar  # lazy: ~10 ms, and most CLI commands never need it

    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=8192)
def _official_day(d: date) -> tuple[bool, str | None]:
    """(is_workday, holiday name) from chinese_calendar; only call for supported years.

    The library's data is static, so one process-wide cache serves every WorkCalendar.
    """
    import chinese_calendar

    workday = bool(chinese_calendar.is_workday(d))
    _, name = chinese_calendar.get_holiday_detail(d)
    return workday, name


class WorkCalendar:
    """Answers "is this a working day?" without ever raising for years the library lacks.

    Precedence: a user override for the year, then chinese_calendar, then the holidays the law
    fixes (statutory.py: the State Council's 调休 not known yet, so the year is flagged by
    is_estimated), then beyond that table a Mon–Fri estimate (flagged too, and by
    weekdays_only so the UI can say the holidays themselves are missing).
    """

    def __init__(self, overrides: Mapping[int, YearOverride] | None = None) -> None:
        self._overrides: dict[int, YearOverride] = dict(overrides or {})
        self._kinds: dict[date, DayKind] = {}
        self._between: dict[tuple[date, date], int] = {}

    def day_kind(self, d: date) -> DayKind:
        """Cached because workday arithmetic asks about the same dates over and over."""
        kind = self._kinds.get(d)
        if kind is None:
            kind = self._compute_kind(d)
            self._kinds[d] = kind
        return kind

    def _compute_kind(self, d: date) -> DayKind:
        weekend = d.weekday() >= 5
        override = self._overrides.get(d.year)
        if override is not None:
            if d in override.workdays:
                return DayKind.MAKEUP if weekend else DayKind.WORKDAY
            if d in override.holidays:
                return DayKind.HOLIDAY
        elif _year_supported(d.year):
            workday, name = _official_day(d)
            if workday:
                return DayKind.MAKEUP if weekend else DayKind.WORKDAY
            # A weekend day inside a holiday block carries the holiday's name.
            return DayKind.HOLIDAY if (not weekend or name) else DayKind.WEEKEND
        else:
            law = statutory.holidays(d.year)
            if law is not None and d in law:
                return DayKind.HOLIDAY
        return DayKind.WEEKEND if weekend else DayKind.WORKDAY

    def is_workday(self, d: date) -> bool:
        """True for ordinary working days and make-up (调休) weekend working days."""
        kind = self.day_kind(d)
        return kind is DayKind.WORKDAY or kind is DayKind.MAKEUP

    def holiday_name(self, d: date) -> str | None:
        """chinese_calendar's name, or the law's for a year it lacks; an override gives None."""
        if self.day_kind(d) is not DayKind.HOLIDAY or d.year in self._overrides:
            return None
        if not _year_supported(d.year):
            return (statutory.holidays(d.year) or {}).get(d)
        return _official_day(d)[1]

    def is_estimated(self, d: date) -> bool:
        """Lets callers warn that this year's official arrangement is not known: its 调休 are
        missing (and, beyond the law's table, its holidays too)."""
        return d.year not in self._overrides and not _year_supported(d.year)

    def weekdays_only(self, d: date) -> bool:
        """An estimated year the law's table does not reach either: Monday–Friday assumed."""
        return self.is_estimated(d) and not statutory.knows(d.year)

    def workday_on_or_after(self, d: date) -> date:
        """The day itself if one works on it, else the next working day: a time limit counted
        in calendar days that ends on a weekend or a holiday ends on the next working day."""
        while not self.is_workday(d):
            d += _ONE_DAY
        return d

    def add_workdays(self, start: date, n: int) -> date:
        """Step day by day: spans are short (weeks to a year) and lookups are cached."""
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        remaining = abs(n)
        d = start
        while remaining:
            d += step
            if self.is_workday(d):
                remaining -= 1
        return d

    def workdays_between(self, start: date, end: date) -> int:
        """Half-open (start, end] so "due in N working days" is workdays_between(today, due).

        Reversed arguments give the negated count, which reads naturally as "N days overdue".
        """
        if end == start:
            return 0
        # Cached: a list or a bulk write asks it for thousands of items due on a few dozen days.
        found = self._between.get((start, end))
        if found is None:
            found = self._between[(start, end)] = self._count_between(start, end)
        return found

    def _count_between(self, start: date, end: date) -> int:
        sign = 1
        if end < start:
            start, end, sign = end, start, -1
        count = 0
        d = start
        while d < end:
            d += _ONE_DAY
            if self.is_workday(d):
                count += 1
        return sign * count

    def estimated_years(self, start: date, end: date) -> list[int]:
        """Years in the span that fall back to Mon–Fri, so the UI can show one visible warning."""
        lo, hi = sorted((start.year, end.year))
        return [y for y in range(lo, hi + 1) if y not in self._overrides and not _year_supported(y)]


def _parse_override_date(year_key: str, year: int, value: Any) -> date:
    """Accept ISO strings and TOML's native dates; reject datetimes and other years' dates."""
    if isinstance(value, date) and not isinstance(value, datetime):
        d = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            d = date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput("calendar.bad_override", year=year_key, value=str(value)) from None
    else:
        raise InvalidInput("calendar.bad_override", year=year_key, value=str(value))
    if d.year != year:
        raise InvalidInput("calendar.bad_override", year=year_key, value=str(value))
    return d


def parse_overrides(raw: Mapping[str, Any]) -> dict[int, YearOverride]:
    """Turn config data into overrides, failing loudly: a silently ignored typo misdates deadlines.

    Shape: ``{"2027": {"holidays": ["2027-01-01", ...], "workdays": ["2027-02-07"]}}``.
    A date listed as both holiday and workday is rejected rather than guessed at.
    """
    result: dict[int, YearOverride] = {}
    for key, entry in raw.items():
        year_key = str(key)
        if not re.fullmatch(r"[0-9]{4}", year_key.strip()):
            raise InvalidInput("calendar.bad_override", year=year_key, value=year_key)
        year = int(year_key)
        if not isinstance(entry, Mapping):
            raise InvalidInput("calendar.bad_override", year=year_key, value=str(entry))
        for field in entry:
            if field not in _OVERRIDE_KEYS:
                raise InvalidInput("calendar.bad_override", year=year_key, value=str(field))
        sets: dict[str, frozenset[date]] = {}
        for field in ("holidays", "workdays"):
            items = entry.get(field, [])
            if isinstance(items, (str, bytes)) or not isinstance(items, (list, tuple)):
                raise InvalidInput("calendar.bad_override", year=year_key, value=str(items))
            sets[field] = frozenset(_parse_override_date(year_key, year, v) for v in items)
        both = sets["holidays"] & sets["workdays"]
        if both:
            raise InvalidInput("calendar.bad_override", year=year_key, value=min(both).isoformat())
        result[year] = YearOverride(holidays=sets["holidays"], workdays=sets["workdays"])
    return result
