"""`officedesk visit …` through the real entry point: every verb, --json, warnings on stderr with
exit 0, one-line errors with exit 1 and nothing written, the reception list."""

import re
from typing import Any

import pytest

from conftest import CliResult, dump
from probes import loaded_by


@pytest.fixture
def seeded(cli: Any) -> Any:
    for args in (
        ["dept", "add", "办公室", "--code", "BGS"],
        ["dept", "add", "市国资委", "--kind", "superior"],
        ["contact", "add", "王建国", "--dept", "BGS", "--title", "主任"],
        [
            "visit",
            "add",
            "市国资委",
            "--arrive",
            "2026-11-26 09:30",
            "--depart",
            "2026-11-26 17:00",
            "--purpose",
            "调研安全生产",
            "--letter",
            "国资委函〔2026〕45号",
            "--host",
            "王建国",
            "-g",
            "任杰:企业改革处科长",
            "-g",
            "李明:科员",
            "--hosts",
            "2",
            "--budget",
            "2000",
        ],
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
        assert result.stderr == "", result.stderr
    return cli


def ok(result: CliResult) -> CliResult:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def one_line_error(result: CliResult) -> str:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("officedesk: ")
    return lines[0]


def test_add_show_list_as_json(seeded: Any) -> None:
    shown = ok(seeded("visit", "show", "JD-2026-0001", "--json")).json()
    assert shown["code"] == "JD-2026-0001"
    assert (shown["host"], shown["host_dept"], shown["state"]) == ("王建国", "办公室", "planned")
    assert [g["name"] for g in shown["guests"]] == ["任杰", "李明"]
    assert shown["budget"] == "2,000.00" and shown["budget_fen"] == 200000
    assert shown["warnings"] == []
    listed = ok(seeded("visit", "list", "--json", "--state", "planned")).json()
    assert [v["code"] for v in listed] == ["JD-2026-0001"]
    assert ok(seeded("visit", "list", "--json", "--state", "settled")).json() == []


def test_human_views(seeded: Any) -> None:
    listed = ok(seeded("visit", "list")).stdout
    assert "JD-2026-0001" in listed and "市国资委" in listed and "planned" in listed
    shown = ok(seeded("visit", "show", "1")).stdout
    assert "任杰" in shown and "企业改革处科长" in shown and "国资委函〔2026〕45号" in shown


def test_every_step_to_settled(seeded: Any) -> None:
    ok(seeded("visit", "confirm", "1"))
    ok(seeded("visit", "done", "1", "--hosts", "3"))
    missing = one_line_error(seeded("visit", "settle", "1", "--cost", "1,850.50"))
    assert "--papers" in missing and "reception list" in missing
    result = ok(
        seeded(
            "visit", "settle", "1", "--cost", "1,850.50", "--papers", "发票,公函,接待清单", "--json"
        )
    )
    settled = result.json()
    assert (settled["state"], settled["cost_fen"], settled["table_hosts"]) == ("settled", 185050, 3)
    assert settled["papers"] == ["invoice", "letter", "list"]
    assert result.stderr == ""


def test_confirming_without_a_letter_asks_for_the_reason(seeded: Any, db_url: str) -> None:
    ok(seeded("visit", "add", "省发改委", "--arrive", "明天 9:00"))
    before = dump(db_url)
    line = one_line_error(seeded("visit", "confirm", "JD-2026-0002"))
    assert "JD-2026-0002" in line and "--letter / --waiver" in line
    assert dump(db_url) == before
    confirmed = ok(
        seeded("visit", "confirm", "JD-2026-0002", "--waiver", "电话预约，公函后补", "--json")
    ).json()
    assert (confirmed["state"], confirmed["letter_waiver"]) == ("confirmed", "电话预约，公函后补")
    sheet = ok(seeded("visit", "sheet", "JD-2026-0002")).stdout
    assert "电话预约，公函后补" in sheet


def test_settle_without_cost_is_refused_and_writes_nothing(seeded: Any, db_url: str) -> None:
    ok(seeded("visit", "confirm", "1"))
    ok(seeded("visit", "done", "1"))
    before = dump(db_url)
    line = one_line_error(seeded("visit", "settle", "1"))
    assert "--cost" in line
    assert dump(db_url) == before


def test_warnings_go_to_stderr_with_exit_zero(seeded: Any) -> None:
    result = ok(seeded("visit", "add", "省发改委", "--arrive", "明天 9:00", "--hosts", "4"))
    assert "JD-2026-0002" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert "official letter" in lines[0] and "JD-2026-0002" in lines[0]
    assert "4 hosts" in lines[1] and "limit of 3" in lines[1]
    data = ok(seeded("visit", "show", "JD-2026-0002", "--json")).json()
    assert [w["code"] for w in data["warnings"]] == [
        "visit.warn.no_letter",
        "visit.warn.too_many_hosts",
    ]


@pytest.mark.parametrize(
    ("args", "quoted"),
    [
        (["visit", "add", "某单位"], "Arrival"),
        (["visit", "add", "某单位", "--arrive", "someday"], "someday"),
        (["visit", "add", "某单位", "--arrive", "明天", "--budget", "1.234"], "1.234"),
        (["visit", "add", "某单位", "--arrive", "明天", "--host", "无名氏"], "无名氏"),
        (["visit", "show", "JD-2026-0099"], "JD-2026-0099"),
        (["visit", "done", "1"], "confirm"),
        (["visit", "settle", "1", "--cost", "10"], "settle"),
        (["visit", "cancel", "1"], "reason"),
        (["visit", "list", "--state", "finished"], "State"),
        (["visit", "guest", "remove", "1", "无此人"], "无此人"),
        (["visit", "activity", "remove", "1", "42"], "42"),
    ],
)
def test_errors_are_one_line_and_change_nothing(
    seeded: Any, db_url: str, args: list[str], quoted: str
) -> None:
    before = dump(db_url)
    assert quoted in one_line_error(seeded(*args))
    assert dump(db_url) == before


def test_unknown_guest_action_is_a_usage_error(seeded: Any) -> None:
    result = seeded("visit", "guest", "rename", "1", "张三")
    assert result.exit_code == 2
    assert "add, remove" in result.stderr


def test_edit_cancel_and_closed_record(seeded: Any) -> None:
    edited = ok(seeded("visit", "edit", "1", "--purpose", "专题调研", "--room", "贵宾室", "--json"))
    assert (edited.json()["purpose"], edited.json()["room"]) == ("专题调研", "贵宾室")
    ok(seeded("visit", "cancel", "1", "--reason", "对方行程调整"))
    assert "cancelled" in one_line_error(seeded("visit", "edit", "1", "--purpose", "再改"))


def test_guests_and_activities_then_the_sheet(seeded: Any) -> None:
    added = ok(seeded("visit", "guest", "add", "1", "王芳", "--post", "主任科员", "--json"))
    assert added.json()["guest_count"] == 3
    ok(seeded("visit", "guest", "remove", "1", "李明"))
    ok(seeded("visit", "activity", "add", "1", "座谈交流", "--place", "三楼会议室"))
    ok(seeded("visit", "activity", "add", "1", "工作餐", "--at", "12:00", "--cost", "360"))
    sheet = ok(seeded("visit", "sheet", "JD-2026-0001")).stdout
    assert sheet.startswith("# Reception list (JD-2026-0001)")
    for expected in (
        "市国资委",
        "国资委函〔2026〕45号",
        "| 1 | 任杰 | 企业改革处科长 |",
        "| 2 | 王芳 | 主任科员 |",
        "| 2026-11-26 09:30 | 三楼会议室 | 座谈交流 |",
        "| 2026-11-26 12:00 |  | 工作餐 | 360.00 |",
        "| Total | 360.00 |",
    ):
        assert expected in sheet, expected
    assert "李明" not in sheet
    data = ok(seeded("visit", "sheet", "1", "--json")).json()
    assert [g["name"] for g in data["guests"]] == ["任杰", "王芳"]
    assert data["activities_total"] == "360.00"


def test_sheet_speaks_chinese(seeded: Any) -> None:
    sheet = ok(seeded("--lang", "zh", "visit", "sheet", "1")).stdout
    assert sheet.startswith("# 公务接待清单（JD-2026-0001）")
    assert "来访单位：市国资委" in sheet
    # Dates as a document writes them (GB/T 9704), not ISO (issue 10, point 22).
    when = next(line for line in sheet.splitlines() if line.startswith("- 来访时间"))
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", when) and "-" not in when[2:]


def test_markup_in_user_text_is_shown_literally(seeded: Any) -> None:
    ok(seeded("visit", "edit", "1", "--purpose", "[bold]x[/]"))
    assert "[bold]x[/]" in ok(seeded("visit", "show", "1")).stdout


def test_today_shows_the_visitors(seeded: Any) -> None:
    data = ok(seeded("today", "--json")).json()
    lines = data["agenda"]["visits_today"]
    assert [line["code"] for line in lines] == ["JD-2026-0001"]
    assert "王建国" in lines[0]["detail"]


def test_search_finds_a_visit_by_guest_name(seeded: Any) -> None:
    hits = ok(seeded("search", "任杰", "--json")).json()
    assert any(hit.get("code") == "JD-2026-0001" for hit in hits)


@pytest.mark.slow
def test_visit_list_json_imports_neither_textual_nor_rich(tmp_path: Any) -> None:
    db = tmp_path / "office.db"
    assert loaded_by(["visit", "add", "某单位", "--arrive", "明天"], db, tmp_path)["code"] in (
        0,
        None,
    )
    report = loaded_by(["visit", "list", "--json"], db, tmp_path)
    assert report["code"] in (0, None)
    assert report["loaded"] == []
