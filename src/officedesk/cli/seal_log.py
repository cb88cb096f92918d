"""`officedesk seal use|request|…|verify`: the usage log (用印登记), its use requests, its
corrections and the check of its hash chain."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.list_options import search_option, state_option
from officedesk.cli.options import Dept, Json, Note, shared_options, values_of
from officedesk.cli.seal_options import (
    Approver,
    At,
    Copies,
    Purpose,
    Requester,
    SealRef,
    UseRef,
    appended,
    said,
)
from officedesk.cli.state import emit, read, write
from officedesk.cli.verbs import fetching, list_command, listing, printed, show_command
from officedesk.i18n import t
from officedesk.views.seal import (
    chain_details,
    chain_message,
    print_requests,
    print_uses,
    use_detail_view,
)

if TYPE_CHECKING:
    from officedesk.db import OfficeSession

commands = typer.Typer()  # merged into cli.seal's app, after the seals' own commands

# A seal named by an option: the requests' and the uses' filter, a correction's new seal.
SealNamed = Annotated[str | None, typer.Option("--seal", help=t("help.opt.seal_filter"))]


# ---- the usage log --------------------------------------------------------------------------


DocTitle = Annotated[str, typer.Argument(help=t("help.arg.doc_title"), show_default=False)]


def _for_whom(
    requester: Requester = None,
    dept: Dept = None,
    purpose: Purpose = None,
    copies: Copies = 1,
) -> None:
    """For whom, why and how many: what `use`, `request` and `correct` share (cli.options)."""


def _asked_for(doc_title: str, fields: dict[str, Any]) -> dict[str, Any]:
    """What `use` and `request` ask the seal for, as the service's fields (the seal aside: it is
    named separately); a requester or purpose not given is blank."""
    return {
        "requester": fields["requester"] or "",
        "dept": fields["dept"],
        "doc_title": doc_title,
        "purpose": fields["purpose"] or "",
        "copies": fields["copies"],
    }


def _used(session: "OfficeSession", entry: Any, as_json: bool) -> Any:
    """What `use` and `use-request` wrote: the new entry of the usage log."""
    return appended(
        session, entry, as_json, "seal.used", id=entry.id, seal=entry.seal, title=entry.doc_title
    )


@commands.command("use", help=t("help.seal.use"))
@shared_options(_for_whom, before="approver")
def use(
    seal: SealRef,
    doc_title: DocTitle,
    approver: Approver = None,
    at: At = None,
    note: Note = "",
    as_json: Json = False,
    **fields: Any,
) -> Any:
    from officedesk.services.seal.actions import use_seal

    data = {**_asked_for(doc_title, fields), "approver": approver or "", "note": note}
    with write("seal.use") as session:
        entry = use_seal(session, seal, data, used_at=at)
    return _used(session, entry, as_json)


# ---- use requests ---------------------------------------------------------------------------

RequestRef = Annotated[str, typer.Argument(help=t("help.arg.request_ref"), show_default=False)]


@commands.command("request", help=t("help.seal.request"))
@shared_options(_for_whom)
def request(seal: SealRef, doc_title: DocTitle, as_json: Json = False, **fields: Any) -> Any:
    from officedesk.services.seal.requests import request_use

    with write("seal.request") as session:
        asked = request_use(session, seal, _asked_for(doc_title, fields))
    human = said("seal.requested", id=asked.id, seal=asked.seal, title=asked.doc_title)
    return emit(asked, as_json=as_json, human=human)


def _request_filters(
    state: Annotated[str | None, state_option("help.opt.seal_request_state")] = None,
    seal: SealNamed = None,
) -> None:
    """`seal requests`' filters: list_requests' keywords (no --state: those still open)."""


list_command(
    commands,
    "help.seal.requests",
    _request_filters,
    listing("officedesk.services.seal.requests", "list_requests"),
    print_requests,
    name="requests",
)


def _decide(
    operation: str, ref: str, approve: bool, approver: str, note: str, as_json: bool
) -> Any:
    from officedesk.i18n import label
    from officedesk.services.seal.requests import decide_request

    with write(operation) as session:
        decided = decide_request(session, ref, approve=approve, approver=approver, note=note)
    human = said(
        "seal.request_decided",
        id=decided.id,
        state=label("seal_request_state", decided.state),
        approver=decided.approver,
    )
    return emit(decided, as_json=as_json, human=human)


DecidedBy = Annotated[
    str, typer.Option("--approver", "-a", help=t("help.opt.seal_decided_by"), show_default=False)
]


@commands.command("approve", help=t("help.seal.approve"))
def approve(
    ref: RequestRef, approver: DecidedBy = "", note: Note = "", as_json: Json = False
) -> Any:
    return _decide("seal.approve", ref, True, approver, note, as_json)


@commands.command("refuse", help=t("help.seal.refuse"))
def refuse(
    ref: RequestRef, approver: DecidedBy = "", note: Note = "", as_json: Json = False
) -> Any:
    return _decide("seal.refuse", ref, False, approver, note, as_json)


@commands.command("use-request", help=t("help.seal.use_request"))
def use_request(ref: RequestRef, at: At = None, note: Note = "", as_json: Json = False) -> Any:
    from officedesk.services.seal.requests import use_request as log_request

    with write("seal.use") as session:
        entry = log_request(session, ref, used_at=at, note=note)
    return _used(session, entry, as_json)


def _use_filters(
    seal: SealNamed = None,
    dept: Dept = None,
    since: Annotated[str | None, typer.Option("--since", help=t("help.opt.seal_since"))] = None,
    until: Annotated[str | None, typer.Option("--until", help=t("help.opt.seal_until"))] = None,
    text: Annotated[str | None, search_option("help.opt.seal_use_search")] = None,
    in_force: Annotated[bool, typer.Option("--in-force", help=t("help.opt.seal_in_force"))] = False,
) -> None:
    """`seal uses`' filters: UseFilter's fields."""


list_command(
    commands,
    "help.seal.uses",
    _use_filters,
    listing("officedesk.services.seal.actions", "list_uses", "UseFilter"),
    print_uses,
    name="uses",
)


show_command(
    commands,
    "help.seal.use_show",
    UseRef,
    fetching("officedesk.services.seal.actions", "get_use"),
    printed(use_detail_view),
    name="use-show",
)


@commands.command("correct", help=t("help.seal.correct"))
@shared_options(_for_whom, before="approver", defaults={"copies": None})
def correct(
    ref: UseRef,
    reason: Annotated[
        str, typer.Option("--reason", "--note", help=t("help.opt.seal_reason"), show_default=False)
    ] = "",
    seal: SealNamed = None,
    doc_title: Annotated[str | None, typer.Option("--title", help=t("help.arg.doc_title"))] = None,
    approver: Approver = None,
    at: At = None,
    void: Annotated[bool, typer.Option("--void", help=t("help.opt.seal_void"))] = False,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    from officedesk.services.seal.actions import correct_use

    data = {
        "note": reason,
        "seal": seal,
        "doc_title": doc_title,
        **values_of(_for_whom, fields),
        "approver": approver,
    }
    with write("seal.correct") as session:
        entry = correct_use(session, ref, data, used_at=at, void=void)
    return appended(
        session, entry, as_json, "seal.corrected", id=entry.id, original=entry.corrects_id
    )


@commands.command("verify", help=t("help.seal.verify"))
def verify(as_json: Json = False) -> Any:
    """The verdict, then the head and what the MACs and the anchor covered; exit 1 on a break
    (its message on stderr, one line), the head and the warnings still shown."""
    from officedesk.cli.state import say, warn
    from officedesk.services.seal.chain import CHAIN_MESSAGES, chain_params, verify_chain

    with read() as session:
        result = verify_chain(session)
    message = chain_message(result)
    if as_json:
        data = {**result.as_dict(), "message": message}
        emit(data, as_json=True, human=lambda: None, warnings=result.notices)
        return 0 if result.ok else 1
    if not result.ok:
        from officedesk.errors import Conflict

        for line in chain_details(result):
            say(line)
        warn(result.notices)
        raise Conflict(CHAIN_MESSAGES[result.reason or "content"], **chain_params(result))

    def human() -> None:
        say(message)
        for line in chain_details(result):
            say(line)

    return emit(result.as_dict(), as_json=False, human=human, warnings=result.notices)
