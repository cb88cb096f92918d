"""Issue 10, point 3: a worker's result that arrives after its widget was rebuilt is dropped,
never applied to children that are gone (it ended the app with `NoMatches: No nodes match
'RecordTable' on OutgoingPane()` after a language switch while a detail loaded)."""

import contextlib
import threading
from typing import Any

import pytest
from textual.worker import WorkerCancelled

from officedesk.app import OfficeDeskApp
from officedesk.screens.handling.outgoing import OutgoingPane
from officedesk.services.directory import create_department
from officedesk.services.outgoing.actions import create_outgoing
from officedesk.widgets.detail_pane import DetailPane
from officedesk.widgets.record_table import RecordTable
from tui_helpers import settle, wait_until

pytestmark = pytest.mark.pilot

SIZE = (120, 40)


def seed(ctx: Any) -> Any:
    """A few drafts: enough rows for the cursor to move and a detail to load (the demo office
    would cost seconds a test for nothing more)."""
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        for title in ("关于年度检查的通知", "关于会议安排的通知", "关于车辆管理的通知"):
            create_outgoing(session, {"doc_type": "notice", "title": title, "dept": "BGS"})
    return ctx


async def open_outgoing(app: OfficeDeskApp, pilot: Any) -> OutgoingPane:
    await settle(pilot)
    app.screen.query_one("TabbedContent").active = "tab-outgoing"
    await settle(pilot)
    pane = app.screen.query_one(OutgoingPane)
    pane.table.focus()
    await wait_until(pilot, lambda: pane.table.current_row is not None)
    return pane


async def test_a_detail_arriving_after_its_table_was_removed_is_dropped(demo_ctx: Any) -> None:
    """The demo office: its detail loads take long enough for the table to be gone first."""
    app = OfficeDeskApp(demo_ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_outgoing(app, pilot)
        row = pane.table.current_row
        await pane.query_one(RecordTable).remove()
        await pane.query_one(DetailPane).remove()
        worker = pane._load_detail(row)  # the load the cursor started, finishing late
        with contextlib.suppress(WorkerCancelled):
            await worker.wait()
        await settle(pilot)
        assert app.is_running and app.return_code is None


async def test_switching_language_while_details_load(
    ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    hold, release = threading.Event(), threading.Event()
    original = OutgoingPane.load_detail

    def slow(self: Any, session: Any, row: Any) -> Any:
        if hold.is_set():  # the loads the cursor starts below, not the first one
            release.wait(5)
        return original(self, session, row)

    monkeypatch.setattr(OutgoingPane, "load_detail", slow)
    app = OfficeDeskApp(seed(ctx), screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await open_outgoing(app, pilot)
        hold.set()
        await pilot.press("down")
        await pilot.pause(0.3)  # the detail timer fired: loads are in flight
        # The loads finish while the switch rebuilds every screen (its removal of the old
        # panes waits for their workers' threads).
        threading.Timer(0.3, release.set).start()
        await app.switch_language("zh")
        await pilot.pause(0.3)
        await settle(pilot)
        assert app.is_running and app.return_code is None
        pane = await open_outgoing(app, pilot)  # the rebuilt pane still shows a record
        await wait_until(pilot, lambda: pane.detail is not None)


def test_warming_imports_what_first_visits_need(ctx: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point 6: after the first paint the prepare thread imports every tab's pane, the services
    each pane reads and the function screens' own modules, so a first visit imports nothing."""
    import importlib

    from officedesk.app import WARM_MODULES
    from officedesk.registry import SCREENS, screen_tabs

    imported: list[str] = []
    real = importlib.import_module

    def record(name: str, package: str | None = None) -> Any:
        imported.append(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", record)
    OfficeDeskApp(ctx)._warm()
    panes = {pane.partition(":")[0] for s in SCREENS for _i, _l, pane in screen_tabs(s)}
    assert panes <= set(imported)
    assert set(WARM_MODULES) <= set(imported)
    assert "officedesk.services.task" in imported  # the supervision pane's READ_SERVICES


async def test_a_load_replaced_by_a_filter_does_not_place_the_cursor(ctx: Any) -> None:
    """Opening a record filters the list and puts the cursor on it. A Loaded message of the
    load that filter replaced, still queued, took the record to focus and looked for it among
    the old rows; the filtered list then started at its top (the go-to-record contract test of
    the seal log failed so under load)."""
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_outgoing(app, pilot)
        table = pane.table
        stale = table._generation
        pane.focus_record(1, "关于", state="all")  # the oldest of three: the last row
        table.post_message(RecordTable.Loaded(table, 3, stale))  # queued before the new load
        await settle(pilot)
        await wait_until(pilot, lambda: pane.detail is not None and pane.detail.id == 1)
        assert table.current_row.id == 1
