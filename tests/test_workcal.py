"""Tests for the working-day calendar, pinned to chinese_calendar 1.11.0's 2026 data."""

import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from officedesk import statutory
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


def test_add_workdays_into_2027_skips_new_years_day() -> None:
    result = CAL.add_workdays(date(2026, 12, 28), 5)
    # Dec 29, 30, 31, then 2027-01-01 (元旦, fixed by law) is skipped: Monday Jan 4 and Jan 5.
    assert result == date(2027, 1, 5)
    assert CAL.is_estimated(result) and not CAL.weekdays_only(result)
    assert not CAL.is_estimated(date(2026, 12, 31))
    assert CAL.estimated_years(date(2026, 12, 28), result) == [2027]


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2027, 1, 1), "New Year's Day"),  # a Friday
        (date(2027, 2, 5), "Spring Festival"),  # 除夕, a Friday
        (date(2027, 2, 8), "Spring Festival"),  # 初三
        (date(2027, 2, 9), "Spring Festival"),  # 补假 for 初一 on Saturday
        (date(2027, 2, 10), "Spring Festival"),  # 补假 for 初二 on Sunday
        (date(2027, 4, 5), "Tomb-sweeping Day"),  # 清明, a Monday
        (date(2027, 5, 3), "Labour Day"),  # 补假 for May 1, a Saturday
        (date(2027, 5, 4), "Labour Day"),
        (date(2027, 6, 9), "Dragon Boat Festival"),  # 五月初五
        (date(2027, 9, 15), "Mid-autumn Festival"),  # 八月十五
        (date(2027, 10, 1), "National Day"),
        (date(2027, 10, 5), "National Day"),  # 补假 for October 3, a Sunday
    ],
)
def test_a_year_the_library_lacks_keeps_the_holidays_fixed_by_law(day: date, name: str) -> None:
    assert CAL.day_kind(day) is DayKind.HOLIDAY
    assert CAL.holiday_name(day) == name
    assert CAL.is_estimated(day) and not CAL.weekdays_only(day)


def test_mid_autumn_on_national_day_is_given_back() -> None:
    assert CAL.holiday_name(date(2028, 10, 3)) == "Mid-autumn Festival"  # 八月十五 on October 3
    # October 1 is a Sunday and October 3 went to 中秋: two 国庆 days come back.
    assert CAL.holiday_name(date(2028, 10, 4)) == "National Day"
    assert CAL.holiday_name(date(2028, 10, 5)) == "National Day"
    assert CAL.day_kind(date(2028, 10, 6)) is DayKind.WORKDAY


def test_only_the_law_is_assumed_for_2027() -> None:
    assert CAL.day_kind(date(2027, 2, 11)) is DayKind.WORKDAY  # after the 补假: no 调休 invented
    assert CAL.day_kind(date(2027, 2, 13)) is DayKind.WEEKEND
    assert CAL.day_kind(date(2027, 10, 6)) is DayKind.WORKDAY
    # 261 weekdays less the 13 that the law's days and their 补假 take: as many as 2026 has.
    assert CAL.workdays_between(date(2026, 12, 31), date(2027, 12, 31)) == 248


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_law_table_agrees_with_the_published_schedules(year: int) -> None:
    """The law's days of the years chinese_calendar knows are days off there, with the same
    names: the lunar and solar-term dates of the table are checked where they can be."""
    law = statutory.holidays(year)
    assert law is not None
    for day, name in law.items():
        if day.weekday() < 5 and CAL.day_kind(day) is not DayKind.HOLIDAY:
            continue  # a 补假 the State Council put elsewhere
        assert CAL.day_kind(day) is DayKind.HOLIDAY, day
        assert CAL.holiday_name(day) in (name, None), day
    for day, _ in statutory._law_days(year):
        assert CAL.day_kind(day) is DayKind.HOLIDAY, day


def test_every_year_of_the_law_table_is_plausible() -> None:
    for year in range(statutory.FIRST_YEAR, statutory.LAST_YEAR + 1):
        days = statutory.holidays(year)
        assert days is not None
        by_name: dict[str, list[date]] = {}
        for day, name in days.items():
            by_name.setdefault(name, []).append(day)
        spring = min(by_name["Spring Festival"])  # 除夕
        assert date(year, 1, 20) <= spring <= date(year, 2, 19)
        assert min(by_name["Tomb-sweeping Day"]) in (date(year, 4, 4), date(year, 4, 5))
        assert date(year, 5, 26) <= min(by_name["Dragon Boat Festival"]) <= date(year, 6, 25)
        assert date(year, 9, 7) <= min(by_name["Mid-autumn Festival"]) <= date(year, 10, 8)
        assert all(day.year == year for day in days)
        # 13 days by law; each one on a weekend or on another holiday comes back on a weekday.
        assert sum(day.weekday() < 5 for day in days) == 13


def test_years_beyond_the_law_table_use_monday_to_friday() -> None:
    beyond = statutory.LAST_YEAR + 1
    for day in (date(beyond, 1, 2), date(beyond, 10, 2), date(2003, 10, 1)):
        assert day.weekday() < 5
        assert CAL.day_kind(day) is DayKind.WORKDAY
        assert CAL.is_estimated(day) and CAL.weekdays_only(day)
        assert CAL.holiday_name(day) is None
    assert not CAL.weekdays_only(date(2026, 10, 1))


def test_whole_unknown_year_never_raises() -> None:
    for year in (2027, statutory.LAST_YEAR + 1):
        day = date(year, 1, 1)
        while day.year == year:
            CAL.day_kind(day)
            CAL.holiday_name(day)
            day += timedelta(days=1)


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
