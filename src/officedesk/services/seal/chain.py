"""The usage log's hash chain (reliability.md F1), its keyed MAC and this machine's anchor.

Three layers, each against what the one before cannot see:

* the hash chain: hash_n = SHA-256(prev_hash ‖ "\n" ‖ canonical JSON of entry n), so an edited,
  deleted or reordered entry breaks the chain. The canonical form has sorted keys, no
  whitespace, UTF-8 text, times in UTC as ISO strings and no floats, so it reads the same from
  SQLite and PostgreSQL. An introduction letter's fields are part of its use's entry. The
  counter row (series "seal_chain", year 0) counts the entries: verify compares entries,
  counter and sequence exactly, so entries cut off the end or added beyond it show.
* the MAC (services.seal_key): mac_n = HMAC-SHA-256(key, hash_n) under a key kept in a file
  outside the database, so an entry appended with a correctly computed hash by someone without
  the key is told apart. Entries written before the key existed (legacy) are covered by the
  chain only; after the first MAC'd entry, an entry without one is reported as unverifiable.
* the anchor (services.seal_anchor): the highest (seq, hash) this machine has seen, in a file
  outside the database, so a log cut short together with its counter, an older backup put
  back, or a rebuilt chain no longer matches.

Appending happens inside the caller's write transaction: the chain's counter row is taken FOR
UPDATE (on SQLite the transaction is already BEGIN IMMEDIATE) before the last hash is read, so
two writers cannot both chain onto the same entry. A broken chain never blocks an append: the
new entry gets seq = max(counter, highest seq) + 1 and chains onto the last row by id, and
verify keeps reporting the break. The anchor is written after the transaction commits (a
session after_commit hook), so it never names an entry that was rolled back.
"""

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import event, select

from officedesk.db import OfficeSession
from officedesk.models import Counter
from officedesk.models.seal import IntroLetter, SealUse
from officedesk.notices import Notice
from officedesk.services.seal.anchor import Anchor, advance_anchor, read_anchor
from officedesk.services.seal.key import (
    KEY_ENV,
    create_key,
    key_path,
    load_key,
    mac_matches,
    mac_of,
)

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


# ---- appending --------------------------------------------------------------------------------

# session.info keys: the transaction's append decisions, the head it wrote, what to tell the user.
_STATE = "seal_chain_state"
_HEAD = "seal_chain_head"
_NOTICES = "seal_chain_notices"


@dataclass
class _AppendState:
    """What the first append of a transaction decided about the key and the anchor; later
    appends of the same transaction (the demo's year of uses, an atomic batch) reuse it."""

    key: bytes | None
    anchor_ok: bool  # the log still holds this machine's anchor: it may move forward
    first_mac_seq: int | None
    database: str
    head: tuple[int, str] | None = None


def _uses() -> Any:
    return SealUse.__table__  # type: ignore[attr-defined]


def _notices(session: OfficeSession) -> list[Notice]:
    return session.info.setdefault(_NOTICES, [])


def _say(session: OfficeSession, notices: list[Notice]) -> None:
    said = _notices(session)
    said.extend(n for n in notices if n not in said)


def lock_and_next_seq(session: OfficeSession) -> tuple[int, str]:
    """Take the chain's lock (the counter row FOR UPDATE) and return (seq, prev_hash) for the
    entry about to be appended. Call inside the write transaction, right before inserting.

    seq = max(counter, highest seq) + 1 and the counter is set to it: rows added behind the
    application's back (past the counter) must not make the next real use fail on the unique
    seq, and the break they are stays for verify to report (we never repair the log)."""
    from officedesk.services.numbering import next_number

    counted = next_number(session, CHAIN_SERIES, CHAIN_YEAR)  # the lock, and counter + 1
    uses = _uses()
    highest = session.execute(select(uses.c.seq).order_by(uses.c.seq.desc()).limit(1)).scalar()
    seq = counted
    if highest is not None and highest >= counted:
        seq = highest + 1
        counter = session.get(Counter, (CHAIN_SERIES, CHAIN_YEAR))
        assert counter is not None
        counter.value = seq
        session.flush()
        _say(session, [Notice("seal.chain_beyond_counter", {"top": highest, "seq": seq})])
    last = session.execute(
        select(uses.c.hash).order_by(uses.c.id.desc()).limit(1)
    ).scalar_one_or_none()
    _append_state(session)
    return seq, last or GENESIS


def _append_state(session: OfficeSession) -> _AppendState:
    """Decide, once per transaction and under the chain's lock, which key signs the new
    entries and whether the anchor may move.

    The key is made here, on the first append, only while no entry carries a MAC: once the log
    is keyed, a machine without the key (or with another one) records without a MAC rather
    than block the use, and says so; verify reports such entries as unverifiable."""
    state = session.info.get(_STATE)
    if state is not None:
        return state
    env = session.env
    uses = _uses()
    notices: list[Notice] = []
    path = key_path(env.seal_key_file)
    found = load_key(path)
    notices += found.notices
    last_mac = session.execute(
        select(uses.c.hash, uses.c.mac)
        .where(uses.c.mac.is_not(None))
        .order_by(uses.c.id.desc())
        .limit(1)
    ).first()
    first_mac_seq = None
    key = None
    if last_mac is None:
        if found.state == "absent":
            default = env.seal_key_file is None and not os.environ.get(KEY_ENV, "").strip()
            found = create_key(path, default_location=default)
            notices += found.notices
        key = found.key
    else:
        first_mac_seq = session.execute(
            select(uses.c.seq).where(uses.c.mac.is_not(None)).order_by(uses.c.seq).limit(1)
        ).scalar()
        if found.key is None:
            notices.append(Notice("seal.key_missing_recorded", {"path": str(path)}))
        elif not mac_matches(found.key, last_mac.hash, last_mac.mac):
            notices.append(Notice("seal.key_wrong_recorded", {"path": str(path)}))
        else:
            key = found.key
    anchor = read_anchor(env.database)
    notices += anchor.notices
    anchor_ok = anchor.state == "absent" or (
        anchor.state == "ok" and _holds(session, anchor.anchor)
    )
    if anchor.state == "ok" and not anchor_ok:
        notices.append(Notice("seal.anchor_held_back", {"path": str(anchor.path)}))
    state = _AppendState(key, anchor_ok, first_mac_seq, env.database)
    session.info[_STATE] = state
    _say(session, notices)
    return state


def _holds(session: OfficeSession, anchor: Anchor | None) -> bool:
    if anchor is None:
        return False
    uses = _uses()
    found = session.execute(select(uses.c.hash).where(uses.c.seq == anchor.seq)).scalar()
    return found == anchor.hash


def chain_entry(session: OfficeSession, entry: SealUse, letter: Any = None) -> None:
    """Hash and sign a new entry (seq and prev_hash from lock_and_next_seq), insert it and note
    it as the transaction's head, for the anchor after commit and for the front ends."""
    state = _append_state(session)
    entry.hash = entry_hash(entry.prev_hash, entry, letter)
    entry.mac = mac_of(state.key, entry.hash) if state.key is not None else None
    if entry.mac is not None and state.first_mac_seq is None:
        state.first_mac_seq = entry.seq
    session.add(entry)
    session.flush()
    state.head = (entry.seq, entry.hash)
    session.info[_HEAD] = state.head


def appended_head(session: OfficeSession) -> tuple[int, str] | None:
    """(seq, hash) of the last entry this session appended: the log's head as it left it."""
    return session.info.get(_HEAD)


def chain_notices(session: OfficeSession) -> list[Notice]:
    """What the appends of this session have to tell the user (key, anchor, counter), read
    after the transaction: anchor write failures are only known then."""
    return list(session.info.get(_NOTICES, []))


@event.listens_for(OfficeSession, "after_commit")
def _anchor_after_commit(session: OfficeSession) -> None:
    """Move this machine's anchor to the committed head. Never raises: the use is recorded;
    an anchor that could not be written only lags (verify writes it again)."""
    state = session.info.pop(_STATE, None)
    if state is None or state.head is None or not state.anchor_ok:
        return
    seq, digest = state.head
    try:
        found = advance_anchor(state.database, Anchor(seq, digest, state.first_mac_seq))
    except Exception:  # noqa: BLE001 - a failed anchor must never turn a recorded use into an error
        return
    _say(session, found.notices)


@event.listens_for(OfficeSession, "after_soft_rollback")
def _forget_after_rollback(session: OfficeSession, _previous: Any) -> None:
    """Nothing of a rolled-back append is anchored or reported as written. Any rollback counts,
    a savepoint's too: the anchor then lags behind an append that did commit, which is safe,
    where anchoring an entry that was rolled back would later read as a cut-off log."""
    session.info.pop(_STATE, None)
    session.info.pop(_HEAD, None)


# ---- verifying --------------------------------------------------------------------------------

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
        return {
            "ok": self.ok,
            "entries": self.entries,
            "head": self.head,
            "broken_id": self.broken_id,
            "broken_seq": self.broken_seq,
            "reason": self.reason,
            "expected_seq": self.expected_seq,
            "head_seq": self.head_seq,
            "counter": self.counter,
            "legacy": self.legacy,
            "macs_checked": self.macs_checked,
            "macs_unchecked": self.macs_unchecked,
            "first_mac_seq": self.first_mac_seq,
            "key_file": self.key_file,
            "key_state": self.key_state,
            "anchor": {
                "file": self.anchor_file,
                "state": self.anchor_state,
                "seq": self.anchor_seq,
                "hash": self.anchor_hash,
            },
            "warnings": [notice.as_dict() for notice in self.notices],
        }


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


def _use_snapshot(session: OfficeSession) -> None:
    """One snapshot for the counter and the rows: on PostgreSQL's default READ COMMITTED a use
    committed between the two reads would look like a break. SQLite's read transaction is one
    snapshot already."""
    if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def verify_chain(session: OfficeSession, *, update_anchor: bool = True) -> VerifyResult:
    """Walk the log in id order, recomputing every hash and MAC and comparing entries, counter
    and sequence exactly, then this machine's anchor; stop at the first mismatch. When the log
    is intact, the anchor moves to its head (unless update_anchor is False)."""
    _use_snapshot(session)
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
    reason, row, expected = failure if failure is not None else (None, None, None)
    return VerifyResult(
        ok=failure is None,
        entries=walk.count,
        head=walk.previous if walk.count else None,
        broken_id=row.id if row is not None else None,
        broken_seq=row.seq if row is not None else None,
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
    uses = _uses()
    letters = IntroLetter.__table__  # type: ignore[attr-defined]
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
