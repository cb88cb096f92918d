"""Finding a department or a person from what a user typed: an id, a code, a name, its pinyin or
its initials. Shared by every register that names people (kept apart from the directory's
forms, so a command that only looks names up does not build them)."""

from typing import Any

from sqlalchemy import or_
from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.errors import Conflict, InvalidInput, NotFound
from officedesk.models import Department, Person
from officedesk.services.common import as_id

MAX_CANDIDATES = 5


def _prefix(column: Any, query: str, *, postgresql: bool) -> Any:
    """Index-friendly prefix match on a lower-case ASCII key column.

    The range test relies on byte order; a PostgreSQL server with an ICU default collation sorts
    'zhang' + DEL before 'zhangsan', so there the comparison is made in the "C" collation."""
    if postgresql:
        column = column.collate("C")
    return (column >= query) & (column < query + "\x7f")


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def _is_postgresql(session: OfficeSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def match_conditions(
    session: OfficeSession, model: Any, query: str, *, exact: bool, anywhere: bool = False
) -> list[Any]:
    """Name equal (or starting with, or containing) the query, or its pinyin / initials keys.

    User text is matched literally (`%` and `_` are not wildcards) and without regard to case,
    the same on SQLite and PostgreSQL."""
    key = _key(query)
    name = col(model.name)
    if exact:
        conditions = [name == query]
    elif anywhere:
        conditions = [name.icontains(query, autoescape=True)]
    else:
        conditions = [name.istartswith(query, autoescape=True)]
    if key and key == query.lower().replace(" ", ""):
        if exact:
            conditions += [model.pinyin == key, model.initials == key]
        else:
            pg = _is_postgresql(session)
            conditions += [
                _prefix(model.pinyin, key, postgresql=pg),
                _prefix(model.initials, key, postgresql=pg),
            ]
    return conditions


def name_filter(session: OfficeSession, stmt: Any, model: Any, text: str | None) -> Any:
    """Narrow a list of departments or people to those whose name, pinyin or initials contain
    the text; blank text leaves it as it is."""
    if not text or not text.strip():
        return stmt
    return stmt.where(
        or_(*match_conditions(session, model, text.strip(), exact=False, anywhere=True))
    )


def _resolve(session: OfficeSession, model: Any, ref: str, what: str, extra: Any = None) -> Any:
    """id, code (departments), exact name/pinyin/initials, then a unique prefix, else an error."""
    ref = ref.strip()
    if not ref:
        raise InvalidInput("input.required", field=what)
    record_id = as_id(ref)
    if record_id is not None:
        found = session.get(model, record_id)
        if found is None:
            raise NotFound(f"{what}.not_found", ref=ref)
        return found
    if model is Department:
        by_code = session.exec(select(Department).where(Department.code == ref.upper())).first()
        if by_code is not None:
            return by_code
    for exact in (True, False):
        stmt = select(model).where(or_(*match_conditions(session, model, ref, exact=exact)))
        if extra is not None:
            stmt = stmt.where(extra)
        found = list(session.exec(stmt.order_by(model.pinyin, model.id).limit(MAX_CANDIDATES + 1)))
        if len(found) == 1:
            return found[0]
        if found:
            names = [f"{r.name} #{r.id}" for r in found[:MAX_CANDIDATES]]
            raise Conflict(f"{what}.ambiguous", ref=ref, candidates=names)
    raise NotFound(f"{what}.not_found", ref=ref)


def department_named(session: OfficeSession, text: str) -> Department | None:
    """The department whose full name or code is exactly this text, else None: a sender or an
    addressee written as a directory department is linked to it, anything else stays text."""
    return session.exec(
        select(Department).where(
            or_(col(Department.name) == text, col(Department.code) == text.upper())
        )
    ).first()


def dept_and_person(
    session: OfficeSession, dept_ref: str | None, person_ref: str | None
) -> tuple[Department | None, Person | None]:
    """A department and a person named on a form (an item's owner, a draft's drafter): the
    department, if named, picks among namesakes; a person named alone brings their own."""
    dept = resolve_department(session, dept_ref) if dept_ref else None
    person = resolve_person(session, person_ref, dept.id if dept else None) if person_ref else None
    if person is not None and dept is None and person.dept_id is not None:
        dept = session.get(Department, person.dept_id)
    return dept, person


def resolve_department(session: OfficeSession, ref: str) -> Department:
    return _resolve(session, Department, ref, "dept")


def resolve_person(session: OfficeSession, ref: str, dept_id: int | None = None) -> Person:
    extra = (Person.dept_id == dept_id) if dept_id is not None else None
    try:
        return _resolve(session, Person, ref, "person", extra)
    except NotFound:
        if extra is None:
            raise
        return _resolve(session, Person, ref, "person")
