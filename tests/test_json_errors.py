"""`--json` failures are machine-readable: a script branches on the code and its values."""

from typing import Any


def test_a_refusal_under_json_is_an_object_with_code_params_and_message(cli: Any) -> None:
    result = cli("--lang", "en", "task", "show", "999", "--json")
    assert result.exit_code == 1
    error = result.json()["error"]
    assert error["code"] == "task.not_found"
    assert error["params"] == {"ref": "999"}
    assert error["message"] == 'No item matches "999".'
    # The person at the terminal still reads the same one line.
    assert result.stderr == 'officedesk: No item matches "999".\n'


def test_without_json_stdout_stays_empty(cli: Any) -> None:
    result = cli("--lang", "en", "task", "show", "999")
    assert result.exit_code == 1
    assert result.stdout == ""


def test_a_usage_error_under_json_has_the_usage_code(cli: Any) -> None:
    result = cli("--lang", "en", "task", "list", "--json", "--no-such-option")
    assert result.exit_code == 2
    assert result.json()["error"]["code"] == "usage"


def test_json_after_double_dash_is_text_not_the_option(cli: Any) -> None:
    result = cli("--lang", "en", "task", "show", "--", "--json")
    assert result.exit_code == 1
    assert result.stdout == ""


def test_the_error_is_worded_in_the_users_language(cli: Any) -> None:
    error = cli("--lang", "zh", "task", "show", "999", "--json").json()["error"]
    assert error["code"] == "task.not_found"
    assert "999" in error["message"] and error["message"] != 'No item matches "999".'


def test_an_argument_that_is_not_text_under_json_is_an_object_too(cli: Any) -> None:
    result = cli("--lang", "en", "task", "show", "bad\udcff", "--json")
    assert result.exit_code == 2
    error = result.json()["error"]
    assert (error["code"], error["params"]) == ("usage.not_utf8", {"n": 5})
    assert error["message"] in result.stderr
