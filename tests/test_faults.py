"""Fault injection in the suite: a short run of benchmarks/kill_loop.py's harness (reliability.md
A1), and proof that its checks, and check_database behind them, fail when something is wrong.

Why here as well as in the benchmark: the 1,000-kill loop is too long for every run, but a
dozen kills spread over the workloads catch a regression in transaction handling (a command
that commits in two steps, an atomic batch that is not) on every run, on SQLite and, with
OFFICEDESK_TEST_PG_URL, on PostgreSQL. The harness lives in one place (the benchmark script);
this file imports it.
"""

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

HARNESS = Path(__file__).resolve().parents[1] / "benchmarks" / "kill_loop.py"


@pytest.fixture(scope="module")
def kill_loop() -> Any:
    """benchmarks/kill_loop.py as a module (registered first: its dataclasses look it up)."""
    spec = importlib.util.spec_from_file_location("kill_loop", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["kill_loop"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def harness(
    kill_loop: Any, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    """A KillLoop on the test's fresh database, in the environment its children get too.
    Kills are aimed after the children's imports (≈0.4 s here), where transactions run."""
    root = tmp_path / "kill"
    for name, value in kill_loop.harness_environment(root, db_url).items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    loop = kill_loop.KillLoop(root, db_url, seed=8, delay_range=(0.25, 0.8), pool_size=4)
    yield loop
    loop.close()


@pytest.mark.slow
def test_kill_rounds_leave_the_database_whole(kill_loop: Any, harness: Any) -> None:
    """Eight rounds, two of each workload, most ending in a kill: check_database clean after
    each, atomic batches and registrations all or nothing, every acknowledged commit present,
    and a normal write works."""
    harness.setup(calibrate=False)
    workloads = kill_loop.WORKLOADS * 2
    rounds = [harness.round(i, w) for i, w in enumerate(workloads, start=1)]
    tally = harness.tally
    assert tally.failures == [], tally.failures[0]
    assert tally.invariant_failures == 0
    assert tally.kills >= 3, tally.summary()  # most children are still running at 0.25–0.8 s
    assert "partial" not in tally.states.get("atomic", {})
    assert tally.verified == tally.acknowledged
    assert tally.normal_writes == sum(
        1 for r in rounds if r.outcome.killed or r.outcome.returncode == 0
    )
    assert harness.final_check() == []


def test_harness_reports_a_partial_atomic_batch(kill_loop: Any, harness: Any, cli: Any) -> None:
    """Half of an atomic batch in the database, as a broken transaction would leave it: the
    harness calls it partial and fails the round. (Written in-process through `cli`: no child
    is needed to put rows in the database.)"""
    seeded = cli("batch", "--atomic", input="\n".join(kill_loop.SEED_LINES) + "\n")
    assert seeded.exit_code == 0, seeded.stdout
    plan = harness.plan("atomic")
    lines = plan.stdin.splitlines()
    half = cli("batch", "--atomic", input="\n".join(lines[: len(lines) // 2]) + "\n")
    assert half.exit_code == 0, half.stdout
    killed = kill_loop.Outcome(-9, True, 0.5, 0.5, "", "", "transaction")
    result = harness.verify(1, plan, killed)
    assert result.state == "partial"
    assert any("partial atomic batch" in failure for failure in result.failures)


def test_harness_reports_a_lost_acknowledged_commit(kill_loop: Any, harness: Any) -> None:
    """A child that printed its result before the kill, yet nothing is stored: a failure (the
    outcome is made up; the point is that the check can fail)."""
    plan = harness.plan("add")
    printed = '{"id": 99, "code": "DB-2026-0099"}\n'
    result = harness.verify(1, plan, kill_loop.Outcome(-9, True, 0.5, 0.5, printed, "", ""))
    assert result.acknowledged == 1 and result.verified == 0
    assert any("acknowledged task add is missing" in f for f in result.failures)

    plan = harness.plan("batch")
    acked = "".join(f'{{"line": {n}, "ok": true, "result": {{}}}}\n' for n in (1, 2))
    result = harness.verify(2, plan, kill_loop.Outcome(-9, True, 0.5, 0.5, acked, "", ""))
    assert any("acknowledged batch lines missing: [1, 2]" in f for f in result.failures)


def test_check_database_catches_a_deleted_journal_row(cli: Any, db_url: str) -> None:
    """The oracle the kill loop trusts must itself fail on damage: a record whose journal
    insert is gone is reported by the journal check, and by `officedesk db check` (exit 1)."""
    from officedesk.context import build_context
    from officedesk.services.integrity import check_database

    assert cli("task", "add", "落实整改", "--due", "+5wd").exit_code == 0

    def journal_problems() -> int:
        ctx = build_context(lang="en")
        try:
            with ctx.read() as session:
                report = check_database(session)
        finally:
            ctx.close()
        return next(r.problems for r in report.results if r.name == "journal")

    assert journal_problems() == 0
    assert cli("db", "check").exit_code == 0
    engine = create_engine(db_url)
    with engine.begin() as conn:
        deleted = conn.execute(
            text("DELETE FROM journal WHERE entity = 'task' AND action = 'insert'")
        ).rowcount
    engine.dispose()
    assert deleted == 1
    assert journal_problems() >= 1
    result = cli("db", "check", "--json")
    assert result.exit_code == 1
    assert result.json()["ok"] is False


def test_check_database_catches_a_numbering_gap(cli: Any, db_url: str) -> None:
    """An item deleted around the application leaves its number given but held by nothing:
    the numbers check reports the gap (the journal check objects too, which is not the point)."""
    for title in ("一", "二", "三"):
        assert cli("task", "add", title, "--due", "+5wd").exit_code == 0
    engine = create_engine(db_url)
    with engine.begin() as conn:
        task_id = conn.execute(text("SELECT id FROM task WHERE seq = 2")).scalar_one()
        conn.execute(text("DELETE FROM task_log WHERE task_id = :id"), {"id": task_id})
        conn.execute(text("DELETE FROM task WHERE id = :id"), {"id": task_id})
    engine.dispose()
    result = cli("db", "check", "--json")
    assert result.exit_code == 1
    numbers = next(c for c in result.json()["checks"] if c["name"] == "numbers")
    assert any(f["key"] == "check.numbers.gap" for f in numbers["findings"]), numbers
