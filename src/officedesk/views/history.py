"""The journal in the user's words, shared by `officedesk history` and the management screen."""

import contextlib
from datetime import datetime
from typing import TYPE_CHECKING, Any

from officedesk.i18n import catalogue, label, t
from officedesk.registry import STATE_LABELS
from officedesk.text import display_safe, local_time

SECONDS = "%Y-%m-%d %H:%M:%S"  # an audit trail's clock

if TYPE_CHECKING:
    from officedesk.services.history import UndoResult


def undo_summary(result: "UndoResult") -> str:
    """The confirmation of an undo (the CLI and the workbench say the same), naming the
    numbers it voided: those are never given again."""
    text = t(
        "undo.done",
        operation=label("op", result.operation),
        at=local_time(result.at),
        n=result.changes,
    )
    if result.voided:
        text += " " + t("undo.voided", numbers=t("list.sep").join(result.voided))
    return text


# A journal entity's state field → the label group wording it (the registers' own, and the
# seal requests' lifecycle, which has a table of its own).
STATE_GROUPS = {**STATE_LABELS, "seal_request": "seal_request_state"}
# Fields stored as a code whose label group has the field's name (source.leadership, …).
CODED_FIELDS = frozenset({"source", "urgency", "secrecy", "mode", "kind", "cause"})


def change_value(entity: str, key: str, value: Any) -> str:
    """One value as an audit trail reads it: a state or a code by its label, yes or no, a
    stored moment in local time to the second, nothing as a dash."""
    if value is None or value == "":
        return t("history.empty")
    if isinstance(value, bool):
        return t("history.yes" if value else "history.no")
    if key == "state" and entity in STATE_GROUPS:
        return label(STATE_GROUPS[entity], value)
    if key == "priority" and entity == "task" and isinstance(value, int):
        from officedesk.services.task.query import PRIORITIES  # stored as its rank, from 1

        if 1 <= value <= len(PRIORITIES):
            return label("priority", PRIORITIES[value - 1])
    if key in CODED_FIELDS and isinstance(value, str):
        words = catalogue("en")
        for group in (f"{entity}_{key}", f"{entity.partition('_')[0]}_{key}", key):
            if f"{group}.{value}" in words:  # the register's own group first: incoming_kind
                return label(group, value)
    if key.endswith("_at") and isinstance(value, str):
        with contextlib.suppress(ValueError):
            return local_time(datetime.fromisoformat(value), SECONDS)
    return display_safe(value)


def describe_change(change: Any) -> str:
    """One line per journal entry: what changed, in the user's words (a change that only
    touched the record's time, as a log line does, says so)."""
    entity = label("entity", change.entity)
    if change.action == "update" and change.after:
        shown = [key for key in change.after if key != "updated_at"] or list(change.after)
        parts = [
            t(
                "list.labelled",
                label=t("field." + key),
                value=f"{change_value(change.entity, key, change.before.get(key))} → "
                f"{change_value(change.entity, key, change.after[key])}",
            )
            for key in shown
        ]
        return f"{entity} " + t("list.parts.sep").join(parts) if parts else entity
    values = change.after or change.before or {}
    summary = (
        values.get("text")
        or values.get("title")
        or values.get("name")
        or values.get("reason")
        or ""
    )
    return f"{label('journal', change.action)} {entity} {display_safe(summary)}".strip()
