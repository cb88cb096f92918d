"""The import's one entry point, for `officedesk import`: a file (csv or JSON Lines, as the export
writes them or as a spreadsheet saves them) into one register, every row through the services a
typed command calls, in one transaction.

All or nothing: every row is tried (each in a savepoint), and the transaction is kept only when
none was refused, or with `skip_bad` when some were written; a dry run always rolls back. A row
whose record is there already adds nothing when it says the same and is refused as a conflict
when it does not, so importing a file twice adds nothing the second time.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from officedesk.errors import InvalidInput
from officedesk.imports.read import Row, read_file
from officedesk.imports.rows import BadRow, Importing

if TYPE_CHECKING:
    from officedesk.context import AppContext


@dataclass(frozen=True)
class RegisterImport:
    """How a register's rows are imported: the columns it reads (key → cells.decode kind) and
    the function mapping the rows onto its services."""

    columns: dict[str, str]
    apply: Callable[[Importing, list[Row]], None]
    # The register's other table read with the rows (the supervision log), when it has one.
    log_columns: dict[str, str] | None = None


def importers() -> dict[str, RegisterImport]:
    """The registers an import can rebuild faithfully today, and their other export tables by
    the export's file names (award_event before award, seal before seal_use)."""
    from officedesk.imports import award, directory, outgoing, task, visit

    return {
        "department": RegisterImport(directory.DEPARTMENT_COLUMNS, directory.import_departments),
        "person": RegisterImport(directory.PERSON_COLUMNS, directory.import_people),
        "task": RegisterImport(task.TASK_COLUMNS, task.import_tasks, task.LOG_COLUMNS),
        "outgoing": RegisterImport(outgoing.OUTGOING_COLUMNS, outgoing.import_outgoing),
        "visit": RegisterImport(visit.VISIT_COLUMNS, visit.import_visits),
        "award_event": RegisterImport(award.EVENT_COLUMNS, award.import_events),
        "award": RegisterImport(award.AWARD_COLUMNS, award.import_awards),
    }


@dataclass
class ImportResult:
    register: str
    rows: int = 0
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False


class _RollBack(Exception):
    """Leaves the import's transaction without committing it."""


def run_import(
    ctx: "AppContext",
    path: Path,
    register: str,
    *,
    dry_run: bool = False,
    skip_bad: bool = False,
    log: Path | None = None,
) -> ImportResult:
    """Import the rows of `path` into `register` (with `log`, the register's log file: the
    supervision items' history). Nothing is written on a dry run, nor when a row is refused
    unless `skip_bad`; the result lists what was (or would be) created, what was there already,
    and each refused row with its line."""
    found = importers().get(register)
    if found is None:
        from officedesk.registry import BY_NAME

        key = "import.not_yet" if register in BY_NAME else "import.register"
        raise InvalidInput(key, value=register, choices=list(importers()))
    limit = _max_mib(ctx)
    read = read_file(Path(path).expanduser(), found.columns, limit)
    rows = read.rows
    if log is not None:
        if found.log_columns is None:
            raise InvalidInput("import.no_log", value=register)
        logged = read_file(Path(log).expanduser(), found.log_columns, limit)
        if logged.broken:
            line, key = next(iter(logged.broken.items()))
            raise InvalidInput("import.log_broken", path=str(log), line=line, reason=key)
        for row in rows:
            row.values["__log__"] = [
                entry.values
                for entry in logged.rows
                if entry.values.get("task_code") == row.values.get("code")
            ]
    result = ImportResult(register, rows=len(rows) + len(read.broken), dry_run=dry_run)
    try:
        with ctx.write("import") as session:
            importing = Importing(session)
            for line, key in read.broken.items():
                importing.refuse(Row(line, {}), InvalidInput(key, line=line))
            found.apply(importing, rows)
            tally = importing.tally
            result.created, result.unchanged = tally.created, tally.unchanged
            result.bad = sorted(tally.bad, key=lambda bad: bad.line)
            if dry_run or not tally.created or (tally.bad and not skip_bad):
                raise _RollBack
            result.written = True
    except _RollBack:
        pass
    return result


def _max_mib(ctx: "AppContext") -> float:
    """The largest file an import reads: the config's `import_max_mib`, 50 MiB by default."""
    return ctx.settings.import_max_mib
