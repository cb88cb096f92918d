"""Human views of the coordination matters register (协调事项), shared by cli.matter and the
workbench's matters pane. Rich is imported inside the views only: the export reads COLUMNS
without it."""

from typing import TYPE_CHECKING, Any

from officedesk.i18n import label, t
from officedesk.text import display_safe, local_time
from officedesk.views.columns import Column

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from officedesk.models.matter import MatterRead

# The workbench sizes direction and state from their words in the current language.
COLUMNS = (
    Column("code", "field.code", 12, sort="code"),
    Column("direction", "field.direction", drop=2),
    Column("title", "field.title", 0),
    Column("lead_dept", "matter.lead", 10, cap=10, drop=1),
    Column("last_contact_at", "matter.last_contact", 11, sort="contact", drop=3),
    Column("state", "field.state", keep=True),
)


def state_text(matter: "MatterRead") -> str:
    """The state's word; an open matter gone stale says for how long."""
    word = label("matter_state", matter.state)
    if matter.stale:
        return t("matter.stale_state", state=word, days=matter.idle_workdays)
    return word


def matter_cells(matter: "MatterRead", this_year: int = 0) -> "list[Text]":
    """One list row, every user value as data (cell()), in COLUMNS order."""
    from rich.text import Text

    from officedesk.views.render import cell

    contact = matter.last_contact_at.astimezone()
    shown = contact.strftime("%m-%d" if contact.year == this_year else "%Y-%m-%d")
    return [
        cell(matter.code, "yellow" if matter.stale else ""),
        Text(label("matter_direction", matter.direction)),
        cell(matter.title),
        cell(matter.lead_dept or ""),
        Text(shown, "yellow" if matter.stale else ""),
        Text(state_text(matter), "yellow" if matter.stale else ""),
    ]


def matter_table(matters: "list[MatterRead]", *, has_more: bool, offset: int = 0) -> None:
    from officedesk.views.columns import print_page

    rows = [matter_cells(matter) for matter in matters]
    print_page(COLUMNS, rows, has_more=has_more, offset=offset)


def _log_line(entry: Any) -> "Text":
    """One log line: when, who (or what step), and the position or text, as data."""
    from officedesk.views.render import cell

    when = local_time(entry.at)
    if entry.kind == "contact":
        head = f"  {when}  {entry.party}："
    else:
        step = label("matter_log", entry.kind)
        party = f"（{entry.party}）" if entry.party else ""
        head = f"  {when}  [{step}{party}] "
    line = cell(head, "dim")
    line.append_text(cell(display_safe(entry.text, keep_newlines=False)))
    return line


def matter_detail_view(matter: "MatterRead") -> "RenderableType":
    """A matter: its facts, what is asked, the leader's decision, the outcome, its items with
    their states, and its log of contacts and steps, as one renderable. User values are data."""
    from rich.console import Group
    from rich.text import Text

    from officedesk.views.render import cell, heading, pairs_table

    parts: list[Any] = [Text.assemble((matter.code, "bold"), "  ", cell(matter.title, "bold"))]
    state = Text(state_text(matter), "yellow" if matter.stale else "")
    pairs: list[tuple[str, Any]] = [
        (t("field.state"), state),
        (t("field.direction"), Text(label("matter_direction", matter.direction))),
        (t("matter.lead"), matter.lead_dept or ""),
        (t("matter.involved"), t("list.sep").join(matter.depts)),
        (t("matter.last_contact"), local_time(matter.last_contact_at)),
        (t("matter.leader"), matter.leader),
    ]
    if matter.item_count:
        pairs.append(
            (t("matter.items"), t("matter.items_done", done=matter.items_done, n=matter.item_count))
        )
    parts.append(pairs_table(pairs, skip_empty=True))
    if matter.asked:
        parts += heading(t("field.asked"))
        parts.append(Text(display_safe(matter.asked, keep_newlines=True)))
    if matter.decision:
        parts += heading(t("matter.decision_by", leader=matter.leader))
        when = local_time(matter.decided_at) if matter.decided_at else ""
        parts.append(Text(display_safe(matter.decision, keep_newlines=True)))
        if when:
            parts.append(Text(when, "dim"))
    if matter.outcome:
        parts += heading(t("field.outcome"))
        parts.append(Text(display_safe(matter.outcome, keep_newlines=True)))
    if matter.items:
        parts += heading(t("matter.items"))
        for item in matter.items:
            line = cell(f"  {item.position}. {item.task_code}  {item.title}  ")
            facts = "  ".join(part for part in (item.dept or "", item.due.isoformat()) if part)
            line.append_text(cell(facts, "dim"))
            line.append("  ")
            line.append(label("state", item.task_state), "green" if item.done else "yellow")
            parts.append(line)
    if matter.log:
        parts += heading(t("matter.log"))
        parts += [_log_line(entry) for entry in matter.log]
    if matter.note:
        parts += [Text(""), Text(display_safe(matter.note, keep_newlines=True))]
    return Group(*parts)
