"""Lines the registers contribute to the Today screen and `officedesk today`.

Supervision items have their own sections (services/today.py); every other register answers
`today_lines(session) -> list[AgendaLine]` in its service module (documents waiting for the
director's instruction, urgent incoming, visitors today and tomorrow, …). A line is language
neutral: its detail is a few phrases (catalogue keys with their values, labels of codes, names
as stored) that views/today.py words in the language of the moment.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

# Sections in the order Today shows them (each register's, placed by rank in the registry);
# each has the title key `today.agenda.<section>`.
from officedesk.registry import AGENDA_SECTIONS as AGENDA_SECTIONS


@dataclass(frozen=True)
class Phrase:
    """One part of a line's detail: `t(key, **params)` with the parameters named in `labels`
    worded as labels of that group (`label(group, code)`); or, with `group` and no key, the
    label of the code `value`; or, with neither, `value` as stored (a name, a time)."""

    key: str = ""
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    labels: Mapping[str, str] = field(default_factory=dict, hash=False)
    group: str = ""
    value: str = ""


def stored(value: str) -> Phrase:
    """A name or a time, shown as it is."""
    return Phrase(value=value)


def coded(group: str, code: str) -> Phrase:
    """The label of an enumerated code (a state, an urgency)."""
    return Phrase(group=group, value=code)


def phrase(key: str, labels: Mapping[str, str] | None = None, **params: Any) -> Phrase:
    """A catalogue text; the parameters `labels` names are codes, worded as labels."""
    return Phrase(key=key, params=params, labels=dict(labels or {}))


@dataclass(frozen=True)
class AgendaLine:
    """One line of a Today section; (kind, ref_id) opens the record (search kinds). The detail's
    phrases are joined by the list separator (、 / ", ") or, for "dot", by " · "."""

    section: str
    kind: str
    ref_id: int
    code: str
    title: str
    detail: tuple[Phrase, ...] = ()
    when: date | datetime | None = None
    joiner: Literal["list", "dot"] = "list"

    def as_dict(self) -> dict[str, Any]:
        """The line as plain values; views.today.agenda_dict adds the worded detail."""
        return {
            "kind": self.kind,
            "id": self.ref_id,
            "code": self.code,
            "title": self.title,
            "when": self.when.isoformat() if self.when is not None else None,
        }
