"""The outgoing register (发文) through its services: the steps, numbers, voids, 份号, the drafting
checks, configured prefixes, search and the draft template; both backends."""

import multiprocessing
import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from conftest import TODAY
from officedesk.config import DEFAULT_OUTGOING_PREFIXES, settings_from_dict
from officedesk.context import AppContext
from officedesk.errors import IllegalTransition, InvalidInput, NotFound
from officedesk.i18n import label, set_language
from officedesk.services.directory import create_department, create_person
from officedesk.services.outgoing import actions as svc
from officedesk.services.outgoing.checks import Addressee, drafting_checks
from officedesk.services.outgoing.numbers import number_report
from officedesk.views.search import subtitle

# ---- helpers -------------------------------------------------------------------------------


def seed(ctx: AppContext) -> None:
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_department(session, {"name": "财务部", "code": "CWB"})
        create_department(session, {"name": "集团公司", "code": "JT", "kind": "superior"})
        create_department(session, {"name": "市国资委", "code": "SGZW", "kind": "superior"})
        create_department(session, {"name": "市税务局", "kind": "external"})
        create_person(session, {"name": "李娜", "dept": "BGS"})
        create_person(session, {"name": "王建国", "dept": "BGS", "title": "主任"})


def add(ctx: AppContext, title: str = "关于开展安全检查的通知", **fields: Any) -> Any:
    data = {"doc_type": "notice", "title": title, "main_to": "各部门", **fields}
    data.setdefault("reviewer", "王建国")
    data.setdefault("signer", "刘振华")
    with ctx.write("outgoing.add") as session:
        return svc.create_outgoing(session, data)


STEP_CALLS = {
    "review": lambda s, ref: svc.review_outgoing(s, ref),
    "sign": lambda s, ref: svc.sign_outgoing(s, ref),
    "check": lambda s, ref: svc.check_outgoing(s, ref),
    "return": lambda s, ref: svc.check_outgoing(s, ref, changed=True, note="改了第二段"),
    "register": lambda s, ref: svc.register_outgoing(s, ref),
    "print": lambda s, ref: svc.print_outgoing(s, ref, 10),
    "dispatch": lambda s, ref: svc.dispatch_outgoing(s, ref),
    "file": lambda s, ref: svc.file_outgoing(s, ref),
    "void": lambda s, ref: svc.void_outgoing(s, ref, "编号写错"),
}
PATH = ("review", "sign", "check", "register", "print", "dispatch", "file")


def step(ctx: AppContext, ref: Any, action: str) -> Any:
    with ctx.write(f"outgoing.{action}") as session:
        return STEP_CALLS[action](session, ref)


def advance(ctx: AppContext, ref: Any, state: str) -> Any:
    """Take a draft along the usual path until it is in `state`."""
    doc = None
    with ctx.read() as session:
        doc = svc.get_outgoing(session, ref)
    for action in PATH:
        if doc.state == state:
            break
        doc = step(ctx, ref, action)
    assert doc.state == state
    return doc


def get(ctx: AppContext, ref: Any) -> Any:
    with ctx.read() as session:
        return svc.get_outgoing(session, ref)


class _Rollback(Exception):
    pass


# ---- creating and reading ------------------------------------------------------------------


def test_a_draft_links_the_directory_and_keeps_other_names(ctx: AppContext) -> None:
    seed(ctx)
    doc = add(
        ctx,
        "关于2026年度安全生产工作情况的报告",
        doc_type="report",
        main_to="JT",
        copy_to=["市国资委", "某某协会"],
        dept="BGS",
        drafter="李娜",
    )
    assert (doc.state, doc.number, doc.drafted_on) == ("draft", None, TODAY)
    assert doc.main_to == ["集团公司"] and doc.copy_to == ["市国资委", "某某协会"]
    assert (doc.dept, doc.drafter, doc.signer) == ("办公室", "李娜", "刘振华")
    with ctx.read() as session:
        rows = session.execute(
            text("SELECT role, name, dept_id FROM outgoing_recipient ORDER BY role, position")
        ).all()
        log = svc.get_outgoing(session, doc.id).log
    assert [tuple(r) for r in rows] == [
        ("copy", "市国资委", 4),
        ("copy", "某某协会", None),
        ("main", "集团公司", 3),
    ]
    assert [(e.action, e.to_state, e.author) for e in log or []] == [("create", "draft", "tester")]


def test_a_refused_draft_leaves_nothing(ctx: AppContext) -> None:
    seed(ctx)
    for bad in (
        {"doc_type": "memo"},
        {"title": " "},
        {"drafter": "没有这个人"},
        {"secrecy": "top"},
    ):
        with pytest.raises((InvalidInput, NotFound)), ctx.write("outgoing.add") as session:
            svc.create_outgoing(session, {"doc_type": "notice", "title": "通知", **bad})
    with ctx.read() as session:
        assert svc.count_outgoing(session) == 0


def test_the_whole_procedure_logs_each_step_with_who_and_when(ctx: AppContext) -> None:
    seed(ctx)
    doc = add(ctx, secrecy="internal")
    for action in PATH:
        doc = step(ctx, doc.id, action)
    assert doc.state == "filed" and doc.actions == []
    full = get(ctx, doc.id)
    assert [e.action for e in full.log or []] == ["create", *PATH]
    assert [e.to_state for e in full.log or []] == list(svc.STATES)
    actors = {e.action: e.actor for e in full.log or []}
    assert (actors["review"], actors["sign"]) == ("王建国", "刘振华")
    assert full.doc_date == TODAY and full.doc_date_text == "2026年11月26日"
    assert full.dispatched_on == TODAY and full.copies == 10


def test_every_step_is_legal_exactly_where_the_state_table_says(ctx: AppContext) -> None:
    seed(ctx)
    docs = {}
    for state in svc.STATES:
        docs[state] = advance(ctx, add(ctx, f"状态{state}的通知").id, state)
    for state, doc in docs.items():
        for action, call in STEP_CALLS.items():
            legal = state in svc.OUTGOING_ACTIONS[action][0]
            try:
                with ctx.write("probe") as session:
                    moved = call(session, doc.id)
                    assert moved.state == svc.OUTGOING_ACTIONS[action][1]
                    raise _Rollback
            except _Rollback:
                assert legal, (state, action)
            except IllegalTransition as refused:
                assert not legal, (state, action)
                assert refused.key == "outgoing.illegal"
                assert refused.params["allowed"] == svc.allowed_actions(state)  # codes
                for possible in svc.allowed_actions(state):
                    assert label("outgoing_action", possible) in refused.message()
        assert get(ctx, doc.id).state == state  # every probe was rolled back
    assert set(svc.offered_operations("draft")) == {"edit", "review"}
    assert svc.offered_operations("filed") == []


def test_a_refusal_names_the_steps_that_are_possible(ctx: AppContext) -> None:
    seed(ctx)
    doc = advance(ctx, add(ctx).id, "signed")
    with pytest.raises(IllegalTransition) as refused, ctx.write("x") as session:
        svc.register_outgoing(session, doc.id)
    message = refused.value.message()
    assert "check" in message and "send back to the signer" in message and "#1" in message


def test_a_change_found_at_checking_goes_back_to_the_signer(ctx: AppContext) -> None:
    seed(ctx)
    doc = advance(ctx, add(ctx).id, "signed")
    with pytest.raises(InvalidInput) as refused, ctx.write("outgoing.check") as session:
        svc.check_outgoing(session, doc.id, changed=True, note="  ")
    assert refused.value.key == "outgoing.change_note"
    back = step(ctx, doc.id, "return")
    assert (back.state, back.signer) == ("reviewed", "刘振华")
    assert "edit" in back.actions and "sign" in back.actions
    with ctx.write("outgoing.edit") as session:
        svc.update_outgoing(session, doc.id, {"title": "关于开展冬季安全检查的通知"})
    signed = step(ctx, doc.id, "sign")
    assert signed.state == "signed"
    log = get(ctx, doc.id).log or []
    returned = [e for e in log if e.action == "return"]
    assert [(e.from_state, e.to_state, e.actor, e.note) for e in returned] == [
        ("signed", "reviewed", "刘振华", "改了第二段")
    ]
    assert [e.action for e in log].count("sign") == 2


def test_signed_documents_are_not_edited_directly(ctx: AppContext) -> None:
    seed(ctx)
    doc = advance(ctx, add(ctx).id, "signed")
    with pytest.raises(IllegalTransition) as refused, ctx.write("outgoing.edit") as session:
        svc.update_outgoing(session, doc.id, {"title": "改标题"})
    assert refused.value.key == "outgoing.not_editable"
    assert get(ctx, doc.id).title == "关于开展安全检查的通知"


def test_edit_records_what_changed(ctx: AppContext) -> None:
    seed(ctx)
    doc = add(ctx)
    with ctx.write("outgoing.edit") as session:
        edited = svc.update_outgoing(
            session, doc.id, {"main_to": "办公室、财务部", "urgency": "urgent", "dept": "BGS"}
        )
    assert edited.main_to == ["办公室", "财务部"] and edited.urgency == "urgent"
    note = (get(ctx, doc.id).log or [])[-1].note
    assert "Addressed to" in note and "Urgency" in note


def test_review_and_sign_need_a_person(ctx: AppContext) -> None:
    seed(ctx)
    doc = add(ctx, reviewer=None, signer=None, drafted_on="2026-11-20")
    with pytest.raises(InvalidInput) as refused, ctx.write("x") as session:
        svc.review_outgoing(session, doc.id)
    assert refused.value.key == "outgoing.reviewer_required"
    with ctx.write("x") as session:
        svc.review_outgoing(session, doc.id, "王建国")
    with pytest.raises(InvalidInput) as refused, ctx.write("x") as session:
        svc.sign_outgoing(session, doc.id)
    assert refused.value.key == "outgoing.signer_required"
    with ctx.write("x") as session:
        signed = svc.sign_outgoing(session, doc.id, "王建国", "2026-11-25")
    assert (signed.signer, signed.signer_id, signed.doc_date) == ("王建国", 2, date(2026, 11, 25))
    other = advance(ctx, add(ctx).id, "reviewed")
    for day in ("tomorrow", "2026-11-19"):  # in the future; before the draft
        with pytest.raises(InvalidInput), ctx.write("x") as session:
            svc.sign_outgoing(session, other.id, on=day)


# ---- numbers -------------------------------------------------------------------------------


def test_numbers_follow_the_standard_form_per_prefix(ctx: AppContext) -> None:
    seed(ctx)
    numbers = []
    for doc_type in ("notice", "decision", "letter", "notice"):
        doc = advance(ctx, add(ctx, f"一份{doc_type}", doc_type=doc_type).id, "registered")
        numbers.append(doc.number)
    assert numbers == [
        "X司发〔2026〕1号",
        "X司发〔2026〕2号",
        "X司函〔2026〕1号",
        "X司发〔2026〕3号",
    ]
    doc = get(ctx, "X司函〔2026〕1号")
    assert (doc.number_prefix, doc.number_year, doc.number_seq) == ("X司函", 2026, 1)
    for typed in ("X司函[2026]1号", "X司函(2026)1号", " X司函（2026）1号 "):
        assert get(ctx, typed).id == doc.id
    from officedesk.services.docnumber import DOC_NUMBER

    assert all(DOC_NUMBER.match(n) for n in numbers)


def test_numbers_restart_each_year(ctx: AppContext) -> None:
    seed(ctx)
    advance(ctx, add(ctx).id, "registered")
    ctx.today = date(2027, 1, 4)
    doc = advance(ctx, add(ctx).id, "registered")
    assert doc.number == "X司发〔2027〕1号"


def test_a_rolled_back_registration_gives_its_number_back(ctx: AppContext) -> None:
    seed(ctx)
    first = advance(ctx, add(ctx).id, "checked")
    second = advance(ctx, add(ctx).id, "checked")
    with pytest.raises(_Rollback), ctx.write("outgoing.register") as session:
        svc.register_outgoing(session, first.id)
        raise _Rollback
    assert step(ctx, second.id, "register").number == "X司发〔2026〕1号"


def test_the_database_refuses_a_duplicate_number(ctx: AppContext) -> None:
    from sqlalchemy.exc import IntegrityError

    seed(ctx)
    advance(ctx, add(ctx).id, "registered")
    other = advance(ctx, add(ctx).id, "checked")
    with pytest.raises(IntegrityError), ctx.write("raw") as session:
        session.execute(
            text(
                "UPDATE outgoing SET number = 'X司发〔2026〕1号', number_prefix = 'X司发',"
                " number_year = 2026, number_seq = 1 WHERE id = :id"
            ),
            {"id": other.id},
        )


def test_voiding_needs_a_reason_and_keeps_the_number_accounted_for(ctx: AppContext) -> None:
    seed(ctx)
    doc = advance(ctx, add(ctx).id, "printed")
    for reason in ("", "   "):
        with pytest.raises(InvalidInput) as refused, ctx.write("outgoing.void") as session:
            svc.void_outgoing(session, doc.id, reason)
        assert refused.value.key == "outgoing.void_reason"
    voided = step(ctx, doc.id, "void")
    assert (voided.state, voided.number, voided.copy_numbers) == ("checked", None, None)
    with pytest.raises(NotFound) as gone, ctx.read() as session:
        svc.get_outgoing(session, "X司发〔2026〕1号")
    assert gone.value.key == "outgoing.number_voided" and gone.value.params["reason"] == "编号写错"
    again = step(ctx, doc.id, "register")
    assert again.number == "X司发〔2026〕2号"  # a voided number is never given again
    full = get(ctx, doc.id)
    assert [(v.number, v.number_seq, v.reason, v.voided_by) for v in full.voids or []] == [
        ("X司发〔2026〕1号", 1, "编号写错", "tester")
    ]
    with ctx.read() as session:
        report = number_report(session, 2026)
    entries = [(e.number, e.status, e.outgoing_id) for p in report.prefixes for e in p.entries]
    assert entries == [("X司发〔2026〕1号", "voided", doc.id), ("X司发〔2026〕2号", "used", doc.id)]
    assert report.warnings == []


def test_only_a_registered_number_can_be_voided(ctx: AppContext) -> None:
    seed(ctx)
    for state in ("checked", "dispatched"):
        doc = advance(ctx, add(ctx).id, state)
        with pytest.raises(IllegalTransition), ctx.write("outgoing.void") as session:
            svc.void_outgoing(session, doc.id, "不需要了")
    with ctx.read() as session:
        assert session.execute(text("SELECT count(*) FROM outgoing_void")).scalar_one() == 0


def test_every_number_of_the_year_is_accounted_for_and_gaps_are_flagged(
    ctx: AppContext,
) -> None:
    seed(ctx)
    for _ in range(2):
        advance(ctx, add(ctx).id, "registered")
    letter = advance(ctx, add(ctx, "函", doc_type="letter").id, "registered")
    with ctx.write("raw") as session:  # a number given outside the register: a gap
        session.execute(
            text("UPDATE counter SET value = value + 1 WHERE series = 'outgoing:X司发'")
        )
    with ctx.read() as session:
        report = number_report(session, 2026)
        assert number_report(session, 2025).prefixes == []
    summary = {
        p.prefix: (p.issued, p.count("used"), p.count("voided"), p.count("gap"))
        for p in report.prefixes
    }
    assert summary == {"X司发": (3, 2, 0, 1), "X司函": (1, 1, 0, 0)}
    assert [n.params["number"] for n in report.warnings] == ["X司发〔2026〕3号"]
    data = {p["prefix"]: p for p in report.as_dict()["prefixes"]}
    assert data["X司发"]["gaps"] == ["X司发〔2026〕3号"]
    assert data["X司函"]["numbers"][0]["id"] == letter.id


# ---- 份号 and copies -----------------------------------------------------------------------


def test_classified_documents_get_six_digit_copy_numbers(ctx: AppContext) -> None:
    seed(ctx)
    secret = advance(ctx, add(ctx, secrecy="secret").id, "registered")
    with ctx.write("outgoing.print") as session:
        printed = svc.print_outgoing(session, secret.id, 30)
    assert (printed.copy_serial_from, printed.copy_serial_to) == (1, 30)
    assert printed.copy_numbers == "000001–000030"
    public = advance(ctx, add(ctx).id, "registered")
    with ctx.write("outgoing.print") as session:
        plain = svc.print_outgoing(session, public.id, 30)
    assert plain.copy_numbers is None
    confidential = advance(ctx, add(ctx, secrecy="confidential").id, "registered")
    with pytest.raises(InvalidInput) as refused, ctx.write("outgoing.print") as session:
        svc.print_outgoing(session, confidential.id, 20, 999_990)
    assert refused.value.key == "outgoing.copy_serial_range"
    with ctx.write("outgoing.print") as session:
        one = svc.print_outgoing(session, confidential.id, 1, 101)
    assert one.copy_numbers == "000101"


def test_printing_needs_copies_and_dispatching_a_classified_one_needs_its_numbers(
    ctx: AppContext,
) -> None:
    seed(ctx)
    doc = advance(ctx, add(ctx, secrecy="confidential").id, "registered")
    with pytest.raises(InvalidInput) as refused, ctx.write("outgoing.print") as session:
        svc.print_outgoing(session, doc.id)
    assert refused.value.key == "outgoing.copies_required"
    step(ctx, doc.id, "print")
    with ctx.write("raw") as session:
        session.execute(text("UPDATE outgoing SET copy_serial_from = NULL, copy_serial_to = NULL"))
    with pytest.raises(InvalidInput) as refused, ctx.write("outgoing.dispatch") as session:
        svc.dispatch_outgoing(session, doc.id)
    assert refused.value.key == "outgoing.copy_serial_required"


def test_the_document_date_is_written_the_standard_way() -> None:
    assert svc.format_doc_date(date(2026, 3, 5)) == "2026年3月5日"
    assert svc.format_doc_date(date(2026, 12, 31)) == "2026年12月31日"
    assert svc.format_doc_date(None) is None
    assert svc.format_copy_numbers(7, 12) == "000007–000012"


# ---- drafting checks -----------------------------------------------------------------------

SUPERIOR = Addressee("集团公司", "superior")


@pytest.mark.parametrize(
    ("doc_type", "title", "body", "main_to", "expected"),
    [
        ("request", "关于购置车辆的请示", "拟购置车辆一辆。妥否，请批示。", [SUPERIOR], []),
        ("request", "关于购置车辆和增加编制的请示", "", [SUPERIOR], ["request_many_matters"]),
        (
            "request",
            "关于购置车辆的请示",
            "一、请批准购置车辆；二、请同意增加编制两名。以上请示，妥否，请批复。",
            [SUPERIOR],
            ["request_many_matters"],
        ),
        (
            "request",
            "关于购置车辆的请示",
            "",
            [SUPERIOR, Addressee("市国资委", "superior")],
            ["request_many_recipients"],
        ),
        (
            "request",
            "关于购置车辆的请示",
            "",
            [Addressee("各部门")],
            ["request_many_recipients", "upward_sent_down"],
        ),
        (
            "request",
            "关于购置车辆的请示",
            "",
            [Addressee("财务部", "internal")],
            ["upward_sent_down"],
        ),
        ("report", "关于安全生产情况的报告", "总体平稳。特此报告。", [SUPERIOR], []),
        (
            "report",
            "关于投资计划执行情况的报告",
            "拟追加投资，请批准。",
            [SUPERIOR],
            ["report_asks"],
        ),
        ("report", "关于年度预算的请示报告", "", [SUPERIOR], ["title_stacked", "report_asks"]),
        ("request", "关于购置车辆的请示", "拟购置车辆一辆。", [SUPERIOR], ["request_no_closing"]),
        ("request", "关于购置车辆的请示", "拟购置车辆一辆。\n以上请示，请审批。", [SUPERIOR], []),
        ("request", "关于购置车辆的请示", "拟购置车辆一辆。\n当否，请批示", [SUPERIOR], []),
        ("report", "关于扩建厂房的报告", "特申请资金五百万元。", [SUPERIOR], ["report_asks"]),
        ("report", "关于项目进展的报告", "恳请集团批准。", [SUPERIOR], ["report_asks"]),
        ("report", "关于培训工作的报告", "请予支持为盼。", [SUPERIOR], ["report_asks"]),
        ("report", "关于上半年工作情况的汇报", "", [SUPERIOR], ["title_invented"]),
        ("request", "关于调整预算的通知", "妥否，请批复。", [SUPERIOR], ["title_type"]),
        ("notice", "2027年安全生产工作计划", "", [], ["title_type"]),
        ("plan", "2027年安全生产工作计划", "", [], []),
        ("plan", "2027年安全生产工作方案", "", [], []),
        ("letter", "关于商洽合作事宜的复函", "", [], []),
        ("order", "嘉奖令", "", [], []),
        ("notice", "会议纪要", "", [], ["title_type"]),
        (
            "report",
            "关于安全生产情况的报告",
            "",
            [Addressee("财务部", "internal")],
            ["upward_sent_down"],
        ),
        ("notice", "关于开展A和B的通知", "请批准。", [Addressee("财务部", "internal")], []),
        ("letter", "关于商洽合作的函", "请予支持。", [Addressee("市税务局", "external")], []),
    ],
)
def test_drafting_checks(
    doc_type: str, title: str, body: str, main_to: list[Addressee], expected: list[str]
) -> None:
    found = drafting_checks(doc_type, title, body, main_to)
    assert [n.key.removeprefix("outgoing.check.") for n in found] == expected
    for notice in found:
        assert notice.message() != notice.key  # worded in the catalogue


def test_a_title_type_word_is_worded_with_the_chosen_type() -> None:
    (notice,) = drafting_checks("request", "关于调整预算的通知", "妥否，请批复。", [SUPERIOR])
    assert notice.params == {"word": "通知", "type": "request"}
    set_language("zh")
    try:
        assert notice.message() == "标题的文种“通知”与所选文种（请示）不一致。"
    finally:
        set_language("en")


def test_a_request_copied_to_a_subordinate_is_warned() -> None:
    copies = [Addressee("集团办公室", "superior"), Addressee("财务部", "internal")]
    found = drafting_checks("request", "关于购置车辆的请示", "妥否，请批示。", [SUPERIOR], copies)
    assert [n.key for n in found] == ["outgoing.check.request_copied_down"]
    assert found[0].params == {"names": "财务部"}
    assert drafting_checks("notice", "关于放假的通知", "", [], copies) == []


def test_a_request_copied_down_is_warned_from_the_directory(ctx: AppContext) -> None:
    seed(ctx)
    doc = add(ctx, "关于购置车辆的请示", doc_type="request", main_to="JT", body="妥否，请批复。")
    assert doc.warnings == []
    with ctx.write("outgoing.edit") as s:
        edited = svc.update_outgoing(s, doc.id, {"copy_to": ["财务部"]})
    assert [w.code for w in edited.warnings] == ["outgoing.check.request_copied_down"]


def test_an_upward_document_is_signed_by_the_principal_leader(ctx: AppContext) -> None:
    seed(ctx)
    body = "妥否，请批复。"
    # Nobody marked as 主要负责人 yet: nothing to compare the signer with.
    first = add(ctx, "关于购置车辆的请示", doc_type="request", main_to="JT", body=body)
    assert first.warnings == []
    with ctx.write("contact.add") as session:
        create_person(session, {"name": "陈光明", "title": "总经理", "principal": True})
    by_other = add(ctx, "关于购置车辆的请示", doc_type="request", main_to="JT", body=body)
    assert [w.code for w in by_other.warnings] == ["outgoing.check.upward_signer"]
    assert by_other.warnings[0].params == {"signer": "刘振华"}
    by_principal = add(
        ctx, "关于购置车辆的请示", doc_type="request", main_to="JT", body=body, signer="陈光明"
    )
    assert by_principal.warnings == []
    notice = add(ctx, main_to="各部门")  # a downward document: anyone authorised signs
    assert notice.warnings == []


@pytest.mark.parametrize("doc_type", ["order", "motion", "announcement"])
def test_a_company_does_not_issue_the_types_of_public_power(ctx: AppContext, doc_type: str) -> None:
    seed(ctx)
    with pytest.raises(InvalidInput) as refused:
        add(ctx, "关于表彰先进的决定", doc_type=doc_type)
    assert refused.value.key == "outgoing.government_only"
    assert "government_body" in refused.value.message()
    draft = add(ctx, "关于表彰先进的决定", doc_type="decision")
    with pytest.raises(InvalidInput), ctx.write("outgoing.edit") as s:
        svc.update_outgoing(s, draft.id, {"doc_type": doc_type})
    ctx.settings = settings_from_dict({"government_body": True})
    assert add(ctx, "关于表彰先进的决定", doc_type=doc_type).doc_type == doc_type


def test_government_body_must_be_true_or_false() -> None:
    with pytest.raises(InvalidInput) as refused:
        settings_from_dict({"government_body": "yes"})
    assert refused.value.params["key"] == "government_body"


def test_warnings_use_the_directory_kinds_and_travel_with_the_record(ctx: AppContext) -> None:
    seed(ctx)
    down = add(ctx, "关于购置车辆的请示", doc_type="request", main_to="财务部")
    up = add(ctx, "关于购置车辆的请示", doc_type="request", main_to="JT")
    assert [w.code for w in down.warnings] == ["outgoing.check.upward_sent_down"]
    assert "财务部" in down.warnings[0].message
    assert up.warnings == []
    signed = advance(ctx, down.id, "signed")  # a warning never blocks
    assert [w.code for w in signed.warnings] == ["outgoing.check.upward_sent_down"]


# ---- the config's prefixes -----------------------------------------------------------------


def test_configured_prefixes_number_the_documents(ctx: AppContext) -> None:
    seed(ctx)
    ctx.settings = settings_from_dict(
        {"outgoing": {"prefixes": {"notice": "华信发", "letter": " 华信函 "}}}
    )
    notice = advance(ctx, add(ctx).id, "registered")
    letter = advance(ctx, add(ctx, doc_type="letter").id, "registered")
    report = advance(ctx, add(ctx, doc_type="report", main_to="JT").id, "registered")
    assert [notice.number, letter.number, report.number] == [
        "华信发〔2026〕1号",
        "华信函〔2026〕1号",
        "X司报〔2026〕1号",
    ]
    assert set(DEFAULT_OUTGOING_PREFIXES) == set(svc.TYPES)


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"prefixes": {"memo": "X司发"}}, "outgoing.prefixes.memo"),
        ({"prefixes": {"notice": ""}}, "outgoing.prefixes.notice"),
        ({"prefixes": {"notice": "1号"}}, "outgoing.prefixes.notice"),
        ({"prefixes": {"notice": "X司〔发"}}, "outgoing.prefixes.notice"),
        ({"prefixes": {"notice": 12}}, "outgoing.prefixes.notice"),
        ({"prefix": {}}, "outgoing.prefix"),
        ({"prefixes": "X司发"}, "outgoing.prefixes"),
    ],
)
def test_bad_prefixes_in_the_config_are_refused(table: dict[str, Any], key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        settings_from_dict({"outgoing": table})
    assert refused.value.params["key"] == key


# ---- lists and search ----------------------------------------------------------------------


def test_list_filters_and_sorts(ctx: AppContext) -> None:
    seed(ctx)
    a = advance(ctx, add(ctx, "关于开展消防检查的通知", dept="BGS").id, "registered")
    b = advance(
        ctx,
        add(ctx, "关于流动资金贷款的函", doc_type="letter", main_to="市税务局").id,
        "dispatched",
    )
    c = add(ctx, "关于年度预算的通知", dept="CWB")

    def ids(**flt: Any) -> list[int]:
        with ctx.read() as session:
            return [d.id for d in svc.list_outgoing(session, svc.OutgoingFilter(**flt)).items]

    assert ids() == [c.id, b.id, a.id]
    assert ids(states=["open"]) == [c.id, a.id]
    assert ids(states=["dispatched"]) == [b.id]
    assert ids(doc_type="letter") == [b.id]
    assert ids(text="税务") == [b.id]  # a recipient
    assert ids(text="〔2026〕1号") == [b.id, a.id]
    assert ids(dept="CWB") == [c.id]
    assert ids(year=2026) == [c.id, b.id, a.id] and ids(year=2025) == []
    assert ids(sort="number") == [b.id, a.id, c.id]  # by prefix, then newest number first
    with ctx.read() as session:
        page = svc.list_outgoing(session, svc.OutgoingFilter(), limit=2)
        assert page.has_more and len(page.items) == 2
        assert page.items[0].dept == "财务部" and page.items[1].signer == "刘振华"
        assert svc.count_outgoing(session, svc.OutgoingFilter(states=["open"])) == 2
        for bad in ({"states": ["nope"]}, {"doc_type": "memo"}, {"sort": "x"}):
            with pytest.raises(InvalidInput):
                svc.list_outgoing(session, svc.OutgoingFilter(**bad))


def test_search_finds_titles_numbers_and_recipients(ctx: AppContext) -> None:
    from officedesk.services.search import search

    seed(ctx)
    doc = advance(
        ctx,
        add(
            ctx, "关于流动资金贷款续贷事宜的函", doc_type="letter", main_to="中国工商银行城东支行"
        ).id,
        "registered",
    )
    add(ctx, "关于开展消防检查的通知")
    with ctx.read() as session:
        for query in ("续贷", "X司函〔2026〕1号", "工商银行", "城东支行"):
            hits = [h for h in search(session, query) if h.kind == "outgoing"]
            assert [h.ref_id for h in hits] == [doc.id], query
        hit = next(h for h in search(session, "续贷") if h.kind == "outgoing")
    assert hit.code == "X司函〔2026〕1号" and "registered" in subtitle(hit)
    step(ctx, doc.id, "print")
    with ctx.read() as session:
        hit = next(h for h in search(session, "续贷") if h.kind == "outgoing")
    assert "printed" in subtitle(hit)


# ---- drafting from a template --------------------------------------------------------------


def test_periods() -> None:
    from officedesk.services.outgoing.draft import parse_period

    cases = {
        "2026": (date(2026, 1, 1), date(2026, 12, 31)),
        "2026-H1": (date(2026, 1, 1), date(2026, 6, 30)),
        "2026-h2": (date(2026, 7, 1), date(2026, 12, 31)),
        "2026-Q3": (date(2026, 7, 1), date(2026, 9, 30)),
        "2024-02": (date(2024, 2, 1), date(2024, 2, 29)),
        "2026-11": (date(2026, 11, 1), date(2026, 11, 30)),
    }
    for text_, span in cases.items():
        period = parse_period(text_)
        assert (period.start, period.end) == span, text_
    for bad in ("2026-H3", "2026-Q5", "2026-13", "26", "2026-W1", ""):
        with pytest.raises(InvalidInput):
            parse_period(bad)


def test_a_summary_counts_the_period_from_the_registers(ctx: AppContext) -> None:
    from officedesk.i18n import set_language
    from officedesk.services.task import complete_task, create_task
    from officedesk.views.outgoing_draft import build_draft

    seed(ctx)
    with ctx.write("tasks") as session:
        create_task(
            session,
            {"title": "按期办结", "dept": "BGS", "assigned_on": "2026-08-03", "due": "2026-09-30"},
        )
        complete_task(session, 1, done_on="2026-09-01")
        create_task(
            session,
            {"title": "逾期未办", "dept": "CWB", "assigned_on": "2026-08-03", "due": "2026-10-09"},
        )
        create_task(
            session,
            {"title": "逾期办结", "dept": "CWB", "assigned_on": "2026-08-03", "due": "2026-09-01"},
        )
        complete_task(session, 3, done_on="2026-09-15")
        create_task(
            session,
            {"title": "上半年的", "dept": "BGS", "assigned_on": "2026-03-02", "due": "2026-04-01"},
        )
        complete_task(session, 4, done_on="2026-03-20")
    advance(ctx, add(ctx, doc_type="letter").id, "dispatched")
    with ctx.read() as session:
        draft = build_draft(session, "summary", "2026-H2")
    rows = {row.dept: (row.done, row.on_time, row.overdue) for row in draft.figures.tasks}
    assert rows == {"办公室": (1, 1, 0), "财务部": (1, 0, 2)}
    assert draft.figures.outgoing_dispatched == {"letter": 1}
    assert draft.title == "Work summary for the second half of 2026"
    md = draft.markdown
    assert md.startswith("# Work summary for the second half of 2026\n")
    assert "| 财务部 | 1 | 0 | 2 |" in md and "Letter 1" in md
    assert "Meetings: no meetings register yet." in md
    assert draft.figures.incoming_done in (0, None)
    set_language("zh")
    try:
        with ctx.read() as session:
            zh = build_draft(session, "speech", "2026-Q3").markdown
    finally:
        set_language("en")
    assert zh.startswith("# 在2026年第三季度工作会议上的讲话") and "会议：尚无会议登记。" in zh
    assert "同志们：" in zh and "## 一、" in zh


def test_a_draft_can_become_an_outgoing_record_and_a_private_file(
    ctx: AppContext, tmp_path: Path
) -> None:
    from officedesk.outfiles import write_atomic
    from officedesk.services.outgoing.draft import create_draft_record
    from officedesk.views.outgoing_draft import build_draft

    seed(ctx)
    with ctx.write("outgoing.draft") as session:
        draft = build_draft(session, "plan", "2027", title="2027年办公室工作计划")
        record = create_draft_record(session, draft, "BGS")
    assert (record.doc_type, record.title, record.dept) == (
        "plan",
        "2027年办公室工作计划",
        "办公室",
    )
    assert record.body == draft.markdown.strip() and record.state == "draft"
    folder = tmp_path / "drafts"
    folder.mkdir()
    target = write_atomic(folder / "plan.md", "old", force=False, protected=())
    target = write_atomic(folder / "plan.md", draft.markdown, force=True, protected=())
    assert target.read_text(encoding="utf-8") == draft.markdown
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["plan.md"]  # no temporary file left
    with pytest.raises(InvalidInput):
        write_atomic(folder / "missing" / "plan.md", "x", force=False, protected=())


# ---- concurrency ---------------------------------------------------------------------------


def _register_many(url: str, ids: list[int], queue: "multiprocessing.Queue[list[str]]") -> None:
    os.environ["OFFICEDESK_DATABASE_URL"] = url
    os.environ["OFFICEDESK_TODAY"] = TODAY.isoformat()
    from officedesk.context import build_context
    from officedesk.services.outgoing.actions import register_outgoing

    ctx = build_context(lang="en")
    numbers = []
    for doc_id in ids:
        with ctx.write("outgoing.register") as session:
            numbers.append(register_outgoing(session, doc_id).number)
    ctx.close()
    queue.put(numbers)


@pytest.mark.slow
def test_numbers_are_gap_free_when_several_processes_register_at_once(
    ctx: AppContext, db_url: str
) -> None:
    seed(ctx)
    count, workers_n = 30, 3
    ids = []
    with ctx.write("seed") as session:
        for index in range(count):
            doc = svc.create_outgoing(
                session, {"doc_type": "notice", "title": f"并发 {index}", "signer": "刘振华"}
            )
            ids.append(doc.id)
        session.execute(
            text("UPDATE outgoing SET state = 'checked', reviewer_id = 2, doc_date = :d"),
            {"d": TODAY},
        )
    spawn = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[list[str]] = spawn.Queue()
    share = count // workers_n
    workers = [
        spawn.Process(target=_register_many, args=(db_url, ids[i * share : (i + 1) * share], queue))
        for i in range(workers_n)
    ]
    for worker in workers:
        worker.start()
    numbers = [n for _ in workers for n in queue.get(timeout=120)]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert sorted(numbers, key=lambda n: int(n.split("〕")[1][:-1])) == [
        f"X司发〔2026〕{n}号" for n in range(1, count + 1)
    ]
    with ctx.read() as session:
        report = number_report(session, 2026)
    assert [p.count("used") for p in report.prefixes] == [count] and report.warnings == []
