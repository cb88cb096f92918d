"""`officedesk export` on a scale database: time and peak memory per format, against `sqlite3 -csv`.

Run:  .venv/bin/python benchmarks/export_bench.py [--tasks 100000] [--incoming 100000]
          [--uses 10000] [--runs 3] [--log-rows N] [--keep DIR]

The scale database is the demo office (built once by `officedesk --demo`) with its supervision
items (and their log entries), incoming documents and seal uses copied in SQL up to the sizes
asked for. Each format is exported by a fresh process (`run_export`, every register), timed from
spawn to exit, its peak memory the child's max RSS; the baseline is `sqlite3 -csv` writing every
column of the same tables. `--log-rows N` adds an xlsx-only export of the supervision log grown
to N rows (1,000,000 for the constant-memory check).
"""

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
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


def timed(argv: list[str], stdout: object = subprocess.DEVNULL) -> tuple[float, float]:
    """Seconds from spawn to exit, and the child's peak RSS in MiB."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE)  # type: ignore[arg-type]
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(
            f"{argv[:4]} failed: {child.stderr.read().decode() if child.stderr else ''}"
        )
    return seconds, usage.ru_maxrss / 1024


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} [{min(values):.2f}–{max(values):.2f}]"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--incoming", type=int, default=100_000)
    parser.add_argument("--uses", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="csv,jsonl,ics,xlsx")
    parser.add_argument("--log-rows", type=int, default=0)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="export-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        path = build(workdir, args.tasks, args.incoming, args.uses)
        con = sqlite3.connect(path)
        sizes = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        con.close()
        print(f"built {path} in {time.perf_counter() - started:.1f} s: {sizes}")
        out = workdir / "out"
        baseline = []
        with open(workdir / "baseline.csv", "wb") as sink:
            query = "; ".join(f"SELECT * FROM {table}" for table in TABLES)
            for _ in range(args.runs):
                sink.seek(0)
                baseline.append(timed(["sqlite3", "-csv", "-header", str(path), query], sink))
        print(f"{'case':<28} {'seconds median [min–max]':<28} {'peak RSS MiB':<14} ratio")
        base = statistics.median(s for s, _ in baseline)
        print(f"{'sqlite3 -csv (4 tables)':<28} {spread([s for s, _ in baseline]):<28} "
              f"{max(m for _, m in baseline):<14.1f} 1.00")  # fmt: skip
        for fmt in args.formats.split(","):
            for registers, label in (("task,incoming,seal", "3 registers"),
                                     ("", "every register")):  # fmt: skip
                runs = [
                    timed([sys.executable, "-c", EXPORT, str(path), str(out), fmt, registers])
                    for _ in range(args.runs if fmt != "xlsx" else 1)
                ]
                seconds = [s for s, _ in runs]
                ratio = statistics.median(seconds) / base
                peak = max(m for _, m in runs)
                print(f"{f'{fmt} ({label})':<28} {spread(seconds):<28} {peak:<14.1f} {ratio:.2f}")
        if args.log_rows:
            grow_log(path, args.log_rows)
            seconds, peak = timed(
                [sys.executable, "-c", EXPORT, str(path), str(out), "xlsx", "task"]
            )
            print(
                f"xlsx, task + task_log ({args.log_rows:,} log rows): "
                f"{seconds:.1f} s, {peak:.1f} MiB"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
