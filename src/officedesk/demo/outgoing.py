"""The demo office's outgoing register: about a hundred documents over the last year.

Each document is planned first (type, title, department, recipients, the steps it has reached
with their days), then every step of every document is replayed in day order through the
services, as the office would have done it: so the numbers of each prefix follow the order of
registration, a voided number stays in the void log, and the log carries who and when.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from officedesk.db import OfficeSession
from officedesk.demo.clock import travel
from officedesk.demo.filler import RegisterFiller, id_refs, members_by_dept
from officedesk.demo.outgoing_data import (
    ARCHIVIST,
    BODIES,
    DEPT_WORDS,
    LETTER_TO,
    REGISTRAR,
    RETURN_NOTES,
    REVIEWERS,
    SIGNERS,
    TYPES,
    VOIDS,
)
from officedesk.services.moments import local_minute

DAY = timedelta(days=1)
SPAN_DAYS = 360


@dataclass
class _Doc:
    order: int
    doc_type: str
    title: str
    dept: str
    drafter: str
    drafter_ref: str
    signer: str
    reviewer: str
    main_to: list[str]
    copy_to: list[str]
    body: str
    secrecy: str
    urgency: str
    copies: int
    events: list[tuple[date, str, Any]] = field(default_factory=list)


def fill_demo(session: OfficeSession, rng: random.Random) -> dict[str, int]:
    """About a hundred outgoing documents in every state and type; counts by name."""
    return _OutgoingDemo(session, rng).build()


class _OutgoingDemo(RegisterFiller):
    def __init__(self, session: OfficeSession, rng: random.Random) -> None:
        super().__init__(session, rng)
        departments, people = self.roster.departments, self.roster.people
        self.depts = {d.code or d.name: d for d in departments}
        self.people = members_by_dept(people)
        # The leaders who sign are not in the directory and stay names.
        self.dept_refs = id_refs(departments)
        self.person_refs = id_refs(people)
        self.office_head = next(p for p in people if p.name == REVIEWERS[0])
        self.ids: dict[int, int] = {}
        self.voided = 0

    # -- calendar (_back and _fwd, which draw nothing, come from WorkdayPlanner)

    def _after(self, day: date, low: int, high: int) -> date:
        return self._fwd(day + DAY * self.rng.randint(low, high))

    # -- planning

    def _dept_code(self, title: str) -> str:
        for words, code in DEPT_WORDS:
            if any(word in title for word in words) and code in self.depts:
                return code
        return "BGS"

    def _title(self, pattern: str, day: date) -> str:
        """{last}: the year whose summary or awards are due (this one from October on);
        {next}: the year a plan or budget is for (next year from July on)."""
        return pattern.format(
            year=day.year,
            next=day.year + 1 if day.month >= 7 else day.year,
            last=day.year if day.month >= 10 else day.year - 1,
            n=self.rng.randint(2, 12),
            m=day.month,
        )

    def _recipients(self, doc_type: str, title: str, dept: str) -> tuple[list[str], list[str]]:
        rng = self.rng
        superior = self.depts.get("JT")
        regulator = self.depts.get("SGZW")
        if doc_type in ("report", "request"):
            main = [superior.name if superior and rng.random() < 0.8 else "市国资委"]
            copy = (
                [regulator.name]
                if regulator and main[0] != regulator.name and rng.random() < 0.3
                else []
            )
            return main, copy
        if doc_type == "letter":
            to = next((org for word, org in LETTER_TO.items() if word in title), "华远集团有限公司")
            return [to], []
        if doc_type == "reply":
            return [self.depts[dept].name if dept in self.depts else "各部门"], []
        if doc_type in ("plan", "summary", "speech"):
            return [], []
        copy = [superior.name] if superior and doc_type == "decision" else []
        return ["各部门"], copy

    def _plan(self) -> list[_Doc]:
        rng = self.rng
        kinds = [kind for kind, (count, *_rest) in TYPES.items() for _ in range(count)]
        rng.shuffle(kinds)
        start = self.today - DAY * SPAN_DAYS
        days = sorted(self._back(start + DAY * rng.randint(0, SPAN_DAYS - 1)) for _ in kinds)
        days = [max(min(day, self.today), start) for day in days]
        docs = []
        cycle: dict[str, list[str]] = {}
        for order, (kind, day) in enumerate(zip(kinds, days, strict=True)):
            _count, titles, signer, (low, high) = TYPES[kind]
            pool = cycle.setdefault(kind, [])
            if not pool:
                pool.extend(rng.sample(titles, len(titles)))
            title = self._title(pool.pop(), day)
            dept = self._dept_code(title)
            members = self.people.get(self.depts[dept].id if dept in self.depts else None)
            main, copy = self._recipients(kind, title, dept)
            secrecy = "public"
            roll = rng.random()
            if kind in ("request", "report", "minutes", "decision") and roll < 0.18:
                secrecy = "secret" if roll < 0.06 else "confidential"  # 机密 rarer than 秘密
            elif roll < 0.25:
                secrecy = "internal"
            drafter = rng.choice(members or [self.office_head])
            docs.append(
                _Doc(
                    order=order,
                    doc_type=kind,
                    title=title,
                    dept=dept,
                    drafter=drafter.name,
                    drafter_ref=f"#{drafter.id}",
                    signer=SIGNERS[signer],
                    reviewer=rng.choice(REVIEWERS),
                    main_to=main,
                    copy_to=copy,
                    body=BODIES.get(kind, ""),
                    secrecy=secrecy,
                    urgency="urgent" if rng.random() < 0.12 else "normal",
                    copies=rng.randint(low, high),
                )
            )
            self._steps(docs[-1], day)
        self._still_on_the_way(docs)
        self._drafting_slips(docs)
        return docs

    def _steps(self, doc: _Doc, drafted: date) -> None:
        """The days of each step, stopping at the first one that would come after today. The
        newest documents are therefore still on their way, the old ones filed."""
        plan = [(drafted, "create", None)]
        day = drafted
        for action, low, high in (
            ("review", 0, 2),
            ("sign", 0, 3),
            ("check", 0, 1),
            ("register", 0, 1),
            ("print", 0, 1),
            ("dispatch", 0, 1),
            ("file", 10, 60),
        ):
            day = self._after(day, low, high)
            if day > self.today:
                break
            plan.append((day, action, None))
        doc.events = plan

    def _still_on_the_way(self, docs: list[_Doc]) -> None:
        """The newest documents stop at each step of the way, so the register shows every
        state: a draft waiting for review, one waiting for its signature, one to be printed…"""
        last_steps = ("dispatch", "print", "register", "check", "sign", "review", "create")
        newest = sorted(docs, key=lambda d: (d.events[0][0], d.order))[-2 * len(last_steps) :]
        for index, doc in enumerate(newest):
            actions = [action for _day, action, _value in doc.events]
            stop = last_steps[index // 2]
            if stop in actions:  # a document too new to have got that far keeps its own state
                del doc.events[actions.index(stop) + 1 :]

    def _drafting_slips(self, docs: list[_Doc]) -> None:
        """What a real register holds: documents sent back to the signer at 复核, two voided
        numbers, and a few drafts the drafting checks warn about."""
        rng = self.rng
        advanced = [d for d in docs if any(a == "register" for _, a, _ in d.events)]
        for doc, note in zip(rng.sample(advanced, 3), RETURN_NOTES, strict=True):
            self._insert_after(doc, "sign", [("return", note), ("sign", None)])
        old = [d for d in advanced if d.events[-1][1] in ("dispatch", "file")]
        for doc, reason in zip(rng.sample(old, 2), VOIDS, strict=True):
            self._insert_after(doc, "register", [("void", reason), ("register", None)])
            self.voided += 1
        requests = [d for d in docs if d.doc_type == "request"]
        if requests:
            doc = requests[0]
            doc.title = "关于购置公务车辆和增加办公用房的请示"
            superior = self.depts.get("JT")
            regulator = self.depts.get("SGZW")
            if superior and regulator:
                doc.main_to = [superior.name, regulator.name]
        reports = [d for d in docs if d.doc_type == "report"]
        if reports:
            reports[
                0
            ].body = "今年以来，投资计划总体执行顺利。为保障项目进度，拟追加投资800万元，请批准。"

    @staticmethod
    def _insert_after(doc: _Doc, action: str, extra: list[tuple[str, Any]]) -> None:
        """Insert steps on the day of `action` (after it); later steps keep their days."""
        index = next(i for i, (_d, a, _v) in enumerate(doc.events) if a == action)
        day = doc.events[index][0]
        doc.events[index + 1 : index + 1] = [(day, name, value) for name, value in extra]

    # -- replaying

    def _draft(self, doc: _Doc) -> dict[str, Any]:
        return {
            "doc_type": doc.doc_type,
            "title": doc.title,
            "body": doc.body,
            "dept": f"#{self.depts[doc.dept].id}" if doc.dept in self.depts else doc.dept,
            "drafter": doc.drafter_ref,
            "reviewer": self.person_refs.get(doc.reviewer, doc.reviewer),
            "signer": doc.signer,
            "main_to": [self.dept_refs.get(name, name) for name in doc.main_to],
            "copy_to": [self.dept_refs.get(name, name) for name in doc.copy_to],
            "secrecy": doc.secrecy,
            "urgency": doc.urgency,
            "copies": doc.copies,
        }

    def _replay(self, doc: _Doc, action: str, value: Any) -> None:
        """One step of a document's history through services.outgoing, at the session's moment.

        Most steps are one service call on the document alone; the table below names them, and
        only the steps carrying the plan's value (a note, a reason) or making the document are
        spelled out."""
        from officedesk.services.outgoing import actions as svc

        session = self.session
        ref = self.ids.get(doc.order, 0)
        plain: dict[str, Callable[[OfficeSession, int], object]] = {
            "review": svc.review_outgoing,
            "sign": svc.sign_outgoing,
            "check": svc.check_outgoing,
            "register": svc.register_outgoing,
            "print": svc.print_outgoing,
            "dispatch": svc.dispatch_outgoing,
            "file": svc.file_outgoing,
        }
        if action == "create":
            self.ids[doc.order] = svc.create_outgoing(session, self._draft(doc)).id
        elif action == "return":
            svc.check_outgoing(session, ref, changed=True, note=value)
        elif action == "void":
            svc.void_outgoing(session, ref, value)
        else:  # a KeyError here is a typo in the plan above
            plain[action](session, ref)

    def build(self) -> dict[str, int]:
        docs = self._plan()
        events = sorted(
            (
                (day, doc.order, step, doc, action, value)
                for doc in docs
                for step, (day, action, value) in enumerate(doc.events)
            ),
            key=lambda e: (e[0], e[1], e[2]),
        )
        session = self.session
        slots: dict[date, int] = {}
        for day, _order, _step, doc, action, value in events:
            slot = slots[day] = slots.get(day, -1) + 1
            operator = {
                "create": doc.drafter,
                "review": doc.reviewer,
                "file": ARCHIVIST,
            }.get(action, REGISTRAR)
            # The day's steps follow each other 17 minutes apart from 8:40, in the order above.
            with travel(session, local_minute(day, 8 * 60 + 40 + slot * 17), operator=operator):
                self._replay(doc, action, value)
        registered = sum(1 for doc in docs if any(a == "register" for _d, a, _v in doc.events))
        return {
            "outgoing": len(docs),
            "outgoing_numbered": registered,
            "outgoing_voided": self.voided,
        }
