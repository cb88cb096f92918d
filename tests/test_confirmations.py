"""Issue 10, point 13: confirmations say what happened. Handing a document over names the
supervision item it opened; circulating and reading name who has read it and who has not; a
refusal to circulate says in which states one can."""

from typing import Any

from officedesk.context import AppContext
from officedesk.services.directory import create_department, create_person
from officedesk.services.incoming import actions as incoming


def seed(ctx: AppContext, *, reviewed: bool = True) -> str:
    with ctx.write("seed") as session:
        create_department(session, {"name": "安全环保部", "code": "AQHBB"})
        create_person(session, {"name": "王建国", "dept": "AQHBB"})
        create_person(session, {"name": "李娜", "dept": "AQHBB"})
        doc = incoming.create_incoming(session, {"title": "关于安全检查的通知"})
        if reviewed:
            incoming.review_incoming(session, doc.id)
    return doc.code


def test_handing_over_names_the_item_it_opened(ctx: AppContext, cli: Any) -> None:
    code = seed(ctx)
    result = cli("incoming", "handle", code, "--dept", "AQHBB")
    assert result.exit_code == 0, result.stderr
    assert "Supervision item DB-2026-0001 opened (安全环保部 leads, due " in result.stdout


def test_circulating_and_reading_name_who(ctx: AppContext, cli: Any) -> None:
    code = seed(ctx)
    sent = cli("incoming", "circulate", code, "王建国", "李娜")
    assert sent.exit_code == 0, sent.stderr
    assert "not yet: 王建国、李娜" in sent.stdout or "not yet: 王建国, 李娜" in sent.stdout
    read = cli("--lang", "zh", "incoming", "read", code, "李娜")
    assert "已阅：李娜；未阅：王建国。" in read.stdout


def test_a_refusal_to_circulate_says_when_one_can(ctx: AppContext, cli: Any) -> None:
    code = seed(ctx, reviewed=False)
    result = cli("--lang", "zh", "incoming", "circulate", code, "王建国")
    assert result.exit_code == 1
    assert "当前为“已登记”，不能传阅" in result.stderr
    assert "可传阅的状态：已初审、" in result.stderr


def test_a_missing_value_names_the_option_that_gives_it(cli: Any) -> None:
    """The service names the field (the workbench shows the refusal under it); on the command
    line the refusal names the option, wherever the global options stand."""
    assert cli("seal", "add", "测试公章", "--ref", "办〔2026〕1号").exit_code == 0
    for args in (("seal", "activate", "#1"), ("--lang", "zh", "seal", "activate", "#1")):
        result = cli(*args)
        assert result.exit_code == 1
        assert "--approval" in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
