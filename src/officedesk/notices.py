"""Warnings: a service accepts the input but has something to say about it.

A malformed sender's number, a 请示 asking two things, a reception table with too many hosts:
the office may have its reasons, so the record is saved and the warning travels back beside it.
Like DomainError, a notice carries an i18n key and parameters and is worded by the front end.
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Notice:
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self) -> str:
        from officedesk.i18n import t

        return t(self.key, **self.params)

    def as_dict(self) -> dict[str, Any]:
        """For --json: the machine code, its values, and the worded message."""
        return {"code": self.key, "params": dict(self.params), "message": self.message()}
