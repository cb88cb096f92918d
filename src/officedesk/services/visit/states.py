"""The visits' lifecycle (公务接待): its states, which count as open or closed, the state machine
every front end reads, and what each state offers."""

from typing import Any

from officedesk.models.visit import VISIT_STATES as STATES
from officedesk.services.states import StateMachine, Table

# Not yet finished with: still to happen, or happened and not yet paid for.
OPEN_STATES = frozenset({"planned", "confirmed", "done"})
CLOSED_STATES = frozenset({"settled", "cancelled"})

VISIT_STEPS: Table = {
    "confirm": ({"planned"}, "confirmed"),
    "done": ({"confirmed"}, "done"),
    "settle": ({"done"}, "settled"),
    "cancel": ({"planned", "confirmed"}, "cancelled"),
}
VISIT_MACHINE = StateMachine(name="visit", states=STATES, table=VISIT_STEPS)


def offered_operations(state: str) -> list[str]:
    """What the front ends offer for a visit in this state: its legal steps, and changes to
    the record, its guests and its activities while it is not settled or cancelled."""
    offered = list(VISIT_MACHINE.allowed(state))
    if state not in CLOSED_STATES:
        offered += ["edit", "guests", "activity"]
    return offered


def ensure_open(visit: Any) -> None:
    """Refuse a change to a settled or cancelled visit (its record, guests or activities)."""
    if visit.state in CLOSED_STATES:
        raise VISIT_MACHINE.refuse_state("visit.closed", visit.state, code=visit.code)
