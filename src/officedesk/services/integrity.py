"""`officedesk db check`: the invariants a sound office database keeps, each checked against the
data itself rather than trusted: the file (SQLite's integrity and foreign-key checks), every
numbering series (each number given is held by one record or voided, and no record holds a
number the counter has not reached), the change journal (replayed, it gives every record as it
is stored), the search index (computed afresh, it equals the stored one) and the seal log's
chain. The kill loop in benchmarks/ and the fault tests run the same checks after each kill.

Everything here reads; nothing repairs. Memory stays bounded on 100,000 items: the journal is
replayed one record at a time in index order, the search documents compared in pages.

The file, search index and seal-log checks are here with check_database, which runs them all;
the numbering and journal checks are integrity_numbers and integrity_journal, and what a check
reports is integrity_results. This module re-exports their names.
"""

from typing import Any

from sqlalchemy import func, select, text

from officedesk.db import OfficeSession
from officedesk.services.integrity_journal import check_journal as check_journal
from officedesk.services.integrity_journal import entity_key_of as entity_key_of
from officedesk.services.integrity_numbers import check_numbers as check_numbers
from officedesk.services.integrity_results import MAX_FINDINGS as MAX_FINDINGS
from officedesk.services.integrity_results import CheckResult as CheckResult
from officedesk.services.integrity_results import DatabaseCheck as DatabaseCheck
from officedesk.services.integrity_results import Finding as Finding

CHECKS = ("file", "numbers", "journal", "search", "seal_chain")


def check_database(
    session: OfficeSession, *, database: str = "", only: tuple[str, ...] = CHECKS
) -> DatabaseCheck:
    """Run the checks named in `only`, in a read transaction (one consistent snapshot)."""
    runners = {
        "file": check_file,
        "numbers": check_numbers,
        "journal": check_journal,
        "search": check_search,
        "seal_chain": check_seal_chain,
    }
    return DatabaseCheck(database, [runners[name](session) for name in only])


# ---- the file ------------------------------------------------------------------------------


def check_file(session: OfficeSession) -> CheckResult:
    result = CheckResult("file")
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        # PostgreSQL enforces foreign keys always and checksums pages itself; nothing to ask.
        result.skipped = "postgresql"
        return result
    for (line,) in conn.exec_driver_sql("PRAGMA integrity_check").fetchall():
        if line != "ok":
            result.add("check.file.integrity", detail=line)
    for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
        result.add("check.file.foreign_key", table=row[0], id=row[1], parent=row[2])
    fts = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_fts'"
    ).first()
    if fts is not None:
        try:
            conn.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
        except Exception as exc:  # noqa: BLE001 - SQLite reports a damaged FTS index this way
            result.add("check.file.fts", detail=str(getattr(exc, "orig", exc)).splitlines()[0])
    result.checked = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
    return result


# ---- the search index ----------------------------------------------------------------------

_SEARCH_FIELDS = ("code", "title", "context", "tag", "spaced", "pinyin", "initials")
# A title's sounds are compared once worked out: NULL means "not yet" (search_sounds), not wrong.
_SOUND_FIELDS = ("sounds", "heads")


def check_search(session: OfficeSession) -> CheckResult:
    """Every searchable record has its document, as a rebuild would compute it, and no document
    outlives its record."""
    from officedesk.models import SearchDoc
    from officedesk.search_index import all_documents

    result = CheckResult("search")
    conn = session.connection()
    docs = SearchDoc.__table__  # type: ignore[attr-defined]
    stored: dict[tuple[str, int], Any] = {
        (row.kind, row.ref_id): row
        for row in conn.execute(
            select(docs.c.kind, docs.c.ref_id, *(docs.c[f] for f in _SEARCH_FIELDS + _SOUND_FIELDS))
        )
    }
    for document in all_documents(conn):
        result.checked += 1
        key = (document["kind"], document["ref_id"])
        row = stored.pop(key, None)
        where = {"entity": key[0], "id": key[1]}
        if row is None:
            result.add("check.search.missing", **where)
            continue
        fields = _SEARCH_FIELDS if row.sounds is None else _SEARCH_FIELDS + _SOUND_FIELDS
        for name in fields:
            if name in document and (document[name] or "") != (getattr(row, name) or ""):
                result.add("check.search.stale", field=name, **where)
                break
    for kind, ref_id in sorted(stored):
        result.add("check.search.orphan", entity=kind, id=ref_id)
    if conn.dialect.name == "sqlite":
        fts_rows = conn.execute(text("SELECT count(*) FROM search_fts")).scalar_one()
        doc_rows = conn.execute(select(func.count()).select_from(docs)).scalar_one()
        if fts_rows != doc_rows:
            result.add("check.search.fts_count", fts=fts_rows, docs=doc_rows)
    return result


# ---- the seal log --------------------------------------------------------------------------


def check_seal_chain(session: OfficeSession) -> CheckResult:
    """The seal log's verdict, worded as `seal verify` words it. A check only reads: this
    machine's anchor is compared, not moved."""
    from officedesk.services.seal.chain import CHAIN_MESSAGES, chain_params, verify_chain

    result = CheckResult("seal_chain")
    verified = verify_chain(session, update_anchor=False)
    result.checked = verified.entries
    result.detail["head"] = {"seq": verified.head_seq, "hash": verified.head}
    if not verified.ok:
        result.add(CHAIN_MESSAGES[verified.reason or "content"], **chain_params(verified))
    return result
