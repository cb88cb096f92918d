"""Issue 10, point 4: never lose a keystroke. A form focuses its first field as it opens, keys
typed faster than it opens land in that field, and a refusal is shown under the field it
concerns, naming the field rather than a CLI option."""

from typing import Any

import pytest
from textual import events
from textual.widgets import Input, Static

from officedesk.app import OfficeDeskApp
from officedesk.services.directory import create_department
from officedesk.services.task import create_task
from officedesk.widgets.record_form import RecordForm
from tui_helpers import open_new_form, settle, static_text, wait_until

pytestmark = pytest.mark.pilot

SIZE = (80, 24)


def seed(ctx: Any) -> Any:
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室"})
        return create_task(session, {"title": "落实批示", "dept": "办公室"})


async def test_a_new_form_focuses_its_first_field(ctx: Any) -> None:
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_new_form(app, pilot)
        assert isinstance(app.focused, Input) and app.focused.id == "field-title"


async def test_typing_at_once_after_n_keeps_every_key(ctx: Any) -> None:
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # One burst, as a terminal delivers `n` and a title typed (or pasted) at once: every
        # key is queued before the form is pushed.
        for key in "n已召开协调会":
            app.post_message(events.Key(key, key))
        await wait_until(pilot, lambda: isinstance(app.screen, RecordForm))
        await settle(pilot)
        title = app.screen.query_one("#field-title", Input)
        assert title.value == "已召开协调会"


async def test_a_refusal_shows_under_its_field_without_a_cli_option(ctx: Any) -> None:
    task = seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("SupervisionPane")
        await wait_until(pilot, lambda: pane.detail is not None)
        pane._form_extend([pane.detail])
        await wait_until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        await wait_until(pilot, lambda: bool(form.query("#field-due")))
        form.query_one("#field-due", Input).value = "2026-12-31"
        await pilot.press("ctrl+s")
        shown = form.query_one("#error-reason", Static)
        await wait_until(pilot, lambda: "-shown" in shown.classes)
        assert static_text(shown).strip() == "An extension needs a reason."
        assert "--reason" not in static_text(form.query_one("#form-error", Static))
        assert app.focused is form.query_one("#field-reason")
    assert task.code == "DB-2026-0001"


async def test_a_rest_day_due_typed_in_the_form_is_kept_and_said(ctx: Any) -> None:
    """Point 16 in the workbench: the toast names the day."""
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        form = await open_new_form(app, pilot)
        await wait_until(pilot, lambda: bool(form.query("#field-due")))
        form.query_one("#field-title", Input).value = "周日截止"
        form.query_one("#field-due", Input).value = "2026-12-13"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, RecordForm))
        await wait_until(
            pilot, lambda: any("2026-12-13" in str(n.message) for n in app._notifications)
        )
        toast = next(n for n in app._notifications if "2026-12-13" in str(n.message))
        assert "Sunday" in str(toast.message) and toast.severity == "warning"


async def test_typing_at_once_lands_in_the_title_below_a_type_dropdown(ctx: Any) -> None:
    """The outgoing form asks the type first (a dropdown): what is typed at once is the title."""
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("TabbedContent").active = "tab-outgoing"
        await settle(pilot)
        app.screen.query_one("OutgoingPane").table.focus()
        for key in "n关于安全检查的通知":
            app.post_message(events.Key(key, key))
        await wait_until(pilot, lambda: isinstance(app.screen, RecordForm))
        await settle(pilot)
        assert app.screen.query_one("#field-title", Input).value == "关于安全检查的通知"
