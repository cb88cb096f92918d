"""`officedesk config set/show`: the settings a person gives once, checked before they are
written, and the rest of the file kept as written."""

from pathlib import Path
from typing import Any

import pytest

from officedesk.config import config_path


def test_set_then_show_keeps_the_rest_of_the_file(cli: Any) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('# 办公室\nyellow_workdays = 4\n\n[due]\nmeeting = "+10d"\n', encoding="utf-8")
    result = cli("config", "set", "operator", "  王   主任 ", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json() == {"key": "operator", "value": "王   主任", "file": str(path)}  # as typed
    assert cli("config", "set", "lang", "zh-CN").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 办公室\nyellow_workdays = 4\n")
    assert '[due]\nmeeting = "+10d"' in text
    shown = cli("config", "show", "--json").json()
    assert (shown["operator"], shown["lang"], shown["company"]) == ("王   主任", "zh", "")


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("colour", "red", "operator"),  # the settable keys are listed
        ("lang", "fr", "fr"),
        ("theme", "blue", "dark"),
        ("operator", "   ", "Operator"),
        ("company", "某" * 201, "200"),
        ("operator", "王\x1b[31m主任", "control"),
    ],
)
def test_a_bad_setting_is_one_line_and_writes_nothing(
    cli: Any, key: str, value: str, words: str
) -> None:
    result = cli("config", "set", key, value)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert words in result.stderr
    assert not Path(config_path()).exists()


def test_inner_spacing_is_kept_and_what_would_not_show_is_refused(cli: Any) -> None:
    assert cli("config", "set", "company", " 华信　科技 ").exit_code == 0  # a full-width space
    assert cli("config", "show", "--json").json()["company"] == "华信　科技"
    hidden = cli("config", "set", "operator", "王\u200b主任")  # a zero-width space
    assert hidden.exit_code == 1 and "control" in hidden.stderr
    assert cli("config", "set", "lang", "zh_CN.UTF-8").exit_code == 0  # as the locale writes it


def test_a_broken_or_unwritable_file_is_one_line_and_left_alone(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("operator = \n", encoding="utf-8")  # not TOML
    result = cli("config", "set", "company", "华信")
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert path.read_text(encoding="utf-8") == "operator = \n"
    monkeypatch.setenv("OFFICEDESK_CONFIG", str(tmp_path / "no" / "such" / "dir" / "c.toml"))
    (tmp_path / "no").write_text("a file where a directory should be", encoding="utf-8")
    unwritable = cli("config", "set", "company", "华信")
    assert unwritable.exit_code == 1, unwritable.stderr
    assert len(unwritable.stderr.strip().splitlines()) == 1


def test_config_is_refused_in_a_batch(cli: Any) -> None:
    """A file is written outside any transaction: an atomic batch could not take it back."""
    result = cli("batch", "--atomic", input="config set company 回滚\n")
    assert "config" in result.stdout
    assert not Path(config_path()).exists()
