"""Issue 10, points 14 and 24: the words the office reads. `history` reads like an audit trail
(labels, not codes; yes/no; times to the second), and the catalogue says what the rules say."""

import re
from types import SimpleNamespace
from typing import Any

import pytest

from officedesk.context import AppContext
from officedesk.i18n import set_language, t
from officedesk.services.directory import create_department
from officedesk.services.task import complete_task, create_task
from officedesk.views.history import change_value, describe_change


@pytest.fixture
def zh() -> Any:
    set_language("zh")
    yield
    set_language("en")


def change(entity: str, before: dict[str, Any], after: dict[str, Any]) -> Any:
    return SimpleNamespace(entity=entity, action="update", before=before, after=after)


def test_a_state_change_reads_as_labels(zh: None) -> None:
    line = describe_change(change("task", {"state": "assigned"}, {"state": "in_progress"}))
    assert line == "督办事项 办理状态：已交办 → 办理中"
    request = change("seal_request", {"state": "requested"}, {"state": "approved"})
    assert "待审批 → 已批准" in describe_change(request)


def test_flags_codes_and_blanks_read_as_words(zh: None) -> None:
    line = describe_change(
        change(
            "task", {"is_open": True, "done_on": None}, {"is_open": False, "done_on": "2026-07-10"}
        )
    )
    assert "在办：是 → 否" in line and "办结日期：（空） → 2026-07-10" in line
    assert change_value("task", "priority", 1) == "急办"
    assert change_value("incoming", "urgency", "extra_urgent") == "特急"


def test_a_touch_that_only_moved_the_time_says_so(zh: None) -> None:
    touched = change(
        "task",
        {"updated_at": "2026-07-02T08:40:00+00:00"},
        {"updated_at": "2026-07-03T08:39:05+00:00"},
    )
    line = describe_change(touched)
    assert line.startswith("督办事项 ") and line != "督办事项 "
    assert line.endswith(":39:05")  # to the second, in local time


def test_history_shows_times_to_the_second(ctx: AppContext, cli: Any) -> None:
    with ctx.write("dept.add") as s:
        create_department(s, {"name": "办公室"})
    with ctx.write("task.add") as s:
        task = create_task(s, {"title": "落实", "dept": "办公室"})
    with ctx.write("task.done") as s:
        complete_task(s, task.code)
    result = cli("--lang", "zh", "history", task.code)
    assert result.exit_code == 0
    assert "已交办 → 已办结" in result.stdout
    assert "assigned" not in result.stdout
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", result.stdout)


@pytest.mark.parametrize(
    ("lang", "key", "wanted", "unwanted"),
    [
        ("zh", "help.opt.due", "eow（本周最后一个工作日）", "本周末"),
        ("zh", "seal_kind.legal_rep", "法定代表人名章", "法人章"),
        ("en", "source.leadership", "leader's instruction", None),
        ("zh", "docnumber.zi_di", "发文机关代字", "序号号"),
        # Point 18: 机密 is Secret, 秘密 Confidential (they were the wrong way round).
        ("zh", "secrecy.secret", "机密", None),
        ("zh", "secrecy.confidential", "秘密", None),
        ("en", "secrecy.confidential", "Confidential", None),
    ],
)
def test_the_words_the_rules_use(lang: str, key: str, wanted: str, unwanted: str | None) -> None:
    set_language(lang)
    try:
        text = t(key, number="X司发字第5号")
    finally:
        set_language("en")
    assert wanted in text
    if unwanted:
        assert unwanted not in text


@pytest.mark.parametrize(
    ("word", "code"),
    [("机密", "secret"), ("秘密", "confidential"), ("Confidential", "confidential")],
)
def test_a_grade_given_by_its_word_is_stored_as_its_code(
    ctx: AppContext, cli: Any, word: str, code: str
) -> None:
    """Point 12: the words the help shows are accepted for fixed choices."""
    result = cli("incoming", "add", "文件", "--secrecy", word, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["secrecy"] == code


def test_a_word_that_names_no_choice_lists_codes_and_words(cli: Any) -> None:
    result = cli("--lang", "zh", "task", "list", "--priority", "很急")
    assert result.exit_code == 1
    assert "urgent（急办）" in result.stderr and "difficult（疑难）" in result.stderr
    typed = cli("task", "list", "--priority", "急办", "--json")
    assert typed.exit_code == 0


def test_an_operations_detail_is_capped(ctx: AppContext) -> None:
    """Point 2: the journal's detail of an operation that wrote thousands of changes (the demo
    fill: 10,621) shows its first ones and says how many more, instead of freezing."""
    from officedesk.screens.management import DETAIL_CHANGES, JournalPane
    from officedesk.services.history import list_operations

    with ctx.write("seed") as s:
        for i in range(DETAIL_CHANGES + 5):
            create_department(s, {"name": f"部门{i:03d}"})
    with ctx.read() as s:
        op = list_operations(s, limit=1)[0]
        pane = SimpleNamespace(_changes_at=(0, 0))  # a pane showing no page of it yet
        detail = JournalPane.load_detail(pane, s, op)  # type: ignore[arg-type]
    _op, changes, total, start = detail
    assert len(changes) == DETAIL_CHANGES and total == DETAIL_CHANGES + 5 and start == 0
    shown = JournalPane.detail_view(object(), detail)  # type: ignore[arg-type]
    assert f"Changes 1–{DETAIL_CHANGES} of {DETAIL_CHANGES + 5}" in str(shown.renderables[-1])


def test_a_word_is_read_only_in_its_own_choice(cli: Any) -> None:
    """介绍信 is a seal word, not an incoming kind; 急办 is a priority, not an urgency."""
    kind = cli("--lang", "zh", "incoming", "add", "文", "--kind", "介绍信")
    assert kind.exit_code == 1 and "letter（来函）" in kind.stderr
    urgency = cli("--lang", "zh", "incoming", "add", "文", "--urgency", "急办")
    assert urgency.exit_code == 1 and "urgent（加急）" in urgency.stderr
    mode = cli("--lang", "zh", "incoming", "add", "文", "--mode", "办")
    assert mode.exit_code == 1 and "read（阅知）、handle（办理）" in mode.stderr
    ok = cli("incoming", "add", "文", "--kind", "来函", "--urgency", "加急", "--json")
    assert (ok.json()["kind"], ok.json()["urgency"]) == ("letter", "urgent")


def test_history_words_a_registers_own_kinds(zh: None) -> None:
    assert change_value("incoming", "kind", "letter") == "来函"
    assert change_value("incoming", "mode", "handle") == "办理"
