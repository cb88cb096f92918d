"""`officedesk report …`: figures derived from the registers (assessment 考核)."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.state import emit, read
from officedesk.i18n import t
from officedesk.views.assessment import assessment_view

if TYPE_CHECKING:
    from officedesk.services.assessment import Assessment
    from officedesk.services.report_period import PeriodReport

app = typer.Typer(help=t("help.report"), no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help=t("help.opt.json"))]


@app.command("assessment", help=t("help.report.assessment"))
def assessment(
    by: Annotated[str, typer.Option("--by", help=t("help.report.opt.by"))] = "dept",
    since: Annotated[str | None, typer.Option("--since", help=t("help.report.opt.since"))] = None,
    until: Annotated[str | None, typer.Option("--until", help=t("help.report.opt.until"))] = None,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help=t("help.report.opt.category"))
    ] = None,
    source: Annotated[str | None, typer.Option("--source", help=t("help.opt.source"))] = None,
    as_json: Json = False,
) -> Any:
    from officedesk.services.assessment import assess

    with read() as session:
        result = assess(session, by=by, since=since, until=until, category=category, source=source)
    return emit(result.as_dict(), as_json=as_json, human=lambda: _print_assessment(result))


def _print_assessment(result: "Assessment") -> None:
    from officedesk.views.render import console

    out = console()
    out.print(assessment_view(result, out.width))


# ---- daily, weekly, monthly (日报、周报、月报) --------------------------------------------------

OUT_FORMATS = {".md": "markdown", ".markdown": "markdown", ".docx": "docx"}
Day = Annotated[str | None, typer.Option("--date", "-d", help=t("help.report.opt.date"))]
Out = Annotated[str | None, typer.Option("--out", "-o", help=t("help.report.opt.out"))]
Force = Annotated[bool, typer.Option("--force", help=t("help.opt.force_out"))]


def _out_format(out: str) -> str:
    """The file's format by its suffix: Markdown or Word; any other is refused before work."""
    from pathlib import PurePath

    from officedesk.errors import InvalidInput

    suffix = PurePath(out).suffix.lower()
    if suffix not in OUT_FORMATS:
        raise InvalidInput("report.out_format", path=out, suffixes=", ".join(OUT_FORMATS))
    return OUT_FORMATS[suffix]


def _period_report(kind: str, day: str | None, out: str | None, force: bool, as_json: bool) -> Any:
    """Without --out the Markdown goes to stdout (or the figures as JSON); with --out the file is
    written by officedesk.outfiles' rules (never the database; an existing file only with
    --force), checked before anything is counted."""
    import sys

    from officedesk.cli.state import context, protected_files
    from officedesk.outfiles import check_target
    from officedesk.services.report_period import period_report

    path = None
    fmt = _out_format(out) if out else ""
    protected = protected_files() if out else []
    if out:
        path = check_target(out, force=force, protected=protected)
    with read() as session:
        report = period_report(session, kind, day)
    company = context().settings.company
    if out:
        _write_report(report, out, fmt, force, protected, company)
    data = report.as_dict()
    for figure in data["figures"]:  # the label a person reads, beside the stable key
        figure["label"] = t(figure["key"])
    data["path"] = str(path) if path else None

    def human() -> None:
        from officedesk.cli.state import say
        from officedesk.text import display_safe
        from officedesk.views.report_period import report_markdown

        if path is None:
            sys.stdout.write(display_safe(report_markdown(report, company), keep_newlines=True))
        else:
            say(t("report.written", path=str(path)))

    return emit(data, as_json=as_json, human=human)


def _write_report(
    report: "PeriodReport", out: str, fmt: str, force: bool, protected: list[Any], company: str
) -> None:
    """Markdown, or a Word document (python-docx is imported only here)."""
    from officedesk.outfiles import open_atomic, write_atomic

    if fmt == "markdown":
        from officedesk.views.report_period import report_markdown

        write_atomic(out, report_markdown(report, company), force=force, protected=protected)
        return
    from officedesk.views.report_period import write_docx

    with open_atomic(out, force=force, protected=protected) as handle:
        write_docx(report, handle, company)


@app.command("daily", help=t("help.report.daily"))
def daily(day: Day = None, out: Out = None, force: Force = False, as_json: Json = False) -> Any:
    return _period_report("daily", day, out, force, as_json)


@app.command("weekly", help=t("help.report.weekly"))
def weekly(day: Day = None, out: Out = None, force: Force = False, as_json: Json = False) -> Any:
    return _period_report("weekly", day, out, force, as_json)


@app.command("monthly", help=t("help.report.monthly"))
def monthly(day: Day = None, out: Out = None, force: Force = False, as_json: Json = False) -> Any:
    return _period_report("monthly", day, out, force, as_json)
