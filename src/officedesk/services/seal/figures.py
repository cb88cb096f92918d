"""The seal register's figure in the period reports (services.report_period): seal uses in the
period, as the usage log stands (a corrected use once, as corrected; a voided one not at all)."""

from datetime import date

from officedesk.db import OfficeSession
from officedesk.services.report_period import Figure, day_words
from officedesk.services.seal.query import UseFilter, count_uses

FIGURES = ("report.figure.seal_uses",)


def figures(session: OfficeSession, start: date, end: date) -> list[Figure]:
    uses = count_uses(session, UseFilter(since=start, until=end, in_force=True))
    argv = ("seal", "uses", "--in-force", *day_words("--since", "--until", start, end))
    return [Figure(FIGURES[0], uses, argv)]
