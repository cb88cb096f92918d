"""Assessment (考核): on-time completion derived from the supervision register, per department,
category and source; through the service and through `officedesk report assessment`.

Today is Thursday 2026-11-26 (conftest), so the default period is 2026-01-01 … 2026-11-26.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from conftest import CliResult
from officedesk.context import AppContext
from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput
from officedesk.services.assessment import Assessment, AssessmentRow, assess
from officedesk.services.directory import create_department
from officedesk.services.task import (
    cancel_task,
    complete_task,
    create_task,
    evaluate_task,
    remind_task,
    start_task,
)
from probes import loaded_by

TODAY = date(2026, 11, 26)
MARKUP_NAME = "[bold]x[/]"


# ---- building an office ----------------------------------------------------------------------


def item(
    s: OfficeSession,
    *,
    due: str,
    state: str = "assigned",
    dept: str | None = None,
    category: str = "",
    source: str = "leadership",
    done_on: str | None = None,
    score: int | None = None,
    reminders: int = 0,
) -> None:
    """One item walked to its state through the services, as the office would record it."""
    due_day = date.fromisoformat(due)
    done_day = date.fromisoformat(done_on) if done_on else due_day
    assigned = min(due_day, done_day, TODAY) - timedelta(days=20)
    task = create_task(
        s,
        {
            "title": "督办事项",
            "dept": dept,
            "due": due,
            "assigned_on": assigned,
            "category": category,
            "source": source,
        },
    )
    for _ in range(reminders):
        remind_task(s, task.code, "请抓紧办理")
    if state == "in_progress":
        start_task(s, task.code)
    elif state in ("done", "evaluated"):
        assert done_on is not None
        complete_task(s, task.code, done_on=done_on)
        if state == "evaluated":
            assert score is not None
            evaluate_task(s, task.code, score)
    elif state == "cancelled":
        cancel_task(s, task.code, "不再办理")


def departments(s: OfficeSession) -> None:
    for name, code, kind in (
        ("办公室", "BGS", "internal"),
        ("财务部", "CWB", "internal"),
        (MARKUP_NAME, "X", "internal"),
        ("后勤部", "HQB", "internal"),
        ("市国资委", "SGZW", "superior"),
    ):
        create_department(s, {"name": name, "code": code, "kind": kind})


def fill(s: OfficeSession) -> None:
    """Every bucket, with the numbers the tests below expect (see EXPECTED_*)."""
    departments(s)
    # 办公室: on time ×2 (one on its due date), late, overdue open, open due today (not judged)
    item(s, dept="BGS", due="2026-06-30", state="evaluated", done_on="2026-06-20", score=5,
         category="安全", source="leadership")  # fmt: skip
    item(s, dept="BGS", due="2026-09-30", state="evaluated", done_on="2026-09-30", score=3,
         category="财务", source="superior")  # fmt: skip
    item(s, dept="BGS", due="2026-03-31", state="done", done_on="2026-04-10", reminders=2,
         category="安全", source="meeting")  # fmt: skip
    item(s, dept="BGS", due="2026-11-20", state="in_progress", reminders=1,
         category="安全", source="leadership")  # fmt: skip
    item(s, dept="BGS", due="2026-11-26", category="财务", source="leadership")
    # … and three that do not count: cancelled, due before the period, due after it
    item(s, dept="BGS", due="2026-05-01", state="cancelled", category="安全", reminders=3)
    item(s, dept="BGS", due="2025-12-31", state="done", done_on="2025-12-20", category="安全")
    item(s, dept="BGS", due="2026-12-10", category="安全", source="meeting")
    # 财务部: late (evaluated), overdue still assigned
    item(s, dept="CWB", due="2026-02-27", state="evaluated", done_on="2026-03-05", score=2,
         category="财务", source="superior")  # fmt: skip
    item(s, dept="CWB", due="2026-10-15", reminders=1, category="财务", source="superior")
    # a department whose name looks like markup: one on time, never evaluated, no category
    item(s, dept="X", due="2026-07-01", state="done", done_on="2026-06-01", source="department")
    # 后勤部: only an item not yet due, so its rate cannot be judged
    item(s, dept="HQB", due="2026-11-26", category="后勤", source="incoming")
    # no internal department: none at all (late), and a superior body (overdue)
    item(s, due="2026-08-31", state="done", done_on="2026-09-02", category="安全",
         source="incoming")  # fmt: skip
    item(s, dept="SGZW", due="2026-11-25", category="安全", source="superior")


@pytest.fixture
def office(ctx: AppContext) -> AppContext:
    with ctx.write("setup") as s:
        fill(s)
    return ctx


def run(ctx: AppContext, **options: Any) -> Assessment:
    with ctx.read() as s:
        return assess(s, **options)


# (total, on time, late, overdue, not due, evaluated, avg score, rate, reminders)
Figures = tuple[int, int, int, int, int, int, float | None, float | None, int]


def figures(row: AssessmentRow) -> Figures:
    return (
        row.total,
        row.done_on_time,
        row.done_late,
        row.open_overdue,
        row.open_not_due,
        row.evaluated,
        row.avg_score,
        row.on_time_rate,
        row.reminders,
    )


def table(result: Assessment) -> list[tuple[Any, Figures]]:
    return [(row.name, figures(row)) for row in result.groups]


OVERALL: Figures = (11, 3, 3, 3, 2, 3, 10 / 3, 3 / 9, 4)
EXPECTED_BY_DEPT = [
    (MARKUP_NAME, (1, 1, 0, 0, 0, 0, None, 1.0, 0)),
    ("办公室", (5, 2, 1, 1, 1, 2, 4.0, 0.5, 3)),
    ("财务部", (2, 0, 1, 1, 0, 1, 2.0, 0.0, 1)),
    (None, (2, 0, 1, 1, 0, 0, None, 0.0, 0)),  # tie with 财务部: the catch-all goes after it
    ("后勤部", (1, 0, 0, 0, 1, 0, None, None, 0)),  # nothing judged yet: last
]
EXPECTED_BY_CATEGORY = [
    (None, (1, 1, 0, 0, 0, 0, None, 1.0, 0)),
    ("财务", (4, 1, 1, 1, 1, 2, 2.5, 1 / 3, 1)),
    ("安全", (5, 1, 2, 2, 0, 1, 5.0, 0.2, 3)),
    ("后勤", (1, 0, 0, 0, 1, 0, None, None, 0)),
]
EXPECTED_BY_SOURCE = [
    ("department", (1, 1, 0, 0, 0, 0, None, 1.0, 0)),
    ("leadership", (3, 1, 0, 1, 1, 1, 5.0, 0.5, 1)),
    ("superior", (4, 1, 1, 2, 0, 2, 2.5, 0.25, 1)),
    ("meeting", (1, 0, 1, 0, 0, 0, None, 0.0, 2)),  # tie at 0 %: the sources' own order
    ("incoming", (2, 0, 1, 0, 1, 0, None, 0.0, 0)),
]


# ---- the figures -----------------------------------------------------------------------------


def test_by_department(office: AppContext) -> None:
    result = run(office)
    assert result.by == "dept"
    assert (result.period.since, result.period.until) == (date(2026, 1, 1), TODAY)
    assert table(result) == EXPECTED_BY_DEPT
    assert figures(result.overall) == pytest.approx(OVERALL)


def test_department_keys_are_ids_and_the_catch_all_has_none(office: AppContext) -> None:
    result = run(office)
    with office.read() as s:
        from officedesk.services.lookup import resolve_department

        ids = {name: resolve_department(s, name).id for name in ("办公室", "财务部")}
    keys = {row.name: row.key for row in result.groups}
    assert keys["办公室"] == ids["办公室"] and keys["财务部"] == ids["财务部"]
    assert keys[None] is None


def test_by_category(office: AppContext) -> None:
    result = run(office, by="category")
    assert table(result) == pytest.approx(EXPECTED_BY_CATEGORY)
    assert [row.key for row in result.groups] == ["", "财务", "安全", "后勤"]
    assert figures(result.overall) == pytest.approx(OVERALL)


def test_by_source(office: AppContext) -> None:
    result = run(office, by="source")
    assert table(result) == EXPECTED_BY_SOURCE
    assert figures(result.overall) == pytest.approx(OVERALL)


@pytest.mark.parametrize("by", ["dept", "category", "source"])
def test_groups_add_up_to_the_overall_row(office: AppContext, by: str) -> None:
    result = run(office, by=by)
    for index in (0, 1, 2, 3, 4, 5, 8):  # the counts; averages and rates do not add
        assert sum(figures(row)[index] for row in result.groups) == figures(result.overall)[index]
    for row in [*result.groups, result.overall]:
        assert row.total == row.done_on_time + row.done_late + row.open_overdue + row.open_not_due


def test_same_category_same_yardstick(office: AppContext) -> None:
    """Departments compared on one kind of work only."""
    result = run(office, by="dept", category="财务")
    assert result.category == "财务"
    assert table(result) == [
        ("办公室", (2, 1, 0, 0, 1, 1, 3.0, 1.0, 0)),
        ("财务部", (2, 0, 1, 1, 0, 1, 2.0, 0.0, 1)),
    ]
    assert figures(result.overall) == pytest.approx((4, 1, 1, 1, 1, 2, 2.5, 1 / 3, 1))


def test_category_filter_is_exact_and_trimmed(office: AppContext) -> None:
    assert run(office, category="  安全 ").overall.total == 5
    assert run(office, category="安").overall.total == 0


def test_source_filter(office: AppContext) -> None:
    result = run(office, source="superior")
    assert table(result) == [
        ("办公室", (1, 1, 0, 0, 0, 1, 3.0, 1.0, 0)),
        ("财务部", (2, 0, 1, 1, 0, 1, 2.0, 0.0, 1)),
        (None, (1, 0, 0, 1, 0, 0, None, 0.0, 0)),
    ]


def test_blank_filters_mean_no_filter(office: AppContext) -> None:
    assert figures(run(office, category="", source=" ").overall) == pytest.approx(OVERALL)


def test_rate_is_none_when_nothing_can_be_judged(office: AppContext) -> None:
    """Only items due today: all still open and not yet due, so there is no rate at all."""
    result = run(office, since="today", until="today")
    assert table(result) == [
        ("办公室", (1, 0, 0, 0, 1, 0, None, None, 0)),
        ("后勤部", (1, 0, 0, 0, 1, 0, None, None, 0)),
    ]
    assert result.overall.on_time_rate is None and result.overall.avg_score is None


def test_an_empty_period_has_no_groups_and_a_zero_overall_row(office: AppContext) -> None:
    result = run(office, since="2020-01-01", until="2020-12-31")
    assert result.groups == []
    assert figures(result.overall) == (0, 0, 0, 0, 0, 0, None, None, 0)


def test_a_period_reaching_into_the_future_counts_items_not_yet_due(office: AppContext) -> None:
    result = run(office, until="2026-12-31")
    assert result.overall.total == OVERALL[0] + 1
    assert result.overall.open_not_due == OVERALL[4] + 1
    assert result.overall.on_time_rate == pytest.approx(OVERALL[7])  # the new one is not judged


def test_since_and_until_accept_date_words(office: AppContext) -> None:
    result = run(office, since="3个月前", until="昨天")
    assert (result.period.since, result.period.until) == (date(2026, 8, 26), date(2026, 11, 25))
    # due 08-31, 09-30, 10-15, 11-20, 11-25; the two due today fall outside
    assert figures(result.overall) == pytest.approx((5, 1, 1, 3, 0, 1, 3.0, 0.2, 2))
    assert run(office, since="-30d").period.since == date(2026, 10, 27)
    assert run(office, since=date(2026, 6, 1)).period.since == date(2026, 6, 1)


def test_the_period_bounds_are_inclusive(office: AppContext) -> None:
    assert run(office, since="2026-06-30", until="2026-06-30").overall.total == 1
    assert run(office, since="2026-07-01", until="2026-07-01").overall.total == 1


def test_groups_of_equal_rate_are_in_pinyin_order(ctx: AppContext) -> None:
    """后 sorts before 安 by code point; by pinyin (an… before hou…) 安 comes first."""
    with ctx.write("setup") as s:
        for name, code in (("后勤部", "HQB"), ("安全部", "AQB"), ("综合部", "ZHB")):
            create_department(s, {"name": name, "code": code})
        for dept, category in (("HQB", "后勤"), ("ZHB", "综合"), ("AQB", "安全")):
            item(s, dept=dept, due="2026-06-30", state="done", done_on="2026-06-01",
                 category=category)  # fmt: skip
    assert [row.name for row in run(ctx).groups] == ["安全部", "后勤部", "综合部"]
    assert [row.name for row in run(ctx, by="category").groups] == ["安全", "后勤", "综合"]


# ---- refusals --------------------------------------------------------------------------------


def test_unknown_grouping_is_refused_with_the_choices(ctx: AppContext) -> None:
    with pytest.raises(InvalidInput) as caught:
        run(ctx, by="owner")
    assert caught.value.key == "input.choice"
    assert "dept, category, source" in str(caught.value)


def test_unknown_source_is_refused(ctx: AppContext) -> None:
    with pytest.raises(InvalidInput) as caught:
        run(ctx, source="rumour")
    assert "superior" in str(caught.value)


def test_a_period_ending_before_it_starts_is_refused(ctx: AppContext) -> None:
    with pytest.raises(InvalidInput) as caught:
        run(ctx, since="2026-12-01")  # until defaults to today
    assert caught.value.key == "assessment.bad_period"
    assert "2026-12-01" in str(caught.value) and "2026-11-26" in str(caught.value)


def test_a_bad_date_word_is_refused(ctx: AppContext) -> None:
    with pytest.raises(InvalidInput) as caught:
        run(ctx, until="next blursday")
    assert caught.value.key == "date.invalid"


# ---- grouped SQL, not a Python loop ----------------------------------------------------------


@contextmanager
def statements(ctx: AppContext) -> Iterator[list[str]]:
    """Every SQL statement sent to the database while the block runs."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    engine = ctx.store.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def measured(ctx: AppContext, by: str) -> tuple[list[str], int]:
    """(statements assess() sent, ORM objects it left in the session)."""
    from sqlalchemy import text

    with ctx.read() as s:
        s.execute(text("SELECT 1"))  # begin the transaction outside the measurement
        with statements(ctx) as sent:
            assess(s, by=by)
        return sent, len(s.identity_map)


@pytest.mark.parametrize("by", ["dept", "category", "source"])
def test_one_grouped_query_whatever_the_number_of_items(office: AppContext, by: str) -> None:
    few, loaded = measured(office, by)
    assert len(few) == 1, few
    assert loaded == 0  # no Task rows were turned into objects
    sql = few[0].upper()
    assert "GROUP BY" in sql and "COUNT(" in sql and "SUM(CASE" in sql
    with office.write("setup") as s:
        for day in range(1, 29):
            item(s, dept="CWB", due=f"2026-10-{day:02d}", state="done", done_on="2026-10-01",
                 category=f"类别{day}", reminders=1)  # fmt: skip
    many, _loaded = measured(office, by)
    assert len(many) == len(few)
    assert run(office, by=by).overall.total == OVERALL[0] + 28


# ---- the command line ------------------------------------------------------------------------


@pytest.fixture
def office_cli(office: AppContext, cli: Any) -> Any:
    return cli


def one_line_error(result: CliResult) -> str:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_cli_json(office_cli: Any) -> None:
    result = office_cli("report", "assessment", "--json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert list(data) == ["by", "period", "today", "category", "source", "groups", "overall"]
    assert data["by"] == "dept"
    assert data["period"] == {"since": "2026-01-01", "until": "2026-11-26"}
    assert data["today"] == "2026-11-26"
    assert [group["name"] for group in data["groups"]] == [n for n, _f in EXPECTED_BY_DEPT]
    first = data["groups"][1]
    assert list(first) == [
        "key",
        "name",
        "total",
        "done_on_time",
        "done_late",
        "open_overdue",
        "open_not_due",
        "evaluated",
        "avg_score",
        "on_time_rate",
        "reminders",
    ]
    assert (first["name"], first["total"], first["on_time_rate"], first["avg_score"]) == (
        "办公室",
        5,
        0.5,
        4.0,
    )
    assert data["groups"][-1]["on_time_rate"] is None
    assert data["overall"]["key"] is None and data["overall"]["total"] == 11


def test_cli_json_with_filters_and_date_words(office_cli: Any) -> None:
    result = office_cli(
        "report", "assessment", "--by", "source", "--category", "财务", "--since", "-1y",
        "--until", "eom", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["period"] == {"since": "2025-11-26", "until": "2026-11-30"}
    assert (data["by"], data["category"], data["source"]) == ("source", "财务", None)
    assert {g["key"]: g["total"] for g in data["groups"]} == {"superior": 3, "leadership": 1}


def test_cli_human_table_shows_names_literally(office_cli: Any) -> None:
    result = office_cli("report", "assessment")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert MARKUP_NAME in out  # not swallowed as Rich markup
    assert "No internal dept" in out
    lines = out.splitlines()
    office_line = next(line for line in lines if line.startswith("办公室"))
    assert office_line.split()[1:] == ["5", "2", "1", "1", "1", "50.0%", "4.00", "3"]
    total_line = next(line for line in lines if line.startswith("Total"))
    assert total_line.split()[1:] == ["11", "3", "3", "3", "2", "33.3%", "3.33", "4"]
    not_judged = next(line for line in lines if line.startswith("后勤部"))
    assert not_judged.split()[-3:] == ["—", "—", "0"]
    assert "2026-01-01" in out and "2026-11-26" in out


def test_cli_human_table_in_chinese(office_cli: Any) -> None:
    result = office_cli("--lang", "zh", "report", "assessment", "--by", "category")
    assert result.exit_code == 0, result.stderr
    assert "合计" in result.stdout and "未分类" in result.stdout and "按期率" in result.stdout


def test_cli_human_shows_the_filters(office_cli: Any) -> None:
    result = office_cli(
        "report", "assessment", "--category", "[red]财务[/]", "--source", "superior"
    )
    assert result.exit_code == 0, result.stderr
    assert "[red]财务[/]" in result.stdout and "superior body" in result.stdout
    assert "No supervision items fall due in this period." in result.stdout


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["--by", "owner"], "dept, category, source"),
        (["--source", "rumour"], "superior"),
        (["--since", "2026-12-01"], "2026-12-01"),
        (["--until", "next blursday"], "next blursday"),
    ],
)
def test_cli_refusals_are_one_line(cli: Any, args: list[str], mentions: str) -> None:
    line = one_line_error(cli("report", "assessment", *args))
    assert mentions in line


def test_cli_report_help_lists_assessment(cli: Any) -> None:
    result = cli("report", "--help")
    assert result.exit_code == 0
    assert "assessment" in result.stdout


def test_the_shared_view_fits_the_width_it_is_given(office: AppContext) -> None:
    """The TUI shows the same renderable the CLI prints, at the pane's width."""
    from rich.cells import cell_len
    from rich.console import Console

    from officedesk.cli.report import assessment_view

    out = Console(width=72, record=True, color_system=None, file=io.StringIO())
    out.print(assessment_view(run(office), 72))
    text = out.export_text()
    assert max(cell_len(line) for line in text.splitlines()) <= 72
    assert MARKUP_NAME in text
    assert any(line.startswith("Total") for line in text.splitlines())


# ---- what the command loads ------------------------------------------------------------------


@pytest.mark.slow
def test_the_report_loads_rich_only_for_people(tmp_path: Path) -> None:
    """--json by department needs neither Rich nor pypinyin (names carry their stored pinyin)."""
    db = tmp_path / "office.db"
    assert loaded_by(["dept", "add", "办公室", "--code", "BGS"], db, tmp_path)["code"] in (0, None)
    assert loaded_by(["task", "add", "第一项", "--dept", "BGS"], db, tmp_path)["code"] in (0, None)
    as_json = loaded_by(["report", "assessment", "--json"], db, tmp_path)
    assert as_json == {"code": 0, "loaded": []}
    human = loaded_by(["report", "assessment"], db, tmp_path)
    assert human == {"code": 0, "loaded": ["rich"]}
