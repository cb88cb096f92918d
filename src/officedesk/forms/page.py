"""The page every form is printed on: A4 with GB/T 9704's text block (156 × 225 mm: margins
37 mm top, 35 bottom, 28 left, 26 right), 3号 (16 pt) 仿宋 for the text, and the helpers that
set a CJK font where Word looks for it (w:eastAsia; python-docx sets only the Latin name)."""

from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

BODY_FONT = "仿宋"
TITLE_FONT = "方正小标宋简体"
HEI_FONT = "黑体"
KAI_FONT = "楷体"
SIZE_3 = Pt(16)  # 三号
SIZE_2 = Pt(22)  # 二号
SIZE_4 = Pt(14)  # 四号
RED = RGBColor(0xE6, 0x00, 0x12)


def new_page() -> Any:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    style = document.styles["Normal"]
    style.font.size = SIZE_3
    _east_asian(style.element, BODY_FONT)
    style.font.name = BODY_FONT
    return document


def _east_asian(element: Any, font: str) -> None:
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), font)


def text(
    paragraph: Any,
    words: str,
    *,
    font: str = BODY_FONT,
    size: Any = SIZE_3,
    bold: bool = False,
    color: Any = None,
) -> Any:
    run = paragraph.add_run(words)
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    _east_asian(run._element, font)
    return run


def line(
    document: Any,
    words: str = "",
    *,
    align: str = "left",
    indent: int = 0,
    **style: Any,
) -> Any:
    """One paragraph of one run; `indent` in characters (2: a body paragraph's first line)."""
    paragraph = document.add_paragraph()
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(16 * indent)
    if words:
        text(paragraph, words, **style)
    return paragraph


def grid(
    document: Any, rows: list[list[str]], widths_mm: Sequence[float], size: Any = SIZE_4
) -> Any:
    """A bordered table of text cells, every cell one paragraph in 仿宋."""
    table = document.add_table(rows=len(rows), cols=len(widths_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)  # the grid Word and LibreOffice lay the columns out by
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Mm(widths_mm[c])
            cell.paragraphs[0].text = ""
            text(cell.paragraphs[0], value, size=size)
    return table


def merge_row(table: Any, row: int, first: int, last: int, value: str, size: Any = SIZE_4) -> None:
    cell = table.cell(row, first).merge(table.cell(row, last))
    for paragraph in cell.paragraphs[1:]:
        paragraph._element.getparent().remove(paragraph._element)
    cell.paragraphs[0].text = ""
    text(cell.paragraphs[0], value, size=size)


def repeat_header(table: Any) -> None:
    """The first row printed again at the top of every page the table runs onto."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = properties.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    properties.append(header)
