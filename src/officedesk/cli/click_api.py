"""The Click classes the CLI needs, reached through Typer's public objects only.

Typer 0.29 vendors Click as `typer._click`, a private module that may move or change between
releases; the separately installed `click` package is not the one Typer raises or formats with,
so its classes would never match. Every class here is found from something Typer exports
(`typer.BadParameter`'s bases, `typer.Context`'s bases and attributes, `typer.core.TyperGroup`'s
bases, and the subclasses Click defines beside them), by Click's documented class names. Other
modules import these names from here, so a Typer upgrade that moves one breaks at this single
place, at import, with the missing name — not somewhere in an error path.
"""

from typing import Any

import typer
import typer.core


def _base(cls: type, name: str) -> Any:
    """The class called `name` among `cls`'s bases (its method resolution order, itself left
    out: typer.Context is called Context too)."""
    found = next((base for base in cls.__mro__[1:] if base.__name__ == name), None)
    if found is None:
        raise ImportError(f"{name} is not a base of {cls.__qualname__}: Typer changed its Click")
    return found


def _subclass(cls: type, name: str) -> Any:
    """The class called `name` among `cls`'s subclasses, however deep."""
    pending = list(cls.__subclasses__())
    while pending:
        candidate = pending.pop()
        if candidate.__name__ == name:
            return candidate
        pending.extend(candidate.__subclasses__())
    raise ImportError(f"{name} is not a subclass of {cls.__qualname__}: Typer changed its Click")


# The exceptions: typer.BadParameter *is* Click's BadParameter (→ UsageError → ClickException);
# MissingParameter and NoSuchOption are defined beside them, so they are already loaded.
BadParameter: Any = typer.BadParameter
UsageError: Any = _base(BadParameter, "UsageError")
ClickException: Any = _base(BadParameter, "ClickException")
MissingParameter: Any = _subclass(BadParameter, "MissingParameter")
NoSuchOption: Any = _subclass(UsageError, "NoSuchOption")

# The help page's machinery: typer.Context subclasses Click's Context, whose formatter_class is
# the HelpFormatter every help page is written with; TyperGroup subclasses Click's Command,
# which owns the --help option.
ClickContext: Any = _base(typer.Context, "Context")
HelpFormatter: Any = typer.Context.formatter_class
ClickCommand: Any = _base(typer.core.TyperGroup, "Command")

__all__ = [
    "BadParameter",
    "ClickCommand",
    "ClickContext",
    "ClickException",
    "HelpFormatter",
    "MissingParameter",
    "NoSuchOption",
    "UsageError",
]
