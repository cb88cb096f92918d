"""The matters tab of the Coordination screen through Textual's pilot: keys in, the database
checked through the services afterwards."""

from typing import Any

import pytest
from textual.widgets import Input, TextArea

from officedesk.app import OfficeDeskApp
from officedesk.screens.coordination import CoordinationScreen
from officedesk.screens.coordination.directory import DepartmentsPane
from officedesk.screens.coordination.matter import MatterPane
from officedesk.services.directory import create_department
from officedesk.services.matter import actions as svc
from officedesk.widgets.record_form import RecordForm
from officedesk.widgets.record_table import RecordTable
from tui_helpers import settle, static_text, table_lines

SIZE = (160, 44)


@pytest.fixture(autouse=True)
def only_these_tabs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The other registers' tabs are built by other work; this test needs only its own."""
    monkeypatch.setattr(
        CoordinationScreen,
        "TABS",
        [
            ("tab-departments", "tab.departments", DepartmentsPane),
            ("tab-matters", "tab.matters", MatterPane),
        ],
    )


def offered(app: OfficeDeskApp) -> set[str]:
    return {
        binding.action
        for _node, binding, enabled, _tip in app.screen.active_bindings.values()
        if enabled
    }


async def press_form(pilot: Any, app: OfficeDeskApp, key: str) -> RecordForm:
    await pilot.press(key)
    await settle(pilot)
    form = app.screen
    assert isinstance(form, RecordForm), key
    return form


async def save(pilot: Any, app: OfficeDeskApp) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert not isinstance(app.screen, RecordForm)
    await settle(pilot)


@pytest.mark.pg_pilot
async def test_a_matter_is_opened_escalated_decided_agreed_and_followed_from_the_keyboard(
    ctx: Any,
) -> None:
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_department(session, {"name": "财务部", "code": "CWB"})
        svc.create_matter(session, {"title": "[bold]口径[/]协调", "lead": "BGS"})
    app = OfficeDeskApp(ctx, screen="coordination")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.pane("tab-matters")
        await settle(pilot)
        lines = table_lines(pane.query_one(RecordTable))
        assert any("XT-2026-0001" in line and "[bold]口径[/]协调" in line for line in lines)
        form = await press_form(pilot, app, "n")
        form.query_one("#field-title", Input).value = "新办公楼用房分配"
        form.query_one("#field-depts", Input).value = "没有这个部门"
        await pilot.press("ctrl+s")  # an unknown department: refused in the form
        await settle(pilot)
        assert app.screen is form
        form.query_one("#field-lead", Input).value = "BGS"
        form.query_one("#field-depts", Input).value = "财务部、办公室"
        await save(pilot, app)
        await settle(pilot)
        assert pane.detail is not None and pane.detail.code == "XT-2026-0002"
        assert "step('escalate')" in offered(app) and "decide" not in offered(app)

        form = await press_form(pilot, app, "c")
        form.query_one("#field-party", Input).value = "财务部"
        form.query_one("#field-position", TextArea).text = "同意按季度结算"
        await save(pilot, app)

        form = await press_form(pilot, app, "u")
        await pilot.press("ctrl+s")  # no leader: refused inline, the form stays
        await settle(pilot)
        assert app.screen is form
        assert static_text(form.query_one("#error-leader"))
        form.query_one("#field-leader", Input).value = "总经理"
        await save(pilot, app)
        assert pane.detail is not None and pane.detail.state == "escalated"
        assert "step('agree')" not in offered(app)  # the decision comes first
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)

        form = await press_form(pilot, app, "d")
        form.query_one("#field-decision", TextArea).text = "按季度结算，财务部牵头。"
        await save(pilot, app)

        form = await press_form(pilot, app, "a")
        await save(pilot, app)

        form = await press_form(pilot, app, "i")
        form.query_one("#field-title", Input).value = "财务部修订结算办法"
        form.query_one("#field-dept", Input).value = "财务部"
        await save(pilot, app)
        assert pane.detail is not None and pane.detail.items
    with ctx.read() as session:
        matter = svc.get_matter(session, "XT-2026-0002")
    assert (matter.direction, matter.lead_dept, matter.depts) == (
        "horizontal",
        "办公室",
        ["财务部", "办公室"],
    )
    assert (matter.state, matter.leader, matter.decision) == (
        "agreed",
        "总经理",
        "按季度结算，财务部牵头。",
    )
    assert [(e.kind, e.party) for e in matter.log or []][:2] == [
        ("contact", "财务部"),
        ("escalate", "总经理"),
    ]
    assert [(i.task_code, i.dept) for i in matter.items or []] == [("DB-2026-0001", "财务部")]
