"""Issue 10, point 5: keys safe. No bare `q` quits (on 印章 `q` is a use request); quitting with
a form that holds unsaved typing asks first."""

from typing import Any

import pytest

from officedesk.app import OfficeDeskApp
from officedesk.widgets.record_form import ConfirmDialog, RecordForm
from tui_helpers import open_new_form, settle, wait_until

pytestmark = pytest.mark.pilot

SIZE = (80, 24)


async def test_a_bare_q_does_not_quit(ctx: Any) -> None:
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running and app.return_code is None


async def test_quitting_with_typing_in_a_form_asks(ctx: Any) -> None:
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_new_form(app, pilot)
        await pilot.press("a", "b", "ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # no: back to the form, the typing kept
        await settle(pilot)
        assert isinstance(app.screen, RecordForm) and app.is_running
        assert app.screen.values()["title"] == "ab"
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: not app.is_running)


async def test_quitting_from_an_untouched_form_does_not_ask(ctx: Any) -> None:
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_new_form(app, pilot)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running)


async def test_esc_returns_a_register_to_its_default_view(ctx: Any) -> None:
    from officedesk.services.directory import create_department
    from officedesk.services.task import create_task

    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室"})
        task = create_task(session, {"title": "落实批示", "dept": "办公室"})
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("SupervisionPane")
        default = pane.default_filters()
        pane.focus_record(task.id, task.code, state="all")  # as opening it from search does
        await settle(pilot)
        assert pane.filters != default
        await pilot.press("escape")
        await settle(pilot)
        assert pane.filters == default


async def test_the_first_search_result_is_chosen(ctx: Any) -> None:
    from textual.widgets import OptionList

    from officedesk.screens.search import SearchScreen
    from officedesk.services.directory import create_department

    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室"})
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press(*"bgs")
        results = app.screen.query_one(OptionList)
        await wait_until(pilot, lambda: results.option_count > 0)
        assert results.highlighted == 0


async def test_ctrl_d_hides_and_shows_the_detail(ctx: Any) -> None:
    """Point 8: room for what matters."""
    from officedesk.widgets.detail_pane import DetailPane
    from officedesk.widgets.record_table import RecordTable

    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("SupervisionPane")
        table = pane.query_one(RecordTable)
        width = table.size.width
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert not pane.query_one(DetailPane).display
        assert table.size.width > width
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert pane.query_one(DetailPane).display and table.size.width == width


async def test_help_groups_the_keys_in_the_users_language(ctx: Any) -> None:
    """Point 7: `?` lists the keys grouped (this register's steps, moving around, everywhere),
    Textual's own in the user's language too."""
    from officedesk.i18n import set_language
    from officedesk.screens.help import HelpScreen

    set_language("zh")
    try:
        app = OfficeDeskApp(ctx, screen="handling")
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
            await settle(pilot)
            groups = app.screen.groups
            statics = [str(static.render()) for static in app.screen.query("Static")]
    finally:
        set_language("en")
    assert list(groups) == ["steps", "navigation", "global"]
    assert [h for h in ("本登记簿的操作", "移动与切换", "全局") if h in statics] == [
        "本登记簿的操作",
        "移动与切换",
        "全局",
    ]
    words = {group: [text for _key, text in keys] for group, keys in groups.items()}
    assert "下一个区域" in words["navigation"] and "命令面板" in words["global"]
    everything = " ".join(text for texts in words.values() for text in texts)
    assert "Focus Next" not in everything and "Scroll Left" not in everything
    assert "palette" not in everything
