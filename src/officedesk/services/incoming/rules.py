"""The incoming register's rules as data: the states, the step table (which step may follow
which, for a document to handle or for reading), and what the front ends offer."""

from officedesk.models.incoming import STATES
from officedesk.notices import Notice
from officedesk.services.incoming.schemas import IncomingRead

OPEN_STATES = frozenset(
    {"registered", "reviewed", "proposed", "instructed", "handling", "answered"}
)
CLOSED_STATES = frozenset({"returned", "done", "filed"})
WAITING_STATES = ("registered", "reviewed", "proposed")
URGENT = frozenset({"extra_urgent", "urgent"})
LOG_KINDS = ("state", "instruction", "circulate", "read", "remind", "edit", "item_done")

# The state table: action → (states it may start from, state it leads to). 初审 accepts or
# returns a registered document; a document may go to a department straight after review or
# after the proposal, or after one or more leaders' instructions.
INCOMING_ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "review": (frozenset({"registered"}), "reviewed"),
    "return": (frozenset({"registered"}), "returned"),
    "propose": (frozenset({"reviewed"}), "proposed"),
    "instruct": (frozenset({"proposed", "instructed"}), "instructed"),
    "handle": (frozenset({"reviewed", "proposed", "instructed"}), "handling"),
    "answer": (frozenset({"handling"}), "answered"),
    "done": (frozenset({"reviewed", "proposed", "instructed", "handling", "answered"}), "done"),
    "file": (frozenset({"done"}), "filed"),
}
# A document "to handle" is done only after handling; one "for reading" may be done (everyone
# has read it) without being handled.
HANDLED_BEFORE_DONE = frozenset({"handling", "answered"})
INCOMING_TRANSITIONS: dict[str, frozenset[str]] = {
    state: frozenset(to for sources, to in INCOMING_ACTIONS.values() if state in sources)
    for state in STATES
}
# Circulation: from the first review on, until the document is filed.
CIRCULATING_STATES = frozenset(OPEN_STATES - {"registered"}) | {"done"}
CIRCULATION_OPERATIONS = ("circulate", "read", "remind")


def allowed_actions(state: str, mode: str = "handle") -> list[str]:
    """The legal steps from this state for a document in this mode."""
    legal = []
    for action, (sources, _to) in INCOMING_ACTIONS.items():
        if state not in sources:
            continue
        if action == "done" and mode == "handle" and state not in HANDLED_BEFORE_DONE:
            continue
        legal.append(action)
    return legal


def offered_operations(doc: IncomingRead) -> list[str]:
    """What the front ends offer for this document: its legal steps, then circulation."""
    offered = allowed_actions(doc.state, doc.mode)
    if doc.state in CIRCULATING_STATES:
        offered.append("circulate")
        if doc.unread:
            offered += ["read", "remind"]
    return offered


def step_notices(doc: IncomingRead) -> list[Notice]:
    """What a step has to say: the document's standing warnings (its sender's number) were
    already given when it was registered or edited."""
    return [notice for notice in doc.warnings if not notice.key.startswith("docnumber.")]
