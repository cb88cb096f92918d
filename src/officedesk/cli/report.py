"""`officedesk report …`: figures derived from the registers (assessment 考核)."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.state import emit, read
from officedesk.i18n import t
from officedesk.views.assessment import assessment_view

if TYPE_CHECKING:
    from officedesk.services.assessment import Assessment

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
