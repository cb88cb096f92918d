"""The command line through its real entry point: output, errors, exit codes, no half writes."""

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult, dump

BAD_INPUTS = [
    pytest.param(["task", "add", "标题", "--due", "2026-02-30"], "date", id="impossible-date"),
    pytest.param(["task", "add", "标题", "--due", "next blursday"], "date", id="garbage-date"),
    pytest.param(["task", "add", ""], "title", id="empty-title"),
    pytest.param(["task", "add", "   "], "title", id="blank-title"),
    pytest.param(["task", "add", "长" * 100_000], "title", id="100k-title"),
    pytest.param(["task", "add", "a\x1b[2Jb"], "title", id="control-char-title"),
    pytest.param(
        ["task", "add", "标题", "--dept", "不存在的部门"], "不存在的部门", id="unknown-dept"
    ),
    pytest.param(["task", "add", "标题", "--source", "rumour"], "source", id="bad-source"),
    pytest.param(["task", "add", "标题", "--priority", "asap"], "priority", id="bad-priority"),
    pytest.param(["task", "show", "999"], "999", id="unknown-id"),
    pytest.param(["task", "show", "DB-2026-9999"], "DB-2026-9999", id="unknown-code"),
    pytest.param(["task", "done", "DB-2026-0001", "999"], "999", id="batch-with-unknown"),
    pytest.param(["task", "evaluate", "DB-2026-0001", "--score", "4"], "evaluate", id="illegal"),
    pytest.param(["task", "reopen", "DB-2026-0001"], "reopen", id="illegal-reopen"),
    pytest.param(["task", "evaluate", "1", "--score", "9"], "score", id="score-range"),
    pytest.param(["task", "cancel", "1"], "reason", id="cancel-without-reason"),
    pytest.param(["task", "list", "--state", "finished"], "state", id="bad-state"),
    pytest.param(["task", "list", "--limit", "0"], "limit", id="bad-limit"),
    pytest.param(
        ["task", "extend", "1", "--due", "2026-11-01", "--reason", "x"], "2026-12-03", id="ext"
    ),
    pytest.param(["contact", "add", "张三", "--email", "not-an-email"], "email", id="bad-email"),
    pytest.param(["dept", "add", "办公室", "--kind", "club"], "kind", id="bad-kind"),
]


@pytest.fixture
def seeded(cli: Any) -> Any:
    for args in (
        ["dept", "add", "办公室", "--code", "BGS"],
        ["dept", "add", "人力资源部", "--code", "HR"],
        ["contact", "add", "张三", "--dept", "BGS", "--title", "主任"],
        ["task", "add", "落实安全生产检查", "--owner", "zs", "--due", "+5wd"],
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
    return cli


def one_line_error(result: CliResult) -> str:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("officedesk: ")
    return lines[0]


@pytest.mark.parametrize(("args", "mentions"), BAD_INPUTS)
def test_bad_input_is_one_line_exit_1_and_changes_nothing(
    seeded: Any, db_url: str, args: list[str], mentions: str
) -> None:
    before = dump(db_url)
    line = one_line_error(seeded(*args))
    assert mentions.lower() in line.lower()
    assert len(line) < 400
    assert dump(db_url) == before


def test_error_is_in_the_users_language(seeded: Any) -> None:
    line = one_line_error(seeded("--lang", "zh", "task", "show", "999"))
    assert "999" in line
    assert any("\u4e00" <= ch <= "\u9fff" for ch in line)


def test_usage_error_exits_2(seeded: Any) -> None:
    result = seeded("task", "add", "x", "--no-such-option")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert "--no-such-option" in result.stderr


def test_illegal_transition_names_the_legal_ones(seeded: Any) -> None:
    line = one_line_error(seeded("task", "evaluate", "1", "--score", "4"))
    assert "start" in line.lower() and "done" in line.lower() and "cancel" in line.lower()


def test_add_then_list_json(seeded: Any) -> None:
    result = seeded("task", "add", "编制年度预算", "--source", "meeting", "--dept", "HR", "--json")
    assert result.exit_code == 0, result.stderr
    added = result.json()
    assert added["code"] == "DB-2026-0002"
    assert added["due"] == "2026-12-16"  # a meeting resolution: 20 days by default
    listed = seeded("task", "list", "--json").json()
    assert [item["code"] for item in listed] == ["DB-2026-0001", "DB-2026-0002"]
    assert listed[0]["owner"] == "张三" and listed[0]["dept"] == "办公室"
    assert set(listed[0]) >= {"light", "overdue", "due_in_workdays", "state", "priority"}


def test_show_json_has_log(seeded: Any) -> None:
    assert seeded("task", "start", "1", "--note", "已联系责任部门").exit_code == 0
    shown = seeded("task", "show", "DB-2026-0001", "--json").json()
    assert shown["state"] == "in_progress"
    assert [entry["kind"] for entry in shown["log"]] == ["state", "state"]
    assert shown["log"][1]["text"] == "已联系责任部门"


def test_batch_transitions_are_one_transaction(seeded: Any, db_url: str) -> None:
    for title in ("二", "三"):
        assert seeded("task", "add", title).exit_code == 0
    assert seeded("task", "done", "2").exit_code == 0
    before = dump(db_url)
    line = one_line_error(seeded("task", "remind", "1", "2", "3", "--note", "请抓紧"))
    assert "DB-2026-0002" in line
    assert dump(db_url) == before
    result = seeded("task", "remind", "1", "3", "--note", "请抓紧", "--json")
    assert result.exit_code == 0
    assert [item["code"] for item in result.json()] == ["DB-2026-0001", "DB-2026-0003"]


def test_overdue_filter(seeded: Any) -> None:
    assert (
        seeded(
            "task", "add", "逾期事项", "--assigned", "2026-10-01", "--due", "2026-11-20"
        ).exit_code
        == 0
    )
    overdue = seeded("task", "list", "--overdue", "--json").json()
    assert [item["title"] for item in overdue] == ["逾期事项"]
    assert overdue[0]["light"] == "red" and overdue[0]["overdue"] is True


def test_extension_flow(seeded: Any) -> None:
    assert (
        seeded("task", "extend", "1", "--due", "+20d", "--reason", "需协调外部单位").exit_code == 0
    )
    pending = seeded("task", "show", "1", "--json").json()
    assert pending["due"] == pending["original_due"]
    assert pending["extensions"][0]["status"] == "pending"
    own = seeded("task", "extend", "1", "--approve")
    assert own.exit_code == 1 and "tester" in own.stderr  # not by the one who asked
    director = {"OFFICEDESK_OPERATOR": "王主任"}
    assert seeded("task", "extend", "1", "--approve", "--note", "同意", env=director).exit_code == 0
    approved = seeded("task", "show", "1", "--json").json()
    assert approved["due"] == "2026-12-16"
    assert approved["original_due"] == pending["original_due"]


def test_history_and_undo(seeded: Any) -> None:
    assert seeded("task", "edit", "1", "--title", "改过的标题").exit_code == 0
    history = seeded("history", "DB-2026-0001", "--json").json()
    operations = [change["operation"] for change in history["changes"]]
    assert "task.add" in operations and "task.edit" in operations
    undone = seeded("undo", "--json")
    assert undone.exit_code == 0 and undone.json()["undone"] == "task.edit"
    assert seeded("task", "show", "1", "--json").json()["title"] == "落实安全生产检查"


def test_markup_in_user_text_is_printed_literally(seeded: Any) -> None:
    titles = ["[bold red]x[/]", "[link=https://a]y[/]", "[@click=app.quit]z[/]"]
    for title in titles:
        assert seeded("task", "add", title).exit_code == 0
    result = seeded("task", "list", "--limit", "10", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for title in titles:
        assert title in result.stdout
    assert "\x1b" not in result.stdout


def test_wide_titles_are_cut_on_a_character_boundary(seeded: Any) -> None:
    assert (
        seeded("task", "add", "关于进一步加强和规范集团公司各部门督查督办工作的实施意见").exit_code
        == 0
    )
    result = seeded("task", "list", env={"COLUMNS": "100"})
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if "DB-2026-0002" in line)
    assert "…" in row
    assert "\ufffd" not in row


def test_dept_and_contact_lookup_by_pinyin(seeded: Any) -> None:
    shown = seeded("contact", "show", "zhangsan", "--json").json()
    assert shown["name"] == "张三" and shown["dept"] == "办公室"
    listed = seeded("contact", "list", "--search", "zs", "--json").json()
    assert [person["name"] for person in listed] == ["张三"]
    dept = seeded("dept", "show", "rlzyb", "--json").json()
    assert dept["name"] == "人力资源部"


def test_batch_runs_lines_and_reports_each(seeded: Any) -> None:
    lines = "\n".join(
        [
            'task add "批量一" --due +3d',
            json.dumps({"cmd": "task add", "title": "批量二", "dept": "HR"}, ensure_ascii=False),
            json.dumps(["task", "remind", "1", "--note", "请反馈"], ensure_ascii=False),
            "task show 999",
            "# a comment",
        ]
    )
    result = seeded("batch", input=lines)
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["ok"] for r in out] == [True, True, True, False]
    assert out[1]["result"]["dept"] == "人力资源部"
    assert out[3]["code"] == "task.not_found"
    assert seeded("task", "list", "--json").json()[-1]["title"] == "批量二"


def test_atomic_batch_keeps_nothing_on_failure(seeded: Any, db_url: str) -> None:
    before = dump(db_url)
    result = seeded("batch", "--atomic", input='task add "甲"\ntask add ""\ntask add "乙"\n')
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["ok"] for r in out] == [False, False, False]
    assert [r["code"] for r in out] == ["batch.rolled_back", "input.required", "batch.not_run"]
    assert dump(db_url) == before
    ok = seeded("batch", "--atomic", input='task add "甲"\ntask add "乙"\n')
    assert ok.exit_code == 0
    assert [json.loads(line)["result"]["code"] for line in ok.stdout.splitlines()] == [
        "DB-2026-0002",
        "DB-2026-0003",
    ]


def test_batch_refuses_nested_and_global_options(seeded: Any) -> None:
    result = seeded(
        "batch", input="batch\n--db /tmp/x.db task list\ntask list --help\ntask show -h 1\n"
    )
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["code"] for r in out] == [
        "batch.refused",
        "batch.no_command",
        "batch.no_help",
        "batch.no_help",  # -h as well: a help page would break the JSON stream
    ]


def test_language_env_and_option(seeded: Any) -> None:
    zh = seeded("task", "add", "中文", env={"OFFICEDESK_LANG": "zh"})
    assert zh.exit_code == 0 and "已" in zh.stdout
    en = seeded("--lang", "en", "task", "add", "English")
    assert en.exit_code == 0 and "DB-2026-0003" in en.stdout
    bad = seeded("--lang", "fr", "task", "list")
    assert bad.exit_code == 1 and "fr" in bad.stderr


def test_db_option_points_at_a_file(cli: Any, tmp_path: Any) -> None:
    path = tmp_path / "other.db"
    assert cli("--db", str(path), "task", "add", "另一个库").exit_code == 0
    assert cli("--db", str(path), "task", "list", "--json").json()[0]["title"] == "另一个库"
    assert cli("task", "list", "--json").json() == []


def test_db_status_and_upgrade(cli: Any) -> None:
    status = cli("db", "status", "--json").json()
    assert status["schema"] == status["head"]
    upgrade = cli("db", "upgrade")
    assert upgrade.exit_code == 0 and status["head"] in upgrade.stdout


def test_stored_control_characters_never_reach_the_terminal(seeded: Any, ctx: Any) -> None:
    from officedesk.models import Task

    with ctx.write("raw") as session:  # stored before validation existed, or by raw SQL
        task = session.get(Task, 1)
        task.title = "title\x1b]0;pwned\x07\x9b2J"
        task.due = task.assigned_on  # due today, so Today lists it too
    for args in (["task", "list"], ["task", "show", "1"], ["today"], ["today", "--brief"]):
        result = seeded(*args, env={"COLUMNS": "200"})
        assert result.exit_code == 0, (args, result.stderr)
        out = result.stdout
        assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
        assert "title\ufffd" in out


@pytest.mark.parametrize(
    "args", [["-h"], ["task", "-h"], ["visit", "add", "-h"], ["history", "-h"], ["task", "list"]]
)
def test_help_pages_speak_the_users_language(cli: Any, args: list[str]) -> None:
    """Click's own words (Usage, Options, the help option's line) go through i18n too."""
    if args == ["task", "list"]:  # a usage error shows the usage line
        args = ["task", "list", "--bogus"]
    zh = cli("--lang", "zh", *args)
    page = zh.stdout + zh.stderr
    # (The commands' own help is worded when a noun is first built in this test process.)
    for english in ("Usage:", "Options:", "Arguments:", "Commands:", "Show this", "[required]"):
        assert english not in page, english
    assert "用法：" in page
    en = cli("--lang", "en", *args)
    assert "Usage: " in en.stdout + en.stderr
    if "-h" in args:
        assert "显示本帮助并退出。" in zh.stdout and "选项：" in zh.stdout
        assert "Show this help and exit." in en.stdout and "Options:" in en.stdout


def test_every_word_typer_writes_through_gettext_is_translated() -> None:
    """A Typer upgrade that adds a help word shows up here, not as English on a Chinese page.
    The two error messages are reworded by cli.usage (usage errors are one line of ours)."""
    import re

    import typer.core

    from officedesk.cli.help_words import WORDS

    source = Path(typer.core.__file__).read_text(encoding="utf-8")
    words = set(re.findall(r'\b_\("([^"]+)"\)', source))
    assert words - set(WORDS) == {"Missing command.", "No such command {name!r}."}


def test_an_argument_that_is_not_utf8_is_a_usage_error(cli: Any) -> None:
    """Bytes the shell could not decode arrive as lone surrogates: exit 2, not an internal error."""
    result = cli("history", "\udcff")
    assert result.exit_code == 2
    assert "Argument 2 is not text" in result.stderr and "Traceback" not in result.stderr


def test_a_batch_line_nested_thousands_deep_is_bad_json(cli: Any) -> None:
    result = cli("batch", input="[" * 5000 + "\n")
    assert result.exit_code == 1
    [line] = [json.loads(text) for text in result.stdout.splitlines()]
    assert (line["ok"], line["code"]) == (False, "batch.bad_json")


@pytest.mark.parametrize(
    ("due", "note"),
    [
        pytest.param("2027-01-15", "法定节假日已按放假办法计入", id="law"),
        pytest.param("2051-01-16", "工作日按周一至周五估算", id="beyond-the-law-table"),
    ],
)
def test_the_estimated_note_says_what_is_missing(cli: Any, due: str, note: str) -> None:
    """2027's holidays are fixed by law, only its 调休 are unknown; a year the law's table does
    not reach has none known, and the list's note says which."""
    assert cli("task", "add", "年度计划", "--due", due).exit_code == 0
    listed = cli("--lang", "zh", "task", "list")
    assert listed.exit_code == 0, listed.stderr
    assert note in listed.stdout
    other = "工作日按周一至周五估算" if "法定" in note else "法定节假日已按放假办法计入"
    assert other not in listed.stdout


def test_task_done_says_the_result_went_back_to_its_leader(cli: Any) -> None:
    assert cli("task", "add", "落实安全生产检查", "--leader", "刘振华").exit_code == 0
    assert cli("task", "add", "整理档案").exit_code == 0
    done = cli("--lang", "zh", "task", "done", "1", "2")
    assert done.exit_code == 0, done.stderr
    assert "DB-2026-0001 的办理结果已报交办领导刘振华" in done.stdout
    assert "DB-2026-0002 的办理结果" not in done.stdout
    shown = cli("--lang", "zh", "task", "show", "1")
    assert "交办领导" in shown.stdout and "已报交办领导" in shown.stdout
    assert "交办领导" not in cli("--lang", "zh", "task", "show", "2").stdout
    data = json.loads(cli("task", "show", "1", "--json").stdout)
    assert data["leader"] == "刘振华"


def test_the_principal_leader_is_marked_in_the_directory_and_signs_upward(cli: Any) -> None:
    assert cli("dept", "add", "集团公司", "--code", "JT", "--kind", "superior").exit_code == 0
    assert cli("contact", "add", "陈光明", "--title", "总经理", "--principal").exit_code == 0
    assert cli("contact", "add", "刘振华").exit_code == 0
    shown = json.loads(cli("contact", "show", "陈光明", "--json").stdout)
    assert shown["principal"] is True
    request = cli(
        "--lang", "zh", "outgoing", "add", "关于购置车辆的请示", "--type", "request",
        "--to", "JT", "--signer", "刘振华", "--body", "妥否，请批复。",
    )  # fmt: skip
    assert request.exit_code == 0, request.stderr
    assert "上行文应由主要负责人签发，现签发人为刘振华" in request.stderr
    assert cli("contact", "edit", "陈光明", "--not-principal").exit_code == 0
    assert json.loads(cli("contact", "show", "陈光明", "--json").stdout)["principal"] is False
