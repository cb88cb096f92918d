"""Parse the date words users type (ISO, offsets, weekdays, Chinese); CLI and TUI share it."""

import re
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta

from officedesk.errors import InvalidInput
from officedesk.workcal import WorkCalendar

EXAMPLES = (
    "2026-12-01",
    "today",
    "tomorrow",
    "+3d",
    "+2w",
    "+5wd",
    "fri",
    "eow",
    "eom",
    "今天",
    "明天",
    "后天",
    "下周一",
    "5个工作日后",
)

MIN_YEAR = 1900
MAX_YEAR = 2200

# About ten years in every unit: anything larger is a typo, not a deadline, and the cap also
# keeps working-day stepping bounded (about 250 working days a year).
_MAX_UNITS = {"d": 3650, "w": 521, "m": 120, "y": 10, "wd": 2500}

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUM = r"([0-9]{1,6}|[零〇一二两三四五六七八九十]{1,3})"

_DAY_WORDS = {
    "today": 0,
    "tod": 0,
    "今天": 0,
    "今日": 0,
    "tomorrow": 1,
    "tom": 1,
    "明天": 1,
    "明日": 1,
    "后天": 2,
    "大后天": 3,
    "yesterday": -1,
    "昨天": -1,
    "昨日": -1,
    "前天": -2,
}

_EN_WEEKDAYS = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "weds": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
_CN_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

_EOW_WORDS = frozenset({"eow", "本周末", "周末前"})
_EOM_WORDS = frozenset({"eom", "月底", "本月底", "月末", "本月末"})
_EOY_WORDS = frozenset({"eoy", "年底", "年末", "今年底", "今年年底"})

_FULL_DATE = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")
_COMPACT_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_MONTH_DAY = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})")
_CN_FULL_DATE = re.compile(r"([0-9]{4})年" + _NUM + "月" + _NUM + "[日号]?")
_CN_MONTH_DAY = re.compile(_NUM + "月" + _NUM + "[日号]?")
_OFFSET = re.compile(r"([+-]?)([0-9]{1,6})(wd|workdays?|d|days?|w|weeks?|m|months?|y|years?)")
_CN_OFFSET = re.compile(
    _NUM + r"(个?(?:天|日|周|星期|礼拜|年|工作日)|个月)(后|以后|之后|前|以前|之前)"
)
_CN_WEEKDAY = re.compile(r"(本|这|这个|下|下个|上|上个)?(?:周|星期|礼拜)([一二三四五六日天])")
_CN_NEXT_WEEK = re.compile(r"下个?(?:周|星期|礼拜)")

_EN_UNITS = {
    "d": "d",
    "day": "d",
    "days": "d",
    "w": "w",
    "week": "w",
    "weeks": "w",
    "m": "m",
    "month": "m",
    "months": "m",
    "y": "y",
    "year": "y",
    "years": "y",
    "wd": "wd",
    "workday": "wd",
    "workdays": "wd",
}
# 月 only ever arrives as 个月 (the regex insists): a bare "3月后" reads as "after March".
_CN_UNITS = {
    "天": "d",
    "日": "d",
    "周": "w",
    "星期": "w",
    "礼拜": "w",
    "月": "m",
    "年": "y",
    "工作日": "wd",
}


class _Unparsable(Exception):
    """Internal signal; turned into InvalidInput carrying the user's original text."""


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str, *, today: date, calendar: WorkCalendar) -> date:
    """Turn what a user typed into a date, or raise InvalidInput("date.invalid", value=text).

    Relative words are anchored on the caller's ``today`` so tests and the TUI agree.
    ``eow``/``eom``/``eoy`` (本周末, 月底, 年底, ...) mean the last *working* day of the
    week/month/year on or after today, moving to the next period when none is left: a
    due date on a Sunday or in the middle of a holiday is useless in an office.
    Offsets are capped at about ten years and results at years 1900–2200, because a larger
    value is a typo that would otherwise be stored silently.
    """
    if _ISO_DAY.fullmatch(text):  # the common case (a form, a file): no words to read
        try:
            result = date.fromisoformat(text)
        except ValueError:
            raise InvalidInput("date.invalid", value=text) from None
        if not MIN_YEAR <= result.year <= MAX_YEAR:
            raise InvalidInput("date.invalid", value=text)
        return result
    try:
        result = _parse(_normalize(text), today, calendar)
    except (_Unparsable, ValueError, OverflowError):
        raise InvalidInput("date.invalid", value=text) from None
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise InvalidInput("date.invalid", value=text)
    return result


def _normalize(text: str) -> str:
    """NFKC folds full-width digits and signs typed with a Chinese IME (＋３ｄ, １２月１日)."""
    if not isinstance(text, str):
        raise _Unparsable
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", "", folded)


def _parse(s: str, today: date, cal: WorkCalendar) -> date:
    if not s:
        raise _Unparsable
    if s in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[s])
    if s in _EN_WEEKDAYS:
        return _next_weekday(today, _EN_WEEKDAYS[s])
    if s in _EOW_WORDS:
        return _end_of_period(today, cal, _week_bounds)
    if s in _EOM_WORDS:
        return _end_of_period(today, cal, _month_bounds)
    if s in _EOY_WORDS:
        return _end_of_period(today, cal, _year_bounds)
    for parser in (_parse_absolute, _parse_offset, _parse_weekday):
        found = parser(s, today, cal)
        if found is not None:
            return found
    raise _Unparsable


def _parse_absolute(s: str, today: date, cal: WorkCalendar) -> date | None:
    if m := _FULL_DATE.fullmatch(s):
        return date(int(m[1]), int(m[3]), int(m[4]))
    if m := _COMPACT_DATE.fullmatch(s):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := _MONTH_DAY.fullmatch(s):
        return date(today.year, int(m[1]), int(m[3]))
    if m := _CN_FULL_DATE.fullmatch(s):
        return date(int(m[1]), _number(m[2]), _number(m[3]))
    if m := _CN_MONTH_DAY.fullmatch(s):
        return date(today.year, _number(m[1]), _number(m[2]))
    return None


def _parse_offset(s: str, today: date, cal: WorkCalendar) -> date | None:
    if m := _OFFSET.fullmatch(s):
        n = int(m[2])
        return _shift(today, -n if m[1] == "-" else n, _EN_UNITS[m[3]], cal)
    if m := _CN_OFFSET.fullmatch(s):
        n = _number(m[1])
        unit = _CN_UNITS[m[2].removeprefix("个")]
        return _shift(today, -n if m[3].endswith("前") else n, unit, cal)
    return None


def _parse_weekday(s: str, today: date, cal: WorkCalendar) -> date | None:
    monday = today - timedelta(days=today.weekday())
    if _CN_NEXT_WEEK.fullmatch(s):
        return monday + timedelta(days=7)
    m = _CN_WEEKDAY.fullmatch(s)
    if m is None:
        return None
    weekday = _CN_WEEKDAYS[m[2]]
    prefix = m[1] or ""
    if not prefix:
        return _next_weekday(today, weekday)
    week_offset = {"本": 0, "这": 0, "这个": 0, "下": 7, "下个": 7, "上": -7, "上个": -7}[prefix]
    return monday + timedelta(days=week_offset + weekday)


def _number(token: str) -> int:
    """Arabic digits or Chinese numerals up to 99 (十五, 二十, 三十一, 两)."""
    if token.isascii():
        return int(token)
    if "十" not in token:
        if len(token) != 1:
            raise _Unparsable
        return _CN_DIGITS[token]
    tens, _, ones = token.partition("十")
    if "十" in ones or "两" in ones or "两" in tens or "零" in tens + ones or "〇" in tens + ones:
        raise _Unparsable
    tens_value = _CN_DIGITS[tens] if tens else 1
    ones_value = _CN_DIGITS[ones] if ones else 0
    return tens_value * 10 + ones_value


def _shift(today: date, n: int, unit: str, cal: WorkCalendar) -> date:
    if abs(n) > _MAX_UNITS[unit]:
        raise _Unparsable
    if unit == "d":
        return today + timedelta(days=n)
    if unit == "w":
        return today + timedelta(weeks=n)
    if unit == "m":
        return _add_months(today, n)
    if unit == "y":
        return _add_months(today, 12 * n)
    return cal.add_workdays(today, n)


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _add_months(d: date, n: int) -> date:
    """Clamp to month end (Jan 31 + 1m = Feb 28): users mean "a month later", not March 3."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + n, 12)
    month = month0 + 1
    return date(year, month, min(d.day, _days_in_month(year, month)))


def _next_weekday(today: date, weekday: int) -> date:
    """Strictly after today: saying "fri" on a Friday means next week's Friday."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _week_bounds(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _month_bounds(d: date) -> tuple[date, date]:
    return d.replace(day=1), d.replace(day=_days_in_month(d.year, d.month))


def _year_bounds(d: date) -> tuple[date, date]:
    return date(d.year, 1, 1), date(d.year, 12, 31)


def _end_of_period(
    today: date, cal: WorkCalendar, bounds: Callable[[date], tuple[date, date]]
) -> date:
    """Walk periods forward because a whole week can be off (the Spring Festival week)."""
    first, last = bounds(today)
    for _ in range(8):
        d = last
        while d >= first and d >= today:
            if cal.is_workday(d):
                return d
            d -= timedelta(days=1)
        first, last = bounds(last + timedelta(days=1))
    raise _Unparsable
