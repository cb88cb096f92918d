"""What a database check reports: one CheckResult per check, its Findings worded when shown, and
the DatabaseCheck that gathers them for `db check` (text or --json).

Every check module (integrity, integrity_numbers, integrity_journal) fills these, so they live
apart from all of them; services.integrity re-exports the names.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from officedesk.notices import Notice

# A finding names a register by its journal entity code.
FINDING_LABELS: Mapping[str, str] = {"entity": "entity"}
MAX_FINDINGS = 20  # per check: enough to see the pattern, never a screenful of the same line


class Finding(Notice):
    """One problem: a message key and its values, worded when shown in the reader's language
    (a register named by its entity code, labelled then)."""


@dataclass
class CheckResult:
    name: str
    checked: int = 0  # what was looked at: rows, numbers, changes, documents, entries
    problems: int = 0
    findings: list[Finding] = field(default_factory=list)
    skipped: str = ""  # why the check does not apply (e.g. SQLite's checks on PostgreSQL)
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.problems == 0

    def add(self, key: str, **params: Any) -> None:
        self.problems += 1
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(Finding(key, params, FINDING_LABELS))

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ok": self.ok,
            "checked": self.checked,
            "problems": self.problems,
            "findings": [
                {"key": f.key, "params": f.params, "message": f.message()} for f in self.findings
            ],
            "skipped": self.skipped or None,
            **self.detail,
        }


@dataclass
class DatabaseCheck:
    database: str
    results: list[CheckResult]

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    @property
    def problems(self) -> int:
        return sum(result.problems for result in self.results)

    def as_dict(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "ok": self.ok,
            "problems": self.problems,
            "checks": [result.as_dict() for result in self.results],
        }
