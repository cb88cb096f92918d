"""A plan, summary or speech drafted from a template, in words: the Markdown skeleton with the
period's figures that `officedesk outgoing draft` prints, writes (--out) or keeps (--create).

services/outgoing/draft.py checks the request and counts the figures (language-neutral); this
module words them in the current language: the period's name, the default title, the name of
"no department", the headings, sentences and tables.
"""

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from officedesk.i18n import label, t
from officedesk.services.outgoing.draft import (
    SECTIONS,
    DraftBasis,
    DraftFigures,
    Period,
    gather_draft,
)
from officedesk.views.written import written_date

if TYPE_CHECKING:
    from officedesk.db import OfficeSession


@dataclass
class Draft:
    """A worded skeleton: what the CLI prints (or --json), writes and keeps as a record."""

    kind: str
    period: Period
    title: str
    markdown: str
    figures: DraftFigures

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "period": self.period.code,
            "title": self.title,
            "figures": self.figures.as_dict(),
            "markdown": self.markdown,
        }


def period_label(period: Period) -> str:
    """The period as a phrase in the current language: 2026年下半年, the second half of 2026."""
    if period.unit == "year":
        return t("outgoing.draft.period.year", year=period.start.year)
    if period.unit == "month":
        return t("outgoing.draft.period.month", year=period.start.year, month=period.index)
    return t(f"outgoing.draft.period.{period.unit}{period.index}", year=period.start.year)


def build_draft(
    session: "OfficeSession", kind: str, period: str, title: str | None = None
) -> Draft:
    """Count (the service) and word (here) in one call, inside the caller's transaction: the
    CLI keeps the result as a record in the same transaction that counted its figures."""
    return word_draft(gather_draft(session, kind, period, title))


def word_draft(basis: DraftBasis) -> Draft:
    """The skeleton of counted figures, titled as the user asked or by its kind and period."""
    figures = _named(basis.figures)
    title = basis.title or t(
        f"outgoing.draft.title.{basis.kind}", period=period_label(basis.period)
    )
    markdown = render_draft(basis.kind, basis.period, title, figures)
    return Draft(basis.kind, basis.period, title, markdown, figures)


def _named(figures: DraftFigures) -> DraftFigures:
    """The figures with items of no department under that name, in the order the service uses
    (most done, then most overdue, then most due and open, then by name), the name now worded."""
    nobody = t("outgoing.draft.no_dept")
    rows = [replace(row, dept=row.dept or nobody) for row in figures.tasks]
    rows.sort(key=lambda r: (-r.done, -r.overdue, -r.due_open, r.dept or ""))
    return replace(figures, tasks=rows)


def _cell(text: str) -> str:
    """A value inside a Markdown table cell: no pipe or line break can break the table."""
    return text.replace("|", "｜").replace("\n", " ")


def _heading(number: int, title: str) -> str:
    """A numbered heading the way each language numbers sections: 一、 in Chinese, 1. in English."""
    numerals = t("outgoing.draft.numerals").split("|")
    shown = numerals[number - 1] if number <= len(numerals) else str(number)
    return t("outgoing.draft.numbered", n=shown, title=title)


def _figure_lines(kind: str, figures: DraftFigures) -> list[str]:
    """The figures section: supervision items by department, documents, meetings."""
    lines = [f"### {t('outgoing.draft.tasks')}", ""]
    # A plan looks ahead (items due in the period); a summary or speech looks back.
    rows = [
        row for row in figures.tasks if row.done or row.overdue or (kind == "plan" and row.due_open)
    ]
    if rows:
        lines.append(
            t(
                "outgoing.draft.tasks_line",
                done=figures.total("done"),
                on_time=figures.total("on_time"),
                overdue=figures.total("overdue"),
            )
        )
        if kind == "plan":
            lines.append(t("outgoing.draft.tasks_due_open", n=figures.total("due_open")))
        headers = [t("field.dept"), t("outgoing.draft.col.done"), t("outgoing.draft.col.on_time")]
        headers += [t("outgoing.draft.col.overdue")]
        if kind == "plan":
            headers.append(t("outgoing.draft.col.due_open"))
        lines += [
            "",
            "| " + " | ".join(headers) + " |",
            "|---" + "|---:" * (len(headers) - 1) + "|",
        ]
        for row in rows:
            cells = [_cell(row.dept or ""), str(row.done), str(row.on_time), str(row.overdue)]
            if kind == "plan":
                cells.append(str(row.due_open))
            lines.append("| " + " | ".join(cells) + " |")
    else:
        lines.append(t("outgoing.draft.tasks_none"))
    lines += ["", f"### {t('outgoing.draft.documents')}", ""]
    if figures.incoming_done is None:
        lines.append(t("outgoing.draft.incoming_missing"))
    else:
        lines.append(t("outgoing.draft.incoming_line", n=figures.incoming_done))
    dispatched = figures.outgoing_dispatched
    if dispatched:
        kinds = t("list.sep").join(
            t("outgoing.draft.by_type", type=label("outgoing_type", k), n=n)
            for k, n in dispatched.items()
        )
        lines.append(t("outgoing.draft.outgoing_line", n=sum(dispatched.values()), types=kinds))
    else:
        lines.append(t("outgoing.draft.outgoing_none"))
    lines += ["", f"### {t('outgoing.draft.meetings')}", "", t("outgoing.draft.meetings_missing")]
    return lines


def render_draft(kind: str, period: Period, title: str, figures: DraftFigures) -> str:
    """The Markdown skeleton, from figures whose departments are already named (_named)."""
    lines = [f"# {title}", ""]
    # A period not yet begun has no figures: say so rather than "from 2027-01-01 to" today.
    begun = figures.as_of >= period.start
    lines.append(
        "> "
        + t(
            "outgoing.draft.note" if begun else "outgoing.draft.note_ahead",
            period=period_label(period),
            start=written_date(period.start),
            end=written_date(figures.as_of if begun else period.end),
        )
    )
    lines.append("")
    if kind == "speech":
        lines += [t("outgoing.draft.greeting"), "", t("outgoing.draft.placeholder"), ""]
    figures_title = t(f"outgoing.draft.figures.{kind}", period=period_label(period))
    lines += [f"## {_heading(1, figures_title)}", ""]
    lines += _figure_lines(kind, figures)
    for number, section in enumerate(SECTIONS[kind], start=2):
        lines += ["", f"## {_heading(number, t(f'outgoing.draft.section.{section}'))}", ""]
        lines.append(t("outgoing.draft.placeholder"))
    return "\n".join(lines) + "\n"
