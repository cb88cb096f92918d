"""The incoming register's lifecycle: its states, which of them count as open or closed, and the
state machine (which step may follow which) every front end reads."""

from officedesk.models.incoming import STATES
from officedesk.services.states import StateMachine, Table

OPEN_STATES = frozenset(
    {"registered", "reviewed", "proposed", "instructed", "handling", "answered"}
)
CLOSED_STATES = frozenset({"returned", "done", "filed"})
WAITING_STATES = ("registered", "reviewed", "proposed")
# A document "to handle" is done only after handling; one "for reading" may be done (everyone
# has read it) without being handled.
HANDLED_BEFORE_DONE = frozenset({"handling", "answered"})
# Circulation: from the first review on, until the document is filed.
CIRCULATING_STATES = frozenset(OPEN_STATES - {"registered"}) | {"done"}

# 初审 accepts or returns a registered document; a document may go to a department straight
# after review or after the proposal, or after one or more leaders' instructions.
INCOMING_STEPS: Table = {
    "review": ({"registered"}, "reviewed"),
    "return": ({"registered"}, "returned"),
    "propose": ({"reviewed"}, "proposed"),
    "instruct": ({"proposed", "instructed"}, "instructed"),
    "handle": ({"reviewed", "proposed", "instructed"}, "handling"),
    "answer": ({"handling"}, "answered"),
    "done": ({"reviewed", "proposed", "instructed", "handling", "answered"}, "done"),
    "file": ({"done"}, "filed"),
}
INCOMING_MACHINE = StateMachine(name="incoming", states=STATES, table=INCOMING_STEPS)


def allowed_actions(state: str, mode: str = "handle") -> list[str]:
    """The legal steps from this state for a document in this mode: one to handle is done
    only after it was handled."""
    return [
        action
        for action in INCOMING_MACHINE.allowed(state)
        if not (action == "done" and mode == "handle" and state not in HANDLED_BEFORE_DONE)
    ]
