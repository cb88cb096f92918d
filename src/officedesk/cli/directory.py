"""`officedesk dept …` and `officedesk contact …`: the directory."""

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer

from officedesk.cli.options import Json, given
from officedesk.cli.state import emit, write
from officedesk.cli.verbs import list_command, listing, show_command
from officedesk.i18n import t
from officedesk.services import directory as svc
from officedesk.views.directory import (
    department_detail,
    department_table,
    person_detail,
    person_table,
)

dept_app = typer.Typer(help=t("help.dept"), no_args_is_help=True)
contact_app = typer.Typer(help=t("help.contact"), no_args_is_help=True)

Ref = Annotated[str, typer.Argument(help=t("help.arg.name_ref"), show_default=False)]
Search = Annotated[str | None, typer.Option("--search", "-q", help=t("help.opt.name_search"))]


def _saved(key: str, name: str, ident: int) -> None:
    from officedesk.cli.state import say

    say(t(key, name=name, id=ident))


def _list_and_show(
    app: typer.Typer,
    noun: str,
    own_filter: Callable[..., None],
    lister: str,
    table: Callable[..., None],
    get: Callable[..., Any],
    detail: Callable[[Any], None],
) -> None:
    """A directory noun's `list` (its own filter, then the search) and `show`: the
    departments' and the contacts' differ only in the filter and the services."""

    def filters(text: Search = None) -> None:
        """The noun's own filter, then the search: set below."""

    listing_ = [
        *inspect.signature(own_filter).parameters.values(),
        *inspect.signature(filters).parameters.values(),
    ]
    # A function takes any attribute; inspect.signature (and so Typer) reads this one.
    filters.__signature__ = inspect.Signature(listing_)  # type: ignore[attr-defined]
    source = listing("officedesk.services.directory", lister)
    list_command(
        app,
        f"help.{noun}.list",
        filters,
        source,
        table,
        limit=200,
        table_options=lambda _options: {},
    )
    show_command(app, f"help.{noun}.show", Ref, get, detail)


# ---- departments ------------------------------------------------------------------------------


@dept_app.command("add", help=t("help.dept.add"))
def dept_add(
    name: Annotated[str, typer.Argument(help=t("help.arg.dept_name"), show_default=False)],
    code: Annotated[str | None, typer.Option("--code", help=t("help.opt.dept_code"))] = None,
    kind: Annotated[str, typer.Option("--kind", help=t("help.opt.dept_kind"))] = "internal",
    parent: Annotated[str | None, typer.Option("--parent", help=t("help.opt.parent"))] = None,
    note: Annotated[str, typer.Option("--note", "-n", help=t("help.opt.note"))] = "",
    as_json: Json = False,
) -> Any:
    data = {"name": name, "code": code, "kind": kind, "parent": parent, "note": note}
    with write("dept.add") as session:
        dept = svc.create_department(session, data)
    return emit(dept, as_json=as_json, human=lambda: _saved("dept.added", dept.name, dept.id))


def _dept_filter(
    kind: Annotated[str | None, typer.Option("--kind", help=t("help.opt.dept_kind"))] = None,
) -> None:
    """`dept list --kind`."""


_list_and_show(
    dept_app,
    "dept",
    _dept_filter,
    "list_departments",
    department_table,
    svc.get_department,
    department_detail,
)


@dept_app.command("edit", help=t("help.dept.edit"))
def dept_edit(
    ref: Ref,
    name: Annotated[str | None, typer.Option("--name", help=t("help.arg.dept_name"))] = None,
    code: Annotated[str | None, typer.Option("--code", help=t("help.opt.dept_code"))] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=t("help.opt.dept_kind"))] = None,
    parent: Annotated[str | None, typer.Option("--parent", help=t("help.opt.parent_edit"))] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", help=t("help.opt.note"))] = None,
    as_json: Json = False,
) -> Any:
    data = given({"name": name, "code": code, "kind": kind, "parent": parent, "note": note})
    with write("dept.edit") as session:
        dept = svc.update_department(session, ref, data)
    return emit(dept, as_json=as_json, human=lambda: _saved("dept.edited", dept.name, dept.id))


# ---- contacts ---------------------------------------------------------------------------------


@contact_app.command("add", help=t("help.contact.add"))
def contact_add(
    name: Annotated[str, typer.Argument(help=t("help.arg.person_name"), show_default=False)],
    dept: Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.dept"))] = None,
    title: Annotated[str, typer.Option("--title", help=t("help.opt.person_title"))] = "",
    phone: Annotated[str, typer.Option("--phone", help=t("help.opt.phone"))] = "",
    email: Annotated[str, typer.Option("--email", help=t("help.opt.email"))] = "",
    as_json: Json = False,
) -> Any:
    data = {"name": name, "dept": dept, "title": title, "phone": phone, "email": email}
    with write("contact.add") as session:
        person = svc.create_person(session, data)
    return emit(
        person, as_json=as_json, human=lambda: _saved("person.added", person.name, person.id)
    )


def _contact_filter(
    dept: Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.dept"))] = None,
) -> None:
    """`contact list --dept`."""


_list_and_show(
    contact_app,
    "contact",
    _contact_filter,
    "list_people",
    person_table,
    svc.get_person,
    person_detail,
)


@contact_app.command("edit", help=t("help.contact.edit"))
def contact_edit(
    ref: Ref,
    name: Annotated[str | None, typer.Option("--name", help=t("help.arg.person_name"))] = None,
    dept: Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.dept_edit"))] = None,
    title: Annotated[str | None, typer.Option("--title", help=t("help.opt.person_title"))] = None,
    phone: Annotated[str | None, typer.Option("--phone", help=t("help.opt.phone"))] = None,
    email: Annotated[str | None, typer.Option("--email", help=t("help.opt.email"))] = None,
    as_json: Json = False,
) -> Any:
    data = given({"name": name, "dept": dept, "title": title, "phone": phone, "email": email})
    with write("contact.edit") as session:
        person = svc.update_person(session, ref, data)
    return emit(
        person, as_json=as_json, human=lambda: _saved("person.edited", person.name, person.id)
    )
