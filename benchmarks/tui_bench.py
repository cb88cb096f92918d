"""Workbench speed at 100,000 supervision items: time to a painted Today screen, side by side with
an empty Textual app, and moving, paging and filtering in the supervision table.

    /work/venv/bin/python benchmarks/tui_bench.py [--runs 7] [--items 100000] [--keep DIR]
        [--visits-only] [--baseline OTHER/src] [--read-today 3]

The goal (issue 3): Today painted within 2x the time an empty Textual app takes to paint, and
moving through the table staying instant. Figures are medians [min-max]; run on an idle machine.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TODAY = "2026-11-26"

EMPTY_APP = """
import sys, time
t0 = time.perf_counter()
from textual.app import App
from textual.widgets import Footer, Header


class Empty(App):
    first_paint = None

    def compose(self):
        yield Header()
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.painted)

    def painted(self):
        self.first_paint = time.perf_counter()


async def main():
    app = Empty()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    print(app.first_paint - t0)

import asyncio
asyncio.run(main())
"""

OFFICE_APP = """
import sys, time
t0 = time.perf_counter()
import contextlib
from officedesk.context import build_context
from officedesk.app import OfficeDeskApp
from textual.worker import WorkerCancelled


async def main():
    ctx = build_context(db=sys.argv[1], lang="zh")
    app = OfficeDeskApp(ctx, screen=sys.argv[2])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = app.first_paint - t0  # the screen's first frame (its data follows)
        for _ in range(4):  # until the screen's data has arrived and been painted
            for worker in list(app.workers):
                with contextlib.suppress(WorkerCancelled):
                    await worker.wait()
            await pilot.pause()
    print(first, time.perf_counter() - t0)
    ctx.close()

import asyncio
asyncio.run(main())
"""

INTERACT = """
import sys, time, json, statistics, contextlib
from officedesk.context import build_context
from officedesk.app import OfficeDeskApp
from textual.worker import WorkerCancelled


async def settle(app, pilot):
    for _ in range(4):
        for worker in list(app.workers):
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()


async def main():
    ctx = build_context(db=sys.argv[1], lang="zh")
    app = OfficeDeskApp(ctx, screen="handling")
    figures = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one("SupervisionPane")
        table = pane.table
        table.focus()
        samples = []
        for _ in range(200):
            start = time.perf_counter()
            table.action_cursor(1)
            await pilot.pause()
            samples.append(time.perf_counter() - start)
        figures["cursor down: move and repaint"] = samples
        samples = []
        for _ in range(60):
            start = time.perf_counter()
            await pilot.press("down")
            await pilot.pause()
            samples.append(time.perf_counter() - start)
        figures["key down via pilot.press (adds the pilot's own ~80 ms)"] = samples
        samples = []
        for _ in range(40):
            start = time.perf_counter()
            await pilot.press("pagedown")
            await settle(app, pilot)
            samples.append(time.perf_counter() - start)
        figures["page down (new page fetched when needed)"] = samples
        samples = []
        for _ in range(5):
            start = time.perf_counter()
            await pilot.press("end")
            await settle(app, pilot)
            samples.append(time.perf_counter() - start)
            await pilot.press("home")
            await settle(app, pilot)
        figures["end (jump to the last of ~52,000 open items)"] = samples
        bar = pane.query_one("FilterBar")
        samples = []
        for word in ("合同", "安全", "集团", "通知", "检查"):
            start = time.perf_counter()
            pane.filters = {**pane.default_filters(), "text": word}
            pane.reload(reset_cursor=True)
            await settle(app, pilot)
            samples.append(time.perf_counter() - start)
        figures["text filter (count + first page)"] = samples
        samples = []
        for flag in ("overdue", "due_soon", "overdue", "due_soon", "overdue"):
            start = time.perf_counter()
            pane.filters = {**pane.default_filters(), flag: True}
            pane.reload(reset_cursor=True)
            await settle(app, pilot)
            samples.append(time.perf_counter() - start)
        figures["overdue / due-soon filter"] = samples
        samples = []
        for _ in range(5):
            start = time.perf_counter()
            await pilot.press("slash")
            await pilot.press(*"合同")
            await settle(app, pilot)
            samples.append(time.perf_counter() - start)
            await pilot.press("escape")
            await settle(app, pilot)
        figures["search: open, type a 2-character term, results shown"] = samples
    ctx.close()
    print(json.dumps(figures))

import asyncio
asyncio.run(main())
"""


SERVICE_TIMES = """
import sys, time, json, statistics
from officedesk.context import build_context
from officedesk.services.task import TaskFilter, count_tasks, list_tasks

ctx = build_context(db=sys.argv[1], lang="zh")
cases = {
    "open items: count + first page": (TaskFilter(), 0),
    "open items: count + page at offset 52,000 (End)": (TaskFilter(), 51_900),
    "text filter 合同: count + first page": (TaskFilter(text="合同"), 0),
    "overdue: count + first page": (TaskFilter(overdue=True), 0),
    "due soon: count + first page": (TaskFilter(due_soon=True), 0),
}
figures = {}
with ctx.read() as session:
    count_tasks(session, TaskFilter())
    for name, (flt, offset) in cases.items():
        samples = []
        for _ in range(15):
            start = time.perf_counter()
            count_tasks(session, flt)
            list_tasks(session, flt, limit=100, offset=offset)
            samples.append(time.perf_counter() - start)
        figures[name] = samples
print(json.dumps(figures))
"""


# First and second visit of each screen, of the Handling screen's tabs and of the palette, and a
# keypress answered, after the workbench has painted Today and opened the database (issue 10,
# point 6): a first visit used to import, compose, style and render what a second one only shows.
# The screens are built in the background meanwhile: keys pressed on Today while that runs are
# timed too, and the visits start once the workers are done and the user has read Today a while.
VISITS = """
import asyncio, json, sys, time
from textual import events
from officedesk.app import OfficeDeskApp
from officedesk.context import build_context

SCREEN_KEYS = (("2", "advisory"), ("3", "handling"), ("4", "management"),
               ("5", "coordination"), ("1", "today"))


async def timed(pilot, *keys):
    t0 = time.perf_counter()
    await pilot.press(*keys)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return time.perf_counter() - t0


# A down key posted to the app as the terminal driver does, to the app having handled it and
# the screen refreshed after it (pilot.press would also wait for the whole process to go idle,
# which it is not while the screens are built).
async def answered(app):
    t0 = time.perf_counter()
    key = events.Key("down", None)
    key.set_sender(app)
    app.post_message(key)
    handled, repainted = asyncio.Event(), asyncio.Event()
    app.call_later(handled.set)  # queued behind the key
    await handled.wait()
    app.screen.call_after_refresh(repainted.set)
    await repainted.wait()
    return time.perf_counter() - t0


async def main():
    app = OfficeDeskApp(build_context(db=sys.argv[1]), screen="today")
    out = {}
    async with app.run_test(size=(160, 45)) as pilot:
        while app.first_paint is None or not app._db_ready.is_set():
            await pilot.pause(0.05)
        ready = time.perf_counter()
        during = []
        while time.perf_counter() - ready < 3:  # the user moves on Today meanwhile
            during.append(await answered(app))
            await asyncio.sleep(0.1)
        await app.workers.wait_for_complete()
        out["database open → background work done"] = time.perf_counter() - ready
        during.sort()
        out["key (down) on Today answered meanwhile: 90th pct"] = during[len(during) * 9 // 10]
        out["key (down) on Today answered meanwhile: slowest"] = max(during)
        await pilot.pause(float(sys.argv[2]))  # the user reads Today
        for visit in ("first", "second"):
            for key, name in SCREEN_KEYS:
                out[f"{name}: {visit} visit"] = await timed(pilot, key)
        await pilot.press("3")
        await app.workers.wait_for_complete()
        for visit in ("first", "second"):
            rounds = [await timed(pilot, "right_square_bracket") for _ in range(7)]
            out[f"handling tabs (]): {visit} visit, slowest of 7"] = max(rounds)
        for visit in ("first", "second"):
            out[f"palette (ctrl+p): {visit} open"] = await timed(pilot, "ctrl+p")
            await pilot.press("escape")
            await pilot.pause()
        for _ in range(5):
            t0 = time.perf_counter()
            await pilot.press("down")
            out.setdefault("keypress (down) answered", []).append(time.perf_counter() - t0)
            await app.workers.wait_for_complete()
    out["keypress (down) answered"] = sorted(out["keypress (down) answered"])[2]
    print(json.dumps(out))


asyncio.run(main())
"""


def child_env(pycache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OFFICEDESK_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        {
            "OFFICEDESK_TODAY": TODAY,
            "OFFICEDESK_OPERATOR": "bench",
            "PYTHONPYCACHEPREFIX": str(pycache),
            "XDG_DATA_HOME": str(pycache / "data"),
            "XDG_CONFIG_HOME": str(pycache / "config"),
        }
    )
    return env


def run(script: str, args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Whole process (spawn to exit) and what the child printed (its last line)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, check=True
    )
    return time.perf_counter() - start, done.stdout.strip().splitlines()[-1]


def spread(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"{statistics.median(ms):8.1f} [{min(ms):.1f}–{max(ms):.1f}] ms"


def visit_section(db: Path, env: dict[str, str], options: argparse.Namespace) -> None:
    """First and second visits; with --baseline, the same rounds alternately against another
    source tree (on its own copy of the database: a newer tree may migrate it), and the
    paired ratios this tree ÷ baseline."""
    trees = {"this tree": env}
    if options.baseline:
        base_db = db.with_name("tui_bench_baseline.db")
        if not base_db.exists():
            shutil.copyfile(db, base_db)
        base_env = {**env, "PYTHONPATH": str(options.baseline.resolve())}
        base_env["PYTHONPYCACHEPREFIX"] += "-baseline"
        trees["baseline"] = base_env
    dbs = {"this tree": db, "baseline": db.with_name("tui_bench_baseline.db")}
    visits: dict[str, dict[str, list[float]]] = {tree: {} for tree in trees}
    for _ in range(max(3, options.runs // 2)):
        for tree, tree_env in trees.items():  # paired: each round runs both, one after the other
            _, out = run(VISITS, [str(dbs[tree]), str(options.read_today)], tree_env)
            for name, value in json.loads(out).items():
                visits[tree].setdefault(name, []).append(value)
    print("\n== Screens after Today is painted and the database open (in-process, pilot, 160×45;")
    print("   each visit waits for its workers) ==")
    for tree, figures in visits.items():
        if len(trees) > 1:
            print(f"-- {tree}")
        for name, values in figures.items():
            print(f"{name:58} {spread(values)}")
    if len(trees) > 1:
        print("-- paired ratio, this tree ÷ baseline (median of the rounds' ratios)")
        for name, values in visits["this tree"].items():
            base = visits["baseline"].get(name)
            if base:
                ratios = [mine / theirs for mine, theirs in zip(values, base, strict=True)]
                print(f"{name:58} {statistics.median(ratios):8.2f}×")
    first_second = [
        (name.split(":")[0], name, name.replace("first", "second"))
        for name in visits["this tree"]
        if "first" in name
    ]
    print("-- this tree: first ÷ second visit (median of the rounds' ratios)")
    for label, first, second in first_second:
        ratios = [
            a / b
            for a, b in zip(visits["this tree"][first], visits["this tree"][second], strict=True)
        ]
        print(f"{label:58} {statistics.median(ratios):8.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--keep", type=Path)
    parser.add_argument(
        "--visits-only", action="store_true", help="only the first and second visits"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a source tree (its src/ directory) to time the visits against, round by round",
    )
    parser.add_argument(
        "--read-today",
        type=float,
        default=3.0,
        help="seconds the user reads Today before the first visit (default 3)",
    )
    options = parser.parse_args()

    from cli_bench import build_database

    workdir = options.keep or Path(tempfile.mkdtemp(prefix="officedesk-tui-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = child_env(workdir / "pycache")
    db = workdir / "tui_bench.db"
    if not db.exists():
        os.environ["OFFICEDESK_TODAY"] = TODAY
        report = build_database(db, options.items, 1_000)
        print(f"built {report.items:,} items in {report.seconds:.1f} s ({report.size_mib:.0f} MiB)")
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    if options.visits_only:
        run(VISITS, [str(db), "0"], env)  # the bytecode cache
        visit_section(db, env, options)
        print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        return

    for _ in range(2):  # warm the page cache and the bytecode cache
        run(EMPTY_APP, [], env)
        run(OFFICE_APP, [str(db), "today"], env)

    names = (
        "empty Textual app (Header, Footer): first paint",
        "officedesk Today: first paint (header, frame)",
        "officedesk Today: painted with its data",
        "officedesk Handling: table painted with rows",
    )
    samples: dict[str, list[float]] = {name: [] for name in names}
    first_ratios, data_ratios = [], []
    for _ in range(options.runs):  # interleaved, so drift hits all alike
        _wall, empty = run(EMPTY_APP, [], env)
        _wall, today = run(OFFICE_APP, [str(db), "today"], env)
        _wall, handling = run(OFFICE_APP, [str(db), "handling"], env)
        today_first, today_data = (float(x) for x in today.split())
        samples[names[0]].append(float(empty))
        samples[names[1]].append(today_first)
        samples[names[2]].append(today_data)
        samples[names[3]].append(float(handling.split()[1]))
        first_ratios.append(today_first / float(empty))
        data_ratios.append(today_data / float(empty))

    print(
        f"\n== Interpreter start to paint at {options.items:,} items, 120×40, headless run_test =="
    )
    for name in names:
        print(f"{name:52} {spread(samples[name])}")
    print(
        f"Today ÷ empty app, paired medians: first paint {statistics.median(first_ratios):.2f}×, "
        f"with data {statistics.median(data_ratios):.2f}× (goal ≤ 2×)"
    )

    _, out = run(INTERACT, [str(db)], env)
    print("\n== Moving through the supervision table (in-process, per action, through the pilot:")
    print("   each includes waiting for the workers and ~4 refreshes) ==")
    for name, values in json.loads(out).items():
        print(f"{name:58} {spread(values)}")
    visit_section(db, env, options)
    _, out = run(SERVICE_TIMES, [str(db)], env)
    print("\n== The database part of those actions (services, in-process, warm) ==")
    for name, values in json.loads(out).items():
        print(f"{name:58} {spread(values)}")


if __name__ == "__main__":
    main()
