"""Human views of the directory (departments and people), shared by cli.directory and the
workbench's coordination screen. Rich is imported inside the views only: the export reads the
columns without it."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from officedesk.i18n import label, t
from officedesk.views.columns import Column, headers

if TYPE_CHECKING:
    from officedesk.models.directory_schemas import DepartmentRead, PersonRead

DEPARTMENT_COLUMNS = (
    Column("id", "field.id", cli_only=True),
    Column("name", "field.name", 0),
    Column("code", "field.code", 8),
    Column("kind", "field.kind", 10),
    Column("parent", "field.parent", 14, drop=1),
    Column("people", "field.people", 6, drop=2),
)
PERSON_COLUMNS = (
    Column("id", "field.id", cli_only=True),
    Column("name", "field.name", 10),
    Column("dept", "field.dept", 14),
    Column("title", "field.job_title", 10, drop=1),
    Column("phone", "field.phone", 16),
    Column("email", "field.email", 0),
)


def _facts(record: "DepartmentRead | PersonRead", columns: Sequence[Column]) -> list[str]:
    """A record's facts as text, one a column: a column's key is the read model's field (the
    `--json` key), so one reading serves the table and the detail of both nouns. A kind is shown
    in words; an unset value as nothing."""
    facts = []
    for column in columns:
        value = getattr(record, column.key)
        if column.key == "kind":
            value = label("kind", value)
        facts.append("" if value is None else str(value))
    return facts


def _print_list(
    columns: Sequence[Column], records: Sequence["DepartmentRead | PersonRead"], has_more: bool
) -> None:
    """A directory list on stdout: the table (or "none") and, when cut, how many are shown."""
    from rich.table import Table
    from rich.text import Text

    from officedesk.views.render import cell, console

    out = console()
    if not records:
        out.print(Text(t("list.empty")))
        return
    table = Table(header_style="bold", pad_edge=False)
    for header in headers(columns):
        table.add_column(header, no_wrap=True, overflow="ellipsis")
    for record in records:
        table.add_row(*(cell(fact) for fact in _facts(record, columns)))
    out.print(table)
    if has_more:
        out.print(Text(t("list.truncated", n=len(records)), style="dim"))


def _print_detail(
    columns: Sequence[Column],
    record: "DepartmentRead | PersonRead",
    more: Sequence[tuple[str, str]] = (),
) -> None:
    """A record's detail: its list columns, label and fact, then what only the detail shows."""
    from officedesk.views.render import console, pairs_table

    pairs = [*zip(headers(columns), _facts(record, columns), strict=True), *more]
    console().print(pairs_table(pairs))


def department_table(items: Sequence["DepartmentRead"], *, has_more: bool) -> None:
    _print_list(DEPARTMENT_COLUMNS, items, has_more)


def person_table(items: Sequence["PersonRead"], *, has_more: bool) -> None:
    _print_list(PERSON_COLUMNS, items, has_more)


def department_detail(dept: "DepartmentRead") -> None:
    _print_detail(DEPARTMENT_COLUMNS, dept, [(t("field.note"), dept.note)])


def person_detail(person: "PersonRead") -> None:
    _print_detail(
        PERSON_COLUMNS,
        person,
        [(t("field.principal"), t("person.principal"))] if person.principal else [],
    )
