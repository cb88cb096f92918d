"""The workbench through Textual's pilot: keys in, then the database checked through services."""

from typing import Any

import pytest
from textual.widgets import Input, OptionList, Select, TabbedContent

from officedesk.app import OfficeDeskApp
from officedesk.services.directory import create_department, create_person
from officedesk.services.task import complete_task, create_task, evaluate_task, get_task
from officedesk.widgets.detail_pane import DetailPane
from officedesk.widgets.record_form import RecordForm
from officedesk.widgets.record_table import RecordTable
from tui_helpers import plain, settle, static_text, table_lines, wait_until

SIZE = (120, 40)


def seed(ctx: Any, titles: list[str]) -> list[Any]:
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_person(session, {"name": "张三", "dept": "BGS"})
        return [create_task(session, {"title": title, "owner": "张三"}) for title in titles]


def app_on(ctx: Any, screen: str = "handling") -> OfficeDeskApp:
    return OfficeDeskApp(ctx, screen=screen)


def supervision(app: OfficeDeskApp) -> Any:
    return app.screen.query_one("SupervisionPane")


async def test_opens_on_today_and_keys_switch_screens(ctx: Any) -> None:
    seed(ctx, ["督办一"])
    app = app_on(ctx, "today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.current_mode == "today"
        for key, mode in (
            ("2", "advisory"),
            ("3", "handling"),
            ("4", "management"),
            ("5", "coordination"),
            ("1", "today"),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert app.current_mode == mode


@pytest.mark.pg_pilot
async def test_add_appears_in_table_and_database(ctx: Any) -> None:
    seed(ctx, ["已有事项"])
    app = app_on(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-title", Input).value = "新登记的督办事项"
        form.query_one("#field-due", Input).value = "+5wd"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        table = app.screen.query_one(RecordTable)
        assert any("DB-2026-0002" in line and "新登记" in line for line in table_lines(table))
    with ctx.read() as session:
        task = get_task(session, "DB-2026-0002")
    assert task.title == "新登记的督办事项"
    assert task.due.isoformat() == "2026-12-03"


async def test_form_shows_the_service_refusal_inline(ctx: Any) -> None:
    seed(ctx, ["已有事项"])
    app = app_on(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        # An empty error line takes no room: each field is its label and its input.
        assert not any(error.display for error in form.query(".field-error"))
        form.query_one("#field-title", Input).value = "日期写错"
        form.query_one("#field-due", Input).value = "下下下周"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        error = static_text(form.query_one("#error-due"))
        assert "下下下周" in error
        assert [e.id for e in form.query(".field-error") if e.display] == ["error-due"]
    with ctx.read() as session:
        from officedesk.services.task import count_tasks

        assert count_tasks(session) == 1


@pytest.mark.pg_pilot
async def test_done_changes_state_and_grows_the_log(ctx: Any) -> None:
    seed(ctx, ["要办结的事项"])
    app = app_on(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    with ctx.read() as session:
        task = get_task(session, "DB-2026-0001")
    assert task.state == "done"
    assert [entry.to_state for entry in task.log or []] == ["assigned", "done"]


async def test_only_legal_transitions_are_offered(ctx: Any) -> None:
    seed(ctx, ["评价过的事项"])
    with ctx.write("close") as session:
        complete_task(session, "DB-2026-0001")
        evaluate_task(session, "DB-2026-0001", 5)
    app = app_on(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = supervision(app)
        pane.query_one("#filter-state").value = "all"
        await settle(pilot)
        assert pane.detail is not None and pane.detail.state == "evaluated"
        offered = {
            binding.action
            for _node, binding, enabled, _tip in app.screen.active_bindings.values()
            if enabled
        }
        for action in ("start", "done", "cancel", "reopen", "evaluate", "remind", "extend"):
            assert f"transition('{action}')" not in offered
        assert "transition('log')" in offered
        await pilot.press("s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)


async def test_cancel_needs_a_reason(ctx: Any) -> None:
    seed(ctx, ["要撤销的事项"])
    app = app_on(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused: no reason given
        form.query_one("#field-reason").text = "领导已另行安排"
        await pilot.press("ctrl+s")
        await settle(pilot)
    with ctx.read() as session:
        task = get_task(session, 1)
    assert (task.state, task.cancel_reason) == ("cancelled", "领导已另行安排")


@pytest.mark.pg_pilot
async def test_marked_rows_are_reminded_in_one_go(ctx: Any) -> None:
    seed(ctx, ["甲", "乙", "丙"])
    app = app_on(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space", "space")
        await settle(pilot)
        assert len(supervision(app).table.marked) == 2
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("#field-note").text = "请周五前反馈"
        await pilot.press("ctrl+s")
        await settle(pilot)
    with ctx.read() as session:
        reminded = [
            [e.text for e in get_task(session, i).log or [] if e.kind == "remind"]
            for i in (1, 2, 3)
        ]
    assert reminded == [["请周五前反馈"], ["请周五前反馈"], []]


async def test_batch_is_all_or_nothing(ctx: Any) -> None:
    seed(ctx, ["甲", "乙"])
    app = app_on(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space", "space")
        await settle(pilot)
        with ctx.write("meanwhile") as session:  # someone closes one of them meanwhile
            complete_task(session, 2)
        await pilot.press("d")
        await settle(pilot)
        form = app.screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "DB-2026-0002" in static_text(form.query_one("#form-error"))
    with ctx.read() as session:
        assert get_task(session, 1).state == "assigned"


async def test_search_finds_a_two_character_chinese_term(ctx: Any) -> None:
    seed(ctx, ["妥善处置与宏达物流的合同纠纷", "合办一场同乡会"])
    app = app_on(ctx, "today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"合同")
        results = app.screen.query_one("#search-results", OptionList)
        await wait_until(pilot, lambda: results.option_count > 0)
        shown = [plain(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        assert len(shown) == 1 and "合同纠纷" in shown[0]
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "handling"
        pane = supervision(app)
        await settle(pilot)
        assert pane.detail is not None and pane.detail.code == "DB-2026-0001"


async def test_today_enter_jumps_to_the_record(ctx: Any) -> None:
    seed(ctx, ["今天到期的事项"])
    with ctx.write("due") as session:
        from officedesk.services.task import update_task

        update_task(session, 1, {"due": "2026-11-26"})
    app = app_on(ctx, "today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        due = app.screen.query_one("#list-due", OptionList)
        due.focus()
        await pilot.press("down", "down")  # the heading (the register, filtered), the item
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "handling"
        await settle(pilot)
        assert supervision(app).detail.code == "DB-2026-0001"


def _overdue_office(ctx: Any) -> None:
    """Three overdue items in two departments, one item due tomorrow, one extension asked."""
    seed(ctx, [])
    with ctx.write("seed") as session:
        from officedesk.services.task import request_extension

        create_department(session, {"name": "财务部", "code": "CWB"})
        for title, dept in (("逾期一", "BGS"), ("逾期二", "BGS"), ("逾期三", "CWB")):
            create_task(
                session,
                {"title": title, "dept": dept, "assigned_on": "2026-11-10", "due": "2026-11-20"},
            )
        create_task(session, {"title": "明天到期", "dept": "CWB", "due": "2026-11-27"})
        request_extension(session, "DB-2026-0004", "2026-12-04", "等待外部回复")


def _panel_texts(app: OfficeDeskApp, name: str) -> list[str]:
    options = app.screen.query_one(f"#list-{name}", OptionList)
    return [plain(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


@pytest.mark.pg_pilot
async def test_today_is_four_panels_with_counts_that_open_the_register(ctx: Any) -> None:
    _overdue_office(ctx)
    app = app_on(ctx, "today")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        panels = {p.panel: p for p in app.screen.query("TodayPanel")}
        assert list(panels) == ["schedule", "waiting", "due", "overdue"]
        for panel in panels.values():  # all four on one 80×24 screen, each with lines to show
            assert panel.region.height >= 6, (panel.panel, panel.region)
            assert panel.region.bottom <= 23
        assert "(3)" in str(panels["overdue"].border_title)
        assert [text.split() for text in _panel_texts(app, "overdue")] == [
            ["3", "All", "departments"],
            ["2", "办公室"],
            ["1", "财务部"],
        ]
        assert any("DB-2026-0004" in text for text in _panel_texts(app, "waiting"))
        assert "No visitors" in _panel_texts(app, "schedule")[0]
        overdue = app.screen.query_one("#list-overdue", OptionList)
        overdue.focus()
        await pilot.press("down", "down", "down", "enter")  # all, 办公室, then 财务部's count
        await settle(pilot)
        assert app.current_mode == "handling"
        await settle(pilot)
        pane = supervision(app)
        assert pane.filters["overdue"] is True and pane.filters["dept"] == "#2"  # 财务部, by id
        assert pane.table.total == 1 and pane.detail.code == "DB-2026-0003"
        await pilot.press("escape")  # the register's default view again
        await settle(pilot)
        assert "dept" not in pane.filters or not pane.filters["dept"]
        assert pane.table.total == 4


async def test_a_panel_key_fills_the_dashboard_and_escape_restores(ctx: Any) -> None:
    _overdue_office(ctx)
    app = app_on(ctx, "today")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("w")
        await settle(pilot)
        shown = [p.panel for p in screen.query("TodayPanel") if p.display]
        assert shown == ["waiting"]
        assert screen.query_one("#list-waiting").has_focus
        assert screen.query_one("#today-summary").region.height == 1  # the summary stays
        await pilot.press("escape")
        await settle(pilot)
        assert [p.panel for p in screen.query("TodayPanel") if p.display] == [
            "schedule",
            "waiting",
            "due",
            "overdue",
        ]
        await pilot.press("o", "o")  # the same key restores too
        await settle(pilot)
        assert len([p for p in screen.query("TodayPanel") if p.display]) == 4
        await pilot.press("w")  # a language switch rebuilds the panels: one still fills it
        await app.switch_language("zh")
        await settle(pilot)
        assert [p.panel for p in screen.query("TodayPanel") if p.display] == ["waiting"]
        assert screen.query_one("#list-waiting").has_focus
        assert "待我处理" in str(screen.query_one("#panel-waiting").border_title)


@pytest.mark.pg_pilot
async def test_language_switch_relabels(ctx: Any) -> None:
    seed(ctx, ["督办一"])
    app = app_on(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tabs = app.screen.query_one(TabbedContent)
        assert "Supervision" in str(tabs.get_tab("tab-supervision").label)
        await app.switch_language("zh")
        await settle(pilot)
        tabs = app.screen.query_one(TabbedContent)
        assert "督查督办" in str(tabs.get_tab("tab-supervision").label)
        assert "承办" in static_text(app.screen.query_one("#header-screen"))
    from officedesk.config import load_settings

    assert load_settings().lang == "zh"


async def test_theme_is_remembered(ctx: Any) -> None:
    app = app_on(ctx, "today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        app.toggle_theme()
        assert app.theme == "textual-light"
    from officedesk.config import load_settings

    assert load_settings().theme == "light"


async def test_help_lists_the_screens_keys(ctx: Any) -> None:
    seed(ctx, ["督办一"])
    app = app_on(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = "".join(static_text(w) for w in app.screen.query("Static"))
        for word in ("New", "Done", "Remind", "Search", "Quit"):
            assert word in text


async def test_palette_offers_new_items_screens_and_language(ctx: Any) -> None:
    app = app_on(ctx, "today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
    assert "New supervision item" in titles
    assert "Go to Handling" in titles
    assert any(title.startswith("语言") for title in titles)


MARKUP = ["[bold red]x[/]", "[link=https://a]y[/]", "[@click=app.quit]z[/]"]


async def test_user_text_is_never_markup(ctx: Any) -> None:
    seed(ctx, MARKUP)
    app = app_on(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(RecordTable)
        lines = table_lines(table)
        for title in MARKUP:
            assert any(title in line for line in lines)
        detail = static_text(app.screen.query_one(DetailPane).query_one("#detail-body"))
        assert MARKUP[0] in detail
        title_x = lines[0].index("Title")
        row = next(i for i, line in enumerate(lines) if MARKUP[2] in line)
        await pilot.click(RecordTable, offset=(title_x, row))
        await settle(pilot)
        assert app.is_running


async def test_control_characters_show_as_placeholders(ctx: Any) -> None:
    seed(ctx, ["stored"])
    from officedesk.models import Task

    with ctx.write("raw") as session:  # text stored before validation existed, or by raw SQL
        session.get(Task, 1).title = "bell\x07esc\x1b[2Jend"
    app = app_on(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = table_lines(app.screen.query_one(RecordTable))
        row = next(line for line in lines if "bell" in line)
        assert "\x1b" not in row and "\x07" not in row and "\ufffd" in row


async def test_wide_titles_are_cut_with_an_ellipsis(ctx: Any) -> None:
    seed(ctx, ["关于进一步加强和规范集团公司各部门督查督办工作的实施意见及配套细则的通知"])
    app = app_on(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = table_lines(app.screen.query_one(RecordTable))
        row = next(line for line in lines if "DB-2026-0001" in line)
        assert "…" in row
        from rich.cells import cell_len

        assert cell_len(row) == cell_len(lines[0])


@pytest.mark.pg_pilot
async def test_journal_undo(ctx: Any) -> None:
    seed(ctx, ["会被撤回的修改"])
    with ctx.write("task.edit") as session:
        from officedesk.services.task import update_task

        update_task(session, 1, {"title": "改过的标题"})
    app = app_on(ctx, "management")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    with ctx.read() as session:
        assert get_task(session, 1).title == "会被撤回的修改"


async def test_directory_add_person(ctx: Any) -> None:
    seed(ctx, [])
    app = app_on(ctx, "coordination")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one(TabbedContent).active = "tab-people"
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#field-name", Input).value = "李四"
        form.query_one("#field-dept", Input).value = "bgs"
        await pilot.press("ctrl+s")
        await settle(pilot)
    with ctx.read() as session:
        from officedesk.services.directory import get_person

        assert get_person(session, "ls").dept == "办公室"


@pytest.mark.parametrize("screen", ["today", "advisory", "handling", "management", "coordination"])
async def test_every_screen_opens_empty(ctx: Any, screen: str) -> None:
    app = app_on(ctx, screen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.current_mode == screen
        assert app.is_running


async def test_search_results_show_markup_literally(ctx: Any) -> None:
    seed(ctx, ["[@click=app.quit]合同[/] 纠纷", "[bold red]合同[/]审查"])
    app = app_on(ctx, "today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"合同")
        results = app.screen.query_one("#search-results", OptionList)
        await wait_until(pilot, lambda: results.option_count == 2)
        shown = " ".join(
            plain(results.get_option_at_index(i).prompt) for i in range(results.option_count)
        )
        assert "[@click=app.quit]合同[/] 纠纷" in shown and "[bold red]合同[/]审查" in shown
        await pilot.click(OptionList, offset=(12, 0))
        await settle(pilot)
        assert app.is_running


def test_advisory_offers_the_services_groupings() -> None:
    from officedesk.screens import advisory
    from officedesk.services import assessment

    assert advisory.GROUPINGS == assessment.GROUPINGS


@pytest.mark.parametrize(("demo", "words"), [(True, "演示办公室"), (False, "正在打开数据库")])
async def test_today_says_what_it_waits_for(ctx: Any, demo: bool, words: str) -> None:
    """The first demo fill takes seconds: Today says so instead of staying blank."""
    import threading

    from officedesk.i18n import set_language

    set_language("zh")
    opened = threading.Event()

    def prepare(_progress: Any) -> None:
        ctx.store.ensure_schema()
        opened.wait(10)

    ctx.demo = demo
    app = OfficeDeskApp(ctx, screen="today", prepare=prepare)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            summary = app.screen.query_one("#today-summary")
            assert words in static_text(summary)
            opened.set()
            await wait_until(pilot, lambda: words not in static_text(summary))
            assert "逾期 0 项" in static_text(summary)
    finally:
        opened.set()
        set_language("en")


async def test_brackets_switch_tabs_and_the_list_takes_the_keys(ctx: Any) -> None:
    app = app_on(ctx)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        tabs = app.screen.query_one(TabbedContent)
        assert tabs.active == "tab-supervision"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert tabs.active == "tab-incoming"
        assert isinstance(app.focused, RecordTable)
        assert app.screen.query_one("#tab-incoming") in app.focused.ancestors
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert tabs.active == "tab-awards"  # round the end
        await pilot.press("ctrl+f")  # in a filter, the brackets are typed, not tab keys
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert tabs.active == "tab-awards"


async def test_a_form_shows_its_own_keys_in_the_footer(ctx: Any) -> None:
    from textual.widgets._footer import FooterKey

    from officedesk.widgets.chrome import OfficeFooter

    app = app_on(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, RecordForm)
        footer = app.screen.query_one(OfficeFooter)
        await wait_until(pilot, lambda: bool(footer.query(FooterKey)))
        shown = {key.description for key in footer.query(FooterKey)}
        assert {"Save", "Close"} <= shown
        assert "New" not in shown  # the list's keys are not the form's


async def test_today_keeps_the_reason_when_the_database_cannot_be_opened(ctx: Any) -> None:
    from officedesk.errors import InvalidInput

    def prepare(_progress: Any) -> None:
        raise InvalidInput("config.bad_value", path="/etc/x.toml", key="yellow_workdays")

    app = OfficeDeskApp(ctx, screen="today", prepare=prepare)
    async with app.run_test(size=(120, 30)) as pilot:
        summary = app.screen.query_one("#today-summary")
        await wait_until(pilot, lambda: "yellow_workdays" in static_text(summary))
        assert "Opening" not in static_text(summary)


async def test_a_long_today_entry_is_one_row_cut_at_the_panel_width(ctx: Any) -> None:
    """A dashboard shows the first lines of everything: a long title is cut with "…", never
    wrapped over the next entries."""
    seed(ctx, [])
    title = "关于开展全公司范围内安全生产隐患大排查大整治专项行动并按期报送的通知"
    with ctx.write("seed") as session:
        create_task(session, {"title": title, "owner": "张三", "due": "2026-11-27"})
        create_task(session, {"title": "第二项", "owner": "张三", "due": "2026-11-27"})
    app = app_on(ctx, screen="today")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        due = app.screen.query_one("#list-due", OptionList)
        rows = [strip.text for strip in due.render_lines(due.region.reset_offset)]
        entry = next(i for i, row in enumerate(rows) if "DB-2026-0001" in row)
        assert rows[entry].rstrip().endswith("…")
        assert "DB-2026-0002" in rows[entry + 1]


@pytest.mark.parametrize(("size", "short"), [((80, 24), True), ((120, 40), False)])
async def test_a_short_terminal_gets_a_compact_form(
    ctx: Any, size: tuple[int, int], short: bool
) -> None:
    """On 24 rows a bordered form showed three fields at a time."""
    app = app_on(ctx)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket", "n")  # the incoming register's form
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        assert form.has_class("-short") is short
        assert all(w.compact is short for w in form.query("Input, Select"))
        blank = [s for s in form.query("Select") if s.value is Select.NULL]
        assert blank  # an optional choice left empty says so in the user's language
        for select in blank:
            assert static_text(select.query_one("SelectCurrent #label")).strip() == "(none)"


async def test_the_palette_speaks_the_users_language(ctx: Any) -> None:
    from textual.command import CommandPalette

    from officedesk.i18n import t

    app = app_on(ctx, screen="today")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).placeholder == t("tui.palette_placeholder")


async def test_first_run_asks_who_operates_and_saves_it(
    ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing says who operates: the journal would name the login. The first run asks, saves
    to the config file as `config set` does, and the header takes the company's name."""
    from officedesk.config import load_settings

    monkeypatch.delenv("OFFICEDESK_OPERATOR")
    app = app_on(ctx, "today")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"wang")  # typed at once, before anything settled: nothing is lost
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        assert form.query_one("#field-operator", Input).value == "wang"
        form.query_one("#field-operator", Input).value = ""
        await pilot.press("ctrl+s")  # the name is required
        await settle(pilot)
        assert app.screen is form
        form.query_one("#field-operator", Input).value = "王主任"
        form.query_one("#field-company", Input).value = "华信科技有限公司"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        assert ctx.operator == "王主任"
        assert "华信科技有限公司" in static_text(app.screen.query_one("#header-company"))
    settings = load_settings()
    assert (settings.operator, settings.company) == ("王主任", "华信科技有限公司")


async def test_an_empty_office_gets_its_first_steps(ctx: Any) -> None:
    app = app_on(ctx, "today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        guide = app.screen.query_one("#today-guide")
        assert guide.display and not app.screen.query_one("#today-panels").display
        assert "officedesk --demo" in static_text(guide)
    seed(ctx, ["第一件事"])
    app = app_on(ctx, "today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#today-guide").display
        assert app.screen.query_one("#today-panels").display


async def test_the_demo_and_scripts_are_not_asked_who_operates(
    ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(ctx, ["督办一"])
    app = app_on(ctx, "today")  # OFFICEDESK_OPERATOR is set (as a script or cron job sets it)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
    monkeypatch.delenv("OFFICEDESK_OPERATOR")
    ctx.demo = True  # the demo company has operators of its own
    app = app_on(ctx, "today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)


async def test_the_first_demo_fill_shows_how_far_it_is(ctx: Any) -> None:
    """Issue 10, point 9: while the demo fills, Today's status line is a bar with the share,
    the part being written and the seconds so far; the day's figures replace it."""
    import threading

    from officedesk.demo.office import FillProgress
    from officedesk.i18n import set_language

    finish = threading.Event()

    def prepare(progress: Any) -> None:
        ctx.store.ensure_schema()
        progress(FillProgress("incoming", 0.42, 5.3))
        finish.wait(10)

    set_language("zh")
    ctx.demo = True
    app = OfficeDeskApp(ctx, screen="today", prepare=prepare)

    def summary() -> str:
        return static_text(app.screen.query_one("#today-summary"))

    try:
        async with app.run_test(size=(120, 30)) as pilot:
            for _ in range(100):  # not wait_until: it waits for workers, and the fill's waits
                if "42%" in summary():
                    break
                await pilot.pause(0.05)
            assert "收文登记" in summary() and "已用 5 秒" in summary()
            assert "████████░" in summary()
            finish.set()
            await wait_until(pilot, lambda: "逾期 0 项" in summary())
    finally:
        finish.set()
        set_language("en")
