"""`officedesk nightly` (issue 11): the night's work in order, each run recorded, one run at a
time on a machine, waiting for the workbench's writers rather than failing them, and Today
saying when last night went wrong."""

import dataclasses
import json
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import BACKEND
from officedesk.config import data_dir, settings_from_dict
from officedesk.context import AppContext, build_context
from officedesk.db_types import StoreError
from officedesk.errors import InvalidInput
from officedesk.nightly import exclusive, run_nightly
from officedesk.nightly_settings import NightlySettings
from officedesk.services.nightly import recent_runs
from officedesk.services.task import create_task
from officedesk.services.today import today_overview

sqlite_only = pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite locks")


def night(ctx: AppContext, out: Path, lock_wait: float | None = None, **options: Any) -> Any:
    """A context like `ctx` whose [nightly] writes under `out`."""
    settings = dataclasses.replace(
        ctx.settings,
        nightly=NightlySettings(out=out, **options),
        lock_wait=ctx.settings.lock_wait if lock_wait is None else lock_wait,
    )
    return build_context(lang="en", settings=settings)


def add(ctx: AppContext, title: str) -> None:
    with ctx.write("task.add") as session:
        create_task(session, {"title": title})


def test_a_run_backs_up_and_is_recorded_step_by_step(ctx: AppContext, tmp_path: Path) -> None:
    add(ctx, "季度报告")
    job = night(ctx, tmp_path / "nightly", keep=2)
    try:
        results = [run_nightly(job) for _ in range(3)]
    finally:
        job.close()
    assert [r.outcome for r in results] == ["ok", "ok", "ok"]
    steps = {step.name: step for step in results[-1].steps}
    assert list(steps) == ["backup", "export", "report"]
    assert steps["backup"].outcome == "ok" and steps["report"].outcome == "ok"
    reports = sorted(Path(f).name for f in steps["report"].files)
    assert reports == ["daily-2026-11-25.docx", "daily-2026-11-25.md"]  # yesterday's
    assert steps["export"].outcome == "ok" and steps["export"].rows >= 2  # the item and its log
    exported = {Path(f).name for f in steps["export"].files}
    assert {"task.csv", "task.jsonl", "officedesk.xlsx", "officedesk.ics"} <= exported
    assert len(list((tmp_path / "nightly" / "export").iterdir())) == 3  # one per run
    kept = sorted((tmp_path / "nightly" / "backups").iterdir())
    assert len(kept) == 2  # keep = 2
    with ctx.read() as session:
        runs = recent_runs(session)
        assert [run.outcome for run in runs] == ["ok", "ok", "ok"]
        assert runs[0].steps[0]["files"] == [str(steps["backup"].files[0])]
        assert runs[0].finished_at is not None and runs[0].host
        assert today_overview(session).nightly is None


def test_two_runs_never_overlap(ctx: AppContext, tmp_path: Path) -> None:
    job = night(ctx, tmp_path / "nightly")
    try:
        with exclusive(data_dir()), pytest.raises(StoreError) as busy:
            run_nightly(job)
    finally:
        job.close()
    assert busy.value.key == "nightly.busy"
    with ctx.read() as session:
        assert recent_runs(session) == []  # refused before anything was recorded


def test_a_failed_run_is_recorded_and_today_says_so(ctx: AppContext, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    job = night(ctx, blocker / "nightly")  # a directory under a file: cannot be made
    try:
        with pytest.raises(StoreError):
            run_nightly(job)
    finally:
        job.close()
    with ctx.read() as session:
        (run,) = recent_runs(session)
        assert run.outcome == "failed" and "nightly" in run.message
        overview = today_overview(session)
    assert overview.nightly is not None and overview.nightly[1] == "failed"
    from officedesk.views.nightly import trouble_line

    assert trouble_line(*overview.nightly).startswith("The last nightly run")


def test_a_run_that_never_finished_shows_as_interrupted(ctx: AppContext) -> None:
    from officedesk.models import NightlyRun

    with ctx.write("probe") as session:
        session.add(NightlyRun(started_at=datetime.now(UTC) - timedelta(hours=7), host="vm"))
    with ctx.read() as session:
        overview = today_overview(session)
    assert overview.nightly is not None and overview.nightly[1] == "interrupted"


@sqlite_only
def test_a_run_waits_for_a_writer_and_succeeds(ctx: AppContext, tmp_path: Path) -> None:
    """Another process holds the write lock longer than a person's command would wait: the
    night job waits for it (its own lock wait), and neither fails."""
    held = threading.Event()

    def writer() -> None:
        conn = sqlite3.connect(str(ctx.store.path), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(1.5)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    held.wait()
    job = night(ctx, tmp_path / "nightly", lock_wait=30)  # the CLI's: NIGHTLY_LOCK_WAIT
    try:
        started = time.monotonic()
        done = run_nightly(job)
    finally:
        job.close()
        thread.join()
    assert done.outcome == "ok" and time.monotonic() - started >= 1.0


def test_the_nightly_table_of_the_config_is_checked() -> None:
    parsed = settings_from_dict(
        {"nightly": {"out": "~/n", "formats": ["csv", "jsonl"], "keep": 3, "registers": ["task"]}}
    ).nightly
    assert parsed.formats == ("csv", "jsonl") and parsed.keep == 3
    assert parsed.registers == ("task",) and parsed.out == Path("~/n").expanduser()
    for bad in ({"keep": 0}, {"formats": ["pdf"]}, {"out": 3}, {"when": "2am"}):
        with pytest.raises(InvalidInput) as refused:
            settings_from_dict({"nightly": bad})
        assert "nightly." in refused.value.message()


def test_cli_nightly_and_status(cli: Any, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[nightly]\nout = "{tmp_path / "n"}"\n', encoding="utf-8")
    env = {"OFFICEDESK_CONFIG": str(config)}
    done = cli("nightly", env=env)
    assert done.exit_code == 0, done.stderr
    assert done.stdout == "" and done.stderr.startswith("Nightly run ok in")
    assert done.stderr.count("\n") == 1  # one line for cron's mail
    status = cli("nightly", "status", "--json", env=env)
    assert json.loads(status.stdout)[0]["outcome"] == "ok"
    config.write_text(f'[nightly]\nout = "{tmp_path / "file" / "n"}"\n', encoding="utf-8")
    (tmp_path / "file").write_text("")
    failed = cli("nightly", env=env)
    assert failed.exit_code == 1 and failed.stderr.count("\n") == 1
    assert cli("nightly", "sometimes", env=env).exit_code == 1


async def test_the_workbench_today_says_last_night_failed(ctx: AppContext) -> None:
    from officedesk.models import NightlyRun
    from test_tui import SIZE, app_on
    from tui_helpers import settle, static_text, wait_until

    with ctx.write("probe") as session:
        session.add(
            NightlyRun(
                outcome="failed",
                message="Cannot make the nightly output directory /srv/x: Permission denied",
            )
        )
    app = app_on(ctx, "today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = app.screen.query_one("#today-summary")
        await wait_until(pilot, lambda: "nightly" in static_text(summary))
        assert "Permission denied" in static_text(summary)
