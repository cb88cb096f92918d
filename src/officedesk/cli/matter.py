"""`officedesk matter …`: coordination matters (协调事项), their contacts and positions, their
steps (agree, close, escalate to a leader, the leader's decision, reopen) and the supervision
items they spawn."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.fields import confirming
from officedesk.cli.list_options import search_option, state_option
from officedesk.cli.options import Json, RecordNote, given
from officedesk.cli.verbs import command, list_command, printed, show_command
from officedesk.i18n import t
from officedesk.services.matter import actions as svc
from officedesk.views.matter import matter_detail_view, matter_table

if TYPE_CHECKING:
    from officedesk.db import OfficeSession
    from officedesk.models.matter import MatterRead

app = typer.Typer(help=t("help.matter"), no_args_is_help=True)

Ref = Annotated[str, typer.Argument(help=t("help.arg.matter_ref"), show_default=False)]
Title = Annotated[str | None, typer.Option("--title", help=t("help.opt.matter_title"))]
Direction = Annotated[
    str | None, typer.Option("--direction", "-D", help=t("help.opt.matter_direction"))
]
Lead = Annotated[str | None, typer.Option("--lead", help=t("help.opt.matter_lead"))]
Depts = Annotated[list[str] | None, typer.Option("--dept", "-d", help=t("help.opt.matter_depts"))]
Asked = Annotated[str | None, typer.Option("--asked", help=t("help.opt.matter_asked"))]
At = Annotated[str | None, typer.Option("--at", help=t("help.opt.matter_at"))]


def _confirm(matter: "MatterRead", message_key: str) -> None:
    from officedesk.cli.state import say
    from officedesk.i18n import label

    say(
        t(
            message_key,
            code=matter.code,
            title=matter.title,
            state=label("matter_state", matter.state),
        )
    )


_wrote = confirming(_confirm)


@app.command("add", help=t("help.matter.add"))
def add(
    title: Annotated[str, typer.Argument(help=t("help.arg.matter_title"), show_default=False)],
    direction: Direction = None,
    lead: Lead = None,
    dept: Depts = None,
    asked: Asked = None,
    note: RecordNote = None,
    as_json: Json = False,
) -> Any:
    data = given(
        {
            "title": title,
            "direction": direction,
            "lead": lead,
            "depts": dept or None,
            "asked": asked,
            "note": note,
        }
    )
    return _wrote("matter.add", lambda s: svc.create_matter(s, data), "matter.added", as_json)


def _filters(
    state: Annotated[str | None, state_option("help.opt.matter_state")] = None,
    direction: Direction = None,
    dept: Annotated[
        str | None, typer.Option("--dept", "-d", help=t("help.opt.matter_dept_filter"))
    ] = None,
    stale: Annotated[
        bool, typer.Option("--stale", help=t("help.opt.matter_stale", n=svc.STALE_WORKDAYS))
    ] = False,
    text: Annotated[str | None, search_option("help.opt.matter_search")] = None,
    sort: Annotated[str, typer.Option("--sort", help=t("help.opt.matter_sort"))] = "code",
) -> None:
    """`list`'s filters."""


def _fetch(session: "OfficeSession", options: dict[str, Any]) -> Any:
    from officedesk.cli.verbs import split_states

    flt = svc.MatterFilter(
        states=split_states(options["state"]),
        text=options["text"],
        direction=options["direction"],
        dept=options["dept"],
        stale=options["stale"],
        sort=options["sort"],
    )
    return svc.list_matters(session, flt, limit=options["limit"], offset=options["offset"])


list_command(app, "help.matter.list", _filters, _fetch, matter_table)

show_command(app, "help.matter.show", Ref, svc.get_matter, printed(matter_detail_view))


@app.command("edit", help=t("help.matter.edit"))
def edit(
    ref: Ref,
    title: Title = None,
    direction: Direction = None,
    lead: Lead = None,
    dept: Depts = None,
    asked: Asked = None,
    note: RecordNote = None,
    as_json: Json = False,
) -> Any:
    data = {
        "title": title,
        "direction": direction,
        "lead": lead,
        "depts": dept,
        "asked": asked,
        "note": note,
    }
    return _wrote(
        "matter.edit", lambda s: svc.update_matter(s, ref, data), "matter.edited", as_json
    )


@app.command("contact", help=t("help.matter.contact"))
def contact(
    ref: Ref,
    by: Annotated[str, typer.Option("--by", help=t("help.opt.matter_by"))] = "",
    position: Annotated[
        str, typer.Option("--position", "-p", help=t("help.opt.matter_position"))
    ] = "",
    at: At = None,
    as_json: Json = False,
) -> Any:
    return _wrote(
        "matter.contact",
        lambda s: svc.add_contact(s, ref, by, position, at=at),
        "matter.contacted",
        as_json,
    )


# Each step's parameters: the matter, then what the service takes with it, in its order.
def _agreement(
    ref: Ref,
    note: Annotated[str, typer.Option("--note", "-n", help=t("help.opt.matter_agreed"))] = "",
) -> None: ...


def _closing(
    ref: Ref,
    outcome: Annotated[str, typer.Option("--outcome", help=t("help.opt.matter_outcome"))] = "",
) -> None: ...


def _escalation(
    ref: Ref,
    leader: Annotated[str, typer.Option("--leader", help=t("help.opt.matter_leader"))] = "",
    note: Annotated[str, typer.Option("--note", "-n", help=t("help.opt.matter_why"))] = "",
) -> None: ...


def _reopening(
    ref: Ref,
    reason: Annotated[str, typer.Option("--reason", help=t("help.opt.matter_reason"))] = "",
) -> None: ...


# The machine's steps: action → (parameters, service step, confirmation).
STEPS: dict[str, tuple[Callable[..., None], Callable[..., "MatterRead"], str]] = {
    "agree": (_agreement, svc.agree_matter, "matter.agreed"),
    "escalate": (_escalation, svc.escalate_matter, "matter.escalated"),
    "close": (_closing, svc.close_matter, "matter.closed_ok"),
    "reopen": (_reopening, svc.reopen_matter, "matter.reopened"),
}


def _step(action: str) -> None:
    parameters, apply, message_key = STEPS[action]

    def run(ref: str, *options: Any, as_json: bool) -> Any:
        return _wrote(f"matter.{action}", lambda s: apply(s, ref, *options), message_key, as_json)

    command(app, action, f"help.matter.{action}", parameters, run)


for _action in svc.MATTER_ACTIONS:
    _step(_action)


@app.command("decide", help=t("help.matter.decide"))
def decide(
    ref: Ref,
    decision: Annotated[str, typer.Option("--decision", help=t("help.opt.matter_decision"))] = "",
    at: At = None,
    as_json: Json = False,
) -> Any:
    return _wrote(
        "matter.decide",
        lambda s: svc.decide_matter(s, ref, decision, at=at),
        "matter.decided",
        as_json,
    )


@app.command("item", help=t("help.matter.item"))
def item(
    ref: Ref,
    title: Annotated[str, typer.Argument(help=t("help.arg.matter_item"))] = "",
    dept: Annotated[
        str | None, typer.Option("--dept", "-d", help=t("help.opt.matter_item_dept"))
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help=t("help.opt.resolve_owner"))] = None,
    due: Annotated[str | None, typer.Option("--due", help=t("help.opt.matter_item_due"))] = None,
    priority: Annotated[
        str, typer.Option("--priority", help=t("help.opt.resolve_priority"))
    ] = "normal",
    existing: Annotated[
        str | None, typer.Option("--item", help=t("help.opt.matter_item_link"))
    ] = None,
    as_json: Json = False,
) -> Any:
    def change(session: "OfficeSession") -> "MatterRead":
        if existing:
            return svc.link_item(session, ref, existing)
        return svc.spawn_item(
            session, ref, title, dept=dept, owner=owner, due=due, priority=priority
        )

    return _wrote("matter.item", change, "matter.item_added", as_json)
