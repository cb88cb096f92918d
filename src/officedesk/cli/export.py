"""`officedesk export`: every register's records to xlsx, csv, jsonl and ics files
(officedesk.export.run holds how)."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from officedesk.cli.options import Json
from officedesk.cli.state import context, emit
from officedesk.i18n import t

ALL_FORMATS = "xlsx,csv,jsonl,ics"


def export(
    out: Annotated[
        Path, typer.Option("--out", "-o", help=t("help.opt.export_out"), show_default=False)
    ],
    formats: Annotated[
        str, typer.Option("--format", "-f", help=t("help.opt.export_format"))
    ] = ALL_FORMATS,
    since: Annotated[
        str | None, typer.Option("--since", help=t("help.opt.export_since"), show_default=False)
    ] = None,
    register: Annotated[
        list[str] | None,
        typer.Option("--register", "-r", help=t("help.opt.export_register"), show_default=False),
    ] = None,
    include_secret: Annotated[
        bool, typer.Option("--include-secret", help=t("help.opt.include_secret"))
    ] = False,
    force: Annotated[bool, typer.Option("--force", help=t("help.opt.export_force"))] = False,
    as_json: Json = False,
) -> Any:
    from officedesk.dates import parse_date
    from officedesk.export.run import run_export

    ctx = context()
    since_day = parse_date(since, today=ctx.today, calendar=ctx.calendar) if since else None
    names = [name.strip() for given in register or [] for name in given.split(",") if name.strip()]
    with _progress(show=sys.stderr.isatty()) as progress:
        done = run_export(
            ctx,
            out,
            formats=formats.split(","),
            registers=names or None,
            since=since_day,
            include_secret=include_secret,
            progress=progress,
            force=force,
        )
    rows = sum(done.rows.values())
    secret = sum(done.secret_left_out.values())
    data = {
        "out": str(out),
        "files": [str(path) for path in done.files],
        "rows": done.rows,
        "secret_left_out": done.secret_left_out,
        "calendar_entries": done.calendar_entries,
    }

    def human() -> None:
        from officedesk.text import display_safe

        line = t("export.done", files=len(done.files), rows=rows, out=str(out))
        if secret:
            line += " " + t("export.secret_left_out", n=secret)
        sys.stderr.write(display_safe(line) + "\n")

    return emit(data, as_json=as_json, human=human)


@contextmanager
def _progress(*, show: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A Rich progress bar on stderr when it is a terminal, one bar per table; else nothing."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bars: dict[str, Any] = {}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as shown:

        def advance(table: str, done: int, total: int) -> None:
            if table not in bars:
                bars[table] = shown.add_task(t("export.progress", table=table), total=total)
            shown.update(bars[table], completed=done, total=total)

        yield advance
