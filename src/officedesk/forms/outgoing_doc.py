"""An outgoing document laid out as GB/T 9704-2012 says (standards.md §5.2): the 版头 (份号,
密级和保密期限, 紧急程度, the issuer's mark in red, the document number centred — or left, with
the 签发人 on the right, for a document sent up — and the red rule), the 主体 (title, addressee,
body, issuer, date written 2026年3月5日) and the 版记 (抄送, 印发机关和印发日期 between two rules).

A classified document is printed once per numbered copy, each with its own 份号 on a page of its
own, as the copies are counted out (at most MAX_COPIES in one file)."""

from typing import Any

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from officedesk.forms.page import (
    HEI_FONT,
    KAI_FONT,
    RED,
    SIZE_2,
    SIZE_4,
    TITLE_FONT,
    line,
    new_page,
    text,
)
from officedesk.i18n import label, t
from officedesk.services.outgoing.checks import UPWARD_TYPES
from officedesk.views.written import written_date

MAX_COPIES = 200
MARK_SIZE = Pt(36)  # the issuer's mark: large, red 小标宋


def outgoing_document(doc: Any, company: str) -> Any:
    """`doc` is an OutgoingRead."""
    document = new_page()
    serials = _serials(doc)
    for index, serial in enumerate(serials):
        first = len(document.paragraphs)
        _head(document, doc, company, serial)
        if index:  # each copy on pages of its own
            document.paragraphs[first].paragraph_format.page_break_before = True
        _body(document, doc, company)
        _record(document, doc, company)
    return document


def _serials(doc: Any) -> list[str | None]:
    """The 份号 of each copy to print: six digits (required on a classified document), or one
    copy without when the copies are not numbered."""
    first, last = doc.copy_serial_from, doc.copy_serial_to
    if first is None or last is None:
        return [None]
    return [f"{n:06d}" for n in range(first, min(last, first + MAX_COPIES - 1) + 1)]


def _head(document: Any, doc: Any, company: str, serial: str | None) -> None:
    if serial is not None:
        line(document, serial, font=HEI_FONT)
    if doc.secrecy != "public":
        grade = label("secrecy", doc.secrecy)
        marked = f"{grade}★{doc.secrecy_years}年" if doc.secrecy_years else grade
        line(document, marked, font=HEI_FONT)
    if doc.urgency != "normal":
        line(document, label("urgency", doc.urgency), font=HEI_FONT)
    line(document)
    line(
        document,
        t("forms.outgoing.mark", company=company or t("forms.outgoing.company")),
        align="center",
        font=TITLE_FONT,
        size=MARK_SIZE,
        color=RED,
    )
    line(document)
    number = doc.number or t("forms.outgoing.unnumbered")
    if doc.doc_type in UPWARD_TYPES:
        paragraph = line(document, number)
        # 签发人 ends one character in from the right edge of the text block (156 mm).
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(16), WD_TAB_ALIGNMENT.RIGHT)
        text(paragraph, "\t" + t("forms.outgoing.signer"))
        text(paragraph, doc.signer or "", font=KAI_FONT)
        _rule(paragraph)
    else:
        _rule(line(document, number, align="center"))


def _rule(paragraph: Any) -> None:
    """The red rule under the number (版头分隔线): the paragraph's bottom border, the width of
    the text block."""
    _border(paragraph, "bottom", "E60012", 12)


def _border(paragraph: Any, side: str, color: str, eighths: int) -> None:
    properties = paragraph._p.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        borders = properties.makeelement(qn("w:pBdr"), {})
        properties.append(borders)
    edge = borders.makeelement(
        qn(f"w:{side}"),
        {qn("w:val"): "single", qn("w:sz"): str(eighths), qn("w:space"): "4", qn("w:color"): color},
    )
    borders.append(edge)


def _body(document: Any, doc: Any, company: str) -> None:
    line(document)
    line(document, doc.title, align="center", font=TITLE_FONT, size=SIZE_2)
    line(document)
    if doc.main_to:
        line(document, t("forms.outgoing.addressees", names="、".join(doc.main_to)))
    for paragraph in (doc.body or "").splitlines():
        if paragraph.strip():
            line(document, paragraph.strip(), indent=2, align="justify")
    line(document)
    line(document, company, align="right")
    if doc.doc_date is not None:
        line(document, written_date(doc.doc_date), align="right")


def _record(document: Any, doc: Any, company: str) -> None:
    """版记: 抄送 and the printing office and date, between two thin black rules."""
    line(document)
    first = line(
        document,
        t("forms.outgoing.copy_to", names="、".join(doc.copy_to)) if doc.copy_to else "",
        size=SIZE_4,
    )
    _border(first, "top", "000000", 8)
    printed = doc.dispatched_on or doc.doc_date
    last = line(
        document,
        t(
            "forms.outgoing.printed",
            office=t("forms.outgoing.printing_office", company=company),
            date=written_date(printed) if printed else "",
        ),
        size=SIZE_4,
    )
    _border(last, "bottom", "000000", 8)
