"""Domain errors: each carries an i18n key and parameters, so either front end can word it."""

from collections.abc import Collection, Mapping
from typing import Any


class DomainError(Exception):
    """A refusal the user can act on; never a bug. Rendered as one line, exit code 1.

    The parameters are values (codes, numbers, names), never wording: `labels` says which of
    them are codes of an enumeration and in which label group they are worded (a sequence of
    codes is worded as a list, an empty one as the `none_key` text); `messages` names those
    that hold a message key, worded with the same parameters (a hint naming the right step);
    any other sequence (names) is joined as a list."""

    def __init__(
        self,
        key: str,
        /,
        *,
        labels: Mapping[str, str] | None = None,
        none_key: str | None = None,
        messages: Collection[str] = (),
        glosses: Mapping[str, str] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
        self.labels = dict(labels or {})
        self.none_key = none_key
        self.messages = tuple(messages)
        self.glosses = dict(glosses or {})

    def message(self) -> str:
        """Word the error now, in the current language (see `word`)."""
        return word(self.key, self.params, self.labels, self.none_key, self.messages, self.glosses)

    def __str__(self) -> str:
        try:
            return self.message()
        except Exception:  # noqa: BLE001 - str() must never raise while reporting an error
            return f"{self.key} {self.params}"


def word(
    key: str,
    params: Mapping[str, Any],
    labels: Mapping[str, str] | None = None,
    none_key: str | None = None,
    messages: Collection[str] = (),
    glosses: Mapping[str, str] | None = None,
) -> str:
    """A message worded in the current language from values: a `field` parameter holds a
    field's name and is shown as that field's label; those `labels` names are codes worded in
    their label group (a sequence as a list, an empty one as the `none_key` text); those
    `messages` names hold a message key worded with the same values; those `glosses` names
    are sequences of codes shown with their labels (notice（通知）); any other sequence is
    joined as a list."""
    from officedesk.i18n import catalogue, label, t
    from officedesk.notices import Notice

    shown = {name: v.message() if isinstance(v, Notice) else v for name, v in params.items()}
    field = shown.get("field")
    if isinstance(field, str) and f"field.{field}" in catalogue("en"):
        shown["field"] = t(f"field.{field}")
    for name, group in (labels or {}).items():
        value = shown.get(name)
        if isinstance(value, list | tuple):
            worded = [label(group, code) for code in value]
            none = t(none_key) if none_key else ""
            shown[name] = t("list.sep").join(worded) if worded else none
        elif value is not None:
            shown[name] = label(group, value)
    for name in messages:
        shown[name] = t(params[name], **shown) if params.get(name) else ""
    for name, group in (glosses or {}).items():  # codes with their words: notice（通知）
        codes = params.get(name) or ()
        shown[name] = t("list.sep").join(
            code
            if label(group, code) == code
            else t("input.gloss", code=code, label=label(group, code))
            for code in codes
        )
    return t(key, **joined(shown))


def joined(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as a message shows them: a sequence (of names, say) as a list in the
    current language; a service passes the sequence itself, and --json keeps it as one."""
    from officedesk.i18n import t

    return {
        name: t("list.sep").join(map(str, value)) if isinstance(value, list | tuple) else value
        for name, value in params.items()
    }


class NotFound(DomainError):
    """A record addressed by id, code or name does not exist."""


class InvalidInput(DomainError):
    """A value fails validation."""


class IllegalTransition(DomainError):
    """A state change the state table does not allow."""


class Conflict(DomainError):
    """The change clashes with what is stored (duplicate, stale version, later change)."""
