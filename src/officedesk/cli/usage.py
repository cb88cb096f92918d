"""Usage errors in the user's language: Click words them in English, we word them again."""

import re
from typing import Any

from officedesk.cli.click_api import BadParameter, MissingParameter, NoSuchOption, UsageError
from officedesk.i18n import t

_NO_COMMAND = re.compile(r"^No such command (?P<name>.+)\.$")
_EXTRA = re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$")


def _hint(exc: BadParameter) -> str:
    if exc.param_hint is not None:
        hint = exc.param_hint
        return " / ".join(hint) if isinstance(hint, list | tuple) else str(hint)
    if exc.param is not None:
        return str(exc.param.get_error_hint())
    return ""


def usage_message(exc: UsageError) -> str:
    if isinstance(exc, MissingParameter):
        return t("usage.missing", param=_hint(exc))
    if isinstance(exc, NoSuchOption):
        message = t("usage.no_such_option", option=exc.option_name)
        if exc.possibilities:
            message += " " + t("usage.did_you_mean", options=", ".join(sorted(exc.possibilities)))
        return message
    if isinstance(exc, BadParameter):
        reason = exc.message
        if "valid integer" in reason or "valid number" in reason:
            reason = t("usage.not_a_number")
        return t("usage.bad_value", param=_hint(exc), reason=reason)
    text: Any = exc.message
    if match := _NO_COMMAND.match(text):
        return t("usage.no_such_command", name=match["name"])
    if match := _EXTRA.match(text):
        return t("usage.extra_args", args=match["args"])
    return str(text)
