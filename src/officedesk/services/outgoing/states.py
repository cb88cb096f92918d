"""The outgoing register's lifecycle (standards.md §5.3): its states, which count as open, the
state machine every front end reads, and which states may be edited and what each offers."""

from officedesk.models.outgoing import OUTGOING_STATES as STATES
from officedesk.services.states import StateMachine, Table

# Not yet sent out: "open" in the list filters.
OPEN_STATES = frozenset(STATES[: STATES.index("dispatched")])

# `return` is 复核 finding a substantive change: back to the signer. `void` gives up the number;
# the document goes back to 复核 done and may be registered again under a new number.
OUTGOING_STEPS: Table = {
    "review": ({"draft"}, "reviewed"),
    "sign": ({"reviewed"}, "signed"),
    "check": ({"signed"}, "checked"),
    "return": ({"signed", "checked"}, "reviewed"),
    "register": ({"checked"}, "registered"),
    "print": ({"registered"}, "printed"),
    "dispatch": ({"printed"}, "dispatched"),
    "file": ({"dispatched"}, "filed"),
    "void": ({"registered", "printed"}, "checked"),
}
OUTGOING_MACHINE = StateMachine(name="outgoing", states=STATES, table=OUTGOING_STEPS)

EDITABLE_STATES = frozenset({"draft", "reviewed"})  # before signing: the record may be edited


def offered_operations(state: str) -> list[str]:
    """What the front ends offer for a document in this state: edit before signing, then the
    legal steps."""
    return (["edit"] if state in EDITABLE_STATES else []) + list(OUTGOING_MACHINE.allowed(state))
