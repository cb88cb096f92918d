"""The seal register's dynamic message keys (see tests/test_i18n.py register_key_modules)."""

from typing import Any

GROUPS = {"seal_state", "seal_kind", "seal_action", "seal_mark", "seal_request_state"}
# cli/seal.py words each lifecycle command's help as t(f"help.seal.{action}")
PREFIXES = {"help.seal."}


def keys(add: Any) -> None:
    from officedesk.services.seal import actions as seals
    from officedesk.services.seal import requests as seal_requests
    from officedesk.services.seal.states import SEAL_MACHINE

    add("seal_state", seals.STATES)
    add("seal_kind", seals.KINDS)
    add("seal_action", seals.EVENT_ACTIONS)
    add("seal_mark", ("void",))
    add("seal_request_state", seal_requests.REQUEST_STATES)
    # the TUI's lifecycle forms save under the step's own operation name
    add("op", [f"seal.{action}" for action in seals.SEAL_ACTIONS])
    # one lifecycle command per action of the seal's state machine, each with its own help
    add("help.seal", SEAL_MACHINE.actions)
