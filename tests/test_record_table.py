"""The paging table on its own: a page that fails to load is said in one line and logged to
error.log, never swallowed into a placeholder that waits for ever."""

import os
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult

from officedesk.i18n import set_language, t
from officedesk.widgets.record_table import PAGE_SIZE, Column, RecordTable
from tui_helpers import settle, table_lines, wait_until

ROWS = 3 * PAGE_SIZE
BROKEN_PAGE = 1


class PagingFailed(RuntimeError):
    pass


ASKED: list[int] = []  # the pages fetch was asked for, in order


def fetch(offset: int, limit: int) -> list[int]:
    """Rows are their own numbers; the second page cannot be read."""
    ASKED.append(offset // PAGE_SIZE)
    if offset // PAGE_SIZE == BROKEN_PAGE:
        raise PagingFailed("disk I/O error")
    return list(range(offset, min(ROWS, offset + limit)))


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield RecordTable(
            [Column("n", "No.", width=6), Column("title", "Title")],
            cells=lambda n: [Text(str(n)), Text(f"row {n}")],
            key=lambda n: n,
        )

    def on_mount(self) -> None:
        self.query_one(RecordTable).set_source(lambda: ROWS, fetch)


def error_log() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "officedesk" / "error.log"


async def test_a_failed_page_shows_one_line_and_is_logged() -> None:
    set_language("en")
    app = TableApp()
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(RecordTable)
        await wait_until(pilot, lambda: table.total == ROWS)
        await settle(pilot)  # the scroll range follows the count
        assert not error_log().exists()
        table.cursor = BROKEN_PAGE * PAGE_SIZE + 10  # onto the page that cannot be read
        await app.workers.wait_for_complete()
        await settle(pilot)
        shown = "\n".join(table_lines(table))
        line = t("tui.load_failed", reason="disk I/O error")
        assert shown.count(line) == 1, shown
        assert "…" not in shown  # nothing left waiting for the page
        assert app.is_running
        log = error_log().read_text(encoding="utf-8")
        assert "PagingFailed: disk I/O error" in log and "Traceback" in log
        assert error_log().stat().st_mode & 0o777 == 0o600
        # Repainting does not ask again (one entry, not one per frame); a reload does.
        ASKED.clear()
        table.refresh()
        await settle(pilot)
        assert ASKED == []
        assert log.count("PagingFailed: disk I/O error") == 1
        table.reload()
        await app.workers.wait_for_complete()
        assert BROKEN_PAGE in ASKED


async def test_pages_past_a_failed_one_show_their_rows() -> None:
    set_language("en")
    app = TableApp()
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(RecordTable)
        await wait_until(pilot, lambda: table.total == ROWS)
        await settle(pilot)
        table.focus()
        await pilot.press("end")
        await settle(pilot)
        shown = "\n".join(table_lines(table))
        assert f"row {ROWS - 1}" in shown
        assert t("tui.load_failed", reason="disk I/O error") not in shown
