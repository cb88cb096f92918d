"""The coordination matters register's dynamic message keys, for tests/test_i18n.py."""

from typing import Any

GROUPS = {"matter_state", "matter_action", "matter_direction", "matter_log"}
PREFIXES = {"matter.tui.", "matter.key."}


def keys(add: Any) -> None:
    from officedesk.models import matter as models
    from officedesk.services.matter import actions as matters

    add("matter_state", matters.STATES)
    add("matter_action", matters.MATTER_ACTIONS)
    add("matter_direction", matters.DIRECTIONS)
    add("matter_log", models.MATTER_LOG_KINDS)
    steps = tuple(matters.MATTER_ACTIONS)
    add("matter.tui", [f"{name}_title" for name in steps])
    add("matter.key", steps)  # a step form's submit label
    add("op.matter", (*steps, "add", "edit", "contact", "decide", "item"))
