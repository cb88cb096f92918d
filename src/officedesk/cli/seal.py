"""`officedesk seal …`: seals (印章), their lifecycle, the usage log (用印登记), use requests and
introduction letters. The Rich views are in cli.seal_views, shared with the workbench's seal
panes."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.state import emit, read, write
from officedesk.i18n import t
from officedesk.views.seal import (
    CHAIN_MESSAGES,
    chain_details,
    chain_message,
    chain_params,
    head_line,
    print_letters,
    print_requests,
    print_seals,
    print_uses,
    seal_detail_view,
    use_detail_view,
)

if TYPE_CHECKING:
    from officedesk.db import OfficeSession

app = typer.Typer(help=t("help.seal"), no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help=t("help.opt.json"))]
SealRef = Annotated[str, typer.Argument(help=t("help.arg.seal_ref"), show_default=False)]
UseRef = Annotated[str, typer.Argument(help=t("help.arg.use_ref"), show_default=False)]
Note = Annotated[str, typer.Option("--note", "-n", help=t("help.opt.note"))]
Dept = Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.dept"))]
Keeper = Annotated[str | None, typer.Option("--keeper", "-k", help=t("help.opt.seal_keeper"))]
Kind = Annotated[str | None, typer.Option("--kind", help=t("help.opt.seal_kind"))]
Serial = Annotated[str | None, typer.Option("--serial", help=t("help.opt.seal_serial"))]
StepDate = Annotated[str | None, typer.Option("--date", help=t("help.opt.seal_date"))]
Approval = Annotated[
    str, typer.Option("--approval", "--ref", help=t("help.opt.seal_approval"), show_default=False)
]
Requester = Annotated[
    str | None, typer.Option("--requester", "-r", help=t("help.opt.seal_requester"))
]
Approver = Annotated[str | None, typer.Option("--approver", "-a", help=t("help.opt.seal_approver"))]
Purpose = Annotated[str | None, typer.Option("--purpose", "-p", help=t("help.opt.seal_purpose"))]
Copies = Annotated[int | None, typer.Option("--copies", "-c", help=t("help.opt.seal_copies"))]
At = Annotated[str | None, typer.Option("--at", help=t("help.opt.seal_at"))]
Limit = Annotated[int, typer.Option("--limit", "-l", help=t("help.opt.limit"))]
Offset = Annotated[int, typer.Option("--offset", help=t("help.opt.offset"))]


def _said(key: str, **params: Any) -> Any:
    from officedesk.cli.state import say

    return lambda: say(t(key, **params))


def _appended(session: "OfficeSession", record: Any, as_json: bool, key: str, **params: Any) -> Any:
    """Show what an append to the usage log wrote, with the log's head as it left it (to
    compare with one written down elsewhere), then the key's and the anchor's warnings.
    --json keeps the record's keys and adds "head" and "warnings"."""
    from officedesk.cli.state import say, to_jsonable, warn
    from officedesk.services.seal.chain import appended_head, chain_notices

    head = appended_head(session)
    notices = chain_notices(session)
    data = to_jsonable(record)
    data["head"] = {"seq": head[0], "hash": head[1]} if head else None
    data["warnings"] = [notice.as_dict() for notice in notices]

    def human() -> None:
        say(t(key, **params))
        say(head_line(*head) if head else head_line(None, None))

    result = emit(data, as_json=as_json, human=human)
    warn(notices)
    return result


# ---- seals ----------------------------------------------------------------------------------


@app.command("add", help=t("help.seal.add"))
def add(
    name: Annotated[str, typer.Argument(help=t("help.arg.seal_name"), show_default=False)],
    kind: Annotated[str, typer.Option("--kind", help=t("help.opt.seal_kind"))] = "official",
    approval: Approval = "",
    serial: Annotated[str, typer.Option("--serial", help=t("help.opt.seal_serial"))] = "",
    keeper: Keeper = None,
    dept: Dept = None,
    engraved: StepDate = None,
    note: Note = "",
    as_json: Json = False,
) -> Any:
    from officedesk.services.seal.actions import create_seal

    data = {
        "name": name,
        "kind": kind,
        "approval": approval,
        "serial": serial,
        "keeper": keeper,
        "dept": dept,
        "engraved_on": engraved,
        "note": note,
    }
    with write("seal.add") as session:
        seal = create_seal(session, data)
    return emit(seal, as_json=as_json, human=_said("seal.added", id=seal.id, name=seal.name))


@app.command("list", help=t("help.seal.list"))
def list_(
    state: Annotated[
        str | None, typer.Option("--state", "-s", help=t("help.opt.seal_state"))
    ] = None,
    kind: Kind = None,
    dept: Dept = None,
    keeper: Keeper = None,
    text: Annotated[
        str | None, typer.Option("--search", "-q", help=t("help.opt.seal_search"))
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    as_json: Json = False,
) -> Any:
    from officedesk.services.seal.actions import SealFilter, list_seals

    states = [s.strip() for s in state.split(",") if s.strip()] if state else None
    flt = SealFilter(states=states, kind=kind, dept=dept, keeper=keeper, text=text)
    with read() as session:
        page = list_seals(session, flt, limit=limit, offset=offset)

    def human() -> None:
        print_seals(page.items, has_more=page.has_more, offset=offset)

    return emit(page.items, as_json=as_json, human=human)


@app.command("show", help=t("help.seal.show"))
def show(ref: SealRef, as_json: Json = False) -> Any:
    from officedesk.services.seal.actions import get_seal

    with read() as session:
        seal = get_seal(session, ref)

    def human() -> None:
        from officedesk.views.render import console

        console().print(seal_detail_view(seal))

    return emit(seal, as_json=as_json, human=human)


@app.command("edit", help=t("help.seal.edit"))
def edit(
    ref: SealRef,
    name: Annotated[str | None, typer.Option("--name", help=t("help.arg.seal_name"))] = None,
    kind: Kind = None,
    serial: Serial = None,
    keeper: Keeper = None,
    dept: Dept = None,
    note: Annotated[str | None, typer.Option("--note", "-n", help=t("help.opt.note"))] = None,
    as_json: Json = False,
) -> Any:
    from officedesk.services.seal.actions import update_seal

    given = {
        "name": name,
        "kind": kind,
        "serial": serial,
        "keeper": keeper,
        "dept": dept,
        "note": note,
    }
    data = {key: value for key, value in given.items() if value is not None}
    with write("seal.edit") as session:
        seal = update_seal(session, ref, data)
    return emit(seal, as_json=as_json, human=_said("seal.edited", id=seal.id, name=seal.name))


def _step(
    operation: str, action: str, ref: str, approval: str, on: str | None, note: str, as_json: bool
) -> Any:
    from officedesk.i18n import label
    from officedesk.services.seal.actions import step_seal

    with write(operation) as session:
        seal = step_seal(session, ref, action, approval=approval, on=on, note=note)
    human = _said(
        "seal.stepped",
        id=seal.id,
        name=seal.name,
        state=label("seal_state", seal.state),
        date=seal.state_on.isoformat(),
    )
    return emit(seal, as_json=as_json, human=human)


@app.command("activate", help=t("help.seal.activate"))
def activate(
    ref: SealRef,
    approval: Approval = "",
    on: StepDate = None,
    note: Note = "",
    as_json: Json = False,
) -> Any:
    return _step("seal.activate", "activate", ref, approval, on, note, as_json)


@app.command("suspend", help=t("help.seal.suspend"))
def suspend(
    ref: SealRef,
    approval: Approval = "",
    on: StepDate = None,
    note: Note = "",
    as_json: Json = False,
) -> Any:
    return _step("seal.suspend", "suspend", ref, approval, on, note, as_json)


@app.command("reinstate", help=t("help.seal.reinstate"))
def reinstate(
    ref: SealRef,
    approval: Approval = "",
    on: StepDate = None,
    note: Note = "",
    as_json: Json = False,
) -> Any:
    return _step("seal.reinstate", "reinstate", ref, approval, on, note, as_json)


@app.command("recall", help=t("help.seal.recall"))
def recall(
    ref: SealRef,
    approval: Approval = "",
    on: StepDate = None,
    note: Note = "",
    as_json: Json = False,
) -> Any:
    return _step("seal.recall", "recall", ref, approval, on, note, as_json)


@app.command("destroy", help=t("help.seal.destroy"))
def destroy(
    ref: SealRef,
    approval: Approval = "",
    on: StepDate = None,
    note: Note = "",
    as_json: Json = False,
) -> Any:
    return _step("seal.destroy", "destroy", ref, approval, on, note, as_json)


# ---- the usage log --------------------------------------------------------------------------


@app.command("use", help=t("help.seal.use"))
def use(
    seal: SealRef,
    doc_title: Annotated[str, typer.Argument(help=t("help.arg.doc_title"), show_default=False)],
    requester: Requester = None,
    dept: Dept = None,
    purpose: Purpose = None,
    copies: Annotated[int, typer.Option("--copies", "-c", help=t("help.opt.seal_copies"))] = 1,
    approver: Approver = None,
    at: At = None,
    note: Note = "",
    as_json: Json = False,
) -> Any:
    from officedesk.services.seal.actions import use_seal

    data = {
        "requester": requester or "",
        "dept": dept,
        "doc_title": doc_title,
        "purpose": purpose or "",
        "copies": copies,
        "approver": approver or "",
        "note": note,
    }
    with write("seal.use") as session:
        entry = use_seal(session, seal, data, used_at=at)
    return _appended(
        session, entry, as_json, "seal.used", id=entry.id, seal=entry.seal, title=entry.doc_title
    )


# ---- use requests ---------------------------------------------------------------------------

RequestRef = Annotated[str, typer.Argument(help=t("help.arg.request_ref"), show_default=False)]


@app.command("request", help=t("help.seal.request"))
def request(
    seal: SealRef,
    doc_title: Annotated[str, typer.Argument(help=t("help.arg.doc_title"), show_default=False)],
    requester: Requester = None,
    dept: Dept = None,
    purpose: Purpose = None,
    copies: Annotated[int, typer.Option("--copies", "-c", help=t("help.opt.seal_copies"))] = 1,
    as_json: Json = False,
) -> Any:
    from officedesk.services.seal.requests import request_use

    data = {
        "requester": requester or "",
        "dept": dept,
        "doc_title": doc_title,
        "purpose": purpose or "",
        "copies": copies,
    }
    with write("seal.request") as session:
        asked = request_use(session, seal, data)
    human = _said("seal.requested", id=asked.id, seal=asked.seal, title=asked.doc_title)
    return emit(asked, as_json=as_json, human=human)


@app.command("requests", help=t("help.seal.requests"))
def requests(
    state: Annotated[
        str | None, typer.Option("--state", "-s", help=t("help.opt.seal_request_state"))
    ] = None,
    seal: Annotated[str | None, typer.Option("--seal", help=t("help.opt.seal_filter"))] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    as_json: Json = False,
) -> Any:
    from officedesk.services.seal.requests import OPEN_REQUEST_STATES, REQUEST_STATES, list_requests

    states = [s.strip() for s in state.split(",") if s.strip()] if state else OPEN_REQUEST_STATES
    if "all" in states:
        states = REQUEST_STATES
    with read() as session:
        page = list_requests(session, states=states, seal=seal, limit=limit, offset=offset)

    def human() -> None:
        print_requests(page.items, has_more=page.has_more, offset=offset)

    return emit(page.items, as_json=as_json, human=human)


def _decide(
    operation: str, ref: str, approve: bool, approver: str, note: str, as_json: bool
) -> Any:
    from officedesk.i18n import label
    from officedesk.services.seal.requests import decide_request

    with write(operation) as session:
        decided = decide_request(session, ref, approve=approve, approver=approver, note=note)
    human = _said(
        "seal.request_decided",
        id=decided.id,
        state=label("seal_request_state", decided.state),
        approver=decided.approver,
    )
    return emit(decided, as_json=as_json, human=human)


DecidedBy = Annotated[
    str, typer.Option("--approver", "-a", help=t("help.opt.seal_decided_by"), show_default=False)
]


@app.command("approve", help=t("help.seal.approve"))
def approve(
    ref: RequestRef, approver: DecidedBy = "", note: Note = "", as_json: Json = False
) -> Any:
    return _decide("seal.approve", ref, True, approver, note, as_json)


@app.command("refuse", help=t("help.seal.refuse"))
def refuse(
    ref: RequestRef, approver: DecidedBy = "", note: Note = "", as_json: Json = False
) -> Any:
    return _decide("seal.refuse", ref, False, approver, note, as_json)


@app.command("use-request", help=t("help.seal.use_request"))
def use_request(ref: RequestRef, at: At = None, note: Note = "", as_json: Json = False) -> Any:
    from officedesk.services.seal.requests import use_request as log_request

    with write("seal.use") as session:
        entry = log_request(session, ref, used_at=at, note=note)
    return _appended(
        session, entry, as_json, "seal.used", id=entry.id, seal=entry.seal, title=entry.doc_title
    )


@app.command("uses", help=t("help.seal.uses"))
def uses(
    seal: Annotated[str | None, typer.Option("--seal", help=t("help.opt.seal_filter"))] = None,
    dept: Dept = None,
    since: Annotated[str | None, typer.Option("--since", help=t("help.opt.seal_since"))] = None,
    until: Annotated[str | None, typer.Option("--until", help=t("help.opt.seal_until"))] = None,
    text: Annotated[
        str | None, typer.Option("--search", "-q", help=t("help.opt.seal_use_search"))
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    as_json: Json = False,
) -> Any:
    from officedesk.services.seal.actions import UseFilter, list_uses

    flt = UseFilter(seal=seal, dept=dept, since=since, until=until, text=text)
    with read() as session:
        page = list_uses(session, flt, limit=limit, offset=offset)

    def human() -> None:
        print_uses(page.items, has_more=page.has_more, offset=offset)

    return emit(page.items, as_json=as_json, human=human)


@app.command("use-show", help=t("help.seal.use_show"))
def use_show(ref: UseRef, as_json: Json = False) -> Any:
    from officedesk.services.seal.actions import get_use

    with read() as session:
        entry = get_use(session, ref)

    def human() -> None:
        from officedesk.views.render import console

        console().print(use_detail_view(entry))

    return emit(entry, as_json=as_json, human=human)


@app.command("correct", help=t("help.seal.correct"))
def correct(
    ref: UseRef,
    reason: Annotated[
        str, typer.Option("--reason", "--note", help=t("help.opt.seal_reason"), show_default=False)
    ] = "",
    seal: Annotated[str | None, typer.Option("--seal", help=t("help.opt.seal_filter"))] = None,
    doc_title: Annotated[str | None, typer.Option("--title", help=t("help.arg.doc_title"))] = None,
    requester: Requester = None,
    dept: Dept = None,
    purpose: Purpose = None,
    copies: Copies = None,
    approver: Approver = None,
    at: At = None,
    void: Annotated[bool, typer.Option("--void", help=t("help.opt.seal_void"))] = False,
    as_json: Json = False,
) -> Any:
    from officedesk.services.seal.actions import correct_use

    data = {
        "note": reason,
        "seal": seal,
        "doc_title": doc_title,
        "requester": requester,
        "dept": dept,
        "purpose": purpose,
        "copies": copies,
        "approver": approver,
    }
    with write("seal.correct") as session:
        entry = correct_use(session, ref, data, used_at=at, void=void)
    return _appended(
        session, entry, as_json, "seal.corrected", id=entry.id, original=entry.corrects_id
    )


@app.command("verify", help=t("help.seal.verify"))
def verify(as_json: Json = False) -> Any:
    """The verdict, then the head and what the MACs and the anchor covered; exit 1 on a break
    (its message on stderr, one line), the head and the warnings still shown."""
    from officedesk.cli.state import say, warn
    from officedesk.services.seal.chain import verify_chain

    with read() as session:
        result = verify_chain(session)
    message = chain_message(result)
    if as_json:
        data = {**result.as_dict(), "message": message}
        emit(data, as_json=True, human=lambda: None)
        warn(result.notices)
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

    emitted = emit(result.as_dict(), as_json=False, human=human)
    warn(result.notices)
    return emitted


# ---- introduction letters -------------------------------------------------------------------


@app.command("letter", help=t("help.seal.letter"))
def letter(
    to_unit: Annotated[str, typer.Argument(help=t("help.arg.to_unit"), show_default=False)],
    bearers: Annotated[
        str, typer.Option("--bearers", "-b", help=t("help.opt.seal_bearers"), show_default=False)
    ] = "",
    count: Annotated[
        int | None, typer.Option("--count", help=t("help.opt.seal_bearer_count"))
    ] = None,
    purpose: Purpose = None,
    valid_until: Annotated[
        str | None, typer.Option("--valid-until", help=t("help.opt.seal_valid_until"))
    ] = None,
    seal: Annotated[str | None, typer.Option("--seal", help=t("help.opt.seal_letter_seal"))] = None,
    requester: Requester = None,
    dept: Dept = None,
    approver: Approver = None,
    note: Note = "",
    as_json: Json = False,
) -> Any:
    from officedesk.services.seal.letters import issue_letter

    data = {
        "to_unit": to_unit,
        "bearers": bearers,
        "bearer_count": count,
        "purpose": purpose or "",
        "valid_until": valid_until,
        "seal": seal,
        "requester": requester or "",
        "dept": dept,
        "approver": approver or "",
        "note": note,
    }
    with write("seal.letter") as session:
        issued = issue_letter(session, data)
    return _appended(
        session,
        issued,
        as_json,
        "seal.letter_issued",
        number=issued.number,
        to_unit=issued.to_unit,
        valid_until=issued.valid_until.isoformat(),
    )


@app.command("letters", help=t("help.seal.letters"))
def letters(
    year: Annotated[int | None, typer.Option("--year", help=t("help.opt.seal_year"))] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    as_json: Json = False,
) -> Any:
    from officedesk.services.seal.letters import list_letters

    with read() as session:
        page = list_letters(session, year=year, limit=limit, offset=offset)

    def human() -> None:
        print_letters(page.items, has_more=page.has_more, offset=offset)

    return emit(page.items, as_json=as_json, human=human)
