"""The period reports' dynamic message keys (views/report_period.py), for tests/test_i18n.py."""

from typing import Any

PREFIXES = {"report.title.", "report.month."}


def keys(add: Any) -> None:
    from officedesk.services.report_period import PERIOD_KINDS

    add("report.title", PERIOD_KINDS)
    add("report.month", range(1, 13))
