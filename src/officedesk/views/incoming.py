"""Human views of the incoming register, shared by cli.incoming and the workbench's incoming pane.
Neither Typer nor Textual is imported here, and Rich only inside the views, so `--json` output
never loads it."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from officedesk.i18n import label, t
from officedesk.text import local_time
from officedesk.views.columns import Column
from officedesk.views.marks import secrecy_text

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from officedesk.services.incoming.circulation import Reminded
    from officedesk.services.incoming.schemas import IncomingRead

# The workbench sizes received_at, urgency, state and lead_dept from their words (width None).
COLUMNS = (
    Column("code", "field.code", 12, sort="code"),
    # In a narrow terminal the sender goes first and the due date and the lead department last
    # (the director's questions: by when, and who has it).
    Column("received_at", "field.received_at", sort="received", drop=4),
    Column("urgency", "field.urgency", drop=3),
    Column("sender", "field.sender", 12, cap=14, drop=5),
    Column("title", "field.title", 0),
    Column("state", "field.state"),
    Column("due", "field.due", 10, sort="due", drop=2),
    Column("lead_dept", "field.lead_dept", cap=10, drop=1),
)
URGENCY_STYLES = {"extra_urgent": "bold red", "urgent": "yellow"}


def urgency_style(urgency: str) -> str:
    return URGENCY_STYLES.get(urgency, "")


def urgency_text(urgency: str) -> "Text":
    """A list's urgency cell: blank when normal, so the urgent ones stand out."""
    from rich.text import Text

    words = "" if urgency == "normal" else label("urgency", urgency)
    return Text(words, style=urgency_style(urgency))


def outcome_line(doc: "IncomingRead", message_key: str) -> str:
    """The one line after a step or a save: the document's code, title and new state."""
    return t(message_key, code=doc.code, title=doc.title, state=label("incoming_state", doc.state))


def step_line(doc: "IncomingRead", action: str) -> str:
    """The line after a step, saying what it did beyond the new state: the supervision item a
    hand-over opened, who the document circulates to, who has read it."""
    line = outcome_line(doc, "incoming.stepped")
    more = ""
    if action == "handle" and doc.task_code:
        due = doc.due.isoformat() if doc.due else ""
        dept = doc.lead_dept or ""
        more = t("incoming.handed_item", task=doc.task_code, dept=dept, due=due)
    elif action in ("circulate", "read") and doc.circulation:
        read = [row.reader for row in doc.circulation if row.read_at is not None]
        waiting = [row.reader for row in doc.circulation if row.read_at is None]
        sep = t("list.sep")
        more = t(
            "incoming.circulation_line",
            read=sep.join(read) or t("history.empty"),
            waiting=sep.join(waiting) or t("history.empty"),
        )
    if not more:
        return line
    # Chinese sentences follow each other without a space; English ones with one.
    return line + ("" if line.endswith("。") else " ") + more


def reminded_line(outcome: "Reminded") -> str:
    doc = outcome.document
    names = t("list.sep").join(outcome.names)
    return t("incoming.reminded", code=doc.code, n=len(outcome.names), names=names)


def incoming_table(docs: Sequence["IncomingRead"], *, has_more: bool, offset: int = 0) -> None:
    from rich.text import Text

    from officedesk.views.columns import print_page
    from officedesk.views.render import cell

    rows = [
        [
            cell(doc.code),
            Text(local_time(doc.received_at, "%m-%d %H:%M")),
            urgency_text(doc.urgency),
            cell(doc.sender),
            cell(doc.title),
            Text(label("incoming_state", doc.state)),
            Text(doc.due.isoformat() if doc.due else "", style="bold red" if doc.overdue else ""),
            cell(doc.lead_dept or ""),
        ]
        for doc in docs
    ]
    print_page(COLUMNS, rows, has_more=has_more, offset=offset)


def incoming_detail_view(doc: "IncomingRead") -> "RenderableType":
    """A document, its circulation and its log; every user value through cell(): data, never
    markup. The leader's instruction is shown with its line breaks, as written."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from officedesk.text import display_safe
    from officedesk.views.render import cell, heading

    def block(value: str) -> Text:
        return Text(display_safe(value, keep_newlines=True))

    parts: list[Any] = [Text.assemble((doc.code, "bold"), "  ", cell(doc.title, "bold"))]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")  # Chinese has no spaces to wrap at: fold, never cut

    def pair(key: str, value: Any) -> None:
        if value in (None, "", []):
            return
        grid.add_row(Text(t(key)), value if isinstance(value, Text) else cell(value))

    pair("field.state", label("incoming_state", doc.state))
    pair("field.kind", label("incoming_kind", doc.kind))
    pair("field.sender", doc.sender)
    pair("field.sender_number", doc.sender_number)
    pair("field.received_at", local_time(doc.received_at))
    pair(
        "field.urgency",
        Text(label("urgency", doc.urgency), style=urgency_style(doc.urgency)),
    )
    pair("field.secrecy", secrecy_text(doc.secrecy, doc.secrecy_years))
    pair("field.mode", label("incoming_mode", doc.mode))
    pair("field.caller", doc.caller)
    pair("field.phone", doc.phone)
    pair("field.return_reason", doc.return_reason)
    if doc.proposal:
        pair(
            "field.proposal", Text.assemble(block(doc.proposal), "  ", cell(doc.proposed_by, "dim"))
        )
    if doc.instruction:
        by = Text.assemble(
            cell(doc.leader, "cyan"), "  ", Text(local_time(doc.instructed_at), "dim")
        )
        pair("field.instruction", Text.assemble(block(doc.instruction), "\n", by))
    pair("field.lead_dept", doc.lead_dept)
    pair("field.assist", t("list.sep").join(doc.assist))
    if doc.due:
        due = Text(doc.due.isoformat(), style="bold red" if doc.overdue else "")
        if doc.due_in_workdays is not None:
            due.append(f" ({t('due.in_workdays', n=doc.due_in_workdays)})", "dim")
        pair("field.due", due)
    if doc.task_code:
        pair("field.task", f"{doc.task_code}  {label('state', doc.task_state)}")
    if doc.answer:
        pair("field.answer", Text.assemble(block(doc.answer), "  ", str(doc.answered_on or "")))
    pair("field.result", block(doc.result) if doc.result else "")
    pair("field.done_on", doc.done_on.isoformat() if doc.done_on else "")
    pair("field.filed_on", doc.filed_on.isoformat() if doc.filed_on else "")
    if doc.readers:
        holder = doc.holder or t("incoming.copy_in_office")
        pair(
            "field.holder",
            f"{holder}  {t('incoming.read_count', read=doc.readers - doc.unread, n=doc.readers)}",
        )
    parts.append(grid)
    if doc.summary:
        parts += [Text(""), block(doc.summary)]
    if doc.warnings:
        notices = Table.grid(padding=(0, 1))
        notices.add_column(no_wrap=True)
        notices.add_column(overflow="fold")  # the message folds beside its mark, not below it
        for notice in doc.warnings:
            notices.add_row(Text("⚠", "yellow"), Text(display_safe(notice.message()), "yellow"))
        parts += [Text(""), notices]
    if doc.circulation:
        parts += heading(t("incoming.circulation"))
        for row in doc.circulation:
            line = Text("  ")
            line.append_text(cell(row.reader, "cyan"))
            if row.reader_dept:
                line.append_text(cell(f" ({row.reader_dept})", "dim"))
            if row.read_at:
                line.append(f"  {t('incoming.read_on', at=local_time(row.read_at))}", "green")
            elif row.holder:
                line.append(f"  {t('incoming.holding', at=local_time(row.handed_at))}", "yellow")
            else:
                line.append(f"  {t('incoming.unread')}", "dim")
            if row.reminders:
                line.append(f"  {t('incoming.reminders', n=row.reminders)}", "magenta")
            parts.append(line)
    if doc.log:
        parts += [*heading(t("incoming.log")), _log_grid(doc)]
    return Group(*parts)


def _log_grid(doc: "IncomingRead") -> Any:
    """The log: a time column, and beside it who did what, folded under itself when long."""
    from rich.table import Table
    from rich.text import Text

    from officedesk.text import display_safe
    from officedesk.views.render import cell

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for entry in doc.log or []:
        kind = label("incoming_log", entry.kind)
        if entry.to_state:
            kind = t("list.labelled", label=kind, value=label("incoming_state", entry.to_state))
        text = cell(entry.author, "cyan")
        text.append(f"  [{kind}]  ")
        if entry.given_by:
            text.append_text(cell(t("list.labelled", label=entry.given_by, value=""), "bold"))
        if entry.kind == "edit":  # the changed fields' names, worded now
            names = [t(f"field.{name}") for name in entry.text.split(", ") if name]
            text.append(t("list.sep").join(names))
        else:
            text.append(display_safe(entry.text, keep_newlines=True))
        grid.add_row(Text(f"  {local_time(entry.at)}"), text)
    return grid
