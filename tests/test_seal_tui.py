"""The seal panes through Textual's pilot: keys in, then the database checked through services."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from textual.widgets import Input, Select, TabbedContent

from officedesk.app import OfficeDeskApp
from officedesk.services.directory import create_department, create_person
from officedesk.services.seal import actions as seals
from officedesk.services.seal import requests as seal_requests
from officedesk.widgets.detail_pane import DetailPane
from officedesk.widgets.record_form import RecordForm
from officedesk.widgets.record_table import RecordTable
from tui_helpers import plain, settle, table_lines, wait_until

SIZE = (140, 40)


def seed(ctx: Any) -> None:
    """An active official seal with two uses, and a contract seal just engraved."""
    ctx.fixed_now = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_person(session, {"name": "李娜", "dept": "BGS"})
        seals.create_seal(
            session,
            {
                "name": "华信公章",
                "kind": "official",
                "approval": "批件1",
                "engraved_on": "2026-01-05",
            },
        )
        seals.step_seal(session, 1, "activate", approval="批件1", on="2026-01-06")
        seals.create_seal(session, {"name": "合同专用章", "kind": "contract", "approval": "批件2"})
        for title in ("年度报告[bold]x[/]", "采购合同"):
            seals.use_seal(
                session, 1, {"requester": "李娜", "doc_title": title, "approver": "总经理"}
            )


async def open_tab(pilot: Any, tab: str) -> Any:
    app = pilot.app
    app.screen.query_one(TabbedContent).active = tab
    pane = app.screen.query_one(f"#{tab}").children[0]
    pane.table.focus()
    await settle(pilot, rounds=2)
    return pane


def detail_text(pane: Any) -> str:
    return plain(pane.query_one(DetailPane).query_one("Static").content)


async def test_both_tabs_list_the_data_and_search_opens_a_seal(ctx: Any) -> None:
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seals_pane = await open_tab(pilot, "tab-seals")
        lines = table_lines(seals_pane.query_one(RecordTable))
        assert any("华信公章" in line and "active" in line for line in lines)
        assert any("合同专用章" in line and "engraved" in line for line in lines)
        uses_pane = await open_tab(pilot, "tab-seal-uses")
        lines = table_lines(uses_pane.query_one(RecordTable))
        assert any("年度报告[bold]x[/]" in line for line in lines)  # data, never markup
        assert any("采购合同" in line and "李娜" in line for line in lines)
        app.open_record("seal", 2)
        await settle(pilot)
        await wait_until(pilot, lambda: seals_pane.detail is not None)
        assert app.screen.query_one(TabbedContent).active == "tab-seals"
        assert seals_pane.detail.name == "合同专用章"
        uses_pane.show_record(1)
        await wait_until(pilot, lambda: uses_pane.detail is not None and uses_pane.detail.id == 1)
        assert "年度报告" in detail_text(uses_pane)


async def test_a_lifecycle_step_by_key_offers_only_legal_steps(ctx: Any) -> None:
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = await open_tab(pilot, "tab-seals")
        pane.show_record(2)
        await wait_until(pilot, lambda: pane.detail is not None and pane.detail.id == 2)
        assert "批件2" in detail_text(pane)  # the lifecycle in the detail
        await pilot.press("s", "x", "u")  # suspend, destroy, log a use: not when engraved
        await settle(pilot, rounds=2)
        assert not isinstance(app.screen, RecordForm)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        await pilot.press("ctrl+s")  # no approval: refused inline
        await settle(pilot)
        assert isinstance(app.screen, RecordForm)
        form.query_one("#field-approval", Input).value = "华信科技办〔2026〕17号"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
    with ctx.read() as session:
        seal = seals.get_seal(session, 2)
    assert seal.state == "active"
    assert seal.events[-1].approval == "华信科技办〔2026〕17号"


async def test_log_correct_and_verify_in_the_log_pane(ctx: Any) -> None:
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = await open_tab(pilot, "tab-seal-uses")
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        assert form.query_one("#field-seal", Select).value == "1"  # the only active seal
        form.query_one("#field-doc_title", Input).value = "关于办公用房调整的请示"
        form.query_one("#field-requester", Input).value = "李娜"
        form.query_one("#field-approver", Input).value = "王建国"
        form.query_one("#field-copies", Input).value = "3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        assert any("关于办公用房调整" in line for line in table_lines(pane.table))
        pane.show_record(1)
        await wait_until(pilot, lambda: pane.detail is not None and pane.detail.id == 1)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-copies", Input).value = "2"
        form.query_one("#field-note").text = "份数登记有误"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        await pilot.press("v")
        await settle(pilot)
        shown = detail_text(pane)
        assert "Chain intact, 4 entries." in shown
        with ctx.read() as session:
            head = seals.get_use(session, 4).hash
        assert f"Head: no. 4  {head}" in shown  # the head, in full, to compare with a copy
        with ctx.store.engine.begin() as conn:
            conn.execute(text("UPDATE seal_use SET approver = '某人' WHERE id = 2"))
        await pilot.press("v")
        await settle(pilot)
        shown = detail_text(pane)
        assert "entry #2" in shown and "content" in shown
        assert "Last intact entry: no. 1  " in shown
    with ctx.read() as session:
        logged = seals.get_use(session, 3)
        fixed = seals.get_use(session, 4)
    assert (logged.doc_title, logged.copies, logged.approver, logged.seq) == (
        "关于办公用房调整的请示",
        3,
        "王建国",
        3,
    )
    assert (fixed.corrects_id, fixed.copies, fixed.note) == (1, 2, "份数登记有误")


async def test_request_then_approve_and_use_by_key(ctx: Any) -> None:
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = await open_tab(pilot, "tab-seals")
        await wait_until(pilot, lambda: pane.detail is not None and pane.detail.id == 1)
        await pilot.press("p")  # nothing open yet: no form
        await settle(pilot, rounds=2)
        assert not isinstance(app.screen, RecordForm)
        await pilot.press("q")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-doc_title", Input).value = "关于申请专项资金的请示"
        form.query_one("#field-requester", Input).value = "李娜"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_until(pilot, lambda: bool(pane.detail and pane.detail.open_requests))
        assert "关于申请专项资金的请示" in detail_text(pane)
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-approver", Input).value = "总经理"
        form.query_one("#field-use_now").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
    with ctx.read() as session:
        request = seal_requests.get_request(session, 1)
        entry = seals.get_use(session, request.use_id)
    assert (request.state, request.approver) == ("used", "总经理")
    assert (entry.doc_title, entry.approver, entry.seq) == ("关于申请专项资金的请示", "总经理", 3)
