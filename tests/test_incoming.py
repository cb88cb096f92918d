"""The incoming register's services: numbering, the state table, the instruction kept verbatim,
circulation, the linked supervision item, sender-number warnings, search and Today."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from conftest import TODAY, dump
from officedesk.context import AppContext
from officedesk.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from officedesk.i18n import label, set_language
from officedesk.services.directory import create_department, create_person
from officedesk.services.docnumber import DOC_NUMBER, check_doc_number, format_doc_number
from officedesk.services.incoming import actions as svc
from officedesk.services.task import complete_task, get_task
from officedesk.views.search import subtitle
from officedesk.views.today import agenda_detail

GOOD_NUMBER = "集团办发〔2026〕12号"
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # the clock, pinned: times are compared to it


@pytest.fixture(autouse=True)
def pinned_clock(request: pytest.FixtureRequest) -> None:
    if "ctx" in request.fixturenames:
        request.getfixturevalue("ctx").fixed_now = NOW


def seed(ctx: AppContext) -> None:
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_department(session, {"name": "安全环保部", "code": "AQHBB"})
        create_department(session, {"name": "生产管理部", "code": "SCGLB"})
        create_department(session, {"name": "集团公司办公室", "code": "JTBGS", "kind": "superior"})
        create_person(session, {"name": "王建国", "dept": "BGS"})
        create_person(session, {"name": "李娜", "dept": "BGS"})
        create_person(session, {"name": "袁立新", "dept": "AQHBB"})


def add(ctx: AppContext, title: str = "关于开展冬季安全生产大检查的通知", **data: Any) -> Any:
    with ctx.write("incoming.add") as session:
        return svc.create_incoming(session, {"title": title, **data})


def step(ctx: AppContext, call: Any, *args: Any, **kw: Any) -> Any:
    with ctx.write("step") as session:
        return call(session, *args, **kw)


def read(ctx: AppContext, ref: Any = 1) -> Any:
    with ctx.read() as session:
        return svc.get_incoming(session, ref)


def to_state(ctx: AppContext, state: str, mode: str = "handle", **data: Any) -> Any:
    """A fresh document brought to `state` through the legal steps."""
    doc = add(ctx, mode=mode, sender="JTBGS", sender_number=GOOD_NUMBER, **data)
    path = {
        "registered": [],
        "returned": [("return", lambda s, r: svc.return_incoming(s, r, "不属于本单位职责"))],
        "reviewed": ["review"],
        "proposed": ["review", "propose"],
        "instructed": ["review", "propose", "instruct"],
        "handling": ["review", "propose", "instruct", "handle"],
        "answered": ["review", "propose", "instruct", "handle", "answer"],
        "done": ["review", "propose", "instruct", "handle", "answer", "done"],
        "filed": ["review", "propose", "instruct", "handle", "answer", "done", "file"],
    }[state]
    calls = {
        "review": lambda s, r: svc.review_incoming(s, r),
        "propose": lambda s, r: svc.propose_incoming(s, r, "拟请安全环保部阅处。"),
        "instruct": lambda s, r: svc.instruct_incoming(s, r, "总经理陈光明", "同意。"),
        "handle": lambda s, r: svc.handle_incoming(s, r, "AQHBB"),
        "answer": lambda s, r: svc.answer_incoming(s, r, "已函复。"),
        "done": _done,
        "file": lambda s, r: svc.file_incoming(s, r),
    }
    for entry in path:
        call = entry[1] if isinstance(entry, tuple) else calls[entry]
        step(ctx, call, doc.id)
    return read(ctx, doc.id)


def _done(session: Any, ref: int) -> Any:
    doc = svc.resolve_incoming(session, ref)
    if doc.task_id:
        complete_task(session, doc.task_id)
        return svc.read_incoming(session, doc)
    return svc.complete_incoming(session, ref)


# ---- the sender's document number ------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["国办发〔2018〕1号", "X司发〔2026〕12号", "集团办函〔2026〕305号", ""]
)
def test_standard_numbers_give_no_warning(text: str) -> None:
    assert check_doc_number(text) == []


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("集团办发[2026]12号", {"docnumber.brackets"}),
        ("集团办发(2026)12号", {"docnumber.brackets"}),
        ("集团办发【2026】12号", {"docnumber.brackets"}),
        ("集团办发（2026）12号", {"docnumber.brackets"}),
        ("集团办发〔26〕12号", {"docnumber.short_year"}),
        ("集团办发〔2026〕012号", {"docnumber.leading_zero"}),
        ("集团办发〔2026〕第12号", {"docnumber.di"}),
        ("X市财发〔1992〕字第36号", {"docnumber.zi_di"}),
        ("集团办发〔2026〕12", {"docnumber.no_hao"}),
        ("集团办发〔2026〕号", {"docnumber.no_serial"}),
        ("集团办发2026年12号", {"docnumber.no_year"}),
        ("(1995)12号", {"docnumber.brackets", "docnumber.no_prefix"}),
        (
            "集团办发[26]012号",
            {"docnumber.brackets", "docnumber.short_year", "docnumber.leading_zero"},
        ),
    ],
)
def test_malformed_numbers_are_named(text: str, keys: set[str]) -> None:
    notices = check_doc_number(text)
    assert {n.key for n in notices} == keys
    assert all(n.params["number"] == text for n in notices)
    assert all(n.message() != n.key for n in notices)  # worded in the catalogue


def test_format_and_pattern_agree() -> None:
    number = format_doc_number("X司发", 2026, 12)
    assert number == "X司发〔2026〕12号"
    match = DOC_NUMBER.match(number)
    assert match and (match["prefix"], match["year"], match["number"]) == ("X司发", "2026", "12")
    assert check_doc_number(number) == []
    for bad in ((2026, 0), (26, 1)):
        with pytest.raises(ValueError):
            format_doc_number("X司发", *bad)


def test_malformed_sender_number_is_kept_with_a_warning(ctx: AppContext) -> None:
    seed(ctx)
    doc = add(ctx, sender="JTBGS", sender_number="集团办发[2026]012号")
    assert {n.key for n in doc.warnings} == {"docnumber.brackets", "docnumber.leading_zero"}
    again = read(ctx)
    assert again.sender_number == "集团办发[2026]012号"
    assert again.sender == "集团公司办公室" and again.sender_dept_id is not None


# ---- numbering -------------------------------------------------------------------------------


def test_registration_numbers_are_gap_free_per_year(ctx: AppContext) -> None:
    seed(ctx)
    assert [add(ctx, f"来文{i}").code for i in range(3)] == [
        "SW-2026-0001",
        "SW-2026-0002",
        "SW-2026-0003",
    ]
    with pytest.raises(InvalidInput):
        add(ctx, "")  # refused: takes no number
    with pytest.raises(RuntimeError), ctx.write("rolled back") as session:
        svc.create_incoming(session, {"title": "回滚"})
        raise RuntimeError("rollback")
    assert add(ctx, "第四份").code == "SW-2026-0004"
    with ctx.write("next year") as session:
        session.env.today = date(2027, 1, 4)
        session.env.fixed_now = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)
        code = svc.create_incoming(session, {"title": "新年第一份"}).code
    assert code == "SW-2027-0001"


def test_lookup_by_id_and_code(ctx: AppContext) -> None:
    seed(ctx)
    add(ctx)
    for ref in ("1", "#1", "SW-2026-0001", "sw-2026-0001"):
        assert read(ctx, ref).code == "SW-2026-0001"
    with pytest.raises(NotFound):
        read(ctx, "SW-2026-0099")


# ---- the state table -------------------------------------------------------------------------


def test_the_state_table_is_the_documented_procedure() -> None:
    table = {action: (sorted(src), to) for action, (src, to) in svc.INCOMING_ACTIONS.items()}
    assert table == {
        "review": (["registered"], "reviewed"),
        "return": (["registered"], "returned"),
        "propose": (["reviewed"], "proposed"),
        "instruct": (["instructed", "proposed"], "instructed"),
        "handle": (["instructed", "proposed", "reviewed"], "handling"),
        "answer": (["handling"], "answered"),
        "done": (
            sorted(["reviewed", "proposed", "instructed", "handling", "answered"]),
            "done",
        ),
        "file": (["done"], "filed"),
    }
    assert svc.allowed_actions("reviewed", "handle") == ["propose", "handle"]
    assert svc.allowed_actions("reviewed", "read") == ["propose", "handle", "done"]
    assert svc.allowed_actions("filed") == [] and svc.allowed_actions("returned") == []


def test_the_full_procedure_logs_every_step(ctx: AppContext) -> None:
    seed(ctx)
    doc = to_state(ctx, "filed")
    assert doc.state == "filed" and doc.filed_on == TODAY and doc.done_on == TODAY
    steps = [(e.kind, e.to_state) for e in doc.log]
    assert steps == [
        ("state", "registered"),
        ("state", "reviewed"),
        ("state", "proposed"),
        ("instruction", "instructed"),
        ("state", "handling"),
        ("state", "answered"),
        ("item_done", "done"),
        ("state", "filed"),
    ]
    assert all(e.author == "tester" for e in doc.log)
    assert doc.answer == "已函复。" and doc.answered_on == TODAY


ILLEGAL = [
    ("registered", "propose"),
    ("registered", "handle"),
    ("registered", "done"),
    ("reviewed", "review"),
    ("reviewed", "instruct"),
    ("reviewed", "answer"),
    ("proposed", "file"),
    ("handling", "propose"),
    ("handling", "return"),
    ("done", "handle"),
    ("filed", "done"),
    ("returned", "review"),
]


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_illegal_steps_are_refused_naming_the_legal_ones(
    ctx: AppContext, state: str, action: str
) -> None:
    seed(ctx)
    doc = to_state(ctx, state)
    calls = {
        "review": lambda s: svc.review_incoming(s, doc.id),
        "return": lambda s: svc.return_incoming(s, doc.id, "理由"),
        "propose": lambda s: svc.propose_incoming(s, doc.id, "拟办"),
        "instruct": lambda s: svc.instruct_incoming(s, doc.id, "总经理", "同意"),
        "handle": lambda s: svc.handle_incoming(s, doc.id, "AQHBB"),
        "answer": lambda s: svc.answer_incoming(s, doc.id, "已答复"),
        "done": lambda s: svc.complete_incoming(s, doc.id),
        "file": lambda s: svc.file_incoming(s, doc.id),
    }
    with pytest.raises(IllegalTransition) as caught:
        step(ctx, calls[action])
    error = caught.value
    assert error.key == "incoming.illegal"
    legal = svc.allowed_actions(state, "handle")
    assert list(error.params["allowed"]) == legal  # codes; worded when shown
    for name in legal:
        assert label("incoming_action", name) in error.message()
    assert read(ctx, doc.id).state == state


def test_a_second_instruction_is_kept_beside_the_first(ctx: AppContext) -> None:
    seed(ctx)
    doc = to_state(ctx, "instructed")
    step(ctx, svc.instruct_incoming, doc.id, "董事长赵志远", "请抓紧办理。")
    doc = read(ctx, doc.id)
    assert (doc.leader, doc.instruction, doc.state) == (
        "董事长赵志远",
        "请抓紧办理。",
        "instructed",
    )
    given = [(e.given_by, e.text) for e in doc.log if e.kind == "instruction"]
    assert given == [("总经理陈光明", "同意。"), ("董事长赵志远", "请抓紧办理。")]


def test_the_item_reports_back_to_the_leader_who_instructed(ctx: AppContext) -> None:
    seed(ctx)
    doc = to_state(ctx, "instructed")
    handled = step(ctx, svc.handle_incoming, doc.id, "办公室")
    assert handled.task_id is not None
    item = get_task_read(ctx, handled.task_id)
    assert item.leader == "总经理陈光明"  # the last instruction's leader: 交办领导
    with ctx.write("task.done") as session:
        complete_task(session, handled.task_id)
    log = get_task_read(ctx, handled.task_id).log
    assert log is not None and ("reported", "总经理陈光明") in [(e.kind, e.text) for e in log]


def get_task_read(ctx: AppContext, task_id: int) -> Any:
    with ctx.read() as session:
        return get_task(session, task_id)


def test_the_instruction_is_kept_verbatim(ctx: AppContext) -> None:
    seed(ctx)
    doc = to_state(ctx, "proposed")
    words = "  同意拟办意见。\n请安全环保部牵头[重点]，12月10日前报结果！  "
    step(ctx, svc.instruct_incoming, doc.id, "总经理陈光明", words)
    doc = read(ctx, doc.id)
    assert doc.instruction == words
    assert [e.text for e in doc.log if e.kind == "instruction"] == [words]
    for blank in ("", "   \n "):
        with pytest.raises(InvalidInput):
            step(ctx, svc.instruct_incoming, doc.id, "总经理", blank)
    with pytest.raises(InvalidInput):
        step(ctx, svc.instruct_incoming, doc.id, "", "同意")


@pytest.mark.parametrize("reason", ["", "   "])
def test_returning_needs_a_reason(ctx: AppContext, reason: str) -> None:
    seed(ctx)
    add(ctx)
    with pytest.raises(InvalidInput) as caught:
        step(ctx, svc.return_incoming, 1, reason)
    assert caught.value.key == "incoming.return_reason"
    assert read(ctx).state == "registered"
    doc = step(ctx, svc.return_incoming, 1, "来文未盖章，请补正后重新报送。")
    assert (doc.state, doc.return_reason) == ("returned", "来文未盖章，请补正后重新报送。")


def test_a_document_to_handle_is_not_done_before_handling(ctx: AppContext) -> None:
    seed(ctx)
    doc = to_state(ctx, "proposed", mode="handle")
    with pytest.raises(IllegalTransition) as caught:
        step(ctx, svc.complete_incoming, doc.id)
    assert caught.value.key == "incoming.handle_first"
    reading = to_state(ctx, "proposed", mode="read")
    done = step(ctx, svc.complete_incoming, reading.id, "已传阅。")
    assert (done.state, done.result, done.done_on) == ("done", "已传阅。", TODAY)


# ---- the linked supervision item -------------------------------------------------------------


def test_handling_opens_the_linked_item_due_by_the_office_rule(ctx: AppContext) -> None:
    seed(ctx)
    doc = to_state(ctx, "instructed")
    doc = step(ctx, svc.handle_incoming, doc.id, "AQHBB", ["SCGLB"], None, "请按期办结")
    # +30 days from Thursday 2026-11-26 is Saturday 2026-12-26: the next working day is Monday.
    assert doc.due == date(2026, 12, 28)
    assert (doc.lead_dept, doc.assist, doc.state) == ("安全环保部", ["生产管理部"], "handling")
    with ctx.read() as session:
        task = get_task(session, doc.task_id)
    assert (task.source, task.dept, task.due, task.state) == (
        "incoming",
        "安全环保部",
        date(2026, 12, 28),
        "assigned",
    )
    assert doc.code in task.source_ref and GOOD_NUMBER in task.source_ref
    assert "同意。" in task.detail and "生产管理部" in task.detail
    assert doc.task_code == task.code and doc.task_state == "assigned"


def test_urgent_documents_get_the_urgent_rule_and_a_given_due_wins(ctx: AppContext) -> None:
    seed(ctx)
    doc = to_state(ctx, "reviewed", urgency="urgent")
    doc = step(ctx, svc.handle_incoming, doc.id, "安全环保部", [], "+5wd")
    assert doc.due == date(2026, 12, 3)
    with ctx.read() as session:
        task = get_task(session, doc.task_id)
    assert (task.due, task.priority) == (date(2026, 12, 3), "urgent")
    step(ctx, svc.update_incoming, doc.id, {"due": "2026-12-10"})
    with ctx.read() as session:
        assert get_task(session, doc.task_id).due == date(2026, 12, 10)


def test_a_document_for_reading_gets_no_item(ctx: AppContext) -> None:
    seed(ctx)
    doc = to_state(ctx, "reviewed", mode="read")
    doc = step(ctx, svc.handle_incoming, doc.id, "AQHBB")
    assert doc.state == "handling" and doc.task_id is None
    assert step(ctx, svc.complete_incoming, doc.id).state == "done"


def test_handling_checks_its_departments(ctx: AppContext) -> None:
    seed(ctx)
    doc = to_state(ctx, "reviewed")
    with pytest.raises(InvalidInput):
        step(ctx, svc.handle_incoming, doc.id, None)
    with pytest.raises(InvalidInput):
        step(ctx, svc.handle_incoming, doc.id, "AQHBB", ["安全环保部"])
    with pytest.raises(NotFound):
        step(ctx, svc.handle_incoming, doc.id, "没有这个部门")
    with pytest.raises(InvalidInput):
        step(ctx, svc.handle_incoming, doc.id, "AQHBB", [], "2026-11-20")
    assert read(ctx, doc.id).state == "reviewed"


def test_done_is_refused_while_the_item_is_open_and_follows_it(ctx: AppContext) -> None:
    seed(ctx)
    doc = to_state(ctx, "answered")
    with pytest.raises(IllegalTransition) as caught:
        step(ctx, svc.complete_incoming, doc.id, "办完了")
    assert caught.value.key == "incoming.item_open"
    assert caught.value.params["task"] == doc.task_code
    assert read(ctx, doc.id).state == "answered"
    with ctx.write("task.done") as session:
        complete_task(session, doc.task_id, "整改完毕")
        assert svc.get_incoming(session, doc.id).state == "done"  # same transaction
    doc = read(ctx, doc.id)
    assert (doc.state, doc.done_on, doc.task_state) == ("done", TODAY, "done")
    assert doc.log[-1].kind == "item_done" and doc.log[-1].text == doc.task_code


def test_a_failed_item_completion_rolls_the_document_back(ctx: AppContext) -> None:
    seed(ctx)
    doc = to_state(ctx, "handling")
    with pytest.raises(RuntimeError), ctx.write("task.done") as session:
        complete_task(session, doc.task_id)
        raise RuntimeError("rollback")
    assert read(ctx, doc.id).state == "handling"


def test_a_cancelled_item_lets_the_document_be_done(ctx: AppContext) -> None:
    from officedesk.services.task import cancel_task

    seed(ctx)
    doc = to_state(ctx, "handling")
    step(ctx, cancel_task, doc.task_id, "另行安排")
    assert step(ctx, svc.complete_incoming, doc.id).state == "done"


# ---- circulation -----------------------------------------------------------------------------


def test_circulation_tracks_the_copy_and_the_readers(ctx: AppContext) -> None:
    seed(ctx)
    doc = to_state(ctx, "reviewed", mode="read")
    with pytest.raises(IllegalTransition):
        step(ctx, svc.circulate_incoming, add(ctx, "未初审").id, ["王建国"])
    doc = step(ctx, svc.circulate_incoming, doc.id, ["王建国", "lina", "袁立新"], "请阅")
    assert [(r.reader, r.holder) for r in doc.circulation] == [
        ("王建国", True),
        ("李娜", False),
        ("袁立新", False),
    ]
    assert (doc.holder, doc.readers, doc.unread) == ("王建国", 3, 3)
    doc = step(ctx, svc.mark_read, doc.id, "袁立新")  # read out of turn: the copy stays
    assert doc.holder == "王建国" and doc.unread == 2
    doc = step(ctx, svc.mark_read, doc.id, "王建国")  # the copy goes on to the next unread
    assert doc.holder == "李娜"
    assert all(r.read_at is not None for r in doc.circulation if r.reader != "李娜")
    with pytest.raises(Conflict):
        step(ctx, svc.mark_read, doc.id, "王建国")
    with pytest.raises(Conflict):
        step(ctx, svc.circulate_incoming, doc.id, ["李娜"])
    outcome = step(ctx, svc.remind_readers, doc.id, "请今天阅毕")
    assert outcome.names == ["李娜"]
    rows = {r.reader: r for r in outcome.document.circulation}
    assert rows["李娜"].reminders == 1 and rows["王建国"].reminders == 0
    assert outcome.document.log[-1].kind == "remind"
    doc = step(ctx, svc.mark_read, doc.id, "李娜")
    assert (doc.holder, doc.unread) == (None, 0)
    with pytest.raises(Conflict):
        step(ctx, svc.remind_readers, doc.id)


def test_reading_needs_a_reader_on_the_list(ctx: AppContext) -> None:
    seed(ctx)
    doc = to_state(ctx, "reviewed", mode="read")
    step(ctx, svc.circulate_incoming, doc.id, ["王建国"])
    with pytest.raises(NotFound):
        step(ctx, svc.mark_read, doc.id, "李娜")
    with pytest.raises(InvalidInput):
        step(ctx, svc.circulate_incoming, doc.id, [" "])


def test_done_with_unread_readers_warns(ctx: AppContext) -> None:
    seed(ctx)
    doc = to_state(ctx, "reviewed", mode="read")
    step(ctx, svc.circulate_incoming, doc.id, ["王建国", "李娜"])
    doc = step(ctx, svc.complete_incoming, doc.id)
    notices = svc.step_notices(doc)
    assert [n.key for n in notices] == ["incoming.unread_on_done"]
    assert "王建国" in notices[0].params["names"] and "李娜" in notices[0].params["names"]


# ---- a call, times, editing ------------------------------------------------------------------


def test_a_call_in_one_go(ctx: AppContext) -> None:
    seed(ctx)
    with ctx.write("incoming.call") as session:
        doc = svc.register_call(
            session,
            {
                "title": "询问隐患整改进度",
                "caller": "沈浩",
                "unit": "市应急管理局",
                "phone": "0571-87012345",
                "at": "2026-11-26 09:30",
                "content": "请于本周五前报送整改台账。",
            },
        )
    assert (doc.kind, doc.mode, doc.state, doc.code) == (
        "call",
        "read",
        "registered",
        "SW-2026-0001",
    )
    assert (doc.caller, doc.sender, doc.phone) == ("沈浩", "市应急管理局", "0571-87012345")
    assert doc.summary == "请于本周五前报送整改台账。" and doc.sender_dept_id is None
    assert doc.received_at == datetime(2026, 11, 26, 9, 30).astimezone(UTC)
    with ctx.write("incoming.call") as session:
        bare = svc.register_call(session, {"title": "只记事由"})
    assert bare.kind == "call" and bare.received_at is not None


@pytest.mark.parametrize(
    ("given", "local"),
    [
        ("2026-11-20 10:05", datetime(2026, 11, 20, 10, 5)),
        ("2026-11-25T16:40", datetime(2026, 11, 25, 16, 40)),
        ("2026-11-20", datetime(2026, 11, 20, 9, 0)),  # a day alone: nine o'clock
        ("昨天 8:15", datetime(2026, 11, 25, 8, 15)),
    ],
)
def test_received_time_words(ctx: AppContext, given: str, local: datetime) -> None:
    seed(ctx)
    assert add(ctx, received_at=given).received_at == local.astimezone(UTC)


@pytest.mark.parametrize("given", ["2026-12-30 10:00", "25:00", "下下下周"])
def test_bad_or_future_received_times_are_refused(ctx: AppContext, given: str) -> None:
    seed(ctx)
    with pytest.raises(InvalidInput):
        add(ctx, received_at=given)


def test_edit_rechecks_the_number_and_refuses_filed(ctx: AppContext) -> None:
    seed(ctx)
    add(ctx)
    doc = step(
        ctx, svc.update_incoming, 1, {"sender_number": "集团办发〔2026〕第3号", "urgency": "urgent"}
    )
    assert [n.key for n in doc.warnings] == ["docnumber.di"] and doc.urgency == "urgent"
    assert read(ctx).log[-1].kind == "edit"
    filed = to_state(ctx, "filed")
    with pytest.raises(IllegalTransition):
        step(ctx, svc.update_incoming, filed.id, {"title": "改标题"})
    handling = to_state(ctx, "handling")
    with pytest.raises(IllegalTransition):
        step(ctx, svc.update_incoming, handling.id, {"mode": "read"})
    with pytest.raises(InvalidInput):
        step(ctx, svc.update_incoming, 1, {"kind": "cable"})


# ---- the marks: telegrams, 绝密 and the secrecy period ----------------------------------------


@pytest.mark.parametrize(
    ("urgency", "days", "due"),
    [
        ("flash", 1, date(2026, 11, 27)),  # 特提: one day
        ("extra_urgent", 3, date(2026, 11, 30)),  # Sunday 11-29 rolls to Monday
        ("urgent", 5, date(2026, 12, 1)),
        ("plain_urgent", 10, date(2026, 12, 7)),  # 平急: ten days, Sunday 12-06 rolls on
    ],
)
def test_a_telegram_is_due_by_its_telegraph_grade(
    ctx: AppContext, urgency: str, days: int, due: date
) -> None:
    seed(ctx)
    doc = add(ctx, "关于防汛工作的电报", kind="telegram", urgency=urgency)
    assert doc.mode == "handle"
    step(ctx, svc.review_incoming, doc.id)
    handled = step(ctx, svc.handle_incoming, doc.id, "办公室")
    assert handled.due == due
    assert (due - TODAY).days in (days, days + 1)  # counted in days, ended on a working day


def test_telegraph_grades_belong_to_telegrams(ctx: AppContext, db_url: str) -> None:
    seed(ctx)
    before = dump(db_url)
    with pytest.raises(InvalidInput) as refused:
        add(ctx, "关于防汛工作的电报", kind="telegram")  # no grade: 平件 is no telegraph grade
    assert refused.value.key == "incoming.telegram_urgency"
    assert refused.value.params["field"] == "urgency"
    set_language("zh")
    try:
        assert "flash（特提）" in refused.value.message()
        with pytest.raises(InvalidInput) as letter:
            add(ctx, "关于防汛工作的函", kind="letter", urgency="flash")
        assert letter.value.message().startswith("“特提”是电报的紧急程度")
    finally:
        set_language("en")
    assert dump(db_url) == before
    doc = add(ctx, "关于防汛工作的电报", kind="telegram", urgency="plain_urgent")
    with pytest.raises(InvalidInput):
        step(ctx, svc.update_incoming, doc.id, {"kind": "document"})  # still 平急


@pytest.mark.parametrize(
    ("secrecy", "years", "refusal"),
    [
        ("top_secret", 30, None),
        ("secret", 20, None),
        ("secret", 21, "marks.period_too_long"),
        ("confidential", 10, None),
        ("confidential", 11, "marks.period_too_long"),
        ("internal", 5, "marks.period_unclassified"),
        ("public", 0, None),
    ],
)
def test_the_secrecy_period_follows_the_grade(
    ctx: AppContext, secrecy: str, years: int, refusal: str | None
) -> None:
    seed(ctx)
    if refusal is None:
        doc = add(ctx, secrecy=secrecy, secrecy_years=years)
        assert (doc.secrecy, doc.secrecy_years) == (secrecy, years)
        return
    with pytest.raises(InvalidInput) as refused:
        add(ctx, secrecy=secrecy, secrecy_years=years)
    assert refused.value.key == refusal
    assert refused.value.params["field"] == "secrecy_years"


def test_top_secret_with_its_period_is_written_as_the_standard_says(ctx: AppContext) -> None:
    from officedesk.views.marks import secrecy_text

    seed(ctx)
    doc = add(ctx, secrecy="secret", secrecy_years=10)
    set_language("zh")
    try:
        assert secrecy_text(doc.secrecy, doc.secrecy_years) == "机密★10年"
        assert secrecy_text("top_secret", 0) == "绝密"
    finally:
        set_language("en")
    assert secrecy_text(doc.secrecy, doc.secrecy_years) == "Secret ★ 10 years"
    # Declassified without a period given: the period goes with the grade.
    public = step(ctx, svc.update_incoming, doc.id, {"secrecy": "public"})
    assert (public.secrecy, public.secrecy_years) == ("public", 0)


# ---- listing, search, Today ------------------------------------------------------------------


def test_list_filters(ctx: AppContext) -> None:
    seed(ctx)
    to_state(ctx, "filed")
    to_state(ctx, "handling", urgency="extra_urgent")
    add(ctx, "华远集团来电", kind="call", sender="华远集团")
    with ctx.read() as session:

        def codes(**kw: Any) -> list[str]:
            flt = svc.IncomingFilter(**kw)
            page = svc.list_incoming(session, flt)
            assert svc.count_incoming(session, flt) == len(page.items)
            return [doc.code for doc in page.items]

        assert codes() == ["SW-2026-0003", "SW-2026-0002"]  # open ones, newest first
        assert codes(states=["all"], sort="code") == [
            "SW-2026-0001",
            "SW-2026-0002",
            "SW-2026-0003",
        ]
        assert codes(states=["filed"]) == ["SW-2026-0001"]
        assert codes(kind="call") == ["SW-2026-0003"]
        assert codes(urgency="extra_urgent") == ["SW-2026-0002"]
        assert codes(dept="AQHBB", states=["all"], sort="code") == ["SW-2026-0001", "SW-2026-0002"]
        assert codes(text="华远") == ["SW-2026-0003"]
        assert codes(text="〔2026〕12", states=["all"], sort="code") == [
            "SW-2026-0001",
            "SW-2026-0002",
        ]
        assert codes(since="2026-11-26", until="today") == ["SW-2026-0003", "SW-2026-0002"]
        with pytest.raises(InvalidInput):
            codes(states=["lost"])
        with pytest.raises(InvalidInput):
            codes(urgency="very")


def test_search_finds_title_code_sender_and_number(ctx: AppContext) -> None:
    from officedesk.services.search import search

    seed(ctx)
    to_state(
        ctx, "handling"
    )  # 关于开展冬季安全生产大检查的通知, 集团公司办公室, 集团办发〔2026〕12号
    add(
        ctx,
        "华远集团来函",
        kind="letter",
        sender="华远集团有限公司",
        sender_number="华远函〔2026〕8号",
    )
    with ctx.read() as session:

        def found(query: str) -> list[str]:
            return [hit.code for hit in search(session, query, kinds=["incoming"])]

        assert found("冬季安全") == ["SW-2026-0001"]
        assert found("SW-2026-0002") == ["SW-2026-0002"]
        assert found("华远集团有限公司") == ["SW-2026-0002"]
        assert found("集团公司办公室") == ["SW-2026-0001"]
        assert found("集团办发〔2026〕12号") == ["SW-2026-0001"]
        assert found("华远函") == ["SW-2026-0002"]
        hit = search(session, "SW-2026-0001", kinds=["incoming"])[0]
        assert "handling" in subtitle(hit) and "安全环保部" in subtitle(hit)
    step(ctx, svc.update_incoming, 2, {"title": "华远集团关于续签框架协议的来函"})
    with ctx.read() as session:
        assert [h.code for h in search(session, "续签框架", kinds=["incoming"])] == ["SW-2026-0002"]


def test_today_lines(ctx: AppContext) -> None:
    seed(ctx)
    waiting = to_state(ctx, "proposed")
    urgent = to_state(ctx, "handling", urgency="extra_urgent")
    with ctx.write("past") as session:  # handled a month ago, due last week
        session.env.today = TODAY - timedelta(days=30)
        doc = svc.create_incoming(session, {"title": "逾期来文", "received_at": "2026-10-27 10:00"})
        svc.review_incoming(session, doc.id)
        svc.handle_incoming(session, doc.id, "SCGLB", [], "2026-11-19")
    to_state(ctx, "filed", urgency="urgent")  # closed: on no list
    with ctx.read() as session:
        lines = svc.today_lines(session)
    by_section: dict[str, list[str]] = {}
    for line in lines:
        by_section.setdefault(line.section, []).append(line.code)
        assert line.kind == "incoming" and line.detail
    assert by_section == {
        "incoming_waiting": [waiting.code],
        "incoming_urgent": [urgent.code],
        "incoming_overdue": [doc.code],
    }
    overdue = next(line for line in lines if line.section == "incoming_overdue")
    detail = agenda_detail(overdue)
    assert "5" in detail and "生产管理部" in detail  # 5 working days overdue
    assert overdue.when == date(2026, 11, 19)
