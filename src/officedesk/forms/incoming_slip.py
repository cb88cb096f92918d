"""收文处理笺: the slip a received document travels with — its registration, the office's
proposal, the leader's instruction word for word, and how it was handled."""

from typing import Any

from officedesk.forms.page import SIZE_2, SIZE_4, TITLE_FONT, grid, line, merge_row, new_page
from officedesk.i18n import label, t
from officedesk.views.marks import secrecy_text
from officedesk.views.written import written_date, written_moment


def incoming_slip(doc: Any, company: str) -> Any:
    """`doc` is an IncomingRead."""
    document = new_page()
    line(
        document,
        company + t("forms.incoming_slip.title"),
        align="center",
        font=TITLE_FONT,
        size=SIZE_2,
    )
    received = written_moment(doc.received_at)
    line(document, t("forms.incoming_slip.header", code=doc.code, received=received), size=SIZE_4)
    instruction = doc.instruction
    if instruction:
        signed = [doc.leader, written_moment(doc.instructed_at) if doc.instructed_at else ""]
        instruction += "\n" + "  ".join(part for part in signed if part)
    proposal = doc.proposal + (f"\n{doc.proposed_by}" if doc.proposal and doc.proposed_by else "")
    result = doc.result + (f"\n{written_date(doc.done_on)}" if doc.done_on else "")
    rows = [
        [t("field.sender"), doc.sender, t("field.sender_number"), doc.sender_number],
        [
            t("field.secrecy"),
            secrecy_text(doc.secrecy, doc.secrecy_years),
            t("field.urgency"),
            label("urgency", doc.urgency),
        ],
        [t("field.title"), "", "", ""],
        [t("field.proposal"), "", "", ""],
        [t("field.instruction"), "", "", ""],
        [
            t("field.lead_dept"),
            doc.lead_dept or "",
            t("field.due"),
            written_date(doc.due) if doc.due else "",
        ],
        [t("field.result"), "", "", ""],
    ]
    table = grid(document, rows, [28, 50, 28, 50])
    merge_row(table, 2, 1, 3, doc.title)
    merge_row(table, 3, 1, 3, proposal)
    merge_row(table, 4, 1, 3, instruction)
    merge_row(table, 6, 1, 3, result)
    return document
