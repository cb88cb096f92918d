"""Issue 10, the rules for due dates: a limit lands on a working day (point 16), a due date
typed by hand on a rest day is kept with a warning naming the day, and a relative due date
counts from the assigned day (point 15). Services first, then the CLI a clerk scripts."""

from datetime import date
from typing import Any

import pytest

from officedesk.context import AppContext
from officedesk.models.task_schemas import TaskRead
from officedesk.services.directory import create_department
from officedesk.services.task import create_task, task_notices, update_task


def add(ctx: AppContext, **fields: Any) -> TaskRead:
    with ctx.write("task.add") as s:
        return create_task(s, {"title": "落实批示", **fields})


@pytest.mark.parametrize(
    ("source", "priority", "assigned", "due"),
    [
        # Wednesday 12-02 + 3 days is Saturday 12-05: due Monday 12-07.
        ("leadership", "urgent", "2026-12-02", date(2026, 12, 7)),
        # A meeting item assigned Monday 12-07 + 20 days is Sunday 12-27: due Monday 12-28.
        ("meeting", "normal", "2026-12-07", date(2026, 12, 28)),
        # Tuesday 09-29 + 3 days is 10-02, inside the National Day holiday: due after it.
        ("leadership", "urgent", "2026-09-29", date(2026, 10, 8)),
    ],
)
def test_a_default_limit_ends_on_a_working_day(
    ctx: AppContext, source: str, priority: str, assigned: str, due: date
) -> None:
    task = add(ctx, source=source, priority=priority, assigned_on=assigned)
    assert task.due == due
    assert ctx.calendar.is_workday(task.due)
    assert task_notices(ctx.calendar, task) == []


def test_a_due_date_typed_on_a_sunday_is_kept_and_named(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-13")
    assert task.due == date(2026, 12, 13)  # kept: the leader may mean it
    [notice] = task_notices(ctx.calendar, task)
    assert notice.key == "task.due_rest_day"
    assert notice.params == {"due": "2026-12-13", "weekday": "sun"}
    assert notice.message() == (
        "The due date 2026-12-13 is a Sunday, not a working day; change it unless that is meant."
    )


def test_a_due_date_in_a_holiday_names_the_holiday(ctx: AppContext) -> None:
    task = add(ctx, assigned_on="2026-09-29", due="2026-10-03")
    [notice] = task_notices(ctx.calendar, task)
    assert notice.key == "task.due_holiday"
    assert "National Day" in notice.message()


def test_a_relative_due_date_counts_from_the_assigned_day(ctx: AppContext) -> None:
    # Back-entered paperwork: five working days from Tuesday 09-29 skip the National Day week.
    task = add(ctx, assigned_on="2026-09-29", due="+5wd")
    assert task.due == ctx.calendar.add_workdays(date(2026, 9, 29), 5)
    assert task.due == date(2026, 10, 12)
    # An edit that gives the assigned day counts from it too; one that does not, from today.
    with ctx.write("task.edit") as s:
        edited = update_task(s, task.code, {"assigned_on": "2026-11-02", "due": "+3d"})
    assert edited.due == date(2026, 11, 5)
    with ctx.write("task.edit") as s:
        edited = update_task(s, task.code, {"due": "+3d"})
    assert ctx.today == date(2026, 11, 26)
    assert edited.due == date(2026, 11, 29)


def test_the_cli_warns_on_stderr_and_keeps_json_clean(ctx: AppContext, cli: Any) -> None:
    with ctx.write("dept.add") as s:
        create_department(s, {"name": "办公室"})
    result = cli("task", "add", "手填", "--due", "2026-12-13", "--dept", "办公室", "--json")
    assert result.exit_code == 0
    assert result.json()["due"] == "2026-12-13"
    assert "2026-12-13" in result.stderr and "Sunday" in result.stderr
    shown = cli("--lang", "zh", "task", "show", "DB-2026-0001")
    assert "2026-12-13 是星期日" in shown.stderr


def test_urgent_documents_get_their_own_limits(ctx: AppContext) -> None:
    """Point 17: 特急 and 加急 default to shorter limits than a document's 30 days."""
    from officedesk.services.incoming import actions as incoming

    with ctx.write("seed") as s:
        create_department(s, {"name": "安全环保部", "code": "AQHBB"})
    dues = {}
    for urgency in ("extra_urgent", "urgent", "normal"):
        with ctx.write("incoming.add") as s:
            doc = incoming.create_incoming(s, {"title": f"文件 {urgency}", "urgency": urgency})
        with ctx.write("incoming.handle") as s:
            incoming.review_incoming(s, doc.id)
            dues[urgency] = incoming.handle_incoming(s, doc.id, "AQHBB").due
    # From Thursday 11-26: +3d Sunday → Monday 11-30; +5d Tuesday 12-01; +30d Saturday → 12-28.
    assert dues == {
        "extra_urgent": date(2026, 11, 30),
        "urgent": date(2026, 12, 1),
        "normal": date(2026, 12, 28),
    }


def test_the_config_accepts_the_urgent_limits(tmp_path: Any) -> None:
    from officedesk.config import load_settings

    path = tmp_path / "config.toml"
    path.write_text('[due]\n"incoming.extra_urgent" = "+1wd"\n"incoming.urgent" = "+2wd"\n')
    rules = load_settings(path).due_rules
    assert rules["incoming.extra_urgent"] == "+1wd" and rules["incoming.urgent"] == "+2wd"
