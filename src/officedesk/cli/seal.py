"""`officedesk seal …`: seals (印章) and their lifecycle; the usage log (用印登记) with its use
requests (cli.seal_log) and the introduction letters (cli.seal_letters) join the same app. The
Rich views are in views.seal, shared with the workbench's seal panes."""

from typing import Annotated, Any

import typer

from officedesk.cli import seal_letters, seal_log
from officedesk.cli.options import given
from officedesk.cli.seal_options import (
    Approval,
    Dept,
    Json,
    Keeper,
    Kind,
    Note,
    SealRef,
    Serial,
    StepDate,
    said,
)
from officedesk.cli.state import emit, write
from officedesk.cli.verbs import list_command, listing, printed, show_command
from officedesk.i18n import t
from officedesk.services.seal.states import SEAL_MACHINE
from officedesk.views.seal import print_seals, seal_detail_view

app = typer.Typer(help=t("help.seal"), no_args_is_help=True)


# ---- seals ----------------------------------------------------------------------------------


@app.command("add", help=t("help.seal.add"))
def add(
    name: Annotated[str, typer.Argument(help=t("help.arg.seal_name"), show_default=False)],
    kind: Kind = "official",
    approval: Approval = "",
    serial: Serial = "",
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
    return emit(seal, as_json=as_json, human=said("seal.added", id=seal.id, name=seal.name))


def _filters(
    state: Annotated[
        str | None, typer.Option("--state", "-s", help=t("help.opt.seal_state"))
    ] = None,
    kind: Kind = None,
    dept: Dept = None,
    keeper: Keeper = None,
    text: Annotated[
        str | None, typer.Option("--search", "-q", help=t("help.opt.seal_search"))
    ] = None,
) -> None:
    """`seal list`'s filters: SealFilter's fields."""


list_command(
    app,
    "help.seal.list",
    _filters,
    listing("officedesk.services.seal.actions", "list_seals", "SealFilter"),
    print_seals,
)


def _get_seal(session: Any, ref: str) -> Any:
    from officedesk.services.seal.actions import get_seal

    return get_seal(session, ref)


show_command(app, "help.seal.show", SealRef, _get_seal, printed(seal_detail_view))


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

    data = given(
        {"name": name, "kind": kind, "serial": serial, "keeper": keeper, "dept": dept, "note": note}
    )
    with write("seal.edit") as session:
        seal = update_seal(session, ref, data)
    return emit(seal, as_json=as_json, human=said("seal.edited", id=seal.id, name=seal.name))


def _step(
    operation: str, action: str, ref: str, approval: str, on: str | None, note: str, as_json: bool
) -> Any:
    from officedesk.i18n import label
    from officedesk.services.seal.actions import step_seal

    with write(operation) as session:
        seal = step_seal(session, ref, action, approval=approval, on=on, note=note)
    human = said(
        "seal.stepped",
        id=seal.id,
        name=seal.name,
        state=label("seal_state", seal.state),
        date=seal.state_on.isoformat(),
    )
    return emit(seal, as_json=as_json, human=human)


def _lifecycle_command(action: str) -> None:
    """`seal <action> REF --approval … [--date] [--note]`: one command per step of the seal's
    state machine, with the same options; the service refuses a step its state does not allow."""

    def step(
        ref: SealRef,
        approval: Approval = "",
        on: StepDate = None,
        note: Note = "",
        as_json: Json = False,
    ) -> Any:
        return _step(f"seal.{action}", action, ref, approval, on, note, as_json)

    step.__name__ = action
    app.command(action, help=t(f"help.seal.{action}"))(step)


for _action in SEAL_MACHINE.actions:
    _lifecycle_command(_action)

# The usage log's and the letters' commands follow the seals' own, in this order on the help
# page. Merged as registered commands (not add_typer) because the lazy noun group lists and
# builds a noun's verbs from its app's registered_commands.
for _part in (seal_log.commands, seal_letters.commands):
    app.registered_commands.extend(_part.registered_commands)
