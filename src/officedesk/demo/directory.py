"""The demo company's directory, written through services.directory: departments, then people."""

import random
from dataclasses import dataclass, field

from officedesk.db import OfficeSession
from officedesk.demo.directory_data import DEPARTMENTS, PEOPLE


@dataclass
class Directory:
    """What the supervision items are planned from: departments by code (or name) and members."""

    dept_ids: dict[str, int] = field(default_factory=dict)
    dept_names: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    internal: list[str] = field(default_factory=list)  # keys of internal departments, in order

    @property
    def people(self) -> int:
        return sum(len(m) for m in self.members.values())


def build_directory(session: OfficeSession, rng: random.Random) -> Directory:
    """Every department and person of the demo company; the phones are drawn from rng."""
    from officedesk.services.directory import create_department, create_person
    from officedesk.services.pinyin_keys import pinyin_keys

    directory = Directory()
    for name, code, kind, parent, note in DEPARTMENTS:
        data = {"name": name, "code": code, "kind": kind, "parent": parent, "note": note}
        dept = create_department(session, data)
        directory.dept_ids[code or name] = dept.id
        directory.dept_names[code or name] = name
        if kind == "internal":
            directory.internal.append(code or name)
    used_emails: set[str] = set()
    for name, dept_key, title in PEOPLE:
        full, _initials = pinyin_keys(name, person=True)
        domain = "example.com" if dept_key in directory.internal else "example.org"
        email, number = f"{full}@{domain}", 2
        while email in used_emails:  # the second 张伟 gets zhangwei2@…
            email, number = f"{full}{number}@{domain}", number + 1
        used_emails.add(email)
        data = {
            "name": name,
            "dept": str(directory.dept_ids[dept_key]),
            "title": title,
            "phone": _phone(rng),
            "email": email,
        }
        person = create_person(session, data)
        directory.members.setdefault(dept_key, []).append((name, person.id))
    return directory


def _phone(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return f"010-6{rng.randint(0, 9_999_999):07d}"
    if roll < 0.6:
        return f"010-6{rng.randint(0, 9_999_999):07d} 转 {rng.randint(8001, 8999)}"
    prefix = rng.choice(("138", "139", "136", "135", "186", "158", "150", "177"))
    return f"{prefix}{rng.randint(0, 99_999_999):08d}"
