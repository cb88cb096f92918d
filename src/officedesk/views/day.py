"""The day's status in words, for the TUI header, `officedesk today` and the morning brief.

2026年11月26日（星期四，工作日） / Thursday, Nov 26, 2026 (working day).

services.daystatus says what kind of day it is in codes; here it is worded in the language of
the moment, so a status the workbench keeps follows a language switch. Imports no database
layer: the workbench paints its header before SQLAlchemy is loaded.
"""

from datetime import date
from typing import Any

from officedesk import statutory
from officedesk.i18n import t
from officedesk.services.daystatus import DayStatus, day_status
from officedesk.services.env import ServiceEnv
from officedesk.workcal import DayKind

# chinese_calendar's English holiday names → catalogue keys. Keys use the library's enum member
# names (snake case): the English names hold spaces and apostrophes, which keys never do.
HOLIDAY_KEYS = {
    "New Year's Day": "holiday.new_years_day",
    "Spring Festival": "holiday.spring_festival",
    "Tomb-sweeping Day": "holiday.tomb_sweeping_day",
    "Labour Day": "holiday.labour_day",
    "Dragon Boat Festival": "holiday.dragon_boat_festival",
    "National Day": "holiday.national_day",
    "Mid-autumn Festival": "holiday.mid_autumn_festival",
    "Anti-Fascist 70th Day": "holiday.anti_fascist_70th_day",
}
KIND_KEYS = {
    DayKind.WORKDAY: "today.kind.workday",
    DayKind.WEEKEND: "today.kind.weekend",
    DayKind.HOLIDAY: "today.kind.holiday",
    DayKind.MAKEUP: "today.kind.makeup",
}
WEEKDAY_KEYS = (
    "today.weekday.mon",
    "today.weekday.tue",
    "today.weekday.wed",
    "today.weekday.thu",
    "today.weekday.fri",
    "today.weekday.sat",
    "today.weekday.sun",
)
MONTH_KEYS = (
    "today.month.jan",
    "today.month.feb",
    "today.month.mar",
    "today.month.apr",
    "today.month.may",
    "today.month.jun",
    "today.month.jul",
    "today.month.aug",
    "today.month.sep",
    "today.month.oct",
    "today.month.nov",
    "today.month.dec",
)


def holiday_label(status: DayStatus) -> str | None:
    """The holiday's name in the current language (the English name if we have no key)."""
    if status.holiday is None:
        return None
    key = HOLIDAY_KEYS.get(status.holiday)
    return t(key) if key else status.holiday


def kind_label(status: DayStatus) -> str:
    """工作日 / 休息日 / 调休上班 / 国庆节假期 — the holiday named when we know it."""
    holiday = holiday_label(status)
    if status.kind is DayKind.HOLIDAY and holiday:
        return t("today.kind.holiday_named", holiday=holiday)
    return t(KIND_KEYS[status.kind])


def weekday_label(day: date) -> str:
    return t(WEEKDAY_KEYS[day.weekday()])


def month_label(day: date) -> str:
    return t(MONTH_KEYS[day.month - 1])


def day_text(status: DayStatus) -> str:
    """2026年11月26日（星期四，工作日） / Thursday, Nov 26, 2026 (working day), flagged when the
    year's 调休 are not published yet (or, beyond the law's table, when Mon–Fri is a guess)."""
    key = "today.status"
    if status.estimated:
        key = "today.status_weekdays" if status.weekdays_only else "today.status_estimated"
    return t(
        key,
        year=status.day.year,
        month=month_label(status.day),
        day=status.day.day,
        weekday=weekday_label(status.day),
        kind=kind_label(status),
    )


def day_status_text(env: ServiceEnv, day: date | None = None) -> str:
    """The header line of the TUI: see day_text."""
    return day_text(day_status(env, day))


def day_dict(status: DayStatus) -> dict[str, Any]:
    """The status as `today --json` shows it: the plain values with the kind's and the
    holiday's labels, in the current language, beside their codes."""
    values = status.as_dict()
    return {
        "day": values["day"],
        "weekday": values["weekday"],
        "kind": values["kind"],
        "kind_label": kind_label(status),
        "is_workday": values["is_workday"],
        "holiday": values["holiday"],
        "holiday_label": holiday_label(status),
        "estimated": values["estimated"],
        "weekdays_only": values["weekdays_only"],
        "next_workday": values["next_workday"],
        "previous_workday": values["previous_workday"],
    }


def estimated_note(key: str, weekdays_only: bool) -> str:
    """The note under dates computed on an estimated year: its 调休 missing (key), or, for a
    year the law's table does not reach, its holidays too (key + "_weekdays")."""
    return t(key + "_weekdays" if weekdays_only else key)


def beyond_law(due: date) -> bool:
    """An estimated due date in a year whose holidays are not even known by law."""
    return not statutory.knows(due.year)
