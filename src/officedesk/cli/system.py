"""Cross-cutting commands: history, undo, db upgrade/status, demo."""

from typing import Annotated, Any

import typer

from officedesk.cli.state import STATE, context, emit, read, write
from officedesk.i18n import label, t

db_app = typer.Typer(help=t("help.db"), no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help=t("help.opt.json"))]


def _prefixes() -> str:
    """The reference prefixes `history` takes, one per kind (the registry's), as its help
    lists them: the workbench's order, the directory last."""
    from officedesk.registry import by_screen

    return " ".join(r.prefixes[0] for spec in by_screen() for r in spec.resolvers)


def history(
    ref: Annotated[
        str,
        typer.Argument(help=t("help.arg.history_ref", prefixes=_prefixes()), show_default=False),
    ],
    as_json: Json = False,
) -> Any:
    from officedesk.services.history import record_history

    with read() as session:
        found, changes = record_history(session, ref)
    name = str(found)  # a voided number's name is a message, worded here
    data = {
        "record": name,
        "changes": [
            {
                "at": c.at,
                "operator": c.operator,
                "operation": c.operation,
                "operation_id": c.operation_id,
                "entity": c.entity,
                "entity_id": c.entity_id,
                "action": c.action,
                "before": c.before,
                "after": c.after,
                "undone": c.undone,
            }
            for c in changes
        ],
    }

    def human() -> None:
        from rich.table import Table
        from rich.text import Text

        from officedesk.text import local_time
        from officedesk.views.history import SECONDS, describe_change
        from officedesk.views.render import cell, console

        out = console()
        out.print(cell(t("history.title", record=name), "bold"))
        table = Table(header_style="bold", pad_edge=False)
        for key in ("at", "operator", "operation", "change"):
            table.add_column(t(f"field.{key}"), overflow="fold")
        for change in changes:
            style = "dim strike" if change.undone else ""
            table.add_row(
                Text(local_time(change.at, SECONDS), style=style),
                cell(change.operator, style),
                Text(label("op", change.operation), style=style),
                cell(describe_change(change), style),
            )
        out.print(table)

    return emit(data, as_json=as_json, human=human)


def undo(as_json: Json = False) -> Any:
    from officedesk.services.history import undo_last

    with write("undo") as session:
        result = undo_last(session)
    data = {
        "undone": result.operation,
        "operation_id": result.operation_id,
        "changes": result.changes,
        "voided": list(result.voided),
    }

    def human() -> None:
        from officedesk.cli.state import say
        from officedesk.views.history import undo_summary

        say(undo_summary(result))

    return emit(data, as_json=as_json, human=human)


@db_app.command("upgrade", help=t("help.db.upgrade"))
def db_upgrade() -> None:
    from officedesk.cli.state import say
    from officedesk.db import SCHEMA_HEAD
    from officedesk.migrate import upgrade

    store = context().store
    before = store.schema_version()
    if before == SCHEMA_HEAD:
        say(t("db.current", version=SCHEMA_HEAD))
        return
    backup = upgrade(store)
    say(t("db.upgraded", before=before or "-", after=SCHEMA_HEAD))
    if backup:
        say(t("db.backup_taken", path=str(backup)))


@db_app.command("status", help=t("help.db.status"))
def db_status(as_json: Json = False) -> Any:
    from officedesk.db import SCHEMA_HEAD

    store = context().store
    version = store.schema_version()
    data = {"database": store.url_for_humans(), "schema": version, "head": SCHEMA_HEAD}

    def human() -> None:
        from officedesk.cli.state import say

        say(t("db.status", database=data["database"], version=version or "-", head=SCHEMA_HEAD))

    return emit(data, as_json=as_json, human=human)


@db_app.command("check", help=t("help.db.check"))
def db_check(as_json: Json = False) -> Any:
    """Exit 0 when every check passes, 1 when one found a problem: cron can alert on it."""
    import sys

    from officedesk.services.integrity import check_database

    store = context().store
    with read() as session:
        report = check_database(session, database=store.url_for_humans())

    def human() -> None:
        from officedesk.cli.state import say

        say(t("check.title", database=report.database))
        for result in report.results:
            name = t(f"check.name.{result.name}")
            if result.skipped:
                say("  " + t("check.line_skipped", name=name))
            elif result.ok:
                say("  " + t("check.line_ok", name=name, n=result.checked))
            else:
                say("  " + t("check.line_failed", name=name, n=result.problems))
                for finding in result.findings:
                    say("    " + finding.message())
                if result.problems > len(result.findings):
                    say("    " + t("check.more", n=result.problems - len(result.findings)))

    data = emit(report.as_dict(), as_json=as_json, human=human)
    if STATE.batch is not None:
        return data
    if report.ok:
        return 0
    if not as_json:
        from officedesk.text import display_safe

        sys.stderr.write(f"officedesk: {display_safe(t('check.failed', n=report.problems))}\n")
    return 1


def demo(
    reset: Annotated[bool, typer.Option("--reset", help=t("help.opt.reset"))] = False,
    as_json: Json = False,
) -> Any:
    from officedesk.demo.office import demo_counts, populate_demo

    ctx = context()
    if STATE.demo and not reset:
        # --demo already filled the demo database on first use; saying "it has data" would be
        # a refusal for doing exactly what was asked.
        with read() as session:
            summary = demo_counts(session)
    else:
        from officedesk.cli.demo_progress import fill_progress

        with fill_progress() as progress, write("demo") as session:
            summary = populate_demo(session, reset=reset, progress=progress)

    def human() -> None:
        from officedesk.cli.state import say
        from officedesk.views.demo import demo_summary

        say(demo_summary(ctx.store.url_for_humans(), summary))

    return emit(summary, as_json=as_json, human=human)
