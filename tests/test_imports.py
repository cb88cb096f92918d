"""Import boundaries, checked in a real subprocess: a CLI command loads only what it uses."""

import subprocess
import sys
from pathlib import Path

import pytest

from probes import loaded_by


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("imports")
    db = tmp / "office.db"
    for args in (
        ["dept", "add", "办公室", "--code", "BGS"],
        ["task", "add", "第一项", "--dept", "BGS"],
    ):
        assert loaded_by(args, db, tmp)["code"] in (0, None)
    return db


@pytest.mark.slow
def test_task_list_json_imports_neither_textual_nor_rich(seeded_db: Path, tmp_path: Path) -> None:
    report = loaded_by(["task", "list", "--json"], seeded_db, tmp_path)
    assert report["code"] in (0, None)
    assert report["loaded"] == []


@pytest.mark.slow
def test_task_add_imports_no_pinyin_or_ui(seeded_db: Path, tmp_path: Path) -> None:
    report = loaded_by(["task", "add", "第二项", "--dept", "办公室", "--json"], seeded_db, tmp_path)
    assert report["code"] in (0, None)
    assert report["loaded"] == []


@pytest.mark.slow
def test_human_list_loads_rich_but_not_textual(seeded_db: Path, tmp_path: Path) -> None:
    report = loaded_by(["task", "list"], seeded_db, tmp_path)
    assert report["loaded"] == ["rich"]


@pytest.mark.slow
def test_writing_a_name_is_what_loads_pypinyin(seeded_db: Path, tmp_path: Path) -> None:
    report = loaded_by(["contact", "add", "李四", "--dept", "BGS", "--json"], seeded_db, tmp_path)
    assert "pypinyin" in report["loaded"]
    assert "textual" not in report["loaded"]


def test_importing_the_package_touches_nothing(tmp_path: Path) -> None:
    code = (
        "import sys, officedesk, officedesk.cli.main; "
        "print(sorted(m for m in sys.modules if m.startswith(('textual', 'alembic'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert "textual" not in out and "alembic" not in out
