"""The nightly job in words: the summary line cron mails, a failed step's line, the status
table, Today's warning. Rich only inside status_table."""

from collections.abc import Sequence
from typing import Any

from officedesk.i18n import label, t
from officedesk.text import local_time


def step_line(step: dict[str, Any]) -> str:
    name = label("nightly_step", step.get("step", step.get("name", "")))
    outcome = step["outcome"]
    detail = step.get("detail") or {}
    if outcome == "failed":
        return t("nightly.step_failed", step=name, message=detail.get("message", ""))
    if outcome == "skipped":
        return t("nightly.step_skipped", step=name, reason=t(detail.get("key", "nightly.skipped")))
    return t("nightly.step_ok", step=name, files=len(step.get("files", ())), rows=step["rows"])


def summary_line(outcome: str, seconds: float, steps: Sequence[Any]) -> str:
    words = [step_line(_as_dict(step)) for step in steps]
    return t(
        "nightly.summary",
        outcome=label("nightly_outcome", outcome),
        seconds=f"{seconds:.1f}",
        steps=t("list.sep").join(words),
    )


def _as_dict(step: Any) -> dict[str, Any]:
    if isinstance(step, dict):
        return step
    import dataclasses

    return dataclasses.asdict(step)


def trouble_line(run: Any, kind: str) -> str:
    """Today's line about last night: which run, and the first failed step's message."""
    failed = [s for s in run.steps if s.get("outcome") == "failed"]
    reason = failed[0].get("detail", {}).get("message", "") if failed else run.message
    return t(f"nightly.trouble.{kind}", at=local_time(run.started_at), reason=reason or "-")


def status_table(runs: Sequence[Any]) -> None:
    from rich.text import Text

    from officedesk.views.render import cell, console, fitted_table

    out = console()
    if not runs:
        out.print(Text(t("nightly.none")))
        return
    headers = [
        t("field.started_at"),
        t("field.finished_at"),
        t("field.outcome"),
        t("field.files"),
        t("field.rows"),
        t("field.steps"),
    ]
    rows = [
        [
            Text(local_time(run.started_at)),
            Text(local_time(run.finished_at) if run.finished_at else ""),
            Text(label("nightly_outcome", run.outcome)),
            Text(str(run.files), justify="right"),
            Text(str(run.rows), justify="right"),
            cell(t("list.sep").join(step_line(step) for step in run.steps) or run.message),
        ]
        for run in runs
    ]
    out.print(fitted_table(headers, rows, 5, out.width, {}, None, set()))
