"""The outgoing register's figure in the period reports (services.report_period): documents
issued, counted on the day they were dispatched (核发), whatever their state since."""

from datetime import date

from officedesk.db import OfficeSession
from officedesk.services.outgoing.query import OutgoingFilter, count_outgoing
from officedesk.services.report_period import Figure, day_words

FIGURES = ("report.figure.outgoing_dispatched",)


def figures(session: OfficeSession, start: date, end: date) -> list[Figure]:
    flt = OutgoingFilter(dispatched_since=start, dispatched_until=end)
    argv = ("outgoing", "list", *day_words("--dispatched-since", "--dispatched-until", start, end))
    return [Figure(FIGURES[0], count_outgoing(session, flt), argv)]
