"""The usage log's hash chain (reliability.md F1), its keyed MAC and this machine's anchor.

Three layers, each against what the one before cannot see:

* the hash chain: hash_n = SHA-256(prev_hash ‖ "\n" ‖ canonical JSON of entry n), so an edited,
  deleted or reordered entry breaks the chain. The canonical form has sorted keys, no
  whitespace, UTF-8 text, times in UTC as ISO strings and no floats, so it reads the same from
  SQLite and PostgreSQL. An introduction letter's fields are part of its use's entry. The
  counter row (series "seal_chain", year 0) counts the entries: verify compares entries,
  counter and sequence exactly, so entries cut off the end or added beyond it show.
* the MAC (services.seal.key): mac_n = HMAC-SHA-256(key, hash_n) under a key kept in a file
  outside the database, so an entry appended with a correctly computed hash by someone without
  the key is told apart. Entries written before the key existed (legacy) are covered by the
  chain only; after the first MAC'd entry, an entry without one is reported as unverifiable.
* the anchor (services.seal.anchor): the highest (seq, hash) this machine has seen, in a file
  outside the database, so a log cut short together with its counter, an older backup put
  back, or a rebuilt chain no longer matches.

Appending happens inside the caller's write transaction: the chain's counter row is taken FOR
UPDATE (on SQLite the transaction is already BEGIN IMMEDIATE) before the last hash is read, so
two writers cannot both chain onto the same entry. A broken chain never blocks an append: the
new entry gets seq = max(counter, highest seq) + 1 and chains onto the last row by id, and
verify keeps reporting the break. The anchor is written after the transaction commits (a
session after_commit hook), so it never names an entry that was rolled back.

This module appends; the canonical form lives in services.seal.hashing and verifying in
services.seal.verify, both importable from here.
"""

import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, select

from officedesk.db import OfficeSession
from officedesk.models import Counter
from officedesk.models.seal import SealUse
from officedesk.notices import Notice
from officedesk.services.seal.anchor import Anchor, advance_anchor, read_anchor
from officedesk.services.seal.hashing import CHAIN_SERIES as CHAIN_SERIES
from officedesk.services.seal.hashing import CHAIN_YEAR as CHAIN_YEAR
from officedesk.services.seal.hashing import ENTRY_FIELDS as ENTRY_FIELDS
from officedesk.services.seal.hashing import GENESIS as GENESIS
from officedesk.services.seal.hashing import LETTER_FIELDS as LETTER_FIELDS
from officedesk.services.seal.hashing import canonical as canonical
from officedesk.services.seal.hashing import entry_hash as entry_hash
from officedesk.services.seal.hashing import utc_text as utc_text
from officedesk.services.seal.key import (
    KEY_ENV,
    create_key,
    key_path,
    load_key,
    mac_matches,
    mac_of,
)
from officedesk.services.seal.verify import BREAK_REASONS as BREAK_REASONS
from officedesk.services.seal.verify import CHAIN_MESSAGES as CHAIN_MESSAGES
from officedesk.services.seal.verify import VerifyResult as VerifyResult
from officedesk.services.seal.verify import chain_params as chain_params
from officedesk.services.seal.verify import short_hash as short_hash
from officedesk.services.seal.verify import verify_chain as verify_chain
from officedesk.services.shared_records import table_of

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
    uses = table_of(SealUse)
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
    uses = table_of(SealUse)
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
    uses = table_of(SealUse)
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
