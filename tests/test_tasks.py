"""Supervision items (督办) through the service layer: numbering, states, lights, extensions, lists.

Today is Thursday 2026-11-26 (conftest); working-day figures follow the official 2026 calendar.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select

from officedesk.config import DEFAULT_DUE_RULES
from officedesk.context import AppContext, build_context
from officedesk.db import OfficeSession
from officedesk.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from officedesk.i18n import label, t
from officedesk.journal import row_values
from officedesk.models import Counter, JournalEntry, Operation, Task, TaskExtension, TaskLog
from officedesk.models.task_schemas import TaskRead
from officedesk.services.directory import create_department, create_person
from officedesk.services.env import Rules
from officedesk.services.task import (
    TASK_ACTIONS,
    TASK_TRANSITIONS,
    TaskFilter,
    add_log_entry,
    cancel_task,
    complete_task,
    count_tasks,
    create_task,
    decide_extension,
    evaluate_task,
    get_task,
    list_tasks,
    remind_task,
    reopen_task,
    request_extension,
    start_task,
    update_task,
)

TODAY = date(2026, 11, 26)


# ---- helpers -------------------------------------------------------------------------------


def add(ctx: AppContext, title: str = "落实安全生产检查", **fields: Any) -> TaskRead:
    with ctx.write("task.add") as s:
        return create_task(s, {"title": title, **fields})


def add_many(ctx: AppContext, *items: dict[str, Any]) -> list[TaskRead]:
    """Several items in one transaction (one commit keeps the suite fast)."""
    with ctx.write("task.add") as s:
        return [create_task(s, item) for item in items]


def fetch(ctx: AppContext, ref: str | int) -> TaskRead:
    with ctx.read() as s:
        return get_task(s, ref)


def row(ctx: AppContext, ref: int) -> Task:
    with ctx.read() as s:
        task = s.get(Task, ref)
        assert task is not None
        s.expunge(task)  # keep the loaded values readable after the session ends
        return task


def snapshot(ctx: AppContext) -> dict[str, Any]:
    """Everything a refused operation must leave untouched."""
    with ctx.read() as s:
        return {
            "tasks": [row_values(x) for x in s.exec(select(Task).order_by(Task.id))],
            "logs": [row_values(x) for x in s.exec(select(TaskLog).order_by(TaskLog.id))],
            "extensions": [
                row_values(x) for x in s.exec(select(TaskExtension).order_by(TaskExtension.id))
            ],
            "counters": [row_values(x) for x in s.exec(select(Counter))],
            "operations": s.exec(select(func.count()).select_from(Operation)).one(),
            "journal": s.exec(select(func.count()).select_from(JournalEntry)).one(),
        }


ACTIONS: dict[str, Callable[[OfficeSession, str], TaskRead]] = {
    "start": lambda s, ref: start_task(s, ref),
    "done": lambda s, ref: complete_task(s, ref),
    "evaluate": lambda s, ref: evaluate_task(s, ref, 4),
    "cancel": lambda s, ref: cancel_task(s, ref, "no longer needed"),
    "reopen": lambda s, ref: reopen_task(s, ref),
}
PATHS = {
    "assigned": [],
    "in_progress": ["start"],
    "done": ["done"],
    "evaluated": ["done", "evaluate"],
    "cancelled": ["cancel"],
}
# Written out by hand (not derived from TASK_ACTIONS) so that a change to the table fails here.
LEGAL = {
    ("assigned", "start"): "in_progress",
    ("assigned", "done"): "done",
    ("assigned", "cancel"): "cancelled",
    ("in_progress", "done"): "done",
    ("in_progress", "cancel"): "cancelled",
    ("done", "evaluate"): "evaluated",
    ("done", "reopen"): "in_progress",
}
ILLEGAL = [(st, act) for st in PATHS for act in ACTIONS if (st, act) not in LEGAL]


def act(ctx: AppContext, action: str, ref: str) -> TaskRead:
    with ctx.write(f"task.{action}") as s:
        return ACTIONS[action](s, ref)


def make(s: OfficeSession, state: str = "assigned", **fields: Any) -> TaskRead:
    """Create an item and walk it to `state` inside an open write session."""
    task = create_task(s, {"title": "落实安全生产检查", **fields})
    for action in PATHS[state]:
        task = ACTIONS[action](s, task.code)
    assert task.state == state
    return task


def task_in(ctx: AppContext, state: str, **fields: Any) -> TaskRead:
    with ctx.write("setup") as s:
        return make(s, state, **fields)


def codes(page_items: list[TaskRead]) -> list[str]:
    return [x.code for x in page_items]


# ---- numbering -----------------------------------------------------------------------------


def test_first_item_is_numbered_db_2026_0001(ctx: AppContext) -> None:
    created = add(ctx)
    stored = row(ctx, created.id)
    assert (stored.code, stored.year, stored.seq) == ("DB-2026-0001", 2026, 1)


def test_codes_are_consecutive(ctx: AppContext) -> None:
    made = [x.code for x in add_many(ctx, *({"title": f"item {i}"} for i in range(3)))]
    assert made == ["DB-2026-0001", "DB-2026-0002", "DB-2026-0003"]
    with ctx.read() as s:
        assert [x.code for x in s.exec(select(Task).order_by(Task.id))] == made


def test_numbering_restarts_in_a_new_year(ctx: AppContext) -> None:
    add(ctx, "old year")
    add(ctx, "old year again")
    ctx.today = date(2027, 1, 4)
    assert add(ctx, "new year").code == "DB-2027-0001"
    assert add(ctx, "new year again").code == "DB-2027-0002"
    ctx.today = TODAY
    assert add(ctx, "back in 2026").code == "DB-2026-0003"


def test_year_follows_session_today(ctx: AppContext) -> None:
    with ctx.write("task.add") as s:
        s.env.today = date(2027, 1, 4)
        created = create_task(s, {"title": "set on the session"})
    assert fetch(ctx, created.id).code == "DB-2027-0001"


def test_rolled_back_add_gives_its_number_back(ctx: AppContext) -> None:
    add(ctx, "first")
    with pytest.raises(RuntimeError), ctx.write("task.add") as s:
        assert create_task(s, {"title": "doomed"}).code == "DB-2026-0002"
        raise RuntimeError("crash after the number was taken")
    assert add(ctx, "second").code == "DB-2026-0002"
    with ctx.read() as s:
        assert s.exec(select(func.count()).select_from(Task)).one() == 2


def test_refused_add_takes_no_number(ctx: AppContext) -> None:
    with pytest.raises(InvalidInput), ctx.write("task.add") as s:
        create_task(s, {"title": "x", "due": "2026-11-01"})
    assert add(ctx).code == "DB-2026-0001"


def test_lookup_by_id_hash_id_and_code(ctx: AppContext) -> None:
    created = add(ctx)
    for ref in (created.id, str(created.id), f"#{created.id}", "DB-2026-0001", "db-2026-0001"):
        assert fetch(ctx, ref).id == created.id


@pytest.mark.parametrize("ref", ["DB-2026-0099", "99", "#99"])
def test_unknown_item_is_not_found(ctx: AppContext, ref: str) -> None:
    add(ctx)
    with pytest.raises(NotFound) as exc, ctx.read() as s:
        get_task(s, ref)
    assert exc.value.key == "task.not_found"


# ---- the state table -----------------------------------------------------------------------


def test_transition_table_is_the_documented_one() -> None:
    assert {a: (set(src), to) for a, (src, to) in TASK_ACTIONS.items()} == {
        "start": ({"assigned"}, "in_progress"),
        "done": ({"assigned", "in_progress"}, "done"),
        "evaluate": ({"done"}, "evaluated"),
        "cancel": ({"assigned", "in_progress"}, "cancelled"),
        "reopen": ({"done"}, "in_progress"),
    }
    assert {k: set(v) for k, v in TASK_TRANSITIONS.items()} == {
        "assigned": {"in_progress", "done", "cancelled"},
        "in_progress": {"done", "cancelled"},
        "done": {"evaluated", "in_progress"},
        "evaluated": set(),
        "cancelled": set(),
    }


@pytest.mark.parametrize(("state", "action"), sorted(LEGAL))
def test_legal_transition(ctx: AppContext, state: str, action: str) -> None:
    task = task_in(ctx, state)
    act(ctx, action, task.code)
    stored = row(ctx, task.id)
    assert stored.state == LEGAL[state, action]
    assert stored.is_open is (stored.state in ("assigned", "in_progress"))
    last = fetch(ctx, task.id).log
    assert last is not None
    assert (last[-1].from_state, last[-1].to_state) == (state, LEGAL[state, action])


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_illegal_transition_is_refused_and_names_the_legal_actions(
    ctx: AppContext, state: str, action: str
) -> None:
    task = task_in(ctx, state)
    before = snapshot(ctx)
    with pytest.raises(IllegalTransition) as exc:
        act(ctx, action, task.code)
    err = exc.value
    assert err.key == "task.illegal"
    assert err.params["code"] == task.code
    assert (err.params["state"], err.params["action"]) == (state, action)  # codes, not wording
    legal = [a for (st, a) in LEGAL if st == state]
    assert sorted(err.params["allowed"]) == sorted(legal)
    message = str(err)  # the English sentence the CLI prints
    assert task.code in message
    if not legal:
        assert t("task.no_actions") in message
    for name in legal:
        assert label("action", name) in message
    assert snapshot(ctx) == before


def test_is_open_follows_every_state_change(ctx: AppContext) -> None:
    task = add(ctx)
    seen = []
    for action in ("start", "done", "reopen", "cancel"):
        act(ctx, action, task.code)
        stored = row(ctx, task.id)
        seen.append((stored.state, stored.is_open))
    assert seen == [
        ("in_progress", True),
        ("done", False),
        ("in_progress", True),
        ("cancelled", False),
    ]


# ---- done, evaluation, cancel, reopen ------------------------------------------------------


def test_done_on_the_due_date_is_on_time(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    with ctx.write("task.done") as s:
        s.env.today = date(2026, 12, 1)  # a completion date cannot lie ahead
        complete_task(s, task.code, done_on="2026-12-01")
    stored = row(ctx, task.id)
    assert (stored.done_on, stored.on_time) == (date(2026, 12, 1), True)


def test_done_after_the_due_date_is_late(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    with ctx.write("task.done") as s:
        s.env.today = date(2026, 12, 2)  # a completion date cannot lie ahead
        complete_task(s, task.code, done_on="2026-12-02")
    stored = row(ctx, task.id)
    assert (stored.done_on, stored.on_time) == (date(2026, 12, 2), False)


def test_done_defaults_to_today(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    act(ctx, "done", task.code)
    stored = row(ctx, task.id)
    assert (stored.done_on, stored.on_time) == (TODAY, True)


def test_done_late_when_overdue_today(ctx: AppContext) -> None:
    task = add(ctx, assigned_on="2026-11-01", due="2026-11-20")
    act(ctx, "done", task.code)
    assert row(ctx, task.id).on_time is False


def test_done_before_assigned_is_refused(ctx: AppContext) -> None:
    task = add(ctx, assigned_on="2026-11-20")
    before = snapshot(ctx)
    with pytest.raises(InvalidInput) as exc, ctx.write("task.done") as s:
        complete_task(s, task.code, done_on="2026-11-19")
    assert exc.value.key == "task.done_before_assigned"
    assert snapshot(ctx) == before


@pytest.mark.parametrize("score", [1, 5])
def test_evaluation_stores_score_and_comment(ctx: AppContext, score: int) -> None:
    task = task_in(ctx, "done")
    with ctx.write("task.evaluate") as s:
        evaluate_task(s, task.code, score, "  well handled  ")
    stored = row(ctx, task.id)
    assert (stored.state, stored.eval_score, stored.eval_comment) == (
        "evaluated",
        score,
        "well handled",
    )
    log = fetch(ctx, task.id).log
    assert log is not None
    assert log[-1].kind == "evaluation"
    assert log[-1].text.startswith(f"{score}/5")


@pytest.mark.parametrize("score", [0, 6, -1])
def test_evaluation_out_of_range_is_refused(ctx: AppContext, score: int) -> None:
    task = task_in(ctx, "done")
    before = snapshot(ctx)
    with pytest.raises(InvalidInput) as exc, ctx.write("task.evaluate") as s:
        evaluate_task(s, task.code, score)
    assert exc.value.key == "input.range"
    assert snapshot(ctx) == before


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_cancel_needs_a_reason(ctx: AppContext, reason: str) -> None:
    task = add(ctx)
    before = snapshot(ctx)
    with pytest.raises(InvalidInput) as exc, ctx.write("task.cancel") as s:
        cancel_task(s, task.code, reason)
    assert exc.value.key == "task.cancel_reason"
    assert snapshot(ctx) == before


def test_cancel_stores_the_reason(ctx: AppContext) -> None:
    task = add(ctx)
    with ctx.write("task.cancel") as s:
        cancel_task(s, task.code, " 领导已另行安排 ")
    stored = row(ctx, task.id)
    assert (stored.state, stored.is_open, stored.cancel_reason) == (
        "cancelled",
        False,
        "领导已另行安排",
    )
    log = fetch(ctx, task.id).log
    assert log is not None
    assert (log[-1].kind, log[-1].text, log[-1].to_state) == (
        "state",
        "领导已另行安排",
        "cancelled",
    )


def test_reopen_clears_done_on_and_on_time(ctx: AppContext) -> None:
    task = task_in(ctx, "done")
    assert row(ctx, task.id).done_on == TODAY
    act(ctx, "reopen", task.code)
    stored = row(ctx, task.id)
    assert (stored.state, stored.is_open, stored.done_on, stored.on_time) == (
        "in_progress",
        True,
        None,
        None,
    )


# ---- remind and the log --------------------------------------------------------------------


@pytest.mark.parametrize("state", ["assigned", "in_progress"])
def test_remind_an_open_item_logs_it(ctx: AppContext, state: str) -> None:
    task = task_in(ctx, state)
    with ctx.write("task.remind") as s:
        remind_task(s, task.code, "请本周内反馈")
    log = fetch(ctx, task.id).log
    assert log is not None
    assert (log[-1].kind, log[-1].text, log[-1].author) == ("remind", "请本周内反馈", "tester")


@pytest.mark.parametrize("state", ["done", "evaluated", "cancelled"])
def test_remind_a_closed_item_is_refused(ctx: AppContext, state: str) -> None:
    task = task_in(ctx, state)
    before = snapshot(ctx)
    with pytest.raises(IllegalTransition) as exc, ctx.write("task.remind") as s:
        remind_task(s, task.code, "hurry")
    assert exc.value.key == "task.remind_closed"
    assert snapshot(ctx) == before


def test_creation_logs_the_first_state(ctx: AppContext) -> None:
    task = add(ctx)
    log = fetch(ctx, task.id).log
    assert log is not None
    assert [(e.kind, e.author, e.from_state, e.to_state) for e in log] == [
        ("state", "tester", None, "assigned")
    ]


def test_state_change_logs_from_to_note_and_author(ctx: AppContext) -> None:
    task = add(ctx)
    ctx.operator = "王秘书"
    with ctx.write("task.start") as s:
        start_task(s, task.code, "已联系承办人")
    log = fetch(ctx, task.id).log
    assert log is not None
    last = log[-1]
    assert (last.kind, last.text, last.author, last.from_state, last.to_state) == (
        "state",
        "已联系承办人",
        "王秘书",
        "assigned",
        "in_progress",
    )


@pytest.mark.parametrize("kind", ["note", "feedback"])
def test_add_log_entry(ctx: AppContext, kind: str) -> None:
    task = add(ctx)
    with ctx.write("task.log") as s:
        add_log_entry(s, task.code, "已完成初稿", kind)
    log = fetch(ctx, task.id).log
    assert log is not None
    assert (len(log), log[-1].kind, log[-1].text, log[-1].from_state) == (
        2,
        kind,
        "已完成初稿",
        None,
    )


@pytest.mark.parametrize(("kind", "text"), [("state", "x"), ("remind", "x"), ("note", "  ")])
def test_bad_log_entry_is_refused(ctx: AppContext, kind: str, text: str) -> None:
    task = add(ctx)
    before = snapshot(ctx)
    with pytest.raises(InvalidInput), ctx.write("task.log") as s:
        add_log_entry(s, task.code, text, kind)
    assert snapshot(ctx) == before


def test_log_is_in_order_of_writing(ctx: AppContext) -> None:
    task = add(ctx)
    act(ctx, "start", task.code)
    with ctx.write("task.remind") as s:
        remind_task(s, task.code)
    with ctx.write("task.log") as s:
        add_log_entry(s, task.code, "反馈", "feedback")
    act(ctx, "done", task.code)
    log = fetch(ctx, task.id).log
    assert log is not None
    assert [e.kind for e in log] == ["state", "state", "remind", "feedback", "state"]


# ---- extensions (延期) ----------------------------------------------------------------------


def extend(ctx: AppContext, ref: str, new_due: str, reason: str = "材料未到") -> TaskRead:
    with ctx.write("task.extend") as s:
        return request_extension(s, ref, new_due, reason)


def decide(ctx: AppContext, ref: str, approve: bool, note: str = "", by: str = "主任") -> TaskRead:
    """A decision by `by`: not the one who asked (the tests' operator), as the rule wants."""
    with ctx.write("task.extend.decide") as s:
        s.env.operator = by
        return decide_extension(s, ref, approve, note)


def test_the_requester_cannot_approve_their_own_request(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    extend(ctx, task.code, "2026-12-15")
    before = snapshot(ctx)
    with pytest.raises(Conflict) as exc:
        decide(ctx, task.code, True, by="tester")
    assert (exc.value.key, exc.value.params["who"]) == ("task.extension_own", "tester")
    assert snapshot(ctx) == before
    decide(ctx, task.code, False, "撤回", by="tester")  # withdrawing one's own request is fine
    assert fetch(ctx, task.id).extensions[0].status == "refused"  # type: ignore[index]


def test_a_one_person_office_may_approve_its_own_request(ctx: AppContext) -> None:
    from dataclasses import replace

    task = add(ctx, due="2026-12-01")
    extend(ctx, task.code, "2026-12-15")
    with ctx.write("task.extend.decide") as s:
        s.env.rules = replace(s.env.rules, self_approve_extensions=True)
        decide_extension(s, task.code, True)
    assert fetch(ctx, task.id).due == date(2026, 12, 15)


def test_a_request_after_the_due_date_is_marked_late(ctx: AppContext) -> None:
    on_time, late = add(ctx, due="2026-12-01"), add(ctx, due="2026-11-26")
    for ref, day in ((on_time.code, 26), (late.code, 27)):  # on the due date; the day after
        with ctx.write("task.extend") as s:
            s.env.today = date(2026, 11, day)
            s.env.fixed_now = datetime(2026, 11, day, 2, 0, tzinfo=UTC)
            request_extension(s, ref, "2026-12-15", "材料未到")
    assert [e.late for e in fetch(ctx, on_time.id).extensions or []] == [False]
    assert [e.late for e in fetch(ctx, late.id).extensions or []] == [True]


def test_request_keeps_due_and_original_due(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    extend(ctx, task.code, "2026-12-15")
    shown = fetch(ctx, task.id)
    assert (shown.due, shown.original_due) == (date(2026, 12, 1), date(2026, 12, 1))
    assert shown.extensions is not None
    [ext] = shown.extensions
    assert (ext.status, ext.old_due, ext.new_due, ext.reason, ext.requested_by) == (
        "pending",
        date(2026, 12, 1),
        date(2026, 12, 15),
        "材料未到",
        "tester",
    )
    assert shown.log is not None
    assert shown.log[-1].kind == "extension"


def test_approval_moves_due_but_not_original_due(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    extend(ctx, task.code, "2026-12-15")
    ctx.operator = "主任"
    decide(ctx, task.code, True, "同意")
    shown = fetch(ctx, task.id)
    assert (shown.due, shown.original_due) == (date(2026, 12, 15), date(2026, 12, 1))
    assert shown.extensions is not None
    ext = shown.extensions[0]
    assert (ext.status, ext.decided_by, ext.decision_note) == ("approved", "主任", "同意")
    assert ext.decided_at is not None
    assert shown.log is not None
    assert [e.kind for e in shown.log[-2:]] == ["extension", "extension"]


def test_refusal_leaves_due_alone(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    extend(ctx, task.code, "2026-12-15")
    decide(ctx, task.code, False, "不同意")
    shown = fetch(ctx, task.id)
    assert shown.due == date(2026, 12, 1)
    assert shown.extensions is not None
    assert shown.extensions[0].status == "refused"
    assert shown.log is not None
    assert shown.log[-1].kind == "extension"


def test_done_after_approved_extension_counts_as_on_time(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    extend(ctx, task.code, "2026-12-15")
    decide(ctx, task.code, True)
    with ctx.write("task.done") as s:
        s.env.today = date(2026, 12, 10)  # a completion date cannot lie ahead
        complete_task(s, task.code, done_on="2026-12-10")
    assert row(ctx, task.id).on_time is True


def test_only_one_pending_extension(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    extend(ctx, task.code, "2026-12-15")
    before = snapshot(ctx)
    with pytest.raises(Conflict) as exc:
        extend(ctx, task.code, "2026-12-20")
    assert exc.value.key == "task.extension_pending"
    assert snapshot(ctx) == before


def test_new_request_allowed_after_a_decision_and_must_pass_the_new_due(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    extend(ctx, task.code, "2026-12-15")
    decide(ctx, task.code, True)
    with pytest.raises(InvalidInput):
        extend(ctx, task.code, "2026-12-10")
    extend(ctx, task.code, "2026-12-20")
    shown = fetch(ctx, task.id)
    assert shown.extensions is not None
    assert [e.status for e in shown.extensions] == ["approved", "pending"]
    assert shown.extensions[1].old_due == date(2026, 12, 15)


@pytest.mark.parametrize("new_due", ["2026-12-01", "2026-11-30"])
def test_extension_must_be_later_than_due(ctx: AppContext, new_due: str) -> None:
    task = add(ctx, due="2026-12-01")
    before = snapshot(ctx)
    with pytest.raises(InvalidInput) as exc:
        extend(ctx, task.code, new_due)
    assert exc.value.key == "task.extension_not_later"
    assert snapshot(ctx) == before


def test_extension_needs_a_reason(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    before = snapshot(ctx)
    with pytest.raises(InvalidInput) as exc:
        extend(ctx, task.code, "2026-12-15", "  ")
    assert exc.value.key == "task.extension_reason"
    assert snapshot(ctx) == before


def test_extension_accepts_date_words(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    extend(ctx, task.code, "+10wd")
    shown = fetch(ctx, task.id)
    assert shown.extensions is not None
    assert shown.extensions[0].new_due == date(2026, 12, 10)


@pytest.mark.parametrize("state", ["done", "evaluated", "cancelled"])
def test_extension_of_a_closed_item_is_refused(ctx: AppContext, state: str) -> None:
    task = task_in(ctx, state, due="2026-12-01")
    before = snapshot(ctx)
    with pytest.raises(IllegalTransition) as exc:
        extend(ctx, task.code, "2026-12-15")
    assert exc.value.key == "task.extend_closed"
    assert snapshot(ctx) == before


def test_decision_without_pending_request_is_refused(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    before = snapshot(ctx)
    with pytest.raises(NotFound) as exc:
        decide(ctx, task.code, True)
    assert exc.value.key == "task.no_pending_extension"
    assert snapshot(ctx) == before


def test_cancel_refuses_the_pending_extension(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    extend(ctx, task.code, "2026-12-15")
    act(ctx, "cancel", task.code)
    shown = fetch(ctx, task.id)
    assert shown.extensions is not None
    assert shown.extensions[0].status == "refused"
    assert shown.due == date(2026, 12, 1)


def test_decision_on_a_closed_item_is_refused(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    extend(ctx, task.code, "2026-12-15")
    act(ctx, "done", task.code)
    before = snapshot(ctx)
    with pytest.raises(IllegalTransition):
        decide(ctx, task.code, True)
    assert snapshot(ctx) == before


# ---- due dates -----------------------------------------------------------------------------


# Counted in calendar days from Thursday 11-26; a limit ending on a weekend ends on the next
# working day (Saturday 12-26 → Monday 12-28, Sunday 11-29 → Monday 11-30).
@pytest.mark.parametrize(
    ("source", "priority", "due"),
    [
        ("incoming", "normal", date(2026, 12, 28)),
        ("incoming", "urgent", date(2026, 12, 1)),  # [due] "incoming.urgent": +5d
        ("meeting", "normal", date(2026, 12, 16)),
        ("leadership", "urgent", date(2026, 11, 30)),
        ("leadership", "normal", date(2026, 12, 11)),
        ("leadership", "difficult", date(2026, 12, 28)),
        ("superior", "urgent", date(2026, 11, 30)),
        ("department", "difficult", date(2026, 12, 11)),
    ],
)
def test_default_due_by_source_and_priority(
    ctx: AppContext, source: str, priority: str, due: date
) -> None:
    task = add(ctx, source=source, priority=priority)
    assert row(ctx, task.id).due == due
    assert row(ctx, task.id).original_due == due


def test_default_due_counts_from_the_assigned_date(ctx: AppContext) -> None:
    task = add(ctx, source="meeting", assigned_on="2026-11-20")
    assert row(ctx, task.id).due == date(2026, 12, 10)


def test_default_due_follows_a_custom_working_day_rule(ctx: AppContext) -> None:
    with ctx.write("task.add") as s:
        s.env.rules = Rules(due_rules={**DEFAULT_DUE_RULES, "meeting": "+10wd"})
        created = create_task(s, {"title": "会议决议", "source": "meeting"})
    assert row(ctx, created.id).due == date(2026, 12, 10)


def test_default_due_rule_from_the_config_file(ctx: AppContext, tmp_path: Path) -> None:
    config = tmp_path / "home" / "config" / "officedesk" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[due]\n"leadership.urgent" = "+2wd"\n', encoding="utf-8")
    configured = build_context(lang="en")
    try:
        created = add(configured, priority="urgent")
    finally:
        configured.close()
    assert row(ctx, created.id).due == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("word", "due"),
    [
        ("+5wd", date(2026, 12, 3)),
        ("下周一", date(2026, 11, 30)),
        ("2026-12-24", date(2026, 12, 24)),
        ("tomorrow", date(2026, 11, 27)),
        ("eom", date(2026, 11, 30)),
    ],
)
def test_due_date_words(ctx: AppContext, word: str, due: date) -> None:
    task = add(ctx, due=word)
    assert row(ctx, task.id).due == due


def test_due_as_a_date_object(ctx: AppContext) -> None:
    task = add(ctx, due=date(2026, 12, 24))
    assert row(ctx, task.id).due == date(2026, 12, 24)


@pytest.mark.parametrize("word", ["someday", "2026-02-30", "+99999d"])
def test_bad_due_word_is_refused(ctx: AppContext, word: str) -> None:
    before = snapshot(ctx)
    with pytest.raises(InvalidInput) as exc:
        add(ctx, due=word)
    assert exc.value.key == "date.invalid"
    assert snapshot(ctx) == before


def test_due_before_assigned_is_refused(ctx: AppContext) -> None:
    before = snapshot(ctx)
    with pytest.raises(InvalidInput) as exc:
        add(ctx, due="2026-11-25")
    assert exc.value.key == "task.due_before_assigned"
    assert snapshot(ctx) == before


def test_back_dated_assignment_allows_an_earlier_due(ctx: AppContext) -> None:
    task = add(ctx, assigned_on="2026-11-20", due="2026-11-25")
    stored = row(ctx, task.id)
    assert (stored.assigned_on, stored.due) == (date(2026, 11, 20), date(2026, 11, 25))


def test_edit_due_before_assigned_is_refused(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    before = snapshot(ctx)
    with pytest.raises(InvalidInput), ctx.write("task.edit") as s:
        update_task(s, task.code, {"due": "2026-11-20"})
    assert snapshot(ctx) == before


def test_edit_due_of_a_closed_item_is_refused(ctx: AppContext) -> None:
    task = task_in(ctx, "done", due="2026-12-01")
    before = snapshot(ctx)
    with pytest.raises(IllegalTransition) as exc, ctx.write("task.edit") as s:
        update_task(s, task.code, {"due": "2026-12-20"})
    assert exc.value.key == "task.due_closed"
    assert snapshot(ctx) == before


def test_edit_logs_the_changed_fields(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    with ctx.write("task.edit") as s:
        update_task(s, task.code, {"title": "新标题", "priority": "urgent", "due": "2026-12-03"})
    shown = fetch(ctx, task.id)
    assert (shown.title, shown.priority, shown.due) == ("新标题", "urgent", date(2026, 12, 3))
    assert shown.log is not None
    assert shown.log[-1].kind == "edit"
    assert t("field.title") in shown.log[-1].text
    assert "2026-12-01 → 2026-12-03" in shown.log[-1].text


def test_edit_without_change_writes_nothing(ctx: AppContext) -> None:
    task = add(ctx, title="same")
    before = snapshot(ctx)
    with ctx.write("task.edit") as s:
        update_task(s, task.code, {"title": "same"})
    assert snapshot(ctx) == before


# ---- lights --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "light", "due_in"),
    [
        ("2026-11-26", "yellow", 0),  # due today
        ("2026-11-28", "yellow", 1),  # a Saturday: one working day away
        ("2026-11-30", "yellow", 2),
        ("2026-12-01", "yellow", 3),  # the yellow limit itself
        ("2026-12-02", "green", 4),
        ("2026-12-10", "green", 10),
    ],
)
def test_light_by_working_days(ctx: AppContext, due: str, light: str, due_in: int) -> None:
    task = add(ctx, due=due)
    shown = fetch(ctx, task.id)
    assert (shown.light, shown.due_in_workdays, shown.overdue) == (light, due_in, False)


def test_yesterday_is_red_and_overdue(ctx: AppContext) -> None:
    task = add(ctx, assigned_on="2026-11-20", due="2026-11-25")
    shown = fetch(ctx, task.id)
    assert (shown.light, shown.overdue, shown.due_in_workdays) == ("red", True, -1)


def test_light_counts_holidays(ctx: AppContext) -> None:
    ctx.today = date(2026, 9, 29)
    task = add(ctx, due="2026-10-09")  # ten calendar days, but National Day lies between
    shown = fetch(ctx, task.id)
    assert (shown.light, shown.due_in_workdays) == ("yellow", 3)
    ctx.today = date(2026, 9, 22)
    assert fetch(ctx, task.id).light == "green"


def test_yellow_limit_comes_from_the_rules(ctx: AppContext) -> None:
    task = add(ctx, due="2026-11-30")
    with ctx.read() as s:
        s.env.rules = Rules(yellow_workdays=1)
        assert get_task(s, task.id).light == "green"
        s.env.rules = Rules(yellow_workdays=2)
        assert get_task(s, task.id).light == "yellow"


def test_light_moves_with_today(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-10")
    assert fetch(ctx, task.id).light == "green"
    ctx.today = date(2026, 12, 8)
    assert fetch(ctx, task.id).light == "yellow"
    ctx.today = date(2026, 12, 11)
    assert fetch(ctx, task.id).light == "red"


@pytest.mark.parametrize("state", ["done", "evaluated", "cancelled"])
def test_closed_item_has_no_light_and_is_not_overdue(ctx: AppContext, state: str) -> None:
    task = task_in(ctx, state, assigned_on="2026-11-01", due="2026-11-20")
    shown = fetch(ctx, task.id)
    assert (shown.light, shown.overdue, shown.due_in_workdays) == (None, False, None)


def test_due_in_2027_is_flagged_as_estimated(ctx: AppContext) -> None:
    later = add(ctx, due="2027-01-15")
    sooner = add(ctx, due="2026-12-10")
    assert fetch(ctx, later.id).calendar_estimated is True
    assert fetch(ctx, sooner.id).calendar_estimated is False


# ---- listing -------------------------------------------------------------------------------


@pytest.fixture
def office(ctx: AppContext) -> dict[str, TaskRead]:
    """Two departments, two people and a handful of items in every state."""
    with ctx.write("setup") as s:
        create_department(s, {"name": "办公室", "code": "BGS"})
        create_department(s, {"name": "财务部", "code": "CWB"})
        create_person(s, {"name": "张三", "dept": "办公室"})
        create_person(s, {"name": "李四", "dept": "财务部"})
        items = {
            "audit": make(
                s,
                title="年度审计整改",
                dept="财务部",
                owner="李四",
                source="superior",
                category="审计",
                priority="difficult",
                due="2026-12-20",
            ),
            "safety": make(
                s,
                title="落实安全生产检查",
                detail="覆盖所有仓库",
                dept="办公室",
                owner="张三",
                source="meeting",
                category="安全",
                priority="urgent",
                due="2026-11-30",
            ),
            "late": make(
                s,
                title="Quarterly REPORT",
                dept="办公室",
                source="incoming",
                source_ref="X司发〔2026〕12号",
                assigned_on="2026-11-01",
                due="2026-11-20",
            ),
            "done": make(s, "done", title="已办结事项", dept="财务部", due="2026-12-01"),
            "cancelled": make(s, "cancelled", title="取消事项", due="2026-12-01"),
        }
    return items


def listed(ctx: AppContext, flt: TaskFilter | None = None, **kw: Any) -> list[str]:
    with ctx.read() as s:
        return codes(list_tasks(s, flt, **kw).items)


def test_default_list_is_open_items_by_due(ctx: AppContext, office: dict[str, TaskRead]) -> None:
    assert listed(ctx) == [office[k].code for k in ("late", "safety", "audit")]


def test_state_all_lists_everything(ctx: AppContext, office: dict[str, TaskRead]) -> None:
    assert set(listed(ctx, TaskFilter(states=["all"]))) == {x.code for x in office.values()}


@pytest.mark.parametrize("state", ["done", "cancelled"])
def test_state_filter(ctx: AppContext, office: dict[str, TaskRead], state: str) -> None:
    assert listed(ctx, TaskFilter(states=[state])) == [office[state].code]


def test_unknown_state_is_refused(ctx: AppContext, office: dict[str, TaskRead]) -> None:
    with pytest.raises(InvalidInput), ctx.read() as s:
        list_tasks(s, TaskFilter(states=["finished"]))


@pytest.mark.parametrize("dept", ["财务部", "CWB", "cwb", "caiwubu", "财务"])
def test_dept_filter(ctx: AppContext, office: dict[str, TaskRead], dept: str) -> None:
    result = listed(ctx, TaskFilter(states=["all"], dept=dept))
    assert sorted(result) == sorted([office["audit"].code, office["done"].code])


@pytest.mark.parametrize("owner", ["张三", "zhangsan", "zs"])
def test_owner_filter(ctx: AppContext, office: dict[str, TaskRead], owner: str) -> None:
    assert listed(ctx, TaskFilter(owner=owner)) == [office["safety"].code]


def test_owner_filter_unknown_person(ctx: AppContext, office: dict[str, TaskRead]) -> None:
    with pytest.raises(NotFound), ctx.read() as s:
        list_tasks(s, TaskFilter(owner="王五"))


def test_source_filter(ctx: AppContext, office: dict[str, TaskRead]) -> None:
    assert listed(ctx, TaskFilter(source="incoming")) == [office["late"].code]
    with pytest.raises(InvalidInput), ctx.read() as s:
        list_tasks(s, TaskFilter(source="rumour"))


def test_category_filter(ctx: AppContext, office: dict[str, TaskRead]) -> None:
    assert listed(ctx, TaskFilter(category=" 审计 ")) == [office["audit"].code]


def test_priority_filter(ctx: AppContext, office: dict[str, TaskRead]) -> None:
    assert listed(ctx, TaskFilter(priority="urgent")) == [office["safety"].code]
    assert listed(ctx, TaskFilter(priority="difficult")) == [office["audit"].code]
    with pytest.raises(InvalidInput), ctx.read() as s:
        list_tasks(s, TaskFilter(priority="high"))


def test_overdue_filter_only_open_items(ctx: AppContext, office: dict[str, TaskRead]) -> None:
    ctx.today = date(2026, 12, 2)  # the done and cancelled items are past due too
    assert listed(ctx, TaskFilter(states=["all"], overdue=True)) == [
        office["late"].code,
        office["safety"].code,
    ]


def test_due_soon_filter(ctx: AppContext, office: dict[str, TaskRead]) -> None:
    assert listed(ctx, TaskFilter(due_soon=True)) == [office["safety"].code]


def test_due_soon_matches_the_yellow_light_on_a_thursday(ctx: AppContext) -> None:
    add_many(ctx, *({"title": f"d{i}", "due": f"2026-12-{i:02d}"} for i in range(1, 8)))
    add(ctx, "sat", due="2026-11-28")
    with ctx.read() as s:
        yellow = {x.code for x in list_tasks(s).items if x.light == "yellow"}
        soon = set(codes(list_tasks(s, TaskFilter(due_soon=True)).items))
    assert soon == yellow
    assert len(soon) == 2


def test_due_soon_matches_the_yellow_light_before_a_weekend(ctx: AppContext) -> None:
    ctx.today = date(2026, 11, 24)  # Tuesday: three working days on is Friday 11-27
    add_many(
        ctx,
        {"title": "fri", "due": "2026-11-27"},
        {"title": "sat", "due": "2026-11-28"},
        {"title": "sun", "due": "2026-11-29"},
        {"title": "mon", "due": "2026-11-30"},
    )
    with ctx.read() as s:
        yellow = {x.title for x in list_tasks(s).items if x.light == "yellow"}
        soon = {x.title for x in list_tasks(s, TaskFilter(due_soon=True)).items}
    assert yellow == {"fri", "sat", "sun"}
    assert soon == yellow


def test_due_before_and_after_are_inclusive(ctx: AppContext, office: dict[str, TaskRead]) -> None:
    flt = TaskFilter(states=["all"], due_after="2026-11-30", due_before="2026-12-01")
    assert sorted(listed(ctx, flt)) == sorted(
        [office["safety"].code, office["done"].code, office["cancelled"].code]
    )


def test_due_filters_take_date_words(ctx: AppContext, office: dict[str, TaskRead]) -> None:
    assert listed(ctx, TaskFilter(due_before="下周一")) == [
        office["late"].code,
        office["safety"].code,
    ]
    assert listed(ctx, TaskFilter(due_after=date(2026, 12, 2))) == [office["audit"].code]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("安全", "safety"),  # Chinese, in the title
        ("仓库", "safety"),  # in the detail
        ("quarterly report", "late"),  # case-insensitive ASCII
        ("〔2026〕12", "late"),  # in the source reference
        ("DB-2026-0001", "audit"),  # the code
    ],
)
def test_text_filter(ctx: AppContext, office: dict[str, TaskRead], text: str, key: str) -> None:
    assert listed(ctx, TaskFilter(text=text)) == [office[key].code]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("100%", ["100% 完成"]), ("a_b", ["a_b 项"]), ("\\", ["C:\\dir 路径"]), ("%", ["100% 完成"])],
)
def test_text_filter_treats_like_wildcards_literally(
    ctx: AppContext, query: str, expected: list[str]
) -> None:
    titles = ("100% 完成", "1000 完成", "a_b 项", "axb 项", "C:\\dir 路径", "C:dir 路径")
    add_many(ctx, *({"title": title} for title in titles))
    with ctx.read() as s:
        assert [x.title for x in list_tasks(s, TaskFilter(text=query)).items] == expected


def test_blank_text_filter_is_ignored(ctx: AppContext, office: dict[str, TaskRead]) -> None:
    assert listed(ctx, TaskFilter(text="   ")) == listed(ctx)


def test_filters_combine(ctx: AppContext, office: dict[str, TaskRead]) -> None:
    assert listed(ctx, TaskFilter(dept="办公室", priority="urgent")) == [office["safety"].code]
    assert listed(ctx, TaskFilter(dept="办公室", source="superior")) == []


def test_default_order_due_then_priority_then_id(ctx: AppContext) -> None:
    a, b, c, d, e = add_many(
        ctx,
        {"title": "later", "due": "2026-12-10", "priority": "urgent"},
        {"title": "difficult", "due": "2026-12-05", "priority": "difficult"},
        {"title": "normal", "due": "2026-12-05", "priority": "normal"},
        {"title": "urgent 1", "due": "2026-12-05", "priority": "urgent"},
        {"title": "urgent 2", "due": "2026-12-05", "priority": "urgent"},
    )
    assert listed(ctx) == [x.code for x in (d, e, c, b, a)]


def test_priority_sort(ctx: AppContext) -> None:
    a = add(ctx, "normal soon", due="2026-12-01", priority="normal")
    b = add(ctx, "urgent late", due="2026-12-20", priority="urgent")
    assert listed(ctx, TaskFilter(sort="priority")) == [b.code, a.code]
    with pytest.raises(InvalidInput), ctx.read() as s:
        list_tasks(s, TaskFilter(sort="random"))


def test_paging(ctx: AppContext) -> None:
    specs = ({"title": f"item {i}", "due": f"2026-12-{i + 1:02d}"} for i in range(5))
    made = [x.code for x in add_many(ctx, *specs)]
    pages = []
    with ctx.read() as s:
        for offset in (0, 2, 4):
            page = list_tasks(s, limit=2, offset=offset)
            pages.append((codes(page.items), page.has_more))
    assert pages == [(made[0:2], True), (made[2:4], True), (made[4:], False)]


def test_last_full_page_has_no_more(ctx: AppContext) -> None:
    add_many(ctx, *({"title": f"item {i}"} for i in range(4)))
    with ctx.read() as s:
        page = list_tasks(s, limit=2, offset=2)
        assert (len(page.items), page.has_more) == (2, False)
        assert list_tasks(s, limit=2, offset=4).items == []


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (10_001, 0), (10, -1)])
def test_bad_paging_is_refused(ctx: AppContext, limit: int, offset: int) -> None:
    with pytest.raises(InvalidInput), ctx.read() as s:
        list_tasks(s, limit=limit, offset=offset)


def test_count_tasks_follows_the_filter(ctx: AppContext, office: dict[str, TaskRead]) -> None:
    with ctx.read() as s:
        assert count_tasks(s) == 3
        assert count_tasks(s, TaskFilter(states=["all"])) == 5
        assert count_tasks(s, TaskFilter(overdue=True)) == 1
        assert count_tasks(s, TaskFilter(dept="财务部", states=["all"])) == 2
        assert count_tasks(s, TaskFilter(text="安全")) == 1


def test_list_rows_carry_names_and_lights(ctx: AppContext, office: dict[str, TaskRead]) -> None:
    with ctx.read() as s:
        rows = {x.code: x for x in list_tasks(s).items}
    safety = rows[office["safety"].code]
    assert (safety.dept, safety.owner, safety.light, safety.priority) == (
        "办公室",
        "张三",
        "yellow",
        "urgent",
    )
    assert rows[office["late"].code].light == "red"
    assert rows[office["audit"].code].light == "green"


# ---- input validation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "",
        "   ",
        "a" * 201,
        "长" * 201,
        "x" * 100_000,
        "a\x00b",
        "two\nlines",
        "tab\there",
        "\x7f",
        "\x9b",
    ],
    ids=["empty", "blank", "201", "201-cjk", "100KB", "nul", "newline", "tab", "del", "c1"],
)
def test_bad_title_is_refused_and_nothing_written(ctx: AppContext, title: str) -> None:
    before = snapshot(ctx)
    with pytest.raises(InvalidInput) as exc:
        add(ctx, title)
    assert exc.value.key in ("input.required", "input.too_long", "input.control")
    assert snapshot(ctx) == before
    assert add(ctx, "next").code == "DB-2026-0001"


def test_title_of_200_characters_is_accepted(ctx: AppContext) -> None:
    task = add(ctx, "题" * 200)
    assert row(ctx, task.id).title == "题" * 200


def test_title_is_trimmed(ctx: AppContext) -> None:
    task = add(ctx, "  整理档案  ")
    assert row(ctx, task.id).title == "整理档案"


@pytest.mark.parametrize(
    "fields",
    [{"source": "rumour"}, {"priority": "high"}, {"detail": "x" * 20_001}, {"category": "a\nb"}],
)
def test_bad_field_is_refused(ctx: AppContext, fields: dict[str, Any]) -> None:
    before = snapshot(ctx)
    with pytest.raises(InvalidInput):
        add(ctx, **fields)
    assert snapshot(ctx) == before


def test_unknown_dept_is_refused(ctx: AppContext) -> None:
    before = snapshot(ctx)
    with pytest.raises(NotFound):
        add(ctx, dept="不存在的部门")
    assert snapshot(ctx) == before


def test_owner_without_dept_fills_dept(ctx: AppContext) -> None:
    with ctx.write("setup") as s:
        dept = create_department(s, {"name": "办公室"})
        create_person(s, {"name": "张三", "dept": "办公室"})
    task = add(ctx, owner="zs")
    stored = row(ctx, task.id)
    assert stored.dept_id == dept.id
    assert fetch(ctx, task.id).dept == "办公室"


def test_owner_without_a_dept_leaves_dept_empty(ctx: AppContext) -> None:
    with ctx.write("setup") as s:
        create_person(s, {"name": "张三"})
    task = add(ctx, owner="张三")
    shown = fetch(ctx, task.id)
    assert (shown.owner, shown.dept_id) == ("张三", None)


def test_created_by_is_the_operator(ctx: AppContext) -> None:
    ctx.operator = "王秘书"
    task = add(ctx)
    assert row(ctx, task.id).created_by == "王秘书"


@pytest.mark.parametrize(
    ("title", "key"),
    [("a" * 201, "input.too_long"), ("  ", "input.required")],
    ids=["201", "blank"],
)
def test_bad_title_in_an_edit_names_the_problem(ctx: AppContext, title: str, key: str) -> None:
    task = add(ctx)
    before = snapshot(ctx)
    with pytest.raises(InvalidInput) as exc, ctx.write("task.edit") as s:
        update_task(s, task.code, {"title": title})
    assert snapshot(ctx) == before
    assert exc.value.key == key


def test_done_settles_a_pending_extension(ctx: AppContext) -> None:
    task = add(ctx, due="2026-12-01")
    extend(ctx, task.code, "2026-12-15")
    act(ctx, "done", task.code)
    shown = fetch(ctx, task.id)
    assert shown.extensions is not None
    assert [e.status for e in shown.extensions] != ["pending"]


@pytest.mark.parametrize(
    ("state", "offered"),
    [
        ("assigned", ["start", "done", "cancel", "remind", "extend", "log"]),
        ("in_progress", ["done", "cancel", "remind", "extend", "log"]),
        ("done", ["evaluate", "reopen", "log"]),
        ("evaluated", ["log"]),
        ("cancelled", ["log"]),
    ],
)
def test_offered_operations_follow_the_state(state: str, offered: list[str]) -> None:
    from officedesk.services.task import offered_operations

    assert offered_operations(state) == offered


def test_a_pending_request_is_on_today_with_its_age_and_lateness(ctx: AppContext) -> None:
    from officedesk.services.task.today import today_lines
    from officedesk.views.today import agenda_detail

    task = add(ctx, due="2026-11-20", assigned_on="2026-11-10")
    with ctx.write("task.extend") as s:
        s.env.fixed_now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday, after the due date
        request_extension(s, task.code, "2026-12-15", "材料未到")
    with ctx.read() as s:
        [line] = today_lines(s)  # read on Thursday 2026-11-26
    assert (line.section, line.kind, line.ref_id) == ("extensions_pending", "task", task.id)
    assert agenda_detail(line).split(", ") == [
        "due 2026-11-20 → asks for 2026-12-15",
        "waiting 3 working days",
        "asked after the due date",
    ]
    decide(ctx, task.code, True)
    with ctx.read() as s:
        assert today_lines(s) == []


# ---- 果必报: the result goes back to the leader who assigned the item ----------------------


def test_done_reports_back_to_the_leader_who_assigned_it(ctx: AppContext) -> None:
    task = add(ctx, leader="刘振华")
    assert task.leader == "刘振华"
    with ctx.write("task.done") as s:
        complete_task(s, task.code, note="已整改完毕")
    done = fetch(ctx, task.code)
    assert done.log is not None
    kinds = [(entry.kind, entry.text) for entry in done.log]
    assert kinds[-2:] == [("state", "已整改完毕"), ("reported", "刘振华")]
    plain = add(ctx, "无交办领导")
    with ctx.write("task.done") as s:
        complete_task(s, plain.code)
    quiet = fetch(ctx, plain.code)
    assert quiet.log is not None and "reported" not in [entry.kind for entry in quiet.log]


def test_the_leader_can_be_given_later(ctx: AppContext) -> None:
    task = add(ctx)
    with ctx.write("task.edit") as s:
        edited = update_task(s, task.code, {"leader": "  刘振华 "})
    assert edited.leader == "刘振华"
