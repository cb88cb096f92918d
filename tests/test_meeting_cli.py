"""`officedesk meeting …` and `officedesk room …` through CliRunner: the whole life of a meeting
from the shell, --json on reads, one-line errors with exit 1, Chinese choice words, the calendar."""

import json
from typing import Any

import pytest

SEED = (
    ("dept", "add", "办公室", "--code", "BGS"),
    ("dept", "add", "财务部", "--code", "CWB"),
    ("contact", "add", "王建国", "--dept", "BGS"),
    ("contact", "add", "李娜", "--dept", "BGS"),
    ("contact", "add", "孙丽华", "--dept", "CWB"),
    ("room", "add", "第一会议室", "--capacity", "20", "--equipment", "投影仪"),
)


@pytest.fixture
def office(cli: Any) -> Any:
    for args in SEED:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return cli


def one_line_error(result: Any) -> str:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_a_meeting_from_plan_to_carried_out(office: Any) -> None:
    cli = office
    added = cli(
        "--lang",
        "zh",
        "meeting",
        "add",
        "第40次总经理办公会",
        "--kind",
        "总经理办公会",
        "--start",
        "2026-11-26 09:00",
        "--end",
        "11:30",
        "--room",
        "第一会议室",
        "--chair",
        "王建国",
        "-d",
        "BGS",
        "-a",
        "李娜",
        "--attend-dept",
        "财务部",
        "--agenda",
        "审议预算：财务部",
    )
    assert added.exit_code == 0, added.stderr
    assert "HY-2026-0001" in added.stdout
    steps = (
        ("meeting", "tick", "HY-2026-0001", "会议材料", "room"),
        ("meeting", "notify", "HY-2026-0001"),
        ("meeting", "hold", "1"),
        ("meeting", "minute", "1", "--minutes", "会议研究了预算。"),
        ("meeting", "resolve", "1", "财务部完成预算分析", "--dept", "财务部"),
    )
    for args in steps:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
    shown = cli("meeting", "show", "HY-2026-0001", "--json").json()
    assert (shown["state"], shown["kind"], shown["room"]) == ("minuted", "gm_office", "第一会议室")
    assert shown["checklist"] == ["notice", "materials", "room"]
    assert [a["name"] for a in shown["attendees"]] == ["李娜", "财务部"]
    resolution = shown["resolutions"][0]
    assert (resolution["task_code"], resolution["task_state"]) == ("DB-2026-0001", "assigned")
    assert shown["carried_out"] is False
    for verb in ("start", "done"):
        assert cli("task", verb, "DB-2026-0001").exit_code == 0
    assert cli("meeting", "show", "1", "--json").json()["carried_out"] is True
    human = cli("--lang", "zh", "meeting", "show", "1")
    assert "已全部落实" in human.stdout and "DB-2026-0001" in human.stdout


def test_errors_are_one_line_with_exit_1(office: Any) -> None:
    cli = office
    assert (
        cli("meeting", "add", "例会", "--start", "2026-11-27 09:00", "-r", "第一会议室").exit_code
        == 0
    )
    taken = one_line_error(
        cli("meeting", "add", "专题会", "--start", "2026-11-27 09:30", "-r", "第一会议室")
    )
    assert "HY-2026-0001" in taken
    assert "Unreadable" in one_line_error(
        cli("--lang", "en", "meeting", "add", "x", "--start", "?")
    )
    assert one_line_error(cli("meeting", "minute", "1"))
    assert one_line_error(cli("meeting", "show", "HY-2026-0099"))
    assert one_line_error(cli("meeting", "add", "x", "--start", "明天", "--kind", "party"))
    assert one_line_error(cli("room", "add", "第一会议室"))
    assert cli("meeting", "list", "--week", "--month").exit_code == 2


def test_list_json_and_the_calendar_by_day(office: Any) -> None:
    cli = office
    for title, start in (("周四会", "2026-11-26 15:00"), ("周一会", "2026-11-23 09:00")):
        assert cli("meeting", "add", title, "--start", start).exit_code == 0
    listed = cli("meeting", "list", "--json").json()
    assert [m["title"] for m in listed] == ["周四会", "周一会"]  # latest first
    week = cli("--lang", "en", "meeting", "list", "--week", "--on", "2026-11-26")
    assert week.exit_code == 0, week.stderr
    lines = week.stdout.splitlines()
    monday = next(i for i, line in enumerate(lines) if line.startswith("2026-11-23 Monday"))
    thursday = next(i for i, line in enumerate(lines) if line.startswith("2026-11-26 Thursday"))
    assert monday < thursday
    in_week = cli("meeting", "list", "--week", "--on", "2026-11-26", "--json").json()
    assert [m["title"] for m in in_week] == ["周一会", "周四会"]  # earliest first
    assert cli("meeting", "list", "--month", "--on", "2026-12-01", "--json").json() == []


def test_markup_in_a_title_is_shown_literally(office: Any) -> None:
    cli = office
    assert cli("meeting", "add", "[bold]x[/]", "--start", "2026-11-27").exit_code == 0
    shown = cli("meeting", "show", "1")
    assert "[bold]x[/]" in shown.stdout


def test_rooms_from_the_shell(office: Any) -> None:
    cli = office
    edited = cli("room", "edit", "第一会议室", "--capacity", "30", "--json")
    assert edited.exit_code == 0 and json.loads(edited.stdout)["capacity"] == 30
    assert [r["name"] for r in cli("room", "list", "--json").json()] == ["第一会议室"]
    assert cli("room", "show", "第一会议室", "--json").json()["equipment"] == "投影仪"
