"""The visits register's figure in the period reports (services.report_period): visits arriving
in the period, cancelled ones left out (they did not take place)."""

from datetime import date

from officedesk.db import OfficeSession
from officedesk.services.report_period import Figure, day_words
from officedesk.services.visit.query import VisitFilter, count_visits
from officedesk.services.visit.states import STATES

FIGURES = ("report.figure.visits",)
# Every state but cancelled, in the register's order.
COUNTED_STATES = tuple(state for state in STATES if state != "cancelled")


def figures(session: OfficeSession, start: date, end: date) -> list[Figure]:
    flt = VisitFilter(states=list(COUNTED_STATES), since=start, until=end)
    argv = (
        "visit",
        "list",
        "--state",
        ",".join(COUNTED_STATES),
        *day_words("--since", "--until", start, end),
    )
    return [Figure(FIGURES[0], count_visits(session, flt), argv)]
