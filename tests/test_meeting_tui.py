"""The meetings and rooms tabs of the Coordination screen through Textual's pilot: keys in, the
database checked through the services afterwards."""

from typing import Any

import pytest
from textual.widgets import Input, TextArea

from officedesk.app import OfficeDeskApp
from officedesk.screens.coordination import CoordinationScreen
from officedesk.screens.coordination.directory import DepartmentsPane
from officedesk.screens.coordination.meeting import MeetingPane
from officedesk.screens.coordination.meeting_room import RoomPane
from officedesk.services.directory import create_department, create_person
from officedesk.services.meeting import actions as svc
from officedesk.services.meeting.rooms import create_room, get_room
from officedesk.widgets.record_form import RecordForm
from officedesk.widgets.record_table import RecordTable
from tui_helpers import settle, static_text, table_lines

SIZE = (160, 44)


@pytest.fixture(autouse=True)
def only_these_tabs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The other registers' tabs are built by other work; these tests need only their own."""
    monkeypatch.setattr(
        CoordinationScreen,
        "TABS",
        [
            ("tab-departments", "tab.departments", DepartmentsPane),
            ("tab-meetings", "tab.meetings", MeetingPane),
            ("tab-rooms", "tab.rooms", RoomPane),
        ],
    )


def seed(ctx: Any) -> None:
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_department(session, {"name": "财务部", "code": "CWB"})
        create_person(session, {"name": "王建国", "dept": "BGS"})
        create_person(session, {"name": "李娜", "dept": "BGS"})
        create_room(session, {"name": "第一会议室", "capacity": 1})
        svc.create_meeting(
            session,
            {
                "title": "[bold]周例会[/]",
                "kind": "gm_office",
                "starts_at": "2026-11-26 09:00",
                "room": "第一会议室",
                "chair": "王建国",
            },
        )


async def open_tab(app: OfficeDeskApp, pilot: Any, tab: str) -> Any:
    await settle(pilot)
    pane = app.screen.pane(tab)
    await settle(pilot)
    return pane


def offered(app: OfficeDeskApp) -> set[str]:
    return {
        binding.action
        for _node, binding, enabled, _tip in app.screen.active_bindings.values()
        if enabled
    }


@pytest.mark.pg_pilot
async def test_a_meeting_is_held_minuted_and_resolved_from_the_keyboard(ctx: Any) -> None:
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="coordination")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tab(app, pilot, "tab-meetings")
        lines = table_lines(pane.query_one(RecordTable))
        assert any("HY-2026-0001" in line and "[bold]周例会[/]" in line for line in lines)
        assert pane.detail is not None and pane.detail.state == "planned"
        assert "step('notify')" in offered(app) and "step('minute')" not in offered(app)
        await pilot.press("m")  # not legal for a planned meeting: nothing opens
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        for key in ("t", "h"):  # notice sent, then held: forms with nothing to fill
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, RecordForm), key
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, RecordForm)
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        await pilot.press("ctrl+s")  # no minutes: refused inline
        await settle(pilot)
        assert app.screen is form
        assert "HY-2026-0001" in static_text(form.query_one("#error-minutes"))
        form.query_one("#field-minutes", TextArea).text = "会议研究了年度预算。"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-decision", TextArea).text = "财务部完成预算分析"
        form.query_one("#field-dept", Input).value = "财务部"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        await settle(pilot)
        assert pane.detail is not None and pane.detail.resolutions
    with ctx.read() as session:
        meeting = svc.get_meeting(session, 1)
    assert (meeting.state, meeting.minutes) == ("minuted", "会议研究了年度预算。")
    assert meeting.resolutions is not None
    assert [(r.task_code, r.dept) for r in meeting.resolutions] == [("DB-2026-0001", "财务部")]


async def test_new_meeting_through_the_form_warns_of_the_room(ctx: Any) -> None:
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="coordination")
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(app, pilot, "tab-meetings")
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-title", Input).value = "预算专题会"
        form.query_one("#field-starts_at", Input).value = "2026-11-26 09:30"
        form.query_one("#field-room", Input).value = "第一会议室"
        await pilot.press("ctrl+s")  # the room is taken at that time: refused in the form
        await settle(pilot)
        assert app.screen is form
        assert "HY-2026-0001" in static_text(form.query_one("#form-error"))
        form.query_one("#field-starts_at", Input).value = "2026-11-26 14:00"
        form.query_one("#field-attendees", Input).value = "王建国、李娜"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert any("HY-2026-0002" in message for message in warnings)  # 2 people, 1 seat
    with ctx.read() as session:
        meeting = svc.get_meeting(session, "HY-2026-0002")
    assert [a.name for a in meeting.attendees or []] == ["王建国", "李娜"]


async def test_the_checklist_and_a_room_from_the_keyboard(ctx: Any) -> None:
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="coordination")
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(app, pilot, "tab-meetings")
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-materials").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        await open_tab(app, pilot, "tab-rooms")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-capacity", Input).value = "24"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
    with ctx.read() as session:
        assert svc.get_meeting(session, 1).checklist == ["materials"]
        assert get_room(session, "第一会议室").capacity == 24
