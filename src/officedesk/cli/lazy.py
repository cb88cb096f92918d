"""A root command group that imports a noun's module only when that noun runs.

Building every noun's Click commands (and importing their services and models) on each run
would cost every command the price of all of them; `officedesk task list` loads `cli.task` only.
"""

import importlib
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperGroup
from typer.models import CommandInfo


@dataclass(frozen=True)
class LazyEntry:
    module: str
    attribute: str
    help_key: str
    is_group: bool  # a Typer app with subcommands, or a single command function


LAZY: dict[str, LazyEntry] = {}


def lazy_group(name: str, module: str, attribute: str, help_key: str) -> None:
    LAZY[name] = LazyEntry(module, attribute, help_key, True)


def lazy_command(name: str, module: str, attribute: str, help_key: str) -> None:
    LAZY[name] = LazyEntry(module, attribute, help_key, False)


class LazyGroup(TyperGroup):
    _loaded: dict[str, Any]

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in LAZY if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name not in LAZY:
            return found
        entry = LAZY[cmd_name]
        target = getattr(importlib.import_module(entry.module), entry.attribute)
        from officedesk.i18n import t

        if entry.is_group:
            command = LazyNounGroup(target, cmd_name, t(entry.help_key))
        else:
            info = CommandInfo(name=cmd_name, callback=target, help=t(entry.help_key))
            command = typer.main.get_command_from_info(
                info, pretty_exceptions_short=True, rich_markup_mode=None
            )
        command.name = cmd_name
        self.commands[cmd_name] = command
        return command


class LazyNounGroup(TyperGroup):
    """A noun's verbs, each converted to a Click command only when it is the one being run."""

    def __init__(self, typer_app: typer.Typer, name: str, help_text: str) -> None:
        super().__init__(name=name, help=help_text, no_args_is_help=True, rich_markup_mode=None)
        self._infos = {info.name: info for info in typer_app.registered_commands if info.name}

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self._infos)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in self._infos:
            self.commands[cmd_name] = typer.main.get_command_from_info(
                self._infos[cmd_name], pretty_exceptions_short=True, rich_markup_mode=None
            )
        return self.commands.get(cmd_name)
