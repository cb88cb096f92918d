"""The usage log's canonical form and entry hash (reliability.md F1): what an entry's hash covers
and how it is computed, the same for appending (services.seal.chain) and verifying
(services.seal.verify), and the same from SQLite and PostgreSQL."""

import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any

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
