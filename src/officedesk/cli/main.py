"""Entry point: build the Typer tree in the user's language, run it, turn failures into one line."""

import os
import sys
from functools import cache
from typing import Annotated, Any

import typer

from officedesk.cli.click_api import ClickException, UsageError
from officedesk.errors import DomainError

EXIT_DOMAIN = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug, reported in one line with the traceback in a log file


_VALUE_OPTIONS = ("--db",)  # the root options that take a value, besides --lang


def _early_language(argv: list[str]) -> None:
    """Set the language before the commands are built, so --help speaks it too."""
    from officedesk.config import load_settings
    from officedesk.context import resolve_language
    from officedesk.i18n import set_language

    cli_lang = None
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--lang" and index + 1 < len(argv):
            cli_lang = argv[index + 1]
        elif arg.startswith("--lang="):
            cli_lang = arg.split("=", 1)[1]
        elif arg in _VALUE_OPTIONS:
            index += 1  # `--db PATH`: the path is the option's value, not the noun
        elif not arg.startswith("-"):
            break
        index += 1
    try:
        set_language(resolve_language(cli_lang, load_settings()))
    except DomainError:
        set_language(resolve_language(None, _empty_settings()))


def _empty_settings() -> Any:
    from officedesk.config import Settings

    return Settings()


def build_app() -> typer.Typer:
    from officedesk.cli import help_words
    from officedesk.cli.lazy import LazyGroup, lazy_command, lazy_group
    from officedesk.cli.state import STATE, configure
    from officedesk.i18n import t
    from officedesk.registry import SCREENS, cli_nouns

    help_words.install()
    app = typer.Typer(
        name="officedesk",
        cls=LazyGroup,
        help=t("help.root"),
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback(invoke_without_command=True)
    def root(
        ctx: typer.Context,
        db: Annotated[str | None, typer.Option("--db", help=t("help.opt.db"))] = None,
        lang: Annotated[str | None, typer.Option("--lang", help=t("help.opt.lang"))] = None,
        demo: Annotated[bool, typer.Option("--demo", help=t("help.opt.demo"))] = False,
        version: Annotated[bool, typer.Option("--version", help=t("help.opt.version"))] = False,
    ) -> None:
        if version:
            from officedesk import __version__

            sys.stdout.write(f"officedesk {__version__}\n")
            raise typer.Exit(0)
        if STATE.batch is None:
            configure(db=db, lang=lang, demo=demo)
        if ctx.invoked_subcommand is None:
            _open_tui()

    @app.command("tui", help=t("help.tui"))
    def tui(
        screen: Annotated[str, typer.Option("--screen", help=t("help.opt.screen"))] = "today",
    ) -> None:
        from officedesk.errors import InvalidInput

        if screen not in SCREENS:
            raise InvalidInput("input.choice", field="screen", choices=", ".join(SCREENS))
        _open_tui(screen)

    for noun in cli_nouns(first=True):  # the supervision items and the directory
        module, attribute = noun.target.split(":")
        lazy_group(noun.name, module, attribute, noun.help)
    lazy_group("db", "officedesk.cli.system", "db_app", "help.db")
    lazy_command("history", "officedesk.cli.system", "history", "help.history")
    lazy_command("undo", "officedesk.cli.system", "undo", "help.undo")
    lazy_command("demo", "officedesk.cli.system", "demo", "help.demo")
    lazy_group("config", "officedesk.cli.config_cmd", "app", "help.config")
    lazy_command("batch", "officedesk.cli.batch", "batch", "help.batch")
    lazy_command("today", "officedesk.cli.today", "today", "help.today")
    lazy_command("search", "officedesk.cli.search", "search", "help.search")
    lazy_group("report", "officedesk.cli.report", "app", "help.report")
    lazy_command("backup", "officedesk.cli.backup", "backup", "help.backup")
    lazy_command("restore", "officedesk.cli.backup", "restore", "help.restore")
    lazy_command("export", "officedesk.cli.export", "export", "help.export")
    lazy_command("import", "officedesk.cli.import_cmd", "import_file", "help.import")
    lazy_command("nightly", "officedesk.cli.nightly", "nightly", "help.nightly")
    lazy_command("print", "officedesk.cli.print_cmd", "print_form", "help.print")
    for noun in cli_nouns(first=False):  # every other register's (officedesk.registry)
        module, attribute = noun.target.split(":")
        lazy_group(noun.name, module, attribute, noun.help)
    return app


def _open_tui(screen: str = "today") -> None:
    from officedesk.app import run_app
    from officedesk.cli.state import context

    ctx = context(fill_demo=False)

    def prepare(progress: Any) -> None:
        """Open (and migrate) the database, fill the demo office on first use: in a worker,
        while the first screen is already on the terminal (and says how far the fill is)."""
        ctx.store.ensure_schema()
        if ctx.demo:
            from officedesk.demo.office import ensure_demo

            ensure_demo(ctx, progress)

    run_app(ctx, screen, prepare)


def root_command() -> Any:
    """The command tree in the current language. One process speaks one language, but a batch
    of in-process runs (the test suite) may switch: a noun loaded lazily in one language must
    not answer --help in the other."""
    from officedesk.i18n import current_language

    return _root_command(current_language())


@cache
def _root_command(lang: str) -> Any:
    return typer.main.get_command(build_app())


def invoke_quiet(root: Any, argv: list[str]) -> Any:
    """Run one command line in this process and return what the command returned."""
    return root.main(args=argv, prog_name="officedesk", standalone_mode=False)


# Refusals asking for a value, and the option that gives it on the command line (the
# services name the field, which the workbench shows the refusal under).
FLAG_HINTS = {
    "task.cancel_reason": "--reason",
    "task.extension_reason": "--reason",
    "seal_use.correction_reason": "--reason",
    "award.recipient_required": "--person / --dept",
    "outgoing.reviewer_required": "--by",
    "outgoing.signer_required": "--by",
    "visit.cost_required": "--cost",
    "visit.letter_required": "--letter / --waiver",
    "visit.papers_missing": "--papers",
}


def field_option(args: list[str], field: str) -> str | None:
    """The option of the command `args` names that gives `field` (`seal suspend 2` and
    "approval" → "--approval"): a value the service asks for is named as a shell user types it.
    Found by walking the command words, without running anything; None when there is none.
    (Duck-typed: Typer's commands are its own copy of Click's classes.)"""
    command = root_command()
    context = command.context_class(command)
    for arg in args:
        if not hasattr(command, "get_command"):
            break
        sub = None if arg.startswith("-") else command.get_command(context, arg)
        if sub is not None:  # else an option, or an option's value (`--db FILE`)
            command, context = sub, sub.context_class(sub, parent=context)
    for param in command.params:
        if param.param_type_name == "option" and param.name == field and param.opts:
            return str(param.opts[0])
    return None


def describe_error(exc: BaseException, args: list[str] | None = None) -> tuple[str, str, int]:
    """(one-line message, machine code, exit status) for anything a command may raise; with the
    command line, a missing value's refusal names the option that gives it."""
    from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError

    from officedesk.i18n import t

    if isinstance(exc, DomainError):
        # A database URL nothing can load is a usage error (StoreUrlError.exit_status == 2).
        message = exc.message()
        flag = FLAG_HINTS.get(exc.key)
        if flag is None and exc.key == "input.required" and args is not None:
            flag = field_option(args, str(exc.params.get("field", "")))
        if flag:  # the workbench names the field; a shell user, the option
            wide = message.endswith("。")
            hint = t("usage.flag_hint", flag=flag)
            message = message.rstrip("。.") + ("" if wide else " ") + hint + ("。" if wide else ".")
        return message, exc.key, getattr(exc, "exit_status", EXIT_DOMAIN)
    if isinstance(exc, UsageError):
        from officedesk.cli.usage import usage_message

        return usage_message(exc), "usage", EXIT_USAGE
    if isinstance(exc, ClickException):
        return exc.format_message(), "usage", exc.exit_code
    if isinstance(exc, IntegrityError):
        return t("db.integrity", reason=str(exc.orig).splitlines()[0]), "db.integrity", EXIT_DOMAIN
    if isinstance(exc, DataError):
        # A value the database cannot hold (a NUL on PostgreSQL, a number past its range): the
        # transaction is rolled back, nothing was written; the value is the user's to change.
        reason = str(exc.orig).splitlines()[0]
        return t("db.bad_value", reason=reason), "db.bad_value", EXIT_DOMAIN
    wordable = isinstance(exc, DBAPIError) or type(exc).__module__ == "sqlite3"
    if wordable and (explained := _explain_db_error(exc)) is not None:
        return explained.message(), explained.key, EXIT_DOMAIN
    if isinstance(exc, OperationalError):
        reason = str(exc.orig).splitlines()[0]
        key = "db.busy" if "locked" in reason or "busy" in reason else "db.error"
        return t(key, reason=reason), key, EXIT_DOMAIN
    if isinstance(exc, ValueError) and type(exc).__name__ == "JSONDecodeError":
        return t("batch.bad_json"), "batch.bad_json", EXIT_DOMAIN
    return (
        t("internal.error", kind=type(exc).__name__, log=_log_internal(exc)),
        "internal",
        EXIT_INTERNAL,
    )


def _explain_db_error(exc: BaseException) -> DomainError | None:
    """A database failure that escaped the store's own wording (a line of an atomic batch
    runs inside the batch's session): worded with the open store's file or server."""
    from officedesk.cli.state import STATE
    from officedesk.db_errors import explain_error

    return explain_error(exc, getattr(STATE.ctx, "_store", None))


def _log_internal(exc: BaseException) -> str:
    """Keep the traceback for the bug report instead of showing it to the user."""
    from officedesk.error_log import log_error

    return log_error(exc)


def _fail(message: str, status: int, *, multiline: bool = False) -> None:
    from officedesk.text import display_safe

    sys.stderr.write(f"officedesk: {display_safe(message, keep_newlines=multiline).rstrip()}\n")


def run(argv: list[str] | None = None) -> None:
    """Console-script entry point; exits with the command's status."""
    status = execute(list(sys.argv[1:] if argv is None else argv))
    if argv is None:
        _leave_quickly()
    sys.exit(status)


def execute(args: list[str]) -> int:
    """Run one command line and return its exit status; every failure becomes one line."""
    os.umask(0o077)
    _early_language(args)
    undecodable = next((i for i, arg in enumerate(args, 1) if not is_text(arg)), None)
    if undecodable is not None:
        # The shell passed bytes that are not UTF-8 (Python keeps them as lone surrogates):
        # no register could store them, and printing them back would fail.
        from officedesk.i18n import t

        refusal = DomainError("usage.not_utf8", n=undecodable)
        _fail(t("usage.not_utf8", n=undecodable), EXIT_USAGE)
        if _wants_json(args):
            _json_error(refusal, refusal.message(), refusal.key)
        return EXIT_USAGE
    try:
        result = invoke_quiet(root_command(), args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        return EXIT_DOMAIN
    except Exception as exc:
        if os.environ.get("OFFICEDESK_DEBUG"):
            raise
        try:
            message, code, status = describe_error(exc, args)
        except Exception:  # noqa: BLE001 - reporting must not fail; fall back to the raw text
            message, code, status = f"{type(exc).__name__}: {exc}", "internal", EXIT_INTERNAL
        if code == "usage":
            ctx = getattr(exc, "ctx", None)
            if ctx is not None and type(exc).__name__ != "NoArgsIsHelpError":
                message = f"{message}\n{ctx.get_usage()}"
        _fail(message, status, multiline=code == "usage")
        if _wants_json(args):
            _json_error(exc, message, code)
        return status
    if isinstance(result, int) and not isinstance(result, bool):
        return result
    return 0


def _wants_json(args: list[str]) -> bool:
    """`--json` among the options (not after `--`, where it would be an argument's text)."""
    options = args[: args.index("--")] if "--" in args else args
    return "--json" in options


def error_object(exc: BaseException, message: str, code: str) -> dict[str, Any]:
    """A failure as --json readers get it: the code and values a script branches on, and the
    sentence a person reads (the same one as on stderr)."""
    from officedesk.notices import Notice

    params = dict(exc.params) if isinstance(exc, DomainError) else {}
    # A value that is itself a message (numbers with their words) goes out worded.
    params = {name: str(v) if isinstance(v, Notice) else v for name, v in params.items()}
    return {"error": {"code": code, "params": params, "message": message}}


def _json_error(exc: BaseException, message: str, code: str) -> None:
    """The error as one JSON object on stdout, where a --json reader looks for the result;
    the one-line message stays on stderr for the person at the terminal."""
    from officedesk.cli.state import to_jsonable
    from officedesk.jsonout import json_text

    try:
        sys.stdout.write(json_text(to_jsonable(error_object(exc, message, code)), indent=2) + "\n")
        sys.stdout.flush()
    except (OSError, ValueError):
        pass  # stdout closed (a pipe's reader gone): the exit status still tells


def is_text(arg: str) -> bool:
    """Whether a string is text a register can hold: bytes that were not UTF-8 arrive as lone
    surrogates, which no terminal prints, and a NUL (possible only in a batch line or an
    in-process call, never in a real argv) is refused by PostgreSQL."""
    if "\x00" in arg:
        return False
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _leave_quickly() -> None:
    """Close the database, then spare the interpreter a last garbage collection over the
    SQLAlchemy and pydantic objects: it costs a short command ~10–15 % of its run time and
    frees nothing the OS does not reclaim at exit anyway (measured in benchmarks/cli_bench.py)."""
    import gc

    from officedesk.cli.state import STATE

    if STATE.ctx is not None:
        STATE.ctx.close()
        STATE.ctx = None
    sys.stdout.flush()
    gc.freeze()
