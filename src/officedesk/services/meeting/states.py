"""The meetings' lifecycle (会议): planned → notified (通知已发) → held (已召开) → minuted
(纪要已成), or cancelled with a reason; which states count as open, and what each offers."""

from typing import Any

from officedesk.models.meeting import MEETING_STATES as STATES
from officedesk.services.states import StateMachine, Table

# Still to be held, or held and its minutes not yet written.
OPEN_STATES = frozenset({"planned", "notified", "held"})
CLOSED_STATES = frozenset({"minuted", "cancelled"})
# Before the meeting: its time and room may still move, its checklist is still being worked.
PREPARING = frozenset({"planned", "notified"})
# After the meeting: its resolutions (议定事项) are recorded and followed.
HELD_STATES = frozenset({"held", "minuted"})

MEETING_STEPS: Table = {
    "notify": ({"planned"}, "notified"),
    "hold": ({"planned", "notified"}, "held"),
    "minute": ({"held"}, "minuted"),
    "cancel": ({"planned", "notified"}, "cancelled"),
}
MEETING_MACHINE = StateMachine(name="meeting", states=STATES, table=MEETING_STEPS)


def offered_operations(state: str) -> list[str]:
    """What the front ends offer for a meeting in this state: its legal steps; the record,
    its attendees and agenda while it is not cancelled; the checklist while it is prepared;
    resolutions once it is held."""
    offered = list(MEETING_MACHINE.allowed(state))
    if state != "cancelled":
        offered += ["edit", "attend", "agenda"]
    if state in PREPARING:
        offered.append("tick")
    if state in HELD_STATES:
        offered.append("resolve")
    return offered


def ensure_not_cancelled(meeting: Any) -> None:
    """Refuse a change to a cancelled meeting (its record, attendees or agenda)."""
    if meeting.state == "cancelled":
        raise MEETING_MACHINE.refuse_state("meeting.closed", meeting.state, code=meeting.code)


def ensure_preparing(meeting: Any, key: str = "meeting.not_preparing") -> None:
    """Refuse what only makes sense before the meeting (moving it, ticking its checklist)."""
    if meeting.state not in PREPARING:
        raise MEETING_MACHINE.refuse_state(key, meeting.state, code=meeting.code)


def ensure_held(meeting: Any) -> None:
    """Refuse a resolution of a meeting that has not been held."""
    if meeting.state not in HELD_STATES:
        raise MEETING_MACHINE.refuse_state("meeting.not_held", meeting.state, code=meeting.code)
