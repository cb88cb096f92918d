"""SIGKILL fault injection: kill a writing officedesk process at random moments, then check.

Run:  .venv/bin/python benchmarks/kill_loop.py [--kills 1000] [--seed N] [--db PATH | --url URL]

Why (reliability.md A1, §3 "SIGKILL loop"): every business operation is one transaction, so a
process killed at any instant must leave either all of an operation or none of it, and every
commit it acknowledged must survive. Unit tests cannot show that; killing the real CLI can.

Each round starts one child process running the real entry point
(`officedesk.cli.main.run`, as the console script does) with one of four workloads, kills it
with SIGKILL after a random delay (from 20 ms to a little more than the workload's unkilled
run time, so kills land during start-up, inside a transaction and between transactions; some
children finish first), then checks the database in this process:

- `officedesk.services.integrity.check_database` must be clean: the file, every numbering
  series, the journal replayed against the records, the search index, the seal log's chain.
  It is the oracle; nothing here re-implements those invariants.
- What only a kill can break, per workload:
  * `atomic`: `officedesk batch --atomic` of 20–50 lines (task add/start/remind, incoming
    add, visit add, seal use) whose texts carry one marker; every table holds all of the
    batch's rows or none ("partial" is a failure), and "all" when the child printed anything.
  * `batch`: plain `officedesk batch`, each line its own transaction with its own marker; the
    lines present are a prefix of the input, include every line the child acknowledged and at
    most one more (the one committed just before the kill, whose result line was not written).
  * `register`: `officedesk outgoing register` of 1–3 checked documents in one command: all
    numbered or none, the numbers printed are the ones stored, and no prefix has a gap.
  * `add`: a single `officedesk task add`, present when acknowledged, at most once.
- Then one normal write (`task add`, through the CLI entry point in this process) must work.

The parent never writes while a child runs, so every assertion is exact. Children get a
private environment: OFFICEDESK_TODAY=2026-11-26, OFFICEDESK_OPERATOR, XDG_DATA_HOME and
XDG_CONFIG_HOME in the run's temp dir (never the user's), unbuffered stdout (a result line is
on the pipe as soon as it is written), and bytecode cached in the temp dir.

tests/test_faults.py imports this file and runs a few rounds of the same `KillLoop`.
Prints progress every 50 kills and the figures at the end; exit 1 on the first failure, with
its details (the database is kept for inspection).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TODAY = "2026-11-26"
YEAR = 2026
OPERATOR = "kill-loop"
WORKLOADS = ("atomic", "batch", "register", "add")
CHILD_CODE = "from officedesk.cli.main import run; run()"
# Where each workload's marker lands: table -> the text column that starts with it.
MARKED_COLUMNS = {
    "task": "title",
    "task_log": "text",
    "incoming": "title",
    "visit": "purpose",
    "seal_use": "doc_title",
}
SEALS = ("公司公章", "合同专用章")
DOC_TYPES = ("notice", "letter", "request")
STANDING_TASKS = 3  # seeded open items that plain batches remind
SEED_LINES = (
    "dept add 办公室 --code BGS",
    "contact add 张三 --dept BGS --title 主任",
    "contact add 李娜 --dept BGS",
    "contact add 刘振华 --dept BGS --title 总经理",
    "contact add 王建国 --dept BGS",
    'seal add 公司公章 --keeper 李娜 --ref "公安备〔2026〕1号"',
    'seal activate 公司公章 --ref "启用〔2026〕1号"',
    'seal add 合同专用章 --kind contract --keeper 李娜 --ref "公安备〔2026〕2号"',
    'seal activate 合同专用章 --ref "启用〔2026〕2号"',
    *(
        f'task add "常设督办事项 {n}" --due +20wd -d BGS -o 张三'
        for n in range(1, STANDING_TASKS + 1)
    ),
    'seal use 公司公章 "初始用印" -r 李娜 -a 刘振华',
)


class HarnessError(RuntimeError):
    """The harness itself could not do its work (setup, a workload refused unkilled)."""


# ---- environment ---------------------------------------------------------------------------


def harness_environment(root: Path, url: str) -> dict[str, str | None]:
    """The variables this process and its children need (None: must be unset). The caller
    applies them (the script to os.environ, the test through monkeypatch), so the in-process
    check and the children see the same data directory, seal key and database."""
    env: dict[str, str | None] = {
        name: None
        for name in os.environ
        if name.startswith("OFFICEDESK_") and name != "OFFICEDESK_TEST_PG_URL"
    }
    env.update(
        HOME=str(root / "home"),
        XDG_DATA_HOME=str(root / "home" / "data"),
        XDG_CONFIG_HOME=str(root / "home" / "config"),
        OFFICEDESK_TODAY=TODAY,
        OFFICEDESK_OPERATOR=OPERATOR,
        OFFICEDESK_LANG="en",
    )
    if url.startswith("sqlite:///"):
        env["OFFICEDESK_DB"] = url.removeprefix("sqlite:///")
    else:
        env["OFFICEDESK_DATABASE_URL"] = url
    return env


def child_environment(root: Path) -> dict[str, str]:
    """os.environ (already set up by harness_environment) plus unbuffered output and a private
    bytecode cache: with PYTHONDONTWRITEBYTECODE every edited module would be compiled from
    source in every child, stretching start-up, where kills teach the least."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
    return env


# ---- plans ---------------------------------------------------------------------------------


@dataclass
class Plan:
    """One child's work and what must hold after it, however far it got."""

    workload: str
    marker: str
    argv: list[str]
    stdin: str | None = None
    expected: dict[str, int] = field(default_factory=dict)  # atomic: rows per marked table
    lines: list[str] = field(default_factory=list)  # batch: each line's own marker
    refs: list[int] = field(default_factory=list)  # register: outgoing ids


@dataclass
class Outcome:
    returncode: int
    killed: bool  # SIGKILL reached a running child
    delay: float  # when the kill was due (s after spawn)
    elapsed: float  # spawn to exit (s)
    stdout: str
    stderr: str
    phase: str = ""  # where the kill found the child: see KillLoop.phase()


@dataclass
class RoundResult:
    index: int
    plan: Plan
    outcome: Outcome
    state: str  # atomic/register: absent|complete|partial; batch: "k/n"; add: absent|present
    acknowledged: int = 0  # commits the child reported
    verified: int = 0  # acknowledged commits found in the database
    failures: list[str] = field(default_factory=list)
    check_seconds: float = 0.0
    present_lines: int = 0  # batch: lines found
    total_lines: int = 0  # batch: lines sent


@dataclass
class Tally:
    """The figures printed at the end (and, shorter, every 50 kills)."""

    rounds: int = 0
    kills: int = 0
    finished_first: int = 0  # the child exited before its kill was due
    kills_by_workload: Counter[str] = field(default_factory=Counter)
    rounds_by_workload: Counter[str] = field(default_factory=Counter)
    states: dict[str, Counter[str]] = field(default_factory=dict)  # after kills only
    acknowledged: int = 0
    verified: int = 0
    batch_lines_sent: int = 0
    batch_lines_present: int = 0
    normal_writes: int = 0
    invariant_failures: int = 0  # check_database problems
    failures: list[str] = field(default_factory=list)
    check_seconds: float = 0.0
    delays: Counter[str] = field(default_factory=Counter)
    phases: dict[str, Counter[str]] = field(default_factory=dict)  # workload -> where killed
    started: float = field(default_factory=time.perf_counter)

    def add(self, result: RoundResult) -> None:
        workload = result.plan.workload
        self.rounds += 1
        self.rounds_by_workload[workload] += 1
        if result.outcome.killed:
            self.kills += 1
            self.kills_by_workload[workload] += 1
            self.states.setdefault(workload, Counter())[result.state] += 1
            self.delays[_delay_bucket(result.outcome.delay)] += 1
            self.phases.setdefault(workload, Counter())[result.outcome.phase] += 1
        else:
            self.finished_first += 1
        self.acknowledged += result.acknowledged
        self.verified += result.verified
        self.batch_lines_sent += result.total_lines
        self.batch_lines_present += result.present_lines
        self.check_seconds += result.check_seconds
        self.failures.extend(result.failures)

    def progress(self) -> str:
        per = " ".join(f"{w} {self.kills_by_workload[w]}" for w in WORKLOADS)
        atomic = self.states.get("atomic", Counter())
        return (
            f"[{self.kills:5d} kills / {self.rounds:5d} rounds, {self.elapsed():6.0f} s] {per} | "
            f"atomic absent/complete/partial {atomic['absent']}/{atomic['complete']}/"
            f"{atomic['partial']} | acked {self.verified}/{self.acknowledged} verified | "
            f"failures {len(self.failures)}"
        )

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def summary(self) -> list[str]:
        lines = [
            f"rounds {self.rounds}: killed while running {self.kills}, "
            f"finished before the kill {self.finished_first}",
            "kills per workload: "
            + ", ".join(
                f"{w} {self.kills_by_workload[w]} (of {self.rounds_by_workload[w]} rounds)"
                for w in WORKLOADS
            ),
            "kill delay after spawn: "
            + ", ".join(f"{b} {self.delays[b]}" for b in DELAY_BUCKETS if self.delays[b]),
            "where the kill found the child (all / "
            + " / ".join(WORKLOADS)
            + "): "
            + ", ".join(
                f"{phase} {sum(c[phase] for c in self.phases.values())} ("
                + "/".join(str(self.phases.get(w, Counter())[phase]) for w in WORKLOADS)
                + ")"
                for phase in PHASES
            ),
        ]
        for workload in WORKLOADS:
            states = self.states.get(workload, Counter())
            if workload == "batch":
                lines.append(
                    f"states after kills, batch: lines present {self.batch_lines_present} of "
                    f"{self.batch_lines_sent} sent (every round a prefix; see failures)"
                )
                continue
            shown = ", ".join(f"{state} {n}" for state, n in sorted(states.items()))
            if workload in ("atomic", "register"):
                shown = (
                    f"absent {states['absent']}, complete {states['complete']}, "
                    f"partial {states['partial']}"
                )
            lines.append(f"states after kills, {workload}: {shown or '-'}")
        lines += [
            f"acknowledged commits verified: {self.verified} of {self.acknowledged}",
            f"normal writes after a kill: {self.normal_writes} ok",
            f"invariant failures (check_database): {self.invariant_failures}",
            f"failures: {len(self.failures)}",
            f"check time: {self.check_seconds:.1f} s in all, "
            f"{self.check_seconds / max(self.rounds, 1) * 1000:.0f} ms per round",
            f"elapsed: {self.elapsed():.1f} s",
        ]
        return lines


PHASES = ("not connected", "connected", "transaction")
DELAY_BUCKETS = ("<0.25 s", "0.25–0.5 s", "0.5–0.75 s", "0.75–1 s", "≥1 s")


def _delay_bucket(delay: float) -> str:
    index = min(int(delay / 0.25), len(DELAY_BUCKETS) - 1)
    return DELAY_BUCKETS[index]


# ---- the loop ------------------------------------------------------------------------------


class KillLoop:
    """The harness: seed a fresh database, then run rounds of spawn → kill → verify."""

    def __init__(
        self,
        root: Path,
        url: str,
        *,
        seed: int = 0,
        delay_range: tuple[float, float] | None = None,
        pool_size: int = 24,
    ) -> None:
        """`root` holds the children's files; the environment must already be the one
        harness_environment(root, url) describes. `delay_range` fixes the kill window; without
        it, setup() measures each workload unkilled and the window follows from that."""
        self.root = root
        self.url = url
        self.rng = random.Random(seed)
        self.delay_range = delay_range
        self.windows: dict[str, float] = {}  # unkilled run time per workload
        self.startup = 0.0  # a child's imports, before it opens the database
        self.pool_size = pool_size
        self.pool: list[int] = []  # checked outgoing documents, ready to register
        self.env = child_environment(root)
        self.tally = Tally()
        self.marker_serial = 0
        self._pg_probe: Any = None  # a psycopg connection that looks at pg_stat_activity
        (root / "child").mkdir(parents=True, exist_ok=True)

    # -- children --

    def _run_child(self, argv: list[str], stdin: str | None, delay: float | None) -> Outcome:
        """Spawn `officedesk ARGV` and wait; at `delay` seconds (None: 300 s, a hang) SIGKILL
        it unless it finished first. Output goes to files, never a pipe: a child must not
        block on a full pipe while nobody reads it."""
        child_dir = self.root / "child"
        (child_dir / "in").write_text(stdin or "", encoding="utf-8")
        started = time.perf_counter()
        with (
            open(child_dir / "in", "rb") as stdin_file,
            open(child_dir / "out", "wb") as stdout_file,
            open(child_dir / "err", "wb") as stderr_file,
        ):
            process = subprocess.Popen(
                [sys.executable, "-u", "-c", CHILD_CODE, *argv],
                stdin=stdin_file,
                stdout=stdout_file,
                stderr=stderr_file,
                env=self.env,
                cwd=self.root,
            )
            phase = ""
            try:
                returncode = process.wait(timeout=300 if delay is None else delay)
            except subprocess.TimeoutExpired:
                if delay is not None:
                    phase = self.phase()
                process.kill()  # SIGKILL
                returncode = process.wait()
        elapsed = time.perf_counter() - started
        stdout = (child_dir / "out").read_bytes().decode("utf-8", "replace")
        stderr = (child_dir / "err").read_bytes().decode("utf-8", "replace")
        killed = returncode == -signal.SIGKILL
        return Outcome(returncode, killed, delay or 0.0, elapsed, stdout, stderr, phase)

    def phase(self) -> str:
        """Where the child is, looked at just before the kill: "transaction" (SQLite: it holds
        the WAL write lock, i.e. it is inside BEGIN IMMEDIATE … COMMIT; PostgreSQL: its session
        has a transaction open), "connected" (the database is open, no transaction), "not
        connected" (still starting up, or already closed). The kill follows within
        microseconds, so a commit may slip in between: the figure is close, not exact."""
        if self.url.startswith("sqlite"):
            return sqlite_phase(Path(self.url.removeprefix("sqlite:///")))
        return self._pg_phase()

    def _pg_phase(self) -> str:
        import psycopg
        from sqlalchemy.engine import make_url

        if self._pg_probe is None:
            url = make_url(self.url).set(drivername="postgresql")
            self._pg_probe = psycopg.connect(
                url.render_as_string(hide_password=False), autocommit=True
            )
        rows = self._pg_probe.execute(
            "SELECT xact_start IS NOT NULL FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND application_name LIKE 'officedesk%'"
        ).fetchall()
        if any(in_transaction for (in_transaction,) in rows):
            return "transaction"
        return "connected" if rows else "not connected"

    def run_unkilled(self, argv: list[str], stdin: str | None = None) -> Outcome:
        """A child that must finish and succeed: setup work and calibration."""
        outcome = self._run_child(argv, stdin, None)
        if outcome.returncode != 0:
            raise HarnessError(
                f"officedesk {shlex.join(argv)} exited {outcome.returncode}\n"
                f"{_tail(outcome.stdout)}\n{_tail(outcome.stderr)}"
            )
        return outcome

    def run_killed(self, argv: list[str], stdin: str | None, delay: float) -> Outcome:
        """Spawn, SIGKILL at `delay` seconds unless the child finished first, reap."""
        return self._run_child(argv, stdin, delay)

    # -- setup --

    def setup(self, *, calibrate: bool = True, outgoing: bool = True) -> None:
        """Seed the directory, seals and standing items, prepare documents to register (unless
        `outgoing` is False) and, unless a delay range was given, time each workload once
        unkilled (which also proves every workload succeeds when nobody kills it)."""
        try:
            self.run_unkilled(["batch", "--atomic"], "\n".join(SEED_LINES) + "\n")
        except HarnessError as exc:
            raise HarnessError(f"seeding failed (the database must be fresh): {exc}") from None
        if outgoing:
            self._refill_pool()
        if calibrate and self.delay_range is None:
            self.startup = min(self._import_time() for _ in range(3))
            for workload in WORKLOADS:
                plan = self.plan(workload)
                outcome = self.run_unkilled(plan.argv, plan.stdin)
                result = self.verify(0, plan, outcome)
                if result.failures:
                    raise HarnessError(f"unkilled {workload} failed: {result.failures[0]}")
                if workload == "register":
                    self._settle_pool(plan)
                self.windows[workload] = outcome.elapsed

    def _import_time(self) -> float:
        """How long a child takes to import what the CLI needs before it opens the database:
        kills before that teach little, so most kills are aimed after it."""
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "import typer, sqlmodel, officedesk.cli.main"],
            env=self.env,
            check=True,
        )
        return time.perf_counter() - started

    def _refill_pool(self) -> None:
        """Draft, review, sign and check documents (unkilled) for the register workload."""
        wanted = self.pool_size - len(self.pool)
        if wanted <= 0:
            return
        adds = [
            f'outgoing add "待登记文件 {self.rng.randrange(10**6)}" --type '
            f"{self.rng.choice(DOC_TYPES)} --dept BGS --to 集团公司 --signer 刘振华 "
            "--reviewer 张三"
            for _ in range(wanted)
        ]
        out = self.run_unkilled(["batch", "--atomic"], "\n".join(adds) + "\n")
        ids = [line["result"]["id"] for line in _json_lines(out.stdout)]
        steps = [f"outgoing {verb} {doc}" for doc in ids for verb in ("review", "sign", "check")]
        self.run_unkilled(["batch", "--atomic"], "\n".join(steps) + "\n")
        self.pool += ids

    # -- one round --

    def _marker(self, index: int) -> str:
        """Unique per plan, no LIKE wildcards, never a prefix of another marker."""
        self.marker_serial += 1
        return f"KL{index:05d}{self.marker_serial:05d}{self.rng.randrange(26**3):05d}Z"

    def plan(self, workload: str, index: int = 0) -> Plan:
        marker = self._marker(index)
        if workload == "atomic":
            return self._plan_atomic(marker)
        if workload == "batch":
            return self._plan_batch(marker)
        if workload == "register":
            if len(self.pool) < 3:
                self._refill_pool()
            refs = self.rng.sample(self.pool, self.rng.randint(1, 3))
            argv = ["outgoing", "register", *(str(r) for r in refs), "--json"]
            return Plan("register", marker, argv, refs=refs)
        if workload == "add":
            due = f"+{self.rng.randint(1, 30)}wd"
            argv = ["task", "add", f"{marker} 单项督办", "--due", due, "--json"]
            return Plan("add", marker, argv)
        raise ValueError(workload)

    def _task_counter(self) -> int:
        """The task series' counter now: the codes an atomic batch will be given follow it
        (the parent is the only other writer, and it is idle while the child runs)."""
        from sqlalchemy import select

        from officedesk.context import build_context
        from officedesk.models import Counter as SeriesCounter

        ctx = build_context()
        try:
            with ctx.read() as session:
                value = session.execute(
                    select(SeriesCounter.value).where(  # type: ignore[call-overload]
                        SeriesCounter.series == "task", SeriesCounter.year == YEAR
                    )
                ).scalar()
        finally:
            ctx.close()
        return int(value or 0)

    def _plan_atomic(self, marker: str) -> Plan:
        rng = self.rng
        size = rng.randint(20, 50)
        base = self._task_counter()
        lines: list[str] = []
        expected = dict.fromkeys(MARKED_COLUMNS, 0)
        added: list[str] = []  # codes this batch gives its tasks
        unstarted: list[str] = []
        while len(lines) < size:
            kind = rng.choices(
                ("task", "start", "remind", "incoming", "visit", "seal"), (5, 2, 2, 2, 1, 2)
            )[0]
            n = len(lines) + 1
            if kind == "task" or (kind in ("start", "remind") and not added):
                code = f"DB-{YEAR}-{base + len(added) + 1:04d}"
                added.append(code)
                unstarted.append(code)
                lines.append(
                    f'task add "{marker} 任务 {n}" --due +{rng.randint(1, 40)}wd -d BGS '
                    f"-o {rng.choice(('张三', 'zs', '李娜', 'ln'))}"
                )
                expected["task"] += 1
            elif kind == "start":
                if not unstarted:
                    continue
                code = unstarted.pop(rng.randrange(len(unstarted)))
                lines.append(f'task start {code} --note "{marker} 开始 {n}"')
                expected["task_log"] += 1
            elif kind == "remind":
                refs = rng.sample(added, min(len(added), rng.randint(1, 3)))
                lines.append(f'task remind {" ".join(refs)} --note "{marker} 催办 {n}"')
                expected["task_log"] += len(refs)
            elif kind == "incoming":
                lines.append(_incoming_line(rng, f"{marker} 来文 {n}"))
                expected["incoming"] += 1
            elif kind == "visit":
                lines.append(_visit_line(rng, f"{marker} 调研 {n}"))
                expected["visit"] += 1
            else:
                lines.append(_seal_line(rng, f"{marker} 用印 {n}"))
                expected["seal_use"] += 1
        return Plan(
            "atomic", marker, ["batch", "--atomic"], "\n".join(lines) + "\n", expected=expected
        )

    def _plan_batch(self, marker: str) -> Plan:
        rng = self.rng
        lines: list[str] = []
        markers: list[str] = []
        for n in range(1, rng.randint(8, 30) + 1):
            own = f"{marker}L{n:02d}"
            kind = rng.choice(("task", "remind", "incoming", "visit", "seal"))
            if kind == "task":
                lines.append(f'task add "{own} 任务" --due +{rng.randint(1, 40)}wd -o 王建国')
            elif kind == "remind":
                standing = f"DB-{YEAR}-{rng.randint(1, STANDING_TASKS):04d}"
                lines.append(f'task remind {standing} --note "{own} 催办"')
            elif kind == "incoming":
                lines.append(_incoming_line(rng, f"{own} 来文"))
            elif kind == "visit":
                lines.append(_visit_line(rng, f"{own} 调研"))
            else:
                lines.append(_seal_line(rng, f"{own} 用印"))
            markers.append(own)
        return Plan("batch", marker, ["batch"], "\n".join(lines) + "\n", lines=markers)

    def pick_workload(self) -> str:
        return self.rng.choices(WORKLOADS, (3, 3, 2, 2))[0]

    def delay_for(self, workload: str) -> float:
        """A quarter of the kills anywhere from 20 ms (start-up included), the rest between the
        end of the imports and a little after the unkilled run would have ended: opening the
        database, inside transactions, between them, printing, exiting."""
        if self.delay_range is not None:
            return self.rng.uniform(*self.delay_range)
        high = max(0.4, 1.15 * self.windows.get(workload, 1.0))
        low = 0.02
        if self.startup and self.startup < high and self.rng.random() < 0.75:
            low = self.startup
        return self.rng.uniform(low, high)

    def round(self, index: int, workload: str | None = None) -> RoundResult:
        """One round: plan, spawn, kill, verify, one normal write."""
        workload = workload or self.pick_workload()
        plan = self.plan(workload, index)
        outcome = self.run_killed(plan.argv, plan.stdin, self.delay_for(workload))
        result = self.verify(index, plan, outcome)
        if outcome.killed or outcome.returncode == 0:
            self._normal_write(index, result)
        if workload == "register":
            self._settle_pool(plan)
        self.tally.add(result)
        return result

    # -- verification --

    def verify(self, index: int, plan: Plan, outcome: Outcome) -> RoundResult:
        """check_database, then the workload's own all-or-nothing and acknowledgement checks,
        all in one read transaction (one snapshot)."""
        from officedesk.context import build_context
        from officedesk.services.integrity import check_database

        result = RoundResult(index, plan, outcome, state="?")
        if not outcome.killed and outcome.returncode != 0:
            result.failures.append(
                self._describe(
                    result, f"the child exited {outcome.returncode} without being killed"
                )
            )
        started = time.perf_counter()
        ctx = build_context()
        try:
            with ctx.read() as session:
                report = check_database(session, database=ctx.store.url_for_humans())
                if not report.ok:
                    self.tally.invariant_failures += report.problems
                    findings = [
                        f"{check.name}: {finding.message()}"
                        for check in report.results
                        for finding in check.findings
                    ]
                    result.failures.append(
                        self._describe(result, "check_database: " + "; ".join(findings))
                    )
                checker = getattr(self, f"_verify_{plan.workload}")
                for problem in checker(session, plan, outcome, result):
                    result.failures.append(self._describe(result, problem))
        finally:
            ctx.close()
        result.check_seconds = time.perf_counter() - started
        return result

    def _verify_atomic(
        self, session: Any, plan: Plan, outcome: Outcome, result: RoundResult
    ) -> list[str]:
        found = marked_counts(session, plan.marker)
        printed = _json_lines(outcome.stdout)  # written only after the commit (or rollback)
        refused = [line for line in printed if not line.get("ok")]
        if refused:
            return [f"atomic batch refused line {refused[-1]['line']}: {refused[-1]['error']}"]
        acked = bool(printed) or outcome.returncode == 0
        result.acknowledged = 1 if acked else 0
        if all(found[t] == 0 for t in MARKED_COLUMNS):
            result.state = "absent"
        elif all(found[t] == plan.expected[t] for t in MARKED_COLUMNS):
            result.state = "complete"
        else:
            result.state = "partial"
            return [f"partial atomic batch: found {dict(found)}, expected {plan.expected}"]
        if acked and result.state != "complete":
            return [f"acknowledged atomic batch is {result.state}: found {dict(found)}"]
        result.verified = result.acknowledged
        return []

    def _verify_batch(
        self, session: Any, plan: Plan, outcome: Outcome, result: RoundResult
    ) -> list[str]:
        problems: list[str] = []
        by_line = present_markers(session, plan.marker)
        acked = set()
        for line in _json_lines(outcome.stdout):
            if line.get("ok"):
                acked.add(line["line"])
            else:
                problems.append(f"batch line {line['line']} refused: {line.get('error')}")
        present = set()
        for n, own in enumerate(plan.lines, start=1):
            rows = by_line.get(own, 0)
            if rows > 1:
                problems.append(f"batch line {n} stored {rows} times")
            if rows:
                present.add(n)
        result.acknowledged, result.verified = len(acked), len(acked & present)
        result.present_lines, result.total_lines = len(present), len(plan.lines)
        result.state = f"{len(present)}/{len(plan.lines)}"
        if acked - present:
            problems.append(f"acknowledged batch lines missing: {sorted(acked - present)}")
        if present != set(range(1, len(present) + 1)):
            problems.append(f"batch lines present are not a prefix: {sorted(present)}")
        if len(present) > len(acked) + 1:
            problems.append(f"{len(present)} lines present but only {len(acked)} acknowledged")
        if outcome.returncode == 0 and len(present) != len(plan.lines):
            problems.append(f"finished batch left {len(present)} of {len(plan.lines)} lines")
        return problems

    def _verify_register(
        self, session: Any, plan: Plan, outcome: Outcome, result: RoundResult
    ) -> list[str]:
        from sqlalchemy import select

        from officedesk.models.outgoing import Outgoing
        from officedesk.services.outgoing.numbers import number_report

        problems: list[str] = []
        rows = {
            row.id: row
            for row in session.execute(
                select(Outgoing.id, Outgoing.state, Outgoing.number).where(  # type: ignore[call-overload]
                    Outgoing.id.in_(plan.refs)  # type: ignore[union-attr]
                )
            )
        }
        numbered = [doc for doc in plan.refs if rows[doc].number is not None]
        if not numbered:
            result.state = "absent"
        elif len(numbered) == len(plan.refs):
            result.state = "complete"
        else:
            result.state = "partial"
            problems.append(f"partial registration: {numbered} of {plan.refs} numbered")
        printed = _json_document(outcome.stdout)
        if printed is not None or outcome.returncode == 0:
            result.acknowledged = len(plan.refs)
            for doc in printed or []:
                stored = rows[doc["id"]].number
                if stored != doc["number"] or stored is None:
                    problems.append(f"document {doc['id']}: printed {doc['number']}, {stored}")
            if result.state != "complete":
                problems.append(f"acknowledged registration is {result.state}")
            else:
                result.verified = len(plan.refs)
        for prefix in number_report(session, YEAR).as_dict()["prefixes"]:  # = numbers --json
            if prefix["gaps"]:
                problems.append(f"outgoing numbers of {prefix['prefix']}: gaps {prefix['gaps']}")
        return problems

    def _verify_add(
        self, session: Any, plan: Plan, outcome: Outcome, result: RoundResult
    ) -> list[str]:
        rows = marked_counts(session, plan.marker)["task"]
        result.state = "present" if rows else "absent"
        printed = _json_document(outcome.stdout)
        if rows > 1:
            return [f"task add stored {rows} items"]
        if printed is not None or outcome.returncode == 0:
            result.acknowledged = 1
            if not rows:
                return ["acknowledged task add is missing"]
            result.verified = 1
        return []

    def _normal_write(self, index: int, result: RoundResult) -> None:
        """After a kill the database must take an ordinary write: `task add` through the
        CLI's entry point in this process (a fresh engine, as a new process would open)."""
        from officedesk.cli import state
        from officedesk.cli.main import execute

        marker = self._marker(index)
        out, err = io.StringIO(), io.StringIO()
        state.STATE.ctx = None
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = execute(["task", "add", f"{marker} 复核写入", "--due", "+3wd", "--json"])
        finally:
            if state.STATE.ctx is not None:
                state.STATE.ctx.close()
                state.STATE.ctx = None
        if status != 0:
            result.failures.append(
                self._describe(
                    result, f"normal write after the kill exited {status}: {err.getvalue().strip()}"
                )
            )
            return
        from officedesk.context import build_context

        ctx = build_context()
        try:
            with ctx.read() as session:
                if marked_counts(session, marker)["task"] != 1:
                    result.failures.append(self._describe(result, "normal write not stored"))
                    return
        finally:
            ctx.close()
        self.tally.normal_writes += 1

    def _settle_pool(self, plan: Plan) -> None:
        """Documents numbered in this round leave the pool; unnumbered ones stay."""
        from sqlalchemy import select

        from officedesk.context import build_context
        from officedesk.models.outgoing import Outgoing

        ctx = build_context()
        try:
            with ctx.read() as session:
                still = set(
                    session.execute(
                        select(Outgoing.id).where(  # type: ignore[call-overload]
                            Outgoing.id.in_(plan.refs),  # type: ignore[union-attr]
                            Outgoing.state == "checked",
                        )
                    ).scalars()
                )
        finally:
            ctx.close()
        self.pool = [doc for doc in self.pool if doc not in plan.refs or doc in still]

    def _describe(self, result: RoundResult, problem: str) -> str:
        plan, outcome = result.plan, result.outcome
        how = (
            f"killed at {outcome.delay * 1000:.0f} ms"
            if outcome.killed
            else f"exited {outcome.returncode} after {outcome.elapsed * 1000:.0f} ms "
            f"(kill was due at {outcome.delay * 1000:.0f} ms)"
        )
        stdin = (
            f"\n  stdin ({len(plan.stdin.splitlines())} lines):\n{_indent(plan.stdin)}"
            if plan.stdin
            else ""
        )
        return (
            f"round {result.index} [{plan.workload}] {problem}\n"
            f"  child: officedesk {shlex.join(plan.argv)} ({how}){stdin}\n"
            f"  stdout: {_tail(outcome.stdout)}\n  stderr: {_tail(outcome.stderr)}"
        )

    def close(self) -> None:
        if self._pg_probe is not None:
            self._pg_probe.close()
            self._pg_probe = None

    def final_check(self) -> list[str]:
        """At the end: `officedesk outgoing numbers --json` and `officedesk db check --json` as
        a user would run them, in a fresh process each."""
        problems: list[str] = []
        numbers = json.loads(self.run_unkilled(["outgoing", "numbers", "--json"]).stdout)
        for prefix in numbers["prefixes"]:
            if prefix["gaps"]:
                problems.append(
                    f"outgoing numbers --json: {prefix['prefix']} gaps {prefix['gaps']}"
                )
        try:
            self.run_unkilled(["db", "check", "--json"])
        except HarnessError as exc:
            problems.append(f"officedesk db check failed: {exc}")
        return problems


# ---- queries and parsing -------------------------------------------------------------------

# SQLite's unix VFS locks bytes of the -shm file: 120 + n for WAL lock n (0 = the write lock,
# held from BEGIN IMMEDIATE to COMMIT), 128 (the "DMS" byte) shared by every connection that
# has the database open.
_SHM_WRITE_LOCK = 120
_SHM_DMS_LOCK = 128
_FLOCK = "hhqqi4x"  # struct flock on Linux x86-64: type, whence, start, len, pid


def sqlite_phase(path: Path) -> str:
    """Which locks another process holds on the database's -shm file (F_GETLK asks without
    taking any; this process holds none, so there is nothing of ours to release)."""
    import fcntl
    import struct

    try:
        fd = os.open(f"{path}-shm", os.O_RDONLY)
    except FileNotFoundError:
        return "not connected"

    def held(offset: int) -> bool:
        query = struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, offset, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
        return struct.unpack(_FLOCK, answer)[0] != fcntl.F_UNLCK

    try:
        if held(_SHM_WRITE_LOCK):
            return "transaction"
        return "connected" if held(_SHM_DMS_LOCK) else "not connected"
    finally:
        os.close(fd)


def marked_counts(session: Any, marker: str) -> Counter[str]:
    """Rows per marked table whose text starts with `marker`."""
    from sqlalchemy import text

    found: Counter[str] = Counter()
    for table, column in MARKED_COLUMNS.items():
        found[table] = session.execute(
            text(f"SELECT count(*) FROM {table} WHERE {column} LIKE :prefix"),
            {"prefix": marker + "%"},
        ).scalar_one()
    return found


def present_markers(session: Any, marker: str) -> Counter[str]:
    """Rows per line marker (marker + 'Lnn') over every marked table."""
    from sqlalchemy import text

    pattern = re.compile(re.escape(marker) + r"L\d{2}")
    found: Counter[str] = Counter()
    for table, column in MARKED_COLUMNS.items():
        for (value,) in session.execute(
            text(f"SELECT {column} FROM {table} WHERE {column} LIKE :prefix"),
            {"prefix": marker + "%"},
        ):
            match = pattern.match(value)
            if match:
                found[match.group(0)] += 1
    return found


def _json_lines(stdout: str) -> list[dict[str, Any]]:
    """Complete result lines of `officedesk batch` (a kill may cut the last one short)."""
    lines = []
    for raw in stdout.splitlines(keepends=True):
        if not raw.endswith("\n"):
            break
        with contextlib.suppress(ValueError):
            lines.append(json.loads(raw))
    return lines


def _json_document(stdout: str) -> Any:
    """A command's --json output, or None when the kill cut it short (or it never came)."""
    try:
        return json.loads(stdout) if stdout.strip() else None
    except ValueError:
        return None


def _tail(text: str, limit: int = 1500) -> str:
    text = text.strip()
    return text if len(text) <= limit else "…" + text[-limit:]


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def _incoming_line(rng: random.Random, title: str) -> str:
    urgency = rng.choice(("normal", "urgent", "extra_urgent"))
    return (
        f'incoming add "{title}" --sender 市国资委 --number "国资发〔{YEAR}〕'
        f'{rng.randint(1, 300)}号" -u {urgency}'
    )


def _visit_line(rng: random.Random, purpose: str) -> str:
    day = rng.randint(27, 30)
    return (
        f'visit add 市国资委 --arrive "{YEAR}-11-{day} 09:30" --purpose "{purpose}" '
        f'--host 张三 -g "张明:处长" -g "李华:科员"'
    )


def _seal_line(rng: random.Random, title: str) -> str:
    return f'seal use {rng.choice(SEALS)} "{title}" -r 李娜 -a 刘振华 -c {rng.randint(1, 5)}'


# ---- the script ----------------------------------------------------------------------------


def _database(root: Path, db: str | None, url: str | None) -> str:
    if url:
        return url
    path = Path(db).absolute() if db else root / "kill.db"
    if path.exists():
        raise HarnessError(f"{path} exists: the kill loop needs a database of its own")
    return f"sqlite:///{path}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=1000, help="kills wanted (default 1000)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", help="SQLite file to create (default: in a temp dir)")
    where.add_argument("--url", help="an empty PostgreSQL database (SQLAlchemy URL) to fill")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir at the end")
    parser.add_argument("--keep-going", action="store_true", help="do not stop at a failure")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(10**6)

    root = Path(tempfile.mkdtemp(prefix="officedesk-kill-"))
    keep = args.keep
    status = 1  # an unexpected exception: keep the files for a look
    try:
        status = _run(args, root, seed)
    except HarnessError as exc:
        print(f"harness error: {exc}")
        status = 2
    finally:
        if keep or status != 0:
            print(f"kept: {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    print(f"exit status {status}")
    return status


def _run(args: argparse.Namespace, root: Path, seed: int) -> int:
    url = _database(root, args.db, args.url)
    for name, value in harness_environment(root, url).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    backend = url.split(":", 1)[0]
    shown = url.removeprefix("sqlite:///") if backend == "sqlite" else url
    print(
        f"kill loop: {backend} {shown}, seed {seed}, {args.kills} kills wanted, "
        f"load {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    loop = KillLoop(root, url, seed=seed)
    loop.setup()
    print(
        f"child imports {loop.startup:.2f} s; unkilled run times (s): "
        + ", ".join(f"{w} {loop.windows[w]:.2f}" for w in WORKLOADS),
        flush=True,
    )
    index = 0
    while loop.tally.kills < args.kills:
        index += 1
        before = loop.tally.kills
        result = loop.round(index)
        if result.failures and not args.keep_going:
            break
        if loop.tally.kills != before and loop.tally.kills % 50 == 0:
            print(loop.tally.progress(), flush=True)
    loop.close()
    if not loop.tally.failures:
        loop.tally.failures += loop.final_check()
    print("\n".join(["", "Summary", *loop.tally.summary()]))
    print(f"load at the end {os.getloadavg()[0]:.2f}")
    if loop.tally.failures:
        print("\nFIRST FAILURE\n" + loop.tally.failures[0])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
