"""The options registers' lists filter by: `--state` (the register's states) and `--search`
(what its search looks in), declared alike but worded for each register, and `--overdue`."""

from typing import Annotated, Any

import typer

from officedesk.i18n import t

Overdue = Annotated[bool, typer.Option("--overdue", help=t("help.opt.overdue"))]


def state_option(help_key: str) -> Any:
    """`--state a,b` (-s) for `Annotated[str | None, …]`: the states to list, which
    cli.verbs.listing splits at the commas."""
    return typer.Option("--state", "-s", help=t(help_key))


def search_option(help_key: str) -> Any:
    """`--search WORDS` (-q) for `Annotated[str | None, …]`: the list's free-text filter."""
    return typer.Option("--search", "-q", help=t(help_key))
