"""Lines the registers contribute to the Today screen and `officedesk today`.

Supervision items have their own sections (services/today.py); every other register answers
`today_lines(session) -> list[AgendaLine]` in its service module (documents waiting for the
director's instruction, urgent incoming, visitors today and tomorrow, …). A line is language
neutral except `detail`, which the register words in the current language when it is asked.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

# Sections in the order Today shows them (each register's, placed by rank in the registry);
# each has the title key `today.agenda.<section>`.
from officedesk.registry import AGENDA_SECTIONS as AGENDA_SECTIONS


@dataclass(frozen=True)
class AgendaLine:
    """One line of a Today section; (kind, ref_id) opens the record (search kinds)."""

    section: str
    kind: str
    ref_id: int
    code: str
    title: str
    detail: str = ""
    when: date | datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.ref_id,
            "code": self.code,
            "title": self.title,
            "detail": self.detail,
            "when": self.when.isoformat() if self.when is not None else None,
        }
