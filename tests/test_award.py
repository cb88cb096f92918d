"""The awards register (评比表彰) and staff events: services, the CLI and search."""

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from conftest import TODAY, CliResult, dump
from officedesk.errors import InvalidInput, NotFound
from officedesk.services import award as svc
from officedesk.services.directory import create_department, create_person
from officedesk.views.search import subtitle


def seed(ctx: Any) -> None:
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_department(session, {"name": "财务部", "code": "CWB"})
        create_person(session, {"name": "张伟", "dept": "BGS"})
        create_person(session, {"name": "张伟", "dept": "CWB"})
        create_person(session, {"name": "李娜", "dept": "CWB"})


def award(ctx: Any, **data: Any) -> Any:
    with ctx.write("award.add") as session:
        return svc.create_award(session, {"name": "优秀员工", "year": 2025, **data})


# ---- recipients --------------------------------------------------------------------------------


def test_a_person_counts_for_their_department(ctx: Any) -> None:
    seed(ctx)
    given = award(ctx, person="李娜", reason="业绩突出")
    assert (given.recipient, given.recipient_name, given.dept) == ("person", "李娜", "财务部")
    assert given.person_id is not None and given.recipient_dept_id is None


def test_the_department_tells_namesakes_apart(ctx: Any) -> None:
    seed(ctx)
    given = award(ctx, person="张伟", dept="CWB")
    assert (given.recipient, given.dept) == ("person", "财务部")


def test_a_department_alone_receives_it(ctx: Any) -> None:
    seed(ctx)
    given = award(ctx, name="先进集体", dept="办公室")
    assert (given.recipient, given.recipient_name, given.dept) == ("dept", "办公室", "办公室")
    assert given.person_id is None and given.recipient_dept_id is not None


def test_no_recipient_is_refused(ctx: Any) -> None:
    seed(ctx)
    with pytest.raises(InvalidInput) as caught:
        award(ctx)
    assert caught.value.key == "award.recipient_required"


def test_the_database_takes_exactly_one_recipient(ctx: Any) -> None:
    seed(ctx)
    award(ctx, person="李娜")
    for values in ("person_id = 1, recipient_dept_id = 1", "person_id = NULL"):
        with ctx.write("raw") as session, pytest.raises(IntegrityError):
            session.execute(text(f"UPDATE award SET {values} WHERE id = 1"))
            session.flush()


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"name": ""}, "input.required"),
        ({"year": "去年"}, "input.number"),
        ({"year": 1800}, "input.range"),
        ({"event": "99"}, "award.event_not_found"),
    ],
)
def test_bad_input_is_refused(ctx: Any, data: dict[str, Any], key: str) -> None:
    seed(ctx)
    with pytest.raises((InvalidInput, NotFound)) as caught:
        award(ctx, person="李娜", **data)
    assert caught.value.key == key


def test_ambiguous_person_without_department_is_refused(ctx: Any) -> None:
    seed(ctx)
    with pytest.raises(Exception) as caught:
        award(ctx, person="张伟")
    assert getattr(caught.value, "key", "") == "person.ambiguous"


def test_edit_moves_the_award_to_a_department(ctx: Any) -> None:
    seed(ctx)
    award(ctx, person="李娜")
    with ctx.write("award.edit") as session:
        edited = svc.update_award(session, 1, {"dept": "BGS", "reason": "集体荣誉", "year": "2024"})
    assert (edited.recipient, edited.recipient_name, edited.year, edited.reason) == (
        "dept",
        "办公室",
        2024,
        "集体荣誉",
    )


# ---- lists by year and by department -----------------------------------------------------------


def test_lists_by_year_and_by_department(ctx: Any) -> None:
    seed(ctx)
    award(ctx, person="李娜", year=2023)
    award(ctx, person="张伟", dept="BGS", year=2025)
    award(ctx, name="先进集体", dept="财务部", year=2024)
    award(ctx, name="先进集体", dept="办公室", year=2024)
    with ctx.read() as session:

        def names(**kw: Any) -> list[tuple[int, str]]:
            items = svc.list_awards(session, svc.AwardFilter(**kw)).items
            return [(a.year, a.recipient_name) for a in items]

        assert names() == [(2025, "张伟"), (2024, "办公室"), (2024, "财务部"), (2023, "李娜")]
        assert names(by="dept") == [
            (2025, "张伟"),
            (2024, "办公室"),
            (2024, "财务部"),
            (2023, "李娜"),
        ]
        assert names(year=2024) == [(2024, "办公室"), (2024, "财务部")]
        assert names(dept="CWB") == [(2024, "财务部"), (2023, "李娜")]
        assert names(text="先进") == [(2024, "办公室"), (2024, "财务部")]
        assert svc.count_awards(session, svc.AwardFilter(dept="办公室")) == 2
        assert svc.award_years(session) == [2025, 2024, 2023]


# ---- staff events ------------------------------------------------------------------------------


def test_events_and_the_awards_given_at_them(ctx: Any) -> None:
    seed(ctx)
    with ctx.write("event") as session:
        assembly = svc.create_event(
            session, {"title": "2026年员工大会", "kind": "staff_assembly", "held_on": "2026-03-12"}
        )
        ceremony = svc.create_event(
            session,
            {"title": "2025年度表彰大会", "kind": "commendation", "held_on": "2026-01-20"},
        )
    given = award(ctx, person="李娜", event=str(ceremony.id), year=None)
    assert (given.year, given.event, given.awarded_on.isoformat()) == (
        2026,
        "2025年度表彰大会",
        "2026-01-20",
    )
    award(ctx, name="先进集体", dept="BGS", event="2025年度表彰大会", year=2025)
    with ctx.read() as session:
        events = svc.list_events(session).items
        assert [e.title for e in events] == ["2026年员工大会", "2025年度表彰大会"]
        assert [
            e.id for e in svc.list_events(session, svc.EventFilter(kind="commendation")).items
        ] == [ceremony.id]
        assert svc.get_event(session, ceremony.id).awards == 2
        assert svc.get_event(session, assembly.id).awards == 0
        assert [a.recipient_name for a in svc.event_awards(session, ceremony.id)] == [
            "李娜",
            "办公室",
        ]
        assert svc.count_events(session, svc.EventFilter(year=2026)) == 2
    with ctx.write("event") as session, pytest.raises(InvalidInput):
        svc.create_event(session, {"title": "联欢会", "kind": "party"})
    with ctx.write("event") as session:
        edited = svc.update_event(session, assembly.id, {"place": "大礼堂", "kind": "other"})
    assert (edited.place, edited.kind) == ("大礼堂", "other")


def test_event_day_defaults_to_today(ctx: Any) -> None:
    with ctx.write("event") as session:
        event = svc.create_event(session, {"title": "职工运动会"})
    assert (event.held_on, event.kind) == (TODAY, "other")


# ---- search ------------------------------------------------------------------------------------


def test_search_finds_awards_by_name_recipient_and_reason(ctx: Any) -> None:
    from officedesk.services.search import search

    seed(ctx)
    award(ctx, name="安全生产先进个人", person="李娜", reason="组织隐患排查整改四十余项")
    award(ctx, name="先进集体", dept="办公室")
    with ctx.read() as session:
        for query in ("安全生产先进", "李娜", "隐患排查"):
            hits = search(session, query, kinds=["award"])
            assert [h.ref_id for h in hits] == [1], query
        hit = search(session, "李娜", kinds=["award"])[0]
        assert (hit.title, subtitle(hit)) == ("安全生产先进个人 · 李娜", "财务部 · 2025")
        assert [h.ref_id for h in search(session, "先进集体", kinds=["award"])] == [2]


# ---- the CLI -----------------------------------------------------------------------------------


@pytest.fixture
def seeded(cli: Any) -> Any:
    for args in (
        ["dept", "add", "办公室", "--code", "BGS"],
        ["dept", "add", "财务部", "--code", "CWB"],
        ["contact", "add", "李娜", "--dept", "CWB"],
        [
            "award",
            "event",
            "add",
            "2025年度表彰大会",
            "--date",
            "2026-01-20",
            "--kind",
            "commendation",
        ],
        ["award", "add", "优秀员工", "--person", "李娜", "--event", "1", "--year", "2025"],
        [
            "award",
            "add",
            "先进集体",
            "--dept",
            "BGS",
            "--year",
            "2024",
            "--ref",
            "X司发〔2025〕3号",
        ],
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
    return cli


def one_line_error(result: CliResult) -> str:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


def test_cli_list_show_edit(seeded: Any) -> None:
    listed = seeded("award", "list", "--json").json()
    assert [(a["year"], a["recipient_name"]) for a in listed] == [(2025, "李娜"), (2024, "办公室")]
    assert [a["id"] for a in seeded("award", "list", "--dept", "CWB", "--json").json()] == [1]
    assert [a["id"] for a in seeded("award", "list", "--year", "2024", "--json").json()] == [2]
    human = seeded("award", "list", "--by", "dept").stdout
    assert human.index("办公室") < human.index("李娜")
    shown = seeded("award", "show", "1")
    assert "2025年度表彰大会" in shown.stdout and "财务部" in shown.stdout
    assert seeded("award", "show", "2", "--json").json()["doc_ref"] == "X司发〔2025〕3号"
    edited = seeded("award", "edit", "1", "--reason", "业绩突出", "--json").json()
    assert edited["reason"] == "业绩突出"


def test_cli_events(seeded: Any) -> None:
    result = seeded(
        "award",
        "event",
        "add",
        "2026年员工大会",
        "--date",
        "2026-03-12",
        "--kind",
        "staff_assembly",
    )
    assert result.exit_code == 0 and "#2" in result.stdout
    listed = seeded("award", "event", "list", "--json").json()
    assert [e["title"] for e in listed] == ["2026年员工大会", "2025年度表彰大会"]
    shown = seeded("award", "event", "show", "1", "--json").json()
    assert [a["recipient_name"] for a in shown["award_list"]] == ["李娜"]
    assert "李娜" in seeded("award", "event", "show", "1").stdout
    edited = seeded("award", "event", "edit", "2", "--place", "大礼堂", "--json").json()
    assert edited["place"] == "大礼堂"
    assert seeded("award", "event", "dance").exit_code == 2


@pytest.mark.parametrize(
    ("args", "quoted"),
    [
        (["award", "add", "优秀员工"], "--person"),
        (["award", "add", "优秀员工", "--person", "无名氏"], "无名氏"),
        (["award", "add", "优秀员工", "--dept", "BGS", "--event", "99"], "99"),
        (["award", "show", "42"], "42"),
        (["award", "list", "--by", "month"], "dept"),
        (["award", "event", "add", "联欢会", "--kind", "party"], "staff_assembly"),
    ],
)
def test_cli_errors_are_one_line_and_change_nothing(
    seeded: Any, db_url: str, args: list[str], quoted: str
) -> None:
    before = dump(db_url)
    assert quoted in one_line_error(seeded(*args))
    assert dump(db_url) == before
