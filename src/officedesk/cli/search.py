"""`officedesk search QUERY`: one ranked search over items, departments and people."""

from typing import Annotated, Any

import typer

from officedesk.cli.state import STATE, emit, write
from officedesk.i18n import t
from officedesk.registry import SEARCH_KINDS

SUBTITLE_CAP = 24  # cells; the title needs the room more


def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help=t("help.arg.query"), show_default=False)] = "",
    limit: Annotated[int, typer.Option("--limit", "-l", help=t("help.opt.limit"))] = 20,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", "-k", help=t("help.opt.search_kind", kinds=", ".join(SEARCH_KINDS))),
    ] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help=t("help.opt.rebuild_index"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.opt.json"))] = False,
) -> Any:
    from officedesk.cli import state
    from officedesk.services.search import search_fresh

    if rebuild:
        from officedesk.search_index import rebuild_search_index

        with write("search.rebuild") as session:
            count = rebuild_search_index(session)
        if not query.strip():
            return emit({"documents": count}, as_json=as_json, human=lambda: _rebuilt(count))
        if not as_json and STATE.batch is None:  # a batch prints one JSON result per line
            _rebuilt(count)
    elif not query.strip():
        from officedesk.cli.click_api import MissingParameter

        param = next(p for p in ctx.command.params if p.name == "query")
        raise MissingParameter(ctx=ctx, param=param)
    hits = search_fresh(state, query, limit=limit, kinds=kind)
    from officedesk.views.search import hit_record

    records = [hit_record(hit) for hit in hits]
    return emit(records, as_json=as_json, human=lambda: _table(hits, query))


def _rebuilt(count: int) -> None:
    from officedesk.cli.state import say

    say(t("index.rebuilt", n=count))


def _table(hits: list[Any], query: str) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from officedesk.i18n import label
    from officedesk.views.render import cell, console
    from officedesk.views.search import subtitle

    out = console()
    if not hits:
        out.print(cell(t("found.none", query=query)))
        return
    rows = [
        [Text(label("entity", hit.kind)), cell(hit.code), cell(hit.title), cell(subtitle(hit))]
        for hit in hits
    ]
    headers = [t("field.kind"), t("field.code"), t("field.title"), t("field.subtitle")]
    widths = [
        max(Text(h).cell_len, *(row[i].cell_len for row in rows)) for i, h in enumerate(headers)
    ]
    # Kind and code keep their width; the title gets what is left after a capped subtitle, and
    # both are cut with an ellipsis on a character boundary.
    subtitle = min(widths[3], SUBTITLE_CAP)
    room = max(8, out.width - widths[0] - widths[1] - subtitle - 2 * (len(headers) - 1))
    table = Table(
        box=box.SIMPLE_HEAD,
        header_style="bold",
        pad_edge=False,
        show_edge=False,
        padding=(0, 1, 0, 0),
    )
    for i, header in enumerate(headers[:2]):
        table.add_column(header, no_wrap=True, min_width=widths[i])
    table.add_column(headers[2], no_wrap=True, overflow="ellipsis", max_width=room)
    table.add_column(headers[3], no_wrap=True, overflow="ellipsis", max_width=subtitle)
    for row in rows:
        table.add_row(*row)
    out.print(table)
