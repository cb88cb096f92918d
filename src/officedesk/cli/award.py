"""`officedesk award …`: the awards register (评比表彰) and the staff events (员工大会)."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.state import emit, read, write
from officedesk.i18n import t
from officedesk.services import award as svc

if TYPE_CHECKING:
    from rich.console import RenderableType

    from officedesk.models.award import AwardRead, EventRead

app = typer.Typer(help=t("help.award"), no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help=t("help.opt.json"))]
Ref = Annotated[str, typer.Argument(help=t("help.arg.award_ref"), show_default=False)]
Person = Annotated[str | None, typer.Option("--person", "-p", help=t("help.opt.award_person"))]
Dept = Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.award_dept"))]
Year = Annotated[str | None, typer.Option("--year", "-y", help=t("help.opt.award_year"))]
Reason = Annotated[str | None, typer.Option("--reason", help=t("help.opt.award_reason"))]
DocRef = Annotated[str | None, typer.Option("--ref", help=t("help.opt.award_doc_ref"))]
Event = Annotated[str | None, typer.Option("--event", "-e", help=t("help.opt.award_event"))]
On = Annotated[str | None, typer.Option("--on", help=t("help.opt.award_on"))]
Limit = Annotated[int, typer.Option("--limit", "-l", help=t("help.opt.limit"))]
Offset = Annotated[int, typer.Option("--offset", help=t("help.opt.offset"))]
Search = Annotated[str | None, typer.Option("--search", "-q", help=t("help.opt.award_search"))]
Kind = Annotated[str | None, typer.Option("--kind", "-k", help=t("help.opt.event_kind"))]
Place = Annotated[str | None, typer.Option("--place", help=t("help.opt.event_place"))]
Note = Annotated[str | None, typer.Option("--note", "-n", help=t("help.opt.note"))]
When = Annotated[str | None, typer.Option("--date", help=t("help.opt.event_date"))]


def _say_award(award: "AwardRead", key: str) -> None:
    from officedesk.cli.state import say

    say(t(key, id=award.id, year=award.year, name=award.name, recipient=award.recipient_name))


def _say_event(event: "EventRead", key: str) -> None:
    from officedesk.cli.state import say

    say(t(key, id=event.id, date=event.held_on.isoformat(), title=event.title))


@app.command("add", help=t("help.award.add"))
def add(
    name: Annotated[str, typer.Argument(help=t("help.arg.award_name"), show_default=False)],
    person: Person = None,
    dept: Dept = None,
    year: Year = None,
    reason: Reason = None,
    doc_ref: DocRef = None,
    event: Event = None,
    on: On = None,
    as_json: Json = False,
) -> Any:
    data = {
        "name": name,
        "person": person,
        "dept": dept,
        "year": year,
        "reason": reason,
        "doc_ref": doc_ref,
        "event": event,
        "awarded_on": on,
    }
    with write("award.add") as session:
        award = svc.create_award(session, {k: v for k, v in data.items() if v is not None})
    return emit(award, as_json=as_json, human=lambda: _say_award(award, "award.added"))


@app.command("list", help=t("help.award.list"))
def list_(
    year: Year = None,
    dept: Annotated[
        str | None, typer.Option("--dept", "-d", help=t("help.opt.award_dept_filter"))
    ] = None,
    person: Person = None,
    event: Event = None,
    text: Search = None,
    by: Annotated[str, typer.Option("--by", help=t("help.opt.award_by"))] = "year",
    limit: Limit = 100,
    offset: Offset = 0,
    as_json: Json = False,
) -> Any:
    flt = svc.AwardFilter(year=year, dept=dept, person=person, event=event, text=text, by=by)
    with read() as session:
        page = svc.list_awards(session, flt, limit=limit, offset=offset)
    return emit(
        page.items,
        as_json=as_json,
        human=lambda: award_table(page.items, by=by, has_more=page.has_more, offset=offset),
    )


@app.command("show", help=t("help.award.show"))
def show(ref: Ref, as_json: Json = False) -> Any:
    with read() as session:
        award = svc.get_award(session, ref)
    return emit(award, as_json=as_json, human=lambda: _print(award_detail_view(award)))


@app.command("edit", help=t("help.award.edit"))
def edit(
    ref: Ref,
    name: Annotated[str | None, typer.Option("--name", help=t("help.arg.award_name"))] = None,
    person: Person = None,
    dept: Dept = None,
    year: Year = None,
    reason: Reason = None,
    doc_ref: DocRef = None,
    event: Event = None,
    on: On = None,
    as_json: Json = False,
) -> Any:
    data = {
        "name": name,
        "person": person,
        "dept": dept,
        "year": year,
        "reason": reason,
        "doc_ref": doc_ref,
        "event": event,
        "awarded_on": on,
    }
    with write("award.edit") as session:
        award = svc.update_award(session, ref, data)
    return emit(award, as_json=as_json, human=lambda: _say_award(award, "award.edited"))


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
    note: Note = None,
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
        data["title"] = target
        with write("award.event") as session:
            found = svc.create_event(session, {k: v for k, v in data.items() if v is not None})
        return emit(found, as_json=as_json, human=lambda: _say_event(found, "award.event_added"))
    if action == "edit":
        with write("award.event") as session:
            found = svc.update_event(session, target, data)
        return emit(found, as_json=as_json, human=lambda: _say_event(found, "award.event_edited"))
    with read() as session:
        found = svc.get_event(session, target)
        awards = svc.event_awards(session, found.id)
    shown = {
        **found.model_dump(mode="json"),
        "award_list": [a.model_dump(mode="json") for a in awards],
    }
    return emit(shown, as_json=as_json, human=lambda: _print(event_detail_view(found, awards)))


def _event_list(
    year: str | None, kind: str | None, text: str | None, limit: int, offset: int, as_json: bool
) -> Any:
    flt = svc.EventFilter(year=year, kind=kind, text=text)
    with read() as session:
        page = svc.list_events(session, flt, limit=limit, offset=offset)
    return emit(
        page.items,
        as_json=as_json,
        human=lambda: event_table(page.items, has_more=page.has_more, offset=offset),
    )


# ---- human views (the TUI's detail pane shows the same ones) -----------------------------------

AWARD_COLUMNS = ("year", "name", "recipient_name", "dept", "reason")
EVENT_COLUMNS = ("held_on", "kind", "title", "place")


def _print(renderable: "RenderableType") -> None:
    from officedesk.views.render import console

    console().print(renderable)


def _footer(count: int, has_more: bool, offset: int) -> Any:
    from rich.text import Text

    footer = t("list.shown", first=offset + 1, last=offset + count)
    if has_more:
        footer += " " + t("list.more", next=offset + count)
    return Text(footer, style="dim")


def award_table(
    awards: "list[AwardRead]", *, by: str = "year", has_more: bool = False, offset: int = 0
) -> None:
    """Grouped as ordered: a rule under each year (or each department)."""
    from rich.text import Text

    from officedesk.views.render import cell, console, fitted_table

    out = console()
    if not awards:
        out.print(Text(t("list.empty")))
        return
    rows = [
        [
            Text(str(a.year)),
            cell(a.name),
            cell(a.recipient_name),
            cell(a.dept or ""),
            cell(a.reason),
        ]
        for a in awards
    ]
    group = (lambda a: a.dept_id) if by == "dept" else (lambda a: a.year)
    ends = [i + 1 < len(awards) and group(a) != group(awards[i + 1]) for i, a in enumerate(awards)]
    headers = [t(f"field.{key}") for key in AWARD_COLUMNS]
    caps = {AWARD_COLUMNS.index("name"): 16, AWARD_COLUMNS.index("dept"): 10}
    out.print(
        fitted_table(headers, rows, AWARD_COLUMNS.index("reason"), out.width, caps, ends=ends)
    )
    out.print(_footer(len(awards), has_more, offset))


def event_table(events: "list[EventRead]", *, has_more: bool = False, offset: int = 0) -> None:
    from rich.text import Text

    from officedesk.i18n import label
    from officedesk.views.render import cell, console, fitted_table

    out = console()
    if not events:
        out.print(Text(t("list.empty")))
        return
    rows = [
        [
            Text(e.held_on.isoformat()),
            Text(label("staff_event_kind", e.kind)),
            cell(e.title),
            cell(e.place),
        ]
        for e in events
    ]
    headers = [t(f"field.{key}") for key in EVENT_COLUMNS]
    out.print(fitted_table(headers, rows, EVENT_COLUMNS.index("title"), out.width))
    out.print(_footer(len(events), has_more, offset))


def _grid(pairs: list[tuple[str, Any]]) -> Any:
    from officedesk.views.render import pairs_table

    return pairs_table(pairs, skip_empty=True)


def award_detail_view(award: "AwardRead") -> "RenderableType":
    from rich.console import Group
    from rich.text import Text

    from officedesk.views.render import cell

    recipient_key = "award.to_person" if award.recipient == "person" else "award.to_dept"
    event = ""
    if award.event:
        event = f"{award.event_on.isoformat() if award.event_on else ''} {award.event}".strip()
    pairs: list[tuple[str, Any]] = [
        (t("field.year"), str(award.year)),
        (
            t("field.recipient_name"),
            t("award.recipient_line", name=award.recipient_name, what=t(recipient_key)),
        ),
        (t("field.dept"), award.dept or ""),
        (t("field.doc_ref"), award.doc_ref),
        (t("field.event_id"), event),
        (t("field.awarded_on"), award.awarded_on.isoformat() if award.awarded_on else ""),
    ]
    parts: list[Any] = [
        Text.assemble((f"{award.year} ", "bold"), cell(award.name, "bold")),
        _grid(pairs),
    ]
    if award.reason:
        from officedesk.text import display_safe

        parts += [Text(""), Text(display_safe(award.reason, keep_newlines=True))]
    return Group(*parts)


def event_detail_view(event: "EventRead", awards: "list[AwardRead]") -> "RenderableType":
    from rich.console import Group
    from rich.text import Text

    from officedesk.i18n import label
    from officedesk.views.render import cell

    pairs: list[tuple[str, Any]] = [
        (t("field.held_on"), event.held_on.isoformat()),
        (t("field.kind"), Text(label("staff_event_kind", event.kind))),
        (t("field.place"), event.place),
    ]
    parts: list[Any] = [cell(event.title, "bold"), _grid(pairs)]
    if event.note:
        from officedesk.text import display_safe

        parts += [Text(""), Text(display_safe(event.note, keep_newlines=True))]
    if awards:
        parts += [Text(""), Text(t("award.event_awards", n=len(awards)), style="bold")]
        parts += [cell(f"  {a.name}  {a.recipient_name}") for a in awards]
    return Group(*parts)
