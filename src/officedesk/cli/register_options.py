"""Options several registers' commands declare in the same words: a record's title on its add
and edit, a due date, the day a step was done."""

from typing import Annotated

import typer

from officedesk.i18n import t

Title = Annotated[str, typer.Argument(help=t("help.arg.title"), show_default=False)]
NewTitle = Annotated[str | None, typer.Option("--title", help=t("help.arg.title"))]
Due = Annotated[str | None, typer.Option("--due", help=t("help.opt.due"))]
DoneOn = Annotated[str | None, typer.Option("--on", help=t("help.opt.done_on"))]
