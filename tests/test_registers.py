"""The Handling registers together: one search index, one Today, one demo office.

Each register's own rules are tested beside it (test_incoming.py, test_outgoing.py, …); this file
checks the seams between them and the shared pieces they plug into."""

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select, text

from officedesk.context import AppContext
from officedesk.models import SearchDoc
from officedesk.registry import SEARCH_KINDS
from officedesk.search_index import REGISTER_TABLES, all_sources, rebuild_search_index
from officedesk.services import award as awards
from officedesk.services.agenda import AGENDA_SECTIONS
from officedesk.services.directory import create_department, create_person, update_department
from officedesk.services.incoming import actions as incoming
from officedesk.services.outgoing import actions as outgoing
from officedesk.services.seal import actions as seals
from officedesk.services.search import search
from officedesk.services.today import AGENDA_PROVIDERS, today_overview
from officedesk.services.visit import actions as visits
from officedesk.views.today import brief_text

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # 10:00 in Beijing on the tests' fixed day


@pytest.fixture
def office(ctx: AppContext) -> dict[str, Any]:
    """One record of every register, each with a word of its own to search for."""
    ctx.fixed_now = NOW
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_department(session, {"name": "市国资委", "kind": "superior"})
        create_person(session, {"name": "王建国", "dept": "BGS", "title": "主任"})
        doc = incoming.create_incoming(
            session,
            {
                "title": "关于开展琥珀专项检查的通知",
                "sender": "市国资委",
                "sender_number": "国资发〔2026〕12号",
                "urgency": "extra_urgent",
            },
        )
        out = outgoing.create_outgoing(
            session,
            {
                "doc_type": "notice",
                "title": "关于翡翠工程验收的通知",
                "main_to": "各部门",
                "drafting_dept": "BGS",
            },
        )
        seal = seals.create_seal(
            session, {"name": "玛瑙合同专用章", "kind": "contract", "approval": "审批单 1"}
        )
        seals.step_seal(session, seal.id, "activate", approval="审批单 2")
        visit = visits.create_visit(
            session,
            {
                "guest_org": "市国资委",
                "purpose": "珊瑚项目调研",
                "arrives_at": "2026-11-26 15:00",
                "dept": "BGS",
            },
        )
        tomorrow = visits.create_visit(
            session,
            {"guest_org": "市国资委", "purpose": "次日座谈", "arrives_at": "2026-11-27 09:30"},
        )
        award = awards.create_award(
            session,
            {"name": "水晶服务奖", "year": 2026, "dept": "BGS", "reason": "接待保障有力"},
        )
    return {
        "incoming": doc,
        "outgoing": out,
        "seal": seal,
        "visit": visit,
        "tomorrow": tomorrow,
        "award": award,
    }


# ---- search ----------------------------------------------------------------------------------


def test_every_register_table_is_a_search_source() -> None:
    sources = all_sources()
    assert set(REGISTER_TABLES) <= set(sources)
    assert {source.kind for source in sources.values()} == set(SEARCH_KINDS)


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("琥珀", "incoming"),
        ("翡翠", "outgoing"),
        ("玛瑙", "seal"),
        ("珊瑚", "visit"),
        ("水晶", "award"),
    ],
)
def test_each_register_is_found_by_a_word(
    ctx: AppContext, office: Any, word: str, kind: str
) -> None:
    with ctx.read() as session:
        hits = search(session, word)
        assert [(hit.kind, hit.ref_id) for hit in hits] == [(kind, office[kind].id)]
        only = search(session, word, kinds=[kind])
        assert [hit.kind for hit in only] == [kind]
        assert search(session, word, kinds=["task", "department"]) == []


def test_a_registration_number_is_found_exactly(ctx: AppContext, office: Any) -> None:
    with ctx.read() as session:
        hits = search(session, office["incoming"].code)
    assert hits[0].kind == "incoming" and hits[0].code == office["incoming"].code


def test_the_listener_and_a_rebuild_agree(ctx: AppContext, office: Any) -> None:
    """The documents written on every change equal those a rebuild computes from scratch."""

    def documents(session: Any) -> set[tuple[Any, ...]]:
        rows = session.execute(select(SearchDoc.__table__)).all()
        return {tuple(row)[1:] for row in rows}  # all but the id

    with ctx.write("rebuild") as session:
        before = documents(session)
        # every register the fixture wrote a record of (it writes no supervision item)
        assert {row[0] for row in before} == set(office) - {"tomorrow"} | {"department", "person"}
        rebuild_search_index(session)
        assert documents(session) == before


def test_renaming_a_department_renames_the_context_of_register_hits(
    ctx: AppContext, office: Any
) -> None:
    with ctx.write("dept.edit") as session:
        update_department(session, "BGS", {"name": "综合办公室"})
    with ctx.read() as session:
        contexts = {
            (kind, ref_id): context
            for kind, ref_id, context in session.execute(
                text(
                    "SELECT kind, ref_id, context FROM search_doc WHERE kind IN ('visit', 'award')"
                )
            )
        }
    assert contexts == {
        ("visit", office["visit"].id): "综合办公室",
        ("visit", office["tomorrow"].id): "",  # no host department
        ("award", office["award"].id): "综合办公室",
    }


# ---- Today -----------------------------------------------------------------------------------


def test_today_gathers_every_registers_lines(ctx: AppContext, office: Any) -> None:
    with ctx.read() as session:
        overview = today_overview(session)
    assert list(overview.agenda) == list(AGENDA_SECTIONS)
    found = {
        (name, line.kind, line.ref_id) for name, lines in overview.agenda.items() for line in lines
    }
    assert ("incoming_urgent", "incoming", office["incoming"].id) in found
    assert ("incoming_waiting", "incoming", office["incoming"].id) in found
    assert ("visits_today", "visit", office["visit"].id) in found
    assert ("visits_tomorrow", "visit", office["tomorrow"].id) in found
    brief = brief_text(overview)
    assert "Visitors today" in brief and office["visit"].code in brief


def test_a_departments_today_leaves_the_agenda_out(ctx: AppContext, office: Any) -> None:
    with ctx.read() as session:
        dept_id = session.execute(text("SELECT id FROM department WHERE code = 'BGS'")).scalar()
        assert today_overview(session, dept_id=dept_id).agenda == {}


def test_today_cli_shows_the_agenda(cli: Any, office: Any) -> None:
    data = cli("today", "--json").json()
    assert list(data["agenda"]) == list(AGENDA_SECTIONS)
    assert [line["code"] for line in data["agenda"]["visits_tomorrow"]] == [office["tomorrow"].code]
    table = cli("today")
    assert table.exit_code == 0, table.stderr
    assert "Visitors tomorrow (1)" in table.stdout and office["tomorrow"].code in table.stdout


def test_every_agenda_provider_exists() -> None:
    import importlib

    for module in AGENDA_PROVIDERS:
        assert callable(importlib.import_module(module).today_lines)


# ---- the root options ------------------------------------------------------------------------


def test_the_language_option_after_the_database_option_speaks(cli: Any, tmp_path: Any) -> None:
    """`--db PATH --lang zh noun --help`: the path is the option's value, not the noun."""
    result = cli("--db", str(tmp_path / "x.db"), "--lang", "zh", "seal", "--help")
    assert result.exit_code == 0
    assert "印章" in result.stdout


# ---- the workbench -----------------------------------------------------------------------------

SIZE = (150, 45)


async def test_today_opens_a_visitor_in_its_tab(ctx: AppContext, office: Any) -> None:
    from textual.widgets import OptionList, TabbedContent

    from officedesk.app import OfficeDeskApp
    from tui_helpers import plain, settle

    app = OfficeDeskApp(ctx, screen="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        today_list = app.screen.query_one("#list-schedule", OptionList)
        wanted = f"record:visits_tomorrow:visit:{office['tomorrow'].id}"
        index = next(
            i
            for i in range(today_list.option_count)
            if today_list.get_option_at_index(i).id == wanted
        )
        assert "次日座谈" in plain(today_list.get_option_at_index(index).prompt)
        today_list.focus()
        today_list.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert app.current_mode == "handling"
        assert app.screen.query_one(TabbedContent).active == "tab-visits"
        pane = app.screen.query_one("VisitPane")
        assert pane.detail is not None and pane.detail.code == office["tomorrow"].code


async def test_search_opens_an_incoming_document(ctx: AppContext, office: Any) -> None:
    from textual.widgets import OptionList, TabbedContent

    from officedesk.app import OfficeDeskApp
    from tui_helpers import plain, settle, wait_until

    app = OfficeDeskApp(ctx, screen="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"琥珀")
        results = app.screen.query_one("#search-results", OptionList)
        await wait_until(pilot, lambda: results.option_count > 0)
        assert "[In]" in plain(results.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert app.screen.query_one(TabbedContent).active == "tab-incoming"
        pane = app.screen.query_one("IncomingPane")
        assert pane.detail is not None and pane.detail.code == office["incoming"].code


def _new_record_forms() -> list[tuple[str, str, str]]:
    """(kind, tab, pane class) of every "new record" command the registry gives the palette."""
    from officedesk.registry import NEW_RECORDS, REGISTERS

    panes = {tab.id: tab.pane.rsplit(":", 1)[1] for spec in REGISTERS for tab in spec.tabs}
    return [(kind, tab, panes[tab]) for kind, (_screen, tab) in NEW_RECORDS.items()]


@pytest.mark.parametrize(("kind", "tab", "pane"), _new_record_forms())
async def test_the_palette_opens_each_registers_form(
    ctx: AppContext, office: Any, kind: str, tab: str, pane: str
) -> None:
    from textual.widgets import TabbedContent

    from officedesk.app import OfficeDeskApp
    from officedesk.widgets.record_form import RecordForm
    from tui_helpers import settle

    app = OfficeDeskApp(ctx, screen="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Register an incoming document or call", "Log a seal use"} <= titles
        app.new_record(kind)
        await settle(pilot)
        assert isinstance(app.screen, RecordForm)
        function_screen = app.screen_stack[-2]
        assert function_screen.query_one(TabbedContent).active == tab
        assert function_screen.query(pane)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is function_screen


async def test_a_late_focus_in_another_tab_does_not_pull_the_screen_back(
    ctx: AppContext, office: Any
) -> None:
    """The focus given to the first tab's table on mount can arrive after a jump to another tab
    (the palette's new seal use once opened over 督查督办 under load): it must not switch tabs."""
    from textual.widgets import TabbedContent, TabPane

    from officedesk.app import OfficeDeskApp
    from tui_helpers import settle

    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.pane("tab-awards")
        await settle(pilot)
        first = screen.query_one("#tab-supervision", TabPane)
        first.post_message(TabPane.Focused(first))
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "tab-awards"
        assert app.focused is not None and screen.query_one("#tab-awards") in app.focused.ancestors


async def test_notices_quote_user_text_literally(ctx: AppContext, office: Any) -> None:
    """A saved title goes into the toast: it must not be read as markup (or as an action)."""
    from officedesk.app import OfficeDeskApp
    from tui_helpers import settle

    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("VisitPane")
        pane.notify("已登记 [@click=app.quit]z[/] \x1b[31m")  # a widget's notify passes markup=True
        app.notify("[bold]x[/bold]", markup=True)
        await settle(pilot)
        shown = [(n.message, n.markup) for n in app._notifications]
    assert shown == [
        ("已登记 [@click=app.quit]z[/] \ufffd[31m", False),
        ("[bold]x[/bold]", False),
    ]


def test_stored_control_characters_never_reach_the_terminal(
    cli: Any, ctx: AppContext, office: Any
) -> None:
    """Text stored around the services (old data, raw SQL) is shown, never executed."""
    evil = "\x1b]0;pwned\x07\x9b2J"
    from officedesk.services.task import complete_task, create_task

    with ctx.write("task") as session:  # a finished item: the summary draft names its department
        complete_task(session, create_task(session, {"title": "整改", "dept": "BGS"}).id)
    with ctx.write("raw") as session:
        session.execute(text("UPDATE department SET name = name || :e"), {"e": evil})
        for table, column in (
            ("incoming", "title"),
            ("outgoing", "title"),
            ("seal", "name"),
            ("visit", "purpose"),
            ("award", "reason"),
        ):
            session.execute(text(f"UPDATE {table} SET {column} = {column} || :e"), {"e": evil})
    commands = [
        ["incoming", "list"],
        ["incoming", "show", office["incoming"].code],
        ["outgoing", "list"],
        ["outgoing", "show", str(office["outgoing"].id)],
        ["outgoing", "draft", "--kind", "summary", "--period", "2026"],
        ["seal", "list"],
        ["seal", "show", str(office["seal"].id)],
        ["visit", "list"],
        ["visit", "show", office["visit"].code],
        ["visit", "sheet", office["visit"].code],
        ["award", "list"],
        ["award", "show", str(office["award"].id)],
        ["today"],
        ["today", "--brief"],
        ["search", "办公室"],
    ]
    for args in commands:
        result = cli(*args, env={"COLUMNS": "200"})
        assert result.exit_code == 0, (args, result.stderr)
        out = result.stdout + result.stderr
        assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out, args
        if args[1:2] == ["draft"]:
            assert "办公室\ufffd" in out


KEPT_AT_80 = {"tab-supervision": ("due", "dept"), "tab-incoming": ("due", "lead_dept")}


async def test_every_handling_tab_keeps_room_for_its_title_at_80_columns(
    ctx: AppContext, office: Any
) -> None:
    from textual.widgets import TabbedContent

    from officedesk.app import OfficeDeskApp
    from officedesk.cells import MIN_TITLE
    from officedesk.screens.handling import HandlingScreen
    from officedesk.widgets.record_table import RecordTable
    from tui_helpers import settle

    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for tab_id, _label, _pane in HandlingScreen.TABS:
            app.screen.query_one(TabbedContent).active = tab_id
            await settle(pilot)
            table = app.screen.query_one(f"#{tab_id}").query_one(RecordTable)
            widths = table._widths()
            flexible = [w for c, w in zip(table.columns, widths, strict=True) if not c.width]
            assert flexible and min(flexible) >= MIN_TITLE, (tab_id, widths)
            shown = {c.key for c, w in zip(table.columns, widths, strict=True) if w}
            # The director's questions come first: by when, and which department has it.
            for kept in KEPT_AT_80.get(tab_id, ()):
                assert kept in shown, (tab_id, kept, shown)
