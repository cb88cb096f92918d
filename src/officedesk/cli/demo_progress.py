"""The demo fill's progress bar on a terminal: `officedesk demo`, and the first `--demo` command.

On stderr, and only when stderr is a terminal: a script, a pipe or cron sees the summary alone.
Rich is imported only then.
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from officedesk.i18n import t

if TYPE_CHECKING:
    from officedesk.demo.office import FillProgress, Progress


@contextmanager
def fill_progress() -> Iterator["Progress | None"]:
    """A callback for populate_demo that moves a bar (None off a terminal); the bar goes when
    the fill is over, leaving the terminal to the command's own output."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    from officedesk.views.demo import fill_stage

    columns = (TextColumn("{task.description}", markup=False), BarColumn(), TaskProgressColumn())
    with Progress(
        *columns, TimeElapsedColumn(), console=Console(stderr=True), transient=True
    ) as bar:
        task = bar.add_task(t("demo.filling", stage=fill_stage("office")), total=1.0)

        def update(progress: "FillProgress") -> None:
            description = t("demo.filling", stage=fill_stage(progress.stage))
            bar.update(task, completed=progress.done, description=description)
            bar.refresh()  # each report drawn (about a hundred), not only those a tick catches

        yield update
