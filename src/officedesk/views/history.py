"""The journal in the user's words, shared by `officedesk history` and the management screen."""

from typing import TYPE_CHECKING, Any

from officedesk.i18n import label, t
from officedesk.text import display_safe, local_time

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


def describe_change(change: Any) -> str:
    """One line per journal entry: what changed, in the user's words."""
    entity = label("entity", change.entity)
    if change.action == "update" and change.after:
        parts = [
            t(
                "list.labelled",
                label=t("field." + key),
                value=f"{display_safe(change.before.get(key))} → {display_safe(value)}",
            )
            for key, value in change.after.items()
            if key not in ("updated_at",)
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
