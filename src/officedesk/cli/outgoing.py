"""`officedesk outgoing …`: the outgoing register (发文), from draft to filing, and its numbers."""

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.fields import confirming
from officedesk.cli.list_options import search_option, state_option
from officedesk.cli.options import Json, Note, given, shared_options, values_of
from officedesk.cli.state import emit, read, write
from officedesk.cli.verbs import (
    command,
    each,
    fetching,
    list_command,
    listing,
    printed,
    show_command,
    wrote,
)
from officedesk.i18n import t
from officedesk.services.outgoing.states import OUTGOING_MACHINE
from officedesk.views.outgoing import outgoing_detail_view, outgoing_table

if TYPE_CHECKING:
    from officedesk.models.outgoing import OutgoingRead

app = typer.Typer(help=t("help.outgoing"), no_args_is_help=True)

Ref = Annotated[str, typer.Argument(help=t("help.arg.outgoing_ref"), show_default=False)]
Refs = Annotated[list[str], typer.Argument(help=t("help.arg.outgoing_refs"), show_default=False)]
Dept = Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.outgoing_dept"))]
DocType = Annotated[str | None, typer.Option("--type", "-t", help=t("help.opt.outgoing_type"))]
Drafter = Annotated[
    str | None, typer.Option("--drafter", "--owner", "-o", help=t("help.opt.outgoing_drafter"))
]
Reviewer = Annotated[str | None, typer.Option("--reviewer", help=t("help.opt.outgoing_reviewer"))]
Signer = Annotated[str | None, typer.Option("--signer", help=t("help.opt.outgoing_signer"))]
To = Annotated[list[str] | None, typer.Option("--to", help=t("help.opt.outgoing_to"))]
Cc = Annotated[list[str] | None, typer.Option("--cc", help=t("help.opt.outgoing_copy_to"))]
Body = Annotated[str | None, typer.Option("--body", help=t("help.opt.outgoing_body"))]
Secrecy = Annotated[str | None, typer.Option("--secrecy", help=t("help.opt.outgoing_secrecy"))]
Years = Annotated[int | None, typer.Option("--secrecy-years", help=t("help.opt.secrecy_years"))]
Urgency = Annotated[str | None, typer.Option("--urgency", help=t("help.opt.outgoing_urgency"))]
Copies = Annotated[int | None, typer.Option("--copies", help=t("help.opt.outgoing_copies"))]
Drafted = Annotated[str | None, typer.Option("--drafted", help=t("help.opt.outgoing_drafted"))]
By = Annotated[str | None, typer.Option("--by", help=t("help.opt.outgoing_step_by"))]
On = Annotated[str | None, typer.Option("--on", help=t("help.opt.outgoing_step_on"))]


# ---- human output --------------------------------------------------------------------------


def _say_one(doc: "OutgoingRead", key: str) -> None:
    from officedesk.cli.state import say
    from officedesk.i18n import label

    say(
        t(
            key,
            ref=doc.number or f"#{doc.id}",
            title=doc.title,
            state=label("outgoing_state", doc.state),
        )
    )


# A write on one document: the confirmation, then the document's standing warnings.
_wrote = confirming(_say_one, lambda doc: doc.notices())


def _say_many(docs: list["OutgoingRead"], key: str) -> None:
    from officedesk.cli.state import say

    refs = t("list.sep").join(doc.number or f"#{doc.id}" for doc in docs)
    say(t(key, n=len(docs), refs=refs))


# ---- commands ------------------------------------------------------------------------------


def _document_options(
    body: Body = None,
    dept: Dept = None,
    drafter: Drafter = None,
    reviewer: Reviewer = None,
    signer: Signer = None,
    to: To = None,
    cc: Cc = None,
    secrecy: Secrecy = None,
    secrecy_years: Years = None,
    urgency: Urgency = None,
    copies: Copies = None,
    drafted: Drafted = None,
) -> None:
    """The options `add` and `edit` share (see cli.options.shared_options)."""


# The options whose name is not the service's field name.
RENAMED = {"to": "main_to", "cc": "copy_to", "drafted": "drafted_on"}


@app.command("add", help=t("help.outgoing.add"))
@shared_options(_document_options)
def add(
    title: Annotated[str, typer.Argument(help=t("help.arg.outgoing_title"), show_default=False)],
    doc_type: Annotated[
        str, typer.Option("--type", "-t", help=t("help.opt.outgoing_type"), show_default=False)
    ],
    as_json: Json = False,
    **fields: Any,
) -> Any:
    from officedesk.services.outgoing.actions import create_outgoing

    data = given(
        {"doc_type": doc_type, "title": title, **values_of(_document_options, fields, RENAMED)}
    )
    return _wrote("outgoing.add", lambda s: create_outgoing(s, data), "outgoing.added", as_json)


def _filters(
    state: Annotated[str | None, state_option("help.opt.outgoing_state")] = None,
    doc_type: DocType = None,
    year: Annotated[int | None, typer.Option("--year", help=t("help.opt.outgoing_year"))] = None,
    dept: Dept = None,
    dispatched_since: Annotated[
        str | None, typer.Option("--dispatched-since", help=t("help.opt.dispatched_since"))
    ] = None,
    dispatched_until: Annotated[
        str | None, typer.Option("--dispatched-until", help=t("help.opt.dispatched_until"))
    ] = None,
    text: Annotated[str | None, search_option("help.opt.outgoing_search")] = None,
    sort: Annotated[str, typer.Option("--sort", help=t("help.opt.outgoing_sort"))] = "recent",
) -> None:
    """`outgoing list`'s filters: OutgoingFilter's fields."""


list_command(
    app,
    "help.outgoing.list",
    _filters,
    listing("officedesk.services.outgoing.actions", "list_outgoing", "OutgoingFilter"),
    outgoing_table,
)


show_command(
    app,
    "help.outgoing.show",
    Ref,
    fetching("officedesk.services.outgoing.actions", "get_outgoing", with_log=True),
    printed(outgoing_detail_view),
)


@app.command("edit", help=t("help.outgoing.edit"))
@shared_options(_document_options)
def edit(
    ref: Ref,
    title: Annotated[str | None, typer.Option("--title", help=t("help.arg.outgoing_title"))] = None,
    doc_type: DocType = None,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    from officedesk.services.outgoing.actions import update_outgoing

    data = given(
        {"title": title, "doc_type": doc_type, **values_of(_document_options, fields, RENAMED)}
    )
    return _wrote(
        "outgoing.edit", lambda s: update_outgoing(s, ref, data), "outgoing.edited", as_json
    )


def _each(
    operation: str,
    refs: list[str],
    apply: Callable[[Any, str], Any],
    message_key: str,
    as_json: bool,
    *,
    warnings: bool = False,
) -> Any:
    """One step on several documents in one transaction: all of them or none."""
    return each(
        operation,
        refs,
        apply,
        as_json=as_json,
        human=lambda done: _say_many(done, message_key),
        notices=(lambda doc: doc.notices()) if warnings else None,
    )


# Each step's parameters: the documents first, then its options, in the order its service
# (services.outgoing.actions.<action>_outgoing) takes them.
def _review(refs: Refs, by: By = None, note: Note = "") -> None: ...


def _signature(refs: Refs, by: By = None, on: On = None, note: Note = "") -> None: ...


def _check(
    refs: Refs,
    changed: Annotated[
        bool, typer.Option("--changed", help=t("help.opt.outgoing_changed"))
    ] = False,
    note: Note = "",
) -> None: ...


def _noted(refs: Refs, note: Note = "") -> None: ...


def _printing(
    refs: Refs,
    copies: Copies = None,
    first: Annotated[
        int | None, typer.Option("--first", help=t("help.opt.outgoing_first_copy"))
    ] = None,
    note: Note = "",
) -> None: ...


def _dispatch(refs: Refs, on: On = None, note: Note = "") -> None: ...


# The machine's steps on several documents: action → (parameters, confirmation, whether the
# documents' standing warnings follow). `return` is `check --changed`; `void` takes one document.
STEPS: dict[str, tuple[Callable[..., None], str, bool]] = {
    "review": (_review, "outgoing.reviewed", True),
    "sign": (_signature, "outgoing.signed", True),
    "check": (_check, "outgoing.checked", False),
    "register": (_noted, "outgoing.registered", False),
    "print": (_printing, "outgoing.printed", False),
    "dispatch": (_dispatch, "outgoing.dispatched", False),
    "file": (_noted, "outgoing.filed", False),
}


def _step(action: str) -> None:
    parameters, message_key, warnings = STEPS[action]

    def run(refs: list[str], *options: Any, as_json: bool) -> Any:
        actions = importlib.import_module("officedesk.services.outgoing.actions")
        apply = getattr(actions, f"{action}_outgoing")
        if action == "check":  # its options are keyword-only; --changed is the `return` step
            changed, note = options
            key = "outgoing.returned" if changed else message_key
            return each(
                "outgoing.check",
                refs,
                lambda s, r: apply(s, r, changed=changed, note=note),
                as_json=as_json,
                human=lambda done: _say_many(done, key),
            )
        return _each(
            f"outgoing.{action}",
            refs,
            lambda s, r: apply(s, r, *options),
            message_key,
            as_json,
            warnings=warnings,
        )

    command(app, action, f"help.outgoing.{action}", parameters, run)


for _action in OUTGOING_MACHINE.actions:
    if _action in STEPS:
        _step(_action)


@app.command("void", help=t("help.outgoing.void"))
def void(
    ref: Ref,
    reason: Annotated[
        str, typer.Option("--reason", help=t("help.opt.outgoing_void_reason"), show_default=False)
    ],
    as_json: Json = False,
) -> Any:
    from officedesk.services.outgoing.actions import void_outgoing

    return wrote(
        "outgoing.void",
        lambda s: void_outgoing(s, ref, reason),
        as_json=as_json,
        human=lambda doc: _say_one(doc, "outgoing.voided"),
    )


@app.command("numbers", help=t("help.outgoing.numbers"))
def numbers(
    year: Annotated[
        int | None, typer.Option("--year", help=t("help.opt.outgoing_numbers_year"))
    ] = None,
    as_json: Json = False,
) -> Any:
    from officedesk.services.outgoing.numbers import number_report

    with read() as session:
        report = number_report(session, year or session.env.today.year)

    def human() -> None:
        from officedesk.views.outgoing import print_numbers

        print_numbers(report)

    return emit(report.as_dict(), as_json=as_json, human=human, warnings=report.warnings)


@app.command("draft", help=t("help.outgoing.draft"))
def draft(
    kind: Annotated[
        str,
        typer.Option("--kind", "-k", help=t("help.opt.outgoing_draft_kind"), show_default=False),
    ],
    period: Annotated[
        str, typer.Option("--period", help=t("help.opt.outgoing_draft_period"), show_default=False)
    ],
    title: Annotated[
        str | None, typer.Option("--title", help=t("help.opt.outgoing_draft_title"))
    ] = None,
    out: Annotated[str | None, typer.Option("--out", help=t("help.opt.outgoing_draft_out"))] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help.opt.force_out"))] = False,
    create: Annotated[
        bool, typer.Option("--create", help=t("help.opt.outgoing_draft_create"))
    ] = False,
    dept: Dept = None,
    as_json: Json = False,
) -> Any:
    """The skeleton goes to stdout unless --out names a file; --create also keeps it as a new
    outgoing draft (in the same transaction that counted its figures)."""
    import sys

    from officedesk.cli.state import protected_files
    from officedesk.outfiles import check_target, write_atomic
    from officedesk.services.outgoing.draft import create_draft_record
    from officedesk.views.outgoing_draft import build_draft

    path = None
    protected = protected_files() if out else []
    if out:  # before the transaction: a refused --out costs no counting and creates no record
        check_target(out, force=force, protected=protected)
    with write("outgoing.draft") if create else read() as session:
        built = build_draft(session, kind, period, title)
        record = create_draft_record(session, built, dept) if create else None
        if out:
            # Inside the transaction: a file that cannot be written leaves no draft record behind.
            path = write_atomic(out, built.markdown, force=force, protected=protected)
    data = {**built.as_dict(), "path": str(path) if path else None, "record": record}

    def human() -> None:
        from officedesk.cli.state import say
        from officedesk.text import display_safe

        if path is None:  # department names and the title are user text: no escape codes
            sys.stdout.write(display_safe(built.markdown, keep_newlines=True))
        else:
            say(t("outgoing.draft.written", path=str(path)))
        if record is not None:
            line = t("outgoing.draft.created", ref=f"#{record.id}", title=record.title)
            # With the skeleton on stdout, the confirmation goes to stderr: stdout stays Markdown.
            (sys.stderr if path is None else sys.stdout).write(display_safe(line) + "\n")

    return emit(data, as_json=as_json, human=human)
