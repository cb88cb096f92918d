"""Meetings (会议) and rooms through the services: numbering, attendees, the booking rules
(a room refused, a person and a room's size warned), the state table, the checklist,
resolutions followed as supervision items, the calendar list, Today and search."""

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from conftest import TODAY
from officedesk.errors import Conflict, IllegalTransition, InvalidInput
from officedesk.models.meeting import Meeting, MeetingAttendee
from officedesk.services.directory import create_department, create_person
from officedesk.services.meeting import actions as svc
from officedesk.services.meeting.rooms import create_room, get_room, list_rooms, update_room
from officedesk.services.moments import local_text
from officedesk.services.search import search
from officedesk.services.task import complete_task, start_task


def seed(ctx: Any) -> None:
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_department(session, {"name": "财务部", "code": "CWB"})
        create_person(session, {"name": "王建国", "dept": "BGS"})
        create_person(session, {"name": "李娜", "dept": "BGS"})
        create_person(session, {"name": "孙丽华", "dept": "CWB"})
        create_person(session, {"name": "吴刚", "dept": "CWB"})
        create_room(session, {"name": "第一会议室", "capacity": 4, "equipment": "投影仪"})
        create_room(session, {"name": "小会议室", "capacity": 2})


def add(ctx: Any, **data: Any) -> Any:
    values = {"title": "总经理办公会", "starts_at": "2026-11-27 09:00", **data}
    with ctx.write("meeting.add") as session:
        return svc.create_meeting(session, values)


def step(ctx: Any, call: Any, *args: Any, **kwargs: Any) -> Any:
    with ctx.write("meeting.step") as session:
        return call(session, *args, **kwargs)


def warning_codes(meeting: Any) -> list[str]:
    return [w["code"] for w in meeting.warnings]


@pytest.fixture
def office(ctx: Any) -> Any:
    seed(ctx)
    return ctx


# ---- planning ----------------------------------------------------------------------------------


def test_a_meeting_is_numbered_and_linked(office: Any) -> None:
    meeting = add(
        office,
        kind="总经理办公会",  # the word the help shows, as well as the code
        ends_at="11:30",
        room="第一会议室",
        chair="王建国",
        dept="BGS",
        attendees="李娜",
        depts=["财务部"],
        absent=["吴刚：出差"],
        agenda="审议预算：财务部\n安全生产",
    )
    assert (meeting.code, meeting.kind, meeting.state) == ("HY-2026-0001", "gm_office", "planned")
    assert local_text(meeting.starts_at) == "2026-11-27 09:00"
    assert local_text(meeting.ends_at) == "2026-11-27 11:30"
    assert (meeting.room, meeting.room_capacity, meeting.chair, meeting.dept) == (
        "第一会议室",
        4,
        "王建国",
        "办公室",
    )
    roles = [(a.name, a.is_dept, a.role, a.remark) for a in meeting.attendees]
    assert roles == [
        ("李娜", False, "attend", ""),
        ("财务部", True, "attend", ""),
        ("吴刚", False, "leave", "出差"),
    ]
    assert [(i.topic, i.presenter) for i in meeting.agenda] == [
        ("审议预算", "财务部"),
        ("安全生产", ""),
    ]
    # The chair, 李娜, and 财务部's members but 吴刚 on leave.
    assert meeting.headcount == 3
    assert meeting.checklist == [] and meeting.checklist_open[0] == "notice"
    assert add(office, starts_at="2026-11-30").code == "HY-2026-0002"


def test_an_end_before_the_start_is_refused(office: Any) -> None:
    with pytest.raises(InvalidInput) as refused:
        add(office, ends_at="08:00")
    assert refused.value.key == "meeting.ends_before_start"
    with office.read() as session:
        assert session.execute(select(func.count()).select_from(Meeting)).scalar_one() == 0


def test_a_booked_room_is_refused_naming_the_meeting(office: Any) -> None:
    first = add(office, ends_at="11:30", room="第一会议室")
    with pytest.raises(Conflict) as refused:
        add(office, title="专题会", starts_at="2026-11-27 11:00", room="第一会议室")
    assert refused.value.key == "meeting.room_taken"
    assert refused.value.params["other"] == first.code
    assert first.code in refused.value.message() and "总经理办公会" in refused.value.message()
    # Back to back is fine, another room is fine, and nothing was left by the refusal.
    add(office, title="专题会", starts_at="2026-11-27 11:30", room="第一会议室")
    add(office, title="专题会", starts_at="2026-11-27 10:00", room="小会议室")
    with office.read() as session:
        assert session.execute(select(func.count()).select_from(Meeting)).scalar_one() == 3


def test_moving_into_a_booked_room_is_refused_and_a_cancelled_one_frees_it(office: Any) -> None:
    first = add(office, ends_at="11:30", room="第一会议室")
    second = add(office, title="专题会", starts_at="2026-11-27 14:00", room="第一会议室")
    with pytest.raises(Conflict):
        step(office, svc.update_meeting, second.id, {"starts_at": "2026-11-27 10:00"})
    step(office, svc.cancel_meeting, first.id, "改期")
    moved = step(office, svc.update_meeting, second.id, {"starts_at": "2026-11-27 10:00"})
    assert local_text(moved.ends_at) == "2026-11-27 11:00"  # the length is kept


def test_a_person_in_two_meetings_and_a_full_room_are_warned(office: Any) -> None:
    add(office, ends_at="11:30", chair="王建国", attendees=["李娜"])
    second = add(
        office,
        title="专题会",
        starts_at="2026-11-27 10:00",
        room="小会议室",
        attendees=["李娜", "孙丽华", "吴刚"],
    )
    assert warning_codes(second) == ["meeting.warn.over_capacity", "meeting.warn.person_busy"]
    assert (second.headcount, second.room_capacity) == (3, 2)
    busy = second.warnings[1]["params"]
    assert (busy["person"], busy["other"]) == ("李娜", "HY-2026-0001")
    # Once held, who sat where is history: no warnings any more.
    cancelled = step(office, svc.cancel_meeting, second.id, "改期")
    assert cancelled.warnings == []


def test_attendance_changes_role_and_leaves(office: Any) -> None:
    meeting = add(office, attendees=["李娜"])
    changed = step(office, svc.attend_meeting, meeting.id, ["李娜"], role="请假", remark="病假")
    assert [(a.name, a.role, a.remark) for a in changed.attendees] == [("李娜", "leave", "病假")]
    changed = step(office, svc.attend_meeting, meeting.id, ["财务部"], role="列席", is_dept=True)
    assert changed.attendee_names == "李娜; 财务部"
    gone = step(office, svc.attend_meeting, meeting.id, ["李娜"], remove=True)
    assert [a.name for a in gone.attendees] == ["财务部"]
    with office.read() as session:
        rows = session.execute(select(func.count()).select_from(MeetingAttendee)).scalar_one()
    assert rows == 1


# ---- the state table and the checklist ---------------------------------------------------------


def test_the_lifecycle_and_its_refusals(office: Any) -> None:
    meeting = add(office, starts_at="2026-11-26 09:00")
    with pytest.raises(IllegalTransition) as refused:
        step(office, svc.minute_meeting, meeting.id, "纪要")
    assert refused.value.params["allowed"] == ("notify", "hold", "cancel")
    notified = step(office, svc.notify_meeting, meeting.id)
    assert notified.state == "notified" and "notice" in notified.checklist
    held = step(office, svc.hold_meeting, meeting.id)
    with pytest.raises(InvalidInput):
        step(office, svc.minute_meeting, meeting.id)  # no minutes yet
    with pytest.raises(IllegalTransition):  # time fixed once held
        step(office, svc.update_meeting, held.id, {"starts_at": "2026-11-26 10:00"})
    step(office, svc.update_meeting, held.id, {"minutes": "会议研究了预算。"})
    minuted = step(office, svc.minute_meeting, meeting.id)
    assert (minuted.state, minuted.minutes) == ("minuted", "会议研究了预算。")


def test_holding_before_the_day_and_cancelling_without_reason_are_refused(office: Any) -> None:
    meeting = add(office, starts_at="2026-11-27 09:00")
    with pytest.raises(InvalidInput) as early:
        step(office, svc.hold_meeting, meeting.id)
    assert early.value.key == "meeting.held_before_start"
    with pytest.raises(InvalidInput):
        step(office, svc.cancel_meeting, meeting.id, "  ")
    cancelled = step(office, svc.cancel_meeting, meeting.id, "领导出差")
    assert (cancelled.state, cancelled.cancel_reason) == ("cancelled", "领导出差")
    with pytest.raises(IllegalTransition):
        step(office, svc.update_meeting, meeting.id, {"title": "改名"})
    other = add(office, title="另一会")
    with pytest.raises(IllegalTransition) as minutes_early:
        step(office, svc.update_meeting, other.id, {"minutes": "太早"})
    assert minutes_early.value.key == "meeting.not_held"


def test_the_checklist_is_ticked_by_code_or_word(office: Any) -> None:
    meeting = add(office)
    ticked = step(office, svc.tick_checklist, meeting.id, ["会议材料", "room"])
    assert ticked.checklist == ["materials", "room"]
    undone = step(office, svc.tick_checklist, meeting.id, "room", undo=True)
    assert undone.checklist == ["materials"]
    every = step(office, svc.tick_checklist, meeting.id, "all")
    assert every.checklist_open == []
    with pytest.raises(InvalidInput):
        step(office, svc.tick_checklist, meeting.id, "flowers")


# ---- resolutions -------------------------------------------------------------------------------


def test_a_resolution_becomes_a_supervision_item_in_one_step(office: Any) -> None:
    meeting = add(office, starts_at="2026-11-26 09:00", chair="王建国")
    with pytest.raises(IllegalTransition):
        step(office, svc.resolve_decision, meeting.id, "完成预算分析", dept="CWB")
    step(office, svc.hold_meeting, meeting.id)
    with pytest.raises(InvalidInput):
        step(office, svc.resolve_decision, meeting.id, "没有牵头部门")
    done = step(office, svc.resolve_decision, meeting.id, "财务部完成预算分析", dept="CWB")
    step(office, svc.resolve_decision, meeting.id, "办公室起草总结", dept="BGS", due="+5wd")
    first, second = done.resolutions[0], step(office, svc.get_meeting, meeting.id).resolutions[1]
    assert (first.position, first.task_code, first.task_state, first.dept) == (
        1,
        "DB-2026-0001",
        "assigned",
        "财务部",
    )
    # The meeting rule (+20d, on a working day) unless a date is given.
    assert first.due is not None and first.due >= TODAY + timedelta(days=20)
    assert second.due is not None and second.due < first.due
    from officedesk.services.task import get_task

    with office.read() as session:
        item = get_task(session, first.task_id)
    assert (item.source, item.leader) == ("meeting", "王建国")
    assert item.source_ref.startswith("HY-2026-0001")
    assert step(office, svc.get_meeting, meeting.id).carried_out is False
    for resolution in (first, second):
        step(office, start_task, resolution.task_id)
        step(office, complete_task, resolution.task_id)
    after = step(office, svc.get_meeting, meeting.id)
    assert after.carried_out is True and all(r.done for r in after.resolutions)
    with office.read() as session:
        listed = svc.list_meetings(session).items
    assert listed[0].carried_out is True


# ---- reading -----------------------------------------------------------------------------------


def test_the_calendar_lists_a_week_or_a_month_earliest_first(office: Any) -> None:
    add(office, title="周五会", starts_at="2026-11-27 15:00")
    add(office, title="周一会", starts_at="2026-11-23 09:00")
    add(office, title="下周会", starts_at="2026-11-30 09:00")
    add(office, title="上月会", starts_at="2026-10-30 09:00")
    add(office, title="周例会", kind="gm_office", starts_at="2026-12-30 09:00")
    with office.read() as session:
        week = svc.list_meetings(session, svc.MeetingFilter(period="week", on=TODAY)).items
        month = svc.list_meetings(session, svc.MeetingFilter(period="month", on="2026-11-03"))
        topical = svc.list_meetings(session, svc.MeetingFilter(kind="专题会", text="周"))
        with pytest.raises(InvalidInput):
            svc.list_meetings(session, svc.MeetingFilter(period="year"))
    assert [m.title for m in week] == ["周一会", "周五会"]
    assert [m.title for m in month.items] == ["周一会", "周五会", "下周会"]
    assert sorted(m.title for m in topical.items) == ["下周会", "周一会", "周五会"]


def test_today_lists_todays_meetings_and_search_finds_them(office: Any) -> None:
    add(office, title="琥珀项目推进会", starts_at="2026-11-26 14:00", room="第一会议室")
    add(office, title="明天的会", starts_at="2026-11-27 14:00")
    with office.read() as session:
        lines = svc.today_lines(session)
        hits = search(session, "琥珀")
    assert [(line.section, line.title) for line in lines] == [("meetings_today", "琥珀项目推进会")]
    assert [(hit.kind, hit.code) for hit in hits] == [("meeting", "HY-2026-0001")]


# ---- rooms -------------------------------------------------------------------------------------


def test_rooms_are_unique_by_name_and_edited(office: Any) -> None:
    with pytest.raises(Conflict):
        step(office, create_room, {"name": "第一会议室"})
    room = step(office, update_room, "第一会议室", {"capacity": "30", "equipment": "视频会议"})
    assert (room.capacity, room.equipment) == (30, "视频会议")
    with office.read() as session:
        assert get_room(session, f"#{room.id}").name == "第一会议室"
        assert [r.name for r in list_rooms(session).items] == ["小会议室", "第一会议室"]


def test_an_existing_item_is_linked_as_a_resolution_once(office: Any) -> None:
    from officedesk.services.task import create_task

    meeting = add(office, starts_at="2026-11-26 09:00")
    step(office, svc.hold_meeting, meeting.id)
    item = step(office, create_task, {"title": "修订会议制度", "source": "meeting", "dept": "BGS"})
    linked = step(office, svc.link_resolution, meeting.id, item.code)
    assert [(r.decision, r.task_code) for r in linked.resolutions] == [("修订会议制度", item.code)]
    other = add(office, title="另一会", starts_at="2026-11-26 14:00")
    step(office, svc.hold_meeting, other.id)
    with pytest.raises(Conflict) as refused:
        step(office, svc.link_resolution, other.id, item.code)
    assert refused.value.params == {"task": item.code, "other": meeting.code}
