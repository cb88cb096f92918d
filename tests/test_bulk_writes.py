"""The bulk path (issue 11, "Speed of bulk writes"): an atomic batch's run of `task add` lines and
an import's plain rows are drafted by the same rules as a typed `task add` and written together.
What they write must be what the one-by-one path writes: the same items, log lines, journal
entries (one operation a batch line) and search documents; refusals name the same line."""

import json
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from conftest import dump

LINES = [
    ["task", "add", "检查消防通道 {n}", "--dept", "BGS", "--due", "+5wd"],
    ["task", "add", "编制年度预算 {n}", "--owner", "张三", "-p", "急办", "--source", "superior"],
    ["task", "add", "--ref", "X司发〔2026〕1号", "--", "-以横线开头的标题 {n}"],
    ["task", "add", "落实会议决定 {n}", "--source=meeting", "--assigned", "2026-11-02", "--json"],
    ["task", "add", "整理档案 {n}", "--detail", "第二季度", "--leader", "王总", "-c", "档案"],
]


@pytest.fixture
def seeded(cli: Any) -> Any:
    for args in (
        ["dept", "add", "办公室", "--code", "BGS"],
        ["dept", "add", "人力资源部", "--code", "HR"],
        ["contact", "add", "张三", "--dept", "BGS", "--title", "主任"],
    ):
        assert cli(*args).exit_code == 0, args
    return cli


def _batch(cli: Any, tag: str, *flags: str) -> list[dict[str, Any]]:
    lines = [json.dumps([w.format(n=tag) for w in line], ensure_ascii=False) for line in LINES]
    result = cli("batch", *flags, input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


_STAMPS = {"id", "code", "title", "created_at", "updated_at"}


def _rows(url: str, sql: str) -> list[dict[str, Any]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = [dict(row._mapping) for row in conn.execute(text(sql))]
    engine.dispose()
    return found


def _without(values: dict[str, Any], names: set[str]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if key not in names}


def test_an_atomic_batch_writes_what_the_line_by_line_batch_writes(
    seeded: Any, db_url: str
) -> None:
    one_by_one = _batch(seeded, "甲")
    together = _batch(seeded, "乙", "--atomic")
    assert [r["ok"] for r in together] == [True] * len(LINES)
    assert [r["line"] for r in together] == [r["line"] for r in one_by_one]
    for single, bulk in zip(one_by_one, together, strict=True):
        assert _without(bulk["result"], _STAMPS) == _without(single["result"], _STAMPS)
        assert bulk["result"]["title"] == single["result"]["title"].replace("甲", "乙")
    codes = [r["result"]["code"] for r in [*one_by_one, *together]]
    assert codes == [f"DB-2026-{n:04d}" for n in range(1, 11)]  # numbers in line order, no gap

    # Each line its own operation, named as the command names it, holding its item and log line.
    operations = _rows(
        db_url,
        "SELECT o.id, o.name, e.entity, e.action, e.parent_id, e.after FROM operation o "
        "JOIN journal e ON e.operation_id = o.id WHERE o.name = 'task.add' ORDER BY o.id, e.id",
    )
    by_op: dict[int, list[dict[str, Any]]] = {}
    for row in operations:
        by_op.setdefault(row["id"], []).append(row)
    assert len(by_op) == 2 * len(LINES)
    shapes = [[(e["entity"], e["action"]) for e in entries] for entries in by_op.values()]
    assert shapes == [[("task", "insert"), ("task_log", "insert")]] * (2 * len(LINES))
    firsts, seconds = list(by_op.values())[: len(LINES)], list(by_op.values())[len(LINES) :]
    volatile = _STAMPS | {"task_id", "at", "seq"}
    for single, bulk in zip(firsts, seconds, strict=True):
        for a, b in zip(single, bulk, strict=True):
            assert _without(json.loads(b["after"]), volatile) == _without(
                json.loads(a["after"]), volatile
            )

    # The same search documents, found the same way.
    docs = _rows(db_url, "SELECT title, context, tag, spaced FROM search_doc WHERE kind = 'task'")
    titles = {d["title"]: d for d in docs}
    for n in range(len(LINES)):
        single = titles[one_by_one[n]["result"]["title"]]
        bulk = titles[together[n]["result"]["title"]]
        assert bulk["context"] == single["context"] and bulk["tag"] == single["tag"]
    found = seeded("search", "年度预算", "--json").json()
    assert {hit["code"] for hit in found} == {"DB-2026-0002", "DB-2026-0007"}
    assert seeded("db", "check").exit_code == 0


def test_undo_after_an_atomic_batch_takes_back_one_line(seeded: Any) -> None:
    together = _batch(seeded, "乙", "--atomic")
    last = together[-1]["result"]["code"]
    assert seeded("undo").exit_code == 0
    listed = seeded("task", "list", "--state", "all", "--json").json()
    assert last not in {item["code"] for item in listed}
    assert {r["result"]["code"] for r in together[:-1]} <= {item["code"] for item in listed}
    history = seeded("history", together[0]["result"]["code"])
    assert history.exit_code == 0 and together[0]["result"]["code"] in history.stdout


def test_a_refused_line_in_a_run_keeps_nothing_and_is_named(seeded: Any, db_url: str) -> None:
    before = dump(db_url)
    lines = [
        'task add "甲" --dept BGS',
        'task add "乙" --due 2026-11-01',  # before the day assigned
        'task add "丙"',
    ]
    result = seeded("batch", "--atomic", input="\n".join(lines) + "\n")
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in out] == [1, 2, 3]
    assert [r["code"] for r in out] == [
        "batch.rolled_back",
        "task.due_before_assigned",
        "batch.not_run",
    ]
    assert dump(db_url) == before
    # The same line typed alone is refused in the same words.
    alone = seeded("batch", input=lines[1] + "\n")
    assert json.loads(alone.stdout)["error"] == out[1]["error"]


def test_a_run_is_written_before_the_next_command_reads(seeded: Any) -> None:
    lines = [
        'task add "甲"',
        'task add "乙"',
        "task start DB-2026-0002",
        'task add "丙"',
        "task show DB-2026-0003",
    ]
    result = seeded("batch", "--atomic", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.stdout
    out = [json.loads(line)["result"] for line in result.stdout.splitlines()]
    assert out[2][0]["state"] == "in_progress" and out[2][0]["code"] == "DB-2026-0002"
    assert out[4]["title"] == "丙"


@pytest.mark.parametrize(
    "line",
    [
        "task add 甲 --bogus 1",  # an unknown option
        "task add 甲 --due",  # an option without its value
        "task add",  # the title missing
        "task add 甲 乙",  # one word too many
        "task add 甲 --json=yes",  # a flag given a value
    ],
)
def test_lines_the_reader_leaves_to_click_fail_as_typed(seeded: Any, line: str) -> None:
    atomic = seeded("batch", "--atomic", input=line + "\n")
    alone = seeded("batch", input=line + "\n")
    assert atomic.exit_code == alone.exit_code == 1
    assert json.loads(atomic.stdout)["error"] == json.loads(alone.stdout)["error"]


def test_the_plain_reader_reads_as_click_does() -> None:
    from officedesk.cli.main import root_command
    from officedesk.cli.plain_words import plain_call

    root = root_command()
    context = root.context_class(root)
    add = root.get_command(context, "task").get_command(context, "add")
    for argv in (
        ["标题"],
        ["标题", "--due", "+5wd", "-d", "BGS", "--json"],
        ["--priority=急办", "标题", "-o", "#3"],
        ["--", "--看似选项"],
        ["标题", "--due", "1", "--due", "2"],  # the last one given wins, as in Click
        ["标题", "--detail", ""],
    ):
        plain = plain_call(add, argv)
        assert plain is not None, argv
        clicked = add.make_context("add", list(argv)).params
        assert plain == clicked, argv
    for argv in (["-"], ["标题", "-x"], ["标题", "--due", "-3d"], []):
        assert plain_call(add, argv) is None, argv


def _csv(path: Any, rows: list[dict[str, str]]) -> Any:
    import csv

    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        names = list(dict.fromkeys(key for row in rows for key in row))
        writer = csv.DictWriter(handle, fieldnames=names, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _lines(report: str) -> set[int]:
    """The file lines an import's report refuses (it speaks the test run's language)."""
    import re

    return {int(n) for n in re.findall(r"^(?:line |第 )(\d+)", report, re.MULTILINE)}


def _plain_row(n: int, **extra: str) -> dict[str, str]:
    return {
        "code": "",
        "title": f"迁移事项 {n}",
        "dept": "办公室",
        "priority": "urgent" if n % 2 else "normal",
        "assigned_on": "2026-11-20",
        "due": "2026-12-21",
        "state": "assigned",
        "created_at": "2026-11-20T01:00:00Z",
        "created_by": "李四",
        **extra,
    }


def test_an_import_of_plain_rows_writes_them_as_task_add_would(
    seeded: Any, db_url: str, tmp_path: Any
) -> None:
    path = _csv(tmp_path / "items.csv", [_plain_row(n) for n in range(1, 41)])
    result = seeded("import", str(path), "--register", "task")
    assert result.exit_code == 0, result.stderr
    items = seeded("task", "list", "--state", "all", "--json").json()
    assert sorted(item["code"] for item in items) == [f"DB-2026-{n:04d}" for n in range(1, 41)]
    first = seeded("task", "show", "DB-2026-0001", "--json").json()
    assert first["created_by"] == "李四" and first["created_at"].startswith("2026-11-20T01:00")
    assert [entry["to_state"] for entry in first["log"]] == ["assigned"]
    assert first["log"][0]["author"] == "李四"
    # One operation for the import; every item and log line journaled under it; searchable.
    names = _rows(
        db_url,
        "SELECT DISTINCT o.name FROM operation o JOIN journal e ON e.operation_id = o.id"
        " WHERE e.entity IN ('task', 'task_log')",
    )
    assert [row["name"] for row in names] == ["import"]
    counted = _rows(db_url, "SELECT entity, count(*) AS n FROM journal GROUP BY entity")
    journaled = {row["entity"]: row["n"] for row in counted}
    assert journaled["task"] == 40 and journaled["task_log"] == 40
    assert [hit["code"] for hit in seeded("search", "迁移事项 17", "--json").json()][:1] == [
        "DB-2026-0017"
    ]
    assert seeded("db", "check").exit_code == 0
    # The counter went on from the run: the next typed item takes the next number.
    assert seeded("task", "add", "之后", "--json").json()["code"] == "DB-2026-0041"


def test_an_import_mixing_plain_rows_and_histories_keeps_the_series_order(
    seeded: Any, tmp_path: Any
) -> None:
    rows = [
        _plain_row(1, code="DB-2026-0001"),
        _plain_row(2, code="DB-2026-0002", state="in_progress", updated_at="2026-11-21T01:00:00Z"),
        _plain_row(3, code="DB-2026-0003"),
        _plain_row(5, code="DB-2026-0005"),  # a gap: refused, and so is what follows it
        _plain_row(6, code="DB-2026-0006"),
    ]
    path = _csv(tmp_path / "coded.csv", rows)
    refused = seeded("import", str(path), "--register", "task")
    assert refused.exit_code == 1
    assert _lines(refused.stderr) == {5, 6}
    assert seeded("task", "list", "--state", "all", "--json").json() == []
    written = seeded("import", str(path), "--register", "task", "--skip-bad")
    assert written.exit_code == 0, written.stderr
    items = seeded("task", "list", "--state", "all", "--json").json()
    assert sorted((i["code"], i["state"]) for i in items) == [
        ("DB-2026-0001", "assigned"),
        ("DB-2026-0002", "in_progress"),
        ("DB-2026-0003", "assigned"),
    ]
    again = seeded("import", str(path), "--register", "task", "--skip-bad")
    assert _lines(again.stderr) == {5, 6}  # the rest there already, the same: nothing added
    assert seeded("task", "list", "--state", "all", "--json").json() == items


def test_an_import_row_that_its_item_would_contradict_is_refused(
    seeded: Any, tmp_path: Any
) -> None:
    # Its due date moved from 12-21 without a log to say how: not a plain creation.
    row = _plain_row(1, due="2026-12-28", original_due="2026-12-21")
    path = _csv(tmp_path / "moved.csv", [row, _plain_row(2)])
    result = seeded("import", str(path), "--register", "task")
    assert result.exit_code == 1
    assert _lines(result.stderr) == {2}
    unknown = _csv(tmp_path / "unknown.csv", [_plain_row(1, dept="不存在的部门")])
    refused = seeded("import", str(unknown), "--register", "task")
    assert refused.exit_code == 1 and "不存在的部门" in refused.stderr
