"""Which forms there are, how each finds its record, and writing one to a .docx file."""

import calendar
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from officedesk.errors import InvalidInput

if TYPE_CHECKING:
    from officedesk.context import AppContext
    from officedesk.db import OfficeSession

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _incoming(session: "OfficeSession", ref: str, company: str) -> Any:
    from officedesk.forms.incoming_slip import incoming_slip
    from officedesk.services.incoming.query import get_incoming

    return incoming_slip(get_incoming(session, ref), company)


def _letter(session: "OfficeSession", ref: str, company: str) -> Any:
    from officedesk.forms.letter import introduction_letter
    from officedesk.services.seal.letters import get_letter

    return introduction_letter(get_letter(session, ref), company)


def _seal_register(session: "OfficeSession", ref: str, company: str) -> Any:
    from officedesk.forms.seal_register import seal_register
    from officedesk.services.seal.query import UseFilter, list_uses

    found = _MONTH.match(ref.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12:
        raise InvalidInput("forms.month", ref=ref)
    year, month = int(found.group(1)), int(found.group(2))
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    uses: list[Any] = []
    while True:  # the service's pages, newest first; the register is kept in log order
        page = list_uses(session, UseFilter(since=first, until=last), limit=1000, offset=len(uses))
        uses += page.items
        if not page.has_more:
            break
    return seal_register(sorted(uses, key=lambda use: use.seq), year, month, company)


def _outgoing(session: "OfficeSession", ref: str, company: str) -> Any:
    from officedesk.forms.outgoing_doc import outgoing_document
    from officedesk.services.outgoing.query import get_outgoing

    return outgoing_document(get_outgoing(session, ref, with_log=False), company)


def _reception(session: "OfficeSession", ref: str, company: str) -> Any:
    from officedesk.forms.reception import reception_list
    from officedesk.services.visit.query import get_visit

    return reception_list(get_visit(session, ref), company)


# form name → how it is laid out from its reference (a code, a number, a month)
FORMS: dict[str, Callable[["OfficeSession", str, str], Any]] = {
    "incoming-slip": _incoming,
    "letter": _letter,
    "seal-register": _seal_register,
    "outgoing": _outgoing,
    "reception": _reception,
}


def print_form(
    ctx: "AppContext", form: str, ref: str, out: str | Path, *, force: bool = False
) -> Path:
    """Lay the form out from the record and write it to `out` (.docx), by the --out rules."""
    from officedesk.outfiles import check_target, database_files, open_atomic

    if form not in FORMS:
        raise InvalidInput("input.choice", field="form", choices=", ".join(FORMS))
    if not str(out).lower().endswith(".docx"):
        raise InvalidInput("forms.docx_only", path=str(out))
    protected = database_files(ctx.store.path)
    check_target(out, force=force, protected=protected)  # a bad path costs no read
    with ctx.read() as session:
        document = FORMS[form](session, ref, ctx.settings.company)
    with open_atomic(out, force=force, protected=protected) as handle:
        document.save(handle)
    return Path(out).expanduser()
