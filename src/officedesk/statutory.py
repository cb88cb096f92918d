"""The public holidays fixed by law, for years whose official schedule chinese_calendar lacks.

《全国年节及纪念日放假办法》(as amended in 2024, in force from 2025) fixes the days off of every
year: 元旦 1 day, 春节 4 days (除夕 and 正月初一 to 初三), 清明 1 day, 劳动节 2 days (5 May 1–2),
端午 1 day, 中秋 1 day, 国庆 3 days (October 1–3); a day that falls on a Saturday or a Sunday
is given back on a working day (补假, §6). What the State Council publishes each autumn is only
how those days are arranged: which weekend days are worked in exchange (调休) and where the
补假 lands. So a year the library does not know yet still has its holidays; only the make-up
arrangement is an estimate (the 补假 is put on the first working days after its holiday).

The lunar and solar-term dates below were computed with two independent lunar-calendar
libraries (lunardate, LunarCalendar), which agree for every year, and chinese_calendar's solar
terms; 2025 and 2026 are kept so a test can check the table against the library's published
schedules. Beyond LAST_YEAR the calendar falls back to Monday–Friday, flagged as such.
"""

from datetime import date, timedelta
from functools import cache

# year: (正月初一, 清明, 端午, 中秋) as MM-DD.
_FESTIVALS: dict[int, tuple[str, str, str, str]] = {
    2025: ("01-29", "04-04", "05-31", "10-06"),
    2026: ("02-17", "04-05", "06-19", "09-25"),
    2027: ("02-06", "04-05", "06-09", "09-15"),
    2028: ("01-26", "04-04", "05-28", "10-03"),
    2029: ("02-13", "04-04", "06-16", "09-22"),
    2030: ("02-03", "04-05", "06-05", "09-12"),
    2031: ("01-23", "04-05", "06-24", "10-01"),
    2032: ("02-11", "04-04", "06-12", "09-19"),
    2033: ("01-31", "04-04", "06-01", "09-08"),
    2034: ("02-19", "04-05", "06-20", "09-27"),
    2035: ("02-08", "04-05", "06-10", "09-16"),
    2036: ("01-28", "04-04", "05-30", "10-04"),
    2037: ("02-15", "04-04", "06-18", "09-24"),
    2038: ("02-04", "04-05", "06-07", "09-13"),
    2039: ("01-24", "04-05", "05-27", "10-02"),
    2040: ("02-12", "04-04", "06-14", "09-20"),
    2041: ("02-01", "04-04", "06-03", "09-10"),
    2042: ("01-22", "04-04", "06-22", "09-28"),
    2043: ("02-10", "04-05", "06-11", "09-17"),
    2044: ("01-30", "04-04", "05-31", "10-05"),
    2045: ("02-17", "04-04", "06-19", "09-25"),
    2046: ("02-06", "04-04", "06-08", "09-15"),
    2047: ("01-26", "04-05", "05-29", "10-04"),
    2048: ("02-14", "04-04", "06-15", "09-22"),
    2049: ("02-02", "04-04", "06-04", "09-11"),
    2050: ("01-23", "04-04", "06-23", "09-30"),
}
FIRST_YEAR = min(_FESTIVALS)
LAST_YEAR = max(_FESTIVALS)

# chinese_calendar's names, so a holiday reads and translates the same whichever source knew it.
NEW_YEAR = "New Year's Day"
SPRING = "Spring Festival"
QINGMING = "Tomb-sweeping Day"
LABOUR = "Labour Day"
DRAGON_BOAT = "Dragon Boat Festival"
MID_AUTUMN = "Mid-autumn Festival"
NATIONAL = "National Day"

_DAY = timedelta(days=1)


def _on(year: int, month_day: str) -> date:
    month, day = month_day.split("-")
    return date(year, int(month), int(day))


def _law_days(year: int) -> list[tuple[date, str]]:
    """The days the law gives off in this year, each with its holiday's name: a day twice when
    two holidays meet on it (中秋 on a 国庆 day)."""
    spring, qingming, dragon_boat, mid_autumn = _FESTIVALS[year]
    first_day = _on(year, spring)  # 正月初一
    return [
        (date(year, 1, 1), NEW_YEAR),
        *((first_day + k * _DAY, SPRING) for k in range(-1, 3)),  # 除夕 to 初三
        (_on(year, qingming), QINGMING),
        (date(year, 5, 1), LABOUR),
        (date(year, 5, 2), LABOUR),
        (_on(year, dragon_boat), DRAGON_BOAT),
        (_on(year, mid_autumn), MID_AUTUMN),
        *((date(year, 10, k), NATIONAL) for k in (1, 2, 3)),
    ]


@cache
def holidays(year: int) -> dict[date, str] | None:
    """Every day off in this year with its holiday's name: the law's days, and for each of them
    that falls on a weekend or on another holiday a 补假 on the first free working day after it.
    None for a year the table does not hold. Every block lies inside its year (春节 falls
    between January 21 and February 20, the last holiday and its 补假 in October), so a year is
    computed alone."""
    if year not in _FESTIVALS:
        return None
    days: dict[date, str] = {}
    owed: list[tuple[date, str]] = []
    for day, name in sorted(_law_days(year)):
        if day in days or day.weekday() >= 5:
            owed.append((day, name))
        days.setdefault(day, name)
    for day, name in owed:
        free = day + _DAY
        while free.weekday() >= 5 or free in days:
            free += _DAY
        days[free] = name
    return days


def knows(year: int) -> bool:
    """Whether the law's holidays of this year are in the table."""
    return year in _FESTIVALS
