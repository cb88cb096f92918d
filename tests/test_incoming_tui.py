"""The incoming tab through Textual's pilot: keys in, then the database checked through services."""

import sys
from datetime import UTC, datetime
from typing import Any

import pytest
from textual.widgets import Input

from officedesk.app import OfficeDeskApp
from officedesk.services.directory import create_department, create_person
from officedesk.services.incoming import actions as svc
from officedesk.widgets.detail_pane import DetailPane
from officedesk.widgets.record_form import RecordForm
from officedesk.widgets.record_table import RecordTable
from tui_helpers import plain, settle, static_text, table_lines, wait_until

SIZE = (160, 45)
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def pinned_clock(ctx: Any) -> None:
    ctx.fixed_now = NOW


def seed(ctx: Any) -> dict[str, Any]:
    """A register like the demo's in miniature: one document per interesting state."""
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_department(session, {"name": "安全环保部", "code": "AQHBB"})
        create_person(session, {"name": "王建国", "dept": "BGS"})
        docs = {}
        filed = svc.create_incoming(session, {"title": "已归档的通知", "mode": "read"})
        svc.review_incoming(session, filed.id)
        svc.complete_incoming(session, filed.id)
        docs["filed"] = svc.file_incoming(session, filed.id)
        handling = svc.create_incoming(
            session,
            {"title": "关于开展冬季安全生产大检查的通知", "urgency": "extra_urgent"},
        )
        svc.review_incoming(session, handling.id)
        svc.propose_incoming(session, handling.id, "拟请安全环保部办理。")
        svc.instruct_incoming(session, handling.id, "总经理陈光明", "同意。\n请按期报结果。")
        docs["handling"] = svc.handle_incoming(session, handling.id, "AQHBB")
        docs["registered"] = svc.create_incoming(
            session, {"title": "[bold]市应急局[/]来电", "kind": "call", "sender": "市应急管理局"}
        )
    return docs


async def open_tab(pilot: Any) -> Any:
    app = pilot.app
    pane = app.screen.pane("tab-incoming")
    await settle(pilot)
    pane.table.focus()
    await settle(pilot)
    return pane


async def focus_code(pilot: Any, pane: Any, code: str) -> None:
    """Put the cursor on a row by its code (the default order is newest first)."""
    pane.focus_record(None, code, state="all")
    await wait_until(pilot, lambda: pane.detail is not None and pane.detail.code == code)
    await settle(pilot)


def offered(app: OfficeDeskApp) -> set[str]:
    return {
        binding.action
        for _node, binding, enabled, _tip in app.screen.active_bindings.values()
        if enabled
    }


async def test_the_tab_lists_documents_and_offers_only_legal_steps(
    ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = seed(ctx)
    # The rows and the detail view come from views.incoming: neither Typer nor the CLI's
    # command module is imported (a None entry in sys.modules makes the import fail).
    monkeypatch.setitem(sys.modules, "officedesk.cli.incoming", None)
    monkeypatch.setitem(sys.modules, "typer", None)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = await open_tab(pilot)
        lines = "\n".join(table_lines(pane.query_one(RecordTable)))
        assert docs["handling"].code in lines and docs["registered"].code in lines
        assert docs["filed"].code not in lines  # closed: not in the default (open) view
        assert "[bold]市应" in lines  # data, never markup
        await focus_code(pilot, pane, docs["handling"].code)
        detail = plain(pane.query_one(DetailPane).query_one("Static").content, width=100)
        assert "同意。" in detail and "请按期报结果。" in detail and "总经理陈光明" in detail
        assert docs["handling"].task_code in detail
        # Only the legal steps are offered: by state, and by mode for done.
        await focus_code(pilot, pane, docs["registered"].code)
        keys = offered(app)
        assert {"step('review')", "step('return')"} <= keys
        assert not {"step('propose')", "step('done')", "step('circulate')"} & keys
        await focus_code(pilot, pane, docs["filed"].code)
        assert not any(action.startswith("step(") for action in offered(app))
        assert "edit" not in offered(app)
        await pilot.press("v")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)


async def test_register_through_the_form_warns_about_the_number(ctx: Any) -> None:
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-title", Input).value = "关于报送年度工作总结的通知"
        form.query_one("#field-sender", Input).value = "集团公司办公室"
        form.query_one("#field-sender_number", Input).value = "集团办发[2026]12号"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert warnings and "〔〕" in warnings[0].message
    with ctx.read() as session:
        doc = svc.get_incoming(session, "SW-2026-0004")
    assert (doc.title, doc.sender_number) == ("关于报送年度工作总结的通知", "集团办发[2026]12号")


async def test_steps_by_key_and_a_refusal_in_the_form(ctx: Any) -> None:
    docs = seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = await open_tab(pilot)
        await focus_code(pilot, pane, docs["registered"].code)
        await pilot.press("v")  # 初审
        await settle(pilot)
        assert isinstance(app.screen, RecordForm)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: pane.detail.state == "reviewed")
        await pilot.press("p")  # 拟办
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-proposal").text = "拟请安全环保部阅处。"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        # Done is legal by state for the document in handling, but its item is open: the
        # service's refusal stays in the form.
        await focus_code(pilot, pane, docs["handling"].code)
        await pilot.press("d")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert docs["handling"].task_code in static_text(form.query_one("#form-error"))
    with ctx.read() as session:
        doc = svc.get_incoming(session, docs["registered"].id)
        assert svc.get_incoming(session, docs["handling"].id).state == "handling"
    assert (doc.state, doc.proposal) == ("proposed", "拟请安全环保部阅处。")


async def test_search_opens_the_document(ctx: Any) -> None:
    docs = seed(ctx)
    app = OfficeDeskApp(ctx, screen="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_record("incoming", docs["filed"].id)
        await settle(pilot)
        assert app.current_mode == "handling"
        pane = app.screen.query_one("IncomingPane")
        code = docs["filed"].code
        await wait_until(pilot, lambda: pane.detail is not None and pane.detail.code == code)


async def test_opening_a_record_loads_the_table_once_and_escape_clears_the_filter(
    ctx: Any,
) -> None:
    """Opening a record sets the filter bar itself: no debounced Changed may follow and reload
    the table again, blanking the detail (and its keys) in between. Escape still filters."""
    from officedesk.widgets.filter_bar import FilterBar

    docs = seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = await open_tab(pilot)
        table = pane.query_one(RecordTable)
        before = table._generation
        code = docs["registered"].code
        await focus_code(pilot, pane, code)
        await pilot.pause(FilterBar.DEBOUNCE * 2)
        await settle(pilot)
        assert table._generation == before + 1
        assert pane.detail is not None and pane.detail.code == code
        assert pane.query_one("#filter-text", Input).value == code
        await pilot.press("escape")
        # Back to the register's default view (issue 10, point 5), not "every state, as opened".
        await wait_until(pilot, lambda: pane.filters == pane.default_filters())
        assert pane.query_one("#filter-text", Input).value == ""


@pytest.mark.parametrize(("size", "shown"), [((80, 24), False), ((200, 45), True)])
async def test_a_narrow_terminal_leaves_facts_out_before_the_title(
    ctx: Any, size: tuple[int, int], shown: bool
) -> None:
    """At 80 columns the title used to get 6 cells; the sender and the urgency give way first,
    never the due date and the lead department (issue 10, point 8: the director's questions),
    nor the column the rows are sorted by."""
    from officedesk.cells import MIN_TITLE
    from officedesk.i18n import t

    seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        pane = await open_tab(pilot)
        table = pane.query_one(RecordTable)
        header = table_lines(table)[0]
        title = [c.key for c in table.columns].index("title")
        assert table._widths()[title] >= MIN_TITLE
        for key in ("field.sender", "field.urgency"):
            assert (t(key) in header) is shown, key
        for key in ("field.lead_dept", "field.due"):
            assert t(key) in header, key
        assert t("field.received_at") + " ▲" in header  # the order's column stays
        assert t("field.title") in header and t("field.state") in header
        # A header click lands on the column drawn there, hidden ones skipped.
        x, hit = 2, []
        for width in table._widths():
            if width:
                hit.append(table._column_at(x + width - 1))
                x += width + 1
        assert hit == [c for c, w in zip(table.columns, table._widths(), strict=True) if w]
        line = next(x for x in table_lines(table) if "关于开展冬季" in x)
        # At least MIN_TITLE cells of the title: nine characters and the ellipsis at 80 columns.
        assert "关于开展冬季安全生" in line
