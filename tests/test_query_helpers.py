"""The shared query helpers: the text filter, the pager and the resolver by id or code."""

from typing import Any

import pytest
from sqlmodel import select

from officedesk.errors import InvalidInput, NotFound
from officedesk.models import Department
from officedesk.services.common import MAX_OFFSET
from officedesk.services.directory import create_department
from officedesk.services.query import (
    by_code,
    chosen_states,
    escape_like,
    fetch_page,
    resolve_record,
    text_filter,
)
from officedesk.services.task import create_task

NAMES = ["100% 完成", "100 完成", "a_b 组", "ab 组", "back\\slash 组", "backslash 组", "普通组"]


def seed(ctx: Any) -> None:
    with ctx.write("seed") as session:
        for position, name in enumerate(NAMES):
            create_department(session, {"name": name, "code": f"D{position}"})


def matching(ctx: Any, text: str | None) -> list[str]:
    with ctx.read() as session:
        stmt = text_filter(select(Department), text, [Department.name]).order_by(Department.id)
        return [dept.name for dept in session.exec(stmt)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("%", ["100% 完成"]),
        ("_", ["a_b 组"]),
        ("\\", ["back\\slash 组"]),
        ("a_b", ["a_b 组"]),
        ("0%", ["100% 完成"]),
    ],
)
def test_wildcards_in_user_text_are_searched_for_literally(
    ctx: Any, text: str, expected: list[str]
) -> None:
    seed(ctx)
    assert matching(ctx, text) == expected


def test_the_text_filter_ignores_case_and_surrounding_space(ctx: Any) -> None:
    seed(ctx)
    assert matching(ctx, "  BACKSLASH ") == ["backslash 组"]


@pytest.mark.parametrize("text", [None, "", "   "])
def test_blank_text_filters_nothing(ctx: Any, text: str | None) -> None:
    seed(ctx)
    assert len(matching(ctx, text)) == len(NAMES)


def test_escape_like_escapes_the_escape_character_first() -> None:
    assert escape_like("1\\%_") == "1\\\\\\%\\_"


def test_pages_follow_each_other_and_say_whether_more_follow(ctx: Any) -> None:
    seed(ctx)
    stmt = select(Department).order_by(Department.id)
    with ctx.read() as session:
        first = fetch_page(session, stmt, limit=4, offset=0, read=lambda dept: dept.name)
        last = fetch_page(session, stmt, limit=4, offset=4, read=lambda dept: dept.name)
        exact = fetch_page(session, stmt, limit=len(NAMES), offset=0)
        beyond = fetch_page(session, stmt, limit=4, offset=100)
    assert (first.items, first.has_more) == (NAMES[:4], True)
    assert (last.items, last.has_more) == (NAMES[4:], False)
    assert (len(exact.items), exact.has_more) == (len(NAMES), False)
    assert (beyond.items, beyond.has_more) == ([], False)


@pytest.mark.parametrize(
    ("limit", "offset", "key"),
    [
        (0, 0, "input.limit"),
        (10_001, 0, "input.limit"),
        (1, -1, "input.offset"),
        (1, MAX_OFFSET + 1, "input.offset"),
    ],
)
def test_the_pager_refuses_limits_and_offsets_out_of_bounds(
    ctx: Any, limit: int, offset: int, key: str
) -> None:
    with ctx.read() as session, pytest.raises(InvalidInput) as refused:
        fetch_page(session, select(Department), limit=limit, offset=offset)
    assert refused.value.key == key


def test_the_pager_takes_its_bounds(ctx: Any) -> None:
    seed(ctx)
    with ctx.read() as session:
        assert len(fetch_page(session, select(Department), limit=1, offset=0).items) == 1
        page = fetch_page(session, select(Department), limit=10_000, offset=MAX_OFFSET)
    assert page.items == []


def test_a_record_is_found_by_id_or_by_its_column(ctx: Any) -> None:
    seed(ctx)
    with ctx.read() as session:
        by_id = resolve_record(session, Department, "#2", field="dept", not_found="dept.not_found")
        by_name = resolve_record(
            session,
            Department,
            " 普通组 ",
            field="dept",
            not_found="dept.not_found",
            column=Department.name,
        )
        assert (by_id.name, by_name.name) == (NAMES[1], "普通组")


def test_a_blank_reference_is_required_input_and_a_missing_one_not_found(ctx: Any) -> None:
    with ctx.read() as session:
        with pytest.raises(InvalidInput) as blank:
            resolve_record(session, Department, "  ", field="dept", not_found="dept.not_found")
        with pytest.raises(NotFound) as missing:
            resolve_record(session, Department, "#99", field="dept", not_found="dept.not_found")
    assert (blank.value.key, blank.value.params) == ("input.required", {"field": "dept"})
    assert (missing.value.key, missing.value.params) == ("dept.not_found", {"ref": "#99"})


def test_a_register_with_codes_finds_them_in_any_case(ctx: Any) -> None:
    from officedesk.models import Task

    with ctx.write("task.add") as session:
        code = create_task(session, {"title": "检查消防通道", "source": "leadership"}).code
    with ctx.read() as session:
        found = by_code(session, Task, code.lower(), field="task", not_found="task.not_found")
        assert found.code == code
        with pytest.raises(NotFound) as missing:
            by_code(session, Task, "DB-1999-0001", field="task", not_found="task.not_found")
    assert missing.value.key == "task.not_found"


STATES = ("draft", "sent", "filed")


def test_a_state_filter_expands_open_and_all() -> None:
    assert chosen_states(["open", "filed"], STATES, open_states={"draft"}) == {"draft", "filed"}
    assert chosen_states(["all"], STATES) == set(STATES)
    assert chosen_states([], STATES) == set()


@pytest.mark.parametrize(
    ("open_states", "every", "choices"),
    [
        ({"draft"}, True, "draft, sent, filed, open, all"),
        ((), True, "draft, sent, filed, all"),
        ((), False, "draft, sent, filed"),
    ],
)
def test_a_state_filter_names_what_it_takes(
    open_states: set[str], every: bool, choices: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        chosen_states(["lost"], STATES, open_states=open_states, every=every)
    assert refused.value.params == {"field": "state", "choices": choices.split(", ")}
