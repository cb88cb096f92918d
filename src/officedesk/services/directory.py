"""Departments and people: create, edit, list; resolve a name, pinyin or initials to a record."""

from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.errors import Conflict, InvalidInput
from officedesk.models import Department, Person
from officedesk.models.directory_schemas import (
    DepartmentCreate,
    DepartmentRead,
    DepartmentUpdate,
    PersonCreate,
    PersonRead,
    PersonUpdate,
)
from officedesk.services.common import Page
from officedesk.services.lookup import name_filter, resolve_department, resolve_person
from officedesk.services.query import fetch_page, read_model
from officedesk.services.validation import validate

PERSON_LABELS = {"title": "job_title"}


def _dept_read(session: OfficeSession, dept: Department) -> DepartmentRead:
    parent = session.get(Department, dept.parent_id) if dept.parent_id else None
    people = session.exec(select(func.count()).where(Person.dept_id == dept.id)).one()
    return read_model(DepartmentRead, dept, parent=parent.name if parent else None, people=people)


def _person_read(session: OfficeSession, person: Person) -> PersonRead:
    dept = session.get(Department, person.dept_id) if person.dept_id else None
    return read_model(PersonRead, person, dept=dept.name if dept else None)


def _check_unique_dept(
    session: OfficeSession, name: str | None, code: str | None, own_id: int | None
) -> None:
    if name is not None:
        clash = session.exec(select(Department).where(Department.name == name)).first()
        if clash is not None and clash.id != own_id:
            raise Conflict("dept.name_taken", name=name)
    if code is not None:
        clash = session.exec(select(Department).where(Department.code == code)).first()
        if clash is not None and clash.id != own_id:
            raise Conflict("dept.code_taken", code=code, name=clash.name)


def create_department(session: OfficeSession, data: dict[str, Any]) -> DepartmentRead:
    from officedesk.services.pinyin_keys import pinyin_keys

    form = validate(DepartmentCreate, data)
    _check_unique_dept(session, form.name, form.code, None)
    parent = resolve_department(session, form.parent) if form.parent else None
    full, initials = pinyin_keys(form.name)
    dept = Department(
        name=form.name,
        code=form.code,
        kind=form.kind,
        parent_id=parent.id if parent else None,
        note=form.note,
        pinyin=full,
        initials=initials,
    )
    session.add(dept)
    session.flush()
    return _dept_read(session, dept)


def update_department(session: OfficeSession, ref: str, data: dict[str, Any]) -> DepartmentRead:
    form = validate(DepartmentUpdate, data)
    dept = resolve_department(session, ref)
    changes = form.model_dump(exclude_unset=True)
    _check_unique_dept(session, form.name, form.code, dept.id)
    if "name" in changes and form.name is not None:
        from officedesk.services.pinyin_keys import pinyin_keys

        dept.name = form.name
        dept.pinyin, dept.initials = pinyin_keys(form.name)
    if "code" in changes:
        dept.code = form.code
    if form.kind is not None:
        dept.kind = form.kind
    if form.note is not None:
        dept.note = form.note
    if "parent" in changes:
        parent = resolve_department(session, form.parent) if form.parent else None
        _check_no_cycle(session, dept, parent)
        dept.parent_id = parent.id if parent else None
    dept.updated_at = session.env.now()
    session.flush()
    return _dept_read(session, dept)


def _check_no_cycle(session: OfficeSession, dept: Department, parent: Department | None) -> None:
    seen = set()
    node = parent
    while node is not None:
        if node.id == dept.id:
            raise InvalidInput("dept.parent_cycle", name=dept.name)
        if node.id in seen:
            break
        seen.add(node.id)
        node = session.get(Department, node.parent_id) if node.parent_id else None


def get_department(session: OfficeSession, ref: str) -> DepartmentRead:
    return _dept_read(session, resolve_department(session, ref))


def _departments_where(
    session: OfficeSession, stmt: Any, kind: str | None, text: str | None
) -> Any:
    if kind:
        if kind not in ("internal", "superior", "external"):
            raise InvalidInput(
                "input.choice", field="kind", choices=["internal", "superior", "external"]
            )
        stmt = stmt.where(col(Department.kind) == kind)
    return name_filter(session, stmt, Department, text)


def list_departments(
    session: OfficeSession,
    *,
    kind: str | None = None,
    text: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> Page:
    stmt = _departments_where(session, select(Department), kind, text)
    stmt = stmt.order_by(Department.kind, Department.pinyin, Department.id)
    return fetch_page(
        session, stmt, limit=limit, offset=offset, read=lambda dept: _dept_read(session, dept)
    )


def count_departments(
    session: OfficeSession, *, kind: str | None = None, text: str | None = None
) -> int:
    stmt = _departments_where(session, select(func.count()).select_from(Department), kind, text)
    return session.exec(stmt).one()


def create_person(session: OfficeSession, data: dict[str, Any]) -> PersonRead:
    from officedesk.services.pinyin_keys import pinyin_keys

    form = validate(PersonCreate, data, PERSON_LABELS)
    dept = resolve_department(session, form.dept) if form.dept else None
    full, initials = pinyin_keys(form.name, person=True)
    person = Person(
        name=form.name,
        dept_id=dept.id if dept else None,
        title=form.title,
        phone=form.phone,
        email=form.email,
        principal=form.principal,
        pinyin=full,
        initials=initials,
    )
    session.add(person)
    session.flush()
    return _person_read(session, person)


def update_person(session: OfficeSession, ref: str, data: dict[str, Any]) -> PersonRead:
    form = validate(PersonUpdate, data, PERSON_LABELS)
    person = resolve_person(session, ref)
    changes = form.model_dump(exclude_unset=True)
    if form.name is not None:
        from officedesk.services.pinyin_keys import pinyin_keys

        person.name = form.name
        person.pinyin, person.initials = pinyin_keys(form.name, person=True)
    if "dept" in changes:
        dept = resolve_department(session, form.dept) if form.dept else None
        person.dept_id = dept.id if dept else None
    for field in ("title", "phone", "email", "principal"):
        value = getattr(form, field)
        if value is not None:
            setattr(person, field, value)
    person.updated_at = session.env.now()
    session.flush()
    return _person_read(session, person)


def get_person(session: OfficeSession, ref: str) -> PersonRead:
    return _person_read(session, resolve_person(session, ref))


def _people_where(session: OfficeSession, stmt: Any, dept: str | None, text: str | None) -> Any:
    if dept:
        stmt = stmt.where(col(Person.dept_id) == resolve_department(session, dept).id)
    return name_filter(session, stmt, Person, text)


def list_people(
    session: OfficeSession,
    *,
    dept: str | None = None,
    text: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> Page:
    stmt = _people_where(session, select(Person), dept, text)
    stmt = stmt.order_by(Person.pinyin, Person.id)
    return fetch_page(
        session, stmt, limit=limit, offset=offset, read=lambda person: _person_read(session, person)
    )


def count_people(
    session: OfficeSession, *, dept: str | None = None, text: str | None = None
) -> int:
    stmt = _people_where(session, select(func.count()).select_from(Person), dept, text)
    return session.exec(stmt).one()
