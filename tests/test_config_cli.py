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
    assert result.json() == {"key": "operator", "value": "王 主任", "file": str(path)}
    assert cli("config", "set", "lang", "zh-CN").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 办公室\nyellow_workdays = 4\n")
    assert '[due]\nmeeting = "+10d"' in text
    shown = cli("config", "show", "--json").json()
    assert (shown["operator"], shown["lang"], shown["company"]) == ("王 主任", "zh", "")


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
