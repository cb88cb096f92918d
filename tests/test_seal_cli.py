"""`officedesk seal …` through the real entry point: every verb, --json, one-line errors, and the
exit codes of `seal verify` after tampering by raw SQL."""

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text

from probes import loaded_by

APPROVAL = "华信科技办〔2022〕6号"


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


def one_line_error(result: Any, *words: str) -> str:
    assert result.exit_code == 1, result.stdout
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr
    return result.stderr


@pytest.fixture
def office(cli: Any) -> Any:
    ok(cli("dept", "add", "办公室", "--code", "BGS"))
    ok(cli("contact", "add", "李娜", "--dept", "BGS"))
    ok(
        cli(
            "seal",
            "add",
            "华信科技有限公司公章",
            "--kind",
            "official",
            "--ref",
            APPROVAL,
            "--date",
            "2026-11-01",
        )
    )
    return cli


def tamper(db_url: str, sql: str) -> None:
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()


def test_add_list_show_edit(office: Any) -> None:
    added = ok(
        office(
            "seal",
            "add",
            "合同专用章",
            "--kind",
            "contract",
            "--approval",
            "批件 1",
            "--keeper",
            "李娜",
            "--serial",
            "3301060098314",
            "--date",
            "2026-11-20",
            "--json",
        )
    ).json()
    assert (added["state"], added["state_on"], added["dept"]) == (
        "engraved",
        "2026-11-20",
        "办公室",
    )
    listed = ok(office("seal", "list", "--json")).json()
    assert [s["name"] for s in listed] == ["华信科技有限公司公章", "合同专用章"]
    assert ok(office("seal", "list", "--kind", "contract", "--json")).json()[0]["id"] == 2
    shown = ok(office("seal", "show", "合同专用章", "--json")).json()
    assert shown["events"][0]["approval"] == "批件 1" and shown["actions"] == ["activate", "recall"]
    human = ok(office("seal", "show", "2")).stdout
    assert "合同专用章" in human and "批件 1" in human
    edited = ok(office("seal", "edit", "2", "--note", "法务合规部保管", "--json")).json()
    assert edited["note"] == "法务合规部保管"
    assert "合同专用章" in ok(office("seal", "list")).stdout


def test_lifecycle_verbs_with_date_and_approval(office: Any) -> None:
    result = ok(office("seal", "activate", "1", "--ref", APPROVAL, "--date", "2026-11-20"))
    assert "active" in result.stdout
    for verb in ("suspend", "reinstate", "recall", "destroy"):
        state = ok(office("seal", verb, "#1", "--approval", f"批件 {verb}", "--json")).json()
    assert state["state"] == "destroyed"
    events = ok(office("seal", "show", "1", "--json")).json()["events"]
    assert [e["action"] for e in events] == [
        "engrave",
        "activate",
        "suspend",
        "reinstate",
        "recall",
        "destroy",
    ]
    assert events[1]["step_on"] == "2026-11-20" and events[5]["approval"] == "批件 destroy"


def test_lifecycle_refusals_are_one_line(office: Any) -> None:
    one_line_error(office("seal", "destroy", "1", "--ref", "x"), "activate, recall")
    one_line_error(office("seal", "activate", "1"), "Approval")
    one_line_error(office("seal", "activate", "1", "--ref", "x", "--date", "2030-01-01"), "future")
    one_line_error(office("seal", "activate", "财务章", "--ref", "x"), "No seal")


def test_use_needs_an_active_seal(office: Any) -> None:
    one_line_error(
        office("seal", "use", "1", "关于采购合同的函", "-r", "李娜", "-a", "总经理"),
        "only an active seal",
    )
    ok(office("seal", "activate", "1", "--ref", APPROVAL))
    entry = ok(
        office(
            "seal",
            "use",
            "公章",
            "关于采购合同的函",
            "-r",
            "李娜",
            "-a",
            "总经理",
            "-p",
            "对外报送",
            "-c",
            "2",
            "--at",
            "2026-11-25 10:00",
            "--json",
        )
    ).json()
    assert (entry["seal"], entry["copies"], entry["dept"], entry["seq"]) == (
        "华信科技有限公司公章",
        2,
        "办公室",
        1,
    )
    human = ok(office("seal", "use", "1", "第二份", "-r", "李娜", "-a", "总经理"))
    assert "#2" in human.stdout
    one_line_error(office("seal", "use", "1", "第三份", "-r", "李娜"), "Approved by")


def test_uses_filters_and_show(office: Any) -> None:
    ok(office("seal", "activate", "1", "--ref", APPROVAL))
    ok(office("seal", "use", "1", "旧文件", "-r", "李娜", "-a", "甲", "--at", "2026-11-02 09:00"))
    ok(office("seal", "use", "1", "新文件", "-r", "李娜", "-a", "甲"))
    assert [u["doc_title"] for u in ok(office("seal", "uses", "--json")).json()] == [
        "新文件",
        "旧文件",
    ]
    since = ok(office("seal", "uses", "--since", "2026-11-20", "--json")).json()
    assert [u["doc_title"] for u in since] == ["新文件"]
    until = ok(office("seal", "uses", "--until", "2026-11-02", "--seal", "公章", "--json")).json()
    assert [u["doc_title"] for u in until] == ["旧文件"]
    assert (
        ok(office("seal", "uses", "--dept", "BGS", "--limit", "1", "--json")).json()[0]["id"] == 2
    )
    assert "新文件" in ok(office("seal", "uses")).stdout
    assert ok(office("seal", "use-show", "#1", "--json")).json()["doc_title"] == "旧文件"
    one_line_error(office("seal", "use-show", "9"), "No seal log entry")


def test_correct_logs_a_new_entry(office: Any) -> None:
    ok(office("seal", "activate", "1", "--ref", APPROVAL))
    ok(office("seal", "use", "1", "函", "-r", "李娜", "-a", "甲", "-c", "2"))
    one_line_error(office("seal", "correct", "1", "--copies", "3"), "reason")
    fixed = ok(office("seal", "correct", "1", "--copies", "3", "--reason", "份数错", "--json"))
    assert (fixed.json()["corrects_id"], fixed.json()["copies"]) == (1, 3)
    one_line_error(office("seal", "correct", "1", "--reason", "再改"), "#2")
    human = ok(office("seal", "correct", "2", "--void", "--reason", "作废"))
    assert "#3" in human.stdout and "#2" in human.stdout
    marks = {
        u["id"]: (u["corrects_id"], u["corrected_by"])
        for u in office("seal", "uses", "--json").json()
    }
    assert marks == {1: (None, 2), 2: (1, 3), 3: (2, None)}


def test_verify_exit_codes_after_tampering(office: Any, db_url: str) -> None:
    result = ok(office("seal", "verify"))
    assert result.stdout.splitlines() == [
        "Chain intact, 0 entries.",
        "Head: none (the log is empty).",
    ]
    ok(office("seal", "activate", "1", "--ref", APPROVAL))
    for title in ("一", "二", "三"):
        ok(office("seal", "use", "1", title, "-r", "李娜", "-a", "甲"))
    head = office("seal", "verify", "--json").json()
    assert (head["entries"], head["head_seq"], head["macs_checked"]) == (3, 3, 3)
    lines = ok(office("seal", "verify")).stdout.splitlines()
    assert lines[:3] == [
        "Chain intact, 3 entries.",
        f"Head: no. 3  {head['head']}",
        f"MACs checked: 3 (seal key {head['key_file']}).",
    ]
    assert lines[3] == "Matches this machine's anchor (no. 3)."
    tamper(db_url, "UPDATE seal_use SET copies = 5 WHERE id = 2")
    one_line_error(office("seal", "verify"), "entry #2", "content")
    broken = office("seal", "verify", "--json")
    assert broken.exit_code == 1
    assert (broken.json()["ok"], broken.json()["broken_id"]) == (False, 2)


def test_verify_catches_a_deleted_row_and_a_broken_link(office: Any, db_url: str) -> None:
    ok(office("seal", "activate", "1", "--ref", APPROVAL))
    for title in ("一", "二", "三", "四"):
        ok(office("seal", "use", "1", title, "-r", "李娜", "-a", "甲"))
    tamper(db_url, "DELETE FROM seal_use WHERE id = 2")
    one_line_error(office("seal", "verify"), "entry #3", "missing")
    tamper(db_url, "UPDATE seal_use SET prev_hash = hash WHERE id = 4")
    assert office("seal", "verify", "--json").json()["broken_id"] == 3  # still the first


def test_letters(office: Any) -> None:
    one_line_error(
        office("seal", "letter", "市税务局", "-b", "李娜", "-p", "办税", "-r", "李娜", "-a", "甲"),
        "--seal",
    )
    ok(office("seal", "activate", "1", "--ref", APPROVAL))
    issued = ok(
        office(
            "seal",
            "letter",
            "市税务局",
            "-b",
            "李娜、张三",
            "-p",
            "办理纳税证明",
            "-r",
            "李娜",
            "-a",
            "王建国",
            "--valid-until",
            "+7d",
            "--json",
        )
    ).json()
    assert (issued["number"], issued["bearer_count"], issued["valid_until"]) == (
        "JS-2026-0001",
        2,
        "2026-12-03",
    )
    human = ok(
        office(
            "seal", "letter", "市档案馆", "-b", "李娜", "-p", "查档", "-r", "李娜", "-a", "王建国"
        )
    )
    assert "JS-2026-0002" in human.stdout
    assert [x["number"] for x in ok(office("seal", "letters", "--json")).json()] == [
        "JS-2026-0002",
        "JS-2026-0001",
    ]
    assert "市档案馆" in ok(office("seal", "letters", "--year", "2026")).stdout
    assert ok(office("seal", "uses", "--json")).json()[0]["letter"] == "JS-2026-0002"
    assert ok(office("seal", "verify")).exit_code == 0


def test_undo_of_a_use_is_refused(office: Any) -> None:
    ok(office("seal", "activate", "1", "--ref", APPROVAL))
    ok(office("seal", "use", "1", "函", "-r", "李娜", "-a", "甲"))
    one_line_error(office("undo"), "append-only")
    assert len(ok(office("seal", "uses", "--json")).json()) == 1


def test_usage_errors_exit_2(office: Any) -> None:
    assert office("seal", "use", "1").exit_code == 2
    assert office("seal", "uses", "--limit", "x").exit_code == 2


@pytest.mark.slow
def test_seal_list_json_imports_no_ui(tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    assert loaded_by(["seal", "add", "公章", "--ref", "x"], db, tmp_path)["code"] in (0, None)
    report = loaded_by(["seal", "list", "--json"], db, tmp_path)
    assert report == {"code": 0, "loaded": []}
    assert "textual" not in loaded_by(["seal", "list"], db, tmp_path)["loaded"]


def test_requests_approve_refuse_and_use(office: Any) -> None:
    ok(office("seal", "activate", "1", "--ref", APPROVAL))
    asked = ok(
        office("seal", "request", "公章", "关于采购合同的函", "-r", "李娜", "-c", "2", "--json")
    )
    assert (asked.json()["id"], asked.json()["state"]) == (1, "requested")
    assert "#2" in ok(office("seal", "request", "1", "报告", "-r", "李娜")).stdout
    assert [r["id"] for r in ok(office("seal", "requests", "--json")).json()] == [1, 2]
    one_line_error(office("seal", "use-request", "1"), "only an approved request")
    one_line_error(office("seal", "approve", "1"), "Approved by")
    approved = ok(office("seal", "approve", "1", "-a", "总经理", "--json")).json()
    assert (approved["state"], approved["approver"]) == ("approved", "总经理")
    assert (
        "refused" in ok(office("seal", "refuse", "#2", "-a", "总经理", "--note", "先审核")).stdout
    )
    one_line_error(office("seal", "approve", "2", "-a", "总经理"), "#2")
    entry = ok(office("seal", "use-request", "1", "--json")).json()
    assert (entry["doc_title"], entry["copies"], entry["approver"]) == (
        "关于采购合同的函",
        2,
        "总经理",
    )
    assert ok(office("seal", "requests", "--json")).json() == []
    states = [r["state"] for r in ok(office("seal", "requests", "--state", "all", "--json")).json()]
    assert states == ["used", "refused"]
    human = ok(office("seal", "requests", "--state", "used", env={"COLUMNS": "120"}))
    assert "关于采购合同的函" in human.stdout and "…公章" in human.stdout
    assert "…有限公司公章" not in human.stdout  # shortened in the middle (issue 10, point 8)
    today = ok(office("today", "--json")).json()["agenda"]["seal_requests"]
    assert today == []
    ok(office("seal", "request", "1", "新的函", "-r", "李娜"))
    today = ok(office("today", "--json")).json()["agenda"]["seal_requests"]
    assert [(line["kind"], line["id"], line["title"]) for line in today] == [("seal", 1, "新的函")]


# ---- the log's head, the key and the anchor ---------------------------------------------------


def test_every_append_prints_the_head_and_json_keeps_its_keys(office: Any) -> None:
    ok(office("seal", "activate", "1", "--ref", APPROVAL))
    first = ok(office("seal", "use", "1", "函", "-r", "李娜", "-a", "甲", "--json"))
    entry = first.json()
    assert {"id", "seq", "hash", "prev_hash", "doc_title", "letter"} <= entry.keys()
    assert entry["head"] == {"seq": 1, "hash": entry["hash"]}
    assert [w["code"] for w in entry["warnings"]] == ["seal.key_created"]
    assert "Created the seal key" in first.stderr  # keep a copy: said once, on stderr
    used = ok(office("seal", "use", "1", "报告", "-r", "李娜", "-a", "甲"))
    second = ok(office("seal", "use-show", "2", "--json")).json()
    assert used.stdout.splitlines() == [
        "Use #2 logged: 华信科技有限公司公章, 报告.",
        f"Head: no. 2  {second['hash']}",
    ]
    assert used.stderr == ""
    fixed = ok(office("seal", "correct", "1", "--copies", "3", "--reason", "份数错"))
    assert fixed.stdout.splitlines()[1].startswith("Head: no. 3  ")
    issued = ok(
        office(
            "seal",
            "letter",
            "市档案馆",
            "-b",
            "李娜",
            "-p",
            "查档",
            "-r",
            "李娜",
            "-a",
            "甲",
            "--json",
        )
    ).json()
    assert issued["number"] == "JS-2026-0001" and issued["head"]["seq"] == 4
    verified = ok(office("seal", "verify", "--json")).json()
    assert (verified["head"], verified["head_seq"]) == (issued["head"]["hash"], 4)
    assert (verified["anchor"]["seq"], verified["anchor"]["state"]) == (4, "ok")


def _forge_after_the_last(db_url: str) -> int:
    """Append an entry with a correctly computed hash and no MAC, counter untouched."""
    from types import SimpleNamespace

    from sqlalchemy.orm import Session

    from officedesk.models.seal import SealUse
    from officedesk.services.seal.chain import ENTRY_FIELDS, entry_hash

    engine = create_engine(db_url)
    with Session(engine) as session:
        last = session.scalars(select(SealUse).order_by(SealUse.id.desc())).first()
        fake = SimpleNamespace(**{name: getattr(last, name) for name in ENTRY_FIELDS})
        fake.seq, fake.doc_title = last.seq + 1, "伪造"
        digest = entry_hash(last.hash, fake)
        columns = (
            "seal_id, used_at, requester, requester_id, dept_id, purpose, copies, approver,"
            " registered_by, recorded_at, corrects_id, void, note"
        )
        session.execute(
            text(
                f"INSERT INTO seal_use (seq, doc_title, prev_hash, hash, {columns}) "
                f"SELECT :seq, :title, :prev, :hash, {columns} FROM seal_use WHERE id = :id"
            ),
            {"seq": fake.seq, "title": "伪造", "prev": last.hash, "hash": digest, "id": last.id},
        )
        session.commit()
        forged_id = session.execute(text("SELECT max(id) FROM seal_use")).scalar()
    engine.dispose()
    return forged_id


def test_a_forged_append_does_not_block_seal_use_and_verify_names_it(
    office: Any, db_url: str
) -> None:
    ok(office("seal", "activate", "1", "--ref", APPROVAL))
    for title in ("一", "二", "三"):
        ok(office("seal", "use", "1", title, "-r", "李娜", "-a", "甲"))
    forged = _forge_after_the_last(db_url)
    one_line_error(office("seal", "verify"), f"entry #{forged} (no. 4)", "counter")
    used = ok(office("seal", "use", "1", "真的", "-r", "李娜", "-a", "甲", "--json"))
    assert (used.json()["seq"], used.json()["head"]["seq"]) == (5, 5)
    assert "beyond its counter" in used.stderr
    broken = office("seal", "verify")
    assert broken.exit_code == 1
    assert f"entry #{forged} (no. 4)" in broken.stderr
    assert "recorded without the seal key" in broken.stderr
    assert broken.stdout.startswith("Last intact entry: no. 3  ")
    assert office("seal", "verify", "--json").json()["broken_id"] == forged


def test_search_finds_the_log_and_letters_and_history_follows(office: Any) -> None:
    """Issue 10, point 10: a scripted `search` finds log entries and letters; each hit's kind
    is a reference kind `history` takes."""
    ok(office("seal", "activate", "1", "--ref", APPROVAL))
    ok(office("seal", "use", "1", "钢材采购合同", "-r", "李娜", "-a", "总经理"))
    ok(office("seal", "letter", "市税务局", "-b", "李娜", "-p", "办税", "-r", "李娜", "-a", "甲"))
    hits = ok(office("search", "采购", "--json")).json()
    assert [(h["kind"], h["title"], h["subtitle"]) for h in hits] == [
        ("seal_use", "钢材采购合同", "办公室 · 李娜")
    ]
    letter = ok(office("search", "JS-2026-0001", "--json")).json()[0]
    assert (letter["kind"], letter["code"], letter["title"]) == (
        "letter",
        "JS-2026-0001",
        "市税务局",
    )
    human = ok(office("--lang", "zh", "search", "JS-2026-0001")).stdout
    assert "介绍信" in human and "市税务局" in human
    for hit in (hits[0], letter):
        assert ok(office("history", f"{hit['kind']}:{hit['ref_id']}", "--json")).json()
