"""The demo's time travel: each step of its history runs at its own past moment, as its author."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from officedesk.db import OfficeSession
from officedesk.services.env import ServiceEnv
from officedesk.services.moments import local_day
from officedesk.workcal import WorkCalendar


@contextmanager
def travel(
    session: OfficeSession, moment: datetime, *, operator: str | None = None
) -> Iterator[ServiceEnv]:
    """Run the block at `moment` (the session's clock; its day is the moment's day on the office's
    clock) and, when given, as `operator`.

    The services read who acts and when from the session's environment, so the demo writes
    history by moving it. The day, the clock and the operator come back when the block ends,
    however it ends: a step's travel never leaks into the next, and travels nest (a step may
    move on by minutes within its own moment).
    """
    env = session.env
    saved = (env.today, env.fixed_now, env.operator)
    env.today, env.fixed_now = local_day(moment), moment
    if operator is not None:
        env.operator = operator
    try:
        yield env
    finally:
        env.today, env.fixed_now, env.operator = saved


class WorkdayPlanner:
    """The calendar steps the demo's planners share: the nearest working day on or before a day,
    and on or after it.

    They never draw random numbers, so a planner's draws do not depend on today's calendar.
    """

    calendar: WorkCalendar

    def _back(self, day: date) -> date:
        while not self.calendar.is_workday(day):
            day -= timedelta(days=1)
        return day

    def _fwd(self, day: date) -> date:
        while not self.calendar.is_workday(day):
            day += timedelta(days=1)
        return day
