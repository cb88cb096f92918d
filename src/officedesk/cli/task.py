"""`officedesk task …`: supervision items (督办)."""

from collections.abc import Callable
from typing import Annotated, Any

import typer

from officedesk.cli.fields import confirming
from officedesk.cli.list_options import Overdue, search_option, state_option
from officedesk.cli.options import Dept, Json, Note, given, shared_options, values_of
from officedesk.cli.register_options import DoneOn, Due, NewTitle, Title
from officedesk.cli.verbs import command, each, list_command, listing, show_command, wrote
from officedesk.i18n import t
from officedesk.services import task as svc
from officedesk.services.task.states import TASK_MACHINE
from officedesk.views.task import task_detail, task_table
from officedesk.views.task_reminders import reminder_table

app = typer.Typer(help=t("help.task"), no_args_is_help=True)

Refs = Annotated[list[str], typer.Argument(help=t("help.arg.refs"), show_default=False)]
Ref = Annotated[str, typer.Argument(help=t("help.arg.ref"), show_default=False)]
Owner = Annotated[str | None, typer.Option("--owner", "-o", help=t("help.opt.owner"))]
Assigned = Annotated[str | None, typer.Option("--assigned", help=t("help.opt.assigned"))]
Source = Annotated[str | None, typer.Option("--source", help=t("help.opt.source"))]
Priority = Annotated[str | None, typer.Option("--priority", "-p", help=t("help.opt.priority"))]
Category = Annotated[str | None, typer.Option("--category", "-c", help=t("help.opt.category"))]


def _human_one(task: Any, message_key: str) -> None:
    from officedesk.cli.state import say

    say(t(message_key, code=task.code, title=task.title, due=task.due.isoformat()))


def _notices(task: Any) -> list[Any]:
    """The item's warnings (a due date on a rest day), on stderr after what was written."""
    from officedesk.cli.state import context

    return svc.task_notices(context().calendar, task)


def _human_many(tasks: list[Any], message_key: str) -> None:
    from officedesk.cli.state import say
    from officedesk.text import display_safe

    say(t(message_key, n=len(tasks), codes=t("list.sep").join(task.code for task in tasks)))
    if message_key == "task.completed":  # 果必报: each result went back to its leader
        for task in tasks:
            if task.leader:
                say(t("task.reported", code=task.code, leader=display_safe(task.leader)))


# A write on one item: the confirmation, then the item's warnings.
_wrote = confirming(_human_one, _notices)


def _item_options(
    detail: Annotated[str | None, typer.Option("--detail", help=t("help.opt.detail"))] = None,
    source: Source = None,
    source_ref: Annotated[str | None, typer.Option("--ref", help=t("help.opt.source_ref"))] = None,
    leader: Annotated[str | None, typer.Option("--leader", help=t("help.opt.task_leader"))] = None,
    category: Category = None,
    priority: Priority = None,
    dept: Dept = None,
    owner: Owner = None,
    assigned: Assigned = None,
    due: Due = None,
) -> None:
    """What an item is, who owns it and by when: options `add` and `edit` share (cli.options);
    `add` gives some of them a default, `edit` changes only those given."""


# The options whose name is not the service's field name.
RENAMED = {"assigned": "assigned_on"}


@app.command("add", help=t("help.task.add"))
@shared_options(
    _item_options,
    defaults={
        "detail": "",
        "source": "leadership",
        "source_ref": "",
        "leader": "",
        "category": "",
        "priority": "normal",
    },
)
def add(
    title: Title,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = add_data(title, fields)
    return _wrote("task.add", lambda s: svc.create_task(s, data), "task.added", as_json)


def add_data(title: str, fields: dict[str, Any]) -> dict[str, Any]:
    """What `task add` hands the service, for the command and for an atomic batch's run of
    `task add` lines (cli.batch_runs), which reads the same options without running it."""
    return {"title": title, **values_of(_item_options, fields, RENAMED)}


def _filters(
    state: Annotated[str | None, state_option("help.opt.state")] = None,
    dept: Dept = None,
    owner: Owner = None,
    source: Source = None,
    category: Category = None,
    priority: Priority = None,
    overdue: Overdue = False,
    due_soon: Annotated[bool, typer.Option("--due-soon", help=t("help.opt.due_soon"))] = False,
    due_before: Annotated[
        str | None, typer.Option("--due-before", help=t("help.opt.due_before"))
    ] = None,
    due_after: Annotated[
        str | None, typer.Option("--due-after", help=t("help.opt.due_after"))
    ] = None,
    assigned_since: Annotated[
        str | None, typer.Option("--assigned-since", help=t("help.opt.assigned_since"))
    ] = None,
    assigned_until: Annotated[
        str | None, typer.Option("--assigned-until", help=t("help.opt.assigned_until"))
    ] = None,
    done_since: Annotated[
        str | None, typer.Option("--done-since", help=t("help.opt.done_since"))
    ] = None,
    done_until: Annotated[
        str | None, typer.Option("--done-until", help=t("help.opt.done_until"))
    ] = None,
    on_time: Annotated[
        bool | None, typer.Option("--on-time/--late", help=t("help.opt.on_time"))
    ] = None,
    text: Annotated[str | None, search_option("help.opt.search")] = None,
    sort: Annotated[str, typer.Option("--sort", help=t("help.opt.sort"))] = "due",
) -> None:
    """`list`'s filters, by the names of the service's filter fields."""


list_command(
    app,
    "help.task.list",
    _filters,
    listing("officedesk.services.task", "list_tasks", "TaskFilter"),
    task_table,
)


def _reminder_filters(
    since: Annotated[
        str | None, typer.Option("--since", help=t("help.opt.reminders_since"))
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help=t("help.opt.reminders_until"))
    ] = None,
    dept: Dept = None,
) -> None:
    """`reminders`' filters: ReminderFilter's fields."""


list_command(
    app,
    "help.task.reminders",
    _reminder_filters,
    listing("officedesk.services.task.query", "list_reminders", "ReminderFilter"),
    reminder_table,
    name="reminders",
)


show_command(
    app,
    "help.task.show",
    Ref,
    lambda s, ref: svc.get_task(s, ref, with_log=True),
    task_detail,
    notices=_notices,
)


@app.command("edit", help=t("help.task.edit"))
@shared_options(_item_options)
def edit(
    ref: Ref,
    title: NewTitle = None,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = given({"title": title, **values_of(_item_options, fields, RENAMED)})
    return _wrote("task.edit", lambda s: svc.update_task(s, ref, data), "task.edited", as_json)


def _each(operation: str, refs: list[str], apply: Any, message_key: str, as_json: bool) -> Any:
    """Apply one operation to several items in one transaction: all of them or none."""
    return each(
        operation, refs, apply, as_json=as_json, human=lambda done: _human_many(done, message_key)
    )


# Each step's parameters: the items first, then its options, in the order the service takes them.
def _noted(refs: Refs, note: Note = "") -> None: ...


def _completion(
    refs: Refs,
    note: Note = "",
    on: DoneOn = None,
) -> None: ...


def _evaluation(
    refs: Refs,
    score: Annotated[int, typer.Option("--score", help=t("help.opt.score"), show_default=False)],
    comment: Annotated[str, typer.Option("--comment", help=t("help.opt.comment"))] = "",
) -> None: ...


def _cancellation(
    refs: Refs,
    reason: Annotated[str, typer.Option("--reason", help=t("help.opt.reason"))] = "",
) -> None: ...


# The machine's steps and the reminder: action → (parameters, service step, confirmation).
STEPS: dict[str, tuple[Callable[..., None], Callable[..., Any], str]] = {
    "start": (_noted, svc.start_task, "task.started"),
    "done": (_completion, svc.complete_task, "task.completed"),
    "evaluate": (_evaluation, svc.evaluate_task, "task.evaluated"),
    "cancel": (_cancellation, svc.cancel_task, "task.cancelled"),
    "reopen": (_noted, svc.reopen_task, "task.reopened"),
    "remind": (_noted, svc.remind_task, "task.reminded"),
}


def _step(action: str) -> None:
    parameters, apply, message_key = STEPS[action]

    def run(refs: list[str], *options: Any, as_json: bool) -> Any:
        return _each(
            f"task.{action}", refs, lambda s, r: apply(s, r, *options), message_key, as_json
        )

    command(app, action, f"help.task.{action}", parameters, run)


for _action in (*TASK_MACHINE.actions, "remind"):
    _step(_action)


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
    return each("task.extend", refs, apply, as_json=as_json, human=lambda d: _human_many(d, key))


@app.command("log", help=t("help.task.log"))
def log(
    ref: Ref,
    text: Annotated[str, typer.Argument(help=t("help.arg.log_text"), show_default=False)],
    kind: Annotated[str, typer.Option("--kind", help=t("help.opt.log_kind"))] = "note",
    as_json: Json = False,
) -> Any:
    return wrote(
        "task.log",
        lambda s: svc.add_log_entry(s, ref, text, kind),
        as_json=as_json,
        human=lambda task: _human_one(task, "task.logged"),
    )
