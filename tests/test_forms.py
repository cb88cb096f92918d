"""Printable forms (issue 11): each .docx opened and its fields checked against the record —
the incoming slip with the leader's instruction verbatim, the introduction letter with one
number on its stub, across the cut and on the letter, the month's seal register in log order —
and the --out rules."""

from pathlib import Path
from typing import Any

import pytest

from officedesk.context import AppContext
from officedesk.errors import Conflict, InvalidInput
from officedesk.forms.run import print_form

docx = pytest.importorskip("docx")

INSTRUCTION = "同意。请安全环保部牵头，[bold]务必[/bold]按期完成。"


@pytest.fixture
def office(ctx: AppContext) -> dict[str, Any]:
    from officedesk.services.directory import create_department, create_person
    from officedesk.services.incoming import actions as incoming
    from officedesk.services.incoming.entry import create_incoming
    from officedesk.services.seal import actions as seals
    from officedesk.services.seal import letters

    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_department(session, {"name": "安全环保部", "code": "AHB"})
        create_person(session, {"name": "李娜", "dept": "BGS"})
        create_person(session, {"name": "陈光明", "dept": "BGS", "title": "总经理"})
        doc = create_incoming(
            session,
            {
                "title": "关于消防安全重点单位检查的通知",
                "sender": "市消防救援支队",
                "sender_number": "市消发〔2026〕12号",
                "urgency": "urgent",
            },
        )
        seal = seals.create_seal(session, {"name": "公章", "kind": "official", "approval": "批"})
        seals.step_seal(session, seal.id, "activate", approval="批")
        for title in ("采购合同", "租赁协议"):
            seals.use_seal(
                session, seal.id, {"requester": "李娜", "doc_title": title, "approver": "王总"}
            )
        letter = letters.issue_letter(
            session,
            {
                "to_unit": "市税务局",
                "bearers": "李娜、张伟",
                "purpose": "办理纳税信用等级证明",
                "requester": "李娜",
                "approver": "王总",
            },
        )
    with ctx.write("incoming.review") as session:
        incoming.review_incoming(session, doc.code)
    with ctx.write("incoming.propose") as session:
        incoming.propose_incoming(session, doc.code, "拟请安全环保部阅处。")
    with ctx.write("incoming.instruct") as session:
        incoming.instruct_incoming(session, doc.code, "陈光明", INSTRUCTION)
    return {"incoming": doc.code, "letter": letter.number}


def texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def cells(path: Path) -> list[list[str]]:
    table = docx.Document(str(path)).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_incoming_slip_carries_the_instruction_verbatim(
    ctx: AppContext, office: dict[str, Any], tmp_path: Path
) -> None:
    out = print_form(ctx, "incoming-slip", office["incoming"], tmp_path / "slip.docx")
    rows = {row[0]: row[1:] for row in cells(out)}
    assert rows["Sender"][0] == "市消防救援支队" and rows["Sender"][2] == "市消发〔2026〕12号"
    assert rows["Title"][0] == "关于消防安全重点单位检查的通知"
    assert rows["Proposal"][0].startswith("拟请安全环保部阅处。")
    assert rows["Instruction"][0].startswith(INSTRUCTION)  # markup stays text
    assert "陈光明" in rows["Instruction"][0]
    assert office["incoming"] in texts(out)[1]


def test_the_letter_has_one_number_on_stub_cut_and_letter(
    ctx: AppContext, office: dict[str, Any], tmp_path: Path
) -> None:
    from officedesk.i18n import set_language

    set_language("zh")
    try:
        out = print_form(ctx, "letter", office["letter"], tmp_path / "letter.docx")
    finally:
        set_language("en")
    lines = texts(out)
    number = office["letter"]
    assert lines[0] == "介绍信（存根）" and lines[1] == f"编号：{number}"
    assert [line for line in lines if number in line] == [
        f"编号：{number}",
        f"－ － － － － 骑缝 {number} － － － － －",
        f"编号：{number}",
    ]
    assert "兹介绍李娜、张伟等2名同志前往贵处联系办理纳税信用等级证明，请予接洽为盼。" in lines
    assert "市税务局：" in lines


def test_the_seal_register_is_the_month_in_log_order(
    ctx: AppContext, office: dict[str, Any], tmp_path: Path
) -> None:
    month = ctx.env().now().astimezone().strftime("%Y-%m")  # when the uses were logged
    rows = cells(print_form(ctx, "seal-register", month, tmp_path / "reg.docx"))
    assert rows[0][0] == "No." and [row[0] for row in rows[1:]] == ["1", "2", "3"]
    assert [row[3] for row in rows[1:3]] == ["采购合同", "租赁协议"]
    assert rows[3][10] == office["letter"]  # the letter's own use, noted with its number
    empty = cells(print_form(ctx, "seal-register", "2020-01", tmp_path / "empty.docx"))
    assert empty[1][0] == "No seal use this month"


def test_the_out_rules_and_bad_references(
    ctx: AppContext, office: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "slip.docx"
    print_form(ctx, "incoming-slip", office["incoming"], out)
    with pytest.raises(Conflict):
        print_form(ctx, "incoming-slip", office["incoming"], out)
    print_form(ctx, "incoming-slip", office["incoming"], out, force=True)
    for form, ref, target in (
        ("incoming-slip", office["incoming"], tmp_path / "slip.pdf"),
        ("seal-register", "2026-13", tmp_path / "r.docx"),
        ("receipt", "1", tmp_path / "x.docx"),
    ):
        with pytest.raises(InvalidInput):
            print_form(ctx, form, ref, target)
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == ["slip.docx"]
    assert not list(tmp_path.glob(".officedesk-*"))  # no temporary file left


def test_cli_print(cli: Any, office: dict[str, Any], tmp_path: Path) -> None:
    done = cli("print", "letter", office["letter"], "--out", str(tmp_path / "l.docx"), "--json")
    assert done.exit_code == 0, done.stderr
    assert done.json()["path"] == str(tmp_path / "l.docx")
    missing = cli("print", "letter", "JS-2026-0099", "--out", str(tmp_path / "m.docx"))
    assert missing.exit_code == 1 and missing.stderr.count("\n") == 1


def test_an_outgoing_document_is_laid_out_per_the_standard(ctx: AppContext, tmp_path: Path) -> None:
    """The 版头 (份号 per copy, 密级, the issuer's mark, the number left and 签发人 right for a
    document sent up), the 主体 and the 版记, for each numbered copy on pages of its own."""
    import dataclasses

    from officedesk.context import build_context
    from officedesk.i18n import set_language
    from test_outgoing import add, advance, seed
    from test_outgoing import svc as outgoing

    seed(ctx)
    doc = add(
        ctx,
        "关于申请增加安全生产专项投入的请示",
        doc_type="request",
        main_to="集团公司",
        secrecy="secret",
        body="为保障安全生产，拟申请专项投入。\n妥否，请批复。",
    )
    advance(ctx, doc.id, "registered")
    with ctx.write("outgoing.print") as session:
        printed = outgoing.print_outgoing(session, doc.id, 3)
    company = dataclasses.replace(ctx.settings, company="华信科技有限公司")
    office = build_context(lang="zh", settings=company)
    set_language("zh")
    try:
        out = print_form(office, "outgoing", printed.number, tmp_path / "doc.docx")
    finally:
        office.close()
        set_language("en")
    document = docx.Document(str(out))
    lines = [p.text for p in document.paragraphs]
    assert [line for line in lines if line.isdigit()] == ["000001", "000002", "000003"]
    assert lines.count("华信科技有限公司文件") == 3 and lines.count("机密") == 3
    assert f"{printed.number}\t签发人：刘振华" in lines  # sent up: number left, signer right
    assert "集团公司：" in lines and "妥否，请批复。" in lines
    assert sum(p.paragraph_format.page_break_before is True for p in document.paragraphs) == 2
    assert any(line.startswith("华信科技有限公司办公室") and "印发" in line for line in lines)


def test_the_reception_list_holds_guests_activities_and_the_total(
    ctx: AppContext, tmp_path: Path
) -> None:
    from test_visit import add as add_visit
    from test_visit import seed as seed_visits
    from test_visit import svc as visits

    seed_visits(ctx)
    visit = add_visit(ctx, purpose="调研安全生产", guests=["任杰:企业改革处科长", "李明：科员"])
    with ctx.write("activity") as session:
        visits.add_activity(session, visit.id, {"activity": "座谈交流", "place": "三楼会议室"})
        visits.add_activity(
            session, visit.id, {"activity": "工作餐", "place": "职工食堂", "cost": "480"}
        )
    document = docx.Document(str(print_form(ctx, "reception", visit.code, tmp_path / "r.docx")))
    facts, guests, activities, _arrangements = (
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    )
    assert facts[0][1] == "市国资委" and facts[1][1] == "调研安全生产"
    assert [row[1:] for row in guests[1:]] == [["任杰", "企业改革处科长"], ["李明", "科员"]]
    assert [row[2] for row in activities[1:3]] == ["座谈交流", "工作餐"]
    assert activities[-1][2:] == ["Total", "480.00"]
