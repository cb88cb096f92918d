"""`officedesk visit …`: visits (公务接待), their guests, activities and reception list."""

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.fields import confirming
from officedesk.cli.list_options import search_option, state_option
from officedesk.cli.options import Json, RecordNote, given, shared_options, values_of
from officedesk.cli.state import emit, read, warn
from officedesk.cli.verbs import command, list_command, listing, printed, show_command
from officedesk.i18n import t
from officedesk.services.visit import actions as svc
from officedesk.services.visit.states import VISIT_MACHINE
from officedesk.text import local_time
from officedesk.views.visit import visit_detail_view, visit_table

if TYPE_CHECKING:
    from officedesk.db import OfficeSession
    from officedesk.models.visit import VisitRead

app = typer.Typer(help=t("help.visit"), no_args_is_help=True)

Ref = Annotated[str, typer.Argument(help=t("help.arg.visit_ref"), show_default=False)]
Dept = Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.visit_dept"))]
Host = Annotated[str | None, typer.Option("--host", help=t("help.opt.visit_host"))]
Purpose = Annotated[str | None, typer.Option("--purpose", help=t("help.opt.visit_purpose"))]
Letter = Annotated[str | None, typer.Option("--letter", help=t("help.opt.visit_letter"))]
Level = Annotated[str | None, typer.Option("--level", help=t("help.opt.visit_level"))]
Arrive = Annotated[str | None, typer.Option("--arrive", help=t("help.opt.visit_arrive"))]
Depart = Annotated[str | None, typer.Option("--depart", help=t("help.opt.visit_depart"))]
Count = Annotated[str | None, typer.Option("--guests", help=t("help.opt.visit_guests"))]
Guest = Annotated[list[str] | None, typer.Option("--guest", "-g", help=t("help.opt.visit_guest"))]
Hosts = Annotated[str | None, typer.Option("--hosts", help=t("help.opt.visit_hosts"))]
Meals = Annotated[str | None, typer.Option("--meals", help=t("help.opt.visit_meals"))]
Lodging = Annotated[str | None, typer.Option("--lodging", help=t("help.opt.visit_lodging"))]
Car = Annotated[str | None, typer.Option("--car", help=t("help.opt.visit_car"))]
Room = Annotated[str | None, typer.Option("--room", help=t("help.opt.visit_room"))]
Budget = Annotated[str | None, typer.Option("--budget", help=t("help.opt.visit_budget"))]
Cost = Annotated[str | None, typer.Option("--cost", help=t("help.opt.visit_cost"))]
Waiver = Annotated[str | None, typer.Option("--waiver", help=t("help.opt.visit_waiver"))]
Papers = Annotated[str | None, typer.Option("--papers", help=t("help.opt.visit_papers"))]


def _confirm(visit: "VisitRead", message_key: str) -> None:
    from officedesk.cli.state import say

    say(
        t(
            message_key,
            code=visit.code,
            org=visit.guest_org,
            when=local_time(visit.arrives_at),
            state=_state(visit.state),
        )
    )


def _state(state: str) -> str:
    from officedesk.i18n import label

    return label("visit_state", state)


# A write on one visit: the confirmation (or JSON), then the reception rules' warnings.
_wrote = confirming(_confirm, svc.visit_notices)


def _visit_options(
    arrive: Arrive = None,
    depart: Depart = None,
    purpose: Purpose = None,
    letter: Letter = None,
    level: Level = None,
    host: Host = None,
    dept: Dept = None,
    guests: Count = None,
) -> None:
    """Who comes, when and why: options `add` and `edit` share (cli.options.shared_options)."""


def _arrangement_options(
    hosts: Hosts = None,
    meals: Meals = None,
    lodging: Lodging = None,
    car: Car = None,
    room: Room = None,
    budget: Budget = None,
) -> None:
    """The reception's arrangements: options `add` and `edit` share."""


# The options whose name is not the service's field name.
RENAMED = {
    "arrive": "arrives_at",
    "depart": "departs_at",
    "letter": "letter_ref",
    "guests": "guest_count",
    "hosts": "table_hosts",
}


def _visit_fields(org: str | None, fields: dict[str, Any], **own: Any) -> dict[str, Any]:
    """What `add` and `edit` both send: the guests' unit, the visit's and the arrangements'
    options under the service's field names, then the command's `own` fields."""
    return {
        "guest_org": org,
        **values_of(_visit_options, fields, RENAMED),
        **values_of(_arrangement_options, fields, RENAMED),
        **own,
    }


@app.command("add", help=t("help.visit.add"))
@shared_options(_visit_options, before="guest")
@shared_options(_arrangement_options, before="note")
def add(
    org: Annotated[str, typer.Argument(help=t("help.arg.visit_org"), show_default=False)],
    guest: Guest = None,
    note: RecordNote = None,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = given(_visit_fields(org, fields, guests=guest or None, note=note))
    return _wrote("visit.add", lambda s: svc.create_visit(s, data), "visit.added", as_json)


def _filters(
    state: Annotated[str | None, state_option("help.opt.visit_state")] = None,
    since: Annotated[str | None, typer.Option("--since", help=t("help.opt.visit_since"))] = None,
    until: Annotated[str | None, typer.Option("--until", help=t("help.opt.visit_until"))] = None,
    host: Host = None,
    dept: Dept = None,
    text: Annotated[str | None, search_option("help.opt.visit_search")] = None,
    sort: Annotated[str, typer.Option("--sort", help=t("help.opt.visit_sort"))] = "arrival",
) -> None:
    """`list`'s filters, by the names of the service's filter fields."""


def _this_year(options: dict[str, Any]) -> dict[str, Any]:
    from officedesk.cli.state import context

    return {"offset": options["offset"], "this_year": context().today.year}


list_command(
    app,
    "help.visit.list",
    _filters,
    listing("officedesk.services.visit.actions", "list_visits", "VisitFilter"),
    visit_table,
    table_options=_this_year,
)


show_command(
    app,
    "help.visit.show",
    Ref,
    svc.get_visit,
    printed(visit_detail_view),
    notices=svc.visit_notices,
)


# Decorators apply bottom-up: the visit's options go in before --cost, then the arrangements.
@app.command("edit", help=t("help.visit.edit"))
@shared_options(_arrangement_options, before="cost")
@shared_options(_visit_options, before="cost")
def edit(
    ref: Ref,
    org: Annotated[str | None, typer.Option("--org", help=t("help.arg.visit_org"))] = None,
    cost: Cost = None,
    note: RecordNote = None,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = _visit_fields(org, fields, cost=cost, note=note)
    return _wrote("visit.edit", lambda s: svc.update_visit(s, ref, data), "visit.edited", as_json)


# Each step's parameters: the visit, then the options the service takes with it, in its order.
def _confirmation(ref: Ref, letter: Letter = None, waiver: Waiver = None) -> None: ...


def _completion(ref: Ref, hosts: Hosts = None) -> None: ...


def _settlement(ref: Ref, cost: Cost = None, papers: Papers = None) -> None: ...


def _cancellation(
    ref: Ref,
    reason: Annotated[str, typer.Option("--reason", help=t("help.opt.visit_reason"))] = "",
) -> None: ...


# The machine's steps: action → (parameters, service step, confirmation).
STEPS: dict[str, tuple[Callable[..., None], Callable[..., "VisitRead"], str]] = {
    "confirm": (_confirmation, svc.confirm_visit, "visit.confirmed"),
    "done": (_completion, svc.complete_visit, "visit.completed"),
    "settle": (_settlement, svc.settle_visit, "visit.settled"),
    "cancel": (_cancellation, svc.cancel_visit, "visit.cancelled"),
}


def _step(action: str) -> None:
    parameters, apply, message_key = STEPS[action]

    def run(ref: str, *options: Any, as_json: bool) -> Any:
        return _wrote(f"visit.{action}", lambda s: apply(s, ref, *options), message_key, as_json)

    command(app, action, f"help.visit.{action}", parameters, run)


for _action in VISIT_MACHINE.actions:
    _step(_action)


def _verb(action: str, verbs: tuple[str, ...]) -> str:
    """`visit guest add …`: the second word names what to do with the guests (or activities).

    One command with an action argument, because the CLI loads each noun's verbs lazily and a
    nested command group would not be found."""
    if action not in verbs:
        raise typer.BadParameter(
            t("visit.verb_choice", choices=", ".join(verbs)), param_hint="ACTION"
        )
    return action


@app.command("guest", help=t("help.visit.guest"))
def guest(
    action: Annotated[str, typer.Argument(help=t("help.arg.guest_action"), show_default=False)],
    ref: Ref,
    name: Annotated[str, typer.Argument(help=t("help.arg.guest_name"), show_default=False)],
    post: Annotated[str, typer.Option("--post", help=t("help.opt.guest_post"))] = "",
    as_json: Json = False,
) -> Any:
    verb = _verb(action, ("add", "remove"))

    def change(session: "OfficeSession") -> "VisitRead":
        if verb == "add":
            return svc.add_guest(session, ref, name, post)
        return svc.remove_guest(session, ref, name)

    return _wrote("visit.guest", change, "visit.guests_changed", as_json)


@app.command("activity", help=t("help.visit.activity"))
def activity(
    action: Annotated[str, typer.Argument(help=t("help.arg.activity_action"), show_default=False)],
    ref: Ref,
    what: Annotated[str, typer.Argument(help=t("help.arg.activity"), show_default=False)],
    at: Annotated[str | None, typer.Option("--at", help=t("help.opt.activity_at"))] = None,
    place: Annotated[str, typer.Option("--place", help=t("help.opt.activity_place"))] = "",
    cost: Cost = None,
    as_json: Json = False,
) -> Any:
    verb = _verb(action, ("add", "remove"))

    def change(session: "OfficeSession") -> "VisitRead":
        if verb == "add":
            data = {"activity": what, "starts_at": at, "place": place, "cost": cost}
            return svc.add_activity(session, ref, data)
        return svc.remove_activity(session, ref, what)

    return _wrote("visit.activity", change, "visit.activities_changed", as_json)


@app.command("sheet", help=t("help.visit.sheet"))
def sheet(ref: Ref, as_json: Json = False) -> Any:
    """The reception list (接待清单) as Markdown, or its data with --json."""
    from officedesk.cli.state import STATE
    from officedesk.services.visit.sheet import sheet_data
    from officedesk.views.visit_sheet import sheet_text

    with read() as session:
        visit = svc.get_visit(session, ref)
    if as_json or STATE.batch is not None:
        result = emit(sheet_data(visit), as_json=True, human=lambda: None)
    else:
        sys.stdout.write(sheet_text(visit))
        result = None
    warn(svc.visit_notices(visit))
    return result
