"""The outgoing register (发文): the steps from review to filing, document numbers.

Steps (standards.md §5.3): draft 起草 → reviewed 审核 → signed 签发 → checked 复核 (a substantive
change goes back to the signer) → registered 登记 (the number is given here) → printed 印制 →
dispatched 核发 → filed 归档. A number is `X司发〔2026〕12号`: a prefix per document type from the
config, gap-free per prefix and year (services.numbering, inside the write transaction), voided
only with a reason and then kept in the void log, never given again.

The register's whole API is importable from here; entering and editing a draft is in
services.outgoing.entry, its reading (read models, the list) in services.outgoing.query, its
state table in services.outgoing.states.
"""

from datetime import date

from officedesk.config import DEFAULT_OUTGOING_PREFIXES
from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput
from officedesk.models import Person
from officedesk.models.limits import SECRECY_MAX_YEARS
from officedesk.models.outgoing import (
    DOC_TYPES,
    SECRECY_LEVELS,
    URGENCY_LEVELS,
    Outgoing,
    OutgoingRead,
    OutgoingVoid,
)
from officedesk.models.schema_base import OptionalRemark, Reason
from officedesk.services import log_text
from officedesk.services.common import id_of, to_date
from officedesk.services.lookup import resolve_person
from officedesk.services.outgoing.entry import create_outgoing as create_outgoing
from officedesk.services.outgoing.entry import (
    log_outgoing,
    not_in_future,
    ref_of,
    signer_fields,
    signer_of,
)
from officedesk.services.outgoing.entry import update_outgoing as update_outgoing
from officedesk.services.outgoing.query import (  # noqa: F401 - the API in one place
    SORTS,
    STATES,
    TYPES,
    OutgoingFilter,
    count_outgoing,
    drafting_warnings,
    format_copy_numbers,
    format_doc_date,
    get_outgoing,
    list_outgoing,
    normalise_number,
    outgoing_log,
    read_outgoing,
    resolve_outgoing,
)
from officedesk.services.outgoing.states import (  # noqa: F401 - the API in one place
    EDITABLE_STATES,
    OPEN_STATES,
    OUTGOING_MACHINE,
    offered_operations,
)
from officedesk.services.validation import required_text, validate

OFFICIAL_TYPES = DOC_TYPES[:15]
INTERNAL_KINDS = ("plan", "summary", "speech")
SECRECY = SECRECY_LEVELS
URGENCY = URGENCY_LEVELS
CLASSIFIED = frozenset(SECRECY_MAX_YEARS)  # 涉密 (秘密, 机密, 绝密): 份号 required
# The state table as the tests read it (services.outgoing.states holds the machine).
OUTGOING_ACTIONS = OUTGOING_MACHINE.actions
allowed_actions = OUTGOING_MACHINE.allowed
LOG_ACTIONS = ("create", "edit", *OUTGOING_ACTIONS)
SERIES_PREFIX = "outgoing:"


def number_prefix(session: OfficeSession, doc_type: str) -> str:
    """The configured 机关代字 of a type ([outgoing.prefixes]), else the default one."""
    return session.env.rules.outgoing_prefixes.get(doc_type) or DEFAULT_OUTGOING_PREFIXES[doc_type]


# ---- the steps -----------------------------------------------------------------------------


def _ensure_allowed(doc: Outgoing, action: str) -> str:
    return OUTGOING_MACHINE.ensure(doc, action, ref=ref_of(doc))


def _begin(session: OfficeSession, ref: str | int, action: str, note: str) -> tuple[Outgoing, str]:
    """The start of a step: the note checked, the document found, the step allowed in its
    state (before the step's own checks, so a refusal names the state first)."""
    text = validate(OptionalRemark, {"text": note}).text
    doc = resolve_outgoing(session, ref)
    _ensure_allowed(doc, action)
    return doc, text


def _finish(
    session: OfficeSession, doc: Outgoing, action: str, note: str = "", actor: str = ""
) -> OutgoingRead:
    """The end of a step: the new state, logged with who took it, and the document read back."""
    previous, target = OUTGOING_MACHINE.move(doc, action, session.env.now(), ref=ref_of(doc))
    log_outgoing(session, doc, action, note, actor=actor, from_state=previous, to_state=target)
    session.flush()
    return read_outgoing(session, doc)


def review_outgoing(
    session: OfficeSession, ref: str | int, reviewer: str | None = None, note: str = ""
) -> OutgoingRead:
    """审核: by the reviewer named here or on the draft."""
    doc, text = _begin(session, ref, "review", note)
    if reviewer:
        doc.reviewer_id = resolve_person(session, reviewer).id
    if doc.reviewer_id is None:
        raise InvalidInput("outgoing.reviewer_required", field="by", ref=ref_of(doc))
    person = session.get(Person, doc.reviewer_id)
    return _finish(session, doc, "review", text, person.name if person else "")


def sign_outgoing(
    session: OfficeSession,
    ref: str | int,
    signer: str | None = None,
    on: date | str | None = None,
    note: str = "",
) -> OutgoingRead:
    """签发: the signer named here or on the draft; the day signed is the 成文日期. The drafting
    warnings come back with the result (the front ends show them before asking to sign)."""
    doc, text = _begin(session, ref, "sign", note)
    signed_on = not_in_future(session, to_date(session, on) or session.env.today)
    if signed_on < doc.drafted_on:
        raise InvalidInput(
            "outgoing.date_before_draft",
            date=signed_on.isoformat(),
            drafted=doc.drafted_on.isoformat(),
        )
    if signer:
        for name, value in signer_fields(session, signer).items():
            setattr(doc, name, value)
    who = signer_of(session, doc)
    if not who:
        raise InvalidInput("outgoing.signer_required", field="by", ref=ref_of(doc))
    doc.doc_date = signed_on
    return _finish(session, doc, "sign", text, who)


def check_outgoing(
    session: OfficeSession, ref: str | int, *, changed: bool = False, note: str = ""
) -> OutgoingRead:
    """复核 (审批手续、内容、文种、格式). With a substantive change the document goes back to its
    signer to sign again; the note saying what changed is then required."""
    doc = resolve_outgoing(session, ref)
    if not changed:
        return _finish(session, doc, "check", validate(OptionalRemark, {"text": note}).text)
    text = required_text(Reason, note, "outgoing.change_note", ref=ref_of(doc))
    return _finish(session, doc, "return", text, signer_of(session, doc))


def register_outgoing(session: OfficeSession, ref: str | int, note: str = "") -> OutgoingRead:
    """登记: the next number of the type's prefix this year, inside this write transaction."""
    from officedesk.services.docnumber import format_doc_number
    from officedesk.services.numbering import next_number

    doc, text = _begin(session, ref, "register", note)
    prefix = number_prefix(session, doc.doc_type)
    year = session.env.today.year
    seq = next_number(session, f"{SERIES_PREFIX}{prefix}", year)
    doc.number = format_doc_number(prefix, year, seq)
    doc.number_prefix, doc.number_year, doc.number_seq = prefix, year, seq
    return _finish(session, doc, "register", f"{doc.number} {text}".strip())


def print_outgoing(
    session: OfficeSession,
    ref: str | int,
    copies: int | None = None,
    first_copy: int | None = None,
    note: str = "",
) -> OutgoingRead:
    """印制: how many copies; a classified document's copies get their 份号 (six digits) here,
    from 000001 unless another first number is given."""
    doc, text = _begin(session, ref, "print", note)
    count = copies if copies is not None else doc.copies
    if count is None or count < 1 or count > 100_000:
        raise InvalidInput("outgoing.copies_required", ref=ref_of(doc))
    doc.copies = count
    if doc.secrecy in CLASSIFIED or first_copy is not None:
        first = first_copy if first_copy is not None else 1
        last = first + count - 1
        if first < 1 or last > 999_999:
            raise InvalidInput("outgoing.copy_serial_range", first=first, copies=count)
        doc.copy_serial_from, doc.copy_serial_to = first, last
    serials = format_copy_numbers(doc.copy_serial_from, doc.copy_serial_to)
    detail = log_text.text("outgoing.printed_copies", n=count) + (f" {serials}" if serials else "")
    return _finish(session, doc, "print", f"{detail} {text}".strip())


def dispatch_outgoing(
    session: OfficeSession, ref: str | int, on: date | str | None = None, note: str = ""
) -> OutgoingRead:
    """核发: sent out on the given day (default today)."""
    doc, text = _begin(session, ref, "dispatch", note)
    day = not_in_future(session, to_date(session, on) or session.env.today)
    if doc.doc_date is not None and day < doc.doc_date:
        raise InvalidInput(
            "outgoing.dispatch_before_signed", date=day.isoformat(), signed=doc.doc_date.isoformat()
        )
    if doc.secrecy in CLASSIFIED and doc.copy_serial_from is None:
        raise InvalidInput("outgoing.copy_serial_required", ref=ref_of(doc))
    doc.dispatched_on = day
    return _finish(session, doc, "dispatch", text)


def file_outgoing(session: OfficeSession, ref: str | int, note: str = "") -> OutgoingRead:
    text = validate(OptionalRemark, {"text": note}).text
    return _finish(session, resolve_outgoing(session, ref), "file", text)


def void_outgoing(session: OfficeSession, ref: str | int, reason: str) -> OutgoingRead:
    """作废: the number goes to the void log for good (with the reason, who and when); the
    document returns to 复核 done and gets a new number if it is registered again."""
    text = required_text(Reason, reason, "outgoing.void_reason")
    doc = resolve_outgoing(session, ref)
    _ensure_allowed(doc, "void")
    env = session.env
    number = doc.number or ""
    session.add(
        OutgoingVoid(
            outgoing_id=id_of(doc),
            number=number,
            number_prefix=doc.number_prefix or "",
            number_year=doc.number_year or 0,
            number_seq=doc.number_seq or 0,
            reason=text,
            voided_by=env.operator,
            voided_at=env.now(),
        )
    )
    doc.number = doc.number_prefix = None
    doc.number_year = doc.number_seq = None
    doc.copy_serial_from = doc.copy_serial_to = None
    return _finish(session, doc, "void", f"{number} {text}")
