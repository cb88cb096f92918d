"""Importing the directory: departments (by code, else by name; parents before their children)
and people (by name within their department), each through services.directory as `dept add` and
`contact add` create them."""

from typing import Any

from officedesk.errors import InvalidInput, NotFound
from officedesk.imports.read import Row
from officedesk.imports.rows import Importing, differs, given

DEPARTMENT_COLUMNS = {
    "id": "integer",
    "name": "text",
    "code": "optional_text",
    "kind": "text",
    "parent_id": "integer",
    "parent": "optional_text",
    "note": "text",
    "people": "integer",
}
_DEPT_FIELDS = ("name", "code", "kind", "parent", "note")

PERSON_COLUMNS = {
    "id": "integer",
    "name": "text",
    "dept_id": "integer",
    "dept": "optional_text",
    "title": "text",
    "phone": "text",
    "email": "text",
    "principal": "boolean",
}
_PERSON_FIELDS = ("name", "dept", "title", "phone", "email", "principal")


def _dept_id(importing: Importing, ref: str) -> str:
    """The id of the department named exactly so (its full name or code): an import never
    guesses from a prefix, as a typed command may."""
    from officedesk.services.lookup import department_named

    found = department_named(importing.session, ref)
    if found is None:
        raise NotFound("dept.not_found", ref=ref)
    return str(found.id)


def import_departments(importing: Importing, rows: list[Row]) -> None:
    from officedesk.export.cells import jsonable
    from officedesk.services import directory
    from officedesk.services.lookup import department_named

    session = importing.session
    for row in _parents_first(importing, rows):
        values = row.values
        name = str(values.get("name") or "")
        code = values.get("code") or None
        existing = department_named(session, code) if code else None
        if existing is None and name:
            existing = department_named(session, name)
        if existing is not None:
            record = jsonable(directory.get_department(session, str(existing.id)).model_dump())
            importing.same_or_conflict(row, code or name, record, _DEPT_FIELDS)
            continue

        def create(values: dict[str, Any] = values) -> str:
            data = given(values, _DEPT_FIELDS)
            if "parent" in data:
                data["parent"] = _dept_id(importing, str(data["parent"]))
            made = directory.create_department(session, data)
            return made.code or made.name

        importing.attempt(row, create)


def _parents_first(importing: Importing, rows: list[Row]) -> list[Row]:
    """The rows, each department's parent (when the file holds it) before it; a second row of
    the same code or name is refused."""
    by_name: dict[str, Row] = {}
    unique: list[Row] = []
    for row in rows:
        names = [str(row.values.get(key) or "") for key in ("name", "code")]
        if any(name and name in by_name for name in names):
            taken = next(name for name in names if name and name in by_name)
            importing.refuse(row, InvalidInput("import.twice", ref=taken, line=by_name[taken].line))
            continue
        for name in names:
            if name:
                by_name[name] = row
        unique.append(row)
    ordered: list[Row] = []
    placed: set[int] = set()

    def place(row: Row, path: set[int]) -> None:
        if row.line in placed or row.line in path:
            return  # a cycle is left to the service, which refuses the missing parent
        parent = by_name.get(str(row.values.get("parent") or ""))
        if parent is not None:
            place(parent, path | {row.line})
        placed.add(row.line)
        ordered.append(row)

    for row in unique:
        place(row, set())
    return ordered


def import_people(importing: Importing, rows: list[Row]) -> None:
    """A person is known by name and department (people carry no code): a row matching a
    person there with the same details adds nothing, one with other details is a conflict."""
    from sqlmodel import col, select

    from officedesk.export.cells import jsonable
    from officedesk.models import Person
    from officedesk.services import directory

    session = importing.session
    used: set[int] = set()  # people already matched by a row: namesakes match one row each
    for row in rows:
        values = row.values
        name = str(values.get("name") or "")
        dept = str(values.get("dept") or "")
        try:
            dept_id = int(_dept_id(importing, dept)) if dept else None
        except NotFound as error:
            importing.refuse(row, error)
            continue
        stmt = select(Person).where(Person.name == name, Person.dept_id == dept_id)
        namesakes = [
            jsonable(directory.get_person(session, str(person.id)).model_dump())
            for person in session.exec(stmt.order_by(col(Person.id)))
            if person.id not in used
        ]
        same = next(
            (p for p in namesakes if all(not differs(values, p, k) for k in _PERSON_FIELDS)),
            None,
        )
        match = same or (namesakes[0] if namesakes else None)
        if match is not None:
            used.add(match["id"])
            importing.same_or_conflict(
                row, f"{dept}/{name}" if dept else name, match, _PERSON_FIELDS
            )
            continue

        def create(values: dict[str, Any] = values, dept_id: int | None = dept_id) -> str:
            data = given(values, _PERSON_FIELDS)
            if dept_id is not None:
                data["dept"] = str(dept_id)
            made = directory.create_person(session, data)
            used.add(made.id)
            return f"{made.dept}/{made.name}" if made.dept else made.name

        importing.attempt(row, create)
