"""The daily, weekly and monthly reports in words: Markdown for the terminal and for `--out x.md`,
and a Word document (.docx) for `--out x.docx`. python-docx is imported only to write a .docx.

The period is written as the standard writes dates (GB/T 9704: 2026年11月23日, no leading zeros)
and as English prose writes them (23–29 November 2026)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import IO, TYPE_CHECKING

from officedesk.i18n import t

if TYPE_CHECKING:
    from officedesk.services.report_period import PeriodReport

# The Word document's fonts: 仿宋 for the text and 宋体 for the title, as offices print their
# reports (GB/T 9704 asks 仿宋_GB2312 and 小标宋, which few machines have); Latin text in Times.
BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
A4_MM = (210, 297)
MARGINS_MM = (37, 35, 28, 26)  # top, bottom, left, right, as GB/T 9704 §5.2.1 sets the page
# The table fills the 156 mm between the margins: the figure's name gets the most room.
COLUMN_MM = (72, 28, 28, 28)


def month_text(year: int, month: int) -> str:
    return t("report.period.month", year=year, month=t(f"report.month.{month}"))


def day_text(day: date) -> str:
    return t("report.period.day", year=day.year, month=t(f"report.month.{day.month}"), day=day.day)


def period_text(start: date, end: date, kind: str) -> str:
    """A period in the reader's language: 2026年11月 / November 2026 for a month, 2026年11月23日
    至29日 / 23–29 November 2026 for a week, the year and month repeated only where they change."""
    if kind == "monthly":
        return month_text(start.year, start.month)
    if start == end:
        return day_text(start)
    month, last_month = t(f"report.month.{start.month}"), t(f"report.month.{end.month}")
    if start.year != end.year:
        return t("report.period.range", first=day_text(start), last=day_text(end))
    if start.month != end.month:
        return t(
            "report.period.span_months",
            year=start.year,
            month=month,
            day=start.day,
            last_month=last_month,
            last_day=end.day,
        )
    return t("report.period.span", year=start.year, month=month, day=start.day, last_day=end.day)


def change_text(change: int) -> str:
    return f"+{change}" if change > 0 else str(change)


@dataclass(frozen=True)
class Worded:
    """A report in the reader's language: what both the Markdown and the .docx show."""

    title: str
    period_line: str
    headers: tuple[str, str, str, str]
    rows: list[tuple[str, str, str, str]]
    note: str


def word_report(
    report: "PeriodReport", company: str = "", escape: Callable[[str], str] = str
) -> Worded:
    """The title (the company's name first when it is set, through `escape`: it is user text),
    the period and the previous one, the table and the note saying when the counts were taken."""
    from officedesk.text import display_safe

    kind_title = t(f"report.title.{report.kind}")
    name = escape(display_safe(" ".join(company.split())))
    title = t("report.title_of", company=name, title=kind_title) if name else kind_title
    period_line = t(
        "report.period_line",
        period=period_text(report.start, report.end, report.kind),
        previous=period_text(report.previous_start, report.previous_end, report.kind),
    )
    headers = (
        t("report.col.figure"),
        t("report.col.this"),
        t("report.col.previous"),
        t("report.col.change"),
    )
    rows = [
        (t(row.key), str(row.value), str(row.previous), change_text(row.change))
        for row in report.rows
    ]
    return Worded(title, period_line, headers, rows, t("report.note", as_of=day_text(report.today)))


# Within a heading line, only these can start markup or end a table cell.
_MARKDOWN_SPECIAL = "\\`*_[]<>#|~"


def markdown_escape(text: str) -> str:
    """User text (the company's name) shown literally in Markdown: no emphasis, link, heading
    or table cell boundary can come from it."""
    return "".join(f"\\{char}" if char in _MARKDOWN_SPECIAL else char for char in text)


def report_markdown(report: "PeriodReport", company: str = "") -> str:
    """The report as Markdown: a heading, the period line, the table, the note."""
    worded = word_report(report, company, markdown_escape)
    lines = [f"# {worded.title}", "", worded.period_line, ""]
    lines.append("| " + " | ".join(worded.headers) + " |")
    lines.append("|---|---:|---:|---:|")
    lines += ["| " + " | ".join(row) + " |" for row in worded.rows]
    lines += ["", worded.note, ""]
    return "\n".join(lines)


def write_docx(report: "PeriodReport", handle: IO[bytes], company: str = "") -> None:
    """The report as a Word document on A4: a centred title, the period line, the table, the
    note; East Asian text in 仿宋 (宋体 for the title) through w:eastAsia, as Word needs it."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    worded = word_report(report, company)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    top, bottom, left, right = (Mm(size) for size in MARGINS_MM)
    section.top_margin, section.bottom_margin = top, bottom
    section.left_margin, section.right_margin = left, right

    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(14)  # 四号: readable in a table of four columns on A4
    _east_asian(normal.element, BODY_FONT)

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(worded.title)
    run.bold = True
    run.font.size = Pt(22)  # 二号, the size of a document's title
    run.font.name = LATIN_FONT
    _east_asian(run._element, TITLE_FONT)

    period_line = document.add_paragraph(worded.period_line)
    period_line.alignment = WD_ALIGN_PARAGRAPH.CENTER

    table = document.add_table(rows=1 + len(worded.rows), cols=4)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, COLUMN_MM, strict=True):
        column.width = Mm(width)  # the grid, which LibreOffice reads; Word reads the cells'
    for row_cells, values in zip(table.rows, [worded.headers, *worded.rows], strict=True):
        for column, (cell, value) in enumerate(zip(row_cells.cells, values, strict=True)):
            cell.width = Mm(COLUMN_MM[column])
            paragraph = cell.paragraphs[0]
            paragraph.add_run(value)
            if column:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for cell in table.rows[0].cells:
        for header_run in cell.paragraphs[0].runs:
            header_run.bold = True

    note = document.add_paragraph()
    note.paragraph_format.space_before = Pt(6)
    note.add_run(worded.note).font.size = Pt(12)  # 小四: a note under the table
    document.core_properties.title = worded.title
    document.save(handle)


def _east_asian(element: object, font: str) -> None:
    """Set w:eastAsia on the rFonts of a style's or a run's properties: Word shows Chinese in
    the East Asian font, which python-docx's font.name leaves alone."""
    from docx.oxml.ns import qn

    properties = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)
