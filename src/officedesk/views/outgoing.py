"""Human views of the outgoing register (发文), shared by cli.outgoing and the workbench's
outgoing pane. Rich is imported inside the views only: the export reads COLUMNS without it."""

from typing import TYPE_CHECKING, Any

from officedesk.i18n import label, t
from officedesk.text import display_safe, local_time
from officedesk.views.columns import Column
from officedesk.views.marks import secrecy_text

if TYPE_CHECKING:
    from rich.console import RenderableType

    from officedesk.models.outgoing import OutgoingRead
    from officedesk.services.outgoing.numbers import NumberReport

# The workbench sizes doc_type and state from their words in the current language.
COLUMNS = (
    Column("id", "field.id", cli_only=True),
    Column("number", "outgoing.col.number", 18, sort="number"),
    Column("doc_type", "field.doc_type"),
    Column("title", "field.title", 0),
    Column("dept", "field.dept", 10, cap=10, drop=2),
    Column("state", "field.state"),
    Column("doc_date", "field.doc_date", 14, sort="date", drop=1),
)
NUMBER_COLUMNS = (
    Column("number", "outgoing.col.number"),
    Column("status", "outgoing.col.status", keep=True),
    # The note (who voided the number, and why) before the title: in a narrow terminal the
    # title is cut, the reason never. 36 cells: a reason of a dozen characters, a name, a time.
    Column("note", "field.note", cap=36, keep=True),
    Column("title", "field.title", 0),
)
NUMBER_STYLES = {"used": "", "voided": "dim", "gap": "bold red"}


def outgoing_table(docs: list["OutgoingRead"], *, has_more: bool, offset: int) -> None:
    from rich.text import Text

    from officedesk.views.columns import print_page
    from officedesk.views.render import cell

    rows = [
        [
            Text(str(doc.id)),
            cell(doc.number or ""),
            Text(label("outgoing_type", doc.doc_type)),
            cell(doc.title),
            cell(doc.dept or ""),
            Text(label("outgoing_state", doc.state)),
            Text(doc.doc_date_text or ""),
        ]
        for doc in docs
    ]
    print_page(COLUMNS, rows, has_more=has_more, offset=offset)


def outgoing_detail_view(doc: "OutgoingRead") -> "RenderableType":
    """A document, its warnings, voided numbers and steps: the CLI prints it, the TUI's detail
    pane shows it. Every user value goes through `cell()`: data, never markup."""
    from rich.console import Group
    from rich.text import Text

    from officedesk.views.render import cell, heading, pairs_table, stamped_line

    head = Text.assemble((doc.number or f"#{doc.id}", "bold"), "  ", cell(doc.title, "bold"))
    pairs: list[tuple[str, Any]] = [
        (t("field.doc_type"), label("outgoing_type", doc.doc_type)),
        (t("field.state"), label("outgoing_state", doc.state)),
        (t("field.dept"), doc.dept or ""),
        (t("field.drafter_id"), doc.drafter or ""),
        (t("field.reviewer_id"), doc.reviewer or ""),
        (t("field.signer_id"), doc.signer or ""),
        (t("field.main_to"), "、".join(doc.main_to)),
        (t("field.copy_to"), "、".join(doc.copy_to)),
        (t("field.secrecy"), secrecy_text(doc.secrecy, doc.secrecy_years)),
        (t("field.urgency"), label("urgency", doc.urgency)),
        (t("field.drafted_on"), doc.drafted_on.isoformat()),
    ]
    if doc.doc_date_text:
        pairs.append((t("field.doc_date"), doc.doc_date_text))
    if doc.copies:
        pairs.append((t("outgoing.col.copies"), str(doc.copies)))
    if doc.copy_numbers:
        pairs.append((t("field.copy_numbers"), doc.copy_numbers))
    if doc.dispatched_on:
        pairs.append((t("field.dispatched_on"), doc.dispatched_on.isoformat()))
    parts: list[Any] = [head, pairs_table(pairs)]
    if doc.warnings:
        parts += heading(t("outgoing.warnings"), "bold yellow")
        parts += [cell(f"  ⚠ {w.message}", "yellow") for w in doc.warnings]
    if doc.body:
        parts += [Text(""), Text(display_safe(doc.body, keep_newlines=True))]
    if doc.voids:
        parts += heading(t("outgoing.voided_numbers"))
        parts += [
            stamped_line(local_time(v.voided_at), v.number, "strike", f"{v.voided_by}: {v.reason}")
            for v in doc.voids
        ]
    if doc.log:
        parts += heading(t("outgoing.steps"))
        for entry in doc.log:
            line = Text(f"  {local_time(entry.at)}  ")
            line.append_text(cell(entry.author, "cyan"))
            line.append(f"  [{label('outgoing_log', entry.action)}]")
            if entry.actor and entry.actor != entry.author:
                line.append("  ").append_text(cell(entry.actor))
            if entry.note:
                line.append("  ").append_text(cell(entry.note))
            parts.append(line)
    return Group(*parts)


def print_numbers(report: "NumberReport") -> None:
    """A year's numbers per prefix: each used, voided (with who and why) or missing."""
    from rich.text import Text

    from officedesk.views.columns import fitted
    from officedesk.views.render import cell, console

    out = console()
    if not report.prefixes:
        out.print(Text(t("outgoing.numbers.none", year=report.year)))
        return
    for series in report.prefixes:
        out.print(
            Text(
                t(
                    "outgoing.numbers.summary",
                    prefix=series.prefix,
                    year=report.year,
                    issued=series.issued,
                    used=series.count("used"),
                    voided=series.count("voided"),
                    gaps=series.count("gap"),
                ),
                style="bold",
            )
        )
        rows = []
        for entry in series.entries:
            if entry.status == "used":
                note = label("outgoing_state", entry.state)
            elif entry.status == "voided":
                # The reason first: a narrow terminal cuts the end of the note.
                note = f"{entry.reason} · {entry.voided_by} {local_time(entry.voided_at)}"
            else:
                note = t("outgoing.numbers.gap_note")
            rows.append(
                [
                    cell(entry.number),
                    Text(label("outgoing_number", entry.status), style=NUMBER_STYLES[entry.status]),
                    cell(note),
                    cell(entry.title),
                ]
            )
        if rows:
            out.print(fitted(NUMBER_COLUMNS, rows, out.width))
