"""Bulk writes on a database of 100,000 supervision items (issue 11, "Speed of bulk writes"):
`officedesk batch --atomic` of `task add` lines and `officedesk import` of a spreadsheet of new
items, each timed as a whole process (spawn to exit), beside Taskwarrior's figures.

    .venv/bin/python benchmarks/bulk_bench.py [--runs 3] [--items 100000] [--rows 100000]
        [--keep DIR] [--baseline OTHER/src]

Targets (the issue): `batch --atomic` ≤ 1 ms a line; `import` ≤ 180 µs a row (2× Taskwarrior's
88 µs a task: `task import` of 10,000 tasks in 0.88 s), 100,000 rows in ≤ 18 s. Taskwarrior is
not installed here; its figures are those of ../shared/reference/perf-baselines.md (2.6.2).

Each batch run adds its lines to the same database, as an office's scripts would day after
day; each import run starts from a fresh copy (an import of the same uncoded rows twice would
add them twice). With --baseline, each run is paired with the same run of another source tree
(on its own copy of the database) and the ratio this ÷ baseline is printed too. Figures are
medians [min–max]; quote them with the load average printed at the end.
"""

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import cli_bench  # noqa: E402 - the benchmarks' shared database builder

TODAY = "2026-11-26"
TASKWARRIOR_IMPORT_US = 88.0  # a task, `task import` of 10,000 (perf-baselines.md)
TASKWARRIOR_ADD_MS = 54.0  # `task add`, a whole process
# The console script's entry point, run by this interpreter (a baseline tree on PYTHONPATH).
ENTRY = "from officedesk.cli.main import run; run()"
DEPARTMENTS = [name for name, *_rest in cli_bench.DEPARTMENTS[: cli_bench.INTERNAL_DEPTS]]


def child_env(home: Path, tree: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OFFICEDESK_")}
    env.update(
        OFFICEDESK_TODAY=TODAY,
        OFFICEDESK_OPERATOR="bench",
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
    )
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    return env


def officedesk(env: dict[str, str], db: Path, *args: str, stdin: Path | None = None) -> float:
    """One whole process, spawn to exit; its output kept aside and checked."""
    command = [sys.executable, "-c", ENTRY, "--db", str(db), *args]
    with open(stdin or os.devnull, "rb") as source, tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdin=source, stdout=out, stderr=out, env=env)
        _pid, status, _usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            out.seek(0)
            raise SystemExit(f"{' '.join(args)} failed:\n{out.read()[-2000:].decode()}")
    return elapsed


def import_file(path: Path, rows: int) -> None:
    """A spreadsheet of new open items (no codes: the import numbers them), as an office that
    kept its register in a spreadsheet would bring it, in the export's column names."""
    rng = random.Random(20261126)
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["title", "dept", "priority", "source", "assigned_on", "due", "state", "created_at"]
        )
        for n in range(rows):
            dept = rng.choice(DEPARTMENTS)
            writer.writerow(
                [
                    f"迁移督办事项 {n} {dept}",
                    dept,
                    rng.choice(["normal", "urgent", "difficult"]),
                    rng.choice(["leadership", "superior", "meeting"]),
                    "2026-11-20",
                    f"2026-12-{rng.randint(21, 31):02d}",
                    "assigned",
                    "2026-11-20T01:00:00Z",
                ]
            )


def spread(values: list[float], scale: float, unit: str) -> str:
    scaled = [v * scale for v in values]
    return f"{statistics.median(scaled):9.1f} {unit} [{min(scaled):.1f}–{max(scaled):.1f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the import file")
    parser.add_argument("--keep", type=Path, help="build and keep the databases here")
    parser.add_argument("--baseline", type=Path, help="another tree's src, run paired")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp(prefix="officedesk-bulk-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    base = work / "bulk_base.db"
    if not base.exists():
        report = cli_bench.build_database(base, options.items, 1000)
        print(f"built {report.items:,} items in {report.seconds:.1f} s")
    trees = {"this tree": None}
    if options.baseline:
        trees["baseline"] = options.baseline.resolve()
    dbs = {}
    for name, tree in trees.items():
        dbs[name] = work / f"bulk_batch_{name.replace(' ', '_')}.db"
        shutil.copyfile(base, dbs[name])
        # Upgraded once (a newer tree may migrate it) before anything is timed.
        officedesk(child_env(work, tree), dbs[name], "task", "list", "--limit", "1")
    batches = {}
    for lines in (1_000, 10_000):
        batches[lines] = work / f"batch_{lines}.txt"
        batches[lines].write_text(cli_bench.batch_lines(lines, 1000), encoding="utf-8")
    sheet = work / f"import_{options.rows}.csv"
    if not sheet.exists():
        import_file(sheet, options.rows)

    figures: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    for _ in range(options.runs):
        for lines, path in batches.items():
            for name, tree in trees.items():
                took = officedesk(child_env(work, tree), dbs[name], "batch", "--atomic", stdin=path)
                figures[name].setdefault(f"batch --atomic, {lines:,} task add lines", []).append(
                    took / lines
                )
    for _ in range(options.runs):
        for name, tree in trees.items():
            fresh = work / f"bulk_import_{name.replace(' ', '_')}.db"
            shutil.copyfile(dbs[name], fresh)
            took = officedesk(child_env(work, tree), fresh, "import", str(sheet), "-r", "task")
            figures[name].setdefault(f"import, {options.rows:,} new items (csv)", []).append(
                took / options.rows
            )
            fresh.unlink()

    print(f"\n== Bulk writes on {options.items:,} items (whole process, medians [min–max]) ==")
    for name, rows in figures.items():
        print(f"-- {name}")
        for label, values in rows.items():
            if label.startswith("batch"):
                print(f"{label:<48}{spread(values, 1000, 'ms a line')}")
            else:
                total = statistics.median(values) * options.rows
                print(f"{label:<48}{spread(values, 1e6, 'µs a row')}  ({total:.1f} s in all)")
    mine = figures["this tree"]
    batch_line = statistics.median(mine["batch --atomic, 10,000 task add lines"]) * 1000
    import_row = statistics.median(next(v for k, v in mine.items() if k.startswith("import"))) * 1e6
    print("-- targets (issue 11)")
    print(
        f"batch --atomic ≤ 1 ms a line: {batch_line:.2f} ms at 10,000 lines"
        f" ({TASKWARRIOR_ADD_MS / batch_line:.0f}× faster than a Taskwarrior add)"
        f" — {'met' if batch_line <= 1 else 'MISSED'}"
    )
    print(
        f"import ≤ 180 µs a row (2× Taskwarrior's {TASKWARRIOR_IMPORT_US:.0f}): {import_row:.0f} µs"
        f" = {import_row / TASKWARRIOR_IMPORT_US:.1f}× Taskwarrior"
        f" — {'met' if import_row <= 180 else 'MISSED'}"
    )
    if options.baseline:
        print("-- this tree ÷ baseline (median of the paired runs' ratios)")
        for label, values in mine.items():
            ratios = [a / b for a, b in zip(values, figures["baseline"][label], strict=True)]
            print(f"{label:<48}{statistics.median(ratios):9.2f}×")
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    if options.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
