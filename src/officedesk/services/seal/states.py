"""The seal register's lifecycles: a seal's (engraved → active ⇄ suspended → recalled →
destroyed) and a use request's (requested → approved or refused → used), as the state machines
every front end reads."""

from officedesk.models.seal import REQUEST_STATES, SEAL_STATES
from officedesk.services.states import StateMachine, Table

RETIRED_STATES = frozenset({"recalled", "destroyed"})  # out of service for good
OPEN_STATES = frozenset(SEAL_STATES) - RETIRED_STATES  # search ranks these first
USABLE_STATE = "active"  # the one state in which a seal may be used
OPEN_REQUEST_STATES = ("requested", "approved")

SEAL_STEPS: Table = {
    "activate": ({"engraved"}, "active"),
    "suspend": ({"active"}, "suspended"),
    "reinstate": ({"suspended"}, "active"),
    "recall": ({"engraved", "active", "suspended"}, "recalled"),
    "destroy": ({"recalled"}, "destroyed"),
}
SEAL_MACHINE = StateMachine(name="seal", states=SEAL_STATES, table=SEAL_STEPS)

# A request is decided while it waits for approval, and used once it was approved: each refusal
# says which of the two the request is not.
REQUEST_STEPS: Table = {
    "approve": ({"requested"}, "approved"),
    "refuse": ({"requested"}, "refused"),
    "use": ({"approved"}, "used"),
}
REQUEST_MACHINE = StateMachine(
    name="seal_request",
    states=REQUEST_STATES,
    table=REQUEST_STEPS,
    refusals={
        "approve": "seal_request.not_pending",
        "refuse": "seal_request.not_pending",
        "use": "seal_request.not_approved",
    },
)
