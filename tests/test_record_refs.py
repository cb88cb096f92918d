"""`history` on every register: what a typed reference names, and the changes it shows."""

from datetime import UTC, datetime
from typing import Any

import pytest

from officedesk.context import AppContext
from officedesk.errors import InvalidInput, NotFound
from officedesk.services import award as awards
from officedesk.services.directory import create_department, create_person
from officedesk.services.history import record_history
from officedesk.services.incoming import actions as incoming
from officedesk.services.outgoing import actions as outgoing
from officedesk.services.record_refs import resolve_record
from officedesk.services.seal import actions as seals
from officedesk.services.seal import letters as seal_letters
from officedesk.services.seal import requests as seal_requests
from officedesk.services.task import create_task
from officedesk.services.visit import actions as visits

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


@pytest.fixture
def office(ctx: AppContext) -> dict[str, Any]:
    """One record of each kind `history` answers for, each changed once after it was made."""
    ctx.fixed_now = NOW
    with ctx.write("seed") as s:
        create_department(s, {"name": "办公室", "code": "BGS"})
        create_person(s, {"name": "王建国", "dept": "BGS"})
        task = create_task(s, {"title": "报送年报", "dept": "BGS", "due": "2026-12-10"})
        doc = incoming.create_incoming(s, {"title": "关于报送年报的通知", "sender": "市国资委"})
        out = outgoing.create_outgoing(
            s,
            {
                "doc_type": "notice",
                "title": "关于年终安全检查的通知",
                "main_to": "各部门",
                "reviewer": "王建国",
                "signer": "刘振华",
            },
        )
        seal = seals.create_seal(s, {"name": "合同专用章", "kind": "contract", "approval": "批 1"})
        letter_seal = seals.create_seal(
            s, {"name": "介绍信专用章", "kind": "intro_letter", "approval": "批 2"}
        )
        visit = visits.create_visit(
            s, {"guest_org": "市国资委", "purpose": "调研", "arrives_at": "2026-11-27 09:30"}
        )
        event = awards.create_event(s, {"title": "2026年度表彰大会", "held_on": "2026-11-20"})
        award = awards.create_award(
            s, {"name": "先进集体", "year": 2026, "dept": "BGS", "event": event.id}
        )
    with ctx.write("outgoing.review") as s:
        outgoing.review_outgoing(s, out.id)
    with ctx.write("outgoing.sign") as s:
        outgoing.sign_outgoing(s, out.id)
    with ctx.write("outgoing.check") as s:
        outgoing.check_outgoing(s, out.id)
    with ctx.write("outgoing.register") as s:
        out = outgoing.register_outgoing(s, out.id)
    with ctx.write("incoming.review") as s:
        incoming.review_incoming(s, doc.id)
    with ctx.write("seal.activate") as s:
        seals.step_seal(s, seal.id, "activate", approval="批 3")
        seals.step_seal(s, letter_seal.id, "activate", approval="批 4")
    with ctx.write("seal.use") as s:
        use = seals.use_seal(
            s, seal.id, {"requester": "王建国", "doc_title": "采购合同", "approver": "总经理"}
        )
    with ctx.write("seal.letter") as s:
        letter = seal_letters.issue_letter(
            s,
            {
                "to_unit": "市税务局",
                "bearers": "王建国",
                "purpose": "办税",
                "requester": "王建国",
                "approver": "总经理",
            },
        )
    with ctx.write("seal.request") as s:
        request = seal_requests.request_use(
            s, seal.id, {"requester": "王建国", "doc_title": "租赁合同"}
        )
    with ctx.write("visit.confirm") as s:
        visits.confirm_visit(s, visit.id, waiver="电话预约")
    return {
        "task": task,
        "incoming": doc,
        "outgoing": out,
        "seal": seal,
        "use": use,
        "letter": letter,
        "request": request,
        "visit": visit,
        "event": event,
        "award": award,
    }


def resolved(ctx: AppContext, ref: str) -> tuple[str, str, str]:
    with ctx.read() as s:
        return resolve_record(s, ref)


def test_codes_and_numbers_name_their_register(ctx: AppContext, office: dict[str, Any]) -> None:
    out = office["outgoing"]
    assert out.number == "X司发〔2026〕1号"
    cases = {
        office["task"].code: ("task", office["task"].id, office["task"].code),
        "sw-2026-0001": ("incoming", office["incoming"].id, "SW-2026-0001"),
        "JD-2026-0001": ("visit", office["visit"].id, "JD-2026-0001"),
        "JS-2026-0001": ("intro_letter", office["letter"].id, "JS-2026-0001"),
        out.number: ("outgoing", out.id, out.number),
        "X司发[2026]1号": ("outgoing", out.id, out.number),  # ASCII brackets, as typed
        "合同专用章": ("seal", office["seal"].id, "合同专用章"),
        "办公室": ("department", 1, "办公室"),
        "王建国": ("person", 1, "王建国"),
        str(office["task"].id): ("task", office["task"].id, office["task"].code),
    }
    for ref, (entity, record_id, name) in cases.items():
        assert resolved(ctx, ref) == (entity, str(record_id), name), ref


@pytest.mark.parametrize(
    ("ref", "key", "entity"),
    [
        ("incoming:{incoming}", "incoming", "incoming"),
        ("收文：{incoming}", "incoming", "incoming"),
        ("outgoing:#{outgoing}", "outgoing", "outgoing"),
        ("seal:{seal}", "seal", "seal"),
        ("use:{use}", "use", "seal_use"),
        ("用印:{use}", "use", "seal_use"),
        ("letter:{letter}", "letter", "intro_letter"),
        ("request:{request}", "request", "seal_request"),
        ("visit:{visit}", "visit", "visit"),
        ("award:{award}", "award", "award"),
        ("event:{event}", "event", "staff_event"),
        ("task:{task}", "task", "task"),
    ],
)
def test_a_prefix_names_the_kind_and_then_an_id_works(
    ctx: AppContext, office: dict[str, Any], ref: str, key: str, entity: str
) -> None:
    ids = {name: record.id for name, record in office.items()}
    assert resolved(ctx, ref.format(**ids))[:2] == (entity, str(ids[key]))


def test_a_bare_number_stays_an_items(ctx: AppContext, office: dict[str, Any]) -> None:
    """Ids of different registers collide: `5` is item #5 or nothing, never visit #5."""
    with pytest.raises(NotFound) as missing, ctx.read() as s:
        resolve_record(s, str(office["visit"].id + 40))
    assert missing.value.key == "record.not_found"


@pytest.mark.parametrize("ref", ["SW-2026-0099", "QQ-2026-0001", "X司发〔2026〕9号", "无此记录"])
def test_what_nothing_answers_is_one_error(
    ctx: AppContext, office: dict[str, Any], ref: str
) -> None:
    with pytest.raises(NotFound) as missing, ctx.read() as s:
        resolve_record(s, ref)
    assert missing.value.key == "record.not_found"
    assert ref in missing.value.message()


def test_with_a_prefix_the_registers_own_refusal_is_shown(
    ctx: AppContext, office: dict[str, Any]
) -> None:
    with pytest.raises(NotFound) as missing, ctx.read() as s:
        resolve_record(s, "visit:JD-2026-0042")
    assert missing.value.key == "visit.not_found"
    with pytest.raises(InvalidInput), ctx.read() as s:
        resolve_record(s, "use:合同")


def test_history_of_a_document_includes_its_steps(ctx: AppContext, office: dict[str, Any]) -> None:
    with ctx.read() as s:
        name, changes = record_history(s, office["outgoing"].number)
    assert name == office["outgoing"].number
    operations = [c.operation for c in changes]
    for operation in ("seed", "outgoing.review", "outgoing.sign", "outgoing.register"):
        assert operation in operations
    assert {c.entity for c in changes} <= {"outgoing", "outgoing_recipient", "outgoing_log"}
    assert "outgoing_log" in {c.entity for c in changes}  # the children come along


def test_history_of_a_seal_leaves_other_seals_out(ctx: AppContext, office: dict[str, Any]) -> None:
    with ctx.read() as s:
        _, changes = record_history(s, "合同专用章")
    seal_id = str(office["seal"].id)
    for change in changes:
        if change.entity == "seal":
            assert change.entity_id == seal_id
    assert {"seal.use", "seal.request", "seal.activate"} <= {c.operation for c in changes}


def test_history_of_a_visit(ctx: AppContext, office: dict[str, Any]) -> None:
    with ctx.read() as s:
        name, changes = record_history(s, "JD-2026-0001")
    assert name == "JD-2026-0001"
    assert [c.operation for c in changes if c.entity == "visit"] == ["seed", "visit.confirm"]


def test_the_cli_shows_a_registers_history(cli: Any, office: dict[str, Any]) -> None:
    shown = cli("history", "SW-2026-0001", "--json")
    assert shown.exit_code == 0, shown.stderr
    data = shown.json()
    assert data["record"] == "SW-2026-0001"
    assert [c["operation"] for c in data["changes"] if c["entity"] == "incoming"] == [
        "seed",
        "incoming.review",
    ]
    human = cli("--lang", "zh", "history", "X司发〔2026〕1号", env={"COLUMNS": "120"})
    assert human.exit_code == 0, human.stderr
    assert "X司发〔2026〕1号" in human.stdout
    missing = cli("--lang", "zh", "history", "JD-2026-0042")
    assert missing.exit_code == 1
    assert missing.stderr.strip().splitlines() == [
        "officedesk: 找不到“JD-2026-0042”对应的督办事项、公文、印章、接待、部门或人员。"
    ]


def test_an_ambiguous_name_asks_for_the_prefix_not_an_id(
    ctx: AppContext, office: dict[str, Any]
) -> None:
    """The seal register's own advice, "use #id", would name an item in `history`."""
    from officedesk.errors import Conflict

    with pytest.raises(Conflict) as twice, ctx.read() as s:
        resolve_record(s, "专用章")
    assert twice.value.key == "record.ambiguous"
    assert twice.value.params["prefix"] == "seal"
    assert "seal:#" in twice.value.message()
    assert "合同专用章" in twice.value.message() and "介绍信专用章" in twice.value.message()


@pytest.mark.parametrize(
    "ref", ["²", "#①", "use:²", "visit:①", "letter:99999999999999999999", "task:#12345678901"]
)
def test_odd_digits_and_huge_ids_are_not_found_not_a_crash(
    ctx: AppContext, office: dict[str, Any], ref: str
) -> None:
    """str.isdigit() accepts "²" (int() does not) and a 20-digit id overflows the database's
    integer: each is one clear refusal."""
    from officedesk.errors import DomainError

    with pytest.raises(DomainError), ctx.read() as s:
        resolve_record(s, ref)


def test_as_id_takes_ascii_digits_that_fit_an_integer_column() -> None:
    from officedesk.services.common import as_id

    assert [as_id(x) for x in ("12", "#12", " 7 ", "123456789")] == [12, 12, 7, 123456789]
    assert [as_id(x) for x in ("", "#", "²", "١٢", "1234567890", "12a", "-1")] == [None] * 7


def test_the_code_prefixes_are_the_registers_own() -> None:
    """record_refs keeps its own copy (importing every register for `history DB-…` would cost
    every call): it must say what the registers write."""
    from officedesk.services import record_refs
    from officedesk.services import task as tasks
    from officedesk.services.incoming import actions as incoming_svc
    from officedesk.services.matter import actions as matter_svc
    from officedesk.services.meeting import actions as meeting_svc
    from officedesk.services.seal import letters as seal_letters
    from officedesk.services.visit import actions as visits_svc

    assert record_refs._CODE_KINDS == {
        tasks.CODE_PREFIX: "task",
        incoming_svc.CODE_PREFIX: "incoming",
        visits_svc.CODE_PREFIX: "visit",
        seal_letters.LETTER_PREFIX: "letter",
        meeting_svc.CODE_PREFIX: "meeting",
        matter_svc.CODE_PREFIX: "matter",
    }


def test_a_voided_number_names_its_document_and_says_why(
    ctx: AppContext, office: dict[str, Any]
) -> None:
    with ctx.write("outgoing.void") as s:
        outgoing.void_outgoing(s, office["outgoing"].id, "编号写错")
    for ref in ("X司发〔2026〕1号", "发文:X司发[2026]1号"):
        entity, entity_id, name = resolved(ctx, ref)
        assert (entity, entity_id) == ("outgoing", str(office["outgoing"].id))
        assert str(name) == "X司发〔2026〕1号 (voided: 编号写错)"  # a message, worded here


def test_the_first_colon_splits_the_prefix(ctx: AppContext, office: dict[str, Any]) -> None:
    assert resolved(ctx, "收文：SW-2026-0001")[0] == "incoming"
    with pytest.raises(NotFound) as missing, ctx.read() as s:
        resolve_record(s, "接待：JD:2026")  # the kind is 接待, the rest is its reference
    assert missing.value.key == "visit.not_found"
