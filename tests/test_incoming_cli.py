"""`officedesk incoming …` through the real entry point: each verb, --json shapes, one-line
errors with exit 1, warnings on stderr with exit 0."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from conftest import dump
from probes import loaded_by

NOW = "2026-11-26T10:00:00+00:00"
NUMBER = "集团办发〔2026〕12号"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFICEDESK_NOW", NOW)


def ok(cli: Any, *args: str) -> Any:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result


def seed(cli: Any) -> None:
    for args in (
        ("dept", "add", "办公室", "--code", "BGS"),
        ("dept", "add", "安全环保部", "--code", "AQHBB"),
        ("dept", "add", "生产管理部", "--code", "SCGLB"),
        ("dept", "add", "集团公司办公室", "--code", "JTBGS", "--kind", "superior"),
        ("contact", "add", "王建国", "--dept", "BGS"),
        ("contact", "add", "李娜", "--dept", "BGS"),
    ):
        ok(cli, *args)


def one_line_error(result: Any) -> str:
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    return lines[0]


def test_add_json_shape_and_number_warnings_on_stderr(cli: Any) -> None:
    seed(cli)
    result = ok(
        cli,
        "incoming", "add", "关于开展冬季安全生产大检查的通知",
        "--sender", "JTBGS", "--number", "集团办发[2026]012号",
        "--urgency", "urgent", "--received", "2026-11-25 15:20", "--json",
    )  # fmt: skip
    doc = result.json()
    assert doc["code"] == "SW-2026-0001" and doc["state"] == "registered"
    assert doc["sender"] == "集团公司办公室" and doc["sender_number"] == "集团办发[2026]012号"
    assert doc["urgency"] == "urgent" and doc["mode"] == "handle" and doc["kind"] == "document"
    assert doc["received_at"].startswith("2026-11-25")
    assert [w["code"] for w in doc["warnings"]] == ["docnumber.brackets", "docnumber.leading_zero"]
    assert all(w["message"] for w in doc["warnings"])
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 2 and all(line.startswith("officedesk: ") for line in warnings)
    assert "〔〕" in warnings[0]
    human = ok(cli, "incoming", "add", "第二份", "--number", NUMBER)
    assert "SW-2026-0002" in human.stdout and human.stderr == ""


def test_a_call_in_one_short_command(cli: Any) -> None:
    seed(cli)
    result = ok(
        cli,
        "incoming", "call", "询问隐患整改进度", "--caller", "沈浩", "--unit", "市应急管理局",
        "--phone", "0571-87012345", "--at", "09:30", "--content", "请于本周五前报送整改台账。",
        "--json",
    )  # fmt: skip
    doc = result.json()
    assert (doc["kind"], doc["mode"], doc["caller"], doc["sender"], doc["phone"]) == (
        "call",
        "read",
        "沈浩",
        "市应急管理局",
        "0571-87012345",
    )
    assert doc["summary"] == "请于本周五前报送整改台账。"
    assert ok(cli, "incoming", "call", "只记事由").stdout.startswith("Registered SW-2026-0002")


def test_the_whole_procedure_from_the_command_line(cli: Any) -> None:
    seed(cli)
    ok(
        cli,
        "incoming",
        "add",
        "关于开展冬季安全生产大检查的通知",
        "--sender",
        "JTBGS",
        "--number",
        NUMBER,
    )
    ok(cli, "incoming", "review", "SW-2026-0001", "--note", "初审通过")
    ok(cli, "incoming", "propose", "SW-2026-0001", "--note", "拟请安全环保部牵头办理。")
    words = "同意。请安全环保部牵头，\n12月10日前报结果。"
    ok(cli, "incoming", "instruct", "SW-2026-0001", words, "--leader", "总经理陈光明")
    handled = ok(
        cli, "incoming", "handle", "SW-2026-0001", "--dept", "AQHBB", "--assist", "SCGLB",
        "--due", "+10wd", "--json",
    ).json()  # fmt: skip
    assert handled["state"] == "handling" and handled["assist"] == ["生产管理部"]
    assert handled["due"] == "2026-12-10" and handled["task_code"] == "DB-2026-0001"
    answered = ok(cli, "incoming", "answer", "SW-2026-0001", "--note", "已函复集团公司办公室。")
    assert "SW-2026-0001" in answered.stdout
    refused = one_line_error(cli("incoming", "done", "SW-2026-0001"))
    assert "DB-2026-0001" in refused
    ok(cli, "task", "done", "DB-2026-0001")
    shown = ok(cli, "incoming", "show", "SW-2026-0001", "--json").json()
    assert shown["state"] == "done" and shown["instruction"] == words
    assert shown["leader"] == "总经理陈光明"
    assert [e["to_state"] for e in shown["log"]] == [
        "registered",
        "reviewed",
        "proposed",
        "instructed",
        "handling",
        "answered",
        "done",
    ]
    filed = ok(cli, "incoming", "file", "SW-2026-0001", "--json").json()
    assert [d["state"] for d in filed] == ["filed"]
    text = ok(cli, "incoming", "show", "SW-2026-0001").stdout
    assert "12月10日前报结果。" in text and "DB-2026-0001" in text
    for query in (NUMBER, "SW-2026-0001", "集团公司办公室", "冬季安全"):
        hits = ok(cli, "search", query, "--kind", "incoming", "--json").json()
        assert [hit["code"] for hit in hits] == ["SW-2026-0001"], query


def test_circulate_read_remind(cli: Any) -> None:
    seed(cli)
    ok(cli, "incoming", "add", "阅知件", "--mode", "read")
    ok(cli, "incoming", "review", "1")
    doc = ok(cli, "incoming", "circulate", "1", "王建国,lina", "--json").json()
    assert doc["holder"] == "王建国" and [r["reader"] for r in doc["circulation"]] == [
        "王建国",
        "李娜",
    ]
    doc = ok(cli, "incoming", "read", "1", "王建国", "--json").json()
    assert doc["holder"] == "李娜" and doc["unread"] == 1
    reminded = ok(cli, "incoming", "remind", "1", "--json").json()
    assert reminded["reminded"] == ["李娜"] and reminded["code"] == "SW-2026-0001"
    assert "李娜" in ok(cli, "incoming", "remind", "1").stdout
    done = ok(cli, "incoming", "done", "1")
    assert "李娜" in done.stderr and done.stderr.startswith("officedesk: ")  # unread: a warning
    error = one_line_error(cli("incoming", "read", "1", "王建国"))
    assert "王建国" in error


def test_list_json_and_human(cli: Any) -> None:
    seed(cli)
    ok(cli, "incoming", "add", "[bold]甲[/]", "--urgency", "extra_urgent")
    ok(cli, "incoming", "call", "乙来电")
    items = ok(cli, "incoming", "list", "--json").json()
    assert [d["code"] for d in items] == ["SW-2026-0002", "SW-2026-0001"]
    assert set(items[0]) >= {"id", "code", "title", "kind", "state", "urgency", "due", "warnings"}
    assert items[0]["log"] is None  # lists carry no log
    assert [d["code"] for d in ok(cli, "incoming", "list", "--kind", "call", "--json").json()] == [
        "SW-2026-0002"
    ]
    wide = cli("incoming", "list", "--urgency", "extra_urgent", env={"COLUMNS": "160"})
    human = wide.stdout
    assert "[bold]甲[/]" in human and "SW-2026-0002" not in human
    assert ok(cli, "incoming", "list", "--state", "filed").stdout.strip() == "Nothing found."


def test_a_narrow_terminal_wraps_the_instruction_and_never_cuts_it(cli: Any) -> None:
    """Chinese has no spaces to wrap at: a long instruction is folded, not cut with "…"."""
    seed(cli)
    words = "同意。请安全环保部牵头，采购部配合，务必按期完成并报送书面结果。"
    ok(cli, "incoming", "add", "关于消防安全重点单位检查的通知")
    ok(cli, "incoming", "review", "1")
    ok(cli, "incoming", "propose", "1", "--note", "拟请安全环保部阅处。")
    ok(cli, "incoming", "instruct", "1", words, "--leader", "总经理陈光明")
    result = cli("incoming", "show", "1", env={"COLUMNS": "40"})
    shown = result.stdout
    assert result.exit_code == 0 and "…" not in shown
    assert max(cell_len(line) for line in shown.splitlines()) <= 40
    flat = "".join(shown.split())
    assert f"Instruction{words}总经理陈光明" in flat
    assert f"总经理陈光明:{words}" in flat  # the log entry, folded under its own column


def test_edit(cli: Any) -> None:
    seed(cli)
    ok(cli, "incoming", "add", "原标题")
    result = ok(
        cli, "incoming", "edit", "1", "--title", "新标题", "--number", "集团办发〔2026〕第3号"
    )
    assert "新标题" in result.stdout and "第" in result.stderr
    assert ok(cli, "incoming", "show", "1", "--json").json()["title"] == "新标题"


@pytest.mark.parametrize(
    "args",
    [
        ("incoming", "return", "1"),  # no reason
        ("incoming", "propose", "1", "--note", "拟办"),  # not reviewed yet
        ("incoming", "show", "SW-2026-0099"),
        ("incoming", "add", "标题", "--urgency", "very"),
        ("incoming", "add", "标题", "--received", "2027-01-01 09:00"),
        ("incoming", "list", "--state", "lost"),
        ("incoming", "instruct", "1", "同意"),  # no leader
    ],
)
def test_refusals_are_one_line_and_change_nothing(
    cli: Any, db_url: str, args: tuple[str, ...]
) -> None:
    seed(cli)
    ok(cli, "incoming", "add", "已登记的来文")
    before = dump(db_url)
    one_line_error(cli(*args))
    assert dump(db_url) == before


def test_a_batch_step_is_all_or_nothing(cli: Any) -> None:
    seed(cli)
    ok(cli, "incoming", "add", "甲")
    ok(cli, "incoming", "add", "乙")
    ok(cli, "incoming", "return", "2", "--reason", "不属本单位")
    one_line_error(cli("incoming", "review", "1", "2"))
    assert ok(cli, "incoming", "show", "1", "--json").json()["state"] == "registered"


@pytest.mark.slow
def test_list_json_loads_no_rich_and_show_no_textual(tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    assert loaded_by(["incoming", "add", "来文", "--json"], db, tmp_path)["code"] in (0, None)
    assert loaded_by(["incoming", "list", "--json"], db, tmp_path) == {"code": 0, "loaded": []}
    assert loaded_by(["incoming", "show", "1"], db, tmp_path) == {"code": 0, "loaded": ["rich"]}


@pytest.mark.slow
def test_the_views_load_neither_typer_nor_a_ui_until_one_is_shown() -> None:
    code = (
        "import sys, officedesk.views.incoming as views; "
        "heavy = {'typer', 'click', 'textual', 'rich'}; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy), "
        "'officedesk.cli.incoming' in sys.modules, views.urgency_style('urgent'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.split() == ["[]", "False", "yellow"]
