"""`officedesk incoming …`: the incoming register (收文 / 来电 / 来函). The human views are in
cli.incoming_views, shared with the workbench's incoming pane."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.options import given, shared_options, values_of
from officedesk.cli.state import emit, read, write
from officedesk.i18n import t
from officedesk.services.incoming import actions as svc
from officedesk.views.incoming import (
    incoming_detail_view,
    incoming_table,
    outcome_line,
    reminded_line,
)

if TYPE_CHECKING:
    from officedesk.services.incoming.schemas import IncomingRead

app = typer.Typer(help=t("help.incoming"), no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help=t("help.opt.json"))]
Ref = Annotated[str, typer.Argument(help=t("help.arg.incoming_ref"), show_default=False)]
Refs = Annotated[list[str], typer.Argument(help=t("help.arg.incoming_refs"), show_default=False)]
Note = Annotated[str, typer.Option("--note", "-n", help=t("help.opt.note"))]
Dept = Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.incoming_dept"))]
Due = Annotated[str | None, typer.Option("--due", help=t("help.opt.due"))]
Kind = Annotated[str | None, typer.Option("--kind", "-k", help=t("help.opt.incoming_kind"))]
Sender = Annotated[str | None, typer.Option("--sender", "-f", help=t("help.opt.sender"))]
Number = Annotated[str | None, typer.Option("--number", help=t("help.opt.sender_number"))]
Received = Annotated[str | None, typer.Option("--received", help=t("help.opt.received"))]
Urgency = Annotated[str | None, typer.Option("--urgency", "-u", help=t("help.opt.urgency"))]
Secrecy = Annotated[str | None, typer.Option("--secrecy", help=t("help.opt.secrecy"))]
Mode = Annotated[str | None, typer.Option("--mode", "-m", help=t("help.opt.incoming_mode"))]
Summary = Annotated[str | None, typer.Option("--summary", help=t("help.opt.summary"))]
Caller = Annotated[str | None, typer.Option("--caller", help=t("help.opt.caller"))]
Phone = Annotated[str | None, typer.Option("--phone", help=t("help.opt.phone"))]


def _given(**values: Any) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _done(doc: "IncomingRead", message_key: str, as_json: bool) -> Any:
    """Print the outcome, then the warnings (stderr, exit 0)."""
    from officedesk.cli.state import say, warn

    result = emit(doc, as_json=as_json, human=lambda: say(outcome_line(doc, message_key)))
    warn(doc.warnings)
    return result


def _document_options(
    kind: Kind = None,
    sender: Sender = None,
    number: Number = None,
    received: Received = None,
    urgency: Urgency = None,
    secrecy: Secrecy = None,
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
    title: Annotated[str, typer.Argument(help=t("help.arg.title"), show_default=False)],
    as_json: Json = False,
    **fields: Any,
) -> Any:
    with write("incoming.add") as session:
        doc = svc.create_incoming(
            session, given({"title": title, **values_of(_document_options, fields, RENAMED)})
        )
    return _done(doc, "incoming.added", as_json)


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
    data = _given(
        title=title,
        caller=caller,
        unit=unit,
        phone=phone,
        at=at,
        content=content,
        urgency=urgency,
        mode=mode,
    )
    with write("incoming.call") as session:
        doc = svc.register_call(session, data)
    return _done(doc, "incoming.added", as_json)


@app.command("list", help=t("help.incoming.list"))
def list_(
    state: Annotated[
        str | None, typer.Option("--state", "-s", help=t("help.opt.incoming_state"))
    ] = None,
    kind: Kind = None,
    urgency: Urgency = None,
    secrecy: Secrecy = None,
    mode: Mode = None,
    dept: Dept = None,
    overdue: Annotated[bool, typer.Option("--overdue", help=t("help.opt.overdue"))] = False,
    since: Annotated[str | None, typer.Option("--since", help=t("help.opt.received_since"))] = None,
    until: Annotated[str | None, typer.Option("--until", help=t("help.opt.received_until"))] = None,
    text: Annotated[str | None, typer.Option("--search", "-q", help=t("help.opt.search"))] = None,
    sort: Annotated[str, typer.Option("--sort", help=t("help.opt.incoming_sort"))] = "received",
    limit: Annotated[int, typer.Option("--limit", "-l", help=t("help.opt.limit"))] = 50,
    offset: Annotated[int, typer.Option("--offset", help=t("help.opt.offset"))] = 0,
    as_json: Json = False,
) -> Any:
    states = [s.strip() for s in state.split(",") if s.strip()] if state else None
    flt = svc.IncomingFilter(
        states=states,
        kind=kind,
        urgency=urgency,
        secrecy=secrecy,
        mode=mode,
        dept=dept,
        overdue=overdue,
        since=since,
        until=until,
        text=text,
        sort=sort,
    )
    with read() as session:
        page = svc.list_incoming(session, flt, limit=limit, offset=offset)
    return emit(
        page.items,
        as_json=as_json,
        human=lambda: incoming_table(page.items, has_more=page.has_more, offset=offset),
    )


@app.command("show", help=t("help.incoming.show"))
def show(ref: Ref, as_json: Json = False) -> Any:
    with read() as session:
        doc = svc.get_incoming(session, ref, with_detail=True)

    def human() -> None:
        from officedesk.views.render import console

        console().print(incoming_detail_view(doc))

    return emit(doc, as_json=as_json, human=human)


@app.command("edit", help=t("help.incoming.edit"))
@shared_options(_document_options)
def edit(
    ref: Ref,
    title: Annotated[str | None, typer.Option("--title", help=t("help.arg.title"))] = None,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    with write("incoming.edit") as session:
        doc = svc.update_incoming(
            session, ref, given({"title": title, **values_of(_document_options, fields, RENAMED)})
        )
    return _done(doc, "incoming.edited", as_json)


def _each(operation: str, refs: Sequence[str], apply: Any, as_json: bool) -> Any:
    """One step on several documents in one transaction: all of them or none."""
    from officedesk.cli.state import say, warn

    with write(operation) as session:
        docs = [apply(session, ref) for ref in dict.fromkeys(refs)]

    def human() -> None:
        for doc in docs:
            say(outcome_line(doc, "incoming.stepped"))

    result = emit(docs, as_json=as_json, human=human)
    warn([notice for doc in docs for notice in svc.step_notices(doc)])
    return result


def _one(operation: str, apply: Any, as_json: bool) -> Any:
    from officedesk.cli.state import say, warn

    with write(operation) as session:
        doc = apply(session)
    result = emit(doc, as_json=as_json, human=lambda: say(outcome_line(doc, "incoming.stepped")))
    warn(svc.step_notices(doc))
    return result


@app.command("review", help=t("help.incoming.review"))
def review(refs: Refs, note: Note = "", as_json: Json = False) -> Any:
    return _each("incoming.review", refs, lambda s, r: svc.review_incoming(s, r, note), as_json)


@app.command("return", help=t("help.incoming.return"))
def return_(
    ref: Ref,
    reason: Annotated[str, typer.Option("--reason", help=t("help.opt.return_reason"))] = "",
    as_json: Json = False,
) -> Any:
    return _one("incoming.return", lambda s: svc.return_incoming(s, ref, reason), as_json)


@app.command("propose", help=t("help.incoming.propose"))
def propose(
    ref: Ref,
    note: Annotated[str, typer.Option("--note", "-n", help=t("help.opt.proposal"))] = "",
    as_json: Json = False,
) -> Any:
    return _one("incoming.propose", lambda s: svc.propose_incoming(s, ref, note), as_json)


@app.command("instruct", help=t("help.incoming.instruct"))
def instruct(
    ref: Ref,
    words: Annotated[str, typer.Argument(help=t("help.arg.instruction"), show_default=False)],
    leader: Annotated[str, typer.Option("--leader", help=t("help.opt.leader"))] = "",
    as_json: Json = False,
) -> Any:
    return _one(
        "incoming.instruct", lambda s: svc.instruct_incoming(s, ref, leader, words), as_json
    )


@app.command("handle", help=t("help.incoming.handle"))
def handle(
    ref: Ref,
    dept: Dept = None,
    assist: Annotated[
        list[str] | None, typer.Option("--assist", "-a", help=t("help.opt.assist"))
    ] = None,
    due: Due = None,
    note: Note = "",
    as_json: Json = False,
) -> Any:
    names = [n.strip() for value in assist or [] for n in value.split(",") if n.strip()]
    return _one(
        "incoming.handle",
        lambda s: svc.handle_incoming(s, ref, dept, names, due, note),
        as_json,
    )


@app.command("answer", help=t("help.incoming.answer"))
def answer(
    ref: Ref,
    note: Annotated[str, typer.Option("--note", "-n", help=t("help.opt.answer"))] = "",
    as_json: Json = False,
) -> Any:
    return _one("incoming.answer", lambda s: svc.answer_incoming(s, ref, note), as_json)


@app.command("done", help=t("help.incoming.done"))
def done(
    refs: Refs,
    note: Annotated[str, typer.Option("--note", "-n", help=t("help.opt.result"))] = "",
    on: Annotated[str | None, typer.Option("--on", help=t("help.opt.done_on"))] = None,
    as_json: Json = False,
) -> Any:
    return _each("incoming.done", refs, lambda s, r: svc.complete_incoming(s, r, note, on), as_json)


@app.command("file", help=t("help.incoming.file"))
def file(refs: Refs, note: Note = "", as_json: Json = False) -> Any:
    return _each("incoming.file", refs, lambda s, r: svc.file_incoming(s, r, note), as_json)


@app.command("circulate", help=t("help.incoming.circulate"))
def circulate(
    ref: Ref,
    people: Annotated[list[str], typer.Argument(help=t("help.arg.readers"), show_default=False)],
    note: Note = "",
    as_json: Json = False,
) -> Any:
    names = [n.strip() for value in people for n in value.split(",") if n.strip()]
    return _one(
        "incoming.circulate", lambda s: svc.circulate_incoming(s, ref, names, note), as_json
    )


@app.command("read", help=t("help.incoming.read"))
def read_(
    ref: Ref,
    person: Annotated[str, typer.Argument(help=t("help.arg.reader"), show_default=False)],
    at: Annotated[str | None, typer.Option("--at", help=t("help.opt.read_at"))] = None,
    as_json: Json = False,
) -> Any:
    return _one("incoming.read", lambda s: svc.mark_read(s, ref, person, at), as_json)


@app.command("remind", help=t("help.incoming.remind"))
def remind(ref: Ref, note: Note = "", as_json: Json = False) -> Any:
    from officedesk.cli.state import say

    with write("incoming.remind") as session:
        outcome = svc.remind_readers(session, ref, note)
    doc = outcome.document
    data = {**doc.model_dump(mode="json"), "reminded": outcome.names}
    return emit(data, as_json=as_json, human=lambda: say(reminded_line(outcome)))
