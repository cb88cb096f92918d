"""Verifying the usage log (reliability.md F1): walk it in id order, recompute every hash and MAC,
compare entries, counter and sequence exactly, then this machine's anchor; stop at the first
mismatch and say why. Appending lives in services.seal.chain, which re-exports this API."""

from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import select

from officedesk.db import OfficeSession
from officedesk.models import Counter
from officedesk.models.seal import IntroLetter, SealUse
from officedesk.notices import Notice
from officedesk.services.query import one_snapshot
from officedesk.services.seal.anchor import Anchor, advance_anchor, read_anchor
from officedesk.services.seal.hashing import (
    CHAIN_SERIES,
    CHAIN_YEAR,
    ENTRY_FIELDS,
    GENESIS,
    LETTER_FIELDS,
    entry_hash,
)
from officedesk.services.seal.key import key_path, load_key, mac_matches
from officedesk.services.shared_records import table_of

# Why verify stopped, in the order it looks: an entry's own content, its place, its link, the
# counter, the MAC, the anchor; "tail" and "anchor_missing" are found after the last entry.
BREAK_REASONS = (
    "content",
    "missing",
    "order",
    "link",
    "beyond",
    "mac",
    "unkeyed",
    "anchor_mismatch",
    "tail",
    "anchor_missing",
)


# One message per reason verify stops for (BREAK_REASONS): the CLI, the workbench and
# `db check` word a break the same way.
CHAIN_MESSAGES = {
    "content": "seal.chain_content",
    "missing": "seal.chain_missing",
    "order": "seal.chain_order",
    "link": "seal.chain_link",
    "beyond": "seal.chain_beyond",
    "mac": "seal.chain_mac",
    "unkeyed": "seal.chain_unkeyed",
    "anchor_mismatch": "seal.chain_anchor_mismatch",
    "tail": "seal.chain_tail",
    "anchor_missing": "seal.chain_anchor_missing",
}


def chain_params(result: "VerifyResult") -> dict[str, Any]:
    """Everything a break message may name: the entry, the seq expected there, how many
    entries held, the key file and this machine's anchor."""
    return {
        "id": result.broken_id,
        "seq": result.broken_seq,
        "expected": result.expected_seq,
        "n": result.entries,
        "key_file": result.key_file,
        "anchor": short_hash(result.anchor_hash),
        "anchor_file": result.anchor_file or "",
    }


def short_hash(value: str | None) -> str:
    return f"{value[:16]}…" if value else ""


@dataclass(frozen=True)
class VerifyResult:
    """ok, or the first entry that no longer matches and why (BREAK_REASONS):

    "content" the entry differs from what its hash covers; "missing" entries before it are gone
    (its seq skips); "order" its seq comes again or goes back; "link" its prev_hash is not the
    hash of the entry before it; "beyond" it lies past the counter (added behind the
    application's back; expected_seq is the counter); "mac" its MAC does not match (forged, or
    the key here is another one); "unkeyed" it has no MAC although entries from expected_seq on
    must; "anchor_mismatch" it is not the entry this machine anchored; "tail" entries at the end
    are gone (the counter, expected_seq, is ahead of the last entry; broken_id None);
    "anchor_missing" the entry this machine anchored (expected_seq) is gone.

    head and head_seq are the last intact entry's. legacy counts the entries before the first
    MAC'd one (hash chain only); macs_unchecked the MAC'd entries not checked for want of a key
    (a warning, not a break: the chain and the anchor were still checked). key_state is "ok",
    "absent" or "unusable". anchor_state is "none" (no identity to anchor by), "absent",
    "unreadable", "ok" (checked, already at the head, or left as it was after a break),
    "moved" (was behind, now at the head) or "created" (written now).
    """

    ok: bool
    entries: int
    head: str | None
    broken_id: int | None = None
    broken_seq: int | None = None
    reason: str | None = None
    expected_seq: int | None = None
    head_seq: int | None = None
    counter: int = 0
    legacy: int = 0
    macs_checked: int = 0
    macs_unchecked: int = 0
    first_mac_seq: int | None = None
    key_file: str = ""
    key_state: str = "absent"
    anchor_file: str | None = None
    anchor_state: str = "none"
    anchor_seq: int | None = None
    anchor_hash: str | None = None
    notices: tuple[Notice, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """The --json form: every field in order, the anchor's four as one object and the
        notices as warnings."""
        values = {
            item.name: getattr(self, item.name)
            for item in fields(self)
            if not item.name.startswith("anchor_") and item.name != "notices"
        }
        values["anchor"] = {
            "file": self.anchor_file,
            "state": self.anchor_state,
            "seq": self.anchor_seq,
            "hash": self.anchor_hash,
        }
        values["warnings"] = [notice.as_dict() for notice in self.notices]
        return values


@dataclass
class _Walk:
    """Where the walk is: the last intact entry, and what it has counted."""

    previous: str = GENESIS
    head_seq: int | None = None
    count: int = 0
    expected: int = 1
    legacy: int = 0
    checked: int = 0
    unchecked: int = 0
    first_mac_seq: int | None = None
    anchored_id: int | None = None


def verify_chain(session: OfficeSession, *, update_anchor: bool = True) -> VerifyResult:
    """Walk the log in id order, recomputing every hash and MAC and comparing entries, counter
    and sequence exactly, then this machine's anchor; stop at the first mismatch. When the log
    is intact, the anchor moves to its head (unless update_anchor is False)."""
    # The counter and the rows from one snapshot: a use committed between them is no break.
    one_snapshot(session)
    env = session.env
    path = key_path(env.seal_key_file)
    found_key = load_key(path)
    anchor_file = read_anchor(env.database)
    anchor = anchor_file.anchor
    notices: list[Notice] = [*found_key.notices, *anchor_file.notices]
    counted = session.get(Counter, (CHAIN_SERIES, CHAIN_YEAR))
    counter = counted.value if counted is not None else 0
    keyed_from = anchor.first_mac_seq if anchor is not None else None
    walk = _Walk()
    failure: tuple[str, Any, int | None] | None = None
    for row in session.execute(_walk_query().execution_options(yield_per=1000)):
        reason, expected = _check(row, walk, counter, found_key.key, keyed_from, anchor)
        if reason is not None:
            failure = (reason, row, expected)
            break
        walk.previous, walk.head_seq = row.hash, row.seq
        walk.count, walk.expected = walk.count + 1, walk.expected + 1
    if failure is None:
        if counter > walk.count:
            failure = ("tail", None, counter)
        elif anchor is not None and walk.anchored_id is None:
            failure = ("anchor_missing", None, anchor.seq)
    if walk.unchecked:
        notices.append(Notice("seal.key_missing", {"path": str(path), "n": walk.unchecked}))
    if failure is None and update_anchor and walk.head_seq is not None:
        first = walk.first_mac_seq or keyed_from
        moved = advance_anchor(
            env.database,
            Anchor(walk.head_seq, walk.previous, first),
            replace_unreadable=True,
        )
        notices += [n for n in moved.notices if n not in notices]
        if moved.anchor != anchor:
            moved.state = "moved" if anchor is not None else "created"
        anchor_file = moved
    anchor = anchor_file.anchor
    reason, broken, expected = failure if failure is not None else (None, None, None)
    return VerifyResult(
        ok=failure is None,
        entries=walk.count,
        head=walk.previous if walk.count else None,
        broken_id=broken.id if broken is not None else None,
        broken_seq=broken.seq if broken is not None else None,
        reason=reason,
        expected_seq=expected,
        head_seq=walk.head_seq,
        counter=counter,
        legacy=walk.legacy,
        macs_checked=walk.checked,
        macs_unchecked=walk.unchecked,
        first_mac_seq=walk.first_mac_seq or keyed_from,
        key_file=str(path),
        key_state=found_key.state,
        anchor_file=str(anchor_file.path) if anchor_file.path is not None else None,
        anchor_state=anchor_file.state,
        anchor_seq=anchor.seq if anchor is not None else None,
        anchor_hash=anchor.hash if anchor is not None else None,
        notices=tuple(notices),
    )


def _check(
    row: Any,
    walk: _Walk,
    counter: int,
    key: bytes | None,
    keyed_from: int | None,
    anchor: Anchor | None,
) -> tuple[str | None, int | None]:
    """(reason, expected seq) of the first thing wrong with this entry, or (None, None)."""
    letter = _Letter(row) if row.letter_id is not None else None
    if entry_hash(row.prev_hash, row, letter) != row.hash:
        return "content", walk.expected
    if row.seq > walk.expected:
        return "missing", walk.expected
    if row.seq < walk.expected:
        return "order", walk.expected
    if row.prev_hash != walk.previous:
        return "link", walk.expected
    if row.seq > counter:
        return "beyond", counter
    if row.mac is not None:
        if walk.first_mac_seq is None:
            walk.first_mac_seq = row.seq
        if key is None:
            walk.unchecked += 1
        elif not mac_matches(key, row.hash, row.mac):
            return "mac", walk.expected
        else:
            walk.checked += 1
    else:
        keyed = walk.first_mac_seq or (keyed_from if keyed_from and row.seq >= keyed_from else None)
        if keyed is not None:
            return "unkeyed", keyed
        walk.legacy += 1
    if anchor is not None and row.seq == anchor.seq:
        if row.hash != anchor.hash:
            return "anchor_mismatch", anchor.seq
        walk.anchored_id = row.id
    return None, None


def _walk_query() -> Any:
    uses = table_of(SealUse)
    letters = table_of(IntroLetter)
    letter_columns = [letters.c[name].label(f"letter_{name}") for name in LETTER_FIELDS]
    return (
        select(
            uses.c.id,
            uses.c.prev_hash,
            uses.c.hash,
            uses.c.mac,
            *(uses.c[name] for name in ENTRY_FIELDS),
            letters.c.id.label("letter_id"),
            *letter_columns,
        )
        .select_from(uses)
        .outerjoin(letters, letters.c.use_id == uses.c.id)
        .order_by(uses.c.id)
    )


class _Letter:
    """A letter's columns read back from the joined row, under the letter's own names."""

    def __init__(self, row: Any) -> None:
        for name in LETTER_FIELDS:
            setattr(self, name, getattr(row, f"letter_{name}"))
