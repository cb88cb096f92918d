"""The outgoing register's dynamic message keys, for tests/test_i18n.py."""

from typing import Any

GROUPS = {
    "outgoing_action",
    "outgoing_log",
    "outgoing_number",
    "outgoing_state",
    "outgoing_type",
}
PREFIXES = {
    "outgoing.draft.period.",
    "outgoing.draft.figures.",
    "outgoing.draft.section.",
    "outgoing.draft.title.",
}


def keys(add: Any) -> None:
    from officedesk.services.outgoing import actions as svc
    from officedesk.services.outgoing import draft
    from officedesk.services.outgoing.numbers import NUMBER_STATUSES

    add("outgoing_state", svc.STATES)
    add("outgoing_action", svc.OUTGOING_ACTIONS)
    add("outgoing_log", svc.LOG_ACTIONS)
    add("outgoing_type", svc.TYPES)
    add("outgoing_number", NUMBER_STATUSES)
    # every step is journaled as its own operation (the TUI's forms build the name)
    add("op.outgoing", ("add", "edit", "draft", *svc.OUTGOING_ACTIONS))
    add("outgoing.draft.period", ("year", "month", "half1", "half2"))
    add("outgoing.draft.period", (f"quarter{n}" for n in range(1, 5)))
    add("outgoing.draft.figures", draft.DRAFT_KINDS)
    add("outgoing.draft.title", draft.DRAFT_KINDS)
    add("outgoing.draft.section", {s for sections in draft.SECTIONS.values() for s in sections})
