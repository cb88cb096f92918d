"""Numbers the office gives are legal records: undo never gives one back. Per series, the rule
the README states: DB-/SW-/JD- — undo removes the registration and voids the number (撤销登记);
document numbers and 份号 — undo is refused and `outgoing void --reason` is named; seal log
entries and introduction letters (JS-) — undo is refused and `seal correct` is named."""

from typing import Any

import pytest
from sqlmodel import select

from conftest import dump
from officedesk.context import AppContext
from officedesk.errors import Conflict, NotFound
from officedesk.models import Counter, NumberVoid
from officedesk.services.directory import create_department, create_person
from officedesk.services.history import UndoResult, record_history, undo_last
from officedesk.services.incoming import actions as incoming_svc
from officedesk.services.outgoing import actions as outgoing_svc
from officedesk.services.outgoing.numbers import number_report
from officedesk.services.seal import actions as seals
from officedesk.services.seal import letters as seal_letters
from officedesk.services.task import create_task, get_task
from officedesk.services.visit import actions as visits
from officedesk.views.history import undo_summary


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


def undo(ctx: AppContext) -> UndoResult:
    with ctx.write("undo") as session:
        return undo_last(session)


def counter(ctx: AppContext, series: str, year: int = 2026) -> int:
    with ctx.read() as session:
        found = session.get(Counter, (series, year))
        return found.value if found else 0


def voids(ctx: AppContext) -> list[tuple[str, str, str]]:
    with ctx.read() as session:
        rows = session.exec(select(NumberVoid).order_by(NumberVoid.id))
        return [(v.code, v.cause, v.voided_by) for v in rows]


@pytest.fixture
def office(ctx: AppContext) -> AppContext:
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_department(session, {"name": "安全环保部", "code": "AQHBB"})
        create_department(session, {"name": "市国资委", "kind": "superior"})
        create_person(session, {"name": "王建国", "dept": "BGS", "title": "主任"})
        create_person(session, {"name": "李娜", "dept": "BGS"})
        seal = seals.create_seal(
            session,
            {
                "name": "公司公章",
                "kind": "official",
                "approval": "批件 1",
                "engraved_on": "2022-10-18",
            },
        )
        seals.step_seal(session, seal.id, "activate", approval="批件 1", on="2022-10-22")
    return ctx


# ---- void on undo: DB-, SW-, JD- -------------------------------------------------------------


def _add_task(session: Any) -> str:
    return create_task(session, {"title": "落实安全生产检查"}).code


def _add_incoming(session: Any) -> str:
    return incoming_svc.create_incoming(session, {"title": "关于开展安全检查的通知"}).code


def _add_visit(session: Any) -> str:
    return visits.create_visit(
        session, {"guest_org": "市国资委", "arrives_at": "2026-11-27 09:30"}
    ).code


VOIDING = {
    "task": ("task", "DB", _add_task),
    "incoming": ("SW", "SW", _add_incoming),
    "visit": ("visit", "JD", _add_visit),
}


@pytest.mark.parametrize("register", sorted(VOIDING))
def test_undoing_a_registration_voids_its_number_for_good(
    office: AppContext, register: str
) -> None:
    series, prefix, add = VOIDING[register]
    with office.write(f"{register}.add") as session:
        first = add(session)
    assert first == f"{prefix}-2026-0001"
    result = undo(office)
    assert result.voided == (first,)
    assert first in undo_summary(result)
    assert counter(office, series) == 1  # never lowered
    assert voids(office) == [(first, "undo", "tester")]
    with office.write(f"{register}.add") as session:
        assert add(session) == f"{prefix}-2026-0002"


@pytest.mark.parametrize("register", sorted(VOIDING))
def test_a_voided_code_says_so_and_keeps_its_history(office: AppContext, register: str) -> None:
    _, _, add = VOIDING[register]
    with office.write(f"{register}.add") as session:
        code = add(session)
    undo(office)
    with office.read() as session:
        found, changes = record_history(session, code)
        name = str(found)  # a message: the voided code and why, worded here
        assert code in name and "registration undone" in name
        steps = [(c.operation, c.action, c.undone, c.entity) for c in changes]
        assert steps[0] == (f"{register}.add", "insert", True, register)
        assert ("undo", "delete", False, register) in steps
        assert {c.operation for c in changes} == {f"{register}.add", "undo"}
        prefixed = record_history(session, f"{register}:{code}")[0]
        assert str(prefixed) == name


def test_showing_a_voided_item_names_the_void_not_nothing(office: AppContext) -> None:
    with office.write("task.add") as session:
        code = _add_task(session)
    undo(office)
    with office.read() as session, pytest.raises(NotFound) as refused:
        get_task(session, code)
    assert refused.value.key == "number.voided"
    assert "registration undone" in refused.value.message()


def test_handling_an_incoming_document_then_undoing_voids_the_item_it_opened(
    office: AppContext,
) -> None:
    with office.write("incoming.add") as session:
        code = _add_incoming(session)
        incoming_svc.review_incoming(session, code)
    with office.write("incoming.handle") as session:
        handled = incoming_svc.handle_incoming(session, code, "安全环保部", due="2026-12-10")
    assert handled.task_code == "DB-2026-0001"
    assert undo(office).voided == ("DB-2026-0001",)
    with office.read() as session:
        assert incoming_svc.get_incoming(session, code).state == "reviewed"
    with office.write("task.add") as session:
        assert _add_task(session) == "DB-2026-0002"


def test_an_old_journal_that_holds_the_counter_does_not_lower_it(office: AppContext) -> None:
    """Databases journaled counters before this release: undo skips those entries."""
    from sqlalchemy import insert

    from officedesk.journal import current_operation_id, start_operation
    from officedesk.models import JournalEntry

    with office.write("task.add") as session:
        start_operation(session, "task.add")
        _add_task(session)
        op_id = current_operation_id(session)
        session.execute(
            insert(JournalEntry).values(
                operation_id=op_id,
                entity="counter",
                entity_id='["task", 2026]',
                action="update",
                before='{"value": 0}',
                after='{"value": 1}',
            )
        )
    undo(office)
    assert counter(office, "task") == 1
    with office.write("task.add") as session:
        assert _add_task(session) == "DB-2026-0002"


# ---- refused: document numbers, 份号 ---------------------------------------------------------


def _outgoing(ctx: AppContext, **extra: Any) -> int:
    data = {
        "doc_type": "notice",
        "title": "关于开展安全检查的通知",
        "main_to": "各部门",
        "reviewer": "王建国",
        "signer": "刘振华",
        **extra,
    }
    with ctx.write("outgoing.add") as session:
        doc_id = outgoing_svc.create_outgoing(session, data).id
    for action, call in (
        ("review", outgoing_svc.review_outgoing),
        ("sign", outgoing_svc.sign_outgoing),
        ("check", outgoing_svc.check_outgoing),
    ):
        with ctx.write(f"outgoing.{action}") as session:
            call(session, doc_id)
    return doc_id


def test_the_issue_scenario_register_print_dispatch_then_undo_three_times(
    office: AppContext, db_url: str
) -> None:
    doc_id = _outgoing(office)
    with office.write("outgoing.register") as session:
        assert outgoing_svc.register_outgoing(session, doc_id).number == "X司发〔2026〕1号"
    with office.write("outgoing.print") as session:
        outgoing_svc.print_outgoing(session, doc_id, 10)
    with office.write("outgoing.dispatch") as session:
        outgoing_svc.dispatch_outgoing(session, doc_id)
    assert undo(office).operation == "outgoing.dispatch"
    assert undo(office).operation == "outgoing.print"
    before = dump(db_url)
    with pytest.raises(Conflict) as refused:
        undo(office)
    assert refused.value.key == "undo.numbered"
    message = refused.value.message()
    assert "X司发〔2026〕1号" in message and "outgoing void" in message and "--reason" in message
    assert dump(db_url) == before
    second = _outgoing(office, title="关于第二份通知")
    with office.write("outgoing.register") as session:
        assert outgoing_svc.register_outgoing(session, second).number == "X司发〔2026〕2号"
    with office.read() as session:
        [series] = number_report(session, 2026).prefixes
    assert [(e.number, e.status) for e in series.entries] == [
        ("X司发〔2026〕1号", "used"),
        ("X司发〔2026〕2号", "used"),
    ]


def test_undo_of_a_print_that_gave_copy_numbers_is_refused(office: AppContext, db_url: str) -> None:
    doc_id = _outgoing(office, secrecy="secret")
    with office.write("outgoing.register") as session:
        outgoing_svc.register_outgoing(session, doc_id)
    with office.write("outgoing.print") as session:
        assert outgoing_svc.print_outgoing(session, doc_id, 5).copy_numbers == "000001–000005"
    before = dump(db_url)
    with pytest.raises(Conflict) as refused:
        undo(office)
    message = refused.value.message()
    assert refused.value.key == "undo.numbered" and "outgoing void" in message
    assert "X司发〔2026〕1号 copy numbers 000001–000005" in message
    assert dump(db_url) == before


def test_a_voided_document_number_stays_voided(office: AppContext, db_url: str) -> None:
    doc_id = _outgoing(office)
    with office.write("outgoing.register") as session:
        outgoing_svc.register_outgoing(session, doc_id)
    with office.write("outgoing.void") as session:
        outgoing_svc.void_outgoing(session, doc_id, "编号写错")
    before = dump(db_url)
    with pytest.raises(Conflict) as refused:
        undo(office)
    assert refused.value.key == "undo.append_only"
    assert "register the document again" in refused.value.message()
    assert dump(db_url) == before
    with office.write("outgoing.register") as session:
        assert outgoing_svc.register_outgoing(session, doc_id).number == "X司发〔2026〕2号"


# ---- refused: the seal log and introduction letters (JS-) ------------------------------------


def test_undo_of_a_seal_use_is_refused_and_names_the_correction(
    office: AppContext, db_url: str
) -> None:
    with office.write("seal.use") as session:
        entry = seals.use_seal(
            session, 1, {"requester": "李娜", "doc_title": "函", "approver": "总经理"}
        )
    before = dump(db_url)
    with pytest.raises(Conflict) as refused:
        undo(office)
    assert refused.value.key == "undo.append_only"
    assert f"seal correct #{entry.id}" in refused.value.message()
    assert dump(db_url) == before


def test_undo_of_an_introduction_letter_is_refused(office: AppContext, db_url: str) -> None:
    with office.write("seal.letter") as session:
        letter = seal_letters.issue_letter(
            session,
            {
                "to_unit": "市国资委",
                "bearers": "王建国",
                "purpose": "报送材料",
                "requester": "李娜",
                "approver": "总经理",
            },
        )
    assert letter.number == "JS-2026-0001"
    before = dump(db_url)
    with pytest.raises(Conflict) as refused:
        undo(office)
    assert refused.value.key == "undo.append_only" and "seal correct" in refused.value.message()
    assert dump(db_url) == before
    assert counter(office, "intro_letter") == 1


# ---- the CLI ---------------------------------------------------------------------------------


def test_cli_undo_reports_the_voided_number_in_both_forms(cli: Any) -> None:
    ok(cli("task", "add", "落实整改"))
    undone = ok(cli("undo", "--json")).json()
    assert undone["voided"] == ["DB-2026-0001"]
    ok(cli("task", "add", "再加一条"))
    assert "DB-2026-0002（撤销登记）" in ok(cli("--lang", "zh", "undo")).stdout
    history = ok(cli("history", "DB-2026-0002", "--json")).json()
    assert history["record"] == "DB-2026-0002 (voided: registration undone)"
    assert next(c["operation"] for c in history["changes"]) == "task.add"
    shown = cli("--lang", "zh", "task", "show", "DB-2026-0001")
    assert shown.exit_code == 1 and "撤销登记" in shown.stderr


def test_history_keeps_the_lives_of_a_reused_id_apart(office: AppContext) -> None:
    """SQLite gives the highest id again after the undo of the latest add: the voided item's
    history ends with its undo, the new item's starts with its own registration."""
    with office.write("task.add") as session:
        voided = _add_task(session)
    undo(office)
    with office.write("task.add") as session:
        fresh = create_task(session, {"title": "新的一条"})
    with office.read() as session:
        _, old_changes = record_history(session, voided)
        _, new_changes = record_history(session, fresh.code)
    assert {c.operation for c in old_changes} == {"task.add", "undo"}
    assert all(c.undone for c in old_changes if c.operation == "task.add")
    assert [c.after["title"] for c in old_changes if c.entity == "task" and c.after] == [
        "落实安全生产检查"
    ]
    assert {c.operation for c in new_changes} == {"task.add"}
    assert not any(c.undone for c in new_changes)
    assert [c.after["title"] for c in new_changes if c.entity == "task"] == ["新的一条"]
