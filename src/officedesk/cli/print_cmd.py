"""`officedesk print FORM REF --out FILE.docx`: a printable form from a record."""

from typing import Annotated, Any

import typer

from officedesk.cli.options import Json
from officedesk.cli.state import context, emit, say
from officedesk.i18n import t


def print_form(
    form: Annotated[str, typer.Argument(help=t("help.arg.form"), show_default=False)],
    ref: Annotated[str, typer.Argument(help=t("help.arg.form_ref"), show_default=False)],
    out: Annotated[str, typer.Option("--out", "-o", help=t("help.opt.form_out"))],
    force: Annotated[bool, typer.Option("--force", help=t("help.opt.force_out"))] = False,
    as_json: Json = False,
) -> Any:
    from officedesk.forms.run import print_form as write_form

    path = write_form(context(), form, ref, out, force=force)
    return emit(
        {"form": form, "ref": ref, "path": str(path)},
        as_json=as_json,
        human=lambda: say(t("forms.written", path=str(path))),
    )
