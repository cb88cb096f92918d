"""The CLI's edges: Typer's private modules reached through one compatibility module only, and
a failed batch line carrying the same code and values as a single command's --json error."""

import ast
import json
from datetime import date
from pathlib import Path
from typing import Any

import officedesk
from officedesk.cli import click_api
from officedesk.errors import InvalidInput

SRC = Path(officedesk.__file__).parent
COMPATIBILITY_MODULE = SRC / "cli" / "click_api.py"


def private_typer_imports(source: str) -> list[int]:
    """The lines of `import typer._x`, `from typer._x import …` and `from typer import _x`."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        if any(name.startswith("typer._") for name in names):
            lines.append(node.lineno)
    return lines


def test_only_the_compatibility_module_may_import_typers_private_modules() -> None:
    offenders = [
        f"{path.relative_to(SRC)}:{line}"
        for path in sorted(SRC.rglob("*.py"))
        if path != COMPATIBILITY_MODULE
        for line in private_typer_imports(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_scan_finds_a_private_import() -> None:
    """Guard the scan: it would pass vacuously if it found nothing."""
    sample = (
        "import typer\n"
        "from typer._click import core\n"
        "from typer import _completion_shared\n"
        "import typer._click.exceptions\n"
        "from typer.core import TyperGroup\n"
        "x = 'from typer._click import core'\n"
    )
    assert private_typer_imports(sample) == [2, 3, 4]


def test_the_click_classes_are_the_ones_typer_raises_and_formats_with() -> None:
    """What click_api finds by name is Typer's Click, in the hierarchy the CLI relies on."""
    import typer
    import typer.core

    assert click_api.BadParameter is typer.BadParameter
    assert issubclass(click_api.MissingParameter, click_api.BadParameter)
    assert issubclass(click_api.NoSuchOption, click_api.UsageError)
    assert issubclass(click_api.UsageError, click_api.ClickException)
    assert issubclass(typer.Context, click_api.ClickContext)
    assert click_api.ClickContext is not typer.Context
    assert issubclass(typer.core.TyperGroup, click_api.ClickCommand)
    assert click_api.HelpFormatter.__name__ == "HelpFormatter"
    assert callable(click_api.HelpFormatter.write_usage)


# ---- batch lines carry their values ----------------------------------------------------------


def batch_lines(cli: Any, text: str, *options: str) -> list[dict[str, Any]]:
    result = cli("--lang", "en", "batch", *options, input=text)
    assert result.exit_code == 1, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_failed_batch_line_carries_the_errors_values(cli: Any) -> None:
    missing, unknown, listed = batch_lines(cli, "task show 999999\ntask bogus\ntask list\n")
    assert (missing["ok"], missing["code"], missing["params"]) == (
        False,
        "task.not_found",
        {"ref": "999999"},
    )
    assert unknown == {
        "line": 2,
        "ok": False,
        "error": unknown["error"],
        "code": "usage",
        "params": {},
    }
    assert listed["ok"] is True and "params" not in listed


def test_a_batch_lines_error_is_the_single_commands_json_error(cli: Any) -> None:
    (line,) = batch_lines(cli, "task show 999999\n")
    result = cli("--lang", "en", "task", "show", "999999", "--json")
    single = json.loads(result.stdout)["error"]
    assert (line["code"], line["params"], line["error"]) == (
        single["code"],
        single["params"],
        single["message"],
    )


def test_a_batch_lines_params_are_json_safe() -> None:
    """A date (or any value the JSON encoder does not know) is written as the --json output
    writes it."""
    from officedesk.cli.batch import _error

    failed = _error(InvalidInput("input.date", field="due", value=date(2026, 2, 28)))
    assert failed["params"] == {"field": "due", "value": "2026-02-28"}
    assert json.loads(json.dumps(failed)) == failed
    assert _error(KeyError("x"))["params"] == {}


def test_an_atomic_batchs_unkept_lines_have_a_failed_lines_shape(cli: Any) -> None:
    lines = batch_lines(cli, "task add First\ntask show 999999\ntask add Third\n", "--atomic")
    assert [(line["code"], line["params"]) for line in lines] == [
        ("batch.rolled_back", {}),
        ("task.not_found", {"ref": "999999"}),
        ("batch.not_run", {}),
    ]
