"""The generic change journal, a record's history, and undo of the operator's last operation."""

import json
from contextlib import nullcontext
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select

import officedesk.services.history as history
from officedesk.context import AppContext
from officedesk.demo.clock import travel
from officedesk.errors import Conflict, NotFound
from officedesk.i18n import label
from officedesk.journal import journal_held, row_values
from officedesk.models import (
    Counter,
    Department,
    JournalEntry,
    Operation,
    Person,
    Task,
    TaskExtension,
    TaskLog,
)
from officedesk.models.task_schemas import TaskRead
from officedesk.services.directory import create_department, create_person, update_department
from officedesk.services.history import UndoResult, record_history, undo_last
from officedesk.services.task import (
    complete_task,
    create_task,
    decide_extension,
    remind_task,
    request_extension,
    start_task,
    update_task,
)

# ---- helpers -------------------------------------------------------------------------------


def add_task(ctx: AppContext, title: str = "落实安全生产检查", **fields: Any) -> TaskRead:
    with ctx.write("task.add") as s:
        return create_task(s, {"title": title, **fields})


def undo(ctx: AppContext) -> UndoResult:
    with ctx.write("undo") as s:
        return undo_last(s)


def operations(ctx: AppContext) -> list[dict[str, Any]]:
    with ctx.read() as s:
        return [row_values(op) for op in s.exec(select(Operation).order_by(Operation.id))]


def journal(ctx: AppContext, op_id: int) -> list[dict[str, Any]]:
    """The entries of one operation, with before/after decoded."""
    with ctx.read() as s:
        stmt = select(JournalEntry).where(JournalEntry.operation_id == op_id)
        rows = [row_values(e) for e in s.exec(stmt.order_by(JournalEntry.id))]
    for entry in rows:
        for side in ("before", "after"):
            entry[side] = json.loads(entry[side]) if entry[side] else None
    return rows


def by_entity(entries: list[dict[str, Any]], entity: str) -> list[dict[str, Any]]:
    return [e for e in entries if e["entity"] == entity]


def count(ctx: AppContext, model: type) -> int:
    with ctx.read() as s:
        return s.exec(select(func.count()).select_from(model)).one()


def task_row(ctx: AppContext, task_id: int) -> dict[str, Any] | None:
    with ctx.read() as s:
        found = s.get(Task, task_id)
        return row_values(found) if found else None


def snapshot(ctx: AppContext) -> dict[str, Any]:
    """Every table undo may touch, row by row."""
    with ctx.read() as s:
        return {
            model.__name__: [row_values(r) for r in s.exec(select(model))]
            for model in (
                Department,
                Person,
                Task,
                TaskLog,
                TaskExtension,
                Counter,
                Operation,
                JournalEntry,
            )
        }


# ---- the journal ---------------------------------------------------------------------------


def test_add_is_one_operation_with_operator_and_name(ctx: AppContext) -> None:
    add_task(ctx)
    [op] = operations(ctx)
    assert (op["operator"], op["name"], op["undo_of_id"], op["undone_by_id"]) == (
        "tester",
        "task.add",
        None,
        None,
    )


def test_add_journals_every_row_it_wrote(ctx: AppContext) -> None:
    task = add_task(ctx, "整理档案")
    [op] = operations(ctx)
    entries = journal(ctx, op["id"])
    assert by_entity(entries, "counter") == []  # counters are bookkeeping: undo never lowers one
    [inserted] = by_entity(entries, "task")
    assert (inserted["action"], inserted["entity_id"], inserted["before"]) == (
        "insert",
        str(task.id),
        None,
    )
    assert inserted["after"]["title"] == "整理档案"
    assert inserted["after"]["code"] == "DB-2026-0001"
    assert inserted["after"]["state"] == "assigned"
    [log] = by_entity(entries, "task_log")
    assert (log["action"], log["parent_entity"], log["parent_id"]) == (
        "insert",
        "task",
        str(task.id),
    )
    assert log["after"]["kind"] == "state"


def test_update_journals_only_the_changed_fields(ctx: AppContext) -> None:
    task = add_task(ctx, "旧标题", due="2026-12-01")
    with ctx.write("task.edit") as s:
        update_task(s, task.code, {"title": "新标题", "detail": ""})
    op = operations(ctx)[-1]
    assert op["name"] == "task.edit"
    [changed] = by_entity(journal(ctx, op["id"]), "task")
    assert changed["action"] == "update"
    assert set(changed["before"]) == {"title", "updated_at"}
    assert (changed["before"]["title"], changed["after"]["title"]) == ("旧标题", "新标题")


def test_transition_journals_state_before_and_after(ctx: AppContext) -> None:
    task = add_task(ctx, due="2026-12-01")
    with ctx.write("task.done") as s:
        complete_task(s, task.code)
    [changed] = by_entity(journal(ctx, operations(ctx)[-1]["id"]), "task")
    assert {k: changed["before"][k] for k in ("state", "is_open", "done_on", "on_time")} == {
        "state": "assigned",
        "is_open": True,
        "done_on": None,
        "on_time": None,
    }
    assert {k: changed["after"][k] for k in ("state", "is_open", "done_on", "on_time")} == {
        "state": "done",
        "is_open": False,
        "done_on": "2026-11-26",
        "on_time": True,
    }


def test_directory_changes_are_journaled(ctx: AppContext) -> None:
    with ctx.write("dept.add") as s:
        dept = create_department(s, {"name": "办公室"})
    with ctx.write("dept.edit") as s:
        update_department(s, "办公室", {"name": "综合办"})
    add_op, edit_op = operations(ctx)
    [inserted] = journal(ctx, add_op["id"])
    assert (inserted["entity"], inserted["entity_id"], inserted["action"]) == (
        "department",
        str(dept.id),
        "insert",
    )
    [updated] = journal(ctx, edit_op["id"])
    assert updated["before"]["name"] == "办公室"
    assert (updated["after"]["name"], updated["after"]["pinyin"]) == ("综合办", "zongheban")


def test_operator_comes_from_the_context(ctx: AppContext) -> None:
    ctx.operator = "王秘书"
    add_task(ctx)
    assert [op["operator"] for op in operations(ctx)] == ["王秘书"]


def test_several_flushes_in_one_write_are_one_operation(ctx: AppContext) -> None:
    with ctx.write("setup") as s:
        create_department(s, {"name": "办公室"})
        create_person(s, {"name": "张三", "dept": "办公室"})
        create_task(s, {"title": "a", "owner": "张三"})
    [op] = operations(ctx)
    assert op["name"] == "setup"
    entities = {e["entity"] for e in journal(ctx, op["id"])}
    assert entities == {"department", "person", "task", "task_log"}


def _steps_journaled(ctx: AppContext, *, held: bool) -> list[dict[str, Any]]:
    """Two items added, one reminded, started and done, at one fixed moment: inserts and
    updates over a dozen flushes, the journal of the one operation they are."""
    moment = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    with (
        ctx.write("setup") as s,
        travel(s, moment),
        journal_held(s) if held else nullcontext(),
    ):
        task = create_task(s, {"title": "a"})
        create_task(s, {"title": "b"})
        remind_task(s, task.code, "催办")
        start_task(s, task.code)
        complete_task(s, task.code)
    [op] = operations(ctx)
    return journal(ctx, op["id"])


def test_held_journal_writes_what_each_flush_would(ctx: AppContext, private_ctx: Any) -> None:
    """The demo's fill holds its entries and writes them at its end: the same entries, in the
    same order, with the same ids."""
    assert _steps_journaled(private_ctx, held=True) == _steps_journaled(ctx, held=False)


def test_refused_operation_leaves_no_journal(ctx: AppContext) -> None:
    task = add_task(ctx)
    before = snapshot(ctx)
    with pytest.raises(NotFound), ctx.write("task.start") as s:
        remind_task(s, task.code, "first a change")
        start_task(s, "DB-2026-0099")
    assert snapshot(ctx) == before


def test_reads_and_empty_writes_leave_no_operation(ctx: AppContext) -> None:
    task = add_task(ctx, "same")
    with ctx.read() as s:
        record_history(s, task.code)
    with ctx.write("task.edit") as s:
        update_task(s, task.code, {"title": "same"})
    assert len(operations(ctx)) == 1


# ---- history -------------------------------------------------------------------------------


def test_task_history_includes_its_log_entries(ctx: AppContext) -> None:
    task = add_task(ctx, due="2026-12-01")
    with ctx.write("task.start") as s:
        start_task(s, task.code)
    with ctx.write("task.remind") as s:
        remind_task(s, task.code, "请尽快")
    with ctx.read() as s:
        name, changes = record_history(s, task.code)
    assert name == task.code
    assert [(c.operation, c.entity, c.action) for c in changes] == [
        ("task.add", "task", "insert"),
        ("task.add", "task_log", "insert"),
        ("task.start", "task_log", "insert"),
        ("task.start", "task", "update"),
        ("task.remind", "task_log", "insert"),
        ("task.remind", "task", "update"),
    ]
    assert all(c.operator == "tester" and not c.undone for c in changes)
    [reminder] = [c for c in changes if c.operation == "task.remind" and c.entity == "task_log"]
    assert reminder.after is not None
    assert (reminder.after["kind"], reminder.after["text"]) == ("remind", "请尽快")


def test_task_history_includes_extensions(ctx: AppContext) -> None:
    task = add_task(ctx, due="2026-12-01")
    with ctx.write("task.extend") as s:
        request_extension(s, task.code, "2026-12-15", "材料未到")
    with ctx.read() as s:
        _, changes = record_history(s, task.code)
    assert ("task.extend", "task_extension", "insert") in [
        (c.operation, c.entity, c.action) for c in changes
    ]


@pytest.mark.parametrize("ref", ["DB-2026-0002", "db-2026-0002", "2", "#2"])
def test_history_of_one_task_leaves_others_out(ctx: AppContext, ref: str) -> None:
    add_task(ctx, "first")
    second = add_task(ctx, "second")
    add_task(ctx, "third")
    with ctx.write("task.remind") as s:
        remind_task(s, "DB-2026-0001")
    with ctx.read() as s:
        name, changes = record_history(s, ref)
    assert name == "DB-2026-0002"
    assert changes
    for change in changes:
        assert change.entity in ("task", "task_log")
        if change.entity == "task":
            assert change.entity_id == str(second.id)


@pytest.mark.parametrize(
    ("ref", "entity"),
    [
        ("dept:办公室", "department"),
        ("部门:bgs", "department"),
        ("person:张三", "person"),
        ("zhangsan", "person"),
        ("办公室", "department"),
    ],
)
def test_history_of_directory_records(ctx: AppContext, ref: str, entity: str) -> None:
    with ctx.write("setup") as s:
        create_department(s, {"name": "办公室"})
        create_person(s, {"name": "张三", "dept": "办公室"})
    with ctx.read() as s:
        _, changes = record_history(s, ref)
    assert [(c.entity, c.action, c.operation) for c in changes] == [(entity, "insert", "setup")]


def test_history_of_unknown_record(ctx: AppContext) -> None:
    with pytest.raises(NotFound) as exc, ctx.read() as s:
        record_history(s, "DB-2026-0042")
    assert exc.value.key == "record.not_found"


def test_history_marks_undone_operations(ctx: AppContext) -> None:
    task = add_task(ctx)
    with ctx.write("task.start") as s:
        start_task(s, task.code)
    undo(ctx)
    with ctx.read() as s:
        _, changes = record_history(s, task.code)
    undone = {(c.operation, c.undone) for c in changes}
    assert ("task.add", False) in undone
    assert ("task.start", True) in undone
    assert ("undo", False) in undone


# ---- undo ----------------------------------------------------------------------------------


def test_undo_add_removes_the_item_and_its_log_and_voids_its_number(ctx: AppContext) -> None:
    task = add_task(ctx)
    result = undo(ctx)
    assert (result.operation, result.changes, result.voided) == ("task.add", 2, ("DB-2026-0001",))
    assert task_row(ctx, task.id) is None
    assert count(ctx, TaskLog) == 0
    assert add_task(ctx, "again").code == "DB-2026-0002"


def test_undo_is_recorded_as_an_operation(ctx: AppContext) -> None:
    add_task(ctx)
    undo(ctx)
    original, undo_op = operations(ctx)
    assert (undo_op["name"], undo_op["operator"], undo_op["undo_of_id"]) == (
        "undo",
        "tester",
        original["id"],
    )
    assert original["undone_by_id"] == undo_op["id"]
    actions = sorted((e["entity"], e["action"]) for e in journal(ctx, undo_op["id"]))
    assert actions == [("task", "delete"), ("task_log", "delete")]


def test_undo_done_restores_the_state(ctx: AppContext) -> None:
    task = add_task(ctx, due="2026-12-01")
    with ctx.write("task.start") as s:
        start_task(s, task.code)
    before = task_row(ctx, task.id)
    with ctx.write("task.done") as s:
        complete_task(s, task.code)
    undo(ctx)
    after = task_row(ctx, task.id)
    assert after == before
    assert after is not None
    assert (after["state"], after["is_open"], after["done_on"], after["on_time"]) == (
        "in_progress",
        True,
        None,
        None,
    )
    assert count(ctx, TaskLog) == 2


def test_undo_edit_restores_the_fields(ctx: AppContext) -> None:
    task = add_task(ctx, "旧标题", due="2026-12-01", priority="normal")
    before = task_row(ctx, task.id)
    with ctx.write("task.edit") as s:
        update_task(s, task.code, {"title": "新标题", "priority": "urgent", "due": "2026-12-20"})
    undo(ctx)
    assert task_row(ctx, task.id) == before
    assert count(ctx, TaskLog) == 1


def test_undo_extension_approval(ctx: AppContext) -> None:
    task = add_task(ctx, due="2026-12-01")
    with ctx.write("task.extend") as s:
        request_extension(s, task.code, "2026-12-15", "材料未到")
    ctx.operator = "主任"  # granted, and undone, by someone other than the one who asked
    with ctx.write("task.extend.decide") as s:
        decide_extension(s, task.code, True)
    undo(ctx)
    stored = task_row(ctx, task.id)
    assert stored is not None
    assert stored["due"] == "2026-12-01"
    with ctx.read() as s:
        [ext] = s.exec(select(TaskExtension)).all()
        assert (ext.status, ext.decided_by, ext.decided_at) == ("pending", "", None)


def test_repeated_undo_walks_back(ctx: AppContext) -> None:
    task = add_task(ctx)
    with ctx.write("task.start") as s:
        start_task(s, task.code)
    with ctx.write("task.done") as s:
        complete_task(s, task.code)
    seen = []
    for _ in range(2):
        result = undo(ctx)
        stored = task_row(ctx, task.id)
        assert stored is not None
        seen.append((result.operation, stored["state"]))
    assert seen == [("task.done", "in_progress"), ("task.start", "assigned")]
    assert undo(ctx).operation == "task.add"
    assert task_row(ctx, task.id) is None
    with pytest.raises(NotFound) as exc:
        undo(ctx)
    assert exc.value.key == "undo.nothing"


def test_undo_with_nothing_to_undo(ctx: AppContext) -> None:
    with pytest.raises(NotFound) as exc:
        undo(ctx)
    assert exc.value.params["operator"] == "tester"
    assert operations(ctx) == []


def test_undo_does_not_redo(ctx: AppContext) -> None:
    with ctx.write("dept.add") as s:
        create_department(s, {"name": "办公室"})
    undo(ctx)
    with pytest.raises(NotFound):
        undo(ctx)
    assert count(ctx, Department) == 0


def test_undo_picks_the_operators_own_last_operation(ctx: AppContext) -> None:
    with ctx.write("dept.add") as s:
        create_department(s, {"name": "办公室"})
    ctx.operator = "alice"
    with ctx.write("dept.add") as s:
        create_department(s, {"name": "财务部"})
    ctx.operator = "tester"
    assert undo(ctx).operation == "dept.add"
    with ctx.read() as s:
        assert [d.name for d in s.exec(select(Department))] == ["财务部"]
    ctx.operator = "alice"
    undo(ctx)
    assert count(ctx, Department) == 0


def test_undo_of_another_operators_work_is_not_possible(ctx: AppContext) -> None:
    ctx.operator = "alice"
    add_task(ctx)
    ctx.operator = "tester"
    with pytest.raises(NotFound):
        undo(ctx)
    assert count(ctx, Task) == 1


def test_undo_refused_when_a_later_operation_changed_the_record(ctx: AppContext) -> None:
    with ctx.write("dept.add") as s:
        create_department(s, {"name": "办公室"})
    ctx.operator = "alice"
    with ctx.write("dept.edit") as s:
        update_department(s, "办公室", {"note": "alice was here"})
    ctx.operator = "tester"
    before = snapshot(ctx)
    with pytest.raises(Conflict) as exc:
        undo(ctx)
    assert exc.value.key == "undo.later_change"
    assert exc.value.params["operator"] == "alice"
    # The refusal carries codes; the message words them.
    assert exc.value.params["later"] == "dept.edit"
    assert label("op", "dept.edit") in exc.value.message()
    assert snapshot(ctx) == before


def test_undo_refused_when_a_later_operation_logged_on_the_item(ctx: AppContext) -> None:
    task = add_task(ctx)
    with ctx.write("task.start") as s:
        start_task(s, task.code)
    ctx.operator = "alice"
    with ctx.write("task.remind") as s:
        remind_task(s, task.code, "催办")
    ctx.operator = "tester"
    before = snapshot(ctx)
    with pytest.raises(Conflict) as exc:
        undo(ctx)
    assert exc.value.key == "undo.later_change"
    assert snapshot(ctx) == before


def test_undo_add_after_someone_else_added_an_item_voids_only_mine(ctx: AppContext) -> None:
    """The counter is never put back, so a later add by someone else does not stand in the way:
    my item goes, its number is voided, hers keeps hers, and the next number is a new one."""
    mine = add_task(ctx, "mine")
    ctx.operator = "alice"
    hers = add_task(ctx, "hers")
    ctx.operator = "tester"
    assert undo(ctx).voided == (mine.code,)
    assert task_row(ctx, mine.id) is None
    assert task_row(ctx, hers.id)["code"] == "DB-2026-0002"
    assert add_task(ctx, "next").code == "DB-2026-0003"


def test_undone_operations_do_not_block_an_earlier_undo(ctx: AppContext) -> None:
    add_task(ctx, "mine")
    ctx.operator = "alice"
    add_task(ctx, "hers")
    undo(ctx)
    ctx.operator = "tester"
    assert undo(ctx).operation == "task.add"
    assert count(ctx, Task) == 0
    assert add_task(ctx).code == "DB-2026-0003"


def test_undone_edit_does_not_block_an_earlier_undo(ctx: AppContext) -> None:
    with ctx.write("dept.add") as s:
        create_department(s, {"name": "办公室"})
    ctx.operator = "alice"
    with ctx.write("dept.edit") as s:
        update_department(s, "办公室", {"note": "x"})
    undo(ctx)
    ctx.operator = "tester"
    undo(ctx)
    assert count(ctx, Department) == 0


def test_undo_add_refused_when_a_later_record_refers_to_it(ctx: AppContext) -> None:
    with ctx.write("dept.add") as s:
        create_department(s, {"name": "办公室"})
    ctx.operator = "alice"
    with ctx.write("contact.add") as s:
        create_person(s, {"name": "张三", "dept": "办公室"})
    ctx.operator = "tester"
    before = snapshot(ctx)
    with pytest.raises(Conflict):
        undo(ctx)
    assert snapshot(ctx) == before


def test_undo_refused_for_an_append_only_register(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TaskLog, "__append_only__", True, raising=False)
    add_task(ctx)
    before = snapshot(ctx)
    with pytest.raises(Conflict) as exc:
        undo(ctx)
    assert exc.value.key == "undo.append_only"
    assert exc.value.params["register"] == "task_log"
    assert label("entity", "task_log") in exc.value.message()
    assert snapshot(ctx) == before


def test_undo_is_one_transaction(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    task = add_task(ctx)
    with ctx.write("task.done") as s:
        complete_task(s, task.code)
    before = snapshot(ctx)
    real_revert = history._revert
    calls: list[str] = []

    def revert_then_fail(session: Any, cls: type, entry: JournalEntry) -> None:
        calls.append(entry.entity)
        if len(calls) == 2:
            raise RuntimeError("disk full half-way through the undo")
        real_revert(session, cls, entry)

    monkeypatch.setattr(history, "_revert", revert_then_fail)
    with pytest.raises(RuntimeError):
        undo(ctx)
    assert len(calls) == 2
    assert snapshot(ctx) == before
    monkeypatch.setattr(history, "_revert", real_revert)
    assert undo(ctx).operation == "task.done"
    stored = task_row(ctx, task.id)
    assert stored is not None
    assert stored["state"] == "assigned"


def test_operator_changed_on_the_session_reaches_the_journal(ctx: AppContext) -> None:
    with ctx.write("task.add") as s:
        s.env.operator = "alice"
        create_task(s, {"title": "a"})
    with ctx.read() as s:
        [log] = s.exec(select(TaskLog)).all()
        assert log.author == "alice"
    assert [op["operator"] for op in operations(ctx)] == ["alice"]


async def test_the_journal_detail_pages_through_a_large_operation(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point 2: an operation of thousands of changes is shown a page at a time (capped, never
    all at once); `>` and `<` page through it, and another operation starts at its first."""
    import officedesk.screens.management as management
    from officedesk.services.directory import create_department
    from test_tui import SIZE, app_on
    from tui_helpers import settle

    monkeypatch.setattr(management, "DETAIL_CHANGES", 4)
    with ctx.write("seed") as session:
        for i in range(10):
            create_department(session, {"name": f"部门{i:02d}"})
    app = app_on(ctx, "management")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(management.JournalPane)

        def shown() -> tuple[int, int, int]:
            _op, changes, total, start = pane.detail
            return start, len(changes), total

        assert shown() == (0, 4, 10)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert shown() == (4, 4, 10)
        await pilot.press("greater_than_sign", "greater_than_sign")
        await settle(pilot)
        assert shown() == (8, 2, 10)  # the last page; no page past it
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert shown() == (4, 4, 10)
