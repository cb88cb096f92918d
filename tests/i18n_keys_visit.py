"""The visit register's dynamic message keys, for tests/test_i18n.py."""

from typing import Any

GROUPS = {"visit_state", "visit_action", "visit_level", "visit_papers"}
PREFIXES = {"visit.tui.", "visit.key."}


def keys(add: Any) -> None:
    from officedesk.services.visit import actions as visits

    add("visit_state", visits.STATES)
    add("visit_action", visits.VISIT_ACTIONS)
    add("visit_level", visits.LEVELS)
    add("visit_papers", visits.VISIT_PAPERS)
    add(
        "visit.tui",
        [f"{name}_title" for name in ("confirm", "done", "settle", "cancel", "guests", "activity")],
    )
    add("visit.key", ("confirm", "done", "settle", "cancel"))  # a step form's submit label
