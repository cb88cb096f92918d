"""The nightly job's record of its runs: started, finished, how it ended and what each step
did. `officedesk nightly` writes it (officedesk.nightly runs the steps); `nightly status` and
Today read it."""

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.models import NightlyRun

OUTCOMES = ("running", "ok", "failed")
STEPS = ("backup", "export", "report")  # in the order a run takes them
TROUBLES = ("failed", "interrupted")  # what Today says of the last run
STEP_OUTCOMES = ("ok", "failed", "skipped")
# A run still "running" after this long ended without saying so (the machine went down, kill -9):
# Today reports it as interrupted.
STALE_AFTER = timedelta(hours=6)


@dataclass
class Step:
    """One step of a run: backup, export or report; its files and rows, and what went wrong
    or why it was skipped (a message key and its values, worded when shown)."""

    name: str
    outcome: str
    files: list[str] = field(default_factory=list)
    rows: int = 0
    seconds: float = 0.0
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RunRead:
    id: int
    started_at: datetime
    finished_at: datetime | None
    host: str
    outcome: str
    files: int
    rows: int
    steps: list[dict[str, Any]]
    message: str


def start_run(session: OfficeSession, host: str) -> int:
    run = NightlyRun(started_at=session.env.now(), host=host[:100], outcome="running")
    session.add(run)
    session.flush()
    assert run.id is not None
    return run.id


def finish_run(session: OfficeSession, run_id: int, steps: list[Step], message: str = "") -> str:
    """Record how the run ended: failed when a step failed (or `message` says what stopped it),
    else ok; returns the outcome."""
    run = session.get(NightlyRun, run_id)
    assert run is not None
    failed = bool(message) or any(step.outcome == "failed" for step in steps)
    run.outcome = "failed" if failed else "ok"
    run.finished_at = session.env.now()
    run.files = sum(len(step.files) for step in steps)
    run.rows = sum(step.rows for step in steps)
    run.steps = json.dumps([_step_dict(step) for step in steps], ensure_ascii=False)
    run.message = message
    return run.outcome


def _step_dict(step: Step) -> dict[str, Any]:
    return {
        "step": step.name,
        "outcome": step.outcome,
        "files": step.files,
        "rows": step.rows,
        "seconds": round(step.seconds, 2),
        "detail": step.detail,
    }


def recent_runs(session: OfficeSession, limit: int = 10) -> list[RunRead]:
    from officedesk.services.common import check_limit

    check_limit(limit, 0)
    stmt = select(NightlyRun).order_by(col(NightlyRun.id).desc()).limit(limit)
    return [_read(run) for run in session.exec(stmt)]


def _read(run: NightlyRun) -> RunRead:
    assert run.id is not None
    return RunRead(
        id=run.id,
        started_at=run.started_at,
        finished_at=run.finished_at,
        host=run.host,
        outcome=run.outcome,
        files=run.files,
        rows=run.rows,
        steps=json.loads(run.steps or "[]"),
        message=run.message,
    )


def last_trouble(session: OfficeSession) -> tuple[RunRead, str] | None:
    """The last run, when it needs the director's eye: it failed, or it is still "running"
    long after it started (interrupted). (run, "failed" | "interrupted"), else None."""
    found = recent_runs(session, 1)
    if not found:
        return None
    run = found[0]
    if run.outcome == "failed":
        return run, "failed"
    if run.outcome == "running" and session.env.now() - _aware(run.started_at) > STALE_AFTER:
        return run, "interrupted"
    return None


def _aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def failed_steps(run: RunRead) -> list[dict[str, Any]]:
    return [step for step in run.steps if step.get("outcome") == "failed"]
