"""`officedesk seal …`: seals (印章) and their lifecycle; the usage log (用印登记) with its use
requests (cli.seal_log) and the introduction letters (cli.seal_letters) join the same app. The
Rich views are in views.seal, shared with the workbench's seal panes."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli import seal_letters, seal_log
from officedesk.cli.fields import confirming
from officedesk.cli.list_options import search_option, state_option
from officedesk.cli.options import Dept, Json, Note, RecordNote, given, shared_options, values_of
from officedesk.cli.seal_options import Approval, Keeper, Kind, SealRef, Serial, StepDate
from officedesk.cli.verbs import fetching, list_command, listing, printed, show_command
from officedesk.i18n import t
from officedesk.services.seal.states import SEAL_MACHINE
from officedesk.views.seal import print_seals, seal_detail_view

if TYPE_CHECKING:
    from officedesk.models.seal import SealRead

app = typer.Typer(help=t("help.seal"), no_args_is_help=True)


# ---- seals ----------------------------------------------------------------------------------


def _say_seal(seal: "SealRead", key: str) -> None:
    """The confirmation of a write on one seal: registered, saved, or its new state."""
    from officedesk.cli.state import say
    from officedesk.i18n import label

    state = label("seal_state", seal.state)
    say(t(key, id=seal.id, name=seal.name, state=state, date=seal.state_on.isoformat()))


# A write on one seal, then its confirmation.
_wrote = confirming(_say_seal)


def _seal_options(serial: Serial = None, keeper: Keeper = None, dept: Dept = None) -> None:
    """Its code and who keeps it: options `add` and `edit` share (cli.options.shared_options)."""


def _seal_fields(
    name: str | None, kind: str | None, fields: dict[str, Any], **own: Any
) -> dict[str, Any]:
    """What `add` and `edit` both send: the seal's name and kind, the shared options, then the
    command's `own` fields."""
    return {"name": name, "kind": kind, **values_of(_seal_options, fields), **own}


@app.command("add", help=t("help.seal.add"))
@shared_options(_seal_options, before="engraved", defaults={"serial": ""})
def add(
    name: Annotated[str, typer.Argument(help=t("help.arg.seal_name"), show_default=False)],
    kind: Kind = "official",
    approval: Approval = "",
    engraved: StepDate = None,
    note: Note = "",
    as_json: Json = False,
    **fields: Any,
) -> Any:
    from officedesk.services.seal.actions import create_seal

    data = _seal_fields(name, kind, fields, approval=approval, engraved_on=engraved, note=note)
    return _wrote("seal.add", lambda s: create_seal(s, data), "seal.added", as_json)


def _filters(
    state: Annotated[str | None, state_option("help.opt.seal_state")] = None,
    kind: Kind = None,
    dept: Dept = None,
    keeper: Keeper = None,
    text: Annotated[str | None, search_option("help.opt.seal_search")] = None,
) -> None:
    """`seal list`'s filters: SealFilter's fields."""


list_command(
    app,
    "help.seal.list",
    _filters,
    listing("officedesk.services.seal.actions", "list_seals", "SealFilter"),
    print_seals,
)


show_command(
    app,
    "help.seal.show",
    SealRef,
    fetching("officedesk.services.seal.actions", "get_seal"),
    printed(seal_detail_view),
)


@app.command("edit", help=t("help.seal.edit"))
@shared_options(_seal_options, before="note")
def edit(
    ref: SealRef,
    name: Annotated[str | None, typer.Option("--name", help=t("help.arg.seal_name"))] = None,
    kind: Kind = None,
    note: RecordNote = None,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    from officedesk.services.seal.actions import update_seal

    data = given(_seal_fields(name, kind, fields, note=note))
    return _wrote("seal.edit", lambda s: update_seal(s, ref, data), "seal.edited", as_json)


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
        from officedesk.services.seal.actions import step_seal

        def apply(session: Any) -> Any:
            return step_seal(session, ref, action, approval=approval, on=on, note=note)

        return _wrote(f"seal.{action}", apply, "seal.stepped", as_json)

    step.__name__ = action
    app.command(action, help=t(f"help.seal.{action}"))(step)


for _action in SEAL_MACHINE.actions:
    _lifecycle_command(_action)

# The usage log's and the letters' commands follow the seals' own, in this order on the help
# page. Merged as registered commands (not add_typer) because the lazy noun group lists and
# builds a noun's verbs from its app's registered_commands.
for _part in (seal_log.commands, seal_letters.commands):
    app.registered_commands.extend(_part.registered_commands)
