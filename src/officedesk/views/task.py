"""Human views of the supervision register, shared by cli.task, cli.today and the workbench's
supervision pane. Rich is imported inside the views only, so `--json` output and the export,
which read COLUMNS, never load it."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from officedesk.i18n import label, t
from officedesk.text import display_safe, local_time
from officedesk.views.columns import Column

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from officedesk.models.task_schemas import TaskRead

LIGHT_STYLES = {"red": "bold red", "yellow": "yellow", "green": "green"}

# What a row says at a glance; the workbench leaves working days left and priority to the
# detail (urgent rows are bold, overdue rows red, and the alert column says it in words).
COLUMNS = (
    Column("code", "field.code", 12, sort="code"),
    Column("light", "field.light"),
    Column("title", "field.title", 0),
    Column("dept", "field.dept", 10, cap=10, drop=1),
    Column("owner", "field.owner", 6, cap=8, drop=2),
    Column("due", "field.due", 10, sort="due"),
    Column("due_in_workdays", "field.due_in", cli_only=True),
    Column("state", "field.state"),
    Column("priority", "field.priority", cli_only=True),
)


def light_text(task: "TaskRead") -> "Text":
    from rich.text import Text

    if task.light is None:
        if task.on_time is False:
            return Text(t("light.late"), style="magenta")
        return Text("")
    return Text(label("light", task.light), style=LIGHT_STYLES[task.light])


def due_text(task: "TaskRead") -> "Text":
    from rich.text import Text

    text = Text(task.due.isoformat())
    if task.due_in_workdays is not None and task.light is not None:
        text.append(f" ({t('due.in_workdays', n=task.due_in_workdays)})", LIGHT_STYLES[task.light])
    if task.calendar_estimated:
        text.append(" *", "dim")
    return text


def workdays_text(task: Any) -> "Text":
    """Working days left, signed and coloured by the item's light (blank without one)."""
    from rich.text import Text

    if task.due_in_workdays is None or task.light is None:
        return Text("")
    return Text(f"{task.due_in_workdays:+d}", style=LIGHT_STYLES[task.light])


def task_table(tasks: Sequence["TaskRead"], *, has_more: bool, offset: int = 0) -> None:
    from rich.text import Text

    from officedesk.views.columns import fitted, footer
    from officedesk.views.render import cell, console

    out = console()
    if not tasks:
        out.print(Text(t("list.empty")))
        return
    rows = [
        [
            cell(task.code),
            light_text(task),
            cell(task.title),
            cell(task.dept or ""),
            cell(task.owner or ""),
            Text(task.due.isoformat() + (" *" if task.calendar_estimated else "")),
            workdays_text(task),
            Text(label("state", task.state)),
            Text(label("priority", task.priority)),
        ]
        for task in tasks
    ]
    out.print(fitted(COLUMNS, rows, out.width))
    line = footer(len(tasks), has_more, offset)
    estimated = [task.due for task in tasks if task.calendar_estimated]
    if estimated:
        from officedesk.views.day import beyond_law, estimated_note

        line += " " + estimated_note("calendar.estimated_note", any(map(beyond_law, estimated)))
    out.print(Text(line, style="dim"))


def task_detail_view(task: "TaskRead") -> "RenderableType":
    """An item, its extensions and its log, as one renderable (the CLI prints it, the TUI's
    detail pane shows it). Every user value goes through `cell()`: data, never markup."""
    from rich.console import Group
    from rich.text import Text

    from officedesk.views.render import cell, heading, pairs_table

    parts: list[RenderableType] = [
        Text.assemble((task.code, "bold"), "  ", cell(task.title, "bold"))
    ]
    due = due_text(task)
    if task.original_due != task.due:
        due.append(f"  {t('task.original_due', due=task.original_due.isoformat())}", "dim")
    state = Text(label("state", task.state))
    if task.light:
        state.append("  ").append_text(light_text(task))
    pairs: list[tuple[str, Any]] = [
        (t("field.state"), state),
        (
            t("field.source"),
            Text(label("source", task.source))
            + cell(f"  {task.source_ref}" if task.source_ref else ""),
        ),
        (t("field.category"), task.category),
        *([(t("field.task_leader"), task.leader)] if task.leader else []),
        (t("field.priority"), label("priority", task.priority)),
        (t("field.dept"), task.dept or ""),
        (t("field.owner"), task.owner or ""),
        (t("field.assigned_on"), task.assigned_on.isoformat()),
        (t("field.due"), due),
    ]
    if task.done_on:
        verdict = t("task.on_time") if task.on_time else t("task.late")
        pairs.append((t("field.done_on"), f"{task.done_on.isoformat()}  {verdict}"))
    if task.eval_score:
        pairs.append((t("field.evaluation"), f"{task.eval_score}/5  {task.eval_comment}"))
    if task.cancel_reason:
        pairs.append((t("field.cancel_reason"), task.cancel_reason))
    parts.append(pairs_table(pairs))
    if task.detail:
        parts += [Text(""), Text(display_safe(task.detail, keep_newlines=True))]
    if task.extensions:
        parts += heading(t("task.extensions"))
        parts += [
            cell(
                f"  {local_time(ext.requested_at)}  {ext.old_due} → {ext.new_due}  "
                f"{label('extension', ext.status)}"
                + (f"  {t('task.extension_late')}" if ext.late else "")
                + f"  {ext.reason}"
            )
            for ext in task.extensions
        ]
    if task.log:
        parts += heading(t("task.log"))
        for entry in task.log:
            kind = label("log", entry.kind)
            if entry.to_state:
                kind = t("list.labelled", label=kind, value=label("state", entry.to_state))
            text = Text(f"  {local_time(entry.at)}  ")
            text.append_text(cell(entry.author, "cyan"))
            text.append(f"  [{kind}]  ")
            text.append_text(cell(entry.text))
            parts.append(text)
    return Group(*parts)


def task_detail(task: "TaskRead") -> None:
    from officedesk.views.render import console

    console().print(task_detail_view(task))
