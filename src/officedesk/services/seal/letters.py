"""Introduction letters (介绍信): a gap-free numbered series whose every letter is also a seal
use. They live apart from services.seal because they bring their own numbering, validity and
reading, while their log entries go through services.seal.append_entry like any other use."""

import re
from datetime import timedelta
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from officedesk.db import OfficeSession
from officedesk.errors import Conflict, InvalidInput, NotFound
from officedesk.models.seal import (
    IntroLetter,
    IntroLetterRead,
    LetterCreate,
    Seal,
    SealUse,
    UseCreate,
)
from officedesk.services.common import Page, as_id, check_year, id_of, to_date
from officedesk.services.query import fetch_page
from officedesk.services.seal.actions import (
    USABLE_STATE,
    append_entry,
    ensure_usable,
    resolve_seal,
    to_moment,
)
from officedesk.services.shared_records import code_columns, table_of
from officedesk.services.validation import validate

LETTER_SERIES = "intro_letter"
LETTER_PREFIX = "JS"
LETTER_VALID_DAYS = 30


def _letter_seal(session: OfficeSession, seal_ref: str | None) -> Seal:
    """The seal given, or the one active introduction-letter seal (else the one active 公章)."""
    if seal_ref:
        seal = resolve_seal(session, seal_ref)
        ensure_usable(seal)
        return seal
    for kind in ("intro_letter", "official"):
        found = list(
            session.scalars(
                select(Seal)
                .where(col(Seal.kind) == kind, col(Seal.state) == USABLE_STATE)
                .order_by(col(Seal.id))
            )
        )
        if len(found) == 1:
            return found[0]
        if found:
            names = [s.name for s in found]
            raise Conflict("seal.letter_which_seal", names=names)
    raise NotFound("seal.letter_no_seal")


def issue_letter(session: OfficeSession, data: dict[str, Any]) -> IntroLetterRead:
    """Number an introduction letter (JS-2026-0001, gap-free per year) and log its seal use in
    the chain, the letter's content included in the entry's hash."""
    data = dict(data)
    seal = _letter_seal(session, data.pop("seal", None))
    valid_raw = data.pop("valid_until", None)
    letter_form = validate(
        LetterCreate,
        {k: data.pop(k, None) for k in ("to_unit", "bearers", "bearer_count", "purpose")},
    )
    env = session.env
    issued_on = env.today
    valid_until = to_date(session, valid_raw) or issued_on + timedelta(days=LETTER_VALID_DAYS)
    if valid_until < issued_on:
        raise InvalidInput("seal.letter_valid_before", date=valid_until.isoformat())
    count = letter_form.bearer_count or _count_names(letter_form.bearers)
    letter = IntroLetter(
        **code_columns(session, LETTER_SERIES, LETTER_PREFIX, column="number"),
        to_unit=letter_form.to_unit,
        bearers=letter_form.bearers,
        bearer_count=count,
        purpose=letter_form.purpose,
        issued_on=issued_on,
        valid_until=valid_until,
        use_id=0,
    )
    use_form = validate(
        UseCreate,
        {
            "requester": data.get("requester"),
            "dept": data.get("dept"),
            "doc_title": f"{letter.number} {letter_form.to_unit}"[:200],
            "purpose": letter_form.purpose,
            "copies": 1,
            "approver": data.get("approver"),
            "note": data.get("note") or "",
        },
    )
    entry = append_entry(session, seal, use_form, to_moment(session, None), letter=letter)
    letter.use_id = entry.id
    session.add(letter)
    session.flush()
    return read_letter(session, id_of(letter))


def _count_names(text: str) -> int:
    names = [part for part in re.split(r"[、，,;；\s]+", text) if part]
    return max(1, len(names))


@cache
def _letter_query() -> Any:
    letters, uses, seal = table_of(IntroLetter), table_of(SealUse), table_of(Seal)
    return (
        select(
            *letters.c,
            seal.c.name.label("seal_name"),
            uses.c.requester,
            uses.c.approver,
        )
        .select_from(letters)
        .join(uses, uses.c.id == letters.c.use_id)
        .join(seal, seal.c.id == uses.c.seal_id)
    )


_LETTER_FIELDS = [name for name in IntroLetterRead.model_fields if name not in ("expired", "seal")]


def _letter_read(session: OfficeSession, row: Any) -> IntroLetterRead:
    """A letter as read with its entry's seal and people; expired against today."""
    values = {name: getattr(row, name) for name in _LETTER_FIELDS}
    values.update(expired=row.valid_until < session.env.today, seal=row.seal_name)
    return IntroLetterRead.model_validate(values)


def read_letter(session: OfficeSession, letter_id: int) -> IntroLetterRead:
    letters = table_of(IntroLetter)
    row = session.execute(_letter_query().where(letters.c.id == letter_id)).one()
    return _letter_read(session, row)


def get_letter(session: OfficeSession, ref: str | int) -> IntroLetterRead:
    text = str(ref).strip().upper()
    letters = table_of(IntroLetter)
    record_id = as_id(text)
    condition = letters.c.id == record_id if record_id is not None else None
    if condition is None:
        condition = letters.c.number == text
    row = session.execute(_letter_query().where(condition)).one_or_none()
    if row is None:
        raise NotFound("seal.letter_not_found", ref=str(ref))
    return _letter_read(session, row)


def list_letters(
    session: OfficeSession, *, year: int | None = None, limit: int = 50, offset: int = 0
) -> Page:
    """Letters, newest number first."""
    letters = table_of(IntroLetter)
    stmt = _letter_query()
    if year is not None:
        check_year(year)
        stmt = stmt.where(letters.c.year == year)
    stmt = stmt.order_by(letters.c.year.desc(), letters.c.seq.desc())
    return fetch_page(
        session, stmt, limit=limit, offset=offset, read=lambda row: _letter_read(session, row)
    )
