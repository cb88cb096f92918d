"""Human views of the awards register (评比表彰) and the staff events (员工大会), shared by
cli.award and the workbench's awards pane. Rich is imported inside the views only: the export
reads COLUMNS without it."""

from typing import TYPE_CHECKING, Any

from officedesk.i18n import label, t
from officedesk.text import display_safe
from officedesk.views.columns import Column

if TYPE_CHECKING:
    from rich.console import RenderableType

    from officedesk.models.award import AwardRead, EventRead

COLUMNS = (
    Column("year", "field.year", 6),
    Column("name", "field.name", 18, cap=16),
    Column("recipient_name", "field.recipient_name", 14),
    Column("dept", "field.dept", 14, cap=10, drop=1),
    Column("reason", "field.reason", 0),
)
EVENT_COLUMNS = (
    Column("held_on", "field.held_on", 10),
    Column("kind", "field.kind", 10),
    Column("title", "field.title", 0),
    Column("place", "field.place", 16, drop=1),
)


def award_table(
    awards: "list[AwardRead]", *, by: str = "year", has_more: bool = False, offset: int = 0
) -> None:
    """Grouped as ordered: a rule under each year (or each department)."""
    from rich.text import Text

    from officedesk.views.columns import print_page
    from officedesk.views.render import cell

    rows = [
        [
            Text(str(a.year)),
            cell(a.name),
            cell(a.recipient_name),
            cell(a.dept or ""),
            cell(a.reason),
        ]
        for a in awards
    ]
    group = (lambda a: a.dept_id) if by == "dept" else (lambda a: a.year)
    ends = [i + 1 < len(awards) and group(a) != group(awards[i + 1]) for i, a in enumerate(awards)]
    print_page(COLUMNS, rows, has_more=has_more, offset=offset, ends=ends)


def event_table(events: "list[EventRead]", *, has_more: bool = False, offset: int = 0) -> None:
    from rich.text import Text

    from officedesk.views.columns import print_page
    from officedesk.views.render import cell

    rows = [
        [
            Text(e.held_on.isoformat()),
            Text(label("staff_event_kind", e.kind)),
            cell(e.title),
            cell(e.place),
        ]
        for e in events
    ]
    print_page(EVENT_COLUMNS, rows, has_more=has_more, offset=offset)


def _grid(pairs: list[tuple[str, Any]]) -> Any:
    from officedesk.views.render import pairs_table

    return pairs_table(pairs, skip_empty=True)


def award_detail_view(award: "AwardRead") -> "RenderableType":
    from rich.console import Group
    from rich.text import Text

    from officedesk.views.render import cell

    recipient_key = "award.to_person" if award.recipient == "person" else "award.to_dept"
    event = ""
    if award.event:
        event = f"{award.event_on.isoformat() if award.event_on else ''} {award.event}".strip()
    pairs: list[tuple[str, Any]] = [
        (t("field.year"), str(award.year)),
        (
            t("field.recipient_name"),
            t("award.recipient_line", name=award.recipient_name, what=t(recipient_key)),
        ),
        (t("field.dept"), award.dept or ""),
        (t("field.doc_ref"), award.doc_ref),
        (t("field.event_id"), event),
        (t("field.awarded_on"), award.awarded_on.isoformat() if award.awarded_on else ""),
    ]
    parts: list[Any] = [
        Text.assemble((f"{award.year} ", "bold"), cell(award.name, "bold")),
        _grid(pairs),
    ]
    if award.reason:
        parts += [Text(""), Text(display_safe(award.reason, keep_newlines=True))]
    return Group(*parts)


def event_detail_view(event: "EventRead", awards: "list[AwardRead]") -> "RenderableType":
    from rich.console import Group
    from rich.text import Text

    from officedesk.views.render import cell, heading

    pairs: list[tuple[str, Any]] = [
        (t("field.held_on"), event.held_on.isoformat()),
        (t("field.kind"), Text(label("staff_event_kind", event.kind))),
        (t("field.place"), event.place),
    ]
    parts: list[Any] = [cell(event.title, "bold"), _grid(pairs)]
    if event.note:
        parts += [Text(""), Text(display_safe(event.note, keep_newlines=True))]
    if awards:
        parts += heading(t("award.event_awards", n=len(awards)))
        parts += [cell(f"  {a.name}  {a.recipient_name}") for a in awards]
    return Group(*parts)
