"""The incoming register's figure in the period reports (services.report_period): documents,
calls and letters received (registered) in the period, whatever their state since."""

from datetime import date

from officedesk.db import OfficeSession
from officedesk.services.incoming.query import IncomingFilter, count_incoming
from officedesk.services.report_period import Figure, day_words

FIGURES = ("report.figure.incoming_received",)


def figures(session: OfficeSession, start: date, end: date) -> list[Figure]:
    received = count_incoming(session, IncomingFilter(states=["all"], since=start, until=end))
    argv = ("incoming", "list", "--state", "all", *day_words("--since", "--until", start, end))
    return [Figure(FIGURES[0], received, argv)]
