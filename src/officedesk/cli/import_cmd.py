"""`officedesk import FILE --register NAME`: a register's records from a csv or JSON Lines file
(officedesk.imports.run holds how)."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from officedesk.cli.options import Json
from officedesk.cli.state import context, emit
from officedesk.i18n import t


def import_file(
    file: Annotated[Path, typer.Argument(help=t("help.arg.import_file"), show_default=False)],
    register: Annotated[
        str,
        typer.Option("--register", "-r", help=t("help.opt.import_register"), show_default=False),
    ],
    log: Annotated[
        Path | None, typer.Option("--log", help=t("help.opt.import_log"), show_default=False)
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("help.opt.import_dry_run"))] = False,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help=t("help.opt.import_skip_bad"))
    ] = False,
    as_json: Json = False,
) -> Any:
    """Exit 0 when every row passed (or, with --skip-bad, when the good rows were written), 1
    when a row was refused and nothing was written; each refused row on stderr either way."""
    from officedesk.imports.run import run_import
    from officedesk.text import display_safe

    done = run_import(
        context(), file, register.strip(), dry_run=dry_run, skip_bad=skip_bad, log=log
    )
    bad = [(row.line, row.error.message()) for row in done.bad]
    data = {
        "register": done.register,
        "file": str(file),
        "dry_run": done.dry_run,
        "written": done.written,
        "rows": done.rows,
        "created": done.created,
        "unchanged": done.unchanged,
        "refused": [{"line": line, "reason": reason} for line, reason in bad],
    }

    def human() -> None:
        counts = {
            "register": done.register,
            "created": len(done.created),
            "unchanged": len(done.unchanged),
            "bad": len(bad),
            "rows": done.rows,
        }
        key = "import.dry_run" if dry_run else "import.done"
        if not dry_run and bad and not done.written:
            key = "import.refused"
        lines = [t(key, **counts)]
        if bad and done.written:
            lines.append(t("import.skipped", **counts))
        sys.stderr.write("".join(display_safe(line) + "\n" for line in lines))

    for line, reason in bad:
        sys.stderr.write(display_safe(t("import.line", line=line, reason=reason)) + "\n")
    shown = emit(data, as_json=as_json, human=human)
    if bad and not (skip_bad and (done.written or dry_run)):
        raise typer.Exit(1)
    return shown
