"""A search hit as the front ends show it: its subtitle worded in the current language, and the
record --json prints (the hit's keys, with the subtitle in place of its raw parts)."""

from typing import TYPE_CHECKING, Any

from officedesk.i18n import label
from officedesk.registry import STATE_LABELS

if TYPE_CHECKING:
    from officedesk.services.search import SearchHit


def subtitle(hit: "SearchHit") -> str:
    """ "department · state", a department's kind, or "department · job title" (an award:
    "department · year")."""
    if hit.kind in STATE_LABELS:
        parts = [hit.context, label(STATE_LABELS[hit.kind], hit.tag) if hit.tag else ""]
    elif hit.kind == "department":
        parts = [label("kind", hit.tag) if hit.tag else ""]
    else:
        parts = [hit.context, hit.tag]
    return " · ".join(part for part in parts if part)


def hit_record(hit: "SearchHit") -> dict[str, Any]:
    """A hit for --json: which record, what to show, how well it matched."""
    return {
        "kind": hit.kind,
        "ref_id": hit.ref_id,
        "code": hit.code,
        "title": hit.title,
        "subtitle": subtitle(hit),
        "score": hit.score,
    }
