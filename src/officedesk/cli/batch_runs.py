"""An atomic batch's runs of `task add` lines, written together: each line read without Click
(cli.plain_words) and checked by the same draft a typed `task add` makes, then the run numbered
with one counter update and written in one flush, each line keeping its own journal operation
(issue 11: `batch --atomic` at ≤ 1 ms a line). A line of any other shape, or one Click must
read, ends the run and is run as a command by itself."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from officedesk.db import OfficeSession

# Lines written in one flush at most: a run of 100,000 lines keeps this many records in memory.
RUN = 5000
# The operation each line of a run is journaled as, as the command names its own.
OPERATION = "task.add"


@dataclass
class Run:
    """`task add` lines read so far and not yet written: (line number, the service's data)."""

    lines: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


class RunFailed(Exception):
    """A line of the run broke a rule: its number, and the lines before it that were drafted
    (to be reported as rolled back with the rest)."""

    def __init__(self, line: int, drafted: list[int], error: Exception) -> None:
        super().__init__(line)
        self.line, self.drafted, self.error = line, drafted, error


def task_add_data(root: Any, argv: list[str]) -> dict[str, Any] | None:
    """The service's data for a `task add` line Click need not read, else None."""
    if argv[:2] != ["task", "add"]:
        return None
    from officedesk.cli.plain_words import plain_call

    context = root.context_class(root)
    noun = root.get_command(context, "task")
    command = noun.get_command(context, "add") if noun is not None else None
    if command is None:
        return None
    values = plain_call(command, argv[2:])
    if values is None:
        return None
    from officedesk.cli.task import add_data

    values.pop("as_json", None)  # a batch answers in JSON whatever the line asks
    return add_data(values.pop("title"), values)


def write_run(session: "OfficeSession", run: Run) -> list[tuple[int, Any]]:
    """Draft every line of the run, then write them: (line, what `task add` returns in a batch)
    for each. The first line that breaks a rule raises RunFailed, nothing of the run written."""
    from officedesk.cli.state import to_jsonable
    from officedesk.services.task import Directory, draft_task, insert_tasks

    directory = Directory(session)
    drafts = []
    for index, (number, data) in enumerate(run.lines):
        try:
            drafts.append(draft_task(session, data, directory))
        except Exception as exc:
            drafted = [line for line, _data in run.lines[:index]]
            run.lines.clear()
            raise RunFailed(number, drafted, exc) from exc
    try:
        reads = insert_tasks(session, drafts, operations=[OPERATION] * len(drafts))
    except Exception as exc:  # a refusal of the database: the run's first line reports it
        first = run.lines[0][0]
        run.lines.clear()
        raise RunFailed(first, [], exc) from exc
    written = [
        (number, to_jsonable(read)) for (number, _data), read in zip(run.lines, reads, strict=True)
    ]
    run.lines.clear()
    return written
