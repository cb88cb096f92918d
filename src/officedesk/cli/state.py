"""Process-wide CLI state: the context, output mode, and the shared session of an atomic batch."""

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from officedesk.context import AppContext, build_context

if TYPE_CHECKING:
    from officedesk.db import OfficeSession


@dataclass
class BatchMode:
    """Set while `officedesk batch` runs: commands return data instead of printing it."""

    session: "OfficeSession | None" = None  # the one transaction of --atomic
    results: list[Any] = field(default_factory=list)


@dataclass
class CliState:
    db: str | None = None
    lang: str | None = None
    demo: bool = False
    ctx: AppContext | None = None
    batch: BatchMode | None = None


STATE = CliState()


def configure(*, db: str | None, lang: str | None, demo: bool) -> None:
    if STATE.ctx is not None and (STATE.db, STATE.lang, STATE.demo) == (db, lang, demo):
        return
    if STATE.ctx is not None:
        STATE.ctx.close()
    STATE.db, STATE.lang, STATE.demo = db, lang, demo
    STATE.ctx = None


def context(*, fill_demo: bool = True) -> AppContext:
    """The process's context; with --demo the demo office is filled on first use (the
    workbench passes fill_demo=False and fills it itself, after its first paint)."""
    if STATE.ctx is None:
        STATE.ctx = build_context(db=STATE.db, lang=STATE.lang, demo=STATE.demo)
        if STATE.demo and fill_demo:
            from officedesk.cli.demo_progress import fill_progress
            from officedesk.demo.office import ensure_demo

            with fill_progress() as progress:
                ensure_demo(STATE.ctx, progress)
    return STATE.ctx


@contextmanager
def write(operation: str) -> Iterator["OfficeSession"]:
    """A write transaction, or the batch's shared one under --atomic."""
    batch = STATE.batch
    if batch is not None and batch.session is not None:
        from officedesk.journal import start_operation

        start_operation(batch.session, operation)
        yield batch.session
        batch.session.flush()
        return
    with context().write(operation) as session:
        yield session


@contextmanager
def read() -> Iterator["OfficeSession"]:
    batch = STATE.batch
    if batch is not None and batch.session is not None:
        yield batch.session
        return
    with context().read() as session:
        yield session


def json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    raise TypeError(type(value).__name__)


def to_jsonable(data: Any) -> Any:
    if hasattr(data, "model_dump"):
        return data.model_dump(mode="json")
    if isinstance(data, list):
        return [to_jsonable(item) for item in data]
    if isinstance(data, dict):
        return {key: to_jsonable(value) for key, value in data.items()}
    return json.loads(json.dumps(data, default=json_default, ensure_ascii=False))


def emit(
    data: Any, *, as_json: bool, human: Callable[[], None], warnings: "Iterable[Any]" = ()
) -> Any:
    """Print JSON or the human view, then the `warnings` (see warn); inside a batch, hand the
    data back instead."""
    if STATE.batch is not None:
        return to_jsonable(data)
    if as_json:
        from officedesk.jsonout import json_text

        sys.stdout.write(json_text(to_jsonable(data), indent=2) + "\n")
    else:
        human()
    warn(warnings)
    return None


def protected_files() -> list[Path]:
    """The open database's file and its -wal/-shm/-journal siblings: what no --out may name,
    not even with --force (empty for PostgreSQL). Reads the URL; the database is not opened."""
    from officedesk.db import sqlite_path
    from officedesk.outfiles import database_files

    return database_files(sqlite_path(context().url))


def say(message: str) -> None:
    """One plain line for a human; no Rich needed, so confirmations stay cheap."""
    from officedesk.text import display_safe

    sys.stdout.write(display_safe(message) + "\n")


def warn(notices: "Iterable[Any]") -> None:
    """Each warning as one line on stderr, after the command's own output: the command still
    succeeded (exit 0), and stdout stays clean for --json readers."""
    from officedesk.i18n import t
    from officedesk.text import display_safe

    if STATE.batch is not None:
        return
    for notice in notices:
        line = t("warning.line", message=notice.message())
        sys.stderr.write(f"officedesk: {display_safe(line)}\n")
