"""The incoming register's rules as data: what the front ends offer for a document, and what a
step has to say; the states and the step table are in services.incoming.states."""

from officedesk.notices import Notice
from officedesk.services.incoming.schemas import IncomingRead
from officedesk.services.incoming.states import (
    CIRCULATING_STATES,
    CLOSED_STATES,  # noqa: F401 - screens read it here
    allowed_actions,
)

URGENT = frozenset({"flash", "extra_urgent", "urgent"})
LOG_KINDS = ("state", "instruction", "circulate", "read", "remind", "edit", "item_done")
CIRCULATION_OPERATIONS = ("circulate", "read", "remind")


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
