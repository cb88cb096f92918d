"""Shared by the pilot and snapshot tests: settle the app, read what a widget shows."""

import contextlib
from typing import Any

from rich.console import Console
from textual.pilot import Pilot


async def settle(pilot: Pilot[Any], rounds: int = 4) -> None:
    """Let thread workers finish and their results reach the widgets (a load can start another:
    count → page → detail), without sleeping."""
    from textual.worker import WorkerCancelled

    for _ in range(rounds):
        for worker in list(pilot.app.workers):
            with contextlib.suppress(WorkerCancelled):  # replaced by a newer exclusive one
                await worker.wait()
        await pilot.pause()


async def wait_until(pilot: Pilot[Any], condition: Any, timeout: float = 5.0) -> None:
    """For what comes after a timer (debounced typing): poll the condition between pauses."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.05)
        await settle(pilot, rounds=1)


def plain(renderable: Any, width: int = 120) -> str:
    """What a Rich renderable (a Static's content) reads as, without styles."""
    console = Console(width=width, record=True, file=open("/dev/null", "w"), color_system=None)  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


def static_text(widget: Any) -> str:
    """What a Static or Label shows (its content: a string or a Rich renderable)."""
    return plain(widget.content)


def table_lines(table: Any) -> list[str]:
    return ["".join(seg.text for seg in table.render_line(y)) for y in range(table.size.height)]


async def open_new_form(app: Any, pilot: Pilot[Any]) -> Any:
    """`n` on the current register, then wait for its form to be on screen and settled."""
    from officedesk.widgets.record_form import RecordForm

    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(app.screen, RecordForm))
    await settle(pilot)
    return app.screen
