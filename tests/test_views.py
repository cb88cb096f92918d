"""The views package: every register's COLUMNS name fields its `list --json` items carry and
headers both catalogues word, and views/ loads neither Typer nor Textual."""

import importlib
import subprocess
import sys
from typing import Any

import pytest

from officedesk.registry import REGISTERS, RegisterSpec
from officedesk.views.columns import Column

SEED = (
    ["dept", "add", "办公室", "--code", "BGS"],
    ["contact", "add", "李娜", "--dept", "BGS", "--title", "主任"],
    ["task", "add", "落实安全生产检查", "--owner", "李娜", "--due", "+5wd"],
    ["incoming", "add", "关于开展冬季安全生产大检查的通知", "--sender", "市国资委"],
    ["outgoing", "add", "关于年度工作总结的报告", "--type", "report", "--dept", "BGS"],
    ["seal", "add", "华信科技有限公司公章", "--kind", "official", "--ref", "批件 1"],
    ["seal", "add", "华信科技有限公司介绍信专用章", "--kind", "intro_letter", "--ref", "批件 2"],
    ["seal", "activate", "1", "--ref", "批件 3"],
    ["seal", "activate", "2", "--ref", "批件 4"],
    ["seal", "use", "1", "劳动合同", "-r", "李娜", "-a", "王总"],
    ["seal", "request", "1", "采购合同", "-r", "李娜"],
    ["seal", "letter", "市档案馆", "-b", "张三", "-p", "查档", "-r", "李娜", "-a", "王总"],
    ["visit", "add", "市国资委", "--arrive", "2026-11-26 09:30", "--host", "李娜"],
    ["award", "event", "add", "年度表彰大会", "--kind", "staff_assembly", "--place", "大礼堂"],
    ["award", "add", "优秀员工", "--person", "李娜", "--year", "2025", "--event", "1"],
    ["room", "add", "第一会议室", "--capacity", "20"],
    ["meeting", "add", "例会", "--start", "2026-11-27 09:00", "--room", "第一会议室"],
    ["matter", "add", "用房分配协调", "--lead", "BGS"],
)
# Column lists beside a register's own COLUMNS, and the command listing their rows.
OTHER_LISTS = {
    "officedesk.views.seal:USE_COLUMNS": ("seal", "uses"),
    "officedesk.views.seal:REQUEST_COLUMNS": ("seal", "requests"),
    "officedesk.views.seal:LETTER_COLUMNS": ("seal", "letters"),
    "officedesk.views.award:EVENT_COLUMNS": ("award", "event", "list"),
}
VIEW_MODULES = (
    "assessment",
    "award",
    "columns",
    "directory",
    "history",
    "incoming",
    "outgoing",
    "seal",
    "task",
    "visit",
)


def columns_at(target: str) -> tuple[Column, ...]:
    module, attribute = target.split(":")
    return getattr(importlib.import_module(module), attribute)


def list_argv(spec: RegisterSpec) -> tuple[str, ...]:
    return spec.list_argv or (spec.nouns[0].name, "list")


@pytest.fixture
def office(cli: Any) -> Any:
    for args in SEED:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return cli


def test_every_column_is_a_field_of_the_list_json(office: Any) -> None:
    """What the export writes is what `list --json` gives: a renamed field fails here."""
    lists = {spec.export: list_argv(spec) for spec in REGISTERS} | OTHER_LISTS
    missing = {}
    for target, argv in lists.items():
        items = office(*argv, "--json").json()
        assert items, f"{target}: no rows to check (seed one in SEED)"
        absent = [column.key for column in columns_at(target) if column.key not in items[0]]
        if absent:
            missing[target] = absent
    assert missing == {}


@pytest.mark.parametrize("target", [spec.export for spec in REGISTERS] + list(OTHER_LISTS))
def test_every_header_is_in_both_catalogues(target: str) -> None:
    from officedesk.i18n import catalogue

    columns = columns_at(target)
    assert columns and all(isinstance(column, Column) for column in columns)
    for lang in ("zh", "en"):
        assert [c.label for c in columns if c.label not in catalogue(lang)] == [], lang


@pytest.mark.parametrize("target", [spec.export for spec in REGISTERS] + list(OTHER_LISTS))
def test_one_column_takes_the_room_left(target: str) -> None:
    """Both front ends give the room left to one column (the title): width 0, exactly once."""
    assert [column.width for column in columns_at(target)].count(0) == 1


def test_the_workbench_shows_the_same_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    from officedesk.i18n import t
    from officedesk.views.directory import PERSON_COLUMNS
    from officedesk.widgets.columns import table_columns

    shown = table_columns(PERSON_COLUMNS)
    assert [c.label for c in shown] == [t(c.label) for c in PERSON_COLUMNS if not c.cli_only]
    assert [c.width for c in shown] == [10, 14, 10, 16, 0]


def test_views_import_no_typer_textual_or_front_end() -> None:
    modules = ", ".join(f"officedesk.views.{name}" for name in VIEW_MODULES)
    code = (
        f"import sys, {modules}; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('typer', 'textual', 'rich') "
        "or m.startswith(('officedesk.cli', 'officedesk.screens', 'officedesk.widgets'))]; "
        "assert not bad, bad"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "width", "shown"),
    [
        ("北京华远集团有限公司公章", 12, "北京华…公章"),
        ("北京华远集团有限公司合同专用章", 16, "北京…合同专用章"),
        ("北京华远集团有限公司合同专用章", 12, "…合同专用章"),
        ("办公室印章", 12, "办公室印章"),
    ],
)
def test_seal_names_are_shortened_in_the_middle(name: str, width: int, shown: str) -> None:
    """Issue 10, point 8: the owner's start and the kind, never "…有限公司公章"."""
    from officedesk.views.seal import seal_tail

    assert seal_tail(name, width) == shown
