"""The incoming register's dynamic message keys, for tests/test_i18n.py."""

from typing import Any

GROUPS = {
    "incoming_action",
    "incoming_kind",
    "incoming_log",
    "incoming_mode",
    "incoming_state",
}
# Binding descriptions and titles built per step in screens/incoming.py.
PREFIXES = {"key.incoming_", "incoming.", "tui.incoming_"}


def keys(add: Any) -> None:
    from officedesk.models import incoming as model
    from officedesk.screens.handling.incoming import STEP_KEYS
    from officedesk.services.incoming import actions as svc

    add("incoming_state", model.STATES)
    add("incoming_kind", model.KINDS)
    add("incoming_mode", model.MODES)
    add("incoming_log", svc.LOG_KINDS)
    add("incoming_action", [*svc.INCOMING_ACTIONS, *svc.CIRCULATION_OPERATIONS])
    add("key", [f"incoming_{name}" for name, _key in STEP_KEYS])
    add("op", [f"incoming.{name}" for name, _key in STEP_KEYS])
