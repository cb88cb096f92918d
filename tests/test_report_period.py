"""Issue 11, the reports: `report daily|weekly|monthly` — the periods, each register's figures for
a period and the one before, and the promise that every figure is the length of the `--json`
list its argv names. Markdown on stdout, .md and .docx through --out, and --out's refusals."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from officedesk.context import AppContext
from officedesk.i18n import current_language, set_language
from officedesk.services.directory import create_department, create_person
from officedesk.services.report_period import (
    PeriodReport,
    figure_module_names,
    period,
    period_report,
    previous_period,
)
from officedesk.views.report_period import period_text, report_markdown

D = date.fromisoformat

# ---- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "day", "expected", "before"),
    [
        ("daily", "2026-11-26", ("2026-11-26", "2026-11-26"), ("2026-11-25", "2026-11-25")),
        ("daily", "2026-03-01", ("2026-03-01", "2026-03-01"), ("2026-02-28", "2026-02-28")),
        ("weekly", "2026-11-26", ("2026-11-23", "2026-11-29"), ("2026-11-16", "2026-11-22")),
        ("weekly", "2026-11-23", ("2026-11-23", "2026-11-29"), ("2026-11-16", "2026-11-22")),
        ("weekly", "2026-11-29", ("2026-11-23", "2026-11-29"), ("2026-11-16", "2026-11-22")),
        # A week across a month end and one across a year end (ISO week 53 of 2026).
        ("weekly", "2026-12-02", ("2026-11-30", "2026-12-06"), ("2026-11-23", "2026-11-29")),
        ("weekly", "2027-01-01", ("2026-12-28", "2027-01-03"), ("2026-12-21", "2026-12-27")),
        ("weekly", "2027-01-05", ("2027-01-04", "2027-01-10"), ("2026-12-28", "2027-01-03")),
        ("monthly", "2026-11-15", ("2026-11-01", "2026-11-30"), ("2026-10-01", "2026-10-31")),
        ("monthly", "2026-03-31", ("2026-03-01", "2026-03-31"), ("2026-02-01", "2026-02-28")),
        ("monthly", "2028-02-10", ("2028-02-01", "2028-02-29"), ("2028-01-01", "2028-01-31")),
        ("monthly", "2027-01-31", ("2027-01-01", "2027-01-31"), ("2026-12-01", "2026-12-31")),
    ],
)
def test_periods_and_the_one_before(
    kind: str, day: str, expected: tuple[str, str], before: tuple[str, str]
) -> None:
    assert period(kind, D(day)) == (D(expected[0]), D(expected[1]))
    assert previous_period(kind, D(day)) == (D(before[0]), D(before[1]))


@pytest.fixture
def language() -> Iterator[None]:
    before = current_language()
    yield
    set_language(before)


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize(
    ("lang", "kind", "start", "end", "expected"),
    [
        ("zh", "monthly", "2026-11-01", "2026-11-30", "2026年11月"),
        ("zh", "weekly", "2026-11-23", "2026-11-29", "2026年11月23日至29日"),
        ("zh", "weekly", "2026-11-30", "2026-12-06", "2026年11月30日至12月6日"),
        ("zh", "weekly", "2026-12-28", "2027-01-03", "2026年12月28日至2027年1月3日"),
        ("zh", "daily", "2026-03-05", "2026-03-05", "2026年3月5日"),
        ("en", "monthly", "2026-11-01", "2026-11-30", "November 2026"),
        ("en", "weekly", "2026-11-23", "2026-11-29", "23–29 November 2026"),
        ("en", "weekly", "2026-11-30", "2026-12-06", "30 November – 6 December 2026"),
        ("en", "weekly", "2026-12-28", "2027-01-03", "28 December 2026 – 3 January 2027"),
        ("en", "daily", "2026-03-05", "2026-03-05", "5 March 2026"),
    ],
)
def test_a_period_is_written_as_the_standard_says(
    lang: str, kind: str, start: str, end: str, expected: str
) -> None:
    set_language(lang)
    assert period_text(D(start), D(end), kind) == expected


def test_the_registers_contribute_through_their_figures_modules() -> None:
    """Found from the registry's names; the directory registers have none."""
    assert figure_module_names() == [
        "officedesk.services.task.figures",
        "officedesk.services.incoming.figures",
        "officedesk.services.outgoing.figures",
        "officedesk.services.seal.figures",
        "officedesk.services.visit.figures",
    ]


# ---- a small office, October and November 2026, built through the services --------------------


@contextmanager
def on_day(ctx: AppContext, day: str, operation: str = "seed") -> Iterator[Any]:
    """One write transaction as if it ran at noon (local time) of `day`."""
    when = D(day)
    with ctx.write(operation) as session:
        session.env.today = when
        session.env.fixed_now = datetime(when.year, when.month, when.day, 12).astimezone(UTC)
        yield session


# Supervision items: (title, assigned, due, done on, evaluated, cancelled on).
ITEMS = (
    ("T1 十月按期", "2026-10-05", "2026-10-20", "2026-10-18", False, None),
    ("T2 十一月逾期办结", "2026-10-10", "2026-10-25", "2026-11-03", False, None),
    ("T3 十月逾期未结", "2026-10-12", "2026-10-30", None, False, None),
    ("T4 十一月逾期未结", "2026-11-02", "2026-11-20", None, False, None),
    ("T5 未到期", "2026-11-05", "2026-11-30", None, False, None),
    ("T6 十一月按期", "2026-11-06", "2026-11-25", "2026-11-24", False, None),
    ("T7 撤销", "2026-10-28", "2026-12-10", None, False, "2026-11-01"),
    ("T8 逾期办结后评价", "2026-11-10", "2026-11-12", "2026-11-20", True, None),
    ("T9 九月交办十月逾期办结", "2026-09-20", "2026-10-08", "2026-10-12", False, None),
    ("T10 十月按期", "2026-10-15", "2026-10-22", "2026-10-21", False, None),
    ("T11 十月逾期未结", "2026-10-01", "2026-10-09", None, False, None),
)
# Reminders (催办): (item, day); a note on T4 that is not one.
REMINDERS = (
    ("T3", "2026-10-31"),
    ("T3", "2026-11-10"),
    ("T4", "2026-11-21"),
    ("T11", "2026-10-20"),
    ("T11", "2026-10-25"),
)
# What the office above gives for November, beside October.
EXPECTED = {
    "report.figure.task_assigned": (4, 6),
    "report.figure.task_done_on_time": (1, 2),
    "report.figure.task_done_late": (2, 1),
    "report.figure.task_overdue": (1, 2),
    "report.figure.task_reminders": (2, 3),
    "report.figure.incoming_received": (3, 1),
    "report.figure.outgoing_dispatched": (1, 2),
    "report.figure.seal_uses": (3, 1),
    "report.figure.visits": (3, 1),
}


def seed_office(ctx: AppContext) -> None:
    from officedesk.services import task as tasks

    with on_day(ctx, "2026-09-01") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_department(session, {"name": "市国资委", "kind": "superior"})
        create_person(session, {"name": "王建国", "dept": "BGS", "title": "主任"})
        create_person(session, {"name": "李娜", "dept": "BGS"})
    codes = {}
    for title, assigned, due, done, evaluated, cancelled in ITEMS:
        with on_day(ctx, assigned) as session:
            data = {"title": title, "dept": "BGS", "assigned_on": assigned, "due": due}
            codes[title.split()[0]] = tasks.create_task(session, data).code
        ref = codes[title.split()[0]]
        if done:
            with on_day(ctx, done) as session:
                tasks.complete_task(session, ref, done_on=done)
                if evaluated:
                    tasks.evaluate_task(session, ref, 4)
        if cancelled:
            with on_day(ctx, cancelled) as session:
                tasks.cancel_task(session, ref, "不再需要")
    for item, day in REMINDERS:
        with on_day(ctx, day) as session:
            tasks.remind_task(session, codes[item], "请抓紧")
    with on_day(ctx, "2026-11-21") as session:
        tasks.add_log_entry(session, codes["T4"], "已电话了解进度")
    seed_documents(ctx)
    seed_seal(ctx)
    seed_visits(ctx)


def seed_documents(ctx: AppContext) -> None:
    from officedesk.services.incoming.actions import return_incoming
    from officedesk.services.incoming.entry import create_incoming
    from officedesk.services.outgoing import actions as outgoing

    received = {}
    for day in ("2026-10-09", "2026-11-02", "2026-11-16", "2026-11-30"):
        with on_day(ctx, day) as session:
            doc = create_incoming(session, {"title": f"来文 {day}", "received_at": f"{day} 10:00"})
            received[day] = doc.id
    with on_day(ctx, "2026-11-03") as session:  # closed: still received in November
        return_incoming(session, received["2026-11-02"], "不属于本单位办理")
    # Dispatched on 15 and 20 October and on 4 November; one stays a draft.
    plans = (
        ("2026-10-15", "2026-10-15"),
        ("2026-10-20", "2026-10-20"),
        ("2026-10-28", "2026-11-04"),
    )
    for number, (made, dispatched) in enumerate(plans, start=1):
        with on_day(ctx, made) as session:
            doc = outgoing.create_outgoing(
                session,
                {
                    "doc_type": "notice",
                    "title": f"关于第{number}项工作的通知",
                    "main_to": "各部门",
                    "reviewer": "王建国",
                    "signer": "王建国",
                },
            )
            outgoing.review_outgoing(session, doc.id)
            outgoing.sign_outgoing(session, doc.id)
            outgoing.check_outgoing(session, doc.id)
            outgoing.register_outgoing(session, doc.id)
            outgoing.print_outgoing(session, doc.id, 5)
        with on_day(ctx, dispatched) as session:
            outgoing.dispatch_outgoing(session, doc.id)
    with on_day(ctx, "2026-11-10") as session:
        outgoing.create_outgoing(
            session, {"doc_type": "notice", "title": "尚未核发的通知", "main_to": "各部门"}
        )


def seed_seal(ctx: AppContext) -> None:
    """Uses on 9 and 30 October (the second voided) and on 2, 15 (corrected) and 25 November:
    in force, one in October and three in November; the log holds three and four entries."""
    from officedesk.services.seal import actions as seals

    with on_day(ctx, "2026-09-01") as session:
        seal = seals.create_seal(
            session,
            {
                "name": "示例公司公章",
                "kind": "official",
                "keeper": "王建国",
                "approval": "批件",
                "engraved_on": "2026-08-01",
            },
        )
        seals.step_seal(session, seal.id, "activate", approval="批件", on="2026-08-05")
    entries = {}
    for day in ("2026-10-09", "2026-10-30", "2026-11-02", "2026-11-15", "2026-11-25"):
        with on_day(ctx, day) as session:
            data = {"requester": "李娜", "doc_title": f"合同 {day}", "approver": "总经理"}
            entries[day] = seals.use_seal(session, seal.id, data, used_at=f"{day} 10:00").id
    with on_day(ctx, "2026-11-16") as session:
        seals.correct_use(session, entries["2026-11-15"], {"note": "份数写错", "copies": 2})
        seals.correct_use(session, entries["2026-10-30"], {"note": "重复登记"}, void=True)


def seed_visits(ctx: AppContext) -> None:
    from officedesk.services.visit import actions as visits

    for day in ("2026-10-12", "2026-11-05", "2026-11-20", "2026-11-27", "2026-11-18"):
        with on_day(ctx, "2026-10-01") as session:
            visit = visits.create_visit(
                session, {"guest_org": "市国资委", "arrives_at": f"{day} 09:30"}
            )
    with on_day(ctx, "2026-10-02") as session:
        visits.cancel_visit(session, visit.id, "对方改期")  # the one of 18 November


@pytest.fixture
def office(ctx: AppContext) -> AppContext:
    seed_office(ctx)
    return ctx


def figures_of(report: PeriodReport) -> dict[str, tuple[int, int]]:
    return {row.key: (row.value, row.previous) for row in report.rows}


def test_each_register_gives_its_figures_for_the_period_and_the_one_before(
    office: AppContext,
) -> None:
    with office.read() as session:
        report = period_report(session, "monthly", "2026-11-15")
    assert (report.start, report.end) == (D("2026-11-01"), D("2026-11-30"))
    assert (report.previous_start, report.previous_end) == (D("2026-10-01"), D("2026-10-31"))
    assert figures_of(report) == EXPECTED
    assert [row.change for row in report.rows] == [
        now - before for now, before in EXPECTED.values()
    ]


def test_every_figure_is_the_length_of_the_json_list_its_argv_names(
    office: AppContext, cli: Any
) -> None:
    """The promise of the issue: the report and the registers' lists count alike, for this
    period and the one before."""
    result = cli("report", "monthly", "--date", "2026-11-15", "--json")
    assert result.exit_code == 0, result.stderr
    figures = result.json()["figures"]
    assert {figure["key"]: (figure["value"], figure["previous"]) for figure in figures} == EXPECTED
    for figure in figures:
        for argv, value in (
            (figure["argv"], figure["value"]),
            (figure["previous_argv"], figure["previous"]),
        ):
            listed = cli(*argv, "--json")
            assert listed.exit_code == 0, (argv, listed.stderr)
            assert len(listed.json()) == value, (figure["key"], argv)


def test_a_week_counts_its_own_days(office: AppContext) -> None:
    """Monday 16 to Sunday 22 November, beside 9 to 15 November."""
    with office.read() as session:
        report = period_report(session, "weekly", "2026-11-18")
    figures = figures_of(report)
    assert figures["report.figure.task_done_late"] == (1, 0)  # T8 on the 20th
    assert figures["report.figure.task_reminders"] == (1, 1)  # the 21st; the 10th
    assert figures["report.figure.incoming_received"] == (1, 0)
    assert figures["report.figure.visits"] == (1, 0)  # the one of the 18th was cancelled
    assert figures["report.figure.seal_uses"] == (0, 1)  # the 15th, as corrected


# ---- what the user reads ------------------------------------------------------------------------


def test_markdown_on_stdout_in_either_language(office: AppContext, cli: Any) -> None:
    english = cli("report", "monthly", "--date", "2026-11-15")
    assert english.exit_code == 0, english.stderr
    lines = english.stdout.splitlines()
    assert lines[0] == "# Monthly report"
    assert "Period: November 2026 (previous: October 2026)" in lines
    assert "| Supervision items assigned | 4 | 6 | -2 |" in lines
    assert "| Seal uses | 3 | 1 | +2 |" in lines
    assert "| Items finished on time | 1 | 2 | -1 |" in lines
    chinese = cli("--lang", "zh", "report", "weekly", "--date", "2026-11-18")
    assert chinese.exit_code == 0, chinese.stderr
    assert chinese.stdout.startswith("# 工作周报\n")
    assert "期间：2026年11月16日至22日（上期：2026年11月9日至15日）" in chinese.stdout
    assert "| 逾期办结 | 1 | 0 | +1 |" in chinese.stdout


@pytest.mark.usefixtures("language")
def test_the_company_name_heads_the_report_and_is_shown_literally() -> None:
    set_language("en")
    report = PeriodReport(
        "daily", D("2026-11-26"), D("2026-11-26"), D("2026-11-26"), D("2026-11-25"),
        D("2026-11-25"), D("2026-11-26"), [],
    )  # fmt: skip
    text = report_markdown(report, "华信 *科技* | [x](y)")
    assert text.splitlines()[0] == r"# 华信 \*科技\* \| \[x\](y): Daily report"


def test_docx_has_the_title_the_period_and_the_table(
    office: AppContext, cli: Any, tmp_path: Path
) -> None:
    import docx
    from docx.oxml.ns import qn

    target = tmp_path / "月报.docx"
    result = cli("--lang", "zh", "report", "monthly", "--date", "2026-11-15", "--out", str(target))
    assert result.exit_code == 0, result.stderr
    assert str(target) in result.stdout
    assert os.stat(target).st_mode & 0o777 == 0o600
    document = docx.Document(str(target))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:2] == ["工作月报", "期间：2026年11月（上期：2026年10月）"]
    table = document.tables[0]
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0] == ["项目", "本期", "上期", "增减"]
    assert ["督办事项交办", "4", "6", "-2"] in cells
    assert ["用印", "3", "1", "+2"] in cells
    assert len(cells) == 1 + len(EXPECTED)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋"


def test_markdown_file_and_the_refusals_of_out(
    office: AppContext, cli: Any, tmp_path: Path, db_url: str
) -> None:
    target = tmp_path / "report.md"
    first = cli("report", "daily", "--date", "2026-11-24", "--out", str(target))
    assert first.exit_code == 0, first.stderr
    written = target.read_text(encoding="utf-8")
    assert written.startswith("# Daily report\n")
    assert "| Items finished on time | 1 | 0 | +1 |" in written  # T6, on the 24th

    again = cli("report", "weekly", "--out", str(target))
    assert again.exit_code == 1
    assert len(again.stderr.strip().splitlines()) == 1 and "Traceback" not in again.stderr
    assert target.read_text(encoding="utf-8") == written

    forced = cli("report", "weekly", "--date", "2026-11-24", "--out", str(target), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert target.read_text(encoding="utf-8").startswith("# Weekly report\n")

    wrong = cli("report", "monthly", "--out", str(tmp_path / "report.pdf"))
    assert wrong.exit_code == 1 and ".docx" in wrong.stderr
    assert not (tmp_path / "report.pdf").exists()
    missing = cli("report", "monthly", "--out", str(tmp_path / "nowhere" / "r.md"))
    assert missing.exit_code == 1 and not (tmp_path / "nowhere").exists()
    if db_url.startswith("sqlite:///"):
        database = db_url.removeprefix("sqlite:///")
        before = Path(database).read_bytes()
        refused = cli("report", "monthly", "--out", database, "--force")
        assert refused.exit_code == 1
        assert Path(database).read_bytes() == before


def test_a_bad_date_is_one_line(office: AppContext, cli: Any) -> None:
    result = cli("report", "weekly", "--date", "someday")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_the_markdown_report_imports_neither_textual_nor_python_docx(db_url: str) -> None:
    script = (
        "import sys\n"
        "from officedesk.cli.main import run\n"
        "try:\n"
        "    run(['report', 'weekly', '--date', '2026-11-18'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print(json.dumps(sorted(m for m in ('docx', 'textual') if m in sys.modules)))\n"
    )
    env = {**os.environ, "OFFICEDESK_DATABASE_URL": db_url}
    done = subprocess.run(
        [sys.executable, "-c", "import json\n" + script],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_a_blank_date_filter_is_no_filter(cli: Any) -> None:
    """A script's empty variable (`--since "$FROM"`) reads as no bound, never an internal error
    (the CLI fuzz found `--done-until "  "` failing)."""
    for argv in (
        ("task", "list", "--due-before", "  "),
        ("task", "list", "--assigned-since", " "),
        ("task", "list", "--done-until", "  "),
        ("outgoing", "list", "--dispatched-since", " "),
    ):
        done = cli(*argv, "--json")
        assert done.exit_code == 0, (argv, done.stderr)
