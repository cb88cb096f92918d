"""`officedesk task …`: supervision items (督办)."""

from typing import Annotated, Any

import typer

from officedesk.cli.options import given, shared_options, values_of
from officedesk.cli.state import emit, read, write
from officedesk.i18n import t
from officedesk.services import task as svc

app = typer.Typer(help=t("help.task"), no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help=t("help.opt.json"))]
Refs = Annotated[list[str], typer.Argument(help=t("help.arg.refs"), show_default=False)]
Ref = Annotated[str, typer.Argument(help=t("help.arg.ref"), show_default=False)]
Note = Annotated[str, typer.Option("--note", "-n", help=t("help.opt.note"))]
Dept = Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.dept"))]
Owner = Annotated[str | None, typer.Option("--owner", "-o", help=t("help.opt.owner"))]
Due = Annotated[str | None, typer.Option("--due", help=t("help.opt.due"))]
Assigned = Annotated[str | None, typer.Option("--assigned", help=t("help.opt.assigned"))]
Source = Annotated[str | None, typer.Option("--source", help=t("help.opt.source"))]
Priority = Annotated[str | None, typer.Option("--priority", "-p", help=t("help.opt.priority"))]
Category = Annotated[str | None, typer.Option("--category", "-c", help=t("help.opt.category"))]


def _human_one(task: Any, message_key: str) -> None:
    from officedesk.cli.state import say

    say(t(message_key, code=task.code, title=task.title, due=task.due.isoformat()))


def _human_many(tasks: list[Any], message_key: str) -> None:
    from officedesk.cli.state import say

    say(t(message_key, n=len(tasks), codes=t("list.sep").join(task.code for task in tasks)))


def _assignment_options(
    dept: Dept = None,
    owner: Owner = None,
    assigned: Assigned = None,
    due: Due = None,
) -> None:
    """Who owns an item and by when: options `add` and `edit` share (cli.options)."""


@app.command("add", help=t("help.task.add"))
@shared_options(_assignment_options)
def add(
    title: Annotated[str, typer.Argument(help=t("help.arg.title"), show_default=False)],
    detail: Annotated[str, typer.Option("--detail", help=t("help.opt.detail"))] = "",
    source: Annotated[str, typer.Option("--source", help=t("help.opt.source"))] = "leadership",
    source_ref: Annotated[str, typer.Option("--ref", help=t("help.opt.source_ref"))] = "",
    category: Annotated[str, typer.Option("--category", "-c", help=t("help.opt.category"))] = "",
    priority: Annotated[
        str, typer.Option("--priority", "-p", help=t("help.opt.priority"))
    ] = "normal",
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = {
        "title": title,
        "detail": detail,
        "source": source,
        "source_ref": source_ref,
        "category": category,
        "priority": priority,
        **values_of(_assignment_options, fields, {"assigned": "assigned_on"}),
    }
    with write("task.add") as session:
        task = svc.create_task(session, data)
    return emit(task, as_json=as_json, human=lambda: _human_one(task, "task.added"))


@app.command("list", help=t("help.task.list"))
def list_(
    state: Annotated[str | None, typer.Option("--state", "-s", help=t("help.opt.state"))] = None,
    dept: Dept = None,
    owner: Owner = None,
    source: Source = None,
    category: Category = None,
    priority: Priority = None,
    overdue: Annotated[bool, typer.Option("--overdue", help=t("help.opt.overdue"))] = False,
    due_soon: Annotated[bool, typer.Option("--due-soon", help=t("help.opt.due_soon"))] = False,
    due_before: Annotated[
        str | None, typer.Option("--due-before", help=t("help.opt.due_before"))
    ] = None,
    due_after: Annotated[
        str | None, typer.Option("--due-after", help=t("help.opt.due_after"))
    ] = None,
    text: Annotated[str | None, typer.Option("--search", "-q", help=t("help.opt.search"))] = None,
    sort: Annotated[str, typer.Option("--sort", help=t("help.opt.sort"))] = "due",
    limit: Annotated[int, typer.Option("--limit", "-l", help=t("help.opt.limit"))] = 50,
    offset: Annotated[int, typer.Option("--offset", help=t("help.opt.offset"))] = 0,
    as_json: Json = False,
) -> Any:
    states = [s.strip() for s in state.split(",") if s.strip()] if state else None
    flt = svc.TaskFilter(
        states=states,
        dept=dept,
        owner=owner,
        source=source,
        category=category,
        priority=priority,
        overdue=overdue,
        due_soon=due_soon,
        due_before=due_before,
        due_after=due_after,
        text=text,
        sort=sort,
    )
    with read() as session:
        page = svc.list_tasks(session, flt, limit=limit, offset=offset)

    def human() -> None:
        from officedesk.views.task import task_table

        task_table(page.items, has_more=page.has_more, offset=offset)

    return emit(page.items, as_json=as_json, human=human)


@app.command("show", help=t("help.task.show"))
def show(ref: Ref, as_json: Json = False) -> Any:
    with read() as session:
        task = svc.get_task(session, ref, with_log=True)

    def human() -> None:
        from officedesk.views.task import task_detail

        task_detail(task)

    return emit(task, as_json=as_json, human=human)


@app.command("edit", help=t("help.task.edit"))
@shared_options(_assignment_options)
def edit(
    ref: Ref,
    title: Annotated[str | None, typer.Option("--title", help=t("help.arg.title"))] = None,
    detail: Annotated[str | None, typer.Option("--detail", help=t("help.opt.detail"))] = None,
    source: Source = None,
    source_ref: Annotated[str | None, typer.Option("--ref", help=t("help.opt.source_ref"))] = None,
    category: Category = None,
    priority: Priority = None,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = given(
        {
            "title": title,
            "detail": detail,
            "source": source,
            "source_ref": source_ref,
            "category": category,
            "priority": priority,
            **values_of(_assignment_options, fields, {"assigned": "assigned_on"}),
        }
    )
    with write("task.edit") as session:
        task = svc.update_task(session, ref, data)
    return emit(task, as_json=as_json, human=lambda: _human_one(task, "task.edited"))


def _each(operation: str, refs: list[str], apply: Any, message_key: str, as_json: bool) -> Any:
    """Apply one operation to several items in one transaction: all of them or none."""
    with write(operation) as session:
        done = [apply(session, ref) for ref in dict.fromkeys(refs)]
    return emit(done, as_json=as_json, human=lambda: _human_many(done, message_key))


@app.command("start", help=t("help.task.start"))
def start(refs: Refs, note: Note = "", as_json: Json = False) -> Any:
    return _each(
        "task.start", refs, lambda s, r: svc.start_task(s, r, note), "task.started", as_json
    )


@app.command("done", help=t("help.task.done"))
def done(
    refs: Refs,
    note: Note = "",
    on: Annotated[str | None, typer.Option("--on", help=t("help.opt.done_on"))] = None,
    as_json: Json = False,
) -> Any:
    return _each(
        "task.done", refs, lambda s, r: svc.complete_task(s, r, note, on), "task.completed", as_json
    )


@app.command("evaluate", help=t("help.task.evaluate"))
def evaluate(
    refs: Refs,
    score: Annotated[int, typer.Option("--score", help=t("help.opt.score"), show_default=False)],
    comment: Annotated[str, typer.Option("--comment", help=t("help.opt.comment"))] = "",
    as_json: Json = False,
) -> Any:
    return _each(
        "task.evaluate",
        refs,
        lambda s, r: svc.evaluate_task(s, r, score, comment),
        "task.evaluated",
        as_json,
    )


@app.command("cancel", help=t("help.task.cancel"))
def cancel(
    refs: Refs,
    reason: Annotated[str, typer.Option("--reason", help=t("help.opt.reason"))] = "",
    as_json: Json = False,
) -> Any:
    return _each(
        "task.cancel", refs, lambda s, r: svc.cancel_task(s, r, reason), "task.cancelled", as_json
    )


@app.command("reopen", help=t("help.task.reopen"))
def reopen(refs: Refs, note: Note = "", as_json: Json = False) -> Any:
    return _each(
        "task.reopen", refs, lambda s, r: svc.reopen_task(s, r, note), "task.reopened", as_json
    )


@app.command("remind", help=t("help.task.remind"))
def remind(refs: Refs, note: Note = "", as_json: Json = False) -> Any:
    return _each(
        "task.remind", refs, lambda s, r: svc.remind_task(s, r, note), "task.reminded", as_json
    )


@app.command("extend", help=t("help.task.extend"))
def extend(
    refs: Refs,
    due: Due = None,
    reason: Annotated[str, typer.Option("--reason", help=t("help.opt.extend_reason"))] = "",
    approve: Annotated[bool, typer.Option("--approve", help=t("help.opt.approve"))] = False,
    refuse: Annotated[bool, typer.Option("--refuse", help=t("help.opt.refuse"))] = False,
    note: Note = "",
    as_json: Json = False,
) -> Any:
    from officedesk.errors import InvalidInput

    if approve and refuse:
        raise InvalidInput("task.extend_both")
    if due is None and not (approve or refuse):
        raise InvalidInput("task.extend_what")

    def apply(session: Any, ref: str) -> Any:
        task = None
        if due is not None:
            task = svc.request_extension(session, ref, due, reason)
        if approve or refuse:
            task = svc.decide_extension(session, ref, approve, note)
        return task

    key = (
        "task.extension_requested"
        if not (approve or refuse)
        else ("task.extension_approved" if approve else "task.extension_refused")
    )
    return _each("task.extend", refs, apply, key, as_json)


@app.command("log", help=t("help.task.log"))
def log(
    ref: Ref,
    text: Annotated[str, typer.Argument(help=t("help.arg.log_text"), show_default=False)],
    kind: Annotated[str, typer.Option("--kind", help=t("help.opt.log_kind"))] = "note",
    as_json: Json = False,
) -> Any:
    with write("task.log") as session:
        task = svc.add_log_entry(session, ref, text, kind)
    return emit(task, as_json=as_json, human=lambda: _human_one(task, "task.logged"))
