"""Domain errors: each carries an i18n key and parameters, so either front end can word it."""

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """A refusal the user can act on; never a bug. Rendered as one line, exit code 1.

    The parameters are values (codes, numbers, names), never wording: `labels` says which of
    them are codes of an enumeration and in which label group they are worded (a sequence of
    codes is worded as a list, an empty one as the `none_key` text)."""

    def __init__(
        self,
        key: str,
        /,
        *,
        labels: Mapping[str, str] | None = None,
        none_key: str | None = None,
        **params: Any,
    ) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
        self.labels = dict(labels or {})
        self.none_key = none_key

    def message(self) -> str:
        """Word the error now, in the current language; a `field` parameter holds a field's
        name and is shown as that field's label, a coded parameter as its code's label."""
        from officedesk.i18n import catalogue, label, t

        params = dict(self.params)
        field = params.get("field")
        if isinstance(field, str) and f"field.{field}" in catalogue("en"):
            params["field"] = t(f"field.{field}")
        for name, group in self.labels.items():
            value = params.get(name)
            if isinstance(value, list | tuple):
                worded = [label(group, code) for code in value]
                none = t(self.none_key) if self.none_key else ""
                params[name] = t("list.sep").join(worded) if worded else none
            elif value is not None:
                params[name] = label(group, value)
        return t(self.key, **params)

    def __str__(self) -> str:
        try:
            return self.message()
        except Exception:  # noqa: BLE001 - str() must never raise while reporting an error
            return f"{self.key} {self.params}"


class NotFound(DomainError):
    """A record addressed by id, code or name does not exist."""


class InvalidInput(DomainError):
    """A value fails validation."""


class IllegalTransition(DomainError):
    """A state change the state table does not allow."""


class Conflict(DomainError):
    """The change clashes with what is stored (duplicate, stale version, later change)."""
