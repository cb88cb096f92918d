"""Issue 10, point 11: `--json` never truncates silently. Without --limit a list gives every
matching record (written a page at a time); a limited answer says on stderr that more follow
and where the next page begins."""

import json
from typing import Any

import pytest

from officedesk.cli import verbs
from officedesk.context import AppContext
from officedesk.services.directory import create_department
from officedesk.services.task import create_task


def seed(ctx: AppContext, n: int) -> None:
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室"})
        for i in range(n):
            create_task(session, {"title": f"事项{i:04d}", "dept": "办公室"})


def test_json_without_limit_gives_every_record(
    ctx: AppContext, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verbs, "STREAM_PAGE", 20)  # several pages without 500 rows to seed
    n = 55  # three pages of the stream, and more than the table's 50
    seed(ctx, n)
    result = cli("task", "list", "--json")
    assert result.exit_code == 0
    items = json.loads(result.stdout)
    assert len(items) == n
    assert len({item["code"] for item in items}) == n
    assert result.stderr == ""
    # Written a page at a time, the same text as one dump of the whole list.
    assert result.stdout == json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def test_a_limited_json_answer_says_more_follow(ctx: AppContext, cli: Any) -> None:
    seed(ctx, 12)
    result = cli("task", "list", "--json", "--limit", "5", "--offset", "5")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 5
    assert "6–10" in result.stderr and "--offset 10" in result.stderr
    last = cli("task", "list", "--json", "--limit", "5", "--offset", "10")
    assert len(json.loads(last.stdout)) == 2 and last.stderr == ""


def test_a_refused_filter_writes_no_partial_json(ctx: AppContext, cli: Any) -> None:
    seed(ctx, 3)
    result = cli("task", "list", "--json", "--state", "bogus")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["code"] == "input.choice"
    empty = cli("task", "list", "--json", "--search", "没有这样的事项")
    assert json.loads(empty.stdout) == []


def test_json_without_limit_starts_at_the_offset(ctx: AppContext, cli: Any) -> None:
    seed(ctx, 12)
    every = json.loads(cli("task", "list", "--json").stdout)
    rest = json.loads(cli("task", "list", "--json", "--offset", "5").stdout)
    assert rest == every[5:]


def test_a_limited_directory_answer_counts_from_its_offset(ctx: AppContext, cli: Any) -> None:
    seed(ctx, 0)
    with ctx.write("seed") as session:
        from officedesk.services.directory import create_person

        for name in ("甲", "乙", "丙", "丁", "戊", "己", "庚"):
            create_person(session, {"name": name, "dept": "办公室"})
    result = cli("contact", "list", "--json", "--offset", "4", "--limit", "2")
    assert "5–6" in result.stderr and "--offset 6" in result.stderr


def test_refused_choices_are_a_list_in_json(ctx: AppContext, cli: Any) -> None:
    result = cli("task", "list", "--state", "bogus", "--json")
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "input.choice" and isinstance(error["params"]["choices"], list)
