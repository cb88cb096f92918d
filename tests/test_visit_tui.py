"""The visits and awards tabs through Textual's pilot: keys in, the database checked through the
services afterwards."""

from typing import Any

import pytest
from textual.widgets import Input, TextArea

from officedesk.app import OfficeDeskApp
from officedesk.screens.handling import HandlingScreen
from officedesk.screens.handling.award import AwardPane
from officedesk.screens.handling.task import SupervisionPane
from officedesk.screens.handling.visit import VisitPane
from officedesk.services import award as award_svc
from officedesk.services.directory import create_department, create_person
from officedesk.services.visit import actions as svc
from officedesk.services.visit.input import local_text
from officedesk.widgets.record_form import RecordForm
from officedesk.widgets.record_table import RecordTable
from tui_helpers import settle, static_text, table_lines

SIZE = (160, 44)


@pytest.fixture(autouse=True)
def only_these_tabs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The other registers' tabs are built by other work; these tests need only their own."""
    monkeypatch.setattr(
        HandlingScreen,
        "TABS",
        [
            ("tab-supervision", "tab.supervision", SupervisionPane),
            ("tab-visits", "tab.visits", VisitPane),
            ("tab-awards", "tab.awards", AwardPane),
        ],
    )


def seed(ctx: Any) -> None:
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_person(session, {"name": "王建国", "dept": "BGS"})
        svc.create_visit(
            session,
            {
                "guest_org": "市国资委",
                "arrives_at": "2026-11-26 09:30",
                "purpose": "调研安全生产",
                "letter_ref": "国资委函〔2026〕45号",
                "guests": ["任杰:企业改革处科长"],
                "host": "王建国",
            },
        )
        svc.create_visit(session, {"guest_org": "华光电力", "arrives_at": "2026-11-20 14:00"})
        award_svc.create_event(
            session,
            {"title": "2025年度表彰大会", "kind": "commendation", "held_on": "2026-01-20"},
        )
        award_svc.create_award(
            session, {"name": "优秀员工", "year": 2025, "person": "王建国", "event": "1"}
        )


async def open_tab(app: OfficeDeskApp, pilot: Any, tab: str) -> Any:
    await settle(pilot)
    pane = app.screen.pane(tab)
    await settle(pilot)
    return pane


async def test_visits_tab_lists_and_confirms_by_key(ctx: Any) -> None:
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tab(app, pilot, "tab-visits")
        lines = table_lines(pane.query_one(RecordTable))
        assert any("JD-2026-0001" in line and "市国资委" in line for line in lines)
        assert any("JD-2026-0002" in line and "华光电力" in line for line in lines)
        assert pane.detail is not None and pane.detail.code == "JD-2026-0001"
        offered = {
            binding.action
            for _node, binding, enabled, _tip in app.screen.active_bindings.values()
            if enabled
        }
        assert "step('confirm')" in offered and "step('settle')" not in offered
        await pilot.press("s")  # not legal for a planned visit: nothing opens
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, RecordForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        app.screen.show_record("visit", 2)  # as search and Today open a record
        await settle(pilot)
        await settle(pilot)
        assert pane.detail is not None and pane.detail.code == "JD-2026-0002"
    with ctx.read() as session:
        assert svc.get_visit(session, 1).state == "confirmed"


async def test_new_visit_through_the_form(ctx: Any) -> None:
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(app, pilot, "tab-visits")
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-guest_org", Input).value = "省发改委调研组"
        form.query_one("#field-arrives_at", Input).value = "明天 9:30"
        form.query_one("#field-guests", TextArea).text = "欧阳娜娜：处长\n李明：科员"
        form.query_one("#field-table_hosts", Input).value = "4"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert any("JD-2026-0003" in message for message in warnings)
    with ctx.read() as session:
        visit = svc.get_visit(session, "JD-2026-0003")
    assert visit.guest_org == "省发改委调研组"
    assert [g.name for g in visit.guests] == ["欧阳娜娜", "李明"]
    assert local_text(visit.arrives_at) == "2026-11-27 09:30"


async def test_settle_without_cost_is_refused_inline(ctx: Any) -> None:
    seed(ctx)
    with ctx.write("steps") as session:
        svc.confirm_visit(session, 1, waiver="电话预约")
        svc.complete_visit(session, 1)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tab(app, pilot, "tab-visits")
        assert pane.detail.state == "done"
        await pilot.press("s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "JD-2026-0001" in static_text(form.query_one("#error-cost"))
        form.query_one("#field-cost", Input).value = "12.345"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "12.345" in static_text(form.query_one("#error-cost"))
        form.query_one("#field-cost", Input).value = "1,280"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # the papers are not marked yet
        # The refusal stands under the papers' first box and names what is missing.
        assert "JD-2026-0001" in static_text(form.query_one("#error-papers_invoice"))
        for code in ("invoice", "letter", "list"):
            form.query_one(f"#field-papers_{code}").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
    with ctx.read() as session:
        visit = svc.get_visit(session, 1)
    assert (visit.state, visit.cost_fen) == ("settled", 128000)


async def test_awards_tab_lists_awards_and_events(ctx: Any) -> None:
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tab(app, pilot, "tab-awards")
        lines = table_lines(pane.query_one(RecordTable))
        assert any("2025" in line and "优秀员工" in line and "王建国" in line for line in lines)
        await pilot.press("t")
        await settle(pilot)
        assert pane.mode == "events"
        lines = table_lines(pane.query_one(RecordTable))
        assert any("2026-01-20" in line and "2025年度表彰大会" in line for line in lines)
        assert pane.record is not None and pane.record.title == "2025年度表彰大会"
        app.screen.show_record("award", 1)
        await settle(pilot)
        await settle(pilot)
        assert pane.mode == "awards"
        assert pane.record is not None and pane.record.recipient_name == "王建国"


async def test_new_award_through_the_form(ctx: Any) -> None:
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(app, pilot, "tab-awards")
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-name", Input).value = "先进集体"
        form.query_one("#field-year", Input).value = "2025"
        await pilot.press("ctrl+s")  # neither a person nor a department: refused
        await settle(pilot)
        assert app.screen is form
        # The workbench names what is missing, not the CLI's options (issue 10, point 4).
        refusal = static_text(form.query_one("#form-error"))
        assert "person or the department" in refusal and "--" not in refusal
        form.query_one("#field-dept", Input).value = "办公室"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
    with ctx.read() as session:
        found = award_svc.list_awards(session, award_svc.AwardFilter(text="先进集体")).items
    assert [(a.year, a.recipient, a.recipient_name) for a in found] == [(2025, "dept", "办公室")]
