"""The workbench's supervision list, driven through Textual's pilot."""

from typing import Any

from textual.widgets import DataTable

from officedesk.app import OfficeDeskApp
from officedesk.services.tasks import complete_task, create_task


def _seed(ctx: Any, titles: list[str]) -> None:
    with ctx.write("seed") as session:
        for title in titles:
            create_task(session, {"title": title})


async def test_list_shows_open_items_and_toggles_all(ctx: Any) -> None:
    _seed(ctx, ["督办一", "督办二", "督办三"])
    with ctx.write("task.done") as session:
        complete_task(session, "DB-2026-0002")
    app = OfficeDeskApp(ctx)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.query_one(DataTable)
        assert table.row_count == 2
        await pilot.press("a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count == 3


async def test_markup_in_titles_is_shown_literally(ctx: Any) -> None:
    titles = ["[bold red]x[/]", "[link=https://a]y[/]", "[@click=app.quit]z[/]", "stored"]
    _seed(ctx, titles)
    from officedesk.models import Task

    with ctx.write("raw") as session:  # stored text from before validation existed, or raw SQL
        session.get(Task, 4).title = "bell\x07esc\x1b[2J"
    app = OfficeDeskApp(ctx)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.query_one(DataTable)
        lines = ["".join(seg.text for seg in table.render_line(y)) for y in range(5)]
        for y, title in enumerate(titles[:3], start=1):
            assert title in lines[y]
        assert "\x1b" not in lines[4] and "\x07" not in lines[4] and "\ufffd" in lines[4]
        # Click where the first character of the title is: a markup title would start with "z".
        await pilot.click(DataTable, offset=(lines[0].index("Title"), 3))
        await pilot.pause()
        assert app.is_running
