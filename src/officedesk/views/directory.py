"""Human views of the directory (departments and people), shared by cli.directory and the
workbench's coordination screen. Rich is imported inside the views only: the export reads the
columns without it."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from officedesk.i18n import label, t
from officedesk.views.columns import Column, headers

if TYPE_CHECKING:
    from rich.table import Table

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


def _table(columns: Sequence[Column]) -> "Table":
    from rich.table import Table

    table = Table(header_style="bold", pad_edge=False)
    for header in headers(columns):
        table.add_column(header, no_wrap=True, overflow="ellipsis")
    return table


def department_table(items: Sequence["DepartmentRead"], *, has_more: bool) -> None:
    from rich.text import Text

    from officedesk.views.render import cell

    table = _table(DEPARTMENT_COLUMNS)
    for dept in items:
        table.add_row(
            str(dept.id),
            cell(dept.name),
            cell(dept.code or ""),
            Text(label("kind", dept.kind)),
            cell(dept.parent or ""),
            str(dept.people),
        )
    _print_table(table, len(items), has_more)


def person_table(items: Sequence["PersonRead"], *, has_more: bool) -> None:
    from officedesk.views.render import cell

    table = _table(PERSON_COLUMNS)
    for person in items:
        table.add_row(
            str(person.id),
            cell(person.name),
            cell(person.dept or ""),
            cell(person.title),
            cell(person.phone),
            cell(person.email),
        )
    _print_table(table, len(items), has_more)


def _print_table(table: Any, count: int, has_more: bool) -> None:
    from rich.text import Text

    from officedesk.views.render import console

    out = console()
    if not count:
        out.print(Text(t("list.empty")))
        return
    out.print(table)
    if has_more:
        out.print(Text(t("list.truncated", n=count), style="dim"))


def department_detail(dept: "DepartmentRead") -> None:
    from officedesk.views.render import console, pairs_table

    console().print(
        pairs_table(
            [
                (t("field.id"), str(dept.id)),
                (t("field.name"), dept.name),
                (t("field.code"), dept.code or ""),
                (t("field.kind"), label("kind", dept.kind)),
                (t("field.parent"), dept.parent or ""),
                (t("field.people"), str(dept.people)),
                (t("field.note"), dept.note),
            ]
        )
    )


def person_detail(person: "PersonRead") -> None:
    from officedesk.views.render import console, pairs_table

    console().print(
        pairs_table(
            [
                (t("field.id"), str(person.id)),
                (t("field.name"), person.name),
                (t("field.dept"), person.dept or ""),
                (t("field.job_title"), person.title),
                (t("field.phone"), person.phone),
                (t("field.email"), person.email),
            ]
        )
    )
