"""The seal register's services: lifecycle, the append-only usage log, corrections, the hash
chain (tampering by raw SQL, concurrent writers), introduction letters and search."""

import multiprocessing
import os
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from conftest import TODAY, dump
from officedesk.context import AppContext
from officedesk.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from officedesk.models.seal import IntroLetter, SealUse
from officedesk.services.directory import create_department, create_person
from officedesk.services.history import undo_last
from officedesk.services.seal import actions as seals
from officedesk.services.seal import letters as seal_letters
from officedesk.services.seal import requests as seal_requests
from officedesk.services.seal.chain import GENESIS, canonical, entry_hash, verify_chain
from officedesk.services.seal.key import key_path
from officedesk.services.search import search
from officedesk.views.search import subtitle
from officedesk.views.today import agenda_detail

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)  # 11:00 in Beijing on the fixed day


@pytest.fixture
def office(ctx: AppContext) -> AppContext:
    """The office with two departments, three people and an active official seal (#1)."""
    ctx.fixed_now = NOW
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_department(session, {"name": "法务合规部", "code": "FWHGB"})
        create_person(session, {"name": "李娜", "dept": "BGS"})
        create_person(session, {"name": "唐文", "dept": "FWHGB"})
        create_person(session, {"name": "王建国", "dept": "BGS"})
        seal = seals.create_seal(
            session,
            {
                "name": "华信科技有限公司公章",
                "kind": "official",
                "serial": "3301060012871",
                "keeper": "王建国",
                "approval": "华信科技办〔2022〕6号",
                "engraved_on": "2022-10-18",
            },
        )
        seals.step_seal(
            session, seal.id, "activate", approval="华信科技办〔2022〕6号", on="2022-10-22"
        )
    return ctx


def add_seal(ctx: AppContext, name: str, kind: str = "contract", **extra: Any) -> Any:
    with ctx.write("seal.add") as session:
        return seals.create_seal(
            session, {"name": name, "kind": kind, "approval": "审批单 1", **extra}
        )


def step(
    ctx: AppContext, ref: Any, action: str, on: str | None = None, approval: str = "批件"
) -> Any:
    with ctx.write(f"seal.{action}") as session:
        return seals.step_seal(session, ref, action, approval=approval, on=on)


def use(ctx: AppContext, seal: Any = 1, title: str = "关于采购合同的函", **extra: Any) -> Any:
    data = {"requester": "李娜", "doc_title": title, "approver": "总经理", **extra}
    used_at = data.pop("used_at", None)
    with ctx.write("seal.use") as session:
        return seals.use_seal(session, seal, data, used_at=used_at)


def verify(ctx: AppContext) -> Any:
    with ctx.read() as session:
        return verify_chain(session)


def raw(ctx: AppContext, sql: str, **params: Any) -> None:
    """Change the database behind the application's back, as a tamperer would."""
    with ctx.store.engine.begin() as conn:
        conn.execute(text(sql), params)


# ---- seals and their lifecycle -------------------------------------------------------------


def test_a_new_seal_is_engraved_with_its_date_and_approval(office: AppContext) -> None:
    seal = add_seal(office, "合同专用章", engraved_on="2026-11-20", keeper="唐文")
    assert (seal.state, seal.state_on, seal.kind) == ("engraved", date(2026, 11, 20), "contract")
    assert seal.dept == "法务合规部"  # from the keeper
    with office.read() as session:
        detail = seals.get_seal(session, "合同专用章")
    assert [(e.action, e.to_state, e.approval) for e in detail.events or []] == [
        ("engrave", "engraved", "审批单 1")
    ]
    assert detail.actions == ["activate", "recall"]


def test_seal_names_are_unique_and_kinds_checked(office: AppContext) -> None:
    with pytest.raises(Conflict) as exc:
        add_seal(office, "华信科技有限公司公章", kind="official")
    assert exc.value.key == "seal.name_taken"
    with pytest.raises(InvalidInput):
        add_seal(office, "财务章", kind="money")


def test_the_whole_lifecycle_with_dates_and_approvals(office: AppContext) -> None:
    seal = add_seal(office, "财务专用章", kind="finance", engraved_on="2026-01-05")
    for action, day, state in (
        ("activate", "2026-01-08", "active"),
        ("suspend", "2026-06-01", "suspended"),
        ("reinstate", "2026-06-09", "active"),
        ("recall", "2026-10-30", "recalled"),
        ("destroy", "2026-11-20", "destroyed"),
    ):
        result = step(office, seal.id, action, on=day, approval=f"批件 {action}")
        assert (result.state, result.state_on.isoformat()) == (state, day)
    with office.read() as session:
        detail = seals.get_seal(session, seal.id)
    assert [(e.action, e.from_state, e.to_state, e.step_on.isoformat()) for e in detail.events] == [
        ("engrave", None, "engraved", "2026-01-05"),
        ("activate", "engraved", "active", "2026-01-08"),
        ("suspend", "active", "suspended", "2026-06-01"),
        ("reinstate", "suspended", "active", "2026-06-09"),
        ("recall", "active", "recalled", "2026-10-30"),
        ("destroy", "recalled", "destroyed", "2026-11-20"),
    ]
    assert detail.events[3].approval == "批件 reinstate"
    assert detail.actions == []


def test_an_illegal_step_names_the_legal_ones_and_changes_nothing(
    office: AppContext, db_url: str
) -> None:
    before = dump(db_url)
    with pytest.raises(IllegalTransition) as exc:
        step(office, 1, "destroy")
    assert exc.value.key == "seal.illegal"
    assert "suspend, recall" in exc.value.message()
    with pytest.raises(IllegalTransition):
        step(office, 1, "activate")
    assert dump(db_url) == before


def test_a_step_needs_an_approval_and_a_sensible_date(office: AppContext) -> None:
    with pytest.raises(InvalidInput) as exc:
        step(office, 1, "suspend", approval="  ")
    assert exc.value.params["field"] == "approval"
    with pytest.raises(InvalidInput) as exc:
        step(office, 1, "suspend", on="2026-12-01")
    assert exc.value.key == "seal.step_in_future"
    with pytest.raises(InvalidInput) as exc:
        step(office, 1, "suspend", on="2022-10-21")  # the day before it was activated
    assert exc.value.key == "seal.step_before_last"
    assert step(office, 1, "suspend", on="yesterday").state_on == TODAY - timedelta(days=1)


def test_edit_changes_master_data_only(office: AppContext) -> None:
    with office.write("seal.edit") as session:
        seal = seals.update_seal(session, 1, {"keeper": "唐文", "serial": "X-1", "note": "备注"})
    assert (seal.keeper, seal.dept, seal.serial, seal.state) == (
        "唐文",
        "法务合规部",
        "X-1",
        "active",
    )
    with office.write("seal.edit") as session:
        assert seals.update_seal(session, 1, {"state": "destroyed"}).state == "active"
    with pytest.raises(InvalidInput), office.write("seal.edit") as session:
        seals.update_seal(session, 1, {"name": " "})


def test_seals_are_found_by_id_name_part_and_serial(office: AppContext) -> None:
    add_seal(office, "华信科技有限公司合同专用章")
    with office.read() as session:
        assert seals.resolve_seal(session, "#1").id == 1
        assert seals.resolve_seal(session, "3301060012871").id == 1
        assert seals.resolve_seal(session, "合同专用章").id == 2
        with pytest.raises(Conflict):
            seals.resolve_seal(session, "华信科技")
        with pytest.raises(NotFound):
            seals.resolve_seal(session, "财务章")


def test_list_filters_and_counts(office: AppContext) -> None:
    add_seal(office, "合同专用章", keeper="唐文")
    use(office)
    with office.read() as session:
        everything = seals.list_seals(session).items
        assert [s.name for s in everything] == ["华信科技有限公司公章", "合同专用章"]
        assert everything[0].uses == 1 and everything[0].last_used_at is not None
        active = seals.SealFilter(states=["active"])
        assert [s.id for s in seals.list_seals(session, active).items] == [1]
        assert seals.count_seals(session, seals.SealFilter(dept="FWHGB")) == 1
        assert seals.count_seals(session, seals.SealFilter(kind="contract")) == 1
        with pytest.raises(InvalidInput):
            seals.list_seals(session, seals.SealFilter(states=["lost"]))


# ---- the usage log --------------------------------------------------------------------------


@pytest.mark.parametrize("action", [None, "suspend", "recall"])
def test_only_an_active_seal_can_be_used(office: AppContext, action: str | None) -> None:
    seal = add_seal(office, "合同专用章")
    if action:
        step(office, seal.id, "activate")
        step(office, seal.id, action)
    with pytest.raises(IllegalTransition) as exc:
        use(office, seal.id)
    assert exc.value.key == "seal.not_active"
    with office.read() as session:
        assert seals.count_uses(session) == 0


def test_a_reinstated_seal_can_be_used_again(office: AppContext) -> None:
    step(office, 1, "suspend")
    with pytest.raises(IllegalTransition):
        use(office)
    step(office, 1, "reinstate")
    assert use(office).seal == "华信科技有限公司公章"


def test_a_use_records_who_what_when(office: AppContext) -> None:
    entry = use(
        office,
        purpose="报送集团公司",
        copies=3,
        used_at="2026-11-25 15:30",
        note="加盖骑缝章",
    )
    with office.read() as session:
        stored = seals.get_use(session, entry.id)
    assert stored == entry
    assert (stored.requester, stored.dept, stored.copies, stored.approver) == (
        "李娜",
        "办公室",
        3,
        "总经理",
    )
    assert stored.used_at == datetime(2026, 11, 25, 15, 30).astimezone(UTC)
    assert (stored.registered_by, stored.recorded_at) == ("tester", NOW)
    assert (stored.seq, stored.prev_hash) == (1, GENESIS)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"copies": 0}, "input.range"),
        ({"doc_title": " "}, "input.required"),
        ({"approver": ""}, "input.required"),
        ({"requester": "无此人"}, "person.not_found"),
        ({"used_at": "2026-11-27 09:00"}, "seal_use.in_future"),
    ],
)
def test_a_bad_use_is_refused(office: AppContext, change: dict[str, Any], key: str) -> None:
    with pytest.raises((InvalidInput, NotFound)) as exc:
        use(office, **change)
    assert exc.value.key == key


def test_the_log_lists_newest_first_with_filters(office: AppContext) -> None:
    use(office, title="二十号的函", used_at="2026-11-20 10:00")
    use(office, title="二十四号的合同", used_at="2026-11-24 10:00", requester="唐文")
    use(office, title="今天的报告")
    with office.read() as session:
        titles = [u.doc_title for u in seals.list_uses(session).items]
        assert titles == ["今天的报告", "二十四号的合同", "二十号的函"]
        window = seals.UseFilter(since="2026-11-21", until="2026-11-25")
        assert [u.doc_title for u in seals.list_uses(session, window).items] == ["二十四号的合同"]
        assert seals.count_uses(session, seals.UseFilter(dept="FWHGB")) == 1
        assert seals.count_uses(session, seals.UseFilter(text="合同")) == 1
        assert seals.count_uses(session, seals.UseFilter(seal="公章")) == 3
        page = seals.list_uses(session, limit=2)
        assert page.has_more and len(page.items) == 2
        with pytest.raises(InvalidInput):
            seals.list_uses(session, seals.UseFilter(since="2026-11-25", until="2026-11-21"))


def test_the_log_is_append_only(office: AppContext, db_url: str) -> None:
    """No service edits or deletes an entry, and undo refuses to take one back."""
    assert SealUse.__append_only__ and IntroLetter.__append_only__
    names = [name for module in (seals, seal_letters, seal_requests) for name in dir(module)]
    verbs = {name.split("_")[0] for name in names if name.endswith(("_use", "_uses"))}
    assert verbs <= {"get", "read", "list", "count", "correct", "resolve", "request"}
    use(office)
    before = dump(db_url)
    with pytest.raises(Conflict) as exc, office.write("undo") as session:
        undo_last(session)
    assert exc.value.key == "undo.append_only"
    assert dump(db_url) == before


def test_a_step_cannot_be_undone_once_the_seal_was_used(office: AppContext) -> None:
    step(office, 1, "suspend")
    step(office, 1, "reinstate")
    office.operator = "李娜"
    use(office)
    office.operator = "tester"
    with pytest.raises(Conflict) as exc, office.write("undo") as session:
        undo_last(session)
    assert exc.value.key == "undo.later_change"


# ---- corrections ----------------------------------------------------------------------------


def correct(ctx: AppContext, ref: Any, data: dict[str, Any], **options: Any) -> Any:
    with ctx.write("seal.correct") as session:
        return seals.correct_use(session, ref, data, **options)


def test_a_correction_is_a_new_entry_referencing_the_old_one(office: AppContext) -> None:
    original = use(office, copies=2, purpose="报送")
    fixed = correct(office, original.id, {"copies": 3, "note": "份数登记有误"})
    assert fixed.id != original.id and fixed.corrects_id == original.id
    assert (fixed.copies, fixed.doc_title, fixed.purpose, fixed.requester) == (
        3,
        original.doc_title,
        "报送",
        "李娜",
    )
    assert fixed.used_at == original.used_at and not fixed.void
    with office.read() as session:
        again = seals.get_use(session, original.id)
        assert (again.copies, again.corrected_by) == (2, fixed.id)  # the original is untouched
        assert seals.count_uses(session) == 2
    assert verify(office).ok


def test_a_correction_can_void_and_needs_a_reason(office: AppContext) -> None:
    original = use(office)
    with pytest.raises(InvalidInput) as exc:
        correct(office, original.id, {"copies": 3})
    assert exc.value.key == "seal_use.correction_reason"
    voided = correct(office, original.id, {"note": "误登记，实际未用印"}, void=True)
    assert voided.void and voided.corrects_id == original.id


def test_only_the_latest_correction_can_be_corrected(office: AppContext) -> None:
    original = use(office)
    first = correct(office, original.id, {"requester": "唐文", "note": "申请人登记错"})
    assert (first.requester, first.dept) == ("唐文", "法务合规部")
    with pytest.raises(Conflict) as exc:
        correct(office, original.id, {"note": "再改一次"})
    assert exc.value.params == {"id": original.id, "by": first.id}
    second = correct(office, first.id, {"approver": "分管副总经理", "note": "批准人登记错"})
    assert (second.corrects_id, second.requester, second.approver) == (
        first.id,
        "唐文",
        "分管副总经理",
    )
    with pytest.raises(NotFound):
        correct(office, 99, {"note": "x"})


def test_a_correction_may_name_another_seal(office: AppContext) -> None:
    other = add_seal(office, "合同专用章")
    step(office, other.id, "activate")
    original = use(office)
    fixed = correct(office, original.id, {"seal": "合同专用章", "note": "用的是合同章"})
    assert fixed.seal == "合同专用章"


# ---- the hash chain -------------------------------------------------------------------------


# The keys `seal verify --json` had before the MAC and the anchor: they stay, with their meaning.
OLD_VERIFY_KEYS = ("ok", "entries", "head", "broken_id", "broken_seq", "reason", "expected_seq")


def three_uses(ctx: AppContext) -> list[Any]:
    return [use(ctx, title=f"第{n}份文件", copies=n) for n in (1, 2, 3)]


def test_an_intact_chain_verifies(office: AppContext) -> None:
    empty = verify(office).as_dict()
    assert {key: empty[key] for key in OLD_VERIFY_KEYS} == {
        "ok": True,
        "entries": 0,
        "head": None,
        "broken_id": None,
        "broken_seq": None,
        "reason": None,
        "expected_seq": None,
    }
    assert (empty["head_seq"], empty["counter"], empty["anchor"]["state"]) == (None, 0, "absent")
    entries = three_uses(office)
    result = verify(office)
    assert (result.ok, result.entries, result.head) == (True, 3, entries[-1].hash)
    assert [e.prev_hash for e in entries] == [GENESIS, entries[0].hash, entries[1].hash]


def test_the_canonical_form_is_stable_and_float_free() -> None:
    class Entry:
        seq, seal_id, requester_id, dept_id, corrects_id = 1, 2, 3, None, None
        used_at = datetime(2026, 11, 26, 11, 0, tzinfo=UTC)
        recorded_at = datetime(2026, 11, 26, 19, 5, 7).astimezone()
        requester, doc_title, purpose, copies = "李娜", "函", "", 2
        approver, registered_by, void, note = "总经理", "tester", 0, ""

    text_form = canonical(Entry())
    assert text_form.startswith('{"approver":"总经理","copies":2,')
    assert '"used_at":"2026-11-26T11:00:00.000000Z"' in text_form
    assert '"void":false' in text_form and " " not in text_form
    assert entry_hash(GENESIS, Entry()) == entry_hash(GENESIS, Entry())
    Entry.copies = 2.0  # type: ignore[assignment]
    with pytest.raises(TypeError):
        canonical(Entry())


def test_an_edited_row_is_caught(office: AppContext) -> None:
    three_uses(office)
    raw(office, "UPDATE seal_use SET copies = 20 WHERE id = 2")
    result = verify(office)
    assert (result.ok, result.broken_id, result.reason, result.entries) == (False, 2, "content", 1)


def test_an_edited_time_is_caught(office: AppContext) -> None:
    three_uses(office)
    raw(office, "UPDATE seal_use SET doc_title = :t WHERE id = 3", t="第3份文件 ")
    assert (verify(office).broken_id, verify(office).reason) == (3, "content")


def test_a_deleted_middle_row_is_caught(office: AppContext) -> None:
    three_uses(office)
    raw(office, "DELETE FROM seal_use WHERE id = 2")
    result = verify(office)
    assert (result.ok, result.broken_id, result.reason, result.expected_seq) == (
        False,
        3,
        "missing",
        2,
    )


def test_a_tampered_prev_hash_is_caught(office: AppContext) -> None:
    three_uses(office)
    raw(office, "UPDATE seal_use SET prev_hash = :h WHERE id = 3", h="f" * 64)
    assert (verify(office).broken_id, verify(office).reason) == (3, "content")


def test_a_rehashed_entry_breaks_the_link_to_the_next(office: AppContext) -> None:
    """A tamperer who recomputes the edited entry's own hash cannot recompute its MAC, and
    still breaks the next link, which is what shows where the seal key is not at hand."""
    three_uses(office)
    raw(office, "UPDATE seal_use SET copies = 9 WHERE id = 2")
    with office.read() as session:
        row = session.get(SealUse, 2)
        new_hash = entry_hash(row.prev_hash, row)
    raw(office, "UPDATE seal_use SET hash = :h WHERE id = 2", h=new_hash)
    result = verify(office)
    assert (result.broken_id, result.reason) == (2, "mac")
    key_path(None).unlink()
    result = verify(office)
    assert (result.broken_id, result.reason) == (3, "link")


def test_deleted_last_entries_are_caught_by_the_counter(office: AppContext) -> None:
    three_uses(office)
    raw(office, "DELETE FROM seal_use WHERE id = 3")
    result = verify(office)
    assert (result.ok, result.reason, result.entries, result.expected_seq) == (False, "tail", 2, 3)


def _log_uses(url: str, count: int, queue: "multiprocessing.Queue[int]") -> None:
    os.environ["OFFICEDESK_DATABASE_URL"] = url
    os.environ["OFFICEDESK_TODAY"] = TODAY.isoformat()
    from officedesk.context import build_context

    ctx = build_context(lang="en")
    for index in range(count):
        with ctx.write("seal.use") as session:
            seals.use_seal(
                session, 1, {"requester": "李娜", "doc_title": f"并发 {index}", "approver": "甲"}
            )
    ctx.close()
    queue.put(count)


def _reported(queue: "multiprocessing.Queue[int]", workers: list[Any], timeout: float = 120) -> int:
    """The next count a writer put on the queue; a writer that died fails the test at once
    rather than after the whole timeout."""
    import queue as queues

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return queue.get(timeout=0.5)
        except queues.Empty:
            died = [w.exitcode for w in workers if w.exitcode not in (None, 0)]
            assert not died, f"a writer died (exit codes {died})"
    raise AssertionError(f"the writers reported nothing in {timeout:.0f} s")


@pytest.mark.slow
def test_concurrent_writers_do_not_fork_the_chain(office: AppContext, db_url: str) -> None:
    spawn = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[int] = spawn.Queue()
    workers = [spawn.Process(target=_log_uses, args=(db_url, 15, queue)) for _ in range(2)]
    for worker in workers:
        worker.start()
    written = sum(_reported(queue, workers) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    result = verify(office)
    assert (written, result.ok, result.entries) == (30, True, 30)
    with office.read() as session:
        seqs = session.scalars(select(SealUse.seq).order_by(SealUse.id)).all()
    assert seqs == list(range(1, 31))


# ---- introduction letters -------------------------------------------------------------------


def letter(ctx: AppContext, **extra: Any) -> Any:
    data = {
        "to_unit": "市市场监督管理局",
        "bearers": "李娜、唐文",
        "purpose": "办理营业执照变更",
        "requester": "李娜",
        "approver": "王建国",
        **extra,
    }
    with ctx.write("seal.letter") as session:
        return seal_letters.issue_letter(session, data)


def test_letters_are_numbered_gap_free_per_year(office: AppContext) -> None:
    first = letter(office)
    assert (first.number, first.bearer_count, first.valid_until) == (
        "JS-2026-0001",
        2,
        TODAY + timedelta(days=30),
    )
    with pytest.raises(InvalidInput):
        letter(office, valid_until="2026-11-01")  # refused: its number goes back
    with pytest.raises(NotFound):
        letter(office, requester="无此人")
    assert letter(office, bearer_count=1, bearers="李娜").number == "JS-2026-0002"
    office.today = date(2027, 1, 4)
    office.fixed_now = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)
    assert letter(office).number == "JS-2027-0001"
    with office.read() as session:
        numbers = [x.number for x in seal_letters.list_letters(session).items]
        assert numbers == ["JS-2027-0001", "JS-2026-0002", "JS-2026-0001"]
        assert [x.number for x in seal_letters.list_letters(session, year=2026).items][-1] == (
            "JS-2026-0001"
        )
        assert seal_letters.get_letter(session, "js-2026-0002").bearers == "李娜"


def test_a_letter_is_logged_as_a_use_of_its_seal(office: AppContext) -> None:
    issued = letter(office)
    assert issued.seal == "华信科技有限公司公章"  # no introduction-letter seal: the official one
    with office.read() as session:
        entry = seals.get_use(session, issued.use_id)
    assert (entry.letter, entry.purpose) == ("JS-2026-0001", "办理营业执照变更")
    letters_seal = add_seal(office, "介绍信专用章", kind="intro_letter")
    step(office, letters_seal.id, "activate")
    assert letter(office).seal == "介绍信专用章"
    step(office, letters_seal.id, "suspend")
    with pytest.raises(IllegalTransition):
        letter(office, seal="介绍信专用章")


def test_a_letter_is_part_of_the_chain(office: AppContext) -> None:
    letter(office)
    use(office)
    assert verify(office).ok
    raw(office, "UPDATE intro_letter SET bearers = :b WHERE id = 1", b="张三")
    result = verify(office)
    assert (result.broken_id, result.reason) == (1, "content")


# ---- search and Today -----------------------------------------------------------------------


def test_seals_are_found_by_search(office: AppContext) -> None:
    add_seal(office, "华信科技有限公司合同专用章", serial="3301060098314", keeper="唐文")
    with office.read() as session:
        hits = search(session, "合同专用章")
        assert [(h.kind, h.title) for h in hits] == [("seal", "华信科技有限公司合同专用章")]
        assert "法务合规部" in subtitle(hits[0]) and "engraved" in subtitle(hits[0])
        assert search(session, "3301060012871")[0].ref_id == 1
        assert search(session, "公章", kinds=["seal"])[0].title == "华信科技有限公司公章"
    step(office, "合同专用章", "activate")
    with office.read() as session:
        assert "active" in subtitle(search(session, "合同专用章")[0])


def test_the_usage_log_and_letters_are_found_by_search(office: AppContext) -> None:
    """Issue 10, point 10: `search 采购` and `search JS-2026-0001` found nothing."""
    logged = use(office, title="钢材采购框架协议", purpose="年度集中采购")
    issued = letter(office, to_unit="市住房公积金管理中心", purpose="办理公积金缴存")
    with office.read() as session:
        hits = search(session, "采购")
        assert [(h.kind, h.ref_id, h.title) for h in hits] == [
            ("seal_use", logged.id, "钢材采购框架协议")
        ]
        assert subtitle(hits[0]) == "办公室 · 李娜"  # the requester's department and name
        by_number = search(session, "JS-2026-0001")
        assert (by_number[0].kind, by_number[0].ref_id, by_number[0].title) == (
            "letter",
            issued.id,
            "市住房公积金管理中心",
        )
        assert search(session, "公积金", kinds=["letter"])[0].code == "JS-2026-0001"
        assert {h.kind for h in search(session, "公积金")} == {"letter", "seal_use"}


def ask(ctx: AppContext, seal: Any = 1, title: str = "关于采购合同的函", **extra: Any) -> Any:
    with ctx.write("seal.request") as session:
        return seal_requests.request_use(
            session, seal, {"requester": "李娜", "doc_title": title, **extra}
        )


def decide(ctx: AppContext, ref: int, approve: bool, approver: str = "总经理") -> Any:
    with ctx.write("seal.decide") as session:
        return seal_requests.decide_request(session, ref, approve=approve, approver=approver)


def test_a_request_is_approved_then_used(office: AppContext) -> None:
    asked = ask(office, copies=2, purpose="对外报送")
    assert (asked.state, asked.dept, asked.requested_by) == ("requested", "办公室", "tester")
    with pytest.raises(IllegalTransition) as exc, office.write("seal.use") as session:
        seal_requests.use_request(session, asked.id)
    assert exc.value.key == "seal_request.not_approved"
    approved = decide(office, asked.id, True)
    assert (approved.state, approved.approver, approved.decided_at) == ("approved", "总经理", NOW)
    with office.write("seal.use") as session:
        entry = seal_requests.use_request(session, asked.id, note="当面盖章")
    assert (entry.doc_title, entry.copies, entry.approver, entry.purpose, entry.note) == (
        "关于采购合同的函",
        2,
        "总经理",
        "对外报送",
        "当面盖章",
    )
    with office.read() as session:
        done = seal_requests.get_request(session, asked.id)
        assert (done.state, done.use_id) == ("used", entry.id)
        assert seal_requests.list_requests(session).items == []
        everything = seal_requests.list_requests(session, states=seal_requests.REQUEST_STATES).items
        assert [r.id for r in everything] == [asked.id]
    assert verify(office).entries == 1


def test_a_refused_request_cannot_be_used_or_decided_again(office: AppContext) -> None:
    asked = ask(office)
    assert decide(office, asked.id, False).state == "refused"
    for call in (
        lambda s: seal_requests.use_request(s, asked.id),
        lambda s: seal_requests.decide_request(s, asked.id, approve=True, approver="甲"),
    ):
        with pytest.raises(IllegalTransition), office.write("seal.decide") as session:
            call(session)
    with pytest.raises(InvalidInput), office.write("seal.decide") as session:
        seal_requests.decide_request(session, ask(office).id, approve=True, approver=" ")
    with pytest.raises(NotFound), office.read() as session:
        seal_requests.get_request(session, 99)


def test_a_request_needs_an_active_seal_and_an_approved_one_too(office: AppContext) -> None:
    asked = ask(office)
    decide(office, asked.id, True)
    step(office, 1, "suspend")
    with pytest.raises(IllegalTransition):
        ask(office)
    with pytest.raises(IllegalTransition) as exc, office.write("seal.use") as session:
        seal_requests.use_request(session, asked.id)
    assert exc.value.key == "seal.not_active"


def test_today_lists_requests_waiting_for_approval(office: AppContext) -> None:
    first = ask(office, title="先申请的函", copies=2)
    ask(office, title="已批准的合同")
    decide(office, 2, True)
    ask(office, title="后申请的报告")
    with office.read() as session:
        lines = seals.today_lines(session)
        assert [(line.section, line.kind, line.ref_id, line.title) for line in lines] == [
            ("seal_requests", "seal", 1, "先申请的函"),
            ("seal_requests", "seal", 1, "后申请的报告"),
        ]
        assert lines[0].code == f"#{first.id}" and lines[0].when == NOW
        detail = agenda_detail(lines[0])
        assert "李娜" in detail and "2" in detail
        assert seals.get_seal(session, 1).pending_requests == 2
