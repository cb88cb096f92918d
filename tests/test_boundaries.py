"""The layers' boundaries, proved by tools rather than by review: the import-linter contracts in
pyproject.toml hold, no module leans on Typer's private modules (they change without notice
between Typer releases), and every `# type: ignore` names the error it silences."""

import ast
import io
import re
import subprocess
import sys
import tokenize
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "src" / "officedesk").rglob("*.py"))
# `# type: ignore` with no `[code]` after it silences every error on the line, the next one too.
UNCHECKED_IGNORE = re.compile(r"#\s*type:\s*ignore(?!\[)")


def test_import_contracts_hold() -> None:
    """The venv's lint-imports (the test extra installs it beside this Python) on pyproject's
    contracts; its report names the offending import chain when one breaks."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    assert lint_imports.is_file(), f"{lint_imports} missing: pip install -e '.[test]'"
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def private_typer_imports(source: str) -> list[int]:
    """The lines of every `import typer._x` / `from typer._x import …` in one module."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        if any(name.startswith("typer._") for name in modules):
            lines.append(node.lineno)
    return lines


def unchecked_ignores(source: str) -> list[int]:
    """The lines whose comment (not a string) holds a bare `# type: ignore`."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [
        token.start[0]
        for token in tokens
        if token.type == tokenize.COMMENT and UNCHECKED_IGNORE.search(token.string)
    ]


def offenders(scan: Callable[[str], list[int]]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line}"
        for path in SOURCES
        for line in scan(path.read_text(encoding="utf-8"))
    ]


def test_no_module_imports_typers_private_modules() -> None:
    assert offenders(private_typer_imports) == []


def test_every_type_ignore_names_its_error_code() -> None:
    assert offenders(unchecked_ignores) == []


def test_the_scans_find_what_they_look_for() -> None:
    """A private import and a bare ignore are found; a public import, a coded ignore and the
    same words inside a string are not."""
    sample = (
        "from typer._click import core\n"
        "import typer.testing\n"
        "from typer import _completion_shared\n"
        "x = 1  # type: ignore\n"
        "y = 2  # type: ignore[assignment]\n"
        "z = '# type: ignore'\n"
    )
    assert private_typer_imports(sample) == [1, 3]
    assert unchecked_ignores(sample) == [4]
