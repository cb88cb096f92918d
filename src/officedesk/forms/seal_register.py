"""用印登记表: a month of the usage log as the paper register keeps it, in the order the entries
were made (their log numbers), corrections and voided entries marked, on landscape A4."""

from typing import Any

from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

from officedesk.forms.page import SIZE_2, TITLE_FONT, grid, line, new_page, repeat_header
from officedesk.i18n import t
from officedesk.views.written import written_moment, written_month

WIDTHS = [10, 27, 27, 50, 36, 10, 18, 24, 18, 18, 29]  # mm: 267, landscape A4 less 15 mm a side


def seal_register(uses: list[Any], year: int, month: int, company: str) -> Any:
    """`uses` are SealUseRead of the month, in log order."""
    document = new_page()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(15)
    section.left_margin = section.right_margin = Mm(15)
    line(
        document,
        company + t("forms.seal_register.title"),
        align="center",
        font=TITLE_FONT,
        size=SIZE_2,
    )
    line(
        document,
        written_month(year, month),
        align="center",
    )
    headers = [
        t("forms.seal_register.seq"),
        t("field.used_at"),
        t("field.seal"),
        t("field.doc_title"),
        t("field.purpose"),
        t("field.copies"),
        t("field.requester"),
        t("field.dept"),
        t("field.approver"),
        t("field.registered_by"),
        t("forms.seal_register.note"),
    ]
    rows = [headers]
    for use in uses:
        notes = [use.note] if use.note else []
        if use.void:
            notes.append(t("forms.seal_register.void"))
        if use.corrects_id:
            notes.append(t("forms.seal_register.corrects", id=use.corrects_id))
        if use.letter:
            notes.append(use.letter)
        rows.append(
            [
                str(use.seq),
                written_moment(use.used_at),
                use.seal,
                use.doc_title,
                use.purpose,
                str(use.copies),
                use.requester,
                use.dept or "",
                use.approver,
                use.registered_by,
                "；".join(notes),
            ]
        )
    if len(rows) == 1:
        rows.append([t("forms.seal_register.none"), *[""] * (len(headers) - 1)])
    table = grid(document, rows, WIDTHS, size=Pt(10.5))  # 五号: eleven columns across
    repeat_header(table)
    return document
