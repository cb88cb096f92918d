"""Warnings: a service accepts the input but has something to say about it.

A malformed sender's number, a 请示 asking two things, a reception table with too many hosts:
the office may have its reasons, so the record is saved and the warning travels back beside it.
Like DomainError, a notice carries an i18n key and parameters and is worded by the front end.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Notice:
    """A message key and its values; `labels` names the values that are codes and their label
    groups, as a DomainError's do (see errors.word)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)

    def message(self) -> str:
        from officedesk.errors import word

        return word(self.key, self.params, self.labels)

    def __str__(self) -> str:
        return self.message()

    def as_dict(self) -> dict[str, Any]:
        """For --json: the machine code, its values, and the worded message."""
        return {"code": self.key, "params": dict(self.params), "message": self.message()}
