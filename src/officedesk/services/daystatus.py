"""What kind of day a date is on the official calendar: the parts views/day.py words for the TUI
header, `officedesk today` and the brief.

Kept apart from the Today overview so the workbench can paint its header before the database
layer (SQLAlchemy, SQLModel) has even been imported.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from officedesk.services.env import ServiceEnv
from officedesk.workcal import DayKind

# ---- the day ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayStatus:
    """What kind of day today is on the official calendar, in codes and dates: a status kept
    by the TUI is worded when shown, so it follows a language switch made at run time."""

    day: date
    kind: DayKind
    holiday: str | None  # chinese_calendar's English name, only on a holiday
    estimated: bool  # the year's official arrangement (its 调休) is not known
    weekdays_only: bool  # nor its holidays: beyond the law's table, Mon–Fri assumed
    next_workday: date
    previous_workday: date

    @property
    def is_workday(self) -> bool:
        return self.kind in (DayKind.WORKDAY, DayKind.MAKEUP)

    def as_dict(self) -> dict[str, Any]:
        """The status as plain values; views.day.day_dict adds the labels `today --json` shows."""
        return {
            "day": self.day.isoformat(),
            "weekday": self.day.isoweekday(),
            "kind": self.kind.value,
            "is_workday": self.is_workday,
            "holiday": self.holiday,
            "estimated": self.estimated,
            "weekdays_only": self.weekdays_only,
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
        weekdays_only=calendar.weekdays_only(day),
        next_workday=calendar.add_workdays(day, 1),
        previous_workday=calendar.add_workdays(day, -1),
    )
