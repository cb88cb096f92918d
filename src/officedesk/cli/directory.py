"""`officedesk dept …` and `officedesk contact …`: the directory."""

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer

from officedesk.cli.fields import confirming
from officedesk.cli.options import Dept, Json, Note, RecordNote, given, shared_options, values_of
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


def _saved(record: Any, key: str) -> None:
    from officedesk.cli.state import say

    say(t(key, name=record.name, id=record.id))


# A write on one department or person, then its confirmation.
_wrote = confirming(_saved)


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


def _dept_options(
    code: Annotated[str | None, typer.Option("--code", help=t("help.opt.dept_code"))] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=t("help.opt.dept_kind"))] = None,
) -> None:
    """The options `add` and `edit` share (cli.options.shared_options)."""


@dept_app.command("add", help=t("help.dept.add"))
@shared_options(_dept_options, before="parent", defaults={"kind": "internal"})
def dept_add(
    name: Annotated[str, typer.Argument(help=t("help.arg.dept_name"), show_default=False)],
    parent: Annotated[str | None, typer.Option("--parent", help=t("help.opt.parent"))] = None,
    note: Note = "",
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = {"name": name, **values_of(_dept_options, fields), "parent": parent, "note": note}
    return _wrote("dept.add", lambda s: svc.create_department(s, data), "dept.added", as_json)


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
@shared_options(_dept_options, before="parent")
def dept_edit(
    ref: Ref,
    name: Annotated[str | None, typer.Option("--name", help=t("help.arg.dept_name"))] = None,
    parent: Annotated[str | None, typer.Option("--parent", help=t("help.opt.parent_edit"))] = None,
    note: RecordNote = None,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = given({"name": name, **values_of(_dept_options, fields), "parent": parent, "note": note})
    return _wrote(
        "dept.edit", lambda s: svc.update_department(s, ref, data), "dept.edited", as_json
    )


# ---- contacts ---------------------------------------------------------------------------------


def _contact_options(
    title: Annotated[str | None, typer.Option("--title", help=t("help.opt.person_title"))] = None,
    phone: Annotated[str | None, typer.Option("--phone", help=t("help.opt.phone"))] = None,
    email: Annotated[str | None, typer.Option("--email", help=t("help.opt.email"))] = None,
    principal: Annotated[
        bool | None, typer.Option("--principal/--not-principal", help=t("help.opt.principal"))
    ] = None,
) -> None:
    """The options `add` (where they start empty) and `edit` share."""


@contact_app.command("add", help=t("help.contact.add"))
@shared_options(
    _contact_options, defaults={"title": "", "phone": "", "email": "", "principal": False}
)
def contact_add(
    name: Annotated[str, typer.Argument(help=t("help.arg.person_name"), show_default=False)],
    dept: Dept = None,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = {"name": name, "dept": dept, **values_of(_contact_options, fields)}
    return _wrote("contact.add", lambda s: svc.create_person(s, data), "person.added", as_json)


def _contact_filter(
    dept: Dept = None,
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
@shared_options(_contact_options)
def contact_edit(
    ref: Ref,
    name: Annotated[str | None, typer.Option("--name", help=t("help.arg.person_name"))] = None,
    dept: Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.dept_edit"))] = None,
    as_json: Json = False,
    **fields: Any,
) -> Any:
    data = given({"name": name, "dept": dept, **values_of(_contact_options, fields)})
    return _wrote(
        "contact.edit", lambda s: svc.update_person(s, ref, data), "person.edited", as_json
    )
