"""`officedesk nightly`: the night's work in order — backup, export, report — unattended.

Made for cron and systemd timers: no terminal, no questions, one summary line on stderr and the
exit status (0: every step ok or skipped; 1: a step failed or the run could not start). Each run
is recorded (services.nightly) before its first step and finished after its last, so a run that
dies halfway stays "running" and Today reports it as interrupted.

Two runs never overlap on a machine: an exclusive lock on <data dir>/nightly-lock, taken without
waiting (a second run refuses at once, naming the first one's pid; cron would otherwise pile
them up). The steps only read the database, through snapshots (VACUUM INTO, one read transaction
an export); the run's own record is two short writes that wait for the workbench's writers as
long as the configuration allows, and at least NIGHTLY_LOCK_WAIT: the night job waits, a person
at the keyboard never does.
"""

import contextlib
import dataclasses
import fcntl
import os
import socket
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from officedesk.db_types import StoreError
from officedesk.errors import DomainError

if TYPE_CHECKING:
    from officedesk.context import AppContext
    from officedesk.nightly_settings import NightlySettings
    from officedesk.services.nightly import Step

NIGHTLY_LOCK_WAIT = 600.0  # seconds the night job waits for a writer before giving up
LOCK_NAME = "nightly-lock"


@dataclasses.dataclass
class NightlyResult:
    run_id: int
    outcome: str
    steps: list["Step"]
    seconds: float


def out_dir(settings: "NightlySettings") -> Path:
    from officedesk.config import data_dir

    return settings.out if settings.out is not None else data_dir() / "nightly"


@contextlib.contextmanager
def exclusive(lock_dir: Path) -> Iterator[None]:
    """The machine's nightly lock, or NightlyBusy at once."""
    lock_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = lock_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise StoreError("nightly.busy", pid=holder, path=str(path)) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def run_nightly(ctx: "AppContext") -> NightlyResult:
    """Backup, export, report, in that order, each recorded; a step's failure is recorded and
    the next step still runs (last night's backup matters even when the export fails)."""
    from officedesk.config import data_dir
    from officedesk.services.nightly import STEPS, finish_run, start_run

    settings = ctx.settings.nightly
    started = time.monotonic()
    with exclusive(data_dir()):
        with ctx.write("nightly.start") as session:
            run_id = start_run(session, socket.gethostname())
        steps: list[Step] = []
        message = ""
        try:
            base = out_dir(settings)
            try:
                base.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as exc:
                raise StoreError("nightly.no_out", path=str(base), reason=exc.strerror) from exc
            for name in STEPS:
                steps.append(_timed(name, _STEPS[name], ctx, settings, base))
        except DomainError as error:
            message = error.message()
            raise
        except BaseException as exc:  # recorded, then raised: ^C, a bug
            message = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            with ctx.write("nightly.finish") as session:
                outcome = finish_run(session, run_id, steps, message)
    return NightlyResult(run_id, outcome, steps, time.monotonic() - started)


def _timed(
    name: str,
    step: Callable[["AppContext", "NightlySettings", Path], "Step"],
    ctx: "AppContext",
    settings: "NightlySettings",
    base: Path,
) -> "Step":
    from officedesk.services.nightly import Step

    began = time.monotonic()
    try:
        done = step(ctx, settings, base)
    except DomainError as error:
        done = Step(name, "failed", detail={"key": error.key, "message": error.message()})
    except OSError as error:
        done = Step(name, "failed", detail={"key": "nightly.os_error", "message": str(error)})
    done.seconds = time.monotonic() - began
    return done


def _fresh_dir(parent: Path) -> Path:
    """A new directory under `parent`, named for the moment (a second run in the same second
    gets -1, -2…): each night's export apart, none written over."""
    parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1000):
        target = parent / (stamp if n == 0 else f"{stamp}-{n}")
        try:
            target.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return target
    raise FileExistsError(str(parent / stamp))


def _backup(ctx: "AppContext", settings: "NightlySettings", base: Path) -> "Step":
    from officedesk.backups import backup
    from officedesk.services.nightly import Step

    target = base / "backups"
    target.mkdir(exist_ok=True, mode=0o700)
    done = backup(ctx.store, target, keep=settings.keep)
    return Step(
        "backup",
        "ok",
        files=[str(done.path)],
        detail={"bytes": done.size, "removed": [str(p) for p in done.removed]},
    )


def _export(ctx: "AppContext", settings: "NightlySettings", base: Path) -> "Step":
    from officedesk.export.run import run_export
    from officedesk.services.nightly import Step

    target = _fresh_dir(base / "export")
    done = run_export(
        ctx,
        target,
        formats=settings.formats,
        registers=settings.registers or None,
    )
    return Step(
        "export",
        "ok",
        files=[str(p) for p in done.files],
        rows=sum(done.rows.values()),
        detail={"secret_left_out": sum(done.secret_left_out.values())},
    )


def _report(ctx: "AppContext", settings: "NightlySettings", base: Path) -> "Step":
    """The reports the config asks for, of the period that ended yesterday (the night's run is
    after midnight): a daily report every night, the weekly one on Mondays, the monthly one on
    the first of the month; Markdown and .docx each."""
    from datetime import timedelta

    from officedesk.outfiles import database_files, open_atomic, write_atomic
    from officedesk.services.nightly import Step
    from officedesk.services.report_period import period, period_report
    from officedesk.views.report_period import report_markdown, write_docx

    yesterday = ctx.today - timedelta(days=1)
    due = [kind for kind in settings.reports if period(kind, yesterday)[1] == yesterday]
    if not due:
        return Step("report", "skipped", detail={"key": "nightly.report_not_due"})
    target = base / "reports"
    target.mkdir(exist_ok=True, mode=0o700)
    company = ctx.settings.company
    protected = database_files(ctx.store.path)
    files: list[str] = []
    rows = 0
    for kind in due:
        with ctx.read() as session:
            report = period_report(session, kind, yesterday)
        stem = target / f"{kind}-{report.start.isoformat()}"
        markdown = stem.with_suffix(".md")
        write_atomic(markdown, report_markdown(report, company), force=True, protected=protected)
        docx = stem.with_suffix(".docx")
        with open_atomic(docx, force=True, protected=protected) as handle:
            write_docx(report, handle, company)
        files += [str(markdown), str(docx)]
        rows += len(report.rows)
    return Step("report", "ok", files=files, rows=rows, detail={"kinds": due})


_STEPS: dict[str, Callable[["AppContext", "NightlySettings", Path], "Step"]] = {
    "backup": _backup,
    "export": _export,
    "report": _report,
}
