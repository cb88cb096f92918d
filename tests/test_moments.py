"""The one parser for moments users type (services.moments), read in Beijing time unless a test
says otherwise, anchored on Thursday 2026-11-26 at 10:00 local."""

import os
import time as clock
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from officedesk.errors import InvalidInput
from officedesk.i18n import current_language, set_language
from officedesk.services.env import ServiceEnv
from officedesk.services.incoming import actions as incoming
from officedesk.services.moments import (
    CLOCK_SLACK,
    local_day,
    local_day_bounds,
    local_moment,
    local_text,
    parse_moment,
    refuse_future,
)
from officedesk.services.seal import actions as seals
from officedesk.workcal import WorkCalendar

TODAY = date(2026, 11, 26)  # a Thursday
BEIJING = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=BEIJING).astimezone(UTC)


@dataclass
class Desk:
    """All the parser reads of a session: its env (today, now, the working calendar)."""

    env: ServiceEnv


@contextmanager
def zone(name: str) -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    clock.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        clock.tzset()


@pytest.fixture(autouse=True)
def beijing() -> Iterator[None]:
    with zone("Asia/Shanghai"):
        yield


@pytest.fixture
def desk() -> Desk:
    return Desk(ServiceEnv(today=TODAY, operator="tester", calendar=WorkCalendar(), fixed_now=NOW))


def bj(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Beijing wall-clock time as the parser returns it: aware UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=BEIJING).astimezone(UTC)


def parse(desk: Desk, value: Any, **options: Any) -> datetime | None:
    return parse_moment(desk, value, **options)  # type: ignore[arg-type]


# ---- every form --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # ISO, naive (read as local) or with an offset
        ("2026-11-27 09:30", bj(2026, 11, 27, 9, 30)),
        ("2026-11-27T14:05", bj(2026, 11, 27, 14, 5)),
        ("2026-11-27 9:30", bj(2026, 11, 27, 9, 30)),
        ("2026-11-27T09:30+00:00", bj(2026, 11, 27, 17, 30)),
        ("2026-11-27T01:30Z", bj(2026, 11, 27, 9, 30)),
        ("2026-11-27T09:30-05:00", bj(2026, 11, 27, 22, 30)),
        ("2026/11/27 09:30", bj(2026, 11, 27, 9, 30)),
        # a date word and a clock time
        ("明天 9:30", bj(2026, 11, 27, 9, 30)),
        ("明天9:30", bj(2026, 11, 27, 9, 30)),
        ("昨天 8:15", bj(2026, 11, 25, 8, 15)),
        ("tomorrow 14:00", bj(2026, 11, 27, 14, 0)),
        ("Tomorrow 14:00", bj(2026, 11, 27, 14, 0)),
        ("today 7:05", bj(2026, 11, 26, 7, 5)),
        ("fri 10:00", bj(2026, 11, 27, 10, 0)),
        ("sat 10:00", bj(2026, 11, 28, 10, 0)),
        ("下周一 9:00", bj(2026, 11, 30, 9, 0)),
        ("12月1日 14:00", bj(2026, 12, 1, 14, 0)),
        ("12-01 14:00", bj(2026, 12, 1, 14, 0)),
        ("+3d 10:00", bj(2026, 11, 29, 10, 0)),
        ("5个工作日后 9:00", bj(2026, 12, 3, 9, 0)),
        # Chinese clock words
        ("明天下午3点", bj(2026, 11, 27, 15, 0)),
        ("明天 下午 3点", bj(2026, 11, 27, 15, 0)),
        ("后天9点半", bj(2026, 11, 28, 9, 30)),
        ("2026年12月1日下午2点", bj(2026, 12, 1, 14, 0)),
        ("下午3点半", bj(2026, 11, 26, 15, 30)),
        ("下午 3:30", bj(2026, 11, 26, 15, 30)),
        ("上午10点", bj(2026, 11, 26, 10, 0)),
        ("早上8点", bj(2026, 11, 26, 8, 0)),
        ("凌晨2点", bj(2026, 11, 26, 2, 0)),
        ("中午12点", bj(2026, 11, 26, 12, 0)),
        ("中午1点", bj(2026, 11, 26, 13, 0)),
        ("晚上8点", bj(2026, 11, 26, 20, 0)),
        ("晚上20点", bj(2026, 11, 26, 20, 0)),
        ("10点05分", bj(2026, 11, 26, 10, 5)),
        ("10点5", bj(2026, 11, 26, 10, 5)),
        ("9时30分", bj(2026, 11, 26, 9, 30)),
        ("3点整", bj(2026, 11, 26, 3, 0)),
        # English half days
        ("3pm", bj(2026, 11, 26, 15, 0)),
        ("3:30 pm", bj(2026, 11, 26, 15, 30)),
        ("9:30 A.M.", bj(2026, 11, 26, 9, 30)),
        ("tomorrow 9am", bj(2026, 11, 27, 9, 0)),
        ("12am", bj(2026, 11, 26, 0, 0)),
        ("12pm", bj(2026, 11, 26, 12, 0)),
        # a time alone is today's; full-width digits from a Chinese IME
        ("16:00", bj(2026, 11, 26, 16, 0)),
        ("１６：００", bj(2026, 11, 26, 16, 0)),
        ("明天　９点", bj(2026, 11, 27, 9, 0)),
        # a day alone is at the default time (nine o'clock)
        ("2026-12-01", bj(2026, 12, 1, 9, 0)),
        ("明天", bj(2026, 11, 27, 9, 0)),
        ("tomorrow", bj(2026, 11, 27, 9, 0)),
        ("20261201", bj(2026, 12, 1, 9, 0)),
    ],
)
def test_every_form(desk: Desk, typed: str, expected: datetime) -> None:
    moment = parse(desk, typed)
    assert moment == expected
    assert moment is not None and moment.tzinfo == UTC


def test_seconds_of_an_iso_time_are_kept(desk: Desk) -> None:
    assert parse(desk, "2026-11-27T09:30:15.250") == bj(2026, 11, 27, 9, 30) + timedelta(
        seconds=15.25
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("0:00", bj(2026, 11, 26, 0, 0)),
        ("00:00", bj(2026, 11, 26, 0, 0)),
        ("23:59", bj(2026, 11, 26, 23, 59)),
        ("2026-11-26 23:59", bj(2026, 11, 26, 23, 59)),
        ("上午12点", bj(2026, 11, 26, 12, 0)),
        ("下午12点", bj(2026, 11, 26, 12, 0)),
        ("晚上11点", bj(2026, 11, 26, 23, 0)),
        ("晚上5点", bj(2026, 11, 26, 17, 0)),
        ("中午11点半", bj(2026, 11, 26, 11, 30)),
        ("凌晨6点", bj(2026, 11, 26, 6, 0)),
        ("下午11点59分", bj(2026, 11, 26, 23, 59)),
    ],
)
def test_boundaries_that_hold(desk: Desk, typed: str, expected: datetime) -> None:
    assert parse(desk, typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "24:00",
        "25:61",
        "23:60",
        "9:5",
        "2026-11-27 24:00",
        "2026-11-27T25:00",
        "2026-02-30 10:00",
        "0001-01-01 10:00",
        "2300-01-01T10:00",
        "下下周",
        "下下周 9:00",
        "明天上午",
        "上午15点",  # contradicts itself
        "凌晨7点",
        "中午3点",
        "晚上12点",  # midnight or noon: refused, not guessed
        "晚上3点",
        "下午3pm",
        "13pm",
        "0am",
        "3点30半",
        "25点",
        "abc",
        "10:05:30",
    ],
)
def test_unreadable_moments_are_refused(desk: Desk, typed: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(desk, typed)
    assert caught.value.key == "moment.invalid"
    assert caught.value.params == {"value": typed}


def test_the_caller_names_the_field_and_may_word_the_error(desk: Desk) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(desk, "25:00", field="arrives_at", invalid_key="visit.bad_time")
    assert caught.value.key == "visit.bad_time"
    assert caught.value.params == {"value": "25:00", "field": "arrives_at"}


def test_something_not_text_is_refused(desk: Desk) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(desk, 930)
    assert caught.value.params == {"value": "930"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_error_names_what_was_typed_in_both_languages(desk: Desk, lang: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(desk, "25:61")
    before = current_language()
    set_language(lang)
    try:
        text = caught.value.message()
    finally:
        set_language(before)
    assert "25:61" in text and ("下午3点半" in text if lang == "zh" else "3:30pm" in text)


# ---- what the callers choose --------------------------------------------------------------------


@pytest.mark.parametrize("blank", [None, "", "   ", "\u3000"])
def test_nothing_typed_is_none(desk: Desk, blank: str | None) -> None:
    assert parse(desk, blank) is None


@pytest.mark.parametrize("typed", ["2026-12-01", date(2026, 12, 1), "12月1日"])
def test_a_day_alone_falls_at_the_default_time(desk: Desk, typed: Any) -> None:
    assert parse(desk, typed, default_time=time(17, 0)) == bj(2026, 12, 1, 17, 0)
    assert parse(desk, typed, default_time=time(0, 0)) == bj(2026, 12, 1, 0, 0)


@pytest.mark.parametrize("typed", ["今天", "today", TODAY])
def test_today_alone_may_mean_now(desk: Desk, typed: Any) -> None:
    assert parse(desk, typed, now_if_today=True) == NOW
    assert parse(desk, typed) == bj(2026, 11, 26, 9, 0)


def test_now_if_today_leaves_other_days_at_the_default_time(desk: Desk) -> None:
    assert parse(desk, "昨天", now_if_today=True) == bj(2026, 11, 25, 9, 0)
    assert parse(desk, "今天 8:00", now_if_today=True) == bj(2026, 11, 26, 8, 0)


def test_a_time_alone_falls_on_the_given_day(desk: Desk) -> None:
    on = date(2026, 12, 3)
    assert parse(desk, "12:00", day=on) == bj(2026, 12, 3, 12, 0)
    assert parse(desk, "下午2点", day=on) == bj(2026, 12, 3, 14, 0)
    assert parse(desk, "明天 12:00", day=on) == bj(2026, 11, 27, 12, 0)
    assert parse(desk, "2026-12-01", day=on) == bj(2026, 12, 1, 9, 0)


def test_datetimes_pass_through_as_utc(desk: Desk) -> None:
    aware = datetime(2026, 11, 27, 9, 30, tzinfo=BEIJING)
    assert parse(desk, aware) == bj(2026, 11, 27, 9, 30)
    assert parse(desk, aware).tzinfo == UTC  # type: ignore[union-attr]
    assert parse(desk, datetime(2026, 11, 27, 9, 30)) == bj(2026, 11, 27, 9, 30)  # naive: local


@given(hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_any_clock_time_reads_back_as_typed(hour: int, minute: int) -> None:
    env = ServiceEnv(today=TODAY, operator="tester", calendar=WorkCalendar(), fixed_now=NOW)
    with zone("Asia/Shanghai"):
        moment = parse(Desk(env), f"明天 {hour}:{minute:02d}")
        assert local_text(moment) == f"2026-11-27 {hour:02d}:{minute:02d}"
        if 1 <= hour <= 11:
            assert parse(Desk(env), f"明天下午{hour}点{minute}分") == moment + timedelta(hours=12)


# ---- the future ---------------------------------------------------------------------------------


def test_the_future_is_refused_beyond_the_slack(desk: Desk) -> None:
    refuse_future(desk, NOW + CLOCK_SLACK)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as caught:
        refuse_future(desk, NOW + CLOCK_SLACK + timedelta(seconds=1))  # type: ignore[arg-type]
    assert caught.value.key == "moment.in_future"
    assert caught.value.params == {"when": "2026-11-26 10:05"}


def test_the_caller_words_the_future(desk: Desk) -> None:
    with pytest.raises(InvalidInput) as caught:
        refuse_future(desk, bj(2026, 11, 27, 9, 0), "seal_use.in_future")  # type: ignore[arg-type]
    assert caught.value.key == "seal_use.in_future"
    assert caught.value.params == {"when": "2026-11-27 09:00"}


# ---- local time ---------------------------------------------------------------------------------


def test_beijing_has_no_daylight_saving(desk: Desk) -> None:
    assert parse(desk, "2026-07-01 09:00") == datetime(2026, 7, 1, 1, 0, tzinfo=UTC)
    assert parse(desk, "2026-01-01 09:00") == datetime(2026, 1, 1, 1, 0, tzinfo=UTC)


def test_local_time_is_the_machines_zone(desk: Desk) -> None:
    with zone("America/New_York"):
        assert parse(desk, "2026-07-01 09:00") == datetime(2026, 7, 1, 13, 0, tzinfo=UTC)
        assert parse(desk, "2026-12-01 09:00") == datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
        assert local_text(datetime(2026, 12, 1, 14, 0, tzinfo=UTC)) == "2026-12-01 09:00"


def test_local_day_and_its_bounds() -> None:
    start, end = local_day_bounds(TODAY)
    assert (start, end) == (
        datetime(2026, 11, 25, 16, 0, tzinfo=UTC),
        datetime(2026, 11, 26, 16, 0, tzinfo=UTC),
    )
    assert local_day(start) == TODAY and local_day(end) == TODAY + timedelta(days=1)
    assert local_day(end - timedelta(microseconds=1)) == TODAY
    assert local_moment(TODAY, time(9, 30)) == bj(2026, 11, 26, 9, 30)
    assert local_text(start) == "2026-11-26 00:00" and local_text(None) == ""
    assert local_text(start, "%H:%M") == "00:00"


# ---- what each register passes -------------------------------------------------------------------


def test_incoming_reads_a_day_alone_as_now_today_and_nine_otherwise(desk: Desk) -> None:
    assert incoming.to_moment(desk, None) == NOW  # type: ignore[arg-type]
    assert incoming.to_moment(desk, "今天") == NOW  # type: ignore[arg-type]
    assert incoming.to_moment(desk, "昨天") == bj(2026, 11, 25, 9, 0)  # type: ignore[arg-type]
    assert incoming.to_moment(desk, "下午3点") == bj(2026, 11, 26, 15, 0)  # type: ignore[arg-type]


def test_a_seal_use_is_at_midnight_of_a_day_alone_and_never_ahead(desk: Desk) -> None:
    assert seals.to_moment(desk, "昨天") == bj(2026, 11, 25, 0, 0)  # type: ignore[arg-type]
    assert seals.to_moment(desk, "上午9点") == bj(2026, 11, 26, 9, 0)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as caught:
        seals.to_moment(desk, "下午3点")  # type: ignore[arg-type]
    assert caught.value.key == "seal_use.in_future"
