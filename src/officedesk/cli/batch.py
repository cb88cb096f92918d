"""`officedesk batch`: many commands in one process, one JSON result per line."""

import json
import shlex
import sys
from typing import Annotated, Any

import typer

from officedesk.cli.state import STATE, BatchMode, context
from officedesk.errors import DomainError, InvalidInput
from officedesk.i18n import t
from officedesk.jsonout import json_text

REFUSED = {"batch", "tui", "demo", "config"}  # config: a file, outside any transaction


class _RolledBack(Exception):
    """Raised to roll back an atomic batch after a failed line."""


def line_to_argv(root: Any, raw: str) -> list[str]:
    """A line is shell words (`task add "标题" --due +3d`) or JSON: a list of words, or an object
    {"cmd": "task add", "title": "…", "due": "+3d"} whose keys name the command's parameters."""
    text = raw.strip()
    if text.startswith(("[", "{")):
        try:
            parsed = json.loads(text)
        except RecursionError:  # nested thousands deep: not a command line, and not a bug
            raise InvalidInput("batch.bad_json") from None
    if text.startswith("["):
        words = parsed
        if not isinstance(words, list) or not all(isinstance(w, str | int) for w in words):
            raise InvalidInput("batch.bad_json")
        return [str(w) for w in words]
    if text.startswith("{"):
        obj = parsed
        if not isinstance(obj, dict) or not isinstance(obj.get("cmd"), str):
            raise InvalidInput("batch.bad_json")
        return _object_to_argv(root, obj)
    try:
        return shlex.split(text)
    except ValueError as exc:
        raise InvalidInput("batch.bad_line", reason=str(exc)) from None


def _object_to_argv(root: Any, obj: dict[str, Any]) -> list[str]:
    words = obj["cmd"].split()
    command = root
    for word in words:
        lookup = getattr(command, "get_command", None)
        command = lookup(None, word) if lookup else None
        if command is None:
            raise InvalidInput("batch.unknown_command", cmd=obj["cmd"])
    by_name = {p.name: p for p in command.params}
    arguments: dict[str, list[str]] = {}
    options: list[str] = []
    for key, value in obj.items():
        if key == "cmd":
            continue
        param = by_name.get(key.replace("-", "_")) or _param_by_flag(command, key)
        if param is None:
            raise InvalidInput("batch.unknown_param", cmd=obj["cmd"], param=key)
        values = [str(v) for v in (value if isinstance(value, list) else [value])]
        if param.param_type_name == "argument":
            arguments[param.name] = values
        elif getattr(param, "is_flag", False):
            if value:
                options.append(max(param.opts, key=len))
        else:
            for v in values:
                options.extend([max(param.opts, key=len), v])
    positional = [
        v
        for p in command.params
        if p.param_type_name == "argument"
        for v in arguments.get(p.name, [])
    ]
    # "--" keeps a title that starts with "-" from being read as an option.
    return [*words, *options, "--", *positional]


def _param_by_flag(command: Any, key: str) -> Any:
    flag = "--" + key.replace("_", "-")
    return next((p for p in command.params if flag in getattr(p, "opts", [])), None)


def _argv(root: Any, raw: str) -> list[str]:
    """The line's words, refused here when no command may run them."""
    from officedesk.cli.main import is_text

    argv = line_to_argv(root, raw)
    if not all(is_text(word) for word in argv):
        raise InvalidInput("batch.not_utf8")
    if not argv or argv[0].startswith("-"):
        raise InvalidInput("batch.no_command")
    if argv[0] in REFUSED:
        raise InvalidInput("batch.refused", cmd=argv[0])
    if {"-h", "--help"} & set(argv):
        raise InvalidInput("batch.no_help")
    return argv


def _run_one(root: Any, raw: str) -> Any:
    from officedesk.cli.main import invoke_quiet

    return invoke_quiet(root, _argv(root, raw))


def _error(exc: BaseException) -> dict[str, Any]:
    """A failed line as its result: the sentence, and — as a single --json command's error
    object has them — the code and the values a script branches on ({} for a non-domain
    error)."""
    from officedesk.cli.main import describe_error, error_object
    from officedesk.cli.state import to_jsonable

    message, code, _exit = describe_error(exc)
    params = to_jsonable(error_object(exc, message, code)["error"]["params"])
    return {"ok": False, "error": message, "code": code, "params": params}


def _read_input() -> str:
    """All of stdin as text whatever the locale: bytes that are not UTF-8 are kept as lone
    surrogates, so the one bad line is refused by itself instead of the whole run failing."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return sys.stdin.read()
    return stream.read().decode("utf-8", "surrogateescape")


def batch(
    atomic: Annotated[bool, typer.Option("--atomic", help=t("help.opt.atomic"))] = False,
) -> None:
    from officedesk.cli.main import root_command

    root = root_command()
    lines = [
        (number, raw)
        for number, raw in enumerate(_read_input().splitlines(), start=1)
        if raw.strip() and not raw.lstrip().startswith("#")
    ]
    STATE.batch = BatchMode()
    results: list[dict[str, Any]] = []
    failed = False
    try:
        if atomic:
            failed = _run_atomic(root, lines, results)
        else:
            for number, raw in lines:
                try:
                    result = {"line": number, "ok": True, "result": _run_one(root, raw)}
                except Exception as exc:  # noqa: BLE001 - every failure becomes a result line
                    failed = True
                    result = {"line": number, **_error(exc)}
                sys.stdout.write(json_text(result) + "\n")
            sys.stdout.flush()
    finally:
        STATE.batch = None
    if atomic:
        for result in results:
            sys.stdout.write(json_text(result) + "\n")
    if failed:
        raise typer.Exit(1)


def _run_atomic(root: Any, lines: list[tuple[int, str]], results: list[dict[str, Any]]) -> bool:
    """All lines in one transaction; on the first failure nothing is kept. Consecutive
    `task add` lines are written together (cli.batch_runs), each still its own operation, and
    in the order of the lines: a run is written before the next line of another kind runs."""
    from officedesk.cli.batch_runs import RUN, Run, RunFailed, task_add_data, write_run

    assert STATE.batch is not None
    failure: dict[str, Any] | None = None
    run = Run()

    def write_pending(session: Any) -> None:
        if run.lines:
            results.extend(
                {"line": number, "ok": True, "result": result}
                for number, result in write_run(session, run)
            )

    try:
        with context().write("batch") as session:
            STATE.batch.session = session
            for number, raw in [*lines, (None, None)]:
                try:
                    argv: list[str] | None = None
                    refusal: Exception | None = None
                    if raw is not None:
                        try:
                            argv = _argv(root, raw)
                        except InvalidInput as exc:
                            refusal = exc
                    data = task_add_data(root, argv) if argv is not None else None
                    if data is not None:
                        run.lines.append((number, data))
                        if len(run.lines) >= RUN:
                            write_pending(session)
                        continue
                    write_pending(session)  # the lines before this one, first
                    if refusal is not None:
                        raise refusal
                    if argv is not None:
                        results.append({"line": number, "ok": True, "result": _invoke(root, argv)})
                except RunFailed as exc:
                    results.extend({"line": line, "ok": True} for line in exc.drafted)
                    failure = {"line": exc.line, **_error(exc.error)}
                    raise _RolledBack from exc.error
                except Exception as exc:
                    failure = {"line": number, **_error(exc)}
                    raise _RolledBack from exc
    except _RolledBack:
        rolled_back = t("batch.rolled_back")
        results[:] = [_unkept(r["line"], rolled_back, "batch.rolled_back") for r in results]
        assert failure is not None
        results.append(failure)
        not_run = t("batch.not_run")
        failed_at = failure["line"]
        results.extend(
            _unkept(number, not_run, "batch.not_run")
            for number, _raw in lines
            if number > failed_at
        )
        return True
    finally:
        STATE.batch.session = None
    return False


def _invoke(root: Any, argv: list[str]) -> Any:
    from officedesk.cli.main import invoke_quiet

    return invoke_quiet(root, argv)


def _unkept(line: int, message: str, code: str) -> dict[str, Any]:
    """A line an atomic batch did not keep (rolled back, or never run): a failed line's shape."""
    return {"line": line, "ok": False, "error": message, "code": code, "params": {}}


__all__ = ["DomainError", "batch", "line_to_argv"]
