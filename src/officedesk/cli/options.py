"""Options declared once: those every register's commands take alike (--json, --limit,
--offset), and a register's `add` and `edit` options, written as the parameters of a fragment
function and spliced into both commands where they say `**fields`."""

import inspect
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

import typer

from officedesk.i18n import t

# The options every register's commands declare alike.
Json = Annotated[bool, typer.Option("--json", help=t("help.opt.json"))]
Limit = Annotated[int, typer.Option("--limit", "-l", help=t("help.opt.limit"))]
Offset = Annotated[int, typer.Option("--offset", help=t("help.opt.offset"))]
Note = Annotated[str, typer.Option("--note", "-n", help=t("help.opt.note"))]
# The note kept on a record, on its add and edit (where None leaves it as it is); Note is a step's.
RecordNote = Annotated[str | None, typer.Option("--note", "-n", help=t("help.opt.note"))]
Dept = Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.dept"))]


def note_option(help_key: str) -> Any:
    """A step's `--note` (-n) worded for what the note holds there (a proposal, an answer), for
    `Annotated[str, …]`; `Note` is the plain one."""
    return typer.Option("--note", "-n", help=t(help_key))


Command = TypeVar("Command", bound=Callable[..., Any])


def shared_options(
    fragment: Callable[..., Any],
    *,
    before: str = "as_json",
    defaults: Mapping[str, Any] | None = None,
) -> Callable[[Command], Command]:
    """Give the command `fragment`'s parameters (Typer reads the signature) in front of its
    parameter `before`; Typer then passes them by name, and the command's `**fields` gets them.
    `defaults` are this command's own defaults for some of them: an `add` starts a field from
    a value ("", "normal") where the fragment's None lets an `edit` leave it as it is.

    The fragment's body is never run: it is the one place the shared options are declared, so
    their names and help cannot drift apart between add and edit."""
    declared = inspect.signature(fragment).parameters
    own_defaults = defaults or {}
    if unknown := set(own_defaults) - set(declared):  # a misspelt name fails at import
        raise TypeError(f"{fragment.__name__} declares no {', '.join(sorted(unknown))}")
    shared = [
        p.replace(default=own_defaults[p.name]) if p.name in own_defaults else p
        for p in declared.values()
    ]

    def splice(command: Command) -> Command:
        own = [p for p in inspect.signature(command).parameters.values() if p.kind != p.VAR_KEYWORD]
        at = next(i for i, p in enumerate(own) if p.name == before)
        positional = [p.replace(kind=p.POSITIONAL_OR_KEYWORD) for p in own]
        parameters = [*positional[:at], *shared, *positional[at:]]
        command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        return command

    return splice


def values_of(
    fragment: Callable[..., Any], fields: dict[str, Any], renamed: dict[str, str] | None = None
) -> dict[str, Any]:
    """The shared options' values in the fragment's order (not the command line's), under the
    service's field names (`--to` → main_to)."""
    renamed = renamed or {}
    return {
        renamed.get(name, name): fields[name] for name in inspect.signature(fragment).parameters
    }


def given(values: dict[str, Any]) -> dict[str, Any]:
    """Only the options given: an edit changes those and leaves the rest."""
    return {name: value for name, value in values.items() if value is not None}
