"""`officedesk outgoing …` through the real entry point: every verb, --json, warnings on stderr
with exit 0, one-line refusals with exit 1, the year's numbers and the draft template."""

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from conftest import BACKEND, dump
from probes import loaded_by


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


def one_line_error(result: Any, *words: str) -> str:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


@pytest.fixture
def office(cli: Any) -> Any:
    ok(cli("dept", "add", "办公室", "--code", "BGS"))
    ok(cli("dept", "add", "财务部", "--code", "CWB"))
    ok(cli("dept", "add", "集团公司", "--code", "JT", "--kind", "superior"))
    ok(cli("contact", "add", "李娜", "--dept", "BGS"))
    ok(cli("contact", "add", "王建国", "--dept", "BGS"))
    return cli


def add_notice(cli: Any, title: str = "关于开展消防安全检查的通知", *extra: str) -> dict[str, Any]:
    return ok(
        cli(
            "outgoing",
            "add",
            title,
            "--type",
            "notice",
            "--to",
            "各部门",
            "--dept",
            "BGS",
            "--drafter",
            "李娜",
            "--reviewer",
            "王建国",
            "--signer",
            "刘振华",
            *extra,
            "--json",
        )
    ).json()


def test_add_with_warnings_on_stderr_and_json_on_stdout(office: Any) -> None:
    result = ok(
        office(
            "outgoing",
            "add",
            "关于购置车辆和增加编制的请示",
            "-t",
            "request",
            "--to",
            "集团公司",
            "--to",
            "财务部",
            "--cc",
            "市国资委",
            "--json",
        )
    )
    doc = result.json()
    assert (doc["state"], doc["main_to"], doc["copy_to"]) == (
        "draft",
        ["集团公司", "财务部"],
        ["市国资委"],
    )
    codes = [w["code"] for w in doc["warnings"]]
    assert codes == [
        "outgoing.check.request_many_matters",
        "outgoing.check.request_many_recipients",
        "outgoing.check.upward_sent_down",
    ]
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and all(line.startswith("officedesk: warning: ") for line in lines)
    clean = ok(office("outgoing", "add", "关于购置车辆的请示", "-t", "request", "--to", "JT"))
    assert clean.stderr == "" and "#2" in clean.stdout


def test_list_show_edit(office: Any) -> None:
    first = add_notice(office)
    add_notice(office, "关于[bold]x[/]的通知")
    listed = ok(office("outgoing", "list", "--json")).json()
    assert [d["id"] for d in listed] == [2, 1]
    human = ok(office("outgoing", "list")).stdout
    assert "[bold]x[/]" in human and "Notice" in human  # data, never markup
    assert ok(office("outgoing", "list", "--state", "filed", "--json")).json() == []
    shown = ok(office("outgoing", "show", str(first["id"]), "--json")).json()
    assert [e["action"] for e in shown["log"]] == ["create"] and shown["voids"] == []
    assert "Steps" in ok(office("outgoing", "show", "1")).stdout
    edited = ok(
        office(
            "outgoing",
            "edit",
            "1",
            "--title",
            "关于开展冬季消防安全检查的通知",
            "--urgency",
            "urgent",
            "--json",
        )
    ).json()
    assert (edited["title"], edited["urgency"]) == ("关于开展冬季消防安全检查的通知", "urgent")


def test_every_step_from_the_command_line(office: Any, tmp_path: Path) -> None:
    add_notice(office, "关于开展保密自查的通知", "--secrecy", "secret")
    add_notice(office)
    ok(office("outgoing", "review", "1", "2"))
    signed = ok(office("outgoing", "sign", "1", "2", "--json")).json()
    assert [d["state"] for d in signed] == ["signed", "signed"]
    ok(office("outgoing", "check", "1", "2"))
    registered = ok(office("outgoing", "register", "2", "1", "--json")).json()
    assert [d["number"] for d in registered] == ["X司发〔2026〕1号", "X司发〔2026〕2号"]
    printed = ok(office("outgoing", "print", "X司发〔2026〕2号", "--copies", "12", "--json")).json()
    assert printed[0]["copy_numbers"] == "000001–000012"
    ok(office("outgoing", "dispatch", "1", "--on", "today"))
    result = ok(office("outgoing", "file", "1", "--note", "已归档"))
    assert "X司发〔2026〕2号" in result.stdout
    doc = ok(office("outgoing", "show", "1", "--json")).json()
    assert [e["action"] for e in doc["log"]] == [
        "create",
        "review",
        "sign",
        "check",
        "register",
        "print",
        "dispatch",
        "file",
    ]


def test_check_with_a_change_goes_back_to_the_signer(office: Any) -> None:
    add_notice(office)
    ok(office("outgoing", "review", "1"))
    ok(office("outgoing", "sign", "1"))
    one_line_error(office("outgoing", "check", "1", "--changed"), "#1", "what changed")
    back = ok(
        office("outgoing", "check", "1", "--changed", "--note", "改了第二段", "--json")
    ).json()
    assert back[0]["state"] == "reviewed"
    one_line_error(office("outgoing", "register", "1"), "#1", "reviewed", "sign")


def test_void_and_numbers(office: Any) -> None:
    add_notice(office)
    for step in ("review", "sign", "check", "register"):
        ok(office("outgoing", step, "1"))
    assert office("outgoing", "void", "1").exit_code == 2  # --reason is required
    one_line_error(office("outgoing", "void", "1", "--reason", " "), "reason")
    voided = ok(office("outgoing", "void", "1", "--reason", "编号登记错误", "--json")).json()
    assert (voided["state"], voided["number"]) == ("checked", None)
    ok(office("outgoing", "register", "1"))
    numbers = ok(office("outgoing", "numbers", "--year", "2026", "--json")).json()
    assert numbers["year"] == 2026 and numbers["warnings"] == []
    [series] = numbers["prefixes"]
    assert [(n["number"], n["status"]) for n in series["numbers"]] == [
        ("X司发〔2026〕1号", "voided"),
        ("X司发〔2026〕2号", "used"),
    ]
    assert series["numbers"][0]["reason"] == "编号登记错误"
    human = ok(office("outgoing", "numbers"))
    assert "voided" in human.stdout and "编号登记错误" in human.stdout and human.stderr == ""
    empty = ok(office("outgoing", "numbers", "--year", "2020"))
    assert "2020" in empty.stdout
    one_line_error(office("outgoing", "show", "X司发〔2026〕1号"), "voided", "编号登记错误")


def test_a_gap_is_a_warning_not_a_failure(office: Any, db_url: str) -> None:
    from sqlalchemy import create_engine, text

    add_notice(office)
    for step in ("review", "sign", "check", "register"):
        ok(office("outgoing", step, "1"))
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE counter SET value = 3 WHERE series = 'outgoing:X司发'"))
    engine.dispose()
    result = ok(office("outgoing", "numbers", "--json"))
    assert result.json()["prefixes"][0]["gaps"] == ["X司发〔2026〕2号", "X司发〔2026〕3号"]
    assert result.stderr.count("warning: Gap") == 2


def test_refusals_are_one_line_and_change_nothing(office: Any, db_url: str) -> None:
    add_notice(office)
    before = dump(db_url)
    one_line_error(office("outgoing", "show", "99"), "99")
    one_line_error(office("outgoing", "add", "x", "--type", "memo"), "Type", "notice")
    one_line_error(office("outgoing", "add", "x", "--type", "notice", "--dept", "无此部门"))
    one_line_error(office("outgoing", "sign", "1"), "#1", "draft")
    one_line_error(office("outgoing", "list", "--state", "nope"))
    one_line_error(office("outgoing", "print", "1", "--copies", "3"))
    after = dump(db_url)
    assert {k: v for k, v in after.items() if k not in ("operation",)} == {
        k: v for k, v in before.items() if k not in ("operation",)
    }


def test_a_draft_for_a_period_not_begun_says_so(office: Any) -> None:
    """Issue 10, point 22: `--period 2027` printed "2027-01-01 至 2026-12-07"."""
    shown = ok(office("--lang", "zh", "outgoing", "draft", "--kind", "plan", "--period", "2027"))
    assert "2027年1月1日 至 2027年12月31日）尚未开始" in shown.stdout
    assert "至 2026" not in shown.stdout


def test_draft_to_stdout_file_and_record(office: Any, tmp_path: Path) -> None:
    ok(office("task", "add", "报送年度总结", "--dept", "BGS"))
    ok(office("task", "done", "DB-2026-0001"))
    shown = ok(office("outgoing", "draft", "--kind", "summary", "--period", "2026-H2"))
    assert shown.stdout.startswith("# Work summary for the second half of 2026\n")
    assert "| 办公室 | 1 | 1 | 0 |" in shown.stdout and "no meetings register yet" in shown.stdout
    target = tmp_path / "drafts" / "q4.md"
    target.parent.mkdir()
    made = ok(
        office(
            "outgoing",
            "draft",
            "-k",
            "plan",
            "--period",
            "2026-Q4",
            "--out",
            str(target),
            "--create",
            "--dept",
            "BGS",
            "--json",
        )
    ).json()
    assert made["path"] == str(target) and made["record"]["doc_type"] == "plan"
    assert made["figures"]["totals"]["done"] == 1
    assert target.read_text(encoding="utf-8") == made["markdown"]
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    listed = ok(office("outgoing", "list", "--type", "plan", "--json")).json()
    assert [d["title"] for d in listed] == ["Work plan for Q4 2026"]
    one_line_error(
        office("outgoing", "draft", "--kind", "summary", "--period", "2026-H3"), "2026-H3"
    )
    one_line_error(office("outgoing", "draft", "--kind", "memo", "--period", "2026"), "speech")
    missing = tmp_path / "nowhere" / "x.md"
    one_line_error(
        office(
            "outgoing",
            "draft",
            "-k",
            "speech",
            "--period",
            "2026",
            "--out",
            str(missing),
            "--create",
        )
    )
    assert ok(office("outgoing", "list", "--type", "speech", "--json")).json() == []


DRAFT = ("outgoing", "draft", "--kind", "summary", "--period", "2026-H2")


def draft_records(cli: Any) -> list[Any]:
    return ok(cli("outgoing", "list", "--type", "summary", "--json")).json()


def test_draft_out_replaces_an_existing_file_only_with_force(office: Any, tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("my notes", encoding="utf-8")
    target.chmod(0o644)
    line = one_line_error(office(*DRAFT, "--out", str(target)), str(target), "--force")
    assert "exists" in line and target.read_text(encoding="utf-8") == "my notes"
    written = ok(office(*DRAFT, "--out", str(target), "--force"))
    assert written.stdout == f"Written to {target}\n"
    assert target.read_text(encoding="utf-8").startswith("# Work summary")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    zh = office("--lang", "zh", *DRAFT, "--out", str(target))
    assert "已存在" in one_line_error(zh, "--force")


@pytest.mark.skipif(BACKEND != "sqlite", reason="the database is a file only on SQLite")
def test_draft_out_never_writes_the_open_database(office: Any, db_url: str, tmp_path: Path) -> None:
    database = Path(db_url.removeprefix("sqlite:///"))
    symlink = tmp_path / "notes.md"
    symlink.symlink_to(database)
    hardlink = tmp_path / "copy.md"
    os.link(database, hardlink)
    wal = database.with_name(database.name + "-wal")
    content = database.read_bytes()
    before = dump(db_url)
    for target in (database, wal, database.with_name(database.name + "-shm"), symlink, hardlink):
        for extra in ((), ("--force",), ("--force", "--create")):
            line = one_line_error(office(*DRAFT, "--out", str(target), *extra), str(target))
            assert "open database" in line and "--force" in line
    assert database.read_bytes() == content and symlink.is_symlink()
    assert not wal.exists() or not wal.read_bytes().startswith(b"#")
    assert ok(office("task", "list", "--json")).json() == []
    after = dump(db_url)
    assert {k: v for k, v in after.items() if k != "operation"} == {
        k: v for k, v in before.items() if k != "operation"
    }


def test_draft_out_refuses_directories_fifos_and_missing_directories(
    office: Any, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    one_line_error(office(*DRAFT, "--out", str(folder), "--force"), "is a directory")
    one_line_error(office(*DRAFT, "--out", str(fifo), "--force"), "not a regular file")
    missing = tmp_path / "nowhere" / "summary.md"
    one_line_error(office(*DRAFT, "--out", str(missing)), f"{tmp_path / 'nowhere'} does not exist")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and not (tmp_path / "nowhere").exists()


def test_draft_out_is_checked_before_any_work_or_record(
    office: Any, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import officedesk.views.outgoing_draft as drafting

    target = tmp_path / "summary.md"
    target.write_text("my notes", encoding="utf-8")
    before = dump(db_url)
    real_build = drafting.build_draft

    def not_yet(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the figures were counted before --out was checked")

    monkeypatch.setattr(drafting, "build_draft", not_yet)
    one_line_error(office(*DRAFT, "--out", str(target), "--create"), "--force")
    one_line_error(office(*DRAFT, "--out", str(tmp_path / "no" / "x.md"), "--create"))
    monkeypatch.setattr(drafting, "build_draft", real_build)
    assert draft_records(office) == [] and target.read_text(encoding="utf-8") == "my notes"
    after = dump(db_url)
    assert {k: v for k, v in after.items() if k != "operation"} == {
        k: v for k, v in before.items() if k != "operation"
    }


def test_a_failed_write_leaves_no_record_and_the_old_file(
    office: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "summary.md"
    target.write_text("my notes", encoding="utf-8")

    def disk_full(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = office(*DRAFT, "--out", str(target), "--force", "--create")
    monkeypatch.undo()
    one_line_error(result, str(target), "No space left on device")
    assert draft_records(office) == []
    assert target.read_text(encoding="utf-8") == "my notes"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_chinese_output(office: Any) -> None:
    result = ok(
        office(
            "--lang",
            "zh",
            "outgoing",
            "add",
            "关于年度预算的请示报告",
            "-t",
            "report",
            "--to",
            "JT",
        )
    )
    assert "已起草" in result.stdout and "报告中不得夹带请示事项" in result.stderr


@pytest.mark.slow
def test_list_json_imports_neither_textual_nor_rich(tmp_path: Path) -> None:
    db = tmp_path / "probe.db"
    assert loaded_by(["outgoing", "add", "通知", "--type", "notice", "--json"], db, tmp_path)[
        "code"
    ] in (0, None)
    report = loaded_by(["outgoing", "list", "--json"], db, tmp_path)
    assert report["code"] in (0, None) and report["loaded"] == []
