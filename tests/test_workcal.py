"""Tests for the working-day calendar, pinned to chinese_calendar 1.11.0's 2026 data."""

import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from officedesk.errors import InvalidInput
from officedesk.workcal import DayKind, WorkCalendar, YearOverride, parse_overrides

CAL = WorkCalendar()
SRC = Path(__file__).resolve().parents[1] / "src"


# Facts observed from chinese_calendar 1.11.0 on this machine (2026 schedule).
@pytest.mark.parametrize(
    ("day", "kind", "name"),
    [
        (date(2026, 1, 1), DayKind.HOLIDAY, "New Year's Day"),
        (date(2026, 1, 3), DayKind.HOLIDAY, "New Year's Day"),  # Saturday inside the block
        (date(2026, 1, 4), DayKind.MAKEUP, None),  # Sunday worked
        (date(2026, 2, 14), DayKind.MAKEUP, None),  # Saturday worked before Spring Festival
        (date(2026, 2, 15), DayKind.HOLIDAY, "Spring Festival"),
        (date(2026, 2, 23), DayKind.HOLIDAY, "Spring Festival"),  # a Monday off
        (date(2026, 2, 28), DayKind.MAKEUP, None),
        (date(2026, 5, 9), DayKind.MAKEUP, None),
        (date(2026, 9, 20), DayKind.MAKEUP, None),  # Sunday worked for National Day
        (date(2026, 9, 25), DayKind.HOLIDAY, "Mid-autumn Festival"),
        (date(2026, 9, 30), DayKind.WORKDAY, None),
        (date(2026, 10, 1), DayKind.HOLIDAY, "National Day"),
        (date(2026, 10, 3), DayKind.HOLIDAY, "National Day"),  # Saturday inside the block
        (date(2026, 10, 7), DayKind.HOLIDAY, "National Day"),
        (date(2026, 10, 8), DayKind.WORKDAY, None),
        (date(2026, 10, 9), DayKind.WORKDAY, None),
        (date(2026, 10, 10), DayKind.MAKEUP, None),  # Saturday worked for National Day
        (date(2026, 10, 11), DayKind.WEEKEND, None),
        (date(2026, 11, 26), DayKind.WORKDAY, None),
        (date(2026, 11, 28), DayKind.WEEKEND, None),
    ],
)
def test_official_2026_days(day: date, kind: DayKind, name: str | None) -> None:
    assert CAL.day_kind(day) is kind
    assert CAL.holiday_name(day) == name
    assert CAL.is_workday(day) == (kind in (DayKind.WORKDAY, DayKind.MAKEUP))
    assert not CAL.is_estimated(day)


def test_national_day_2026_block() -> None:
    block = [date(2026, 10, 1) + timedelta(days=i) for i in range(7)]
    assert all(CAL.day_kind(d) is DayKind.HOLIDAY for d in block)
    assert CAL.workdays_between(date(2026, 9, 30), date(2026, 10, 7)) == 0


def test_day_kind_is_a_string_enum() -> None:
    assert DayKind.MAKEUP == "makeup"
    assert str(DayKind.HOLIDAY) == "holiday"


def test_2026_has_248_working_days() -> None:
    assert CAL.workdays_between(date(2025, 12, 31), date(2026, 12, 31)) == 248


def test_add_workdays_skips_national_day() -> None:
    start = date(2026, 9, 30)
    assert CAL.add_workdays(start, 1) == date(2026, 10, 8)
    assert CAL.add_workdays(start, 3) == date(2026, 10, 10)  # the make-up Saturday counts
    assert CAL.add_workdays(start, 5) == date(2026, 10, 13)
    assert CAL.add_workdays(date(2026, 10, 8), -1) == date(2026, 9, 30)
    assert CAL.add_workdays(date(2026, 10, 12), -3) == date(2026, 10, 8)


def test_add_workdays_zero_returns_start_even_on_a_holiday() -> None:
    assert CAL.add_workdays(date(2026, 10, 1), 0) == date(2026, 10, 1)


def test_add_workdays_into_unknown_year_falls_back_without_raising() -> None:
    result = CAL.add_workdays(date(2026, 12, 28), 5)
    # Dec 29, 30, 31, then 2027-01-01 (a Friday: estimated, so counted) and Monday Jan 4.
    assert result == date(2027, 1, 4)
    assert CAL.is_estimated(result)
    assert not CAL.is_estimated(date(2026, 12, 31))
    assert CAL.estimated_years(date(2026, 12, 28), result) == [2027]


def test_unknown_years_use_monday_to_friday() -> None:
    for day in (date(2027, 1, 1), date(2027, 10, 1), date(2003, 10, 1)):
        assert CAL.day_kind(day) is DayKind.WORKDAY  # Fri / Fri / Wed
        assert CAL.is_estimated(day)
        assert CAL.holiday_name(day) is None
    assert CAL.day_kind(date(2027, 2, 6)) is DayKind.WEEKEND
    assert CAL.day_kind(date(2027, 2, 7)) is DayKind.WEEKEND


def test_whole_unknown_year_never_raises() -> None:
    day = date(2027, 1, 1)
    while day.year == 2027:
        CAL.day_kind(day)
        CAL.holiday_name(day)
        day += timedelta(days=1)
    assert CAL.workdays_between(date(2026, 12, 31), date(2027, 12, 31)) == 261


def test_estimated_years_lists_only_fallback_years_in_either_order() -> None:
    assert CAL.estimated_years(date(2003, 6, 1), date(2005, 1, 1)) == [2003]
    assert CAL.estimated_years(date(2029, 1, 1), date(2026, 1, 1)) == [2027, 2028, 2029]
    assert CAL.estimated_years(date(2026, 1, 1), date(2026, 12, 31)) == []


def test_workdays_between_is_half_open_and_antisymmetric() -> None:
    today = date(2026, 11, 26)  # Thursday
    assert CAL.workdays_between(today, today) == 0
    assert CAL.workdays_between(today, date(2026, 11, 27)) == 1
    assert CAL.workdays_between(today, date(2026, 11, 29)) == 1  # weekend adds nothing
    assert CAL.workdays_between(today, date(2026, 11, 30)) == 2
    assert CAL.workdays_between(today, date(2026, 11, 25)) == -1  # overdue by one day
    assert CAL.workdays_between(date(2026, 11, 30), today) == -2
    assert CAL.workdays_between(today, date(2026, 12, 31)) == 25
    assert CAL.workdays_between(date(2026, 9, 30), date(2026, 10, 8)) == 1


def test_long_spans_are_fast() -> None:
    cal = WorkCalendar()
    start = date(2026, 1, 5)
    end = cal.add_workdays(start, 400)
    assert cal.workdays_between(start, end) == 400
    assert cal.add_workdays(end, -400) == start


def test_override_year_replaces_estimate() -> None:
    override = YearOverride(
        holidays=frozenset({date(2027, 1, 1), date(2027, 2, 6)}),
        workdays=frozenset({date(2027, 2, 7), date(2027, 2, 8)}),
    )
    cal = WorkCalendar({2027: override})
    assert cal.day_kind(date(2027, 1, 1)) is DayKind.HOLIDAY  # a Friday off
    assert cal.day_kind(date(2027, 2, 6)) is DayKind.HOLIDAY  # a Saturday listed as holiday
    assert cal.day_kind(date(2027, 2, 7)) is DayKind.MAKEUP  # a Sunday worked
    assert cal.day_kind(date(2027, 2, 8)) is DayKind.WORKDAY  # listed weekday stays WORKDAY
    assert cal.day_kind(date(2027, 2, 13)) is DayKind.WEEKEND  # unlisted: Mon–Fri rule
    assert cal.holiday_name(date(2027, 1, 1)) is None
    assert not cal.is_estimated(date(2027, 1, 1))
    assert cal.estimated_years(date(2026, 1, 1), date(2028, 1, 1)) == [2028]
    assert cal.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_override_takes_precedence_over_chinese_calendar() -> None:
    cal = WorkCalendar({2026: YearOverride(holidays=frozenset(), workdays=frozenset())})
    assert cal.day_kind(date(2026, 10, 1)) is DayKind.WORKDAY
    assert cal.day_kind(date(2026, 10, 10)) is DayKind.WEEKEND
    assert cal.holiday_name(date(2026, 10, 1)) is None
    assert not cal.is_estimated(date(2026, 10, 1))
    # The default calendar is unaffected: caches are per instance.
    assert CAL.day_kind(date(2026, 10, 1)) is DayKind.HOLIDAY


def test_workdays_win_when_a_day_is_in_both_sets() -> None:
    both = date(2027, 3, 6)
    cal = WorkCalendar({2027: YearOverride(holidays=frozenset({both}), workdays=frozenset({both}))})
    assert cal.day_kind(both) is DayKind.MAKEUP


def test_import_does_not_load_chinese_calendar() -> None:
    code = (
        "import sys, officedesk.workcal, officedesk.dates; "
        "assert 'chinese_calendar' not in sys.modules, 'eager import'"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


# --- parse_overrides -------------------------------------------------------------------------


def test_parse_overrides_valid() -> None:
    raw = {
        "2027": {"holidays": ["2027-01-01", " 2027-02-11 "], "workdays": ["2027-02-07"]},
        "2028": {"holidays": [date(2028, 1, 1)]},  # TOML parses bare dates to date objects
        "2029": {},
    }
    result = parse_overrides(raw)
    assert result == {
        2027: YearOverride(
            holidays=frozenset({date(2027, 1, 1), date(2027, 2, 11)}),
            workdays=frozenset({date(2027, 2, 7)}),
        ),
        2028: YearOverride(holidays=frozenset({date(2028, 1, 1)}), workdays=frozenset()),
        2029: YearOverride(holidays=frozenset(), workdays=frozenset()),
    }
    assert parse_overrides({}) == {}


@pytest.mark.parametrize(
    ("raw", "year", "value"),
    [
        ({"2027": {"holidays": ["2027/01/01"]}}, "2027", "2027/01/01"),
        ({"2027": {"holidays": ["2027-1-1"]}}, "2027", "2027-1-1"),
        ({"2027": {"holidays": ["20270101"]}}, "2027", "20270101"),
        ({"2027": {"holidays": ["2027-02-30"]}}, "2027", "2027-02-30"),
        ({"2027": {"workdays": ["2028-02-07"]}}, "2027", "2028-02-07"),
        ({"2027": {"workdays": [date(2028, 2, 7)]}}, "2027", "2028-02-07"),
        ({"2027": {"workdays": [datetime(2027, 2, 7, 9, 0)]}}, "2027", "2027-02-07 09:00:00"),
        ({"2027": {"holidays": [20270101]}}, "2027", "20270101"),
        ({"2027": {"holidays": "2027-01-01"}}, "2027", "2027-01-01"),
        ({"2027": {"holiday": ["2027-01-01"]}}, "2027", "holiday"),
        ({"2027": ["2027-01-01"]}, "2027", "['2027-01-01']"),
        ({"27": {}}, "27", "27"),
        ({"next": {}}, "next", "next"),
        (
            {"2027": {"holidays": ["2027-02-07"], "workdays": ["2027-02-07"]}},
            "2027",
            "2027-02-07",
        ),
    ],
)
def test_parse_overrides_rejects_malformed_entries(raw: dict, year: str, value: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_overrides(raw)
    assert info.value.key == "calendar.bad_override"
    assert info.value.params == {"year": year, "value": value}


# --- properties -------------------------------------------------------------------------------

DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 12, 31))


@settings(max_examples=150, deadline=None)
@given(start=DATES, n=st.integers(min_value=0, max_value=60))
def test_add_workdays_round_trips_with_workdays_between(start: date, n: int) -> None:
    result = CAL.add_workdays(start, n)
    assert result >= start
    if n > 0:
        assert CAL.is_workday(result)
    assert CAL.workdays_between(start, result) == n


@settings(max_examples=150, deadline=None)
@given(start=DATES, n=st.integers(min_value=1, max_value=60))
def test_add_workdays_backwards(start: date, n: int) -> None:
    result = CAL.add_workdays(start, -n)
    assert result < start
    assert CAL.is_workday(result)
    # (result, start] holds the n-1 working days strictly between, plus start if worked.
    assert CAL.workdays_between(result, start) == n - 1 + int(CAL.is_workday(start))
    assert CAL.workdays_between(start, result) == -CAL.workdays_between(result, start)
