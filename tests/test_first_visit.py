"""Issue 10, point 6: the screens not shown yet are built in the background once Today is
painted, so that a first visit only shows a screen, as a second one does; and building them
never breaks a quit, a language switch or a visit made meanwhile.

The tests that stop the building half way hold a widget's mount on an event (in the
management screen's journal, built fourth), and wait on events of their own meanwhile: `settle`
and the pilot's keys would wait for the held screen."""

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from textual.widgets import TabbedContent

from officedesk.app import OfficeDeskApp
from officedesk.registry import SCREENS, screen_tabs
from officedesk.screens.management import JournalPane
from officedesk.services.directory import create_department, create_person
from officedesk.services.task import create_task
from officedesk.widgets.status import StatusLine
from tui_helpers import settle, static_text

SIZE = (120, 40)


async def test_a_first_visit_shows_a_screen_built_beforehand(ctx: Any) -> None:
    """Every screen is built while Today is shown; pressing 3 then composes nothing: the same
    tabs, panes and footer keys are on the screen as before the key (an item, so that the
    supervision list has a record selected and its keys to offer)."""
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_person(session, {"name": "张三", "dept": "BGS"})
        create_task(session, {"title": "督办一", "owner": "张三"})
    app = OfficeDeskApp(ctx, screen="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.current_mode == "today"
        built = {mode: app.get_screen_stack(mode)[0] for mode in SCREENS}  # none visited
        handling = built["handling"]
        assert handling.is_mounted and not handling.is_current
        before = set(handling.walk_children())
        tabs = handling.query_one(TabbedContent)
        assert {pane.id for pane in tabs.query("RegisterTab")} == {
            tab_id for tab_id, _label, _pane in screen_tabs("handling")
        }
        footer_keys = set(handling.query("FooterKey"))
        assert footer_keys  # its keys, as they stand once the panes' data has arrived

        await pilot.press("3")
        await settle(pilot)
        assert app.screen is handling
        assert set(handling.query("FooterKey")) == footer_keys
        assert set(handling.walk_children()) == before


@pytest.fixture
def held_journal(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, Any, list[Any]]]:
    """The mount of the journal pane's status line (its last child) waits until released, and
    with it the pane's own mount: (reached, release, the pane)."""
    reached, release = asyncio.Event(), asyncio.Event()
    panes: list[Any] = []

    async def held(self: StatusLine) -> None:
        if isinstance(self.parent, JournalPane):
            panes.append(self.parent)
            reached.set()
            await release.wait()

    monkeypatch.setattr(StatusLine, "on_mount", held, raising=False)
    yield reached, release, panes
    release.set()


async def test_quitting_while_a_screen_is_built(
    ctx: Any, held_journal: tuple[Any, Any, list[Any]]
) -> None:
    """The app closes with a screen half built: the pane whose mount was pending ends it while
    its screen is being removed, which must neither hang the app nor end it with an error."""
    reached, release, panes = held_journal
    app = OfficeDeskApp(ctx, screen="today")
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.wait_for(reached.wait(), 10)
        await pilot.press("ctrl+q")
        assert not panes[0].is_mounted
        release.set()  # the journal's mount ends while the app closes
    assert app.return_code == 0


async def test_language_switch_and_visits_while_a_screen_is_built(
    ctx: Any, held_journal: tuple[Any, Any, list[Any]]
) -> None:
    """The switch waits for the screen being built, then relabels it with the others; the
    screen being built, shown meanwhile, is the one built (once)."""
    reached, release, _panes = held_journal
    app = OfficeDeskApp(ctx, screen="today")
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.wait_for(reached.wait(), 10)
        app.switch_mode("management")  # as key 4 does (the pilot would wait for the screen)
        management = app.screen
        switch = asyncio.ensure_future(app.switch_language("zh"))
        for _ in range(5):
            await asyncio.sleep(0)
        assert not switch.done()  # waits for the screen being built
        release.set()
        await asyncio.wait_for(switch, 30)
        await settle(pilot)
        assert app.screen is management
        assert len(management.query(JournalPane)) == 1
        assert "管理" in static_text(management.query_one("#header-screen"))
        await pilot.press("3")
        await settle(pilot)
        tabs = app.screen.query_one(TabbedContent)
        assert "督查督办" in str(tabs.get_tab("tab-supervision").label)
        assert app.is_running
