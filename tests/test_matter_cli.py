"""`officedesk matter …` through CliRunner: a matter's whole life from the shell, --json on reads,
the list's filters, one-line errors with exit 1, Chinese choice words, markup shown literally.
One database for the module, seeded once."""

import shutil
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import PG_URL, CliResult, _pg_admin, sqlalchemy_pg_url

SEED = (
    ("dept", "add", "办公室", "--code", "BGS"),
    ("dept", "add", "财务部", "--code", "CWB"),
    ("dept", "add", "市国资委", "--kind", "superior"),
)


@pytest.fixture(scope="module")
def module_url(template_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if PG_URL:
        name = f"odt_mcli_{uuid.uuid4().hex[:12]}"
        with _pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
        yield sqlalchemy_pg_url(name)
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path_factory.mktemp("matter-cli") / "office.db"
        shutil.copyfile(template_db, path)
        yield f"sqlite:///{path}"


@pytest.fixture(scope="module")
def seeded(module_url: str) -> str:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OFFICEDESK_TODAY", "2026-11-26")
        mp.setenv("OFFICEDESK_LANG", "en")
        for args in SEED:
            result = _invoke(module_url, args)
            assert result.exit_code == 0, (args, result.stderr)
    return module_url


def _invoke(url: str, args: tuple[str, ...]) -> CliResult:
    """`officedesk ARGS` in-process, as conftest's `cli` runs it, on the module's database."""
    from typer.testing import CliRunner

    from officedesk.cli import state
    from officedesk.cli.main import run

    state.STATE.ctx = None
    code = 0
    with CliRunner().isolation(env={"OFFICEDESK_DATABASE_URL": url}) as (out, err, _):
        try:
            run(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
        stdout, stderr = out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")
    if state.STATE.ctx is not None:
        state.STATE.ctx.close()
        state.STATE.ctx = None
    return CliResult(code, stdout, stderr)


@pytest.fixture
def cli(seeded: str) -> Any:
    return lambda *args: _invoke(seeded, args)


def ok(result: CliResult) -> CliResult:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def one_line_error(result: CliResult) -> str:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_a_matter_from_opening_to_closed_from_the_shell(cli: Any) -> None:
    added = ok(
        cli(
            "--lang",
            "zh",
            "matter",
            "add",
            "台账报送口径确认",
            "-D",
            "纵向",
            "--lead",
            "BGS",
            "-d",
            "财务部",
            "-d",
            "市国资委",
            "--asked",
            "确认按哪个口径报送",
            "--json",
        )
    ).json()
    code = added["code"]
    assert (added["direction"], added["depts"]) == ("vertical", ["财务部", "市国资委"])
    steps = (
        ("matter", "contact", code, "--by", "市国资委", "--position", "按国资委口径"),
        ("matter", "escalate", code, "--leader", "分管副总经理", "--note", "口径分歧"),
        ("matter", "decide", code, "--decision", "按市国资委口径报送。"),
        ("matter", "item", code, "财务部编写口径说明", "--dept", "CWB"),
        ("matter", "agree", code, "--note", "按领导意见执行"),
    )
    for args in steps:
        ok(cli(*args))
    shown = ok(cli("matter", "show", code, "--json")).json()
    assert (shown["state"], shown["leader"], shown["decision"]) == (
        "agreed",
        "分管副总经理",
        "按市国资委口径报送。",
    )
    assert [entry["kind"] for entry in shown["log"]] == [
        "contact",
        "escalate",
        "decide",
        "item",
        "agree",
    ]
    item = shown["items"][0]
    assert (item["dept"], item["task_state"]) == ("财务部", "assigned")
    task = ok(cli("task", "show", item["task_code"], "--json")).json()
    assert (task["source"], task["leader"]) == ("leadership", "分管副总经理")
    ok(cli("matter", "close", code, "--outcome", "已按口径报送"))
    human = ok(cli("--lang", "zh", "matter", "show", code)).stdout
    assert "已办结" in human and "分管副总经理协调意见" in human and item["task_code"] in human


def test_list_filters_and_json(cli: Any) -> None:
    quiet = ok(cli("matter", "add", "琉璃内部协调", "-D", "internal", "--json")).json()["code"]
    other = ok(cli("matter", "add", "琉璃横向协调", "--lead", "CWB", "--json")).json()["code"]
    ok(cli("matter", "close", other, "--outcome", "已解决"))

    def listed(*filters: str) -> list[str]:
        items = ok(cli("matter", "list", "-q", "琉璃", *filters, "--json")).json()
        return [item["code"] for item in items]

    assert listed() == [quiet]
    assert listed("--state", "all") == [other, quiet]
    assert listed("--state", "closed", "--dept", "财务部") == [other]
    assert listed("--direction", "内部") == [quiet]
    assert listed("--stale") == []  # opened today: not silent yet
    table = ok(cli("--lang", "en", "matter", "list", "-q", "琉璃", "--state", "all")).stdout
    assert quiet in table and "internal" in table


def test_errors_are_one_line_with_exit_1(cli: Any) -> None:
    code = ok(cli("matter", "add", "[bold]x[/]", "--json")).json()["code"]
    assert "[bold]x[/]" in ok(cli("matter", "show", code)).stdout
    assert one_line_error(cli("matter", "close", code))  # no outcome
    ok(cli("matter", "escalate", code, "--leader", "总经理"))
    assert "decision" in one_line_error(cli("--lang", "en", "matter", "agree", code))
    assert one_line_error(cli("matter", "decide", code))  # no decision given
    assert one_line_error(cli("matter", "escalate", code, "--leader", "总经理"))  # not open
    assert one_line_error(cli("matter", "show", "XT-2026-0999"))
    assert one_line_error(cli("matter", "add", "x", "--direction", "diagonal"))
    assert one_line_error(cli("matter", "contact", code, "--by", "财务部"))  # no position
    assert one_line_error(cli("matter", "item", code, "无主办部门的事项"))
    assert one_line_error(cli("matter", "list", "--state", "finished"))
    assert cli("matter", "list", "--bogus").exit_code == 2
