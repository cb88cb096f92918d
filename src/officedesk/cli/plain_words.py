"""Reading a command line of plain words without Click, for the commands a bulk path runs many
times (an atomic batch's `task add` lines): Click's parser and its parameter processing cost
about a millisecond a line, more than the write itself.

Only the simplest shapes are read here: text arguments, text options given once as `--name
value` or `--name=value`, and on/off flags. Anything else, and every mistake (an unknown
option, a missing value, a missing or extra argument, a word that could be an option), gives
None: the line then goes through Click, which reads it or words the error exactly as a typed
command would."""

from typing import Any


def plain_call(command: Any, args: list[str]) -> dict[str, Any] | None:
    """The keyword arguments `command`'s callback would get for `args`, or None when Click
    must read the line. Duck-typed over Click's (Typer's copy of) parameter objects."""
    shape = _shape(command)
    if shape is None:
        return None
    valued, flags, arguments, defaults = shape
    values = dict(defaults)
    positional: list[str] = []
    words = iter(args)
    for word in words:
        if word == "--":
            positional.extend(words)
            break
        if not word.startswith("-") or word == "-":
            if word == "-":
                return None
            positional.append(word)
            continue
        name, equals, attached = word.partition("=")
        if name in flags and not equals:
            values[flags[name]] = True
        elif name in valued:
            value = attached if equals else next(words, None)
            if value is None or (not equals and value.startswith("-")):
                return None
            values[valued[name]] = value
        else:
            return None
    if len(positional) != len(arguments):
        return None
    values.update(zip(arguments, positional, strict=True))
    return values


_Shape = tuple[dict[str, str], dict[str, str], list[str], dict[str, Any]]
_SHAPES: dict[int, _Shape | None] = {}


def _shape(command: Any) -> _Shape | None:
    """The command's options by flag, its flags, its arguments in order and its defaults; None
    when a parameter is of a kind this reader leaves to Click. Worked out once a command."""
    key = id(command)
    if key not in _SHAPES:
        _SHAPES[key] = _read_shape(command)
    return _SHAPES[key]


def _read_shape(command: Any) -> _Shape | None:
    valued: dict[str, str] = {}
    flags: dict[str, str] = {}
    arguments: list[str] = []
    defaults: dict[str, Any] = {}
    for param in command.params:
        annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
        text = annotation is str
        if (
            param.nargs != 1
            or getattr(param, "multiple", False)
            or param.callback is not None
            or getattr(param, "envvar", None)
            or getattr(param, "is_eager", False)
            or not getattr(param, "expose_value", True)
        ):
            return None
        if param.param_type_name == "argument":
            if not text or not param.required:
                return None
            arguments.append(param.name)
            continue
        if param.param_type_name != "option" or getattr(param, "count", False):
            return None
        if param.required or param.secondary_opts or callable(param.default):
            return None
        if getattr(param, "is_flag", False) and annotation is bool:
            flags.update((opt, param.name) for opt in param.opts)
            defaults[param.name] = bool(param.default)
        elif text:
            valued.update((opt, param.name) for opt in param.opts)
            defaults[param.name] = param.default
        else:
            return None
    return valued, flags, arguments, defaults
