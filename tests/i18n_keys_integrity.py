"""Dynamic message keys of voided numbers and the database check, for tests/test_i18n.py."""

from typing import Any

GROUPS = {"void_cause"}
PREFIXES = {"check.name."}


def keys(add: Any) -> None:
    from officedesk.services.integrity import CHECKS
    from officedesk.services.number_voids import VOID_CAUSES

    add("void_cause", VOID_CAUSES)
    add("check.name", CHECKS)
