"""`officedesk seal letter|letters`: numbered introduction letters (介绍信), each issue logged as
a seal use."""

from typing import Annotated, Any

import typer

from officedesk.cli.options import Dept, Json, Note
from officedesk.cli.seal_options import Approver, Purpose, Requester, appended
from officedesk.cli.state import write
from officedesk.cli.verbs import list_command, listing
from officedesk.i18n import t
from officedesk.views.seal import print_letters

commands = typer.Typer()  # merged into cli.seal's app, after the seals' own commands

# ---- introduction letters -------------------------------------------------------------------


@commands.command("letter", help=t("help.seal.letter"))
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
    return appended(
        session,
        issued,
        as_json,
        "seal.letter_issued",
        number=issued.number,
        to_unit=issued.to_unit,
        valid_until=issued.valid_until.isoformat(),
    )


def _letter_filters(
    year: Annotated[int | None, typer.Option("--year", help=t("help.opt.seal_year"))] = None,
) -> None:
    """`seal letters --year`."""


list_command(
    commands,
    "help.seal.letters",
    _letter_filters,
    listing("officedesk.services.seal.letters", "list_letters"),
    print_letters,
    name="letters",
)
