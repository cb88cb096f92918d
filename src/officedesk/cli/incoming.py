"""`officedesk incoming …`: the incoming register (收文 / 来电 / 来函). The human views are in
views.incoming, shared with the workbench's incoming pane."""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.fields import confirming
from officedesk.cli.list_options import Overdue, search_option, state_option
from officedesk.cli.options import Json, Note, given, note_option, shared_options, values_of
from officedesk.cli.register_options import DoneOn, Due, NewTitle, Title
from officedesk.cli.state import emit, say, write
from officedesk.cli.verbs import command, each, list_command, listing, printed, show_command
from officedesk.i18n import t
from officedesk.services.incoming import actions as svc
from officedesk.services.incoming.states import INCOMING_MACHINE
from officedesk.views.incoming import (
    incoming_detail_view,
    incoming_table,
    outcome_line,
    reminded_line,
    step_line,
)

if TYPE_CHECKING:
    from officedesk.services.incoming.schemas import IncomingRead

app = typer.Typer(help=t("help.incoming"), no_args_is_help=True)

Ref = Annotated[str, typer.Argument(help=t("help.arg.incoming_ref"), show_default=False)]
Refs = Annotated[list[str], typer.Argument(help=t("help.arg.incoming_refs"), show_default=False)]
Dept = Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.incoming_dept"))]
Kind = Annotated[str | None, typer.Option("--kind", "-k", help=t("help.opt.incoming_kind"))]
Sender = Annotated[str | None, typer.Option("--sender", "-f", help=t("help.opt.sender"))]
Number = Annotated[str | None, typer.Option("--number", help=t("help.opt.sender_number"))]
Received = Annotated[str | None, typer.Option("--received", help=t("help.opt.received"))]
Urgency = Annotated[str | None, typer.Option("--urgency", "-u", help=t("help.opt.urgency"))]
Secrecy = Annotated[str | None, typer.Option("--secrecy", help=t("help.opt.secrecy"))]
Years = Annotated[int | None, typer.Option("--secrecy-years", help=t("help.opt.secrecy_years"))]
Mode = Annotated[str | None, typer.Option("--mode", "-m", help=t("help.opt.incoming_mode"))]
Summary = Annotated[str | None, typer.Option("--summary", help=t("help.opt.summary"))]
Caller = Annotated[str | None, typer.Option("--caller", help=t("help.opt.caller"))]
Phone = Annotated[str | None, typer.Option("--phone", help=t("help.opt.phone"))]


# A write on one document: the outcome, then the document's warnings (stderr, exit 0).
_wrote = confirming(lambda doc, key: say(outcome_line(doc, key)), lambda doc: doc.warnings)
# A step on one document: its line, then the step's warnings.
_stepped = confirming(lambda doc, action: say(step_line(doc, action)), svc.step_notices)


def _document_options(
    kind: Kind = None,
    sender: Sender = None,
    number: Number = None,
    received: Received = None,
    urgency: Urgency = None,
    secrecy: Secrecy = None,
    secrecy_years: Years = None,
    mode: Mode = None,
    summary: Summary = None,
    caller: Caller = None,
    phone: Phone = None,
    due: Due = None,
) -> None:
    """The options `add` and `edit` share (see cli.options.shared_options)."""


# The options whose name is not the service's field name.
RENAMED = {"number": "sender_number", "received": "received_at"}


@app.command("add", help=t("help.incoming.add"))
@shared_options(_document_options)
def add(
    title: Title,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = given({"title": title, **values_of(_document_options, fields, RENAMED)})
    return _wrote("incoming.add", lambda s: svc.create_incoming(s, data), "incoming.added", as_json)


@app.command("call", help=t("help.incoming.call"))
def call(
    title: Annotated[str, typer.Argument(help=t("help.arg.call_title"), show_default=False)],
    caller: Caller = None,
    unit: Annotated[str | None, typer.Option("--unit", help=t("help.opt.unit"))] = None,
    phone: Phone = None,
    at: Annotated[str | None, typer.Option("--at", help=t("help.opt.call_at"))] = None,
    content: Annotated[str | None, typer.Option("--content", help=t("help.opt.content"))] = None,
    urgency: Urgency = None,
    mode: Mode = None,
    as_json: Json = False,
) -> Any:
    data = given(
        {
            "title": title,
            "caller": caller,
            "unit": unit,
            "phone": phone,
            "at": at,
            "content": content,
            "urgency": urgency,
            "mode": mode,
        }
    )
    return _wrote("incoming.call", lambda s: svc.register_call(s, data), "incoming.added", as_json)


def _filters(
    state: Annotated[str | None, state_option("help.opt.incoming_state")] = None,
    kind: Kind = None,
    urgency: Urgency = None,
    secrecy: Secrecy = None,
    mode: Mode = None,
    dept: Dept = None,
    overdue: Overdue = False,
    since: Annotated[str | None, typer.Option("--since", help=t("help.opt.received_since"))] = None,
    until: Annotated[str | None, typer.Option("--until", help=t("help.opt.received_until"))] = None,
    text: Annotated[str | None, search_option("help.opt.search")] = None,
    sort: Annotated[str, typer.Option("--sort", help=t("help.opt.incoming_sort"))] = "received",
) -> None:
    """`list`'s filters, by the names of the service's filter fields."""


list_command(
    app,
    "help.incoming.list",
    _filters,
    listing("officedesk.services.incoming.actions", "list_incoming", "IncomingFilter"),
    incoming_table,
)


show_command(
    app,
    "help.incoming.show",
    Ref,
    lambda s, ref: svc.get_incoming(s, ref, with_detail=True),
    printed(incoming_detail_view),
)


@app.command("edit", help=t("help.incoming.edit"))
@shared_options(_document_options)
def edit(
    ref: Ref,
    title: NewTitle = None,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = given({"title": title, **values_of(_document_options, fields, RENAMED)})
    return _wrote(
        "incoming.edit", lambda s: svc.update_incoming(s, ref, data), "incoming.edited", as_json
    )


def _each(operation: str, refs: Sequence[str], apply: Any, as_json: bool) -> Any:
    """One step on several documents in one transaction: all of them or none."""
    action = operation.rpartition(".")[2]

    def human(docs: list["IncomingRead"]) -> None:
        for doc in docs:
            say(step_line(doc, action))

    return each(operation, refs, apply, as_json=as_json, human=human, notices=svc.step_notices)


def _names(values: list[str]) -> list[str]:
    """People named in one or more arguments, each possibly a comma-separated list."""
    return [n.strip() for value in values for n in value.split(",") if n.strip()]


# Each step's parameters: the document (or documents) first, then its options.
def _noted_many(refs: Refs, note: Note = "") -> None: ...


def _return(
    ref: Ref,
    reason: Annotated[str, typer.Option("--reason", help=t("help.opt.return_reason"))] = "",
) -> None: ...


def _proposal(ref: Ref, note: Annotated[str, note_option("help.opt.proposal")] = "") -> None: ...


def _instruction(
    ref: Ref,
    words: Annotated[str, typer.Argument(help=t("help.arg.instruction"), show_default=False)],
    leader: Annotated[str, typer.Option("--leader", help=t("help.opt.leader"))] = "",
) -> None: ...


def _handling(
    ref: Ref,
    dept: Dept = None,
    assist: Annotated[
        list[str] | None, typer.Option("--assist", "-a", help=t("help.opt.assist"))
    ] = None,
    due: Due = None,
    note: Note = "",
) -> None: ...


def _answer(ref: Ref, note: Annotated[str, note_option("help.opt.answer")] = "") -> None: ...


def _completion(
    refs: Refs,
    note: Annotated[str, note_option("help.opt.result")] = "",
    on: DoneOn = None,
) -> None: ...


def _circulation(
    ref: Ref,
    people: Annotated[list[str], typer.Argument(help=t("help.arg.readers"), show_default=False)],
    note: Note = "",
) -> None: ...


def _reading(
    ref: Ref,
    person: Annotated[str, typer.Argument(help=t("help.arg.reader"), show_default=False)],
    at: Annotated[str | None, typer.Option("--at", help=t("help.opt.read_at"))] = None,
) -> None: ...


# The steps whose service takes its values in another order or shape than the command line.
def _instruct(session: Any, ref: str, words: str, leader: str) -> "IncomingRead":
    return svc.instruct_incoming(session, ref, leader, words)


def _handle(
    session: Any, ref: str, dept: str | None, assist: list[str] | None, due: str | None, note: str
) -> "IncomingRead":
    return svc.handle_incoming(session, ref, dept, _names(assist or []), due, note)


def _circulate(session: Any, ref: str, people: list[str], note: str) -> "IncomingRead":
    return svc.circulate_incoming(session, ref, _names(people), note)


# The machine's steps, then circulation: action → (parameters, service step on one document
# given its parameters in order, whether it takes several documents).
STEPS: dict[str, tuple[Callable[..., None], Callable[..., Any], bool]] = {
    "review": (_noted_many, svc.review_incoming, True),
    "return": (_return, svc.return_incoming, False),
    "propose": (_proposal, svc.propose_incoming, False),
    "instruct": (_instruction, _instruct, False),
    "handle": (_handling, _handle, False),
    "answer": (_answer, svc.answer_incoming, False),
    "done": (_completion, svc.complete_incoming, True),
    "file": (_noted_many, svc.file_incoming, True),
    "circulate": (_circulation, _circulate, False),
    "read": (_reading, svc.mark_read, False),
}


def _step(action: str) -> None:
    parameters, apply, several = STEPS[action]

    def run(target: Any, *options: Any, as_json: bool) -> Any:
        operation = f"incoming.{action}"
        if several:
            return _each(operation, target, lambda s, r: apply(s, r, *options), as_json)
        return _stepped(operation, lambda s: apply(s, target, *options), action, as_json)

    command(app, action, f"help.incoming.{action}", parameters, run)


for _action in (*INCOMING_MACHINE.actions, "circulate", "read"):
    _step(_action)


@app.command("remind", help=t("help.incoming.remind"))
def remind(ref: Ref, note: Note = "", as_json: Json = False) -> Any:
    with write("incoming.remind") as session:
        outcome = svc.remind_readers(session, ref, note)
    doc = outcome.document
    data = {**doc.model_dump(mode="json"), "reminded": outcome.names}
    return emit(data, as_json=as_json, human=lambda: say(reminded_line(outcome)))
