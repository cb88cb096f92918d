"""Coordination matters (协调事项) through the services: numbering, departments involved, the
contact log, the state table with escalation and the leader's decision, items spawned or
linked, the list's filters, "stale" on Today, and search. One database for the module: every
test opens matters of its own and asserts on those."""

import shutil
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from conftest import PG_URL, TODAY, _pg_admin, sqlalchemy_pg_url
from officedesk.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from officedesk.models import Task
from officedesk.models.matter import Matter, MatterItem
from officedesk.services.matter import actions as svc
from officedesk.services.matter.states import STALE_WORKDAYS, is_stale, stale_cutoff
from officedesk.services.moments import local_moment


@pytest.fixture(scope="module")
def module_url(template_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database of this module's, on the backend under test."""
    if PG_URL:
        name = f"odt_matter_{uuid.uuid4().hex[:12]}"
        with _pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
        yield sqlalchemy_pg_url(name)
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path_factory.mktemp("matter") / "office.db"
        shutil.copyfile(template_db, path)
        yield f"sqlite:///{path}"


@pytest.fixture(scope="module")
def office(module_url: str) -> Iterator[Any]:
    """The module's office: four departments and a person, on the fixed day."""
    from officedesk.config import Settings
    from officedesk.context import build_context
    from officedesk.services.directory import create_department, create_person

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OFFICEDESK_DATABASE_URL", module_url)
        mp.setenv("OFFICEDESK_OPERATOR", "tester")
        ctx = build_context(lang="en", settings=Settings(), today=TODAY)
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_department(session, {"name": "财务部", "code": "CWB"})
        create_department(session, {"name": "生产管理部", "code": "SCGLB"})
        create_department(session, {"name": "市国资委", "kind": "superior"})
        create_person(session, {"name": "孙丽华", "dept": "CWB"})
    yield ctx
    ctx.close()


def add(ctx: Any, **data: Any) -> Any:
    values = {"title": f"协调{uuid.uuid4().hex[:6]}", "lead": "BGS", **data}
    with ctx.write("matter.add") as session:
        return svc.create_matter(session, values)


def step(ctx: Any, call: Any, *args: Any, **kwargs: Any) -> Any:
    with ctx.write("matter.step") as session:
        return call(session, *args, **kwargs)


def count(ctx: Any, model: type) -> int:
    with ctx.read() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def past(days: int, hour: int = 10) -> Any:
    """A moment `days` calendar days before the fixed day."""
    return local_moment(TODAY - timedelta(days=days)).replace(hour=hour)


# ---- opening and changing ---------------------------------------------------------------------


def test_a_matter_is_numbered_gap_free_and_names_its_departments(office: Any) -> None:
    first = add(office, direction="纵向", depts=["财务部", "市国资委", "CWB"], asked="确认口径")
    second = add(office, direction="internal")
    assert first.code.startswith("XT-2026-") and (first.direction, first.state) == (
        "vertical",
        "open",
    )
    assert int(second.code.rsplit("-", 1)[1]) == int(first.code.rsplit("-", 1)[1]) + 1
    assert (first.lead_dept, first.depts, first.asked) == (
        "办公室",
        ["财务部", "市国资委"],
        "确认口径",
    )
    assert first.log == [] and first.items == []
    with pytest.raises(InvalidInput) as refused:
        add(office, direction="diagonal")
    assert refused.value.params["field"] == "direction"
    with pytest.raises(NotFound):
        add(office, depts="没有这个部门")
    with office.read() as session:
        codes = session.scalars(select(Matter.code).order_by(Matter.seq)).all()
    assert codes[-1] == second.code  # the refusals took no number and left no row
    edited = step(office, svc.update_matter, first.code, {"depts": "生产管理部", "lead": ""})
    assert (edited.depts, edited.lead_dept) == (["生产管理部"], None)


def test_contacts_are_logged_in_time_order_and_restart_the_silence(office: Any) -> None:
    matter = add(office)
    step(office, svc.add_contact, matter.id, "财务部", "同意按季度结算", at=past(3))
    later = step(office, svc.add_contact, matter.id, "生产管理部", "需要再核算", at=past(1))
    earlier = step(office, svc.add_contact, matter.id, "市国资委", "[bold]口径[/]", at=past(5))
    assert [(e.party, e.text) for e in earlier.log] == [
        ("市国资委", "[bold]口径[/]"),
        ("财务部", "同意按季度结算"),
        ("生产管理部", "需要再核算"),
    ]
    # Its creation (now) is later than every contact entered after the fact.
    assert earlier.last_contact_at == later.last_contact_at
    with pytest.raises(InvalidInput) as future:
        step(office, svc.add_contact, matter.id, "财务部", "明天再说", at="2099-01-01 09:00")
    assert future.value.key == "matter.contact_in_future"
    with pytest.raises(InvalidInput) as blank:
        step(office, svc.add_contact, matter.id, " ", "无人")
    assert blank.value.params["field"] == "party"


# ---- the state table ---------------------------------------------------------------------------


def test_agree_close_and_reopen(office: Any) -> None:
    matter = add(office)
    with pytest.raises(IllegalTransition) as refused:
        step(office, svc.reopen_matter, matter.id, "再议")
    assert refused.value.params["allowed"] == ("agree", "escalate", "close")
    agreed = step(office, svc.agree_matter, matter.id, "按季度结算")
    assert agreed.state == "agreed" and agreed.log[-1].kind == "agree"
    with pytest.raises(InvalidInput) as no_outcome:
        step(office, svc.close_matter, matter.id, "  ")
    assert no_outcome.value.key == "matter.outcome_required"
    closed = step(office, svc.close_matter, matter.id, "已签订结算协议")
    assert (closed.state, closed.outcome) == ("closed", "已签订结算协议")
    for refused_call in (
        lambda s: svc.add_contact(s, matter.id, "财务部", "补充意见"),
        lambda s: svc.update_matter(s, matter.id, {"title": "改名"}),
        lambda s: svc.spawn_item(s, matter.id, "补办", dept="CWB"),
    ):
        with pytest.raises(IllegalTransition) as closed_refusal:
            step(office, refused_call)
        assert closed_refusal.value.key == "matter.closed"
    with pytest.raises(InvalidInput):
        step(office, svc.reopen_matter, matter.id, "")
    reopened = step(office, svc.reopen_matter, matter.id, "对方反悔")
    assert (reopened.state, reopened.outcome) == ("open", "")
    assert [e.kind for e in reopened.log] == ["agree", "close", "reopen"]


def test_escalation_waits_for_the_leaders_decision_recorded_verbatim(office: Any) -> None:
    matter = add(office, depts=["CWB", "SCGLB"])
    with pytest.raises(IllegalTransition) as not_escalated:
        step(office, svc.decide_matter, matter.id, "同意")
    assert not_escalated.value.key == "matter.not_escalated"
    with pytest.raises(InvalidInput):
        step(office, svc.escalate_matter, matter.id, " ")
    escalated = step(office, svc.escalate_matter, matter.id, "总经理", "意见分歧")
    assert (escalated.state, escalated.leader) == ("escalated", "总经理")
    for call in (svc.agree_matter, lambda s, ref: svc.close_matter(s, ref, "结果")):
        with pytest.raises(IllegalTransition) as first:
            step(office, call, matter.id)
        assert first.value.key == "matter.decision_first"
    words = "  安全库存按12天用量执行；\n采购部牵头推行寄售协议。 "
    decided = step(office, svc.decide_matter, matter.id, words)
    assert decided.decision == words.strip() and decided.decided_at is not None
    with pytest.raises(Conflict) as twice:
        step(office, svc.decide_matter, matter.id, "改一下")
    assert twice.value.params == {"code": matter.code, "leader": "总经理"}
    assert svc.offered_operations(decided)[:2] == ["agree", "close"]
    agreed = step(office, svc.agree_matter, matter.id)
    assert agreed.state == "agreed" and agreed.decision == words.strip()


# ---- items -------------------------------------------------------------------------------------


def test_an_item_is_spawned_in_one_step_and_listed_with_its_state(office: Any) -> None:
    from officedesk.services.task import complete_task, get_task, start_task

    matter = add(office, direction="vertical")
    spawned = step(office, svc.spawn_item, matter.id, "办公室报送台账")
    item = spawned.items[0]
    assert (item.position, item.dept, item.task_state, item.done) == (
        1,
        "办公室",
        "assigned",
        False,
    )
    with office.read() as session:
        task = get_task(session, item.task_id)
    assert (task.source, task.source_ref.split()[0]) == ("superior", matter.code)
    step(office, svc.escalate_matter, matter.id, "分管副总经理")
    step(office, svc.decide_matter, matter.id, "由财务部负责口径说明")
    led = step(office, svc.spawn_item, matter.id, "财务部编写口径说明", dept="CWB", due="+3wd")
    with office.read() as session:
        second = get_task(session, led.items[1].task_id)
    assert (second.source, second.leader, second.dept) == ("leadership", "分管副总经理", "财务部")
    assert second.due == date(2026, 12, 1)
    step(office, start_task, item.task_id)
    step(office, complete_task, item.task_id)
    shown = step(office, svc.get_matter, matter.code)
    assert (shown.item_count, shown.items_done) == (2, 1)
    assert [e.text for e in shown.log if e.kind == "item"] == [item.task_code, second.code]


def test_a_refused_item_leaves_nothing_and_an_item_follows_one_matter(office: Any) -> None:
    from officedesk.services.task import create_task

    matter = add(office, lead="")
    before = (count(office, Task), count(office, MatterItem))
    with pytest.raises(InvalidInput) as no_lead:
        step(office, svc.spawn_item, matter.id, "无人牵头")
    assert no_lead.value.key == "matter.lead_required"
    with pytest.raises(NotFound):
        step(office, svc.spawn_item, matter.id, "错误部门", dept="没有这个部门")
    assert (count(office, Task), count(office, MatterItem)) == before
    existing = step(office, create_task, {"title": "修订结算办法", "source": "department"})
    linked = step(office, svc.link_item, matter.id, existing.code)
    assert [i.task_code for i in linked.items] == [existing.code]
    with pytest.raises(Conflict) as taken:
        step(office, svc.link_item, add(office).id, existing.code)
    assert taken.value.params == {"task": existing.code, "other": matter.code}


# ---- reading -----------------------------------------------------------------------------------


def test_stale_matters_are_listed_and_shown_on_today(office: Any) -> None:
    from officedesk.demo.clock import travel

    with office.write("matter.add") as session, travel(session, past(14)):
        quiet = svc.create_matter(session, {"title": "琥珀用房协调", "lead": "CWB"})
        answered = svc.create_matter(session, {"title": "琥珀班车协调", "lead": "CWB"})
    step(office, svc.add_contact, answered.id, "财务部", "已回复", at=past(1))
    with office.read() as session:
        stale = svc.list_matters(session, svc.MatterFilter(stale=True)).items
        lines = svc.today_lines(session)
        shown = svc.get_matter(session, quiet.id)
    assert quiet.code in [m.code for m in stale] and answered.code not in [m.code for m in stale]
    assert shown.stale and shown.idle_workdays == 10  # 14 days back: ten working days
    line = next(line for line in lines if line.code == quiet.code)
    assert (line.section, line.kind, line.ref_id) == ("matters_stale", "matter", quiet.id)
    assert answered.code not in [line.code for line in lines]
    step(office, svc.add_contact, quiet.id, "财务部", "终于回复")
    with office.read() as session:
        assert quiet.code not in [line.code for line in svc.today_lines(session)]


def test_stale_is_the_same_rule_in_python_and_in_sql() -> None:
    """stale_cutoff (the list's and Today's WHERE) and is_stale (each read) agree on every last
    contact day of two months, holidays and weekends included."""
    from officedesk.workcal import WorkCalendar

    calendar = WorkCalendar()
    for today in (TODAY, date(2026, 10, 8), date(2026, 10, 10)):
        cutoff = stale_cutoff(calendar, today)
        for back in range(60):
            day = today - timedelta(days=back)
            idle = calendar.workdays_between(day, today)
            assert is_stale("open", idle) == (day <= cutoff), (today, day)
    assert not is_stale("agreed", STALE_WORKDAYS + 5)


def test_the_list_filters_and_search(office: Any) -> None:
    from officedesk.services.search import search

    vertical = add(office, title="翡翠结算口径", direction="vertical", lead="SCGLB")
    involved = add(office, title="翡翠库存标准", lead="BGS", depts=["生产管理部"])
    closed = add(office, title="翡翠已结事项", lead="SCGLB")
    step(office, svc.close_matter, closed.id, "已解决")

    def codes(**criteria: Any) -> list[str]:
        with office.read() as session:
            flt = svc.MatterFilter(text="翡翠", **criteria)
            return [m.code for m in svc.list_matters(session, flt).items]

    assert codes() == [involved.code, vertical.code]  # not closed, latest first
    assert codes(states=["all"]) == [closed.code, involved.code, vertical.code]
    assert codes(states=["closed"]) == [closed.code]
    assert codes(direction="纵向") == [vertical.code]
    assert codes(dept="生产管理部", states=["all"]) == [closed.code, involved.code, vertical.code]
    with pytest.raises(InvalidInput):
        codes(states=["finished"])
    with office.read() as session:
        hits = search(session, "翡翠库存")
        assert svc.count_matters(session, svc.MatterFilter(text="翡翠")) == 2
    assert [(hit.kind, hit.code) for hit in hits][:1] == [("matter", involved.code)]
