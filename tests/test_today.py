"""The Today overview: sections, grouping, the calendar line, and `officedesk today` in its three
forms (table, --json, --brief).

Today is Thursday 2026-11-26 (conftest); the yellow limit is 3 working days, so "due soon" runs
from today to Tuesday 2026-12-01 and Wednesday 2026-12-02 is green.
"""

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult
from officedesk.context import AppContext
from officedesk.errors import NotFound
from officedesk.i18n import set_language
from officedesk.models import Task
from officedesk.models.task_schemas import TaskRead
from officedesk.services.daystatus import day_status
from officedesk.services.directory import create_department, create_person
from officedesk.services.env import Rules
from officedesk.services.task import cancel_task, complete_task, create_task, evaluate_task
from officedesk.services.today import TodayOverview, TodaySection, today_overview
from officedesk.views.day import holiday_label, kind_label
from officedesk.workcal import DayKind
from probes import loaded_by

TODAY = date(2026, 11, 26)
ESC_TITLE = "[bold]x[/]\x1b[2Jy"  # markup and a terminal escape, stored as typed
SAFE_TITLE = "[bold]x[/]\ufffd[2Jy"  # how every human-facing output must show it
BOX_DRAWING = re.compile("[\u2500-\u257f]")
ANSI = re.compile("\x1b")
ASCII_PUNCTUATION_NEXT_TO_CJK = re.compile(
    r"(?<=[\u4e00-\u9fff])[,:;()]|[,:;()](?=[\u4e00-\u9fff])"
)


# ---- helpers -------------------------------------------------------------------------------


def departments(ctx: AppContext) -> dict[str, int]:
    """Created in an order that is neither pinyin nor code-point order (办 < 安 < 财 by code
    point; an < bangong < caiwu by pinyin), so the grouping test sees which one is used."""
    with ctx.write("dept.add") as s:
        ids = {
            code: create_department(s, {"name": name, "code": code}).id
            for name, code in (("财务部", "CWB"), ("办公室", "BGS"), ("安全环保部", "AQHBB"))
        }
        create_person(s, {"name": "王建国", "dept": "BGS"})
        create_person(s, {"name": "孙丽华", "dept": "CWB"})
    return ids


def add(ctx: AppContext, title: str, due: str, **fields: Any) -> TaskRead:
    data = {"title": title, "due": due, "assigned_on": fields.pop("assigned_on", "2026-11-02")}
    with ctx.write("task.add") as s:
        return create_task(s, {**data, **fields})


def finish(ctx: AppContext, task: TaskRead, done_on: str) -> None:
    with ctx.write("task.done") as s:
        complete_task(s, task.code, done_on=done_on)


def overview(ctx: AppContext, **options: Any) -> TodayOverview:
    with ctx.read() as s:
        return today_overview(s, **options)


def codes(section: TodaySection) -> list[str]:
    return [item.code for item in section.items()]


def titles(section: TodaySection) -> list[str]:
    return [item.title for item in section.items()]


@pytest.fixture
def office(ctx: AppContext) -> dict[str, int]:
    """The small fixed office of the brief tests; codes follow creation order (DB-2026-0001…)."""
    dept = departments(ctx)
    add(ctx, "整改消防通道", "2026-11-20", dept="BGS", owner="王建国")  # 0001 overdue 4
    add(ctx, "落实节能检查", "2026-11-20", dept="BGS", owner="王建国", priority="urgent")  # 0002
    add(ctx, "报送季度报表", "2026-11-25", dept="CWB", owner="孙丽华")  # 0003 overdue 1
    add(ctx, "修订会议室管理办法", "2026-11-24")  # 0004 no department, overdue 2
    add(ctx, "检查危化品仓库", "2026-11-26", dept="AQHBB")  # 0005 due today
    add(ctx, "准备年终总结", "2026-11-30", dept="BGS", owner="王建国")  # 0006 two days left
    add(ctx, "核对固定资产台账", "2026-12-01", dept="CWB")  # 0007 the yellow limit
    contacts = add(ctx, "更新通讯录", "2027-01-08", dept="BGS", owner="王建国")  # 0008
    finish(ctx, contacts, "2026-11-25")
    report = add(ctx, "报送安全月报", "2026-11-20", dept="AQHBB")  # 0009 done late
    finish(ctx, report, "2026-11-25")
    add(ctx, "编制明年预算", "2026-12-02", dept="CWB")  # 0010 green: in no section
    archive = add(ctx, "归档上月文件", "2026-11-27", dept="BGS")  # 0011 done the day before
    finish(ctx, archive, "2026-11-24")
    dropped = add(ctx, "已撤销的事项", "2026-11-20", dept="BGS")  # 0012 cancelled: not overdue
    with ctx.write("task.cancel") as s:
        cancel_task(s, dropped.code, "不再需要")
    minutes = add(ctx, "整理会议纪要", "2026-11-25", dept="CWB", owner="孙丽华")  # 0013
    finish(ctx, minutes, "2026-11-25")
    with ctx.write("task.evaluate") as s:
        evaluate_task(s, minutes.code, 5)  # evaluated since: still done yesterday
    return dept


# ---- sections --------------------------------------------------------------------------------


def test_sections_hold_the_right_items(ctx: AppContext, office: dict[str, int]) -> None:
    view = overview(ctx)
    assert sorted(codes(view.overdue)) == [
        "DB-2026-0001",
        "DB-2026-0002",
        "DB-2026-0003",
        "DB-2026-0004",
    ]
    assert sorted(codes(view.due_soon)) == ["DB-2026-0005", "DB-2026-0006", "DB-2026-0007"]
    assert sorted(codes(view.done_recently)) == ["DB-2026-0008", "DB-2026-0009", "DB-2026-0013"]
    assert [s.total for s in view.sections] == [4, 3, 3]
    assert not any(s.truncated for s in view.sections)
    assert {item.light for item in view.overdue.items()} == {"red"}
    assert {item.light for item in view.due_soon.items()} == {"yellow"}


def test_groups_follow_department_pinyin_with_no_department_last(
    ctx: AppContext, office: dict[str, int]
) -> None:
    view = overview(ctx)
    assert [g.dept for g in view.overdue.groups] == ["办公室", "财务部", None]
    assert [g.dept for g in view.due_soon.groups] == ["安全环保部", "办公室", "财务部"]
    assert [g.dept_id for g in view.due_soon.groups] == [
        office["AQHBB"],
        office["BGS"],
        office["CWB"],
    ]


def test_items_within_a_group_by_due_then_priority(ctx: AppContext, office: dict[str, int]) -> None:
    office_group = overview(ctx).overdue.groups[0]
    # Same due date: the urgent item (registered second) comes first.
    assert [item.code for item in office_group.items] == ["DB-2026-0002", "DB-2026-0001"]
    assert [item.priority for item in office_group.items] == ["urgent", "normal"]


def test_due_soon_stops_after_the_nth_working_day(ctx: AppContext) -> None:
    ctx.today = date(2026, 11, 24)  # Tuesday: the 3rd working day on is Friday 11-27
    for title, due in (("fri", "27"), ("sat", "28"), ("sun", "29"), ("mon", "30")):
        add(ctx, title, f"2026-11-{due}", assigned_on="2026-11-20")
    view = overview(ctx)
    assert titles(view.due_soon) == ["fri", "sat", "sun"]  # the weekend is still inside
    assert view.overdue.total == 0


def test_yellow_limit_comes_from_the_rules(ctx: AppContext) -> None:
    add(ctx, "mon", "2026-11-30")
    with ctx.read() as s:
        s.env.rules = Rules(yellow_workdays=1)
        assert today_overview(s).due_soon.total == 0
        assert today_overview(s).yellow_workdays == 1
        s.env.rules = Rules(yellow_workdays=2)
        assert today_overview(s).due_soon.total == 1


def test_done_recently_on_a_thursday_is_yesterday(ctx: AppContext, office: dict[str, int]) -> None:
    section = overview(ctx).done_recently
    assert (section.since, section.until) == (date(2026, 11, 25), date(2026, 11, 25))
    assert "DB-2026-0011" not in codes(section)  # done on Tuesday


def test_done_recently_on_a_monday_reaches_back_to_friday(ctx: AppContext) -> None:
    ctx.today = date(2026, 11, 30)
    for day in ("26", "27", "28", "29", "30"):
        finish(
            ctx, add(ctx, f"done {day}", "2026-12-10", assigned_on="2026-11-20"), f"2026-11-{day}"
        )
    section = overview(ctx).done_recently
    assert (section.since, section.until) == (date(2026, 11, 27), date(2026, 11, 29))
    assert sorted(titles(section)) == ["done 27", "done 28", "done 29"]


def test_done_recently_after_a_holiday_reaches_back_to_its_eve(ctx: AppContext) -> None:
    ctx.today = date(2026, 10, 8)  # first working day after National Day (10-01 … 10-07)
    for day in ("09-29", "09-30", "10-03", "10-08"):
        finish(ctx, add(ctx, day, "2026-10-20", assigned_on="2026-09-01"), f"2026-{day}")
    section = overview(ctx).done_recently
    assert (section.since, section.until) == (date(2026, 9, 30), date(2026, 10, 7))
    assert sorted(titles(section)) == ["09-30", "10-03"]


def test_reopened_item_leaves_done_recently(ctx: AppContext) -> None:
    from officedesk.services.task import reopen_task

    task = add(ctx, "reopened", "2026-12-10")
    finish(ctx, task, "2026-11-25")
    with ctx.write("task.reopen") as s:
        reopen_task(s, task.code)
    view = overview(ctx)
    assert view.done_recently.total == 0
    assert view.due_soon.total == 0  # green again, due 12-10


def test_dept_filter(ctx: AppContext, office: dict[str, int]) -> None:
    view = overview(ctx, dept_id=office["CWB"])
    assert (view.dept_id, view.dept) == (office["CWB"], "财务部")
    assert codes(view.overdue) == ["DB-2026-0003"]
    assert codes(view.due_soon) == ["DB-2026-0007"]
    assert codes(view.done_recently) == ["DB-2026-0013"]
    assert [s.total for s in view.sections] == [1, 1, 1]
    assert all(g.dept_id == office["CWB"] for s in view.sections for g in s.groups)


def test_unknown_dept_is_not_found(ctx: AppContext, office: dict[str, int]) -> None:
    with pytest.raises(NotFound), ctx.read() as s:
        today_overview(s, dept_id=999)


def test_truncated_sections_keep_the_full_count(ctx: AppContext, office: dict[str, int]) -> None:
    view = overview(ctx, limit_per_section=2)
    assert [(s.total, s.shown, s.truncated) for s in view.sections] == [
        (4, 2, True),
        (3, 2, True),
        (3, 2, True),
    ]
    # The earliest due dates survive the cut; grouping happens after it.
    assert codes(view.overdue) == ["DB-2026-0002", "DB-2026-0001"]
    assert sorted(codes(view.done_recently)) == ["DB-2026-0009", "DB-2026-0013"]


def test_exact_limit_is_not_truncated(ctx: AppContext, office: dict[str, int]) -> None:
    view = overview(ctx, limit_per_section=3)
    assert (view.overdue.shown, view.overdue.truncated) == (3, True)
    assert [(s.total, s.truncated) for s in view.sections[1:]] == [(3, False), (3, False)]


def test_limit_is_checked(ctx: AppContext) -> None:
    from officedesk.errors import InvalidInput

    with pytest.raises(InvalidInput), ctx.read() as s:
        today_overview(s, limit_per_section=0)


def test_empty_database(ctx: AppContext) -> None:
    view = overview(ctx)
    assert [(s.total, s.groups, s.truncated) for s in view.sections] == [(0, [], False)] * 3


# ---- day status ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "kind", "holiday", "estimated", "next_day", "previous_day"),
    [
        pytest.param(TODAY, DayKind.WORKDAY, None, False, "2026-11-27", "2026-11-25", id="workday"),
        pytest.param(
            date(2026, 11, 28), DayKind.WEEKEND, None, False, "2026-11-30", "2026-11-27", id="sat"
        ),
        pytest.param(
            date(2026, 10, 1),
            DayKind.HOLIDAY,
            "National Day",
            False,
            "2026-10-08",
            "2026-09-30",
            id="national-day",
        ),
        pytest.param(
            date(2026, 10, 10), DayKind.MAKEUP, None, False, "2026-10-12", "2026-10-09", id="makeup"
        ),
        pytest.param(
            date(2027, 1, 4), DayKind.WORKDAY, None, True, "2027-01-05", "2026-12-31", id="2027"
        ),
    ],
)
def test_day_status(
    ctx: AppContext,
    day: date,
    kind: DayKind,
    holiday: str | None,
    estimated: bool,
    next_day: str,
    previous_day: str,
) -> None:
    ctx.today = day
    status = day_status(ctx.env())
    assert (status.day, status.kind, status.holiday, status.estimated) == (
        day,
        kind,
        holiday,
        estimated,
    )
    assert status.next_workday == date.fromisoformat(next_day)
    assert status.previous_workday == date.fromisoformat(previous_day)
    assert status.is_workday == (kind in (DayKind.WORKDAY, DayKind.MAKEUP))


@pytest.mark.parametrize(
    ("day", "zh", "en"),
    [
        (TODAY, "工作日", "working day"),
        (date(2026, 11, 29), "休息日", "weekend"),
        (date(2026, 10, 1), "国庆节假期", "National Day holiday"),
        (date(2026, 10, 10), "调休上班", "make-up working day"),
        (date(2026, 2, 17), "春节假期", "Spring Festival holiday"),
    ],
)
def test_day_status_labels_follow_the_language(
    ctx: AppContext, day: date, zh: str, en: str
) -> None:
    ctx.today = day
    status = day_status(ctx.env())
    try:
        set_language("zh")
        assert kind_label(status) == zh
        set_language("en")
        assert kind_label(status) == en
    finally:
        set_language("en")


def test_every_chinese_calendar_holiday_has_a_name(ctx: AppContext) -> None:
    from chinese_calendar.constants import Holiday

    from officedesk.views.day import HOLIDAY_KEYS

    assert set(HOLIDAY_KEYS) == {holiday.value for holiday in Holiday}
    ctx.today = date(2026, 10, 1)
    status = day_status(ctx.env())
    try:
        set_language("zh")
        assert holiday_label(status) == "国庆节"
    finally:
        set_language("en")
    assert holiday_label(status) == "National Day"


# ---- the CLI: --json -------------------------------------------------------------------------


def test_today_json_structure(cli: Any, ctx: AppContext, office: dict[str, int]) -> None:
    result = cli("today", "--json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert list(data) == [
        "day",
        "calendar",
        "dept",
        "yellow_workdays",
        "sections",
        "agenda",
        "overdue_by_dept",
        "nightly",
    ]
    assert data["nightly"] is None  # no run has failed (tests/test_nightly.py)
    assert data["day"] == "2026-11-26"
    assert data["dept"] is None
    assert data["calendar"] == {
        "day": "2026-11-26",
        "weekday": 4,
        "kind": "workday",
        "kind_label": "working day",
        "is_workday": True,
        "holiday": None,
        "holiday_label": None,
        "estimated": False,
        "weekdays_only": False,
        "next_workday": "2026-11-27",
        "previous_workday": "2026-11-25",
    }
    assert list(data["sections"]) == ["overdue", "due_soon", "done_recently"]
    overdue = data["sections"]["overdue"]
    assert (overdue["total"], overdue["shown"], overdue["truncated"]) == (4, 4, False)
    assert [g["dept"] for g in overdue["groups"]] == ["办公室", "财务部", None]
    first = overdue["groups"][0]
    assert (first["dept_id"], first["count"]) == (office["BGS"], 2)
    # The dashboard's counts: most first, items without a department counted too.
    assert data["overdue_by_dept"] == [
        {"dept_id": office["BGS"], "dept": "办公室", "count": 2},
        {"dept_id": office["CWB"], "dept": "财务部", "count": 1},
        {"dept_id": None, "dept": None, "count": 1},
    ]
    item = first["items"][0]
    assert (item["code"], item["due"], item["light"], item["due_in_workdays"]) == (
        "DB-2026-0002",
        "2026-11-20",
        "red",
        -4,
    )
    done = data["sections"]["done_recently"]
    assert (done["since"], done["until"]) == ("2026-11-25", "2026-11-25")
    assert "since" not in data["sections"]["due_soon"]


def test_today_json_dept_and_limit(cli: Any, office: dict[str, int]) -> None:
    data = cli("today", "--json", "--dept", "bgs", "--limit", "1").json()
    assert data["dept"] == {"id": office["BGS"], "name": "办公室"}
    overdue = data["sections"]["overdue"]
    assert (overdue["total"], overdue["shown"], overdue["truncated"]) == (2, 1, True)


def one_line_error(result: CliResult, code: int) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    if result.stdout:  # under --json: the error as an object for the script, the line for a person
        assert result.json()["error"]["message"].splitlines()[0] in result.stderr
    return result.stderr.strip().splitlines()[0]


def test_unknown_dept_is_one_line_exit_1(cli: Any, office: dict[str, int]) -> None:
    line = one_line_error(cli("today", "--dept", "不存在的部门"), 1)
    assert "不存在的部门" in line


def test_json_and_brief_together_is_a_usage_error(cli: Any) -> None:
    line = one_line_error(cli("today", "--json", "--brief"), 2)
    assert "--json" in line and "--brief" in line


def test_bad_limit_is_refused(cli: Any) -> None:
    assert "10000" in one_line_error(cli("today", "--limit", "0"), 1).replace(",", "")


# ---- the CLI: --brief ------------------------------------------------------------------------

BRIEF_ZH = """\
【督办日报】2026年11月26日（星期四，工作日）
一、已逾期（4项）
办公室（2项）：
1. DB-2026-0002 落实节能检查（责任人：王建国，截止11月20日，逾期4个工作日）
2. DB-2026-0001 整改消防通道（责任人：王建国，截止11月20日，逾期4个工作日）
财务部（1项）：
3. DB-2026-0003 报送季度报表（责任人：孙丽华，截止11月25日，逾期1个工作日）
未指定部门（1项）：
4. DB-2026-0004 修订会议室管理办法（截止11月24日，逾期2个工作日）
二、3个工作日内到期（3项）
安全环保部（1项）：
1. DB-2026-0005 检查危化品仓库（今日到期）
办公室（1项）：
2. DB-2026-0006 准备年终总结（责任人：王建国，截止11月30日，还剩2个工作日）
财务部（1项）：
3. DB-2026-0007 核对固定资产台账（截止12月1日，还剩3个工作日）
三、昨日办结（3项）
安全环保部（1项）：
1. DB-2026-0009 报送安全月报（截止11月20日，11月25日逾期办结）
办公室（1项）：
2. DB-2026-0008 更新通讯录（责任人：王建国，截止2027年1月8日，11月25日办结）
财务部（1项）：
3. DB-2026-0013 整理会议纪要（责任人：孙丽华，截止11月25日，11月25日办结）
"""

BRIEF_EN = """\
[Supervision brief] Thursday, Nov 26, 2026 (working day)
I. Overdue (4)
办公室 (2):
1. DB-2026-0002 落实节能检查 (owner: 王建国, due Nov 20, 4 working days overdue)
2. DB-2026-0001 整改消防通道 (owner: 王建国, due Nov 20, 4 working days overdue)
财务部 (1):
3. DB-2026-0003 报送季度报表 (owner: 孙丽华, due Nov 25, 1 working day overdue)
No department (1):
4. DB-2026-0004 修订会议室管理办法 (due Nov 24, 2 working days overdue)
II. Due within 3 working days (3)
安全环保部 (1):
1. DB-2026-0005 检查危化品仓库 (due today)
办公室 (1):
2. DB-2026-0006 准备年终总结 (owner: 王建国, due Nov 30, 2 working days left)
财务部 (1):
3. DB-2026-0007 核对固定资产台账 (due Dec 1, 3 working days left)
III. Done yesterday (3)
安全环保部 (1):
1. DB-2026-0009 报送安全月报 (due Nov 20, done late on Nov 25)
办公室 (1):
2. DB-2026-0008 更新通讯录 (owner: 王建国, due Jan 8, 2027, done Nov 25)
财务部 (1):
3. DB-2026-0013 整理会议纪要 (owner: 孙丽华, due Nov 25, done Nov 25)
"""


def plain(text: str) -> None:
    assert not ANSI.search(text)
    assert not BOX_DRAWING.search(text)


def test_brief_in_chinese(cli: Any, office: dict[str, int]) -> None:
    result = cli("--lang", "zh", "today", "--brief")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == BRIEF_ZH
    plain(result.stdout)
    assert not ASCII_PUNCTUATION_NEXT_TO_CJK.search(result.stdout)


def test_brief_in_english(cli: Any, office: dict[str, int]) -> None:
    result = cli("--lang", "en", "today", "--brief")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == BRIEF_EN
    plain(result.stdout)


def test_punctuation_check_catches_ascii() -> None:
    for text in ("责任人:王建国", "截止11月20日,逾期", "(截止", "办结)"):
        assert ASCII_PUNCTUATION_NEXT_TO_CJK.search(text), text


def test_brief_for_one_department_when_truncated(cli: Any, office: dict[str, int]) -> None:
    result = cli("--lang", "zh", "today", "--brief", "--dept", "办公室", "--limit", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "【督办日报·办公室】2026年11月26日（星期四，工作日）\n"
        "一、已逾期（2项）\n"
        "办公室（1项）：\n"
        "1. DB-2026-0002 落实节能检查（责任人：王建国，截止11月20日，逾期4个工作日）\n"
        "……另有1项未列出。\n"
        "二、3个工作日内到期（1项）\n"
        "办公室（1项）：\n"
        "1. DB-2026-0006 准备年终总结（责任人：王建国，截止11月30日，还剩2个工作日）\n"
        "三、昨日办结（1项）\n"
        "办公室（1项）：\n"
        "1. DB-2026-0008 更新通讯录（责任人：王建国，截止2027年1月8日，11月25日办结）\n"
    )


def test_brief_on_a_monday_names_the_days_covered(cli: Any, ctx: AppContext) -> None:
    ctx.today = date(2026, 11, 30)
    finish(
        ctx, add(ctx, "周末加班完成的事项", "2026-12-10", assigned_on="2026-11-20"), "2026-11-28"
    )
    result = cli("--lang", "zh", "today", "--brief", env={"OFFICEDESK_TODAY": "2026-11-30"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "【督办日报】2026年11月30日（星期一，工作日）\n"
        "一、已逾期（0项）\n"
        "无。\n"
        "二、3个工作日内到期（0项）\n"
        "无。\n"
        "三、11月27日至11月29日办结（1项）\n"
        "未指定部门（1项）：\n"
        "1. DB-2026-0001 周末加班完成的事项（截止12月10日，11月28日办结）\n"
    )


def test_brief_on_a_holiday_in_an_estimated_year(cli: Any) -> None:
    zh = cli("--lang", "zh", "today", "--brief", env={"OFFICEDESK_TODAY": "2026-10-01"})
    assert zh.stdout.splitlines()[0] == "【督办日报】2026年10月1日（星期四，国庆节假期）"
    en = cli("--lang", "en", "today", "--brief", env={"OFFICEDESK_TODAY": "2027-01-04"})
    assert en.stdout == (
        "[Supervision brief] Monday, Jan 4, 2027 (working day, make-up days not published)\n"
        "I. Overdue (0)\n"
        "None.\n"
        "II. Due within 3 working days (0)\n"
        "None.\n"
        "III. Done Dec 31, 2026 to Jan 3 (0)\n"  # 2027-01-01 is 元旦 by law, not a working day
        "None.\n"
        "Note: the make-up working days of a year shown here are not published yet; its public "
        "holidays fixed by law are counted, make-up days and days in lieu are estimated.\n"
    )


# ---- user text is never markup nor terminal control ------------------------------------------


@pytest.fixture
def escape_title(ctx: AppContext) -> str:
    """A stored title holding markup and an ESC: the services refuse to take control characters,
    but data can arrive by other roads (imports, older versions, another client)."""
    departments(ctx)
    task = add(ctx, "placeholder", "2026-11-27", dept="BGS")
    with ctx.write("task.edit") as s:
        row = s.get(Task, task.id)
        assert row is not None
        row.title = ESC_TITLE
    return task.code


def test_markup_and_escapes_in_the_table(cli: Any, escape_title: str) -> None:
    result = cli("today")
    assert result.exit_code == 0, result.stderr
    assert SAFE_TITLE in result.stdout
    assert not ANSI.search(result.stdout)


def test_markup_and_escapes_in_json(cli: Any, escape_title: str) -> None:
    result = cli("today", "--json")
    assert not ANSI.search(result.stdout)  # JSON writes it as \u001b
    item = result.json()["sections"]["due_soon"]["groups"][0]["items"][0]
    assert item["title"] == ESC_TITLE


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markup_and_escapes_in_the_brief(cli: Any, escape_title: str, lang: str) -> None:
    result = cli("--lang", lang, "today", "--brief")
    assert f"{escape_title} {SAFE_TITLE}" in result.stdout
    plain(result.stdout)


def test_table_shows_sections_and_groups(cli: Any, office: dict[str, int]) -> None:
    result = cli("--lang", "zh", "today")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.splitlines()[0] == "今日督办：2026年11月26日（星期四，工作日）"
    positions = [
        out.index(x) for x in ("已逾期（4项）", "3个工作日内到期（3项）", "昨日办结（3项）")
    ]
    assert positions == sorted(positions)
    assert out.index("DB-2026-0002") < out.index("DB-2026-0001") < out.index("DB-2026-0003")
    assert "未指定部门" in out
    assert "DB-2026-0010" not in out and "DB-2026-0011" not in out


def test_table_says_when_a_section_is_empty(cli: Any) -> None:
    result = cli("--lang", "zh", "today")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("无。") == 3


# ---- imports ---------------------------------------------------------------------------------


def probe(args: list[str], db: Path, home: Path) -> dict[str, Any]:
    return loaded_by(args, db, home, lang="zh")


@pytest.fixture(scope="module")
def probe_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    home = tmp_path_factory.mktemp("today-imports")
    db = home / "office.db"
    for args in (
        ["dept", "add", "办公室", "--code", "BGS"],
        [
            "task",
            "add",
            "第一项",
            "--dept",
            "BGS",
            "--due",
            "2026-11-20",
            "--assigned",
            "2026-11-02",
        ],
        ["task", "add", "第二项", "--dept", "BGS", "--due", "2026-11-27"],
    ):
        assert probe(args, db, home)["code"] in (0, None)
    return db, home


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["--json", "--brief"])
def test_json_and_brief_load_no_ui_pinyin_or_migrations(
    probe_db: tuple[Path, Path], mode: str
) -> None:
    report = probe(["today", mode], *probe_db)
    assert report == {"code": 0, "loaded": []}


@pytest.mark.slow
def test_table_loads_rich_only(probe_db: tuple[Path, Path]) -> None:
    report = probe(["today"], *probe_db)
    assert report == {"code": 0, "loaded": ["rich"]}


@pytest.mark.parametrize(
    ("day", "zh", "en"),
    [
        (TODAY, "2026年11月26日（星期四，工作日）", "Thursday, Nov 26, 2026 (working day)"),
        (
            date(2026, 10, 1),
            "2026年10月1日（星期四，国庆节假期）",
            "Thursday, Oct 1, 2026 (National Day holiday)",
        ),
        (
            date(2027, 1, 4),
            "2027年1月4日（星期一，工作日，调休安排尚未公布）",
            "Monday, Jan 4, 2027 (working day, make-up days not published)",
        ),
        (
            date(2027, 1, 1),
            "2027年1月1日（星期五，元旦假期，调休安排尚未公布）",
            "Friday, Jan 1, 2027 (New Year's Day holiday, make-up days not published)",
        ),
        (
            date(2051, 1, 2),
            "2051年1月2日（星期一，工作日，按周一至周五估算）",
            "Monday, Jan 2, 2051 (working day, estimated as Mon–Fri)",
        ),
    ],
)
def test_day_status_text_for_the_tui_header(ctx: AppContext, day: date, zh: str, en: str) -> None:
    from officedesk.views.day import day_status_text

    ctx.today = day
    try:
        set_language("zh")
        assert day_status_text(ctx.env()) == zh
    finally:
        set_language("en")
    assert day_status_text(ctx.env()) == en


def test_batch_hands_back_the_overview_and_the_brief(cli: Any, office: dict[str, int]) -> None:
    result = cli("batch", input="today --limit 1\ntoday --brief --dept CWB\n")
    assert result.exit_code == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["ok"] and first["result"]["sections"]["overdue"]["truncated"] is True
    assert second["ok"] and second["result"].startswith("[Supervision brief: 财务部] Thursday")


def test_query_count_does_not_grow_with_the_items(ctx: AppContext, office: dict[str, int]) -> None:
    """No query per item or per owner: more items in every section, the same statements."""
    from sqlalchemy import event

    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    def run() -> int:
        statements.clear()
        event.listen(ctx.store.engine, "before_cursor_execute", count)
        try:
            overview(ctx)  # nothing truncated: no count queries either time
        finally:
            event.remove(ctx.store.engine, "before_cursor_execute", count)
        return len(statements)

    before = run()
    with ctx.write("contact.add") as s:
        for name in ("李娜", "周敏", "刘洋"):
            create_person(s, {"name": name, "dept": "AQHBB"})
    for name in ("李娜", "周敏", "刘洋"):
        add(ctx, f"overdue {name}", "2026-11-19", dept="AQHBB", owner=name)
        add(ctx, f"soon {name}", "2026-11-27", dept="AQHBB", owner=name)
        finish(ctx, add(ctx, f"done {name}", "2026-12-10", owner=name), "2026-11-25")
    assert run() == before, statements


def test_every_section_lands_in_a_panel_with_a_key() -> None:
    """A section's panel is checked where it is declared; every panel has its key on Today."""
    from officedesk.registry import PANELS, SECTION_PANELS, Section
    from officedesk.screens.today.panels import PANEL_KEYS

    assert set(SECTION_PANELS.values()) <= set(PANELS)
    assert list(PANEL_KEYS) == [*PANELS, "overdue"]
    with pytest.raises(ValueError, match="visits_today"):
        Section("visits_today", 40, "schedul")
