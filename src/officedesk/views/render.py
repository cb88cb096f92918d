"""Human output: Rich tables and detail views. Imported only when a human view is printed."""

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from officedesk.i18n import label, t
from officedesk.models.directory_schemas import DepartmentRead, PersonRead
from officedesk.models.task_schemas import TaskRead
from officedesk.text import display_safe, local_time

LIGHT_STYLES = {"red": "bold red", "yellow": "yellow", "green": "green"}


def console() -> Console:
    """A console for the current stdout and terminal size (not cached: under `batch` or tests
    one process prints through many streams)."""
    return Console(highlight=False, emoji=False)


def cell(value: object, style: str = "") -> Text:
    """User text as a Text object: never parsed as markup, control characters made visible."""
    return Text(display_safe(value if value is not None else ""), style=style)


def light_text(task: TaskRead) -> Text:
    if task.light is None:
        if task.on_time is False:
            return Text(t("light.late"), style="magenta")
        return Text("")
    return Text(label("light", task.light), style=LIGHT_STYLES[task.light])


def due_text(task: TaskRead) -> Text:
    text = Text(task.due.isoformat())
    if task.due_in_workdays is not None and task.light is not None:
        text.append(f" ({t('due.in_workdays', n=task.due_in_workdays)})", LIGHT_STYLES[task.light])
    if task.calendar_estimated:
        text.append(" *", "dim")
    return text


def workdays_text(task: TaskRead) -> Text:
    if task.due_in_workdays is None or task.light is None:
        return Text("")
    return Text(f"{task.due_in_workdays:+d}", style=LIGHT_STYLES[task.light])


TASK_COLUMNS = ("code", "light", "title", "dept", "owner", "due", "due_in", "state", "priority")
TITLE = TASK_COLUMNS.index("title")
CAPS = {TASK_COLUMNS.index("dept"): 10, TASK_COLUMNS.index("owner"): 8}


def fitted_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Text]],
    title_at: int,
    width: int,
    caps: dict[int, int] | None = None,
    ends: Sequence[bool] | None = None,
    keep: Collection[int] = (),
) -> Table:
    """Every fact keeps its width; the title gets what is left and is cut with an ellipsis on a
    character boundary (Rich measures a CJK character as two cells).

    In a narrow terminal (80 columns, or a pipe) a register with many facts would leave the
    title a few cells: then the facts right of the title are left out, the last first, then
    those left of it but the first (the code) and those in `keep`, until the title has
    MIN_TITLE cells."""
    from officedesk.cells import MIN_TITLE

    caps = caps or {}
    widths = [
        min(caps.get(i, 999), max(cell_len(headers[i]), *(row[i].cell_len for row in rows)))
        for i in range(len(headers))
    ]
    shown = list(range(len(headers)))
    droppable = [i for i in reversed(shown) if i > title_at and i not in keep] + [
        i for i in reversed(shown) if 0 < i < title_at and i not in keep
    ]

    def room_left() -> int:
        gutters = 2 * (len(shown) - 1)
        return width - gutters - sum(widths[i] for i in shown if i != title_at)

    while room_left() < MIN_TITLE and droppable:
        shown.remove(droppable.pop(0))
    room = max(8, room_left())
    table = Table(
        box=box.SIMPLE_HEAD,
        header_style="bold",
        padding=(0, 1, 0, 0),
        pad_edge=False,
        show_edge=False,
    )
    for i in shown:
        if i == title_at:
            table.add_column(headers[i], no_wrap=True, overflow="ellipsis", max_width=room)
        else:
            table.add_column(
                headers[i],
                no_wrap=True,
                overflow="ellipsis",
                min_width=widths[i],
                max_width=widths[i],
            )
    from officedesk.cells import fit_cell

    for index, row in enumerate(rows):
        cells = list(row)
        cells[title_at] = fit_cell(cells[title_at], room, pad=False)
        for at, cap in caps.items():
            cells[at] = fit_cell(cells[at], cap, pad=False)
        table.add_row(*(cells[i] for i in shown), end_section=bool(ends and ends[index]))
    return table


def task_table(tasks: Sequence[TaskRead], *, has_more: bool, offset: int = 0) -> None:
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
    headers = [t(f"field.{key}") for key in TASK_COLUMNS]
    out.print(fitted_table(headers, rows, TITLE, out.width, CAPS))
    footer = t("list.shown", first=offset + 1, last=offset + len(tasks))
    if has_more:
        footer += " " + t("list.more", next=offset + len(tasks))
    if any(task.calendar_estimated for task in tasks):
        footer += " " + t("calendar.estimated_note")
    out.print(Text(footer, style="dim"))


def pairs_table(pairs: Iterable[tuple[str, Any]], *, skip_empty: bool = False) -> Table:
    """Label and value, one pair a row: every register's detail view is built from these.

    The value column folds: Chinese has no spaces to wrap at, so Rich would otherwise cut a
    long instruction or reason at the pane's edge. User values go through cell() (data, never
    markup); a value that is already a Text is kept with its styles."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for key, value in pairs:
        if skip_empty and value in ("", None):
            continue
        table.add_row(Text(key), value if isinstance(value, Text) else cell(value))
    return table


def task_detail_view(task: TaskRead) -> RenderableType:
    """An item, its extensions and its log, as one renderable (the CLI prints it, the TUI's
    detail pane shows it). Every user value goes through `cell()`: data, never markup."""
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
        parts += [Text(""), Text(t("task.extensions"), style="bold")]
        parts += [
            cell(
                f"  {local_time(ext.requested_at)}  {ext.old_due} → {ext.new_due}  "
                f"{label('extension', ext.status)}  {ext.reason}"
            )
            for ext in task.extensions
        ]
    if task.log:
        parts += [Text(""), Text(t("task.log"), style="bold")]
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


def task_detail(task: TaskRead) -> None:
    console().print(task_detail_view(task))


def department_table(items: Sequence[DepartmentRead], *, has_more: bool) -> None:
    table = Table(header_style="bold", pad_edge=False)
    for key in ("id", "name", "code", "kind", "parent", "people"):
        table.add_column(t(f"field.{key}"), no_wrap=True, overflow="ellipsis")
    for dept in items:
        table.add_row(
            str(dept.id),
            cell(dept.name),
            cell(dept.code or ""),
            Text(label("kind", dept.kind)),
            cell(dept.parent or ""),
            str(dept.people),
        )
    _print_table(table, len(items), has_more)


def person_table(items: Sequence[PersonRead], *, has_more: bool) -> None:
    table = Table(header_style="bold", pad_edge=False)
    for key in ("id", "name", "dept", "job_title", "phone", "email"):
        table.add_column(t(f"field.{key}"), no_wrap=True, overflow="ellipsis")
    for person in items:
        table.add_row(
            str(person.id),
            cell(person.name),
            cell(person.dept or ""),
            cell(person.title),
            cell(person.phone),
            cell(person.email),
        )
    _print_table(table, len(items), has_more)


def _print_table(table: Table, count: int, has_more: bool) -> None:
    out = console()
    if not count:
        out.print(Text(t("list.empty")))
        return
    out.print(table)
    if has_more:
        out.print(Text(t("list.truncated", n=count), style="dim"))


def department_detail(dept: DepartmentRead) -> None:
    console().print(
        pairs_table(
            [
                (t("field.id"), str(dept.id)),
                (t("field.name"), dept.name),
                (t("field.code"), dept.code or ""),
                (t("field.kind"), label("kind", dept.kind)),
                (t("field.parent"), dept.parent or ""),
                (t("field.people"), str(dept.people)),
                (t("field.note"), dept.note),
            ]
        )
    )


def person_detail(person: PersonRead) -> None:
    console().print(
        pairs_table(
            [
                (t("field.id"), str(person.id)),
                (t("field.name"), person.name),
                (t("field.dept"), person.dept or ""),
                (t("field.job_title"), person.title),
                (t("field.phone"), person.phone),
                (t("field.email"), person.email),
            ]
        )
    )


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
