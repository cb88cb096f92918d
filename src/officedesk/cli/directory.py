"""`officedesk dept …` and `officedesk contact …`: the directory."""

from typing import Annotated, Any

import typer

from officedesk.cli.state import emit, read, write
from officedesk.i18n import t
from officedesk.services import directory as svc

dept_app = typer.Typer(help=t("help.dept"), no_args_is_help=True)
contact_app = typer.Typer(help=t("help.contact"), no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help=t("help.opt.json"))]
Ref = Annotated[str, typer.Argument(help=t("help.arg.name_ref"), show_default=False)]
Limit = Annotated[int, typer.Option("--limit", "-l", help=t("help.opt.limit"))]
Offset = Annotated[int, typer.Option("--offset", help=t("help.opt.offset"))]
Search = Annotated[str | None, typer.Option("--search", "-q", help=t("help.opt.name_search"))]


def _saved(key: str, name: str, ident: int) -> None:
    from officedesk.cli.state import say

    say(t(key, name=name, id=ident))


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


@dept_app.command("list", help=t("help.dept.list"))
def dept_list(
    kind: Annotated[str | None, typer.Option("--kind", help=t("help.opt.dept_kind"))] = None,
    text: Search = None,
    limit: Limit = 200,
    offset: Offset = 0,
    as_json: Json = False,
) -> Any:
    with read() as session:
        page = svc.list_departments(session, kind=kind, text=text, limit=limit, offset=offset)

    def human() -> None:
        from officedesk.views.directory import department_table

        department_table(page.items, has_more=page.has_more)

    return emit(page.items, as_json=as_json, human=human)


@dept_app.command("show", help=t("help.dept.show"))
def dept_show(ref: Ref, as_json: Json = False) -> Any:
    with read() as session:
        dept = svc.get_department(session, ref)

    def human() -> None:
        from officedesk.views.directory import department_detail

        department_detail(dept)

    return emit(dept, as_json=as_json, human=human)


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
    given = {"name": name, "code": code, "kind": kind, "parent": parent, "note": note}
    data = {key: value for key, value in given.items() if value is not None}
    with write("dept.edit") as session:
        dept = svc.update_department(session, ref, data)
    return emit(dept, as_json=as_json, human=lambda: _saved("dept.edited", dept.name, dept.id))


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


@contact_app.command("list", help=t("help.contact.list"))
def contact_list(
    dept: Annotated[str | None, typer.Option("--dept", "-d", help=t("help.opt.dept"))] = None,
    text: Search = None,
    limit: Limit = 200,
    offset: Offset = 0,
    as_json: Json = False,
) -> Any:
    with read() as session:
        page = svc.list_people(session, dept=dept, text=text, limit=limit, offset=offset)

    def human() -> None:
        from officedesk.views.directory import person_table

        person_table(page.items, has_more=page.has_more)

    return emit(page.items, as_json=as_json, human=human)


@contact_app.command("show", help=t("help.contact.show"))
def contact_show(ref: Ref, as_json: Json = False) -> Any:
    with read() as session:
        person = svc.get_person(session, ref)

    def human() -> None:
        from officedesk.views.directory import person_detail

        person_detail(person)

    return emit(person, as_json=as_json, human=human)


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
    given = {"name": name, "dept": dept, "title": title, "phone": phone, "email": email}
    data = {key: value for key, value in given.items() if value is not None}
    with write("contact.edit") as session:
        person = svc.update_person(session, ref, data)
    return emit(
        person, as_json=as_json, human=lambda: _saved("person.edited", person.name, person.id)
    )
