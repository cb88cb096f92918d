"""What kind of day a date is on the official calendar, worded for the TUI header and the brief.

Kept apart from the Today overview so the workbench can paint its header before the database
layer (SQLAlchemy, SQLModel) has even been imported.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from officedesk.i18n import t
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


# ---- the day ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayStatus:
    """What kind of day today is on the official calendar; the TUI header shows it.

    Labels are properties rather than fields so that a status kept by the TUI follows a
    language switch made at run time.
    """

    day: date
    kind: DayKind
    holiday: str | None  # chinese_calendar's English name, only on a holiday
    estimated: bool  # the year's official schedule is unknown: Mon–Fri assumed
    next_workday: date
    previous_workday: date

    @property
    def is_workday(self) -> bool:
        return self.kind in (DayKind.WORKDAY, DayKind.MAKEUP)

    @property
    def holiday_label(self) -> str | None:
        """The holiday's name in the current language (the English name if we have no key)."""
        if self.holiday is None:
            return None
        key = HOLIDAY_KEYS.get(self.holiday)
        return t(key) if key else self.holiday

    @property
    def kind_label(self) -> str:
        """工作日 / 休息日 / 调休上班 / 国庆节假期 — the holiday named when we know it."""
        holiday = self.holiday_label
        if self.kind is DayKind.HOLIDAY and holiday:
            return t("today.kind.holiday_named", holiday=holiday)
        return t(KIND_KEYS[self.kind])

    @property
    def weekday_label(self) -> str:
        return t(WEEKDAY_KEYS[self.day.weekday()])

    @property
    def text(self) -> str:
        """2026年11月26日（星期四，工作日） / Thursday, Nov 26, 2026 (working day), flagged when
        the year's holidays are not published yet and the calendar is a Mon–Fri guess."""
        key = "today.status_estimated" if self.estimated else "today.status"
        return t(
            key,
            year=self.day.year,
            month=t(MONTH_KEYS[self.day.month - 1]),
            day=self.day.day,
            weekday=self.weekday_label,
            kind=self.kind_label,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "weekday": self.day.isoweekday(),
            "kind": self.kind.value,
            "kind_label": self.kind_label,
            "is_workday": self.is_workday,
            "holiday": self.holiday,
            "holiday_label": self.holiday_label,
            "estimated": self.estimated,
            "next_workday": self.next_workday.isoformat(),
            "previous_workday": self.previous_workday.isoformat(),
        }


def day_status(env: ServiceEnv, day: date | None = None) -> DayStatus:
    """Today's place in the working-day calendar (or another day's, for a date picker)."""
    calendar = env.calendar
    day = day or env.today
    return DayStatus(
        day=day,
        kind=calendar.day_kind(day),
        holiday=calendar.holiday_name(day),
        estimated=calendar.is_estimated(day),
        next_workday=calendar.add_workdays(day, 1),
        previous_workday=calendar.add_workdays(day, -1),
    )


def day_status_text(env: ServiceEnv, day: date | None = None) -> str:
    """The header line of the TUI: see DayStatus.text."""
    return day_status(env, day).text
