"""`officedesk award …`: the awards register (评比表彰) and the staff events (员工大会)."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.fields import confirming
from officedesk.cli.options import Json, Limit, Offset, RecordNote, given, shared_options, values_of
from officedesk.cli.state import emit, read
from officedesk.cli.verbs import list_command, listed, listing, printed, show_command
from officedesk.i18n import t
from officedesk.services import award as svc
from officedesk.views.award import award_detail_view, award_table, event_detail_view, event_table

if TYPE_CHECKING:
    from officedesk.models.award import AwardRead, EventRead

app = typer.Typer(help=t("help.award"), no_args_is_help=True)

Ref = Annotated[str, typer.Argument(help=t("help.arg.award_ref"), show_default=False)]
Person = Annotated[str | None, typer.Option("--person", "-p", help=t("help.opt.award_person"))]
Dept = Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.award_dept"))]
Year = Annotated[str | None, typer.Option("--year", "-y", help=t("help.opt.award_year"))]
Reason = Annotated[str | None, typer.Option("--reason", help=t("help.opt.award_reason"))]
DocRef = Annotated[str | None, typer.Option("--ref", help=t("help.opt.award_doc_ref"))]
Event = Annotated[str | None, typer.Option("--event", "-e", help=t("help.opt.award_event"))]
On = Annotated[str | None, typer.Option("--on", help=t("help.opt.award_on"))]
Search = Annotated[str | None, typer.Option("--search", "-q", help=t("help.opt.award_search"))]
Kind = Annotated[str | None, typer.Option("--kind", "-k", help=t("help.opt.event_kind"))]
Place = Annotated[str | None, typer.Option("--place", help=t("help.opt.event_place"))]
When = Annotated[str | None, typer.Option("--date", help=t("help.opt.event_date"))]


def _say_award(award: "AwardRead", key: str) -> None:
    from officedesk.cli.state import say

    say(t(key, id=award.id, year=award.year, name=award.name, recipient=award.recipient_name))


def _say_event(event: "EventRead", key: str) -> None:
    from officedesk.cli.state import say

    say(t(key, id=event.id, date=event.held_on.isoformat(), title=event.title))


# A write on one award or one event, then its confirmation.
_wrote_award = confirming(_say_award)
_wrote_event = confirming(_say_event)


def _award_options(
    person: Person = None,
    dept: Dept = None,
    year: Year = None,
    reason: Reason = None,
    doc_ref: DocRef = None,
    event: Event = None,
    on: On = None,
) -> None:
    """The options `add` and `edit` share (see cli.options.shared_options)."""


# The option whose name is not the service's field name.
RENAMED = {"on": "awarded_on"}


@app.command("add", help=t("help.award.add"))
@shared_options(_award_options)
def add(
    name: Annotated[str, typer.Argument(help=t("help.arg.award_name"), show_default=False)],
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = given({"name": name, **values_of(_award_options, fields, RENAMED)})
    return _wrote_award("award.add", lambda s: svc.create_award(s, data), "award.added", as_json)


def _filters(
    year: Year = None,
    dept: Annotated[
        str | None, typer.Option("--dept", "-d", help=t("help.opt.award_dept_filter"))
    ] = None,
    person: Person = None,
    event: Event = None,
    text: Search = None,
    by: Annotated[str, typer.Option("--by", help=t("help.opt.award_by"))] = "year",
) -> None:
    """`list`'s filters, by the names of the service's filter fields."""


list_command(
    app,
    "help.award.list",
    _filters,
    listing("officedesk.services.award", "list_awards", "AwardFilter"),
    award_table,
    limit=100,
    table_options=lambda options: {"offset": options["offset"], "by": options["by"]},
)


show_command(app, "help.award.show", Ref, svc.get_award, printed(award_detail_view))


@app.command("edit", help=t("help.award.edit"))
@shared_options(_award_options)
def edit(
    ref: Ref,
    name: Annotated[str | None, typer.Option("--name", help=t("help.arg.award_name"))] = None,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = {"name": name, **values_of(_award_options, fields, RENAMED)}
    return _wrote_award(
        "award.edit", lambda s: svc.update_award(s, ref, data), "award.edited", as_json
    )


EVENT_VERBS = ("add", "list", "show", "edit")


@app.command("event", help=t("help.award.event"))
def event(
    action: Annotated[str, typer.Argument(help=t("help.arg.event_action"), show_default=False)],
    target: Annotated[
        str | None, typer.Argument(help=t("help.arg.event_target"), show_default=False)
    ] = None,
    when: When = None,
    kind: Kind = None,
    place: Place = None,
    note: RecordNote = None,
    title: Annotated[str | None, typer.Option("--title", help=t("help.arg.event_title"))] = None,
    year: Year = None,
    text: Search = None,
    limit: Limit = 100,
    offset: Offset = 0,
    as_json: Json = False,
) -> Any:
    """`award event add|list|show|edit …`: one command with an action argument, because the
    CLI loads each noun's verbs lazily and a nested command group would not be found."""
    if action not in EVENT_VERBS:
        raise typer.BadParameter(
            t("award.event_verb", choices=", ".join(EVENT_VERBS)), param_hint="ACTION"
        )
    if action == "list":
        return _event_list(year, kind, text, limit, offset, as_json)
    if not target:
        raise typer.BadParameter(t("award.event_target"), param_hint="TARGET")
    data = {"title": title, "held_on": when, "kind": kind, "place": place, "note": note}
    if action == "add":
        added = given({**data, "title": target})
        return _wrote_event(
            "award.event", lambda s: svc.create_event(s, added), "award.event_added", as_json
        )
    if action == "edit":
        return _wrote_event(
            "award.event",
            lambda s: svc.update_event(s, target, data),
            "award.event_edited",
            as_json,
        )
    with read() as session:
        found = svc.get_event(session, target)
        awards = svc.event_awards(session, found.id)
    record = {
        **found.model_dump(mode="json"),
        "award_list": [a.model_dump(mode="json") for a in awards],
    }
    return emit(record, as_json=as_json, human=lambda: printed(event_detail_view)(found, awards))


def _event_list(
    year: str | None, kind: str | None, text: str | None, limit: int, offset: int, as_json: bool
) -> Any:
    flt = svc.EventFilter(year=year, kind=kind, text=text)
    return listed(
        lambda s: svc.list_events(s, flt, limit=limit, offset=offset),
        event_table,
        offset=offset,
        start=offset,
        as_json=as_json,
    )
