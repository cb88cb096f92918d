"""Reading the outgoing register: a document by id or by its number, its read model (with the
steps its state offers, its drafting warnings, on request its log and voided numbers), and the
filtered, paged list. The steps themselves are taken in services.outgoing.actions, which is also
where the whole API is imported from; the state table is in services.outgoing.states.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.errors import NotFound
from officedesk.models import Department, Person
from officedesk.models.outgoing import (
    DOC_TYPES,
    OUTGOING_STATES,
    Outgoing,
    OutgoingLog,
    OutgoingLogRead,
    OutgoingRead,
    OutgoingRecipient,
    OutgoingVoid,
    OutgoingVoidRead,
    WarningRead,
)
from officedesk.notices import Notice
from officedesk.services.common import Page, between_days, check_year, id_of
from officedesk.services.lookup import resolve_department
from officedesk.services.outgoing.states import OPEN_STATES, offered_operations
from officedesk.services.query import (
    ListQuery,
    by_sort,
    owned_reads,
    resolve_record,
    select_with_names,
    states_where,
    text_filter,
)
from officedesk.services.validation import chosen

STATES = OUTGOING_STATES
TYPES = DOC_TYPES
# Each sort of the list, by name, and the ORDER BY it stands for.
ORDERS: dict[str, tuple[Any, ...]] = {
    "recent": (col(Outgoing.id).desc(),),
    # Unnumbered and unsigned documents last, on SQLite and PostgreSQL alike.
    "number": (
        col(Outgoing.number_year).desc().nulls_last(),
        col(Outgoing.number_prefix),
        col(Outgoing.number_seq).desc(),
        col(Outgoing.id).desc(),
    ),
    "date": (col(Outgoing.doc_date).desc().nulls_last(), col(Outgoing.id).desc()),
}
SORTS = tuple(ORDERS)


def format_doc_date(value: date | None) -> str | None:
    """成文日期 as the standard writes it (GB/T 9704 §7.3.5.4): 2026年3月5日, no leading zeros."""
    if value is None:
        return None
    return f"{value.year}年{value.month}月{value.day}日"


def format_copy_numbers(first: int | None, last: int | None) -> str | None:
    """份号: six digits; a print run is the range of its copies."""
    if first is None or last is None:
        return None
    return f"{first:06d}" if first == last else f"{first:06d}–{last:06d}"


def given_numbers(doc: Any) -> str | Notice:
    """The document number and the copies' 份号 a document holds: what undo will not take back
    (with copies, a message the front end words)."""
    serials = format_copy_numbers(doc.copy_serial_from, doc.copy_serial_to)
    if not serials:
        return doc.number or ""
    if not doc.number:
        return Notice("outgoing.copy_numbers", {"numbers": serials})
    return Notice("outgoing.given_numbers", {"number": doc.number, "numbers": serials})


# 〔〕 is hard to type in a terminal: a number looked up with [2026] or (2026) finds 〔2026〕.
_TYPED_YEAR = re.compile(r"[\[(（［【〖〔]\s*(\d{4})\s*[\])）］】〗〕]")


def normalise_number(text: str) -> str:
    return _TYPED_YEAR.sub(r"〔\1〕", "".join(text.split()))


@dataclass
class OutgoingFilter:
    """Every list filter; empty means no restriction. states None means every state; "open"
    means not yet dispatched. dispatched_since/until keep the documents dispatched (核发, the
    day a document is issued) on a day of that range, both included: the period report's
    "issued" figure."""

    states: Sequence[str] | None = None
    doc_type: str | None = None
    year: int | None = None
    dept: str | None = None
    dispatched_since: date | str | None = None
    dispatched_until: date | str | None = None
    text: str | None = None
    sort: str = "recent"


# ---- reading -------------------------------------------------------------------------------


def resolve_outgoing(session: OfficeSession, ref: str | int) -> Outgoing:
    """By id (#12 or 12) or by its number (X司发〔2026〕12号)."""

    def missing(text: str) -> None:
        """A voided number says so; "not found" names the number as it was looked up."""
        number = normalise_number(text)
        voided = session.exec(select(OutgoingVoid).where(OutgoingVoid.number == number)).first()
        if voided is not None:
            raise NotFound("outgoing.number_voided", number=number, reason=voided.reason)
        raise NotFound("outgoing.not_found", ref=number)

    return resolve_record(
        session,
        Outgoing,
        ref,
        field="outgoing",
        not_found="outgoing.not_found",
        column=Outgoing.number,
        normalise=normalise_number,
        if_missing=missing,
    )


def _names(session: OfficeSession, doc: Outgoing) -> dict[str, str | None]:
    def person(person_id: int | None) -> str | None:
        found = session.get(Person, person_id) if person_id else None
        return found.name if found else None

    dept = session.get(Department, doc.drafting_dept_id) if doc.drafting_dept_id else None
    return {
        "dept": dept.name if dept else None,
        "drafter": person(doc.drafter_id),
        "reviewer": person(doc.reviewer_id),
        "signer": person(doc.signer_id) or doc.signer_name or None,
    }


def _split(text: str) -> list[str]:
    return [name for name in text.split("、") if name] if text else []


def _values(doc: Any, names: dict[str, str | None]) -> dict[str, Any]:
    values = {name: getattr(doc, name) for name in _COLUMNS}
    values.update(names)
    values["main_to"] = _split(doc.main_to)
    values["copy_to"] = _split(doc.copy_to)
    values["copy_numbers"] = format_copy_numbers(doc.copy_serial_from, doc.copy_serial_to)
    values["doc_date_text"] = format_doc_date(doc.doc_date)
    values["actions"] = offered_operations(doc.state)
    return values


_COLUMNS = [
    name
    for name in OutgoingRead.model_fields
    if name in Outgoing.__table__.c  # type: ignore[attr-defined]
    and name not in ("main_to", "copy_to")
]


def _addressees(session: OfficeSession, doc_id: int) -> dict[str, list[Any]]:
    """The recipients by role (main, copy) with their directory kind, for the drafting checks."""
    from officedesk.services.outgoing.checks import Addressee

    stmt = (
        sa_select(  # type: ignore[call-overload]
            OutgoingRecipient.role, OutgoingRecipient.name, Department.kind
        )
        .select_from(OutgoingRecipient)
        .outerjoin(Department, col(Department.id) == col(OutgoingRecipient.dept_id))
        .where(OutgoingRecipient.outgoing_id == doc_id)
        .order_by(OutgoingRecipient.position)
    )
    roles: dict[str, list[Any]] = {"main": [], "copy": []}
    for row in session.execute(stmt):
        roles.setdefault(row.role, []).append(Addressee(row.name, row.kind))
    return roles


def drafting_warnings(session: OfficeSession, doc: Outgoing) -> list[Notice]:
    from officedesk.services.outgoing.checks import ADDRESSED_TYPES, UPWARD_TYPES, drafting_checks

    # Only some types are checked against their addressees: the others skip the query.
    if doc.doc_type not in ADDRESSED_TYPES:
        return drafting_checks(doc.doc_type, doc.title, doc.body, [])
    roles = _addressees(session, id_of(doc))
    signer = _signer(session, doc) if doc.doc_type in UPWARD_TYPES else None
    return drafting_checks(doc.doc_type, doc.title, doc.body, roles["main"], roles["copy"], signer)


def _signer(session: OfficeSession, doc: Outgoing) -> Any:
    """The signer with their 主要负责人 mark, when the directory marks anyone (else nothing to
    compare with) and the document names a signer."""
    from officedesk.services.outgoing.checks import Signer

    if doc.signer_id is None and not doc.signer_name:
        return None
    marked = session.exec(select(Person.id).where(col(Person.principal)).limit(1)).first()
    if marked is None:
        return None
    person = session.get(Person, doc.signer_id) if doc.signer_id is not None else None
    if person is None:
        return Signer(doc.signer_name, False)
    return Signer(person.name, person.principal)


def read_outgoing(session: OfficeSession, doc: Outgoing, *, with_log: bool = False) -> OutgoingRead:
    """A document as the front ends show it, with its drafting warnings (until it is signed
    they matter most; they stay visible after) and, on request, its steps and voided numbers."""
    values = _values(doc, _names(session, doc))
    values["warnings"] = [
        WarningRead(code=n.key, params=n.params, message=n.message())
        for n in drafting_warnings(session, doc)
    ]
    if with_log:
        values["log"] = outgoing_log(session, id_of(doc))
        values["voids"] = owned_reads(
            session, OutgoingVoid, OutgoingVoidRead, OutgoingVoid.outgoing_id, doc.id
        )
    return OutgoingRead.model_validate(values)


def get_outgoing(session: OfficeSession, ref: str | int, *, with_log: bool = True) -> OutgoingRead:
    return read_outgoing(session, resolve_outgoing(session, ref), with_log=with_log)


def outgoing_log(session: OfficeSession, doc_id: int) -> list[OutgoingLogRead]:
    return owned_reads(session, OutgoingLog, OutgoingLogRead, OutgoingLog.outgoing_id, doc_id)


def _filtered(session: OfficeSession, flt: OutgoingFilter, stmt: Any) -> Any:
    if flt.states:
        names = [s.strip() for s in flt.states if s.strip()]
        stmt = states_where(stmt, col(Outgoing.state), names, STATES, open_states=OPEN_STATES)
    if flt.doc_type:
        stmt = stmt.where(Outgoing.doc_type == chosen("doc_type", flt.doc_type, TYPES))
    if flt.year is not None:
        check_year(flt.year)
        # A numbered document belongs to the year of its number, any other to its drafting year.
        stmt = stmt.where(
            or_(
                col(Outgoing.number_year) == flt.year,
                col(Outgoing.number_year).is_(None)
                & (col(Outgoing.drafted_on) >= date(flt.year, 1, 1))
                & (col(Outgoing.drafted_on) <= date(flt.year, 12, 31)),
            )
        )
    if flt.dept:
        stmt = stmt.where(Outgoing.drafting_dept_id == resolve_department(session, flt.dept).id)
    stmt = between_days(
        session, stmt, col(Outgoing.dispatched_on), flt.dispatched_since, flt.dispatched_until
    )
    columns = (Outgoing.title, Outgoing.number, Outgoing.main_to, Outgoing.copy_to)
    return text_filter(stmt, flt.text, (col(column) for column in columns))


def _list_statement() -> Any:
    links = {"dept_name": (Department, "drafting_dept_id")} | {
        f"{role}_person": (Person, f"{role}_id") for role in ("drafter", "reviewer", "signer")
    }
    return select_with_names(Outgoing, links)


_OUTGOING_LIST = ListQuery(Outgoing, OutgoingFilter, _list_statement, _filtered, by_sort(ORDERS))


def list_outgoing(
    session: OfficeSession, flt: OutgoingFilter | None = None, *, limit: int = 50, offset: int = 0
) -> Page:
    """One page of documents (newest first by default); no warnings or log on list rows."""
    return _OUTGOING_LIST.page(session, flt, limit=limit, offset=offset, read=_read_row)


def _read_row(row: Any) -> OutgoingRead:
    """A list row as a read model: no warnings, log or voided numbers."""
    names = {
        "dept": row.dept_name,
        "drafter": row.drafter_person,
        "reviewer": row.reviewer_person,
        "signer": row.signer_person or row.signer_name or None,
    }
    values = _values(row, names)
    values["warnings"] = []
    values["log"] = None
    values["voids"] = None
    return OutgoingRead.model_construct(**values)


def count_outgoing(session: OfficeSession, flt: OutgoingFilter | None = None) -> int:
    return _OUTGOING_LIST.count(session, flt)
