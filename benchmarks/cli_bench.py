"""Whole-process and in-process benchmark of the officedesk CLI on 100,000 supervision items.

Run:  /work/venv/bin/python benchmarks/cli_bench.py [--runs N] [--items 100000] [--keep DIR]

Why it is built this way (see /work/shared/reference/perf-baselines.md):
- The machine is a noisy 2-vCPU VM: medians of import-heavy processes move ±30–50 % between
  batches. So every command runs in the same rounds (A B C D A B C D …) and each command is also
  reported as the median of its per-round ratio to the floor, which cancels most of the drift.
- The floor is `python -c "import typer, sqlmodel"` on the same interpreter: the CLI cannot start
  faster than its two framework imports, so the goal is stated relative to it (≤ 1.15×).
- The database is built with the real migrations (Store.ensure_schema) and then filled with plain
  sqlite3 executemany in one transaction: 100k rows through the ORM would take ≈10 s.
- ANALYZE is deliberately NOT run: the composite indexes must serve the list query on their own
  (a fresh user database has no sqlite_stat1 either).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

PYTHON = sys.executable
OFFICEDESK = str(Path(PYTHON).with_name("officedesk"))
TODAY = date(2026, 11, 26)
SEED = 20261126
GOAL_RATIO = 1.15
WATCHED_PACKAGES = (
    "textual",
    "pypinyin",
    "alembic",
    "rich",
    "chinese_calendar",
    "sqlalchemy.dialects.postgresql",
    "psycopg",
)

# ---- data generation ----------------------------------------------------------------------

# (name, code, kind, pinyin, initials); the first nine are internal and hold the people.
DEPARTMENTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("办公室", "BGS", "internal", "bangongshi", "bgs"),
    ("综合科", "ZHK", "internal", "zongheke", "zhk"),
    ("财务科", "CWK", "internal", "caiwuke", "cwk"),
    ("人事科", "RSK", "internal", "renshike", "rsk"),
    ("安全科", "AQK", "internal", "anquanke", "aqk"),
    ("信息中心", "XXZX", "internal", "xinxizhongxin", "xxzx"),
    ("法务科", "FWK", "internal", "fawuke", "fwk"),
    ("后勤保障科", "HQBZK", "internal", "houqinbaozhangke", "hqbzk"),
    ("档案室", "DAS", "internal", "danganshi", "das"),
    ("市政府办公厅", "SZFBGT", "superior", "shizhengfubangongting", "szfbgt"),
    ("市财政局", "SCZJ", "external", "shicaizhengju", "sczj"),
    ("市消防支队", "SXFZD", "external", "shixiaofangzhidui", "sxfzd"),
)
INTERNAL_DEPTS = 9
SURNAMES = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("赵", "zhao"), ("黄", "huang"), ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"),
    ("胡", "hu"), ("朱", "zhu"), ("高", "gao"), ("林", "lin"), ("何", "he"), ("郭", "guo"),
    ("马", "ma"), ("罗", "luo"), ("曾", "zeng"), ("单", "shan"),
)  # fmt: skip
GIVEN = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"),
    ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"),
    ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"),
    ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("桂", "gui"), ("英", "ying"), ("华", "hua"),
)  # fmt: skip
JOB_TITLES = ("科员", "副科长", "科长", "副主任", "主任", "干事")
VERBS = ("落实", "督促", "推进", "办理", "报送", "整改", "筹备", "核查", "Follow up:", "Review")
OBJECTS = (
    "安全生产检查", "年度预算执行情况", "信访事项答复", "党组会议纪要事项", "合同审核",
    "印章管理制度", "档案数字化", "network upgrade", "OA 系统上线", "消防演练", "采购计划",
    "人事考核材料", "领导批示件", "市政府督查通知", "节前安全大检查", "quarterly report",
)  # fmt: skip
CATEGORIES = ("", "", "安全", "财务", "人事", "行政", "信息化", "会议")
SOURCES = ("superior", "leadership", "department", "meeting", "incoming")
SOURCE_WEIGHTS = (15, 40, 20, 15, 10)
# state: weight; open ≈ 52 %, done/evaluated ≈ 43 %, cancelled ≈ 5 %
STATE_WEIGHTS = {"assigned": 30, "in_progress": 22, "done": 24, "evaluated": 19, "cancelled": 5}
FIRST_DAY = date(2022, 1, 1)


def sqlite_timestamp(moment: datetime) -> str:
    """The text SQLModel's UTCDateTime leaves in SQLite: naive UTC, microseconds, no offset.

    Checked by creating a row with `officedesk task add` and reading it with sqlite3: the column
    holds "2026-11-26 09:04:23.822516" (the "+00:00" form appears only in the journal's JSON).
    """
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


@dataclass
class BuildReport:
    """What the builder made, for the printed summary and the batch input."""

    seconds: float
    items: int
    people: int
    departments: int
    open_items: int
    overdue_items: int
    counters: dict[int, int]
    size_mib: float


def _departments(rng: random.Random, stamp: str) -> list[tuple[Any, ...]]:
    return [
        (i, name, code, kind, None, "", pinyin, initials, stamp, stamp)
        for i, (name, code, kind, pinyin, initials) in enumerate(DEPARTMENTS, start=1)
    ]


def _people(rng: random.Random, count: int, stamp: str) -> list[tuple[Any, ...]]:
    rows = []
    for person_id in range(1, count + 1):
        surname = rng.choice(SURNAMES)
        given = rng.sample(GIVEN, rng.choice((1, 2)))
        parts = [surname, *given]
        name = "".join(ch for ch, _py in parts)
        pinyin = "".join(py for _ch, py in parts)
        initials = "".join(py[0] for _ch, py in parts)
        phone = f"0571-{rng.randint(81000000, 89999999)}" if rng.random() < 0.7 else ""
        email = f"{pinyin}{person_id}@example.cn" if rng.random() < 0.5 else ""
        rows.append(
            (
                person_id,
                name,
                rng.randint(1, INTERNAL_DEPTS),
                rng.choice(JOB_TITLES),
                phone,
                email,
                pinyin,
                initials,
                stamp,
                stamp,
            )
        )
    return rows


def _task_dates(rng: random.Random, state: str) -> tuple[date, date, date | None]:
    """(assigned_on, due, done_on): open items cluster around today, closed ones span 2022–now."""
    if state in ("assigned", "in_progress"):
        due = TODAY + timedelta(days=rng.randint(-60, 60))
        assigned = min(TODAY, due - timedelta(days=rng.randint(3, 45)))
        return assigned, due, None
    span = (TODAY - FIRST_DAY).days - 7
    assigned = FIRST_DAY + timedelta(days=rng.randint(0, span))
    due = assigned + timedelta(days=rng.randint(3, 60))
    if state == "cancelled":
        return assigned, due, None
    done_on = min(TODAY, assigned + timedelta(days=rng.randint(1, 75)))
    return assigned, due, done_on


def _tasks(
    rng: random.Random, count: int, people: list[tuple[Any, ...]]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], dict[int, int]]:
    """Task rows, one creation log row per task, and the last number used per year."""
    states = rng.choices(list(STATE_WEIGHTS), weights=list(STATE_WEIGHTS.values()), k=count)
    drafts = []
    for state in states:
        assigned, due, done_on = _task_dates(rng, state)
        drafts.append((assigned, rng.random(), state, due, done_on))
    drafts.sort()  # ids and per-year numbers follow the assignment date, as in real use
    seq_by_year: dict[int, int] = defaultdict(int)
    tasks: list[tuple[Any, ...]] = []
    logs: list[tuple[Any, ...]] = []
    for task_id, (assigned, _tie, state, due, done_on) in enumerate(drafts, start=1):
        year = assigned.year
        seq_by_year[year] += 1
        seq = seq_by_year[year]
        source = rng.choices(SOURCES, weights=SOURCE_WEIGHTS)[0]
        if rng.random() < 0.9:
            owner = rng.choice(people)
            owner_id, dept_id = owner[0], owner[2]
        else:
            owner_id, dept_id = None, rng.choice((None, rng.randint(1, len(DEPARTMENTS))))
        created = datetime(assigned.year, assigned.month, assigned.day, 1, tzinfo=UTC)
        created += timedelta(seconds=rng.randint(0, 9 * 3600), microseconds=rng.randint(0, 10**6))
        updated = created
        if done_on is not None:
            updated = datetime(done_on.year, done_on.month, done_on.day, 8, tzinfo=UTC)
        created_at, updated_at = sqlite_timestamp(created), sqlite_timestamp(updated)
        title = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}（{task_id}）"
        detail = (
            "请各相关部门按要求抓紧办理，并于期限前报送办理结果。" if rng.random() < 0.2 else ""
        )
        source_ref = f"政办发〔{year}〕{rng.randint(1, 300)}号" if source == "superior" else ""
        tasks.append(
            (
                task_id,
                f"DB-{year}-{seq:04d}",
                year,
                seq,
                title,
                detail,
                source,
                source_ref,
                rng.choice(CATEGORIES),
                rng.choices((1, 2, 3), weights=(15, 70, 15))[0],
                dept_id,
                owner_id,
                assigned.isoformat(),
                due.isoformat(),
                due.isoformat(),  # original_due = due: no extensions in the seed data
                state,
                1 if state in ("assigned", "in_progress") else 0,
                done_on.isoformat() if done_on else None,
                (1 if done_on <= due else 0) if done_on else None,
                rng.choice((3, 4, 4, 5, 5)) if state == "evaluated" else None,
                "",
                "任务调整，不再办理" if state == "cancelled" else "",
                "seed",
                created_at,
                updated_at,
            )
        )
        logs.append((task_id, task_id, created_at, "seed", "state", "", None, "assigned"))
    return tasks, logs, dict(seq_by_year)


def build_database(path: Path, items: int, people_count: int) -> BuildReport:
    """Schema through the real migrations, rows through one sqlite3 transaction, no ANALYZE."""
    from officedesk.db import Store
    from officedesk.location import sqlite_url

    started = time.perf_counter()
    store = Store(sqlite_url(path))
    store.ensure_schema()
    store.dispose()

    rng = random.Random(SEED)
    stamp = sqlite_timestamp(datetime(2021, 12, 1, 1, tzinfo=UTC))
    departments = _departments(rng, stamp)
    people = _people(rng, people_count, stamp)
    tasks, logs, counters = _tasks(rng, items, people)

    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("BEGIN IMMEDIATE")
        con.executemany(
            "INSERT INTO department (id, name, code, kind, parent_id, note, pinyin, initials,"
            " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            departments,
        )
        con.executemany(
            "INSERT INTO person (id, name, dept_id, title, phone, email, pinyin, initials,"
            " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            people,
        )
        con.executemany(
            "INSERT INTO task (id, code, year, seq, title, detail, source, source_ref, category,"
            " priority, dept_id, owner_id, assigned_on, due, original_due, state, is_open,"
            " done_on, on_time, eval_score, eval_comment, cancel_reason, created_by, created_at,"
            " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            tasks,
        )
        con.executemany(
            "INSERT INTO task_log (id, task_id, at, author, kind, text, from_state, to_state)"
            " VALUES (?,?,?,?,?,?,?,?)",
            logs,
        )
        con.executemany(
            "INSERT INTO counter (series, year, value) VALUES ('task', ?, ?)",
            sorted(counters.items()),
        )
        con.execute("COMMIT")
        index_for_search(path)
        _check_database(con)
        open_items = con.execute("SELECT count(*) FROM task WHERE is_open = 1").fetchone()[0]
        overdue = con.execute(
            "SELECT count(*) FROM task WHERE is_open = 1 AND due < ?", (TODAY.isoformat(),)
        ).fetchone()[0]
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return BuildReport(
        seconds=time.perf_counter() - started,
        items=len(tasks),
        people=len(people),
        departments=len(departments),
        open_items=open_items,
        overdue_items=overdue,
        counters=counters,
        size_mib=path.stat().st_size / 2**20,
    )


def index_for_search(path: Path) -> None:
    """The rows above bypassed the ORM, so the search index's flush listener never saw them:
    build their search documents in bulk, as any bulk loader must."""
    from officedesk.db import OfficeSession, Store
    from officedesk.location import sqlite_url
    from officedesk.search_index import rebuild_search_index

    store = Store(sqlite_url(path))
    try:
        with OfficeSession(store.engine) as session:
            rebuild_search_index(session)
            session.commit()
    finally:
        store.dispose()


def _check_database(con: sqlite3.Connection) -> None:
    """Fail loudly if the seed data breaks an invariant the services rely on."""
    problems = con.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise SystemExit(f"seed data breaks foreign keys: {problems[:5]}")
    mismatched = con.execute(
        "SELECT count(*) FROM task WHERE is_open != (state IN ('assigned', 'in_progress'))"
    ).fetchone()[0]
    if mismatched:
        raise SystemExit(f"{mismatched} rows have is_open out of step with state")
    has_stats = con.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
    ).fetchone()[0]
    if has_stats:
        raise SystemExit("sqlite_stat1 exists: the benchmark must run without ANALYZE")


def batch_lines(count: int, people: int) -> str:
    """`task add` lines as a user would script them: plain, by department name, by owner id."""
    rng = random.Random(SEED + 1)
    dues = ("+5wd", "+3d", "+15d", "2026-12-31", "下周五")
    lines = []
    for i in range(1, count + 1):
        argv = ["task", "add", f"批量导入督办事项 {i}", "--due", rng.choice(dues)]
        if i % 3 == 1:
            argv += ["--dept", DEPARTMENTS[rng.randrange(INTERNAL_DEPTS)][0]]
        elif i % 3 == 2:
            argv += ["--owner", f"#{rng.randint(1, people)}"]
        if i % 10 == 0:
            argv += ["--priority", "urgent", "--source", "superior"]
        lines.append(shlex.join(argv))
    return "\n".join(lines) + "\n"


# ---- whole-process timing -----------------------------------------------------------------


@dataclass
class Command:
    """One command line to time; stdin_path feeds `batch`."""

    label: str
    argv: list[str]
    stdin_path: str | None = None
    every_round: bool = True


@dataclass
class Samples:
    """One command's timings: wall seconds, peak RSS (KiB) and per-round ratios to the floor."""

    wall: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)


def run_timer(
    commands: Sequence[Command],
    floor: Command,
    env: dict[str, str],
    *,
    runs: int,
    batch_runs: int,
    warmups: int,
    err_path: Path,
) -> tuple[dict[str, Samples], int]:
    """Hand the rounds to proc_timer.py under `python -S` (see its docstring for why).

    Returns the samples per label and the timer's own peak RSS, the floor of every child's.
    """
    plan = {
        "commands": [asdict(c) for c in commands],
        "floor": floor.label,
        "env": env,
        "runs": runs,
        "batch_runs": batch_runs,
        "warmups": warmups,
        "err_path": str(err_path),
    }
    out = subprocess.run(
        [PYTHON, "-S", str(Path(__file__).with_name("proc_timer.py"))],
        input=json.dumps(plan),
        stdout=subprocess.PIPE,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"proc_timer.py failed with status {out.returncode}")
    data = json.loads(out.stdout)
    samples = {label: Samples(**values) for label, values in data["samples"].items()}
    return samples, data["timer_hwm_kib"]


def verify_commands(
    env: dict[str, str], list_cmd: Command, batch_cmd: Command, lines: int
) -> list[str]:
    """Run list and batch once with output captured: a benchmark of a failing command is void."""
    notes = []
    out = subprocess.run(list_cmd.argv, env=env, capture_output=True, text=True, check=True)
    listed = json.loads(out.stdout)
    if not listed or not all(item["overdue"] for item in listed):
        raise SystemExit(f"task list --overdue returned unexpected data: {out.stdout[:300]}")
    dues = [item["due"] for item in listed]
    if dues != sorted(dues):
        raise SystemExit("task list --overdue is not ordered by due date")
    notes.append(f"list check: {len(listed)} overdue items, due {dues[0]} … {dues[-1]}")
    assert batch_cmd.stdin_path is not None
    with open(batch_cmd.stdin_path, "rb") as stdin:
        out = subprocess.run(batch_cmd.argv, env=env, stdin=stdin, capture_output=True, check=True)
    results = [json.loads(line) for line in out.stdout.decode().splitlines()]
    failed = [r for r in results if not r["ok"]]
    if len(results) != lines or failed:
        raise SystemExit(f"batch check failed: {len(results)} results, failures {failed[:3]}")
    codes = [r["result"]["code"] for r in results]
    notes.append(f"batch check: {lines} lines ok, codes {codes[0]} … {codes[-1]}")
    return notes


# ---- in-process timings -------------------------------------------------------------------


def timed(func: Callable[[], object], repeat: int) -> list[float]:
    """Seconds per call of func, repeat times."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        samples.append(time.perf_counter() - started)
    return samples


@dataclass
class QueryReport:
    first_call_ms: float
    orm_ms: list[float]
    orm_with_session_ms: list[float]
    raw_sql_ms: list[float]
    sql: str
    params: tuple[Any, ...]
    plan: list[str]


def inprocess_queries(db_path: Path, repeat: int = 50) -> QueryReport:
    """The service call the CLI makes, warm, and the SQL it sends (captured, not hand-written)."""
    from sqlalchemy import event

    from officedesk.context import build_context
    from officedesk.services.task import TaskFilter, list_tasks

    ctx = build_context(db=str(db_path), lang="en")
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        captured.append((statement, parameters))

    event.listen(ctx.store.engine, "before_cursor_execute", capture)
    flt = TaskFilter(overdue=True)
    try:
        with ctx.read() as session:
            started = time.perf_counter()
            page = list_tasks(session, flt, limit=50)
            first_call = time.perf_counter() - started
        assert len(page.items) == 50, len(page.items)
        event.remove(ctx.store.engine, "before_cursor_execute", capture)

        orm: list[float] = []
        for _ in range(repeat):
            with ctx.read() as session:
                orm += timed(lambda s=session: list_tasks(s, flt, limit=50), 1)

        def with_session() -> None:
            with ctx.read() as session:
                list_tasks(session, flt, limit=50)

        orm_session = timed(with_session, repeat)
    finally:
        ctx.close()

    selects = [(s, p) for s, p in captured if "FROM task" in s and "LIMIT" in s]
    if len(selects) != 1:
        raise SystemExit(f"expected one list SELECT, captured {len(selects)}: {captured}")
    sql, params = selects[0]
    params = tuple(params)
    con = sqlite3.connect(db_path)
    try:
        plan = [row[3] for row in con.execute("EXPLAIN QUERY PLAN " + sql, params)]
        raw = timed(lambda: con.execute(sql, params).fetchall(), repeat)
    finally:
        con.close()
    return QueryReport(
        first_call_ms=first_call * 1e3,
        orm_ms=[s * 1e3 for s in orm],
        orm_with_session_ms=[s * 1e3 for s in orm_session],
        raw_sql_ms=[s * 1e3 for s in raw],
        sql=sql,
        params=params,
        plan=plan,
    )


# ---- import analysis ----------------------------------------------------------------------

_IMPORTTIME = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)\s*$")


@dataclass(frozen=True)
class ImportEntry:
    name: str
    depth: int
    self_us: int
    cumulative_us: int


def parse_importtime(stderr: str) -> list[ImportEntry]:
    entries = []
    for line in stderr.splitlines():
        match = _IMPORTTIME.match(line)
        if match:
            self_us, cum_us, indent, name = match.groups()
            entries.append(ImportEntry(name, (len(indent) - 1) // 2, int(self_us), int(cum_us)))
    return entries


def importtime_run(argv: list[str], env: dict[str, str]) -> list[ImportEntry]:
    out = subprocess.run(
        [PYTHON, "-X", "importtime", *argv], env=env, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"-X importtime {argv} failed:\n{out.stderr[-2000:]}")
    return parse_importtime(out.stderr)


@dataclass
class ImportProfile:
    """Median over a few -X importtime runs of one command line."""

    label: str
    modules: int
    total_ms: float  # sum of depth-0 cumulative times: all import work in the process
    cumulative_ms: dict[tuple[str, int], float]
    self_by_package_ms: dict[str, float]
    self_by_module_ms: dict[str, float]


def import_profile(label: str, argv: list[str], env: dict[str, str], runs: int) -> ImportProfile:
    all_runs = [importtime_run(argv, env) for _ in range(runs)]
    cumulative: dict[tuple[str, int], list[float]] = defaultdict(list)
    by_package: dict[str, list[float]] = defaultdict(list)
    by_module: dict[str, list[float]] = defaultdict(list)
    for entries in all_runs:
        per_package: dict[str, float] = defaultdict(float)
        for e in entries:
            cumulative[(e.name, e.depth)].append(e.cumulative_us / 1e3)
            by_module[e.name].append(e.self_us / 1e3)
            per_package[e.name.split(".")[0]] += e.self_us / 1e3
        for package, ms in per_package.items():
            by_package[package].append(ms)
    last = all_runs[-1]
    return ImportProfile(
        label=label,
        modules=len(last),
        total_ms=statistics.median(
            sum(e.cumulative_us for e in entries if e.depth == 0) / 1e3 for entries in all_runs
        ),
        cumulative_ms={key: statistics.median(v) for key, v in cumulative.items()},
        self_by_package_ms={key: statistics.median(v) for key, v in by_package.items()},
        self_by_module_ms={key: statistics.median(v) for key, v in by_module.items()},
    )


BEYOND_FLOOR_SCRIPT = """
import importlib, json, sys, time
t0 = time.perf_counter()
import typer, sqlmodel  # exactly the floor's imports
t1 = time.perf_counter()
result_path, preload_path, *args = sys.argv[1:]
if preload_path:
    for name in open(preload_path, encoding="utf-8").read().split():
        try:
            importlib.import_module(name)
        except Exception:
            pass
t2 = time.perf_counter()
from officedesk.cli.main import run
status = 0
try:
    run(args)
except SystemExit as exc:
    status = exc.code
t3 = time.perf_counter()
sys.stdout.flush()
with open(result_path, "w", encoding="utf-8") as out:
    json.dump({"floor_imports": t1 - t0, "cli": t3 - t2, "status": status,
               "modules": sorted(sys.modules)}, out)
"""


@dataclass
class BeyondFloor:
    """Medians (ms) of what one CLI process does after the floor's own imports are done."""

    floor_imports_ms: float
    cold_ms: float  # officedesk.cli.main.run() with only typer + sqlmodel already imported
    warm_ms: float  # the same with every module it needs already imported: non-import work
    extra_modules: int
    modules: frozenset[str]  # sys.modules at the end of a cold run


def is_loaded(modules: frozenset[str], package: str) -> bool:
    return any(m == package or m.startswith(package + ".") for m in modules)


def beyond_floor(argv: list[str], env: dict[str, str], runs: int, scratch: Path) -> BeyondFloor:
    """Split the CLI's cost beyond the floor into further imports and actual work.

    The child imports typer and sqlmodel first (the floor), then calls the real entry point
    officedesk.cli.main.run(argv). Cold: nothing else preloaded, so the measured part is all the
    CLI adds to the floor. Warm: every module a cold run ended with is imported before the clock
    starts, leaving engine set-up, Typer parsing, the query, validation and output. Cold and warm
    runs alternate so drift hits both.
    """
    result_path, preload_path = scratch / "beyond.json", scratch / "preload.txt"

    def once(preload: str) -> dict[str, Any]:
        subprocess.run(
            [PYTHON, "-c", BEYOND_FLOOR_SCRIPT, str(result_path), preload, *argv],
            env=env,
            stdout=subprocess.DEVNULL,
            check=True,
        )
        data = json.loads(result_path.read_text(encoding="utf-8"))
        if data["status"] not in (0, None):
            raise SystemExit(f"{argv} exited {data['status']} in the beyond-floor child")
        return data

    first = once("")
    floor_modules = set(
        subprocess.run(
            [PYTHON, "-c", "import sys, typer, sqlmodel; print(*sorted(sys.modules))"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
    needed = [m for m in first["modules"] if m != "__main__"]
    preload_path.write_text("\n".join(needed), encoding="utf-8")
    cold: list[dict[str, Any]] = []
    warm: list[dict[str, Any]] = []
    for _ in range(runs):
        cold.append(once(""))
        warm.append(once(str(preload_path)))
    return BeyondFloor(
        floor_imports_ms=statistics.median(d["floor_imports"] for d in cold) * 1e3,
        cold_ms=statistics.median(d["cli"] for d in cold) * 1e3,
        warm_ms=statistics.median(d["cli"] for d in warm) * 1e3,
        extra_modules=len(set(needed) - floor_modules),
        modules=frozenset(needed),
    )


# ---- printing -----------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.0f} ms"


def spread(values: Sequence[float], scale: float = 1e3, digits: int = 0) -> str:
    """median [min–max] of values × scale."""
    low, mid, high = (
        f"{v * scale:,.{digits}f}" for v in (min(values), statistics.median(values), max(values))
    )
    return f"{mid} [{low}–{high}]"


def pad(text: str, width: int) -> str:
    """Left-align text in a terminal column; CJK characters take two cells."""
    cells = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - cells)


def print_table(
    commands: Sequence[Command], floor: Command, results: dict[str, Samples], timer_rss: int
) -> None:
    floor_median = statistics.median(results[floor.label].wall)
    header = (
        f"{pad('command', 42)} {'n':>3} {'median [min–max] ms':>24} {'÷floor':>7}"
        f" {'paired':>7} {'peak RSS':>9}"
    )
    print(header)
    print("-" * len(header))
    for cmd in commands:
        s = results[cmd.label]
        median = statistics.median(s.wall)
        cell = f"{median * 1e3:,.0f} [{min(s.wall) * 1e3:,.0f}–{max(s.wall) * 1e3:,.0f}]"
        paired = statistics.median(s.ratios)
        rss = statistics.median(s.rss_kib) / 1024
        print(
            f"{pad(cmd.label, 42)} {len(s.wall):>3} {cell:>24} {median / floor_median:>6.2f}×"
            f" {paired:>6.2f}× {rss:>5.1f} MiB"
        )
    print("÷floor = median ÷ floor median; paired = median of per-round (command ÷ floor) ratios")
    print(
        f"peak RSS = the child's ru_maxrss from os.wait4 (median); it cannot read below the"
        f" timer's own peak, {timer_rss / 1024:.1f} MiB, which a child inherits at fork"
    )


def print_goals(results: dict[str, Samples], floor: Command, labels: dict[str, str]) -> None:
    floor_median = statistics.median(results[floor.label].wall)
    print(f"\nGoal: `task list` and `task add` within {GOAL_RATIO:.2f}× of the floor.")
    for key, label in labels.items():
        s = results[label]
        ratio = statistics.median(s.wall) / floor_median
        paired = statistics.median(s.ratios)
        verdict = "MET" if paired <= GOAL_RATIO else "NOT MET"
        print(f"  {key:<5} paired {paired:.2f}× (medians {ratio:.2f}×) → {verdict}")


def print_batch_comparison(add: Samples, batch: Samples, lines: int) -> None:
    single = statistics.median(add.wall)
    estimate = lines * single
    measured = statistics.median(batch.wall)
    print(
        f"\n{lines:,} separate `task add` processes (estimated {lines:,} × {ms(single)}):"
        f" {estimate:,.1f} s"
    )
    print(
        f"one `batch` process with {lines:,} lines (measured): {measured:,.2f} s"
        f"  → batch is {estimate / measured:,.1f}× faster;"
        f" {measured / lines * 1e3:.2f} ms per line in batch"
    )


def print_queries(report: QueryReport) -> None:
    print("\n== In-process: `list_tasks(TaskFilter(overdue=True), limit=50)`, warm ==")
    print(
        f"first call in the process (mapper configure, SQL compile): {report.first_call_ms:.1f} ms"
    )
    n = len(report.orm_ms)
    rows = (
        (f"list_tasks call alone (fresh ctx.read() each time), median of {n}", report.orm_ms, 2),
        ("including opening and closing ctx.read()", report.orm_with_session_ms, 2),
        ("the same SQL through plain sqlite3 (51 rows), no ORM", report.raw_sql_ms, 3),
    )
    for label, values, digits in rows:
        print(f"{label:<62} {spread(values, 1, digits)} ms")
    print("SQL as SQLAlchemy sent it (captured with a before_cursor_execute listener):")
    print("  " + " ".join(report.sql.split()))
    print(f"  params: {report.params}")
    print("EXPLAIN QUERY PLAN:")
    for row in report.plan:
        print(f"  {row}")
    uses_index = any("ix_task_open_due" in row for row in report.plan)
    temp_btree = any("TEMP B-TREE" in row for row in report.plan)
    verdict = "OK" if uses_index and not temp_btree else "PROBLEM"
    print(
        f"  → uses ix_task_open_due: {'yes' if uses_index else 'NO'};"
        f" temp b-tree: {'YES' if temp_btree else 'no'} → {verdict}"
    )


def print_imports(
    cli_main_ms: list[float], floor: ImportProfile, profiles: Sequence[ImportProfile], top: int
) -> None:
    print(
        "\n== Imports (python -X importtime; its own overhead inflates these, read as weights) =="
    )
    print(
        "Modules loaded through importlib.import_module (the lazy loaders in officedesk.models and"
        " officedesk.cli.lazy)\nare not listed by -X importtime: their time is in the self time"
        " of the module that asked for them\n(officedesk.services.task includes the Task,"
        " Department and Person table classes)."
    )
    print(
        "`import officedesk.cli.main` cumulative, median of"
        f" {len(cli_main_ms)}: {spread(cli_main_ms, 1, 0)} ms"
    )
    for profile in profiles:
        print(
            f"\n-- {profile.label}: {profile.modules} modules,"
            f" all imports {profile.total_ms:,.0f} ms (median of runs) --"
        )
        print(f"{top} largest cumulative entries, one per module (indent = nesting depth):")
        outermost: dict[str, tuple[float, int]] = {}
        for (name, depth), value in profile.cumulative_ms.items():
            if value > outermost.get(name, (-1.0, 0))[0]:
                outermost[name] = (value, depth)
        biggest = sorted(outermost.items(), key=lambda kv: -kv[1][0])[:top]
        for name, (value, depth) in biggest:
            print(f"  {value:8.1f} ms  {'  ' * depth}{name}")
        print("self time by top-level package (non-overlapping):")
        packages = sorted(profile.self_by_package_ms.items(), key=lambda kv: -kv[1])[:10]
        print("  " + ", ".join(f"{name} {value:.0f}" for name, value in packages) + " (ms)")
        extra = {
            name: value
            for name, value in profile.self_by_module_ms.items()
            if name not in floor.self_by_module_ms
        }
        print(
            f"beyond the floor ({floor.label}: {floor.modules} modules): {len(extra)} more"
            f" modules, self time {sum(extra.values()):,.0f} ms; largest:"
        )
        largest = sorted(extra.items(), key=lambda kv: -kv[1])[:10]
        print("  " + ", ".join(f"{name} {value:.1f}" for name, value in largest) + " (ms)")


# ---- main ---------------------------------------------------------------------------------


def print_load(when: str) -> None:
    """Other processes on a 2-vCPU VM skew every figure; say so instead of hiding it."""
    one, five, _fifteen = os.getloadavg()
    cpus = os.cpu_count() or 1
    warning = "  ← busy machine: figures unreliable, rerun when idle" if one > 0.5 * cpus else ""
    print(f"load average {when}: {one:.2f} (1 min), {five:.2f} (5 min) on {cpus} CPUs{warning}")


def child_env(home: Path) -> dict[str, str]:
    """A pinned day and language, config/data dirs nobody else uses, and cached bytecode.

    Bytecode: with PYTHONDONTWRITEBYTECODE=1 inherited (as on the dev VM), any officedesk module
    edited since its .pyc was written is compiled from source on every run, while typer and
    sqlmodel load installed .pyc files; that would charge the CLI for compiling. An installed
    officedesk has .pyc files, so the children write and read bytecode in a private
    PYTHONPYCACHEPREFIX (outside the source tree); the warm-up runs fill it.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("OFFICEDESK_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        OFFICEDESK_TODAY=TODAY.isoformat(),
        OFFICEDESK_LANG="en",
        OFFICEDESK_OPERATOR="bench",
        XDG_DATA_HOME=str(home / "xdg-data"),
        XDG_CONFIG_HOME=str(home / "xdg-config"),
        PYTHONPYCACHEPREFIX=str(home / "pycache"),
    )
    return env


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed rounds (default 15)")
    parser.add_argument("--batch-runs", type=int, default=4, help="timed batch runs (default 4)")
    parser.add_argument("--batch-lines", type=int, default=1000, help="lines per batch run")
    parser.add_argument("--items", type=int, default=100_000, help="tasks in the database")
    parser.add_argument("--people", type=int, default=1000, help="people in the database")
    parser.add_argument("--keep", type=Path, help="build and keep the databases in this directory")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Set up a private environment (pinned day, empty config dirs), run, clean up."""
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="officedesk-bench-"))
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    data_dir = args.keep.resolve() if args.keep else workdir
    env = child_env(workdir)
    os.environ.update({k: env[k] for k in env if k.startswith(("OFFICEDESK_", "XDG_"))})
    try:
        run_benchmark(args, data_dir, env)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run_benchmark(args: argparse.Namespace, data_dir: Path, env: dict[str, str]) -> None:
    db = data_dir / "bench.db"
    for stale in data_dir.glob("bench*.db*"):
        stale.unlink()
    print(f"officedesk CLI benchmark — python {sys.version.split()[0]} at {PYTHON}")
    print(f"today pinned to {TODAY}, lang en, data in {data_dir}")
    print(f"children: bytecode cached in {env['PYTHONPYCACHEPREFIX']} (see child_env)")
    print_load("at the start")
    print()

    report = build_database(db, args.items, args.people)
    counters = ", ".join(f"{y}:{v}" for y, v in sorted(report.counters.items()))
    print(
        f"== Built {report.items:,} tasks, {report.people:,} people, {report.departments}"
        f" departments in {report.seconds:.2f} s ({report.size_mib:.1f} MiB, no ANALYZE) =="
    )
    print(
        f"open {report.open_items:,}, open and overdue {report.overdue_items:,};"
        f" counters task/{counters}"
    )
    # Writers get their own copies so the list always reads the same 100k rows; the copies grow
    # by one row per `task add` run and by batch_lines rows per batch run.
    add_db, batch_db = data_dir / "bench_add.db", data_dir / "bench_batch.db"
    shutil.copyfile(db, add_db)
    shutil.copyfile(db, batch_db)
    batch_input = data_dir / "batch_input.txt"
    batch_input.write_text(batch_lines(args.batch_lines, args.people), encoding="utf-8")

    cli = [OFFICEDESK]
    interpreter = Command("python -c pass (interpreter only)", [PYTHON, "-c", "pass"])
    floor = Command(
        "floor: python -c 'import typer, sqlmodel'", [PYTHON, "-c", "import typer, sqlmodel"]
    )
    # Not the floor, a hint: how much of the floor is interpreter teardown. gc.freeze() moves
    # every object out of the collector's reach, so the collections at shutdown are short.
    floor_frozen = Command(
        "floor + gc.freeze() before exit (info)",
        [PYTHON, "-c", "import typer, sqlmodel, gc; gc.freeze()"],
    )
    list_cmd = Command(
        "task list --overdue --json --limit 50",
        [*cli, "--db", str(db), "task", "list", "--overdue", "--json", "--limit", "50"],
    )
    add_cmd = Command(
        'task add "基准测试 add" --due +5wd',
        [*cli, "--db", str(add_db), "task", "add", "基准测试 add", "--due", "+5wd"],
    )
    batch_cmd = Command(
        f"batch ({args.batch_lines:,} task add lines on stdin)",
        [*cli, "--db", str(batch_db), "batch"],
        stdin_path=str(batch_input),
        every_round=False,
    )
    commands = [interpreter, floor, floor_frozen, list_cmd, add_cmd, batch_cmd]

    for note in verify_commands(env, list_cmd, batch_cmd, args.batch_lines):
        print(note)

    queries = inprocess_queries(db)

    print(
        f"\n== Whole process: spawn → exit, {args.runs} interleaved rounds after 2 warm-ups"
        f" (batch: {args.batch_runs} runs, 1 warm-up); stdout → /dev/null =="
    )
    print_load("before timing")
    results, timer_rss = run_timer(
        commands,
        floor,
        env,
        runs=args.runs,
        batch_runs=args.batch_runs,
        warmups=2,
        err_path=data_dir / "child_stderr.txt",
    )
    print_table(commands, floor, results, timer_rss)
    print(
        "writers use copies: bench_add.db grows by 1 row per add run,"
        f" bench_batch.db by {args.batch_lines:,} rows per batch run"
    )
    print_goals(results, floor, {"list": list_cmd.label, "add": add_cmd.label})
    print_batch_comparison(results[add_cmd.label], results[batch_cmd.label], args.batch_lines)

    print_queries(queries)

    cli_main = [
        e.cumulative_us / 1e3
        for _ in range(5)
        for e in importtime_run(["-c", "import officedesk.cli.main"], env)
        if e.name == "officedesk.cli.main"
    ]
    profiles = [
        import_profile("task list --overdue --json --limit 50", [*list_cmd.argv], env, runs=3),
        import_profile('task add "基准测试 add" --due +5wd', [*add_cmd.argv], env, runs=3),
    ]
    floor_profile = import_profile(
        "import typer, sqlmodel", ["-c", "import typer, sqlmodel"], env, 3
    )
    print_imports(cli_main, floor_profile, profiles, top=15)

    print("\n== Beyond the floor, inside one CLI process (medians of 5 cold/warm pairs, ms) ==")
    print(
        "cold = officedesk.cli.main.run(argv) after `import typer, sqlmodel`;"
        " warm = the same with every module it needs preloaded"
    )
    for label, argv in (("task list", list_cmd.argv[1:]), ("task add", add_cmd.argv[1:])):
        split = beyond_floor(argv, env, runs=5, scratch=data_dir)
        print(
            f"  {label:<10} floor imports {split.floor_imports_ms:,.0f} | beyond the floor:"
            f" {split.cold_ms:,.0f} = further imports ≈{split.cold_ms - split.warm_ms:,.0f}"
            f" ({split.extra_modules} modules) + work {split.warm_ms:,.0f}"
        )
        flags = ", ".join(
            f"{p}={'yes' if is_loaded(split.modules, p) else 'no'}" for p in WATCHED_PACKAGES
        )
        print(f"  {'':<10} loaded (sys.modules at exit): {flags}")
    print_load("at the end")


if __name__ == "__main__":
    main()
