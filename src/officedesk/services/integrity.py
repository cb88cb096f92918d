"""`officedesk db check`: the invariants a sound office database keeps, each checked against the
data itself rather than trusted: the file (SQLite's integrity and foreign-key checks), every
numbering series (each number given is held by one record or voided, and no record holds a
number the counter has not reached), the change journal (replayed, it gives every record as it
is stored), the search index (computed afresh, it equals the stored one) and the seal log's
chain. The kill loop in benchmarks/ and the fault tests run the same checks after each kill.

Everything here reads; nothing repairs. Memory stays bounded on 100,000 items: the journal is
replayed one record at a time in index order, the search documents compared in pages.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text

from officedesk.db import OfficeSession
from officedesk.i18n import label, t

MAX_FINDINGS = 20  # per check: enough to see the pattern, never a screenful of the same line
CHECKS = ("file", "numbers", "journal", "search", "seal_chain")


@dataclass(frozen=True)
class Finding:
    """One problem: a message key and its values (worded when shown, in the reader's language)."""

    key: str
    params: dict[str, Any]

    def message(self) -> str:
        return t(self.key, **self.params)


@dataclass
class CheckResult:
    name: str
    checked: int = 0  # what was looked at: rows, numbers, changes, documents, entries
    problems: int = 0
    findings: list[Finding] = field(default_factory=list)
    skipped: str = ""  # why the check does not apply (e.g. SQLite's checks on PostgreSQL)
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.problems == 0

    def add(self, key: str, **params: Any) -> None:
        self.problems += 1
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(Finding(key, params))

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ok": self.ok,
            "checked": self.checked,
            "problems": self.problems,
            "findings": [
                {"key": f.key, "params": f.params, "message": f.message()} for f in self.findings
            ],
            "skipped": self.skipped or None,
            **self.detail,
        }


@dataclass
class DatabaseCheck:
    database: str
    results: list[CheckResult]

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    @property
    def problems(self) -> int:
        return sum(result.problems for result in self.results)

    def as_dict(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "ok": self.ok,
            "problems": self.problems,
            "checks": [result.as_dict() for result in self.results],
        }


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


# ---- numbering series ----------------------------------------------------------------------


def _numbered_tables() -> list[tuple[type, Any]]:
    """Every table whose rows hold a number of a counted series (models declare __numbered__)."""
    from officedesk.journal import mapped_classes

    found = []
    for cls in mapped_classes().values():
        numbered = getattr(cls, "__numbered__", None)
        if numbered is not None and numbered.series:
            found.append((cls, numbered))
    return sorted(found, key=lambda pair: pair[1].series)


def check_numbers(session: OfficeSession) -> CheckResult:
    from officedesk.models import Counter, NumberVoid

    result = CheckResult("numbers")
    counters: dict[str, dict[int, int]] = {}
    for counter in session.exec(select(Counter)).scalars():  # type: ignore[call-overload]
        counters.setdefault(counter.series, {})[counter.year] = counter.value
    for cls, numbered in _numbered_tables():
        table = cls.__table__  # type: ignore[attr-defined]
        code_col, year_col, seq_col = (
            table.c[numbered.code],
            table.c[numbered.year],
            table.c[numbered.seq],
        )
        held: dict[int, dict[int, str]] = {}
        for code, year, seq in session.execute(select(code_col, year_col, seq_col)):
            held.setdefault(year, {})[seq] = code
        voided: dict[int, set[int]] = {}
        voids = select(NumberVoid.year, NumberVoid.seq).where(  # type: ignore[call-overload]
            NumberVoid.series == numbered.series
        )
        for year, seq in session.execute(voids):
            voided.setdefault(year, set()).add(seq)
        given = counters.get(numbered.series, {})
        for year in sorted({*held, *voided, *given}):
            _check_series(
                result,
                numbered.series,
                year,
                given.get(year, 0),
                held.get(year, {}),
                voided.get(year, set()),
            )
    _check_outgoing_numbers(session, result, counters)
    return result


def _check_series(
    result: CheckResult,
    series: str,
    year: int,
    counter: int,
    held: dict[int, str],
    voided: set[int],
) -> None:
    result.checked += counter
    beyond = sorted(seq for seq in {*held, *voided} if seq > counter)
    if beyond:
        # The next registration would be given a number a record already holds.
        result.add("check.numbers.behind", series=series, year=year, counter=counter, seq=beyond[0])
    both = sorted(set(held) & voided)
    for seq in both[:3]:
        result.add("check.numbers.held_and_voided", code=held[seq])
    missing = [seq for seq in range(1, counter + 1) if seq not in held and seq not in voided]
    if missing:
        result.add(
            "check.numbers.gap",
            series=series,
            year=year,
            n=len(missing),
            seqs=", ".join(str(s) for s in missing[:10]),
        )


def _check_outgoing_numbers(
    session: OfficeSession, result: CheckResult, counters: dict[str, dict[int, int]]
) -> None:
    from officedesk.services.outgoing.actions import SERIES_PREFIX
    from officedesk.services.outgoing.numbers import number_report

    years = sorted(
        {
            year
            for series, by_year in counters.items()
            if series.startswith(SERIES_PREFIX)
            for year in by_year
        }
    )
    for year in years:
        for prefix in number_report(session, year).prefixes:
            result.checked += len(prefix.entries)
            if len(prefix.entries) > prefix.issued:
                result.add(
                    "check.numbers.behind",
                    series=prefix.prefix,
                    year=year,
                    counter=prefix.issued,
                    seq=prefix.issued + 1,
                )
            gaps = [entry.number for entry in prefix.entries if entry.status == "gap"]
            if gaps:
                result.add(
                    "check.numbers.gap",
                    series=prefix.prefix,
                    year=year,
                    n=len(gaps),
                    seqs=", ".join(gaps[:10]),
                )


# ---- the change journal --------------------------------------------------------------------


def _journaled_classes() -> dict[str, type]:
    from officedesk.journal import mapped_classes

    return {
        name: cls for name, cls in mapped_classes().items() if getattr(cls, "__journal__", True)
    }


def _replayed(session: OfficeSession, entity: str) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """(entity_id, the record as its journal leaves it, None when deleted), one record at a
    time: the (entity, entity_id) index keeps each record's changes together, in id order."""
    from officedesk.models import JournalEntry

    journal = JournalEntry.__table__  # type: ignore[attr-defined]
    stmt = (
        select(journal.c.entity_id, journal.c.action, journal.c.after)
        .where(journal.c.entity == entity)
        .order_by(journal.c.entity_id, journal.c.id)
        .execution_options(yield_per=2000)
    )
    current_id: str | None = None
    state: dict[str, Any] | None = None
    for entity_id, action, after in session.execute(stmt):
        if entity_id != current_id:
            if current_id is not None:
                yield current_id, state
            current_id, state = entity_id, None
        if action == "delete":
            state = None
        elif action == "insert":
            state = json.loads(after or "{}")
        elif state is not None:
            state.update(json.loads(after or "{}"))
        else:  # an update of a record whose insert the journal never saw
            state = {"__partial__": True, **json.loads(after or "{}")}
    if current_id is not None:
        yield current_id, state


def check_journal(session: OfficeSession) -> CheckResult:
    """Replayed from the start, the journal must give every journaled record exactly as stored,
    and no stored record may be missing from it."""
    result = CheckResult("journal")
    for entity, cls in sorted(_journaled_classes().items()):
        seen: set[str] = set()
        batch: list[tuple[str, dict[str, Any] | None]] = []
        for entity_id, state in _replayed(session, entity):
            result.checked += 1
            seen.add(entity_id)
            batch.append((entity_id, state))
            if len(batch) == 500:
                _compare(session, result, entity, cls, batch)
                batch = []
        if batch:
            _compare(session, result, entity, cls, batch)
        _find_unjournaled(session, result, entity, cls, seen)
    return result


def _compare(
    session: OfficeSession,
    result: CheckResult,
    entity: str,
    cls: type,
    batch: list[tuple[str, dict[str, Any] | None]],
) -> None:
    from officedesk.journal import from_json_value, parse_entity_key

    columns = cls.__table__.columns  # type: ignore[attr-defined]
    name_of = label("entity", entity)
    keys = [parse_entity_key(cls, entity_id) for entity_id, _ in batch]
    stored = _rows_by_key(session, cls, keys)
    for (entity_id, state), key in zip(batch, keys, strict=True):
        row = stored.get(key)
        if state is None:
            if row is not None:
                result.add("check.journal.deleted_but_stored", entity=name_of, id=entity_id)
            continue
        if row is None:
            result.add("check.journal.missing_record", entity=name_of, id=entity_id)
            continue
        partial = state.pop("__partial__", False)
        differs = next(
            (
                name
                for name, value in state.items()
                if name in columns
                and not _same(from_json_value(columns[name].type, value), row[name])
            ),
            None,
        )
        if differs is not None:
            result.add("check.journal.differs", entity=name_of, id=entity_id, field=differs)
        elif partial:
            result.add("check.journal.no_insert", entity=name_of, id=entity_id)


def _find_unjournaled(
    session: OfficeSession, result: CheckResult, entity: str, cls: type, seen: set[str]
) -> None:
    """Rows the journal never saw: written around the ORM (a bulk load, or by hand)."""
    table = cls.__table__  # type: ignore[attr-defined]
    pk = [c for c in table.columns if c.primary_key]
    count, first = 0, None
    for row in session.execute(select(*pk).execution_options(yield_per=5000)):
        key = entity_key_of(row)
        if key not in seen:
            count += 1
            first = first or key
    if count:
        result.add("check.journal.unjournaled", entity=label("entity", entity), n=count, id=first)


def entity_key_of(row: Any) -> str:
    """The journal's key of a primary-key row: the one value, or a JSON list of several."""
    from officedesk.journal import to_json_value

    values = tuple(row)
    if len(values) == 1:
        return str(values[0])
    return json.dumps([to_json_value(v) for v in values], ensure_ascii=False)


def _rows_by_key(session: OfficeSession, cls: type, keys: list[tuple[Any, ...]]) -> dict[Any, Any]:
    from sqlalchemy import tuple_

    table = cls.__table__  # type: ignore[attr-defined]
    pk = [c for c in table.columns if c.primary_key]
    if len(pk) == 1:
        stmt = select(table).where(pk[0].in_([k[0] for k in keys]))
    else:
        stmt = select(table).where(tuple_(*pk).in_(keys))
    found = {}
    for row in session.execute(stmt):
        mapping = row._mapping
        found[tuple(mapping[c.name] for c in pk)] = mapping
    return found


def _same(expected: Any, stored: Any) -> bool:
    if expected == stored:
        return True
    if isinstance(stored, bool) or isinstance(expected, bool):
        return bool(expected) == bool(stored) and expected in (0, 1, True, False)
    return False


# ---- the search index ----------------------------------------------------------------------

_SEARCH_FIELDS = ("code", "title", "context", "tag", "spaced", "pinyin", "initials")


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
            select(docs.c.kind, docs.c.ref_id, *(docs.c[f] for f in _SEARCH_FIELDS))
        )
    }
    for document in all_documents(conn):
        result.checked += 1
        key = (document["kind"], document["ref_id"])
        row = stored.pop(key, None)
        where = {"entity": label("entity", key[0]), "id": key[1]}
        if row is None:
            result.add("check.search.missing", **where)
            continue
        for name in _SEARCH_FIELDS:
            if name in document and (document[name] or "") != (getattr(row, name) or ""):
                result.add("check.search.stale", field=name, **where)
                break
    for kind, ref_id in sorted(stored):
        result.add("check.search.orphan", entity=label("entity", kind), id=ref_id)
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
