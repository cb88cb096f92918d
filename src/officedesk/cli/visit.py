"""`officedesk visit …`: visits (公务接待), their guests, activities and reception list."""

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.state import emit, read, warn, write
from officedesk.i18n import t
from officedesk.services.visit import actions as svc
from officedesk.services.visit.input import local_text

if TYPE_CHECKING:
    from rich.console import RenderableType

    from officedesk.models.visit import VisitRead

app = typer.Typer(help=t("help.visit"), no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help=t("help.opt.json"))]
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
Note = Annotated[str | None, typer.Option("--note", "-n", help=t("help.opt.note"))]


def _done(visit: "VisitRead", message_key: str, as_json: bool) -> Any:
    """The confirmation (or JSON, warnings included), then the reception rules' warnings."""
    from officedesk.cli.state import say

    def human() -> None:
        say(
            t(
                message_key,
                code=visit.code,
                org=visit.guest_org,
                when=local_text(visit.arrives_at),
                state=_state(visit.state),
            )
        )

    result = emit(visit, as_json=as_json, human=human)
    warn(svc.visit_notices(visit))
    return result


def _state(state: str) -> str:
    from officedesk.i18n import label

    return label("visit_state", state)


@app.command("add", help=t("help.visit.add"))
def add(
    org: Annotated[str, typer.Argument(help=t("help.arg.visit_org"), show_default=False)],
    arrive: Arrive = None,
    depart: Depart = None,
    purpose: Purpose = None,
    letter: Letter = None,
    level: Level = None,
    host: Host = None,
    dept: Dept = None,
    guests: Count = None,
    guest: Guest = None,
    hosts: Hosts = None,
    meals: Meals = None,
    lodging: Lodging = None,
    car: Car = None,
    room: Room = None,
    budget: Budget = None,
    note: Note = None,
    as_json: Json = False,
) -> Any:
    data = {
        "guest_org": org,
        "arrives_at": arrive,
        "departs_at": depart,
        "purpose": purpose,
        "letter_ref": letter,
        "level": level,
        "host": host,
        "dept": dept,
        "guest_count": guests,
        "guests": guest or None,
        "table_hosts": hosts,
        "meals": meals,
        "lodging": lodging,
        "car": car,
        "room": room,
        "budget": budget,
        "note": note,
    }
    with write("visit.add") as session:
        visit = svc.create_visit(session, {k: v for k, v in data.items() if v is not None})
    return _done(visit, "visit.added", as_json)


@app.command("list", help=t("help.visit.list"))
def list_(
    state: Annotated[
        str | None, typer.Option("--state", "-s", help=t("help.opt.visit_state"))
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help=t("help.opt.visit_since"))] = None,
    until: Annotated[str | None, typer.Option("--until", help=t("help.opt.visit_until"))] = None,
    host: Host = None,
    dept: Dept = None,
    text: Annotated[
        str | None, typer.Option("--search", "-q", help=t("help.opt.visit_search"))
    ] = None,
    sort: Annotated[str, typer.Option("--sort", help=t("help.opt.visit_sort"))] = "arrival",
    limit: Annotated[int, typer.Option("--limit", "-l", help=t("help.opt.limit"))] = 50,
    offset: Annotated[int, typer.Option("--offset", help=t("help.opt.offset"))] = 0,
    as_json: Json = False,
) -> Any:
    states = [s.strip() for s in state.split(",") if s.strip()] if state else None
    flt = svc.VisitFilter(
        states=states, since=since, until=until, host=host, dept=dept, text=text, sort=sort
    )
    with read() as session:
        page = svc.list_visits(session, flt, limit=limit, offset=offset)
        this_year = session.env.today.year
    return emit(
        page.items,
        as_json=as_json,
        human=lambda: visit_table(
            page.items, has_more=page.has_more, offset=offset, this_year=this_year
        ),
    )


@app.command("show", help=t("help.visit.show"))
def show(ref: Ref, as_json: Json = False) -> Any:
    with read() as session:
        visit = svc.get_visit(session, ref)
    result = emit(visit, as_json=as_json, human=lambda: _print(visit_detail_view(visit)))
    warn(svc.visit_notices(visit))
    return result


@app.command("edit", help=t("help.visit.edit"))
def edit(
    ref: Ref,
    org: Annotated[str | None, typer.Option("--org", help=t("help.arg.visit_org"))] = None,
    arrive: Arrive = None,
    depart: Depart = None,
    purpose: Purpose = None,
    letter: Letter = None,
    level: Level = None,
    host: Host = None,
    dept: Dept = None,
    guests: Count = None,
    hosts: Hosts = None,
    meals: Meals = None,
    lodging: Lodging = None,
    car: Car = None,
    room: Room = None,
    budget: Budget = None,
    cost: Cost = None,
    note: Note = None,
    as_json: Json = False,
) -> Any:
    data = {
        "guest_org": org,
        "arrives_at": arrive,
        "departs_at": depart,
        "purpose": purpose,
        "letter_ref": letter,
        "level": level,
        "host": host,
        "dept": dept,
        "guest_count": guests,
        "table_hosts": hosts,
        "meals": meals,
        "lodging": lodging,
        "car": car,
        "room": room,
        "budget": budget,
        "cost": cost,
        "note": note,
    }
    with write("visit.edit") as session:
        visit = svc.update_visit(session, ref, data)
    return _done(visit, "visit.edited", as_json)


@app.command("confirm", help=t("help.visit.confirm"))
def confirm(ref: Ref, letter: Letter = None, as_json: Json = False) -> Any:
    with write("visit.confirm") as session:
        visit = svc.confirm_visit(session, ref, letter)
    return _done(visit, "visit.confirmed", as_json)


@app.command("done", help=t("help.visit.done"))
def done(ref: Ref, hosts: Hosts = None, as_json: Json = False) -> Any:
    with write("visit.done") as session:
        visit = svc.complete_visit(session, ref, hosts)
    return _done(visit, "visit.completed", as_json)


@app.command("settle", help=t("help.visit.settle"))
def settle(ref: Ref, cost: Cost = None, as_json: Json = False) -> Any:
    with write("visit.settle") as session:
        visit = svc.settle_visit(session, ref, cost)
    return _done(visit, "visit.settled", as_json)


@app.command("cancel", help=t("help.visit.cancel"))
def cancel(
    ref: Ref,
    reason: Annotated[str, typer.Option("--reason", help=t("help.opt.visit_reason"))] = "",
    as_json: Json = False,
) -> Any:
    with write("visit.cancel") as session:
        visit = svc.cancel_visit(session, ref, reason)
    return _done(visit, "visit.cancelled", as_json)


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
    with write("visit.guest") as session:
        if verb == "add":
            visit = svc.add_guest(session, ref, name, post)
        else:
            visit = svc.remove_guest(session, ref, name)
    return _done(visit, "visit.guests_changed", as_json)


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
    with write("visit.activity") as session:
        if verb == "add":
            data = {"activity": what, "starts_at": at, "place": place, "cost": cost}
            visit = svc.add_activity(session, ref, data)
        else:
            visit = svc.remove_activity(session, ref, what)
    return _done(visit, "visit.activities_changed", as_json)


@app.command("sheet", help=t("help.visit.sheet"))
def sheet(ref: Ref, as_json: Json = False) -> Any:
    """The reception list (接待清单) as Markdown, or its data with --json."""
    from officedesk.cli.state import STATE
    from officedesk.services.visit.sheet import sheet_data, sheet_text

    with read() as session:
        visit = svc.get_visit(session, ref)
    if as_json or STATE.batch is not None:
        result = emit(sheet_data(visit), as_json=True, human=lambda: None)
    else:
        sys.stdout.write(sheet_text(visit))
        result = None
    warn(svc.visit_notices(visit))
    return result


# ---- human views (Rich is imported here only; the TUI's detail pane shows the same view) -----

COLUMNS = ("code", "arrives_at", "guest_org", "purpose", "guest_count", "host", "state")


def _print(renderable: "RenderableType") -> None:
    from officedesk.views.render import console

    console().print(renderable)


def visit_table(
    visits: "list[VisitRead]", *, has_more: bool, offset: int = 0, this_year: int = 0
) -> None:
    from rich.text import Text

    from officedesk.views.render import cell, console, fitted_table

    out = console()
    if not visits:
        out.print(Text(t("list.empty")))
        return
    rows = [
        [
            cell(visit.code, "yellow" if visit.warnings else ""),
            Text(_short_time(visit.arrives_at, this_year)),
            cell(visit.guest_org),
            cell(visit.purpose),
            Text(str(visit.guest_count)),
            cell(visit.host or ""),
            Text(_state(visit.state)),
        ]
        for visit in visits
    ]
    headers = [t(f"field.{key}") for key in COLUMNS]
    headers[COLUMNS.index("guest_count")] = t("visit.col.guests")
    caps = {COLUMNS.index("guest_org"): 14, COLUMNS.index("host"): 6}
    title, state = COLUMNS.index("purpose"), COLUMNS.index("state")
    out.print(fitted_table(headers, rows, title, out.width, caps, keep={state}))
    footer = t("list.shown", first=offset + 1, last=offset + len(visits))
    if has_more:
        footer += " " + t("list.more", next=offset + len(visits))
    out.print(Text(footer, style="dim"))


def _short_time(moment: Any, this_year: int) -> str:
    """A list needs the day and the hour; the year only when it is not this one."""
    local = moment.astimezone()
    return local.strftime("%m-%d %H:%M" if local.year == this_year else "%Y-%m-%d")


def visit_detail_view(visit: "VisitRead") -> "RenderableType":
    """A visit, its guests, its activities and the rules it breaks, as one renderable. Every
    user value goes through `cell()`: data, never markup."""
    from rich.console import Group
    from rich.text import Text

    from officedesk.i18n import label
    from officedesk.views.render import cell, pairs_table

    parts: list[Any] = [
        Text.assemble((visit.code, "bold"), "  ", cell(visit.guest_org, "bold")),
    ]
    stay = local_text(visit.arrives_at)
    if visit.departs_at:
        stay = t("visit.sheet.stay", arrives=stay, departs=local_text(visit.departs_at))
    people = t(
        "visit.sheet.people_line",
        guests=visit.guest_count,
        hosts=visit.table_hosts,
        limit=visit.host_limit,
    )
    pairs: list[tuple[str, Any]] = [
        (t("field.state"), Text(label("visit_state", visit.state))),
        (t("field.purpose"), visit.purpose),
        (t("field.letter_ref"), visit.letter_ref or Text(t("visit.sheet.no_letter"), "yellow")),
        (t("field.level"), Text(label("visit_level", visit.level))),
        (t("visit.sheet.when"), stay),
        (t("field.host_id"), visit.host or ""),
        (t("field.host_dept_id"), visit.host_dept or ""),
        (t("visit.sheet.people"), people),
        (t("field.meals"), visit.meals),
        (t("field.lodging"), visit.lodging),
        (t("field.car"), visit.car),
        (t("field.room"), visit.room),
        (t("field.budget"), visit.budget or ""),
        (t("field.cost"), visit.cost or ""),
    ]
    if visit.settled_on:
        pairs.append((t("field.settled_on"), visit.settled_on.isoformat()))
    if visit.cancel_reason:
        pairs.append((t("field.cancel_reason"), visit.cancel_reason))
    parts.append(pairs_table(pairs, skip_empty=True))
    if visit.note:
        from officedesk.text import display_safe

        parts += [Text(""), Text(display_safe(visit.note, keep_newlines=True))]
    if visit.warnings:
        parts.append(Text(""))
        parts += [cell(f"! {w['message']}", "yellow") for w in visit.warnings]
    if visit.guests:
        parts += [Text(""), Text(t("visit.sheet.guests"), style="bold")]
        parts += [cell(f"  #{g.id}  {g.name}  {g.post}".rstrip()) for g in visit.guests]
    if visit.activities:
        parts += [Text(""), Text(t("visit.sheet.activities"), style="bold")]
        for a in visit.activities:
            money = f"  ¥{a.cost}" if a.cost else ""
            parts.append(
                cell(f"  #{a.id}  {local_text(a.starts_at)}  {a.place}  {a.activity}{money}")
            )
    return Group(*parts)
