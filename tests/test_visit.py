"""Visits (公务接待) through the services: numbering, states, guests, the reception rules as
warnings, the reception list, Today's lines and search."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from conftest import TODAY
from officedesk.errors import IllegalTransition, InvalidInput, NotFound
from officedesk.i18n import label, t
from officedesk.services.directory import create_department, create_person
from officedesk.services.visit import actions as svc
from officedesk.services.visit.input import format_money, parse_money
from officedesk.services.visit.sheet import sheet_data
from officedesk.views.today import agenda_detail
from officedesk.views.visit_sheet import sheet_text


def seed(ctx: Any) -> None:
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_department(session, {"name": "市国资委", "kind": "superior"})
        create_person(session, {"name": "王建国", "dept": "BGS", "title": "主任"})


def add(ctx: Any, **data: Any) -> Any:
    values = {"guest_org": "市国资委", "arrives_at": "2026-11-27 09:30", **data}
    with ctx.write("visit.add") as session:
        return svc.create_visit(session, values)


def codes(notices: list[Any]) -> list[str]:
    return [n.key for n in notices]


def local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


# ---- registering -------------------------------------------------------------------------------


def test_first_visit_is_numbered_and_linked(ctx: Any) -> None:
    seed(ctx)
    visit = add(
        ctx,
        purpose="调研安全生产",
        letter_ref="国资委函〔2026〕45号",
        host="王建国",
        guests=["任杰:企业改革处科长", "李明：科员"],
        budget="1,200.50",
    )
    assert visit.code == "JD-2026-0001"
    assert visit.state == "planned"
    assert visit.guest_org_id is not None  # the directory's 市国资委
    assert (visit.host, visit.host_dept) == ("王建国", "办公室")
    assert [(g.name, g.post) for g in visit.guests] == [
        ("任杰", "企业改革处科长"),
        ("李明", "科员"),
    ]
    assert visit.guest_count == 2
    assert (visit.budget_fen, visit.budget) == (120050, "1,200.50")
    assert local(visit.arrives_at) == "2026-11-27 09:30"
    assert add(ctx).code == "JD-2026-0002"


def test_free_text_unit_is_not_linked(ctx: Any) -> None:
    visit = add(ctx, guest_org="省发改委调研组")
    assert (visit.guest_org, visit.guest_org_id) == ("省发改委调研组", None)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-11-27 09:30", "2026-11-27 09:30"),
        ("2026-11-27T14:05", "2026-11-27 14:05"),
        ("明天 9:30", "2026-11-27 09:30"),
        ("tomorrow 14:00", "2026-11-27 14:00"),
        ("明天下午3点", "2026-11-27 15:00"),
        ("后天9点半", "2026-11-28 09:30"),
        ("16:00", "2026-11-26 16:00"),
        ("2026-12-01", "2026-12-01 09:00"),
    ],
)
def test_arrival_as_people_write_it(ctx: Any, typed: str, expected: str) -> None:
    assert local(add(ctx, arrives_at=typed).arrives_at) == expected


@pytest.mark.parametrize(
    ("data", "key", "field"),
    [
        ({"arrives_at": "下下周"}, "visit.bad_time", "arrives_at"),
        ({"arrives_at": ""}, "input.required", "arrives_at"),
        ({"guest_org": " "}, "input.required", "guest_org"),
        ({"budget": "-5"}, "visit.bad_money", "budget"),
        ({"budget": "12.345"}, "visit.bad_money", "budget"),
        ({"budget": "abc"}, "visit.bad_money", "budget"),
        ({"level": "vip"}, "input.choice", "level"),
        ({"guests": ["甲", "乙", "丙"], "guest_count": 2}, "visit.fewer_than_named", "guest_count"),
        (
            {"arrives_at": "2026-11-27 09:00", "departs_at": "2026-11-26 17:00"},
            "visit.departs_before_arrives",
            "departs_at",
        ),
    ],
)
def test_bad_input_is_refused_and_takes_no_number(
    ctx: Any, data: dict[str, Any], key: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        add(ctx, **data)
    assert caught.value.key == key
    assert caught.value.params.get("field") == field
    assert add(ctx).code == "JD-2026-0001"


@pytest.mark.parametrize(
    ("typed", "fen"), [("1200", 120000), ("¥800元", 80000), ("0.5", 50), ("1,234.56", 123456)]
)
def test_money_is_kept_in_fen(typed: str, fen: int) -> None:
    assert parse_money(typed, "budget") == fen
    assert format_money(fen).replace(",", "") == f"{fen // 100}.{fen % 100:02d}"


def test_a_delegation_may_be_larger_than_its_named_guests(ctx: Any) -> None:
    visit = add(ctx, guests=["任杰:组长"], guest_count=12)
    assert (visit.guest_count, len(visit.guests)) == (12, 1)


def test_unknown_visit_is_not_found(ctx: Any) -> None:
    with ctx.read() as session, pytest.raises(NotFound):
        svc.get_visit(session, "JD-2026-0404")


# ---- states ------------------------------------------------------------------------------------


def test_state_table_is_the_documented_one() -> None:
    documented = {
        "planned": {"confirmed", "cancelled"},
        "confirmed": {"done", "cancelled"},
        "done": {"settled"},
        "settled": set(),
        "cancelled": set(),
    }
    assert dict(svc.VISIT_TRANSITIONS) == documented


def test_the_whole_way_to_settled(ctx: Any) -> None:
    add(ctx, arrives_at="2026-11-26 09:30", budget="2000")
    with ctx.write("steps") as session:
        svc.confirm_visit(session, 1, "国资委函〔2026〕45号")
        svc.complete_visit(session, 1, 3)
        svc.settle_visit(session, 1, "1,850", papers="发票,公函,接待清单")  # the words work too
    with ctx.read() as session:
        visit = svc.get_visit(session, 1)
    assert visit.state == "settled"
    assert visit.letter_ref == "国资委函〔2026〕45号"
    assert (visit.table_hosts, visit.cost_fen, visit.settled_on) == (3, 185000, TODAY)


def test_settle_needs_the_actual_cost(ctx: Any) -> None:
    add(ctx, arrives_at="2026-11-26 09:30", budget="2000", letter_ref="函〔2026〕1号")
    with ctx.write("steps") as session:
        svc.confirm_visit(session, 1)
        svc.complete_visit(session, 1)
    with ctx.write("settle") as session, pytest.raises(InvalidInput) as caught:
        svc.settle_visit(session, 1)
    assert caught.value.key == "visit.cost_required"
    with ctx.read() as session:
        assert svc.get_visit(session, 1).state == "done"


def test_settled_visit_cannot_lose_its_cost_in_the_database(ctx: Any) -> None:
    add(ctx)
    with ctx.write("raw") as session, pytest.raises(IntegrityError):
        session.execute(text("UPDATE visit SET state = 'settled' WHERE id = 1"))
        session.flush()


@pytest.mark.parametrize(
    ("steps", "action"),
    [
        ([], "done"),
        ([], "settle"),
        (["confirm"], "confirm"),
        (["confirm", "done"], "cancel"),
        (["cancel"], "confirm"),
    ],
)
def test_illegal_step_is_refused_and_names_the_legal_ones(
    ctx: Any, steps: list[str], action: str
) -> None:
    add(ctx, arrives_at="2026-11-26 09:30", letter_ref="函〔2026〕1号")
    calls = {
        "confirm": lambda s: svc.confirm_visit(s, 1),
        "done": lambda s: svc.complete_visit(s, 1),
        "settle": lambda s: svc.settle_visit(s, 1, "100", PAPERS),
        "cancel": lambda s: svc.cancel_visit(s, 1, "行程取消"),
    }
    with ctx.write("steps") as session:
        for step in steps:
            calls[step](session)
    with ctx.write("refused") as session, pytest.raises(IllegalTransition) as caught:
        calls[action](session)
    with ctx.read() as session:
        state = svc.get_visit(session, 1).state
    legal = svc.allowed_actions(state)
    message = caught.value.message()
    named = [label("visit_action", a) for a in legal] or [t("visit.no_actions")]
    assert all(name in message for name in named)
    assert label("visit_action", action) in message


def test_cannot_be_done_before_the_guests_arrive(ctx: Any) -> None:
    add(ctx, arrives_at="2026-11-27 09:30", letter_ref="函〔2026〕1号")
    with ctx.write("steps") as session:
        svc.confirm_visit(session, 1)
    with ctx.write("done") as session, pytest.raises(InvalidInput) as caught:
        svc.complete_visit(session, 1)
    assert caught.value.key == "visit.done_before_arrival"


def test_cancel_needs_a_reason_and_closes_the_record(ctx: Any) -> None:
    add(ctx)
    with ctx.write("cancel") as session, pytest.raises(InvalidInput):
        svc.cancel_visit(session, 1, "  ")
    with ctx.write("cancel") as session:
        svc.cancel_visit(session, 1, "对方行程调整")
    for change in (
        lambda s: svc.update_visit(s, 1, {"purpose": "改"}),
        lambda s: svc.add_guest(s, 1, "张三"),
    ):
        with ctx.write("closed") as session, pytest.raises(IllegalTransition) as caught:
            change(session)
        assert caught.value.key == "visit.closed"


# ---- the reception rules: a 公函 to confirm, three papers to settle, warnings for the rest ------

PAPERS = ["invoice", "letter", "list"]


def test_confirming_without_a_letter_needs_the_reason_and_keeps_it(ctx: Any) -> None:
    add(ctx, arrives_at="2026-11-26 09:30")
    with ctx.write("confirm") as session, pytest.raises(InvalidInput) as caught:
        svc.confirm_visit(session, 1)
    assert (caught.value.key, caught.value.params["field"]) == (
        "visit.letter_required",
        "letter_ref",
    )
    with ctx.read() as session:
        assert svc.get_visit(session, 1).state == "planned"
    with ctx.write("confirm") as session:
        visit = svc.confirm_visit(session, 1, waiver="市领导临时安排，公函后补")
    assert (visit.state, visit.letter_waiver) == ("confirmed", "市领导临时安排，公函后补")
    assert "visit.warn.no_letter" not in codes(svc.visit_notices(visit))
    from officedesk.views.visit_sheet import sheet_text

    assert "市领导临时安排，公函后补" in sheet_text(visit)


def test_settling_needs_the_three_papers_marked(ctx: Any) -> None:
    add(ctx, arrives_at="2026-11-26 09:30", letter_ref="函〔2026〕1号")
    with ctx.write("steps") as session:
        svc.confirm_visit(session, 1)
        svc.complete_visit(session, 1)
    with ctx.write("settle") as session, pytest.raises(InvalidInput) as caught:
        svc.settle_visit(session, 1, "800", ["invoice"])
    assert caught.value.key == "visit.papers_missing"
    assert caught.value.params["missing"] == ["letter", "list"]
    assert "公函" in caught.value.message() or "official letter" in caught.value.message()
    with ctx.write("settle") as session, pytest.raises(InvalidInput) as bad:
        svc.settle_visit(session, 1, "800", ["收据"])
    assert bad.value.key == "input.choice"
    with ctx.read() as session:
        unchanged = svc.get_visit(session, 1)
    assert (unchanged.state, unchanged.papers) == ("done", [])  # nothing half-written
    with ctx.write("settle") as session:
        settled = svc.settle_visit(session, 1, "800", ["list", "invoice", "letter"])
    assert (settled.state, settled.papers) == ("settled", PAPERS)


def test_a_guest_count_larger_than_the_guests_named_warns(ctx: Any) -> None:
    visit = add(ctx, letter_ref="函〔2026〕1号", guests=["任杰:科长", "李明"], guest_count=5)
    assert codes(svc.visit_notices(visit)) == ["visit.warn.guest_count"]
    assert visit.warnings[0]["params"] == {"code": "JD-2026-0001", "count": 5, "named": 2}
    named = add(ctx, letter_ref="函〔2026〕2号", guests=["任杰:科长", "李明"], guest_count=2)
    assert named.warnings == []


@pytest.mark.parametrize(
    ("guests", "limit"),
    [(0, 3), (1, 3), (9, 3), (10, 3), (11, 3), (12, 4), (14, 4), (15, 5), (30, 10), (31, 10)],
)
def test_host_limit_edges(guests: int, limit: int) -> None:
    assert svc.host_limit(guests) == limit


@pytest.mark.parametrize(
    ("guests", "hosts", "warned"),
    [(10, 3, False), (10, 4, True), (11, 3, False), (11, 4, True), (12, 4, False), (12, 5, True)],
)
def test_too_many_hosts_warns_and_still_saves(
    ctx: Any, guests: int, hosts: int, warned: bool
) -> None:
    visit = add(ctx, letter_ref="国资委函〔2026〕45号", guest_count=guests, table_hosts=hosts)
    assert ("visit.warn.too_many_hosts" in codes(svc.visit_notices(visit))) is warned
    assert [w["code"] for w in visit.warnings] == codes(svc.visit_notices(visit))
    with ctx.read() as session:
        assert svc.get_visit(session, visit.id).table_hosts == hosts


def test_no_letter_warns_until_one_is_recorded(ctx: Any) -> None:
    visit = add(ctx)
    assert codes(svc.visit_notices(visit)) == ["visit.warn.no_letter"]
    with ctx.write("confirm") as session:
        confirmed = svc.confirm_visit(session, 1, "国资委函〔2026〕45号")
    assert svc.visit_notices(confirmed) == []


def test_a_clean_visit_has_no_warnings(ctx: Any) -> None:
    visit = add(ctx, letter_ref="国资委函〔2026〕45号", guest_count=5, table_hosts=3)
    assert visit.warnings == []


def test_cost_over_budget_warns(ctx: Any) -> None:
    add(ctx, arrives_at="2026-11-26 09:30", letter_ref="函〔2026〕1号", budget="1000")
    with ctx.write("steps") as session:
        svc.confirm_visit(session, 1)
        svc.complete_visit(session, 1)
        visit = svc.settle_visit(session, 1, "1000.01", PAPERS)
    assert codes(svc.visit_notices(visit)) == ["visit.warn.over_budget"]


def test_cancelled_visit_is_not_warned_about(ctx: Any) -> None:
    add(ctx, table_hosts=9)
    with ctx.write("cancel") as session:
        visit = svc.cancel_visit(session, 1, "取消")
    assert svc.visit_notices(visit) == []


# ---- guests and activities ---------------------------------------------------------------------


def test_guests_added_and_removed_keep_count_and_names(ctx: Any) -> None:
    add(ctx, guests=["任杰:科长"])
    with ctx.write("guests") as session:
        visit = svc.add_guest(session, 1, "李明", "科员")
        assert visit.guest_count == 2
        visit = svc.remove_guest(session, 1, "任杰")
    assert [g.name for g in visit.guests] == ["李明"]
    assert visit.guest_count == 1
    with ctx.write("guests") as session, pytest.raises(NotFound):
        svc.remove_guest(session, 1, "无此人")


def test_a_stated_head_count_is_kept_when_guests_change(ctx: Any) -> None:
    add(ctx, guests=["任杰:组长"], guest_count=12)
    with ctx.write("guests") as session:
        visit = svc.set_guests(session, 1, "任杰：组长\n李明：副组长\n王芳")
    assert visit.guest_count == 12
    assert [(g.name, g.post) for g in visit.guests] == [
        ("任杰", "组长"),
        ("李明", "副组长"),
        ("王芳", ""),
    ]


def test_activities_default_to_the_arrival_day(ctx: Any) -> None:
    add(ctx, arrives_at="2026-11-27 09:30")
    with ctx.write("activity") as session:
        svc.add_activity(session, 1, {"activity": "座谈交流", "place": "三楼会议室"})
        visit = svc.add_activity(
            session, 1, {"activity": "工作餐", "starts_at": "12:00", "cost": "360"}
        )
    assert [(local(a.starts_at), a.activity, a.cost_fen) for a in visit.activities] == [
        ("2026-11-27 09:30", "座谈交流", None),
        ("2026-11-27 12:00", "工作餐", 36000),
    ]
    with ctx.write("activity") as session:
        visit = svc.remove_activity(session, 1, visit.activities[0].id)
    assert [a.activity for a in visit.activities] == ["工作餐"]


# ---- the reception list ------------------------------------------------------------------------


def test_sheet_holds_what_the_rules_ask_for(ctx: Any) -> None:
    seed(ctx)
    add(
        ctx,
        purpose="调研安全生产",
        letter_ref="国资委函〔2026〕45号",
        host="王建国",
        guests=["任杰:企业改革处科长", "李|明:科员"],
        departs_at="2026-11-27 17:00",
        meals="工作餐一次",
    )
    with ctx.write("activity") as session:
        svc.add_activity(session, 1, {"activity": "座谈交流", "place": "三楼会议室"})
        svc.add_activity(session, 1, {"activity": "工作餐", "starts_at": "12:00", "cost": "360"})
        visit = svc.get_visit(session, 1)
    sheet = sheet_text(visit)
    for expected in (
        "JD-2026-0001",
        "市国资委",
        "国资委函〔2026〕45号",
        "| 1 | 任杰 | 企业改革处科长 |",
        "李\\|明",  # a user's | cannot break the table
        "| 2026-11-27 09:30 | 三楼会议室 | 座谈交流 |",
        "| 2026-11-27 12:00 |  | 工作餐 | 360.00 |",
        "360.00",
        "2026-11-27 09:30 to 17:00",  # the same day: its date once
        "王建国",
        "工作餐一次",
    ):
        assert expected in sheet, expected
    data = sheet_data(visit)
    assert data["activities_total"] == "360.00"
    assert data["guests"][0] == {"name": "任杰", "post": "企业改革处科长"}


# ---- lists, Today and search -------------------------------------------------------------------


def test_list_filters_by_state_dates_and_text(ctx: Any) -> None:
    add(ctx, arrives_at="2026-11-20 09:00", purpose="安全检查")
    add(ctx, arrives_at="2026-11-27 09:00", guests=["欧阳娜娜:处长"])
    add(ctx, arrives_at="2026-12-05 09:00")
    with ctx.write("cancel") as session:
        svc.cancel_visit(session, 3, "取消")
    with ctx.read() as session:

        def found(**kw: Any) -> list[str]:
            return [v.code[-1] for v in svc.list_visits(session, svc.VisitFilter(**kw)).items]

        assert found() == ["3", "2", "1"]
        assert found(states=["open"]) == ["2", "1"]
        assert found(states=["cancelled"]) == ["3"]
        assert found(since="2026-11-21", until="2026-11-30") == ["2"]
        assert found(text="欧阳") == ["2"]
        assert found(text="安全") == ["1"]
        assert found(sort="arrival_asc") == ["1", "2", "3"]
        assert svc.count_visits(session, svc.VisitFilter(states=["open"])) == 2
        with pytest.raises(InvalidInput):
            found(states=["nonsense"])


def test_today_lines_cover_today_and_tomorrow_only(ctx: Any) -> None:
    seed(ctx)
    day = TODAY
    add(ctx, arrives_at=f"{day - timedelta(days=1)} 23:59")  # left yesterday
    add(  # arrived yesterday, stays until today
        ctx,
        arrives_at=f"{day - timedelta(days=1)} 14:00",
        departs_at=f"{day} 10:00",
    )
    add(ctx, arrives_at=f"{day} 00:00", host="王建国", guests=["任杰:处长", "李明:科员"])
    add(ctx, arrives_at=f"{day} 23:59")
    add(ctx, arrives_at=f"{day + timedelta(days=1)} 00:00")
    add(ctx, arrives_at=f"{day + timedelta(days=1)} 23:59")
    add(ctx, arrives_at=f"{day + timedelta(days=2)} 00:00")  # the day after tomorrow
    add(ctx, arrives_at=f"{day} 15:00")
    with ctx.write("cancel") as session:
        svc.cancel_visit(session, 8, "取消")
    with ctx.read() as session:
        lines = svc.today_lines(session)
    by_section = {
        section: [line.code[-1] for line in lines if line.section == section]
        for section in ("visits_today", "visits_tomorrow")
    }
    assert by_section == {"visits_today": ["2", "3", "4"], "visits_tomorrow": ["5", "6"]}
    third = next(line for line in lines if line.code.endswith("3"))
    assert third.kind == "visit" and third.ref_id == 3
    for part in ("市国资委", "2 guests", "00:00", "王建国"):
        assert part in agenda_detail(third)


def test_search_finds_visits_by_guest_unit_purpose_and_code(ctx: Any) -> None:
    from officedesk.services.search import search

    add(ctx, guest_org="省发改委调研组", purpose="调研营商环境", guests=["欧阳娜娜:处长"])
    add(ctx, guest_org="华光电力", purpose="技术交流")
    with ctx.read() as session:
        for query in ("发改委", "营商", "欧阳娜娜", "处长", "JD-2026-0001"):
            hits = search(session, query, kinds=["visit"])
            assert [h.code for h in hits] == ["JD-2026-0001"], query
    with ctx.write("edit") as session:
        svc.update_visit(session, 2, {"purpose": "签订框架协议"})
        svc.add_guest(session, 2, "诸葛亮", "总工程师")
    with ctx.read() as session:
        assert [h.code for h in search(session, "框架协议", kinds=["visit"])] == ["JD-2026-0002"]
        assert [h.code for h in search(session, "诸葛", kinds=["visit"])] == ["JD-2026-0002"]
        assert search(session, "技术交流", kinds=["visit"]) == []


def test_edit_changes_only_what_is_given(ctx: Any) -> None:
    seed(ctx)
    add(ctx, purpose="调研", budget="800", host="王建国")
    with ctx.write("edit") as session:
        visit = svc.update_visit(
            session, "JD-2026-0001", {"purpose": "专题调研", "budget": "", "room": "贵宾室"}
        )
    assert (visit.purpose, visit.budget_fen, visit.room, visit.host) == (
        "专题调研",
        None,
        "贵宾室",
        "王建国",
    )
