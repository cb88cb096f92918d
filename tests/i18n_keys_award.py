"""The award register's dynamic message keys, for tests/test_i18n.py."""

from typing import Any

GROUPS = {"staff_event_kind"}
PREFIXES: set[str] = set()


def keys(add: Any) -> None:
    from officedesk.services import award as awards

    add("staff_event_kind", awards.KINDS)
