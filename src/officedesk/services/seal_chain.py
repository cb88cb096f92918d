"""The usage log's hash chain (reliability.md F1): each entry's hash covers its content and the
hash of the entry before it, so an edit, a deleted entry or a broken link shows on verification.

hash_n = SHA-256(prev_hash ‖ "\n" ‖ canonical JSON of entry n). The canonical form has sorted
keys, no whitespace, UTF-8 text, times in UTC as ISO strings and no floats, so it reads the same
from SQLite and PostgreSQL. An introduction letter's fields are part of its use's entry.

Appending happens inside the caller's write transaction: the chain's counter row is taken FOR
UPDATE (on SQLite the transaction is already BEGIN IMMEDIATE) before the last hash is read, so
two writers cannot both chain onto the same entry. A writer with full access to the database can
still rebuild the whole chain: anchor the head hash outside it (verify reports it).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from officedesk.db import OfficeSession
from officedesk.models import Counter
from officedesk.models.seal import IntroLetter, SealUse

GENESIS = "0" * 64
CHAIN_SERIES = "seal_chain"  # counter row (series, year 0): the chain's length and its lock
CHAIN_YEAR = 0
# What the entry's hash covers, in the order verify reads them (the JSON sorts them anyway).
ENTRY_FIELDS = (
    "seq",
    "seal_id",
    "used_at",
    "requester",
    "requester_id",
    "dept_id",
    "doc_title",
    "purpose",
    "copies",
    "approver",
    "registered_by",
    "recorded_at",
    "corrects_id",
    "void",
    "note",
)
LETTER_FIELDS = (
    "number",
    "to_unit",
    "bearers",
    "bearer_count",
    "purpose",
    "issued_on",
    "valid_until",
)


def utc_text(value: datetime) -> str:
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        raise TypeError("floats have no canonical form; store integers")
    return value


def canonical(entry: Any, letter: Any = None) -> str:
    """The entry's content as one canonical string; entry and letter may be ORM objects or
    Core rows (letter None when the use is not an introduction letter's)."""
    content = {name: _plain(getattr(entry, name)) for name in ENTRY_FIELDS}
    content["void"] = bool(content["void"])
    content["letter"] = (
        None if letter is None else {name: _plain(getattr(letter, name)) for name in LETTER_FIELDS}
    )
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, entry: Any, letter: Any = None) -> str:
    payload = f"{prev_hash}\n{canonical(entry, letter)}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def lock_and_next_seq(session: OfficeSession) -> tuple[int, str]:
    """Take the chain's lock (the counter row FOR UPDATE) and return (seq, prev_hash) for the
    entry about to be appended. Call inside the write transaction, right before inserting."""
    from officedesk.services.numbering import next_number

    seq = next_number(session, CHAIN_SERIES, CHAIN_YEAR)
    table = SealUse.__table__  # type: ignore[attr-defined]
    last = session.execute(
        select(table.c.hash).order_by(table.c.id.desc()).limit(1)
    ).scalar_one_or_none()
    return seq, last or GENESIS


@dataclass(frozen=True)
class VerifyResult:
    """ok, or the first entry that no longer matches and why: "content" (the entry differs
    from what its hash covers), "missing" (entries before it are gone: its seq skips), "link"
    (its prev_hash is not the hash of the entry before it), or "tail" (entries at the end are
    gone: the chain's counter is ahead of the last entry; broken_id is then None)."""

    ok: bool
    entries: int
    head: str | None
    broken_id: int | None = None
    broken_seq: int | None = None
    reason: str | None = None
    expected_seq: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "head": self.head,
            "broken_id": self.broken_id,
            "broken_seq": self.broken_seq,
            "reason": self.reason,
            "expected_seq": self.expected_seq,
        }


def verify_chain(session: OfficeSession) -> VerifyResult:
    """Walk the log in id order, recomputing every hash; stop at the first mismatch."""
    uses = SealUse.__table__  # type: ignore[attr-defined]
    letters = IntroLetter.__table__  # type: ignore[attr-defined]
    letter_columns = [letters.c[name].label(f"letter_{name}") for name in LETTER_FIELDS]
    stmt = (
        select(
            uses.c.id,
            uses.c.prev_hash,
            uses.c.hash,
            *(uses.c[name] for name in ENTRY_FIELDS),
            letters.c.id.label("letter_id"),
            *letter_columns,
        )
        .select_from(uses)
        .outerjoin(letters, letters.c.use_id == uses.c.id)
        .order_by(uses.c.id)
    )
    previous, count, expected = GENESIS, 0, 1
    for row in session.execute(stmt.execution_options(yield_per=1000)):
        letter = _Letter(row) if row.letter_id is not None else None
        failure = None
        if entry_hash(row.prev_hash, row, letter) != row.hash:
            failure = "content"
        elif row.seq != expected:
            failure = "missing"
        elif row.prev_hash != previous:
            failure = "link"
        if failure is not None:
            return VerifyResult(
                ok=False,
                entries=count,
                head=previous if count else None,
                broken_id=row.id,
                broken_seq=row.seq,
                reason=failure,
                expected_seq=expected,
            )
        previous, count, expected = row.hash, count + 1, expected + 1
    counted = session.get(Counter, (CHAIN_SERIES, CHAIN_YEAR))
    if counted is not None and counted.value > count:
        return VerifyResult(
            ok=False,
            entries=count,
            head=previous if count else None,
            reason="tail",
            expected_seq=counted.value,
        )
    return VerifyResult(ok=True, entries=count, head=previous if count else None)


class _Letter:
    """A letter's columns read back from the joined row, under the letter's own names."""

    def __init__(self, row: Any) -> None:
        for name in LETTER_FIELDS:
            setattr(self, name, getattr(row, f"letter_{name}"))
