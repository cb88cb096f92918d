"""What a reference typed on the command line names, for commands that take any record (history).

A prefix says the kind (`incoming:12`, `收文:SW-2026-0001`, `seal:合同专用章`). Without one, the
forms the office writes every day are recognised: an item's or a register's code (DB-, SW-, JD-,
JS-), a document number (X司发〔2026〕12号), then a department, a person and a seal by name. A bare
number stays an item's: ids of different registers would collide.
"""

import importlib
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from officedesk.db import OfficeSession
from officedesk.errors import Conflict, NotFound
from officedesk.services.common import as_id

# (journal entity, id, how the record is shown)
Resolved = tuple[str, str, str]


class Found(NamedTuple):
    """A resolved record, and for a number whose registration was undone the operation that
    ended that record's life: its id may since have been given to a new record (SQLite reuses
    the highest rowid), so its history stops there."""

    entity: str
    entity_id: str
    name: str
    ended_by: int | None = None


# kind → ("module:function" resolving a reference to a row, journal entity, what names it)
_KINDS: dict[str, tuple[str, str, Callable[[Any], str]]] = {
    "task": ("officedesk.services.task:resolve_task", "task", lambda r: r.code),
    "department": ("officedesk.services.lookup:resolve_department", "department", lambda r: r.name),
    "person": ("officedesk.services.lookup:resolve_person", "person", lambda r: r.name),
    "incoming": (
        "officedesk.services.incoming.query:resolve_incoming",
        "incoming",
        lambda r: r.code,
    ),
    "outgoing": (
        "officedesk.services.outgoing.actions:resolve_outgoing",
        "outgoing",
        lambda r: r.number or r.title,
    ),
    "seal": ("officedesk.services.seal.actions:resolve_seal", "seal", lambda r: r.name),
    "seal_use": ("officedesk.services.seal.actions:resolve_use", "seal_use", lambda r: f"#{r.id}"),
    "letter": ("officedesk.services.seal.letters:get_letter", "intro_letter", lambda r: r.number),
    "request": (
        "officedesk.services.seal.requests:get_request",
        "seal_request",
        lambda r: f"#{r.id}",
    ),
    "visit": ("officedesk.services.visit.actions:resolve_visit", "visit", lambda r: r.code),
    "award": ("officedesk.services.award:resolve_award", "award", lambda r: r.name),
    "event": ("officedesk.services.award:resolve_event", "staff_event", lambda r: r.title),
}

PREFIXES: dict[str, str] = {
    "task": "task",
    "item": "task",
    "督办": "task",
    "dept": "department",
    "部门": "department",
    "person": "person",
    "contact": "person",
    "人员": "person",
    "incoming": "incoming",
    "收文": "incoming",
    "outgoing": "outgoing",
    "发文": "outgoing",
    "seal": "seal",
    "印章": "seal",
    "use": "seal_use",
    "用印": "seal_use",
    "letter": "letter",
    "介绍信": "letter",
    "request": "request",
    "用印申请": "request",
    "visit": "visit",
    "接待": "visit",
    "award": "award",
    "表彰": "award",
    "event": "event",
    "活动": "event",
}

# A register's code: two letters, the year, a sequence number (the prefix says which register).
_CODE = re.compile(r"^([A-Za-z]{2})-\d{4}-\d+$")
_CODE_KINDS = {
    "DB": "task",
    "SW": "incoming",
    "JD": "visit",
    "JS": "letter",
}
_DOC_NUMBER_MARKS = ("〔", "[", "［", "(", "（", "号")


def _resolve(session: OfficeSession, kind: str, text: str) -> Found:
    target, entity, name = _KINDS[kind]
    module, function = target.split(":")
    record = getattr(importlib.import_module(module), function)(session, text)
    return Found(entity, str(record.id), name(record))


def _guesses(text: str) -> list[str]:
    """The kinds an unprefixed reference may name, most specific first."""
    if as_id(text) is not None:
        return ["task"]
    code = _CODE.match(text)
    if code:
        kind = _CODE_KINDS.get(code.group(1).upper())
        return [kind] if kind else []
    kinds = ["outgoing"] if any(mark in text for mark in _DOC_NUMBER_MARKS) else []
    return [*kinds, "department", "person", "seal"]


_VOIDED = ("number.voided", "outgoing.number_voided")


def _voided(session: OfficeSession, code: str) -> Found:
    """A voided number names the record that held it, marked as voided and why: an item whose
    registration was undone (its history ends with the undo), a document given a new number."""
    from sqlmodel import select

    from officedesk.i18n import t
    from officedesk.models.outgoing import OutgoingVoid
    from officedesk.services.number_voids import find_void, void_reason
    from officedesk.services.outgoing.query import normalise_number

    void = find_void(session, code)
    if void is not None:
        name = t("number.voided_name", code=void.code, reason=void_reason(void))
        return Found(void.entity, void.entity_id, name, void.operation_id)
    number = normalise_number(code)
    voided = session.exec(select(OutgoingVoid).where(OutgoingVoid.number == number)).first()
    if voided is None or voided.outgoing_id is None:
        raise NotFound("record.not_found", ref=code)
    name = t("number.voided_name", code=voided.number, reason=voided.reason)
    return Found("outgoing", str(voided.outgoing_id), name)


def resolve_record(session: OfficeSession, ref: str) -> Resolved:
    """(journal entity, id, display name). With a prefix the kind's own refusal is shown (an
    unknown visit); without one, a reference nothing answers is one error (a voided number
    still says it was voided, and why)."""
    found = find_record(session, ref)
    return found.entity, found.entity_id, found.name


def find_record(session: OfficeSession, ref: str) -> Found:
    """resolve_record, with the operation that ended a voided record's life."""
    text = ref.strip()
    colons = [at for at in (text.find(":"), text.find("：")) if at >= 0]
    split = min(colons) if colons else -1
    prefix, sep, rest = (
        (text[:split], text[split], text[split + 1 :]) if split >= 0 else (text, "", "")
    )
    kind = PREFIXES.get(prefix.strip().lower()) if sep else None
    if kind is not None:
        try:
            return _resolve(session, kind, rest.strip())
        except NotFound as error:
            if error.key in _VOIDED:
                return _voided(session, rest.strip())
            raise
    for guess in _guesses(text):
        try:
            return _resolve(session, guess, text)
        except NotFound as error:
            if error.key in _VOIDED:  # the number is gone, its record's history is not
                return _voided(session, text)
            continue
        except Conflict as error:
            if not error.key.endswith(".ambiguous"):
                raise
            # The register's own advice ("use #id") would name an item here: say the prefix.
            prefix = next(name for name, kind in PREFIXES.items() if kind == guess)
            raise Conflict(
                "record.ambiguous",
                ref=text,
                candidates=error.params.get("candidates", ""),
                prefix=prefix,
            ) from None
    raise NotFound("record.not_found", ref=text)
