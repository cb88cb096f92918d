"""What every register's demo filler starts from: the session, its own generator, and the
directory the office's demo wrote before it (demo/directory.py)."""

import random
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.demo.clock import WorkdayPlanner
from officedesk.models import Department, Person


@dataclass(frozen=True)
class Roster:
    """The directory's departments and people in the order they were written (by id): a filler
    draws from these lists, so the order must not depend on how the database returns rows."""

    departments: list[Department]
    people: list[Person]

    @classmethod
    def load(cls, session: OfficeSession) -> "Roster":
        departments = session.exec(select(Department).order_by(col(Department.id))).all()
        people = session.exec(select(Person).order_by(col(Person.id))).all()
        return cls(list(departments), list(people))

    @property
    def internal(self) -> list[Department]:
        """The company's own departments (not the superior bodies or outside units)."""
        return [d for d in self.departments if d.kind == "internal"]

    @property
    def staff(self) -> list[Person]:
        """The people of the company's own departments."""
        internal_ids = {d.id for d in self.internal}
        return [p for p in self.people if p.dept_id in internal_ids]

    def by_code(self) -> dict[str, Department]:
        """The departments that have a code, by code (the data files name departments so)."""
        return {d.code: d for d in self.departments if d.code}


def members_by_dept(people: Iterable[Person]) -> dict[int | None, list[Person]]:
    """People grouped by department id, each group in the order given."""
    members: dict[int | None, list[Person]] = {}
    for person in people:
        members.setdefault(person.dept_id, []).append(person)
    return members


def id_refs(records: Iterable[Department | Person]) -> dict[str, str]:
    """Name → "#id": the services take an id where the directory holds the name, the same
    record the name would find without a lookup query per name (of two records with one name,
    the later)."""
    return {record.name: f"#{record.id}" for record in records}


class RegisterFiller(WorkdayPlanner):
    """The state a register's filler builds from: the session (whose clock the demo moves), the
    register's own random generator, the day the demo is built on with the office's calendar
    (and WorkdayPlanner's steps over it), and the directory."""

    def __init__(self, session: OfficeSession, rng: random.Random) -> None:
        self.session = session
        self.rng = rng
        self.env = session.env
        self.today = session.env.today
        self.calendar = session.env.calendar
        self.roster = Roster.load(session)
