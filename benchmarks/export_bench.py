"""`officedesk export` on a scale database: time and peak memory per format, against `sqlite3 -csv`.

Run:  .venv/bin/python benchmarks/export_bench.py [--tasks 100000] [--incoming 100000]
          [--uses 10000] [--runs 3] [--xlsx-runs N] [--formats csv,jsonl,ics,xlsx]
          [--cases 3,all] [--log-rows N] [--db SCALE.db] [--keep DIR]

The scale database is the demo office (built once by `officedesk --demo`) with its supervision
items (and their log entries), incoming documents and seal uses copied in SQL up to the sizes
asked for. Each format is exported by a fresh process (`run_export`, every register), timed from
spawn to exit, with its CPU time (user + system, steadier than wall time on a shared machine)
and its peak memory (the child's max RSS); every figure is the median of `--runs` runs. The
baseline is `sqlite3 -csv` writing every column of the same tables, or, where the sqlite3 CLI
is missing, Python's sqlite3 module with csv.writer (the output says which); with the CLI the
Python floor is printed too, since no Python export can beat it. The load average is printed
at the start and the end. `--log-rows N` adds an xlsx export of the supervision register with
its log grown to N rows (`--log-rows 1000000` for the issue's 1,000,000-row memory check).
`--db` reuses a scale database built before (copied, never changed).
"""

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFICEDESK = Path(sys.executable).with_name("officedesk")
EXPORT = """
import sys
from pathlib import Path
from officedesk.context import build_context
from officedesk.export.run import run_export
ctx = build_context(db=sys.argv[1], lang="zh")
registers = sys.argv[4].split(",") if len(sys.argv) > 4 and sys.argv[4] else None
done = run_export(ctx, Path(sys.argv[2]), formats=sys.argv[3].split(","), registers=registers,
                  include_secret=True, force=True)
print(sum(done.rows.values()))
"""
TABLES = ("task", "task_log", "incoming", "seal_use")


def build(workdir: Path, tasks: int, incoming: int, uses: int) -> Path:
    """The demo office, grown in SQL to the sizes asked for."""
    env = {**os.environ, "XDG_DATA_HOME": str(workdir / "xdg"), "OFFICEDESK_LANG": "zh"}
    env.pop("OFFICEDESK_DATABASE_URL", None)
    env.pop("OFFICEDESK_DB", None)
    subprocess.run([str(OFFICEDESK), "--demo", "today"], env=env, check=True, capture_output=True)
    demo = next((workdir / "xdg").rglob("demo.db"))
    path = workdir / "scale.db"
    shutil.copyfile(demo, path)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("BEGIN IMMEDIATE")
    _grow(con, "task", tasks, "DB", logs=True)
    _grow(con, "incoming", incoming, "SW", clear=("task_id",))
    _grow_uses(con, uses)
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in con.execute(f"PRAGMA table_info({table})")]


def _grow(
    con: sqlite3.Connection,
    table: str,
    target: int,
    prefix: str,
    *,
    logs: bool = False,
    clear: tuple[str, ...] = (),
) -> None:
    """Copies of the table's rows (round robin) until it holds `target`, with fresh codes."""
    have = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    top = con.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
    templates = [row[0] for row in con.execute(f"SELECT id FROM {table} ORDER BY id")]
    con.execute("DROP TABLE IF EXISTS temp.grow")
    con.execute("CREATE TEMP TABLE grow (new_id INTEGER PRIMARY KEY, template INTEGER)")
    con.executemany(
        "INSERT INTO grow VALUES (?, ?)",
        ((top + n, templates[n % len(templates)]) for n in range(1, target - have + 1)),
    )
    own = {"id": "g.new_id", "code": f"'{prefix}-' || (3000 + g.new_id / 10000) || '-' || "
           "substr('0000' || (g.new_id % 10000), -4)", "year": "3000 + g.new_id / 10000",
           "seq": "g.new_id % 10000", **{name: "NULL" for name in clear}}  # fmt: skip
    columns = _columns(con, table)
    chosen = ", ".join(own.get(name, f"t.{name}") for name in columns)
    con.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {chosen} "
        f"FROM grow g JOIN {table} t ON t.id = g.template"
    )
    if logs:
        log_columns = [name for name in _columns(con, "task_log") if name != "id"]
        chosen = ", ".join("g.new_id" if name == "task_id" else f"l.{name}" for name in log_columns)
        con.execute(
            f"INSERT INTO task_log ({', '.join(log_columns)}) SELECT {chosen} "
            "FROM grow g JOIN task_log l ON l.task_id = g.template ORDER BY g.new_id, l.id"
        )


def _grow_uses(con: sqlite3.Connection, target: int) -> None:
    have, top, seq = con.execute("SELECT count(*), max(id), max(seq) FROM seal_use").fetchone()
    columns = [name for name in _columns(con, "seal_use")]
    own = {
        "id": f"{top} + n",
        "seq": f"{seq} + n",
        "hash": "printf('%064d', n)",
        "corrects_id": "NULL",
    }
    chosen = ", ".join(own.get(name, f"u.{name}") for name in columns)
    con.execute(
        f"WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k "
        f"WHERE n < {target - have}) "
        f"INSERT INTO seal_use ({', '.join(columns)}) SELECT {chosen} FROM k "
        f"JOIN (SELECT id AS template, row_number() OVER (ORDER BY id) - 1 AS at FROM seal_use) r "
        f"ON r.at = k.n % {have} JOIN seal_use u ON u.id = r.template"
    )


def grow_log(path: Path, rows: int) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    have = con.execute("SELECT count(*) FROM task_log").fetchone()[0]
    columns = [name for name in _columns(con, "task_log") if name != "id"]
    con.execute(
        f"WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k "
        f"WHERE n < {rows - have}) "
        f"INSERT INTO task_log ({', '.join(columns)}) "
        f"SELECT {', '.join('l.' + c for c in columns)} "
        f"FROM k JOIN task_log l ON l.id = 1 + (k.n % {have})"
    )
    con.close()


PYTHON_BASELINE = """
import csv, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], "w", newline="", encoding="utf-8") as sink:
    rows = csv.writer(sink)
    for table in sys.argv[3].split(","):
        cursor = con.execute(f"SELECT * FROM {table}")
        rows.writerow([column[0] for column in cursor.description])
        while page := cursor.fetchmany(5000):
            rows.writerows(page)
"""


@dataclass
class Run:
    wall: float  # seconds from spawn to exit
    cpu: float  # the child's user + system seconds: less disturbed by other load than `wall`
    peak: float  # the child's peak RSS, MiB


def timed(argv: list[str], stdout: object = subprocess.DEVNULL) -> Run:
    """One child process: its wall time, CPU time and peak RSS (from wait4)."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE)  # type: ignore[arg-type]
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(
            f"{argv[:4]} failed: {child.stderr.read().decode() if child.stderr else ''}"
        )
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} [{min(values):.2f}–{max(values):.2f}]"


def load() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def baseline(path: Path, workdir: Path, runs: int) -> tuple[str, list[Run]]:
    """`sqlite3 -csv` writing every column of the four tables, or, without the sqlite3 CLI,
    Python's sqlite3 module and csv.writer doing the same (the label says which)."""
    sink_path = workdir / "baseline.csv"
    if shutil.which("sqlite3"):
        query = "; ".join(f"SELECT * FROM {table}" for table in TABLES)
        done = []
        for _ in range(runs):
            with open(sink_path, "wb") as sink:
                done.append(timed(["sqlite3", "-csv", "-header", str(path), query], sink))
        return "sqlite3 -csv", done
    return "python sqlite3+csv", python_baseline(path, sink_path, runs)


def python_baseline(path: Path, sink: Path, runs: int) -> list[Run]:
    argv = [sys.executable, "-c", PYTHON_BASELINE, str(path), str(sink), ",".join(TABLES)]
    return [timed(argv) for _ in range(runs)]


HEADER = (
    f"{'case':<30} {'wall s median [min–max]':<26} {'cpu s median':<13} {'peak RSS MiB':<13} "
    "ratio wall / cpu"
)


def line(label: str, runs: list[Run], base: list[Run]) -> str:
    """A table line: medians of the runs, the largest peak, the ratios of the medians."""
    wall = statistics.median(run.wall for run in runs)
    cpu = statistics.median(run.cpu for run in runs)
    base_wall = statistics.median(run.wall for run in base)
    base_cpu = statistics.median(run.cpu for run in base)
    peak = max(run.peak for run in runs)
    return (
        f"{label:<30} {spread([run.wall for run in runs]):<26} {cpu:<13.2f} {peak:<13.1f} "
        f"{wall / base_wall:.2f} / {cpu / base_cpu:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--incoming", type=int, default=100_000)
    parser.add_argument("--uses", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--xlsx-runs", type=int, help="runs of each xlsx case (default --runs)")
    parser.add_argument("--formats", default="csv,jsonl,ics,xlsx")
    parser.add_argument(
        "--cases", default="3,all", help="3: task,incoming,seal; all: every register"
    )
    parser.add_argument("--log-rows", type=int, default=0)
    parser.add_argument("--db", type=Path, help="a scale database built before (left as it is)")
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="export-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        print(f"start: {load()}, {os.cpu_count()} CPUs", flush=True)
        started = time.perf_counter()
        if args.db:
            path = workdir / "scale.db"
            shutil.copyfile(args.db, path)
        else:
            path = build(workdir, args.tasks, args.incoming, args.uses)
        con = sqlite3.connect(path)
        sizes = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        con.close()
        print(f"database {path} in {time.perf_counter() - started:.1f} s: {sizes}")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"(a child's peak RSS is at least this process's, {own:.1f} MiB)")
        out = workdir / "out"
        label, base = baseline(path, workdir, args.runs)
        print(f"baseline: {label}, every column of {', '.join(TABLES)}; medians of the runs")
        print(HEADER)
        print(line(f"{label} (4 tables)", base, base), flush=True)
        if label == "sqlite3 -csv":  # Python's own floor, for scale
            floor = python_baseline(path, workdir / "floor.csv", args.runs)
            print(line("python sqlite3+csv (4 tables)", floor, base), flush=True)
        cases = {"3": ("task,incoming,seal", "3 registers"), "all": ("", "every register")}
        for fmt in args.formats.split(","):
            runs_of = args.xlsx_runs or args.runs if fmt == "xlsx" else args.runs
            for case in args.cases.split(","):
                registers, what = cases[case]
                argv = [sys.executable, "-c", EXPORT, str(path), str(out), fmt, registers]
                runs = [timed(argv) for _ in range(runs_of)]
                print(line(f"{fmt} ({what})", runs, base), flush=True)
        if args.log_rows:
            grow_log(path, args.log_rows)
            con = sqlite3.connect(path)
            rows = sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES[:2])
            con.close()
            argv = [sys.executable, "-c", EXPORT, str(path), str(out), "xlsx", "task"]
            runs = [timed(argv) for _ in range(args.xlsx_runs or 1)]
            print(line(f"xlsx task ({rows:,} rows)", runs, base), flush=True)
        print(f"end: {load()}")
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
