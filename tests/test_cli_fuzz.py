"""Hypothesis fuzz of the whole command line (reliability.md §3, "property-based testing").

Why: hand-written CLI tests cover the inputs someone thought of. Here argv is generated from the
real command tree (officedesk.cli.main.root_command(): every noun, every verb, every declared
option and argument) and filled with hostile values, and every call must keep the contract the
README states:

- the exit code is 0, 1 or 2 (70, an internal error, is a bug; so is any other status);
- no traceback on stdout or stderr;
- a refusal (exit 1) is at most one line on stderr (usage errors, exit 2, may show the usage);
- the database is intact afterwards: services.integrity.check_database is clean.

The calls run in-process through the `cli` fixture (the real entry point, ~10 ms a call) on one
database seeded with a few records of every register, so verbs find something to act on; the
database carries over from example to example, as a day's work would.

Default: 80 examples (about 10 s). OFFICEDESK_FUZZ_EXAMPLES=5000 runs a longer
campaign; it then keeps going after a failure and reports every distinct one at the end, with
the exit code distribution (also written as JSON to OFFICEDESK_FUZZ_REPORT when that is set).
"""

import json
import os
import re
import shlex
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CliResult

# 80 calls in the default run (≈10 s of one worker); a long campaign sets the variable.
EXAMPLES = int(os.environ.get("OFFICEDESK_FUZZ_EXAMPLES", "80"))
LONG_RUN = "OFFICEDESK_FUZZ_EXAMPLES" in os.environ
REPORT = os.environ.get("OFFICEDESK_FUZZ_REPORT")

# Every noun the brief names; `tui` (a terminal app) and `demo` (fills a second database for
# seconds) are left out on purpose.
NOUNS = (
    "task",
    "dept",
    "contact",
    "incoming",
    "outgoing",
    "seal",
    "visit",
    "award",
    "history",
    "undo",
    "search",
    "today",
    "report",
    "batch",
    "db",
)

SEED_LINES = (
    "dept add 办公室 --code BGS",
    "dept add 人力资源部 --code HR",
    "dept add 市国资委 --kind superior --code SGZW",
    "contact add 张三 --dept BGS --title 主任",
    "contact add 李娜 --dept BGS",
    "contact add 刘振华 --dept BGS --title 总经理",
    'task add "落实安全生产大检查整改" --owner zs --due +5wd --priority urgent',
    'task add "办理国资委通知" --source incoming --ref "国资发〔2026〕12号"',
    'task add "季度报表" --assigned 2026-11-02 --due 2026-11-20 -d HR',
    'task add "年度总结" --due +10wd -o 李娜',
    'task start DB-2026-0001 --note "已召开协调会"',
    'task done DB-2026-0004 --note "完成"',
    'incoming add "关于开展安全生产大检查的通知" --sender 市国资委 -u urgent '
    '--number "国资发〔2026〕12号"',
    'incoming call "询问年度统计报表报送时间" --caller 李明 --unit 市统计局 --phone 010-12345678',
    "incoming review SW-2026-0001",
    'outgoing add "关于申请专项资金的请示" --type request --dept 办公室 --to 集团公司 '
    "--signer 刘振华 --reviewer 张三",
    'outgoing add "关于召开会议的通知" --type notice --dept BGS --to 各部门',
    "outgoing review 1",
    "outgoing sign 1",
    "outgoing check 1",
    "outgoing register 1",
    'seal add 公司公章 --keeper 李娜 --ref "公安备〔2026〕1号"',
    'seal activate 公司公章 --ref "启用〔2026〕1号"',
    'seal use 公司公章 "关于采购合同的函" -r 李娜 -a 刘振华 -c 2',
    'seal request 公司公章 "劳动合同" -r 张三',
    'visit add 市国资委 --arrive "2026-11-27 09:30" --purpose 调研 --host 张三 -g "张明:处长"',
    'award add 优秀员工 --person 李娜 --year 2026 --reason "接待保障有力"',
)

# ---- hostile and plausible values ----------------------------------------------------------

HOSTILE = (
    "",
    " ",
    "0",
    "-1",
    "-0",
    "1e309",
    "NaN",
    "99999999999999999999",  # 20 digits
    "18446744073709551616",
    "9" * 60,
    "²",
    "①",
    "٣",
    "Ⅻ",
    "[bold]x[/]",
    "[link=https://evil.example]x[/link]",
    "[@click=app.quit]x[/]",
    "\u202e",
    "abc\u202edef",
    "\x1b[31mred",
    "\x1b]8;;https://evil.example\x07x",
    "\x9b2J",
    "\x00",
    "a\x00b",
    "\udcff",  # an argv byte that is not UTF-8, as Python hands it over (surrogateescape)
    "\n",
    "a\nb",
    "\r",
    "\t",
    "\u2028",
    "汉" * 5000,
    "长标题" * 700,
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "+99999wd",
    "+99999999999d",
    "-5wd",
    "+0d",
    "下周八",
    "99天后",
    "25:61",
    "#0",
    "#-1",
    "#99999999999999999999",
    "DB-2026-99999",
    "DB-9999-0001",
    "SW-0-0",
    "X司发〔2026〕999999号",
    "'; DROP TABLE task; --",
    "%",
    "_",
    "\\",
    "*",
    "--",
    "-",
    "--json",
    "-h",
    "a:b:c",
    ":",
    "1,200.50",
    "-1,000",
    "１２",  # full-width digits
)
REFS = (
    "1",
    "2",
    "3",
    "#1",
    "#2",
    "DB-2026-0001",
    "DB-2026-0002",
    "DB-2026-0004",
    "db-2026-0003",
    "SW-2026-0001",
    "SW-2026-0002",
    "JD-2026-0001",
    "JS-2026-0001",
    "X司报〔2026〕1号",
    "X司报[2026]1号",
    "公司公章",
    "公章",
    "visit:1",
    "use:1",
    "award:1",
    "task:1",
)
PEOPLE = ("张三", "zs", "zhangsan", "李娜", "ln", "刘振华", "无名氏")
DEPTS = ("BGS", "办公室", "bgs", "HR", "人力资源部", "市国资委", "不存在")
DATES = (
    "today",
    "tomorrow",
    "yesterday",
    "2026-12-01",
    "2026-11-20",
    "+3d",
    "+2w",
    "+1m",
    "+5wd",
    "fri",
    "eow",
    "eom",
    "今天",
    "明天",
    "下周一",
    "月底",
    "3天后",
    "5个工作日后",
    "2026-11-27 09:30",
    "明天 9:30",
    "下午3点",
    "2026-H2",
    "2026",
)
WORDS = (
    "urgent",
    "normal",
    "difficult",
    "leadership",
    "incoming",
    "meeting",
    "notice",
    "request",
    "letter",
    "summary",
    "plan",
    "speech",
    "official",
    "contract",
    "internal",
    "superior",
    "external",
    "assigned",
    "in_progress",
    "done",
    "open",
    "draft",
    "registered",
    "public",
    "secret",
    "read",
    "handle",
    "dept",
    "owner",
    "due",
    "code",
    "important",
    "major",
    "general",
    "planned",
    "confirmed",
    "document",
    "call",
    "note",
    "feedback",
    "add",
    "remove",
    "list",
    "show",
    "edit",
    "zh",
    "en",
)
NUMBERS = ("1", "2", "3", "5", "10", "50", "2026", "1860", "1,200.50")
ACTIONS = ("add", "remove", "delete", "list", "show", "edit", "rm")

DATE_NAMES = {
    "due",
    "on",
    "date",
    "since",
    "until",
    "assigned",
    "drafted",
    "valid_until",
    "arrive",
    "depart",
    "at",
    "received",
    "due_before",
    "due_after",
    "period",
}
REF_NAMES = {"ref", "refs", "seal", "target", "query", "search", "event"}
PERSON_NAMES = {
    "owner",
    "requester",
    "approver",
    "host",
    "person",
    "people",
    "keeper",
    "leader",
    "by",
    "signer",
    "reviewer",
    "drafter",
    "caller",
    "bearers",
    "name",
}
DEPT_NAMES = {"dept", "parent", "assist", "unit", "to", "cc", "org", "to_unit", "sender"}
NUMBER_NAMES = {
    "copies",
    "cost",
    "budget",
    "guests",
    "hosts",
    "score",
    "year",
    "limit",
    "offset",
    "count",
}
WORD_NAMES = {
    "kind",
    "state",
    "priority",
    "source",
    "urgency",
    "secrecy",
    "mode",
    "level",
    "type",
    "sort",
    "lang",
}


def one_in(n: int) -> st.SearchStrategy[bool]:
    """True about once in n draws (st.integers would favour its bounds, and 0 is simplest)."""
    return st.sampled_from(range(n)).map(lambda k: k == n - 1)


def hostile_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.text(max_size=30),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
        st.integers(min_value=-(10**25), max_value=10**25).map(str),
    )


def plausible(name: str) -> st.SearchStrategy[str]:
    if name in DATE_NAMES:
        return st.sampled_from(DATES)
    if name in REF_NAMES:
        return st.sampled_from(REFS)
    if name in PERSON_NAMES:
        return st.sampled_from(PEOPLE)
    if name in DEPT_NAMES:
        return st.sampled_from(DEPTS)
    if name in NUMBER_NAMES:
        return st.sampled_from(NUMBERS)
    if name in WORD_NAMES:
        return st.sampled_from(WORDS)
    if name == "action":
        return st.sampled_from(ACTIONS)
    return st.sampled_from(("整改通知", "测试", "调研", "x", "合同", "张明:处长"))


def value_for(name: str) -> st.SearchStrategy[str]:
    """Half the time what a user would type (so commands get past parsing into the services),
    half the time something hostile."""
    return st.one_of(plausible(name), hostile_text())


# ---- the command tree ----------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    name: str
    opts: tuple[str, ...]  # empty for an argument
    flag: bool
    many: bool  # nargs=-1 argument or a repeatable option
    required: bool


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]
    params: tuple[Param, ...]


@cache
def command_tree() -> tuple[Command, ...]:
    """Every leaf command under the fuzzed nouns, with its declared parameters, read from the
    Click objects Typer builds (each lazy noun is loaded by asking for it)."""
    from officedesk.cli.click_api import ClickContext as Context
    from officedesk.cli.main import root_command

    root = root_command()
    context = Context(root)
    found: list[Command] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        if hasattr(command, "list_commands"):
            for name in command.list_commands(context):
                walk(command.get_command(context, name), (*path, name))
            return
        params = tuple(
            Param(
                # what the value means: an option's long flag (--due-before → due_before),
                # an argument's name (refs, doc_title)
                name=(
                    max(p.opts, key=len).lstrip("-").replace("-", "_")
                    if p.param_type_name == "option"
                    else p.name or ""
                ),
                opts=tuple(p.opts) if p.param_type_name == "option" else (),
                flag=bool(getattr(p, "is_flag", False)),
                many=p.nargs == -1 or bool(p.multiple),
                required=bool(p.required),
            )
            for p in command.params
            if p.name != "help"
        )
        found.append(Command(path, params))

    for noun in NOUNS:
        walk(root.get_command(context, noun), (noun,))
    return tuple(found)


@st.composite
def argv_for(draw: st.DrawFn, command: Command) -> list[str]:
    """One call of `command`: its arguments (usually all of them, sometimes too few or too
    many), a random subset of its options in random order, now and then a stray token."""
    words = list(command.path)
    options: list[list[str]] = []
    for param in command.params:
        if not param.opts or not draw(st.booleans()):
            continue
        flag = draw(st.sampled_from(param.opts))
        if param.flag:
            options.append([flag])
            continue
        for _ in range(draw(st.integers(1, 3)) if param.many else 1):
            options.append([flag, draw(value_for(param.name))])
    positionals: list[str] = []
    for param in command.params:
        if param.opts:
            continue
        if draw(one_in(12)):  # now and then a missing argument: a usage error
            continue
        count = draw(st.integers(1, 3)) if param.many else 1
        positionals += [draw(value_for(param.name)) for _ in range(count)]
    order = draw(st.permutations(options))
    for option in order:
        words += option
    if positionals and draw(one_in(5)):
        words.append("--")  # everything after it is an argument, even "-1"
    words += positionals
    if draw(one_in(15)):
        words.insert(
            draw(st.integers(1, len(words))),
            draw(st.sampled_from(("--nope", "-x", "extra", "--json=1", "--limit"))),
        )
    if draw(one_in(20)):
        words[:0] = ["--lang", draw(st.sampled_from(("zh", "en", "fr", "", "汉")))]
    return words


BATCH_RAW = (
    "",
    "# a comment",
    "[",
    "{",
    "[1, 2",
    '["task", "add", ""]',
    '["task", "add", "\\u0000"]',
    '["task", "add", "\\ud800"]',
    '{"cmd": "task add", "title": "批量", "due": "+3d"}',
    '{"cmd": "task add", "title": ["a", "b"]}',
    '{"cmd": "task nope"}',
    '{"cmd": 5}',
    '{"cmd": "task add", "nope": 1}',
    '{"cmd": "task add", "title": {"x": 1}}',
    '"just a string"',
    "[" * 5000 + "]" * 5000,
    'task add "unclosed',
    "batch --atomic",
    "tui",
    "demo",
    "--help",
    "task add x --help",
    "-x",
)


@st.composite
def batch_input(draw: st.DrawFn) -> str:
    """stdin for `officedesk batch`: generated command lines (shell words or JSON lists) and
    raw hostile lines."""
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 2))
        if kind == 0:
            lines.append(draw(st.sampled_from(BATCH_RAW)))
            continue
        command = draw(st.sampled_from([c for c in command_tree() if c.path[0] != "batch"]))
        words = draw(argv_for(command))
        lines.append(shlex.join(words) if kind == 1 else json.dumps(words))
    return "\n".join(lines) + "\n"


@st.composite
def calls(draw: st.DrawFn) -> tuple[list[str], str]:
    noun = draw(st.sampled_from(NOUNS))
    tree = [c for c in command_tree() if c.path[0] == noun]
    if draw(one_in(30)):  # a noun without a verb, or a verb that is not there
        return [noun, *draw(st.lists(st.sampled_from(("nope", "-h", "", "list")), max_size=1))], ""
    command = draw(st.sampled_from(tree))
    argv = draw(argv_for(command))
    stdin = draw(batch_input()) if noun == "batch" else ""
    return argv, stdin


# ---- what the fuzz found -------------------------------------------------------------------

# Each product bug this fuzz found (issue 8, point 8), on its minimal input, with the refusal it
# gets since its fix: (argv, stdin, exit status, a word the refusal must carry).
FOUND: dict[str, tuple[list[str], bytes, int, str]] = {
    "non-utf8-argument": (["history", "\udcff"], b"", 2, "not text"),
    "json-nesting": (["batch"], b"[" * 5000 + b"\n", 1, "batch.bad_json"),
    "non-utf8-batch-line": (["batch"], b'["task", "show", "\\udcff"]\n', 1, "batch.not_utf8"),
    "non-utf8-stdin": (["batch"], b"task list\n\xff\n", 1, "batch.not_utf8"),
    "nul-in-argument": (["contact", "show", "\x00"], b"", 2, "not text"),
    "nul-in-batch-line": (["batch"], b'["contact", "show", "\\u0000"]\n', 1, "batch.not_utf8"),
    "offset-overflow": (["task", "list", "--offset", "99999999999999999999"], b"", 1, "--offset"),
    "year-overflow": (["seal", "letters", "--year", "99999999999999999999"], b"", 1, "Year"),
}


# ---- the contract --------------------------------------------------------------------------


@dataclass
class Campaign:
    calls: int = 0
    exit_codes: Counter[int] = field(default_factory=Counter)
    per_noun: Counter[str] = field(default_factory=Counter)
    failures: dict[str, dict[str, Any]] = field(default_factory=dict)  # signature -> first case

    def record(self, argv: list[str], stdin: str, result: CliResult, problems: list[str]) -> None:
        """Count the call; file each problem under a signature (the first case of each kept),
        or under its known bug's name."""
        self.calls += 1
        self.exit_codes[result.exit_code] += 1
        self.per_noun[next((w for w in argv if w in NOUNS), argv[0])] += 1
        for problem in problems:
            signature = f"{problem.split(':')[0]} / exit {result.exit_code} / " + (
                internal_error_site(problem) or (result.stderr.strip().splitlines() or [""])[0][:80]
            )
            self.failures.setdefault(
                signature,
                {
                    "problem": problem,
                    "argv": argv,
                    "stdin": stdin,
                    "exit": result.exit_code,
                    "stderr": result.stderr[-2000:],
                    "stdout": result.stdout[-500:],
                },
            )

    def summary(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "exit_codes": dict(sorted(self.exit_codes.items())),
            "per_noun": dict(sorted(self.per_noun.items())),
            "distinct_failures": len(self.failures),
            "failures": self.failures,
        }


def contract_problems(result: CliResult) -> list[str]:
    """What the README promises every call, whatever its arguments."""
    problems = []
    if result.exit_code not in (0, 1, 2, 70):  # 70 is reported with its traceback, below
        problems.append(f"exit status {result.exit_code}")
    for stream, text in (("stderr", result.stderr), ("stdout", result.stdout)):
        if "Traceback (most recent call last)" in text:
            problems.append(f"traceback on {stream}")
    if result.exit_code == 1 and len(result.stderr.strip().splitlines()) > 1:
        problems.append("refusal longer than one line")
    if result.exit_code == 70 or '"code": "internal"' in result.stdout:
        # exit 70, or a batch line's result says so: the traceback is in error.log
        problems.append("internal error: " + internal_error_log()[-4000:])
    return problems


def database_problems() -> list[str]:
    """check_database on the fuzzed database (OFFICEDESK_DATABASE_URL, set by `cli`)."""
    from officedesk.context import build_context
    from officedesk.services.integrity import check_database

    ctx = build_context(lang="en")
    try:
        with ctx.read() as session:
            report = check_database(session)
    finally:
        ctx.close()
    return [
        f"database check: {check.name}: {finding.message()}"
        for check in report.results
        for finding in check.findings
    ]


def internal_error_log() -> str:
    """The last traceback an exit 70 left in error.log (the test HOME's data directory)."""
    from officedesk.config import data_dir

    path = data_dir() / "error.log"
    if not path.exists():
        return ""
    return "Traceback" + path.read_text("utf-8", errors="replace").split("Traceback")[-1]


def internal_error_site(problem: str) -> str:
    """Where an internal error was raised, to tell distinct bugs apart: the exception's type
    and the last officedesk frame of its traceback."""
    if not problem.startswith("internal error"):
        return ""
    frames = re.findall(r'File "[^"]*/(officedesk/[^"]+)", line (\d+), in (\w+)', problem)
    kind = problem.strip().splitlines()[-1].split(":")[0]
    where = f"{frames[-1][0]}:{frames[-1][2]}" if frames else "?"
    return f"{kind} at {where}"


def readable(data: Any) -> str:
    """JSON for a person: Chinese as is, a lone surrogate (from a non-UTF-8 argv) escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@pytest.fixture
def fuzz_cli(cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The `cli` fixture on a seeded database, run from an empty directory (an --out the fuzz
    invents lands there, never in the repository)."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    result = cli("batch", "--atomic", input="\n".join(SEED_LINES) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert database_problems() == []
    return cli


def test_command_tree_covers_every_noun() -> None:
    """The generator sees the real tree: each fuzzed noun contributes commands and parameters."""
    tree = command_tree()
    assert {c.path[0] for c in tree} == set(NOUNS)
    assert ("task", "add") in {c.path for c in tree}
    add = next(c for c in tree if c.path == ("task", "add"))
    assert {"title", "due", "json"} <= {p.name for p in add.params}
    assert all(p.opts for p in add.params if p.name != "title")


def test_contract_catches_violations() -> None:
    """The fuzz's oracle can fail: each broken promise is named (the database half is proved
    in tests/test_faults.py)."""
    ok = CliResult(0, "{}", "officedesk: warning: one\nofficedesk: warning: two\n")
    assert contract_problems(ok) == []
    assert contract_problems(CliResult(2, "", "officedesk: No such option: --x\nUsage: …\n")) == []
    assert contract_problems(CliResult(3, "", "")) == ["exit status 3"]
    assert contract_problems(CliResult(1, "", "officedesk: a\nofficedesk: b\n")) == [
        "refusal longer than one line"
    ]
    traceback = CliResult(1, "", "Traceback (most recent call last):\n")
    assert "traceback on stderr" in contract_problems(traceback)
    internal = contract_problems(CliResult(1, '{"line": 1, "ok": false, "code": "internal"}', ""))
    assert internal and internal[0].startswith("internal error")


@pytest.mark.slow
def test_cli_fuzz(fuzz_cli: Callable[..., CliResult]) -> None:
    campaign = Campaign()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,  # examples depend on the database state; replaying them would mislead
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(call=calls())
    def one_call(call: tuple[list[str], str]) -> None:
        argv, stdin = call
        # stdin is bytes: a lone surrogate stands for a byte that is not UTF-8, as in argv
        result = fuzz_cli(*argv, input=stdin.encode("utf-8", "surrogateescape"))
        problems = contract_problems(result) + database_problems()
        campaign.record(argv, stdin, result, problems)
        if problems and not LONG_RUN:
            raise AssertionError(
                readable(
                    {"argv": argv, "stdin": stdin, "exit": result.exit_code, "problems": problems}
                )
            )

    try:
        one_call()
    except Exception as exc:
        # Hypothesis shrinks on a database that carries the damage (or the changes) of the
        # failing call, so its minimal example may not be the culprit: name the first one.
        first = next(iter(campaign.failures.values()), None)
        raise AssertionError("first failing call: " + readable(first)) from exc
    summary = campaign.summary()
    if REPORT:
        Path(REPORT).write_text(readable(summary), "utf-8")
    print(
        f"\ncli fuzz: {campaign.calls} calls, exit codes {summary['exit_codes']}, "
        f"failures {len(campaign.failures)}"
    )
    assert not campaign.failures, readable(summary["failures"])


@pytest.mark.parametrize("name", sorted(FOUND))
def test_what_the_fuzz_found_stays_fixed(cli: Callable[..., CliResult], name: str) -> None:
    argv, stdin, status, word = FOUND[name]
    result = cli(*argv, input=stdin)
    assert result.exit_code == status, (result.stdout, result.stderr)
    assert word in result.stdout + result.stderr
    assert '"code": "internal"' not in result.stdout and "Traceback" not in result.stderr
