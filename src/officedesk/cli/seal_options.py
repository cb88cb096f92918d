"""The seal commands' own options (those every register shares are in cli.options) and the two
ways they report what they wrote, for cli.seal and the modules that add its usage-log and letter
commands."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.state import emit
from officedesk.i18n import t
from officedesk.views.seal import head_line

if TYPE_CHECKING:
    from officedesk.db import OfficeSession

SealRef = Annotated[str, typer.Argument(help=t("help.arg.seal_ref"), show_default=False)]
UseRef = Annotated[str, typer.Argument(help=t("help.arg.use_ref"), show_default=False)]
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


def said(key: str, **params: Any) -> Any:
    """The human view of a write: one sentence, printed only when --json is not asked for."""
    from officedesk.cli.state import say

    return lambda: say(t(key, **params))


def appended(session: "OfficeSession", record: Any, as_json: bool, key: str, **params: Any) -> Any:
    """Show what an append to the usage log wrote, with the log's head as it left it (to
    compare with one written down elsewhere), then the key's and the anchor's warnings.
    --json keeps the record's keys and adds "head" and "warnings"."""
    from officedesk.cli.state import say, to_jsonable
    from officedesk.services.seal.chain import appended_head, chain_notices

    head = appended_head(session)
    notices = chain_notices(session)
    data = to_jsonable(record)
    data["head"] = {"seq": head[0], "hash": head[1]} if head else None
    data["warnings"] = [notice.as_dict() for notice in notices]

    def human() -> None:
        say(t(key, **params))
        say(head_line(*head) if head else head_line(None, None))

    return emit(data, as_json=as_json, human=human, warnings=notices)
