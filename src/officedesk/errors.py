"""Domain errors: each carries an i18n key and parameters, so either front end can word it."""

from typing import Any


class DomainError(Exception):
    """A refusal the user can act on; never a bug. Rendered as one line, exit code 1."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self) -> str:
        """Word the error now, in the current language; a `field` parameter holds a field's
        name and is shown as that field's label."""
        from officedesk.i18n import catalogue, t

        params = dict(self.params)
        field = params.get("field")
        if isinstance(field, str) and f"field.{field}" in catalogue("en"):
            params["field"] = t(f"field.{field}")
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
