"""--json and batch output are safe to print on a terminal: C1 controls, bidi controls and line
separators stored in the database are written as \\uXXXX escapes, the JSON still parses to the
exact stored text, and Chinese stays readable UTF-8."""

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from officedesk.jsonout import json_text
from officedesk.text import display_safe

# What must never reach the terminal raw: DEL and C1, the bidi controls, the line separators.
UNSAFE = (
    [chr(c) for c in range(0x7F, 0xA0)]
    + ["\u061c", "\u200e", "\u200f", "\u2028", "\u2029"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
C0 = [chr(c) for c in range(0x20)]
TITLE = "报告\u202e甲\u009b乙\u2028丙"


def raw_unsafe(text: str) -> list[str]:
    """The unsafe characters `text` holds raw (a newline between JSON lines is fine)."""
    return sorted({f"U+{ord(ch):04X}" for ch in text if ch in UNSAFE or (ch in C0 and ch != "\n")})


texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(UNSAFE + C0 + ["\\", '"', "\ud800", "\udfff"]),
        st.characters(codec="utf-8"),
        st.sampled_from("办公室关于开展检查的通知"),
    ),
    max_size=40,
)


@given(texts, st.sampled_from([None, 2]))
def test_json_text_round_trips_and_escapes(value: str, indent: int | None) -> None:
    data = {"title": value, "items": [value, {value: value}]}
    text = json_text(data, indent=indent)
    assert json.loads(text) == data
    assert not [ch for ch in text if ch in UNSAFE or "\ud800" <= ch <= "\udfff"]
    if indent is None:
        assert "\n" not in text


def test_printable_text_stays_utf8() -> None:
    text = json_text({"标题": "关于开展消防安全检查的通知 é ü 😀", "n": 1})
    assert text == '{"标题": "关于开展消防安全检查的通知 é ü 😀", "n": 1}'
    assert json_text("\u202e\u009b") == '"\\u202e\\u009b"'


def test_display_safe_drops_every_bidi_control() -> None:
    assert display_safe("a\u061cb") == "ab"  # ARABIC LETTER MARK
    for ch in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert display_safe(f"a{ch}b") == "ab"


def test_display_safe_treats_line_separators_as_newlines() -> None:
    assert display_safe("a\u2028b\u2029c") == "a b c"
    assert display_safe("a\u2028b\u2029c", keep_newlines=True) == "a\nb\nc"


@pytest.fixture
def stored(cli: Any, ctx: Any) -> Any:
    """A task whose title holds a bidi override, a C1 CSI and a line separator, as old data or
    raw SQL could have left it (the input validation refuses C1 today)."""
    from officedesk.models import Task

    assert cli("task", "add", "报告甲乙丙", "--due", "+1d").exit_code == 0
    with ctx.write("raw") as session:
        task = session.get(Task, 1)
        task.title = TITLE
    return cli


def parsed(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    assert raw_unsafe(result.stdout) == [], result.stdout
    return json.loads(result.stdout)


def test_task_list_and_show_json(stored: Any) -> None:
    assert [item["title"] for item in parsed(stored("task", "list", "--json"))] == [TITLE]
    assert parsed(stored("task", "show", "1", "--json"))["title"] == TITLE


def test_search_json(stored: Any) -> None:
    hits = parsed(stored("search", "报告", "--json"))
    assert [hit["title"] for hit in hits] == [TITLE]


def test_today_json(stored: Any) -> None:
    overview = parsed(stored("today", "--json"))
    assert TITLE in json.dumps(overview, ensure_ascii=False)


@pytest.mark.parametrize("atomic", [[], ["--atomic"]])
def test_batch_lines(stored: Any, atomic: list[str]) -> None:
    result = stored("batch", *atomic, input="task show 1\ntask list\n")
    assert result.exit_code == 0, result.stdout
    assert raw_unsafe(result.stdout) == []
    shown, listed = (json.loads(line) for line in result.stdout.splitlines())
    assert shown["result"]["title"] == TITLE
    assert [item["title"] for item in listed["result"]] == [TITLE]


def test_batch_error_lines_are_escaped(stored: Any) -> None:
    result = stored("batch", input=json.dumps(["task", "show", "\u202e\u0085x"]) + "\n")
    assert raw_unsafe(result.stdout) == []
    assert json.loads(result.stdout)["ok"] is False
