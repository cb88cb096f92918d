"""What a reference typed on the command line names, for commands that take any record (history).

A prefix says the kind (`incoming:12`, `收文:SW-2026-0001`, `seal:合同专用章`). Without one, the
forms the office writes every day are recognised: an item's or a register's code (DB-, SW-, JD-,
JS-), a document number (X司发〔2026〕12号), then a department, a person and a seal by name. A bare
number stays an item's: ids of different registers would collide.
"""

import importlib
import re
from typing import Any, NamedTuple

from officedesk.db import OfficeSession
from officedesk.errors import Conflict, NotFound
from officedesk.notices import Notice
from officedesk.registry import CODE_KINDS, RESOLVERS
from officedesk.registry import PREFIXES as REGISTRY_PREFIXES
from officedesk.services.common import as_id

# (journal entity, id, how the record is shown)
Resolved = tuple[str, str, "str | Notice"]


class Found(NamedTuple):
    """A resolved record, and for a number whose registration was undone the operation that
    ended that record's life: its id may since have been given to a new record (SQLite reuses
    the highest rowid), so its history stops there."""

    entity: str
    entity_id: str
    name: str | Notice  # a voided number's: worded by the front end
    ended_by: int | None = None


# The reference kinds, their prefixes and the code series they give: the registry's.
PREFIXES = REGISTRY_PREFIXES
# A register's code: two letters, the year, a sequence number (the prefix says which register).
_CODE = re.compile(r"^([A-Za-z]{2})-\d{4}-\d+$")
_CODE_KINDS = CODE_KINDS
_DOC_NUMBER_MARKS = ("〔", "[", "［", "(", "（", "号")


def _name(record: Any, names: str) -> str:
    """A record's name by the registry's word for it: "code", "number|title", "#id"."""
    if names == "#id":
        return f"#{record.id}"
    return next((value for attr in names.split("|") if (value := getattr(record, attr))), "")


def _resolve(session: OfficeSession, kind: str, text: str) -> Found:
    resolver = RESOLVERS[kind]
    module, function = resolver.target.split(":")
    record = getattr(importlib.import_module(module), function)(session, text)
    return Found(resolver.entity, str(record.id), _name(record, resolver.names))


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

    from officedesk.models.outgoing import OutgoingVoid
    from officedesk.services.number_voids import find_void, void_reason
    from officedesk.services.outgoing.query import normalise_number

    void = find_void(session, code)
    if void is not None:
        reason = void_reason(void)
        labels = reason.pop("labels", {})
        name = Notice("number.voided_name", {"code": void.code, **reason}, labels)
        return Found(void.entity, void.entity_id, name, void.operation_id)
    number = normalise_number(code)
    voided = session.exec(select(OutgoingVoid).where(OutgoingVoid.number == number)).first()
    if voided is None or voided.outgoing_id is None:
        raise NotFound("record.not_found", ref=code)
    name = Notice("number.voided_name", {"code": voided.number, "reason": voided.reason})
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
