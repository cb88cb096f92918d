"""`officedesk nightly` (the night's work: backup, export, report) and `nightly status`."""

import dataclasses
import sys
from typing import Annotated, Any

import typer

from officedesk.cli.options import Json
from officedesk.cli.state import STATE, emit
from officedesk.i18n import t

ACTIONS = ("run", "status")


def nightly(
    action: Annotated[
        str, typer.Argument(help=t("help.arg.nightly_action"), show_default=False)
    ] = "run",
    limit: Annotated[int, typer.Option("--limit", "-l", help=t("help.opt.nightly_limit"))] = 10,
    as_json: Json = False,
) -> Any:
    """`nightly` runs the night's work; `nightly status` shows the last runs."""
    if action not in ACTIONS:
        from officedesk.errors import InvalidInput

        raise InvalidInput("input.choice", field="action", choices=", ".join(ACTIONS))
    if action == "status":
        return status(limit, as_json)
    from officedesk.nightly import run_nightly
    from officedesk.views.nightly import step_line, summary_line

    context = _night_context()
    try:
        done = run_nightly(context)
    finally:
        context.close()
    for step in done.steps:
        if step.outcome == "failed":
            sys.stderr.write(step_line(dataclasses.asdict(step)) + "\n")
    sys.stderr.write(summary_line(done.outcome, done.seconds, done.steps) + "\n")
    data = {
        "run": done.run_id,
        "outcome": done.outcome,
        "seconds": round(done.seconds, 2),
        "steps": [dataclasses.asdict(step) for step in done.steps],
    }
    if as_json:
        emit(data, as_json=True, human=lambda: None)
    if done.outcome != "ok":
        raise typer.Exit(1)
    return None


def _night_context() -> Any:
    """The process's context, but waiting for the workbench's writers as long as a night job
    may (nightly.NIGHTLY_LOCK_WAIT), never making them wait or fail."""
    from officedesk.config import load_settings
    from officedesk.context import build_context
    from officedesk.nightly import NIGHTLY_LOCK_WAIT

    settings = load_settings()
    patient = dataclasses.replace(settings, lock_wait=max(settings.lock_wait, NIGHTLY_LOCK_WAIT))
    return build_context(db=STATE.db, lang=STATE.lang, demo=STATE.demo, settings=patient)


def status(limit: int, as_json: bool) -> Any:
    from officedesk.cli.state import read
    from officedesk.services.nightly import recent_runs
    from officedesk.views.nightly import status_table

    with read() as session:
        runs = recent_runs(session, limit)
    data = [dataclasses.asdict(run) for run in runs]
    return emit(data, as_json=as_json, human=lambda: status_table(runs))
