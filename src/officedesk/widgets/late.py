"""Results that arrive after their widget is gone.

A thread worker cannot be stopped mid-query: when its widget is removed (a language switch
recomposes every screen, a tab is closed), Textual cancels the worker, but the thread still
finishes and hands its result back with `call_from_thread`. Applied then, the result would
query children that are no longer there (`NoMatches: No nodes match 'RecordTable'`) and end the
app. Every worker result therefore goes back through `deliver`, which drops it when the worker
was cancelled or the widget has left the screen, and a handler that queries its children is
wrapped in `when_present`.
"""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from textual.css.query import NoMatches
from textual.widget import Widget
from textual.worker import NoActiveWorker, get_current_worker

Handler = TypeVar("Handler", bound=Callable[..., Any])


def deliver(widget: Widget, handler: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """From a thread worker: run `handler(*args, **kwargs)` on the UI thread, unless the worker
    was cancelled or the widget is no longer on a screen."""
    if _cancelled() or not widget.is_attached:
        return
    widget.app.call_from_thread(when_present(widget, handler), *args, **kwargs)


def _cancelled() -> bool:
    try:
        return get_current_worker().is_cancelled
    except NoActiveWorker:
        return False  # called outside a worker: nothing to have been cancelled


def when_present(widget: Widget, handler: Handler) -> Handler:
    """`handler`, dropped (returning None) when the widget has left the screen by the time it
    runs, or when the children it queries have already been removed."""

    @functools.wraps(handler)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if not widget.is_attached:
            return None
        try:
            return handler(*args, **kwargs)
        except NoMatches:
            return None

    return guarded  # type: ignore[return-value]
