"""The outgoing tab through Textual's pilot: keys in, then the database checked through services."""

from typing import Any

from textual.widgets import Input, Select, TabbedContent

from officedesk.app import OfficeDeskApp
from officedesk.services.directory import create_department, create_person
from officedesk.services.outgoing import actions as svc
from officedesk.widgets.detail_pane import DetailPane
from officedesk.widgets.record_form import RecordForm
from officedesk.widgets.record_table import RecordTable
from tui_helpers import plain, settle, static_text, table_lines, wait_until

SIZE = (140, 40)


def seed(ctx: Any) -> None:
    """A request that breaks two drafting rules, a registered notice, a checked letter."""
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_department(session, {"name": "集团公司", "code": "JT", "kind": "superior"})
        create_person(session, {"name": "李娜", "dept": "BGS"})
        create_person(session, {"name": "王建国", "dept": "BGS"})
        people = {"reviewer": "王建国", "signer": "刘振华", "dept": "BGS"}
        svc.create_outgoing(
            session,
            {
                "doc_type": "request",
                "title": "关于购置车辆的请示",
                "main_to": "集团公司、办公室",
                **people,
            },
        )
        notice = svc.create_outgoing(
            session,
            {
                "doc_type": "notice",
                "title": "关于[bold]x[/]检查的通知",
                "main_to": "各部门",
                **people,
            },
        )
        letter = svc.create_outgoing(
            session,
            {"doc_type": "letter", "title": "关于商洽合作的函", "main_to": "华远集团", **people},
        )
        for doc, last in ((notice, "register"), (letter, "check")):
            svc.review_outgoing(session, doc.id)
            svc.sign_outgoing(session, doc.id)
            svc.check_outgoing(session, doc.id)
            if last == "register":
                svc.register_outgoing(session, doc.id)


async def open_pane(pilot: Any) -> Any:
    app = pilot.app
    app.screen.query_one(TabbedContent).active = "tab-outgoing"
    pane = app.screen.query_one("#tab-outgoing").children[0]
    await settle(pilot, rounds=2)
    pane.table.focus()
    await settle(pilot, rounds=2)
    return pane


async def select_row(pilot: Any, pane: Any, doc_id: int) -> None:
    pane.table.move_to_key(doc_id)
    await wait_until(pilot, lambda: pane.detail is not None and pane.detail.id == doc_id)


def offered(app: Any) -> set[str]:
    return {
        binding.action
        for _node, binding, enabled, _tip in app.screen.active_bindings.values()
        if enabled
    }


def state_of(ctx: Any, ref: Any) -> str:
    with ctx.read() as session:
        return svc.get_outgoing(session, ref).state


async def test_the_tab_lists_documents_and_opens_one_from_search(ctx: Any) -> None:
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = await open_pane(pilot)
        lines = table_lines(pane.query_one(RecordTable))
        assert any("X司发〔2026〕1号" in line and "[bold]x[/]" in line for line in lines)
        assert any("关于购置车辆的请示" in line and "draft" in line for line in lines)
        app.open_record("outgoing", 1)
        await settle(pilot)
        await wait_until(pilot, lambda: pane.detail is not None and pane.detail.id == 1)
        assert app.screen.query_one(TabbedContent).active == "tab-outgoing"
        shown = plain(pane.query_one(DetailPane).query_one("Static").content, width=140)
        assert "Drafting warnings" in shown and "subordinate body: 办公室" in shown


async def test_a_new_draft_is_saved_from_the_form(ctx: Any) -> None:
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_pane(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-doc_type", Select).value = "report"
        form.query_one("#field-title", Input).value = "关于投资计划执行情况的报告"
        form.query_one("#field-main_to", Input).value = "JT"
        form.query_one("#field-body").text = "拟追加投资，请批准。"
        form.query_one("#field-dept", Input).value = "办公室"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
    with ctx.read() as session:
        doc = svc.get_outgoing(session, 4)
    assert (doc.doc_type, doc.main_to, doc.dept, doc.state) == (
        "report",
        ["集团公司"],
        "办公室",
        "draft",
    )
    assert [w.code for w in doc.warnings] == ["outgoing.check.report_asks"]


async def test_a_step_by_key_and_only_legal_keys_offered(ctx: Any) -> None:
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = await open_pane(pilot)
        await select_row(pilot, pane, 1)  # a draft
        await settle(pilot)
        keys = offered(app)
        assert {"edit", "step('review')"} <= keys
        for illegal in ("sign", "check", "register", "print", "void", "file"):
            assert f"step('{illegal}')" not in keys
        await pilot.press("s")  # not legal for a draft: nothing opens
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        assert form.query_one("#field-by", Input).value == "王建国"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        await wait_until(pilot, lambda: pane.detail is not None and pane.detail.state == "reviewed")
        assert "step('sign')" in offered(app)
        await pilot.press("s")
        await settle(pilot)
        sign_form = app.screen
        assert isinstance(sign_form, RecordForm)
        assert "Drafting warnings" in sign_form.form_title  # shown before signing
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_until(pilot, lambda: pane.detail is not None and pane.detail.state == "signed")
        await pilot.press("c")  # 复核, no change
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert state_of(ctx, 1) == "checked"


async def test_refusals_are_shown_in_the_form(ctx: Any) -> None:
    """Voiding needs a reason; sending back to the signer needs a note saying what changed."""
    seed(ctx)
    app = OfficeDeskApp(ctx, screen="handling")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = await open_pane(pilot)
        await select_row(pilot, pane, 2)  # registered
        await pilot.press("v")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-reason").text = "   "
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "reason" in static_text(form.query_one("#form-error")).lower()
        form.query_one("#field-reason").text = "编号写错"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        await select_row(pilot, pane, 3)  # checked
        await pilot.press("b")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "what changed" in static_text(form.query_one("#form-error"))
        form.query_one("#field-note").text = "复核发现主送单位有误"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
    with ctx.read() as session:
        voided = svc.get_outgoing(session, 2)
        returned = svc.get_outgoing(session, 3)
    assert (voided.state, voided.number) == ("checked", None)
    assert [(v.number, v.reason) for v in voided.voids or []] == [("X司发〔2026〕1号", "编号写错")]
    assert returned.state == "reviewed"
    assert [(e.action, e.note) for e in returned.log or []][-1] == (
        "return",
        "复核发现主送单位有误",
    )
