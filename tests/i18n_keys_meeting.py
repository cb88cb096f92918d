"""The meetings register's dynamic message keys, for tests/test_i18n.py."""

from typing import Any

GROUPS = {
    "meeting_state",
    "meeting_action",
    "meeting_kind",
    "meeting_checklist",
    "meeting_role",
    "meeting_period",
    "today.weekday",
}
PREFIXES = {"meeting.tui.", "meeting.key."}


def keys(add: Any) -> None:
    from officedesk.models import meeting as models
    from officedesk.services.meeting import actions as meetings

    add("meeting_state", meetings.STATES)
    add("meeting_action", meetings.MEETING_ACTIONS)
    add("meeting_kind", meetings.KINDS)
    add("meeting_checklist", models.CHECKLIST_ITEMS)
    add("meeting_role", models.ATTENDANCE_ROLES)
    add("meeting_period", meetings.PERIODS)
    add("today.weekday", ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    steps = ("notify", "hold", "minute", "cancel")
    add("meeting.tui", [f"{name}_title" for name in steps])
    add("meeting.key", steps)  # a step form's submit label
    add("op.meeting", (*steps, "add", "edit", "tick", "attend", "agenda", "resolve"))
