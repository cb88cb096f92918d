"""In-process benchmark of global search on 100,000 supervision items and 1,000 people.

Run:  /work/venv/bin/python benchmarks/search_bench.py [--items 100000] [--runs 50] [--keep DIR]

What it measures, and why this way (see /work/shared/reference/perf-baselines.md §4):
- The database is built the way an existing user's is: schema at 0001, rows bulk-inserted with
  sqlite3 (the generators of cli_bench.py, with a richer title generator, since search cares
  about the words), then `upgrade` to 0002_search, whose backfill fills the index. A full
  `rebuild_search_index` is timed on the same data too (the bulk loaders' path).
- Latency is the service call the CLI and the TUI make, `search(session, q, limit=20)`, inside
  an open read session, warm: the median of --runs calls, plus the first call. The goal is
  under 15 ms at 100,000 records for every query kind.
- The listener's cost per write is measured on 1,000 `create_task` calls, each its own
  transaction as in real use, in alternating blocks with and without the listener (the VM's
  drift is ±30–50 %), and also timed directly inside the listener.
"""

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import cli_bench  # the sibling benchmark's generators

GOAL_MS = 15.0
SEED = 20261127

# ---- titles ---------------------------------------------------------------------------------
# Zipf-weighted parts, so that some words are in thousands of titles and others in a few dozen.

VERBS = (
    "落实", "督促", "推进", "办理", "报送", "整改", "筹备", "核查", "完善", "修订", "组织",
    "开展", "跟踪", "协调", "审核", "起草", "编制", "梳理", "研究", "部署", "检查", "答复",
    "汇总", "评估", "规范", "优化", "清理", "排查", "配合", "妥善处置",
)  # fmt: skip
SUBJECTS = (
    "集团公司", "办公室", "财务部", "人力资源部", "安全环保部", "信息中心", "法务部",
    "后勤保障中心", "档案室", "市国资委", "市财政局", "市消防支队", "区住建局", "宏达物流",
    "恒信建设", "华安保险", "东方建材", "南湖园区", "北城仓库", "第三分公司", "项目部", "工会",
    "团委", "纪检组", "党支部", "物业公司", "职工食堂", "车队", "培训中心", "研发中心",
    "销售公司", "客服中心", "采购中心", "质检站", "仓储中心", "西区厂房", "老干部处",
    "离退休办", "投资部", "审计部",
)  # fmt: skip
OBJECTS = (
    "安全生产检查", "合同审核", "年度预算执行情况", "信访事项答复", "会议纪要事项",
    "印章管理制度", "档案数字化", "消防演练", "采购计划", "人事考核材料", "领导批示件",
    "督查通知", "节前安全大检查", "季度工作报告", "用车管理办法", "办公用品采购", "接待方案",
    "保密自查", "应急预案", "值班安排", "公文处理规范", "信息化建设方案", "网络安全整改",
    "资产清查", "固定资产盘点", "招投标文件", "工程款支付", "租赁合同续签", "员工培训计划",
    "绩效考核方案", "党风廉政建设", "宣传报道计划", "舆情应对", "来访接待", "安全隐患排查",
    "环保督察反馈", "审计问题整改", "年度工作总结", "半年工作计划", "董事会决议",
    "办公会议定事项", "专项资金使用", "差旅费报销", "合规审查", "知识产权保护", "数据备份",
    "机房改造", "合同纠纷", "OA 系统上线", "network upgrade", "quarterly report",
    "ERP 二期验收", "防汛物资储备", "冬季供暖保障", "食品安全抽检", "档案移交", "车辆年检",
    "电梯维保", "光伏项目备案", "碳排放核查",
)  # fmt: skip
SUFFIXES = ("", "", "", "", "的通知", "工作", "有关事宜", "相关问题", "（第二批）", "进展情况")


def zipf_weights(count: int) -> list[float]:
    return [1.0 / (rank + 1) for rank in range(count)]


def make_titles(rng: random.Random, count: int) -> list[str]:
    verbs, subjects, objects = (zipf_weights(len(x)) for x in (VERBS, SUBJECTS, OBJECTS))
    titles = []
    for _ in range(count):
        subject = rng.choices(SUBJECTS, subjects)[0] if rng.random() < 0.5 else ""
        title = rng.choices(VERBS, verbs)[0] + subject + rng.choices(OBJECTS, objects)[0]
        titles.append(title + rng.choice(SUFFIXES))
    return titles


# ---- building ---------------------------------------------------------------------------------


def build_rows(items: int, people_count: int) -> tuple[list[Any], list[Any], list[Any], Any]:
    rng = random.Random(SEED)
    stamp = cli_bench.sqlite_timestamp(datetime(2021, 12, 1, 1, tzinfo=UTC))
    departments = cli_bench._departments(rng, stamp)
    people = cli_bench._people(rng, people_count, stamp)
    tasks, logs, counters = cli_bench._tasks(rng, items, people)
    titles = make_titles(rng, len(tasks))
    tasks = [(*row[:4], title, *row[5:]) for row, title in zip(tasks, titles, strict=True)]
    return departments, people, tasks, (logs, counters)


def bulk_insert(path: Path, rows: tuple[list[Any], list[Any], list[Any], Any]) -> None:
    departments, people, tasks, (logs, counters) = rows
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.executemany(f"INSERT INTO department VALUES ({','.join('?' * 10)})", departments)
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
        con.executemany("INSERT INTO task_log VALUES (?,?,?,?,?,?,?,?)", logs)
        con.executemany(
            "INSERT INTO counter (series, year, value) VALUES ('task', ?, ?)",
            sorted(counters.items()),
        )
        con.execute("COMMIT")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def file_mib(path: Path) -> float:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        size = con.execute("PRAGMA page_size").fetchone()[0]
        free = con.execute("PRAGMA freelist_count").fetchone()[0]
    finally:
        con.close()
    return (pages - free) * size / 2**20


def object_sizes(path: Path) -> list[tuple[str, float]]:
    """Bytes per table/index (dbstat), for the objects search adds; [] without dbstat."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE '%search%' GROUP BY name"
            " ORDER BY 2 DESC"
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        con.close()
    return [(name, size / 2**20) for name, size in rows]


# ---- timing -----------------------------------------------------------------------------------


def ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1e3:7.2f}"


def timed(func: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        samples.append(time.perf_counter() - started)
    return samples


def term_count(titles: list[str], term: str) -> int:
    return sum(term in title for title in titles)


def query_table(
    ctx: Any, queries: list[tuple[str, str, str]], titles: list[str], runs: int
) -> bool:
    from officedesk.services.search import search

    print(
        f"{'query kind':<28} {'query':<16} {'titles with it':>14} {'hits':>5} {'top score':>9}"
        f" {'first ms':>9} {'median ms':>9} {'p90 ms':>8}  goal"
    )
    all_met = True
    for kind, query, info in queries:
        with ctx.read() as session:
            started = time.perf_counter()
            hits = search(session, query, limit=20)
            first = time.perf_counter() - started
            samples = timed(lambda s=session, q=query: search(s, q, limit=20), runs)
        median = statistics.median(samples) * 1e3
        p90 = sorted(samples)[int(0.9 * (len(samples) - 1))] * 1e3
        met = median < GOAL_MS
        if not info.startswith("info"):
            all_met &= met
        single_term = not query.isascii() and " " not in query
        contained = term_count(titles, query) if single_term else "-"
        top = f"{hits[0].score:.3f}" if hits else "-"
        print(
            f"{kind:<28} {query:<16} {contained!s:>14} {len(hits):>5} {top:>9}"
            f" {first * 1e3:9.2f} {median:9.2f} {p90:8.2f}  {'ok' if met else 'MISSED'}"
            f"{'  (' + info + ')' if info else ''}"
        )
    return all_met


def fresh_cost(ctx: Any, runs: int) -> float:
    from officedesk.services.search import search_fresh

    return statistics.median(timed(lambda: search_fresh(ctx, "hetong"), runs)) * 1e3


@contextmanager
def listener_timer() -> Iterator[list[float]]:
    """Swap the index listener for a copy that records how long each call took."""
    from sqlalchemy import event

    from officedesk.db import OfficeSession
    from officedesk.search_index import INDEX_OFF, _index_flush

    inside: list[float] = []

    def timed_listener(session: Any, flush_context: Any) -> None:
        started = time.perf_counter()
        _index_flush(session, flush_context)
        if not session.info.get(INDEX_OFF):
            inside.append(time.perf_counter() - started)

    event.remove(OfficeSession, "after_flush", _index_flush)
    event.listen(OfficeSession, "after_flush", timed_listener)
    try:
        yield inside
    finally:
        event.remove(OfficeSession, "after_flush", timed_listener)
        event.listen(OfficeSession, "after_flush", _index_flush)


def listener_cost(ctx: Any, calls: int) -> None:
    """create_task per transaction, alternating blocks with and without the index listener."""
    from officedesk.search_index import INDEX_OFF
    from officedesk.services.task import create_task

    with_index: list[float] = []
    without: list[float] = []
    block = max(1, calls // 10)
    with listener_timer() as inside:
        for round_ in range(2 * calls // block):
            off = round_ % 2 == 1
            for i in range(block):
                started = time.perf_counter()
                with ctx.write("task.add") as session:
                    session.info[INDEX_OFF] = off
                    create_task(session, {"title": f"基准测试合同审核 {round_}-{i}", "dept": "BGS"})
                (without if off else with_index).append(time.perf_counter() - started)
    print(
        f"create_task, one transaction each: with listener {ms(with_index)} ms,"
        f" without {ms(without)} ms (medians of {len(with_index)} / {len(without)} calls)"
    )
    per_call = sum(inside) / max(1, len(with_index)) * 1e3
    print(
        f"time inside the listener: {per_call:.3f} ms per create_task on average"
        f" ({len(inside) / max(1, len(with_index)):.0f} flushes per call; the one that inserts"
        " the item writes its document, the others find nothing to index)"
    )


def rename_cost(ctx: Any) -> None:
    from sqlalchemy import text

    from officedesk.services.directory import update_department
    from officedesk.services.pinyin_keys import pinyin_keys

    pinyin_keys("预热")  # pypinyin's import (≈0.25 s) is not the index's cost
    with ctx.read() as session:
        members = session.execute(text("SELECT count(*) FROM task WHERE dept_id = 1")).scalar_one()
    started = time.perf_counter()
    with listener_timer() as inside, ctx.write("dept.edit") as session:
        update_department(session, "BGS", {"name": "综合办公室"})
    elapsed = time.perf_counter() - started
    print(
        f"rename a department with {members:,} items: {elapsed * 1e3:.0f} ms in all, of which"
        f" {sum(inside) * 1e3:.0f} ms in the listener (its people's and items' subtitles follow)"
    )


# ---- main -------------------------------------------------------------------------------------


def isolate(workdir: Path) -> None:
    for name in list(os.environ):
        if name.startswith("OFFICEDESK_"):
            del os.environ[name]
    os.environ.update(
        OFFICEDESK_TODAY=cli_bench.TODAY.isoformat(),
        OFFICEDESK_LANG="en",
        OFFICEDESK_OPERATOR="bench",
        XDG_DATA_HOME=str(workdir / "xdg-data"),
        XDG_CONFIG_HOME=str(workdir / "xdg-config"),
    )


def run(args: argparse.Namespace, data_dir: Path) -> None:
    import sqlalchemy

    import officedesk.search_index  # noqa: F401 - the listener (see the search report)
    from officedesk.context import build_context
    from officedesk.db import Store
    from officedesk.location import sqlite_url
    from officedesk.migrate import upgrade
    from officedesk.search_index import rebuild_search_index

    db = data_dir / "search_bench.db"
    for stale in data_dir.glob("search_bench.db*"):
        stale.unlink()
    print(
        f"officedesk search benchmark — python {sys.version.split()[0]}, SQLite "
        f"{sqlite3.sqlite_version}, SQLAlchemy {sqlalchemy.__version__}"
    )
    cli_bench.print_load("at the start")

    started = time.perf_counter()
    rows = build_rows(args.items, args.people)
    titles = [row[4] for row in rows[2]]
    store = Store(sqlite_url(db))
    upgrade(store, "0001_initial")
    store.dispose()
    bulk_insert(db, rows)
    plain = file_mib(db)
    print(
        f"\n== Data: {len(titles):,} items, {len(rows[1]):,} people, {len(rows[0])} departments,"
        f" generated and bulk-inserted at schema 0001 in {time.perf_counter() - started:.1f} s;"
        f" {plain:.1f} MiB =="
    )
    print("sample titles: " + " | ".join(titles[:4]))

    store = Store(sqlite_url(db))
    started = time.perf_counter()
    upgrade(store)
    upgraded = time.perf_counter() - started
    store.dispose()
    for backup in data_dir.glob("search_bench.db.*.bak"):
        backup.unlink()
    indexed = file_mib(db)
    ctx = build_context(db=str(db), lang="en")
    try:
        from officedesk.services.search import fill_sounds

        started = time.perf_counter()
        filled = fill_sounds(ctx)  # what the first pinyin search after the upgrade pays, once
        sounded = time.perf_counter() - started
        started = time.perf_counter()
        with ctx.write("search.rebuild") as session:
            count = rebuild_search_index(session)
        rebuilt = time.perf_counter() - started
        print("\n== Filling the index ==")
        print(
            f"upgrade 0001 → 0002_search (backup by VACUUM INTO, backfill, FTS5 build):"
            f" {upgraded:.2f} s"
        )
        print(
            f"titles' sounds left by the upgrade, worked out by the first pinyin search:"
            f" {filled:,} documents in {sounded:.2f} s (pypinyin's import included)"
        )
        print(
            f"rebuild_search_index, {count:,} documents, one transaction: {rebuilt:.2f} s"
            f" ({count / rebuilt:,.0f} documents/s)"
        )
        after = file_mib(db)
        print(
            f"database size: {plain:.1f} MiB without search, {indexed:.1f} MiB after the upgrade,"
            f" {after:.1f} MiB after a rebuild (+{indexed - plain:.1f} MiB,"
            f" {indexed / plain:.2f}×; live pages, WAL checkpointed)"
        )
        for name, size in object_sizes(db):
            print(f"  {name:<28} {size:7.2f} MiB")

        person = rows[1][0]
        pinyin, initials = person[6], person[7]
        queries = [
            ("2 chars, common", "合同", ""),
            ("2 chars, rare", "光伏", ""),
            ("3 chars", "办公室", ""),
            ("4 chars", "安全生产", ""),
            ("4 chars, rare", "碳排放核", ""),
            ("code", "DB-2026-0042", ""),
            ("code prefix", "DB-2025-01", ""),
            ("pinyin key (person)", pinyin, person[1]),
            ("initials (person)", initials, person[1]),
            ("initials (department)", "rsk", "人事科"),
            ("1 char, common", "安", "info: 1 char"),
            ("ASCII word", "network", "info"),
            ("broad ASCII prefix", "db", "info: every item's code"),
            ("mixed, 2 terms", "OA 上线", "info"),
            ("title pinyin, common", "hetong", ""),
            ("title pinyin", "yusuan", ""),
            ("title pinyin, being typed", "anquansh", ""),
            ("title initials", "aq", ""),
            ("title initials, 4", "aqsc", ""),
            ("pinyin + characters", "hetong 审核", ""),
        ]
        print(
            f"\n== search(session, q, limit=20): in-process, warm, {args.runs} runs;"
            f" goal: median under {GOAL_MS:.0f} ms at {len(titles):,} records =="
        )
        met = query_table(ctx, queries, titles, args.runs)
        print(
            f"goal {'met' if met else 'MISSED'} for every measured query kind"
            + ("" if met else " (see MISSED rows)")
        )

        fresh = fresh_cost(ctx, args.runs)
        print(
            f"search_fresh(ctx, 'hetong'), nothing pending (the CLI's and the workbench's call:"
            f" a probe for waiting sounds, then the search): median {fresh:.2f} ms"
        )

        print("\n== Writes ==")
        listener_cost(ctx, args.inserts)
        rename_cost(ctx)
    finally:
        ctx.close()
    cli_bench.print_load("at the end")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000, help="supervision items")
    parser.add_argument("--people", type=int, default=1000, help="people")
    parser.add_argument("--runs", type=int, default=50, help="timed calls per query")
    parser.add_argument("--inserts", type=int, default=1000, help="create_task calls per mode")
    parser.add_argument("--keep", type=Path, help="build and keep the database in this directory")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="officedesk-search-bench-"))
    isolate(workdir)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    try:
        run(args, args.keep.resolve() if args.keep else workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
