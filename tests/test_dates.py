"""Tests for parse_date, anchored on Thursday 2026-11-26 and the real 2026 holiday schedule."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from officedesk.dates import EXAMPLES, parse_date
from officedesk.errors import InvalidInput
from officedesk.workcal import WorkCalendar, YearOverride

TODAY = date(2026, 11, 26)  # a Thursday
CAL = WorkCalendar()


def parse(text: str, today: date = TODAY, calendar: WorkCalendar = CAL) -> date:
    return parse_date(text, today=today, calendar=calendar)


def test_today_is_a_thursday() -> None:
    assert TODAY.isoweekday() == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # absolute
        ("2026-12-01", date(2026, 12, 1)),
        ("2026/12/01", date(2026, 12, 1)),
        ("2026.12.01", date(2026, 12, 1)),
        ("20261201", date(2026, 12, 1)),
        ("2026-12-1", date(2026, 12, 1)),
        ("2027-02-28", date(2027, 2, 28)),
        ("12-01", date(2026, 12, 1)),
        ("12/1", date(2026, 12, 1)),
        ("1/5", date(2026, 1, 5)),  # "this year" even when already past
        ("2026年12月1日", date(2026, 12, 1)),
        ("2027年1月5日", date(2027, 1, 5)),
        ("12月1日", date(2026, 12, 1)),
        ("12月1号", date(2026, 12, 1)),
        ("十二月一日", date(2026, 12, 1)),
        ("１２月１日", date(2026, 12, 1)),  # full-width digits from a Chinese IME
        # day words
        ("today", TODAY),
        ("tod", TODAY),
        ("TODAY", TODAY),
        ("  Tomorrow \n", date(2026, 11, 27)),
        ("tomorrow", date(2026, 11, 27)),
        ("tom", date(2026, 11, 27)),
        ("yesterday", date(2026, 11, 25)),
        ("今天", TODAY),
        ("今日", TODAY),
        ("明天", date(2026, 11, 27)),
        ("明日", date(2026, 11, 27)),
        ("后天", date(2026, 11, 28)),
        ("大后天", date(2026, 11, 29)),
        ("昨天", date(2026, 11, 25)),
        # offsets
        ("+3d", date(2026, 11, 29)),
        ("-2d", date(2026, 11, 24)),
        ("3d", date(2026, 11, 29)),
        ("+3D", date(2026, 11, 29)),
        ("+0d", TODAY),
        ("+2w", date(2026, 12, 10)),
        ("-1w", date(2026, 11, 19)),
        ("+1m", date(2026, 12, 26)),
        ("-1m", date(2026, 10, 26)),
        ("+1y", date(2027, 11, 26)),
        ("+5wd", date(2026, 12, 3)),  # Fri 27, Mon 30, Tue 1, Wed 2, Thu 3
        ("-2wd", date(2026, 11, 24)),
        ("+3650d", TODAY + timedelta(days=3650)),
        ("-3650d", TODAY - timedelta(days=3650)),
        ("+10y", date(2036, 11, 26)),
        ("＋３ｄ", date(2026, 11, 29)),
        # Chinese offsets
        ("3天后", date(2026, 11, 29)),
        ("3日后", date(2026, 11, 29)),
        ("3天以后", date(2026, 11, 29)),
        ("3天前", date(2026, 11, 23)),
        ("2周后", date(2026, 12, 10)),
        ("2个星期后", date(2026, 12, 10)),
        ("5个工作日后", date(2026, 12, 3)),
        ("5工作日后", date(2026, 12, 3)),
        ("1个月后", date(2026, 12, 26)),
        ("一个月后", date(2026, 12, 26)),
        ("1年后", date(2027, 11, 26)),
        ("两天后", date(2026, 11, 28)),
        ("三天后", date(2026, 11, 29)),
        ("两个星期后", date(2026, 12, 10)),
        # English weekdays: strictly after today
        ("mon", date(2026, 11, 30)),
        ("monday", date(2026, 11, 30)),
        ("TUE", date(2026, 12, 1)),
        ("wed", date(2026, 12, 2)),
        ("thu", date(2026, 12, 3)),  # today is Thursday: next week's
        ("thursday", date(2026, 12, 3)),
        ("fri", date(2026, 11, 27)),
        ("Friday", date(2026, 11, 27)),
        ("sat", date(2026, 11, 28)),
        ("sun", date(2026, 11, 29)),
        ("sunday", date(2026, 11, 29)),
        # Chinese bare weekdays: on or after tomorrow
        ("周五", date(2026, 11, 27)),
        ("星期五", date(2026, 11, 27)),
        ("礼拜五", date(2026, 11, 27)),
        ("周四", date(2026, 12, 3)),
        ("周一", date(2026, 11, 30)),
        ("周日", date(2026, 11, 29)),
        ("周天", date(2026, 11, 29)),
        ("星期日", date(2026, 11, 29)),
        ("星期天", date(2026, 11, 29)),
        # this ISO week, even when past
        ("本周五", date(2026, 11, 27)),
        ("这周五", date(2026, 11, 27)),
        ("这个星期五", date(2026, 11, 27)),
        ("本周一", date(2026, 11, 23)),
        ("本周日", date(2026, 11, 29)),
        # next week
        ("下周五", date(2026, 12, 4)),
        ("下星期五", date(2026, 12, 4)),
        ("下个星期五", date(2026, 12, 4)),
        ("下周一", date(2026, 11, 30)),
        ("下周日", date(2026, 12, 6)),
        ("下周", date(2026, 11, 30)),
        ("下个星期", date(2026, 11, 30)),
        # working-day period ends
        ("eow", date(2026, 11, 27)),
        ("EOW", date(2026, 11, 27)),
        ("本周末", date(2026, 11, 27)),
        ("周末前", date(2026, 11, 27)),
        ("eom", date(2026, 11, 30)),
        ("月底", date(2026, 11, 30)),
        ("本月底", date(2026, 11, 30)),
        ("月末", date(2026, 11, 30)),
        ("eoy", date(2026, 12, 31)),
        ("年底", date(2026, 12, 31)),
        ("年末", date(2026, 12, 31)),
    ],
)
def test_grammar(text: str, expected: date) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("word", "days"),
    [
        ("一", 1),
        ("二", 2),
        ("九", 9),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("二十一", 21),
        ("三十", 30),
        ("九十九", 99),
    ],
)
def test_chinese_numerals(word: str, days: int) -> None:
    assert parse(f"{word}天后") == TODAY + timedelta(days=days)


def test_every_example_parses() -> None:
    for example in EXAMPLES:
        assert isinstance(parse(example), date)


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 1, 31), "+1m", date(2026, 2, 28)),
        (date(2026, 1, 31), "1个月后", date(2026, 2, 28)),
        (date(2026, 3, 31), "+1m", date(2026, 4, 30)),
        (date(2028, 1, 31), "+1m", date(2028, 2, 29)),
        (date(2028, 2, 29), "+1y", date(2029, 2, 28)),
        (date(2026, 12, 31), "+2m", date(2027, 2, 28)),
        (date(2026, 3, 31), "-1m", date(2026, 2, 28)),
    ],
)
def test_month_offsets_clamp_to_month_end(today: date, text: str, expected: date) -> None:
    assert parse(text, today) == expected


def test_workday_offset_skips_national_day() -> None:
    today = date(2026, 9, 30)
    assert parse("+5wd", today) == date(2026, 10, 13)  # 10-10 is a make-up Saturday
    assert parse("5个工作日后", today) == date(2026, 10, 13)
    assert parse("+5d", today) == date(2026, 10, 5)  # calendar days ignore holidays
    assert parse("-1wd", date(2026, 10, 8)) == date(2026, 9, 30)


def test_workday_offset_into_2027_skips_the_holidays_fixed_by_law() -> None:
    result = parse("+5wd", date(2026, 12, 28))
    assert result == date(2027, 1, 5)  # 2027-01-01 is 元旦 although the library lacks 2027
    assert CAL.is_estimated(result)


def test_workday_offset_uses_override_calendar() -> None:
    cal = WorkCalendar({2027: YearOverride(holidays=frozenset({date(2027, 1, 1)}))})
    assert parse("+5wd", date(2026, 12, 28), cal) == date(2027, 1, 5)


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 11, 27), "eow", date(2026, 11, 27)),  # Friday: today itself
        (date(2026, 11, 28), "eow", date(2026, 12, 4)),  # Saturday: nothing left this week
        (date(2026, 11, 29), "本周末", date(2026, 12, 4)),
        (date(2026, 10, 5), "eow", date(2026, 10, 10)),  # Golden Week: make-up Saturday
        (date(2026, 2, 14), "eow", date(2026, 2, 14)),  # the make-up Saturday itself
        # Sunday 02-15 is off and the whole next week is Spring Festival: walk on a week.
        (date(2026, 2, 15), "eow", date(2026, 2, 28)),
        (date(2026, 10, 30), "eom", date(2026, 10, 30)),
        (date(2026, 10, 31), "eom", date(2026, 11, 30)),  # Saturday: next month's end
        (date(2026, 1, 31), "月底", date(2026, 2, 28)),  # Feb 28 2026 is a make-up Saturday
        (date(2026, 5, 30), "eom", date(2026, 6, 30)),
        (date(2026, 12, 31), "eoy", date(2026, 12, 31)),
        # 2027-01-01, a Friday, is 元旦: the week ends on Thursday although 2027 is estimated.
        (date(2026, 12, 28), "eow", date(2026, 12, 31)),
        (date(2027, 3, 1), "eoy", date(2027, 12, 31)),  # estimated year, a Friday
        (date(2027, 12, 31), "年底", date(2027, 12, 31)),
    ],
)
def test_period_ends_are_working_days(today: date, text: str, expected: date) -> None:
    result = parse(text, today)
    assert result == expected
    assert CAL.is_workday(result)


def test_eoy_skips_a_year_end_that_is_off() -> None:
    # 2028-12-31 is a Sunday and 12-29/12-30 are declared off: the last working day is 12-28.
    cal = WorkCalendar(
        {2028: YearOverride(holidays=frozenset({date(2028, 12, 29)}), workdays=frozenset())}
    )
    assert parse("eoy", date(2028, 12, 1), cal) == date(2028, 12, 28)
    assert parse("eoy", date(2028, 12, 29), cal) == date(2029, 12, 31)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "2026-02-30",
        "2026-13-01",
        "20261301",
        "2026-12/01",
        "13-01",
        "2-30",
        "13月1日",
        "+d",
        "+3x",
        "d",
        "3",
        "next blursday",
        "blursday",
        "tomorrowtomorrow",
        "+99999d",
        "+3651d",
        "+522w",
        "+121m",
        "+11y",
        "+2501wd",
        "+9999999999999999d",
        "1899-12-31",
        "2201-01-01",
        "周八",
        "下下周五",
        "十十天后",
        "一二天后",
        "两十天后",
        "3月后",
        "2026-12-01x",
        "今天明天",
    ],
)
def test_invalid_inputs(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse(text)
    assert info.value.key == "date.invalid"
    assert info.value.params == {"value": text}


def test_result_year_bounds() -> None:
    assert parse("-1d", date(1900, 1, 2)) == date(1900, 1, 1)
    with pytest.raises(InvalidInput):
        parse("-1d", date(1900, 1, 1))
    with pytest.raises(InvalidInput):
        parse("+1y", date(2200, 6, 1))


# --- properties -------------------------------------------------------------------------------

_FRAGMENTS = [
    "+",
    "-",
    "0",
    "1",
    "3",
    "12",
    "2026",
    "99999",
    "d",
    "w",
    "wd",
    "m",
    "y",
    "/",
    ".",
    "年",
    "月",
    "日",
    "号",
    "天",
    "个",
    "周",
    "星期",
    "工作日",
    "后",
    "前",
    "下",
    "本",
    "十",
    "两",
    "五",
    "today",
    "fri",
    "eow",
    " ",
]


@settings(max_examples=300, deadline=None)
@given(text=st.text() | st.lists(st.sampled_from(_FRAGMENTS), max_size=6).map("".join))
def test_parse_date_only_raises_invalid_input(text: str) -> None:
    try:
        result = parse(text)
    except InvalidInput as exc:
        assert exc.key == "date.invalid"
    else:
        assert 1900 <= result.year <= 2200


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_iso_round_trip(day: date) -> None:
    assert parse(day.isoformat()) == day
    assert parse(day.strftime("%Y%m%d")) == day


@settings(max_examples=100, deadline=None)
@given(
    today=st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 12, 31)),
    n=st.integers(min_value=-3650, max_value=3650),
)
def test_day_offsets(today: date, n: int) -> None:
    assert parse(f"{n:+d}d", today) == today + timedelta(days=n)


@settings(max_examples=100, deadline=None)
@given(
    today=st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 12, 31)),
    weekday=st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
)
def test_english_weekday_is_within_next_seven_days(today: date, weekday: str) -> None:
    result = parse(weekday, today)
    assert 1 <= (result - today).days <= 7
    assert result.strftime("%a").lower() == weekday
