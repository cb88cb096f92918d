"""The demo office's incoming register: a year of documents, calls and letters from the
directory's superior and outside bodies, in every kind and every state, replayed through the
services at their own past moments (circulation, instructions, linked supervision items)."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from officedesk.db import OfficeSession
from officedesk.demo.clock import travel
from officedesk.demo.filler import RegisterFiller, id_refs
from officedesk.demo.incoming_data import (
    ANSWERS,
    ARCHIVIST,
    CALLS,
    DIRECTOR,
    FRESH,
    HANDLE_NOTE,
    INSTRUCTIONS,
    LEADERS,
    MALFORMED,
    PROPOSALS,
    READ_NOTE,
    REGISTRARS,
    RESULTS,
    SENDERS,
)
from officedesk.services.moments import local_minute, local_moment

DAY = timedelta(days=1)
DOCUMENTS = 220  # over the last year, nearly one a working day
# One document in TELEGRAM_EVERY comes as a telegram, its urgency read as a telegraph grade;
# an urgent document's due date is this many working days after it was handed out.
TELEGRAM_EVERY = 23
TELEGRAM_GRADES = {"extra_urgent": "flash", "urgent": "extra_urgent", "normal": "plain_urgent"}
URGENT_DAYS = {"flash": 1, "extra_urgent": 3, "urgent": 5, "plain_urgent": 10}


@dataclass
class _Event:
    moment: datetime
    action: str
    author: str
    value: Any = None


@dataclass
class _Doc:
    order: int
    data: dict[str, Any]
    lead: str
    assist: list[str]
    events: list[_Event] = field(default_factory=list)
    doc_id: int = 0


class _Planner(RegisterFiller):
    def __init__(self, session: OfficeSession, rng: random.Random) -> None:
        super().__init__(session, rng)
        self.last = self._back(self.today - DAY)
        self.dept_by_code = self.roster.by_code()
        self.internal = [d.name for d in self.roster.internal]
        self.readers = sorted(p.name for p in self.roster.staff)
        self.readers = [name for name in dict.fromkeys(self.readers) if name != "张伟"]
        self.refs = id_refs(self.roster.departments)
        self.refs.update(id_refs(p for p in self.roster.people if p.name in self.readers))

    # -- calendar helpers (_back and _fwd, which draw nothing, come from WorkdayPlanner)

    def _later(self, day: date, low: int, high: int) -> date:
        """A working day `low`–`high` working days after day, never after the last one."""
        n = self.rng.randint(low, high)
        target = self.calendar.add_workdays(day, n) if n else day
        return min(target, self.last) if day <= self.last else day

    def _at(self, day: date, after: datetime | None = None) -> datetime:
        minute = self.rng.randint(8 * 60 + 40, 17 * 60 + 20)
        moment = local_minute(day, minute)
        if after is not None and moment <= after:
            # Later the same day, but inside office hours: a step is never logged after 18:00.
            # Late in the day a step takes half the time left, so any number of them still fit.
            closing = local_moment(day, time(17, 58))
            step = timedelta(minutes=self.rng.randint(5, 40))
            left = max(closing - after, timedelta(0))
            if step >= left:
                step = timedelta(minutes=left // timedelta(minutes=2))
            moment = after + step
        return moment

    # -- planning

    def plan(self, documents: int) -> list[_Doc]:
        rng = self.rng
        docs = []
        span = 365
        for order in range(documents):
            age = 1 + int((span - 1) * rng.random() ** 1.4)  # more recent ones than old ones
            if order < len(FRESH):  # a few from yesterday, so every waiting state is seen
                age = 1
            received = self._back(self.today - timedelta(days=age))
            docs.append(self._plan_one(order, received))
        return docs

    def _title(self, template: str, day: date) -> str:
        return template.format(year=day.year, next=day.year + 1, last=day.year - 1)

    def _number(self, prefix: str | None, day: date) -> str:
        if prefix is None:
            return ""
        rng = self.rng
        n = day.timetuple().tm_yday // 3 + rng.randint(1, 3)
        if rng.random() < 0.06:
            pattern = rng.choice(MALFORMED)
            return prefix + pattern.format(y=day.year, yy=day.year % 100, n=n)
        return f"{prefix}〔{day.year}〕{n}号"

    def _plan_one(self, order: int, received: date) -> _Doc:
        rng = self.rng
        roll = rng.random()
        if roll < 0.14:
            unit, caller, phone, subject, said, lead = rng.choice(CALLS)
            data: dict[str, Any] = {
                "kind": "call",
                "title": f"{unit}来电：{subject}",
                "sender": unit,
                "caller": caller,
                "phone": phone,
                "summary": said,
                "mode": "handle" if rng.random() < 0.3 else "read",
            }
        else:
            sender = rng.choice(sorted(SENDERS))
            prefix, lead, titles = SENDERS[sender]
            template = rng.choice(titles)
            reading = template.startswith("阅:")
            title = self._title(template.removeprefix("阅:"), received)
            kind = "document"
            if prefix is None or ("函" in title and rng.random() < 0.4):
                kind = "letter"
            elif roll > 0.92:
                kind = rng.choice(("fax", "email"))
            data = {
                "kind": kind,
                "title": title,
                "sender": sender,
                "sender_number": self._number(prefix, received) if kind != "email" else "",
                "summary": f"{sender}来文，{READ_NOTE if reading else HANDLE_NOTE}。",
                "mode": "read" if reading else "handle",
            }
        data["urgency"] = rng.choices(("extra_urgent", "urgent", "normal"), (1, 2, 7))[0]
        if data["kind"] == "document" and order % TELEGRAM_EVERY == 0:
            # Now and then a superior's telegram, with a telegraph grade (no draw of its own,
            # so the rest of the office stays as it was).
            data["kind"] = "telegram"
            data["urgency"] = TELEGRAM_GRADES[data["urgency"]]
        data["secrecy"] = rng.choices(
            # 秘密 before 机密, as they were drawn before 0011 swapped the codes' meanings.
            ("public", "internal", "confidential", "secret"),
            (6, 8, 1, 1),
        )[0]
        lead_name = self.dept_by_code[lead].name if lead in self.dept_by_code else self.internal[0]
        others = [name for name in self.internal if name != lead_name]
        assist = rng.sample(others, rng.choice((0, 0, 1, 1, 2)))
        doc = _Doc(order, data, lead_name, assist)
        self._steps(doc, received)
        return doc

    def _steps(self, doc: _Doc, received: date) -> None:
        rng = self.rng
        age = (self.today - received).days
        handle = doc.data["mode"] == "handle"
        at = self._at(received)
        doc.data["received_at"] = at - timedelta(minutes=rng.randint(3, 30))
        registrar = rng.choice(REGISTRARS)
        self._add(doc, at, "register", registrar)
        if doc.order < len(FRESH):
            target = FRESH[doc.order]
        elif age <= 2:
            target = rng.choice(FRESH)
        elif age <= 7:
            target = rng.choice(("proposed", "instructed", "handling", "handling", "done"))
        elif age <= 30:
            target = rng.choices(
                ("handling", "answered", "done", "returned", "instructed"), (9, 2, 7, 1, 1)
            )[0]
        elif age <= 120:
            target = rng.choices(
                ("done", "filed", "handling", "returned", "answered"), (8, 9, 2, 1, 1)
            )[0]
        else:
            target = rng.choices(("filed", "done", "returned"), (17, 2, 1))[0]
        if not handle and target in ("handling", "answered"):
            target = "done"
        if target == "registered":
            return
        day = self._later(received, 0, 1)
        if target == "returned":
            reason = rng.choice(
                (
                    "不属于本单位职责范围，请径送主管部门。",
                    "来文未按规定加盖印章，请补正后重新报送。",
                )
            )
            self._add(doc, self._at(day, at), "return", registrar, reason)
            return
        at = self._at(day, at)
        self._add(doc, at, "review", registrar)
        if target == "reviewed":
            return
        leader = rng.choice(LEADERS)
        words = {"lead": doc.lead, "assist": "、".join(doc.assist) or "相关部门", "leader": leader}
        proposed = rng.random() < 0.9 or target == "proposed"
        if proposed:
            day = self._later(day, 0, 1)
            at = self._at(day, at)
            self._add(doc, at, "propose", DIRECTOR, rng.choice(PROPOSALS).format(**words))
        if target == "proposed":
            return
        if proposed and (rng.random() < 0.75 or target == "instructed"):
            for _ in range(1 if rng.random() < 0.8 else 2):
                day = self._later(day, 1, 2)
                at = self._at(day, at)
                words["leader"] = leader
                text = rng.choice(INSTRUCTIONS).format(**words)
                self._add(doc, at, "instruct", rng.choice(REGISTRARS), (leader, text))
                leader = rng.choice(LEADERS)
        if target == "instructed":
            return
        if not handle:
            self._circulate(doc, day, at, target)
            return
        day = self._later(day, 0, 1)
        at = self._at(day, at)
        overdue = target in ("handling", "answered") and rng.random() < 0.35
        due = None
        if overdue:
            due = self.calendar.add_workdays(day, rng.randint(3, 10))
            if due >= self.today:
                due = None
        elif doc.data["urgency"] != "normal":
            due = self.calendar.add_workdays(day, URGENT_DAYS[doc.data["urgency"]])
        self._add(doc, at, "handle", DIRECTOR, due)
        if rng.random() < 0.3:
            day, at = self._circulate(doc, day, at, "handling")
        if target == "handling":
            return
        if target == "answered" or rng.random() < 0.4:
            day = self._later(day, 2, 12)
            at = self._at(day, at)
            self._add(doc, at, "answer", registrar, rng.choice(ANSWERS))
        if target == "answered":
            return
        day = self._later(day, 1, 15)
        at = self._at(day, at)
        self._add(doc, at, "item_done", doc.lead, rng.choice(RESULTS) or "已办结。")
        if target == "filed":
            day = self._later(day, 2, 15)
            self._add(doc, self._at(day, at), "file", ARCHIVIST)

    def _circulate(self, doc: _Doc, day: date, at: datetime, target: str) -> tuple[date, datetime]:
        """Circulation to a few readers, some of whom have not read it yet; the day and moment
        of its last step."""
        rng = self.rng
        readers = rng.sample(self.readers, rng.randint(2, 5))
        day = self._later(day, 0, 1)
        at = self._at(day, at)
        self._add(doc, at, "circulate", DIRECTOR, readers)
        finished = target in ("done", "filed")
        unread = 0 if finished and rng.random() < 0.85 else rng.randint(1, len(readers))
        for reader in readers[: len(readers) - unread]:
            day = self._later(day, 0, 2)
            at = self._at(day, at)
            self._add(doc, at, "read", rng.choice(REGISTRARS), reader)
        if unread and day < self.last and rng.random() < 0.6:
            day = self._later(day, 1, 3)
            at = self._at(day, at)
            self._add(doc, at, "remind", rng.choice(REGISTRARS))
        if target in ("done", "filed") and doc.data["mode"] == "read":
            day = self._later(day, 0, 3)
            at = self._at(day, at)
            self._add(doc, at, "done", rng.choice(REGISTRARS), rng.choice(RESULTS))
            if target == "filed":
                day = self._later(day, 2, 15)
                at = self._at(day, at)
                self._add(doc, at, "file", ARCHIVIST)
        return day, at

    def _add(
        self, doc: _Doc, moment: datetime, action: str, author: str, value: Any = None
    ) -> None:
        doc.events.append(_Event(moment, action, author, value))


def fill_demo(session: OfficeSession, rng: random.Random) -> dict[str, int]:
    """A few hundred incoming documents over the last year, built through the services."""
    planner = _Planner(session, rng)
    docs = planner.plan(DOCUMENTS)
    events = sorted(
        ((event, doc) for doc in docs for event in doc.events),
        key=lambda pair: (pair[0].moment, pair[1].order),
    )
    counts = {"incoming": 0, "incoming_items": 0, "incoming_circulated": 0}
    for event, doc in events:
        with travel(session, event.moment, operator=event.author):
            _replay(session, event, doc, planner.refs, counts)
    return counts


def _replay(
    session: OfficeSession, event: _Event, doc: _Doc, refs: dict[str, str], counts: dict[str, int]
) -> None:
    """One step of a document's history through services.incoming, at the session's moment."""
    from officedesk.services.incoming import actions as svc
    from officedesk.services.task import complete_task

    action, value = event.action, event.value
    if action == "register":
        doc.doc_id = svc.create_incoming(session, doc.data).id
        counts["incoming"] += 1
    elif action == "review":
        svc.review_incoming(session, doc.doc_id)
    elif action == "return":
        svc.return_incoming(session, doc.doc_id, value)
    elif action == "propose":
        svc.propose_incoming(session, doc.doc_id, value)
    elif action == "instruct":
        svc.instruct_incoming(session, doc.doc_id, value[0], value[1])
    elif action == "handle":
        assist = [refs[name] for name in doc.assist]
        read = svc.handle_incoming(session, doc.doc_id, refs[doc.lead], assist, value)
        if read.task_id:
            counts["incoming_items"] += 1
    elif action == "circulate":
        svc.circulate_incoming(session, doc.doc_id, [refs[name] for name in value])
        counts["incoming_circulated"] += 1
    elif action == "read":
        svc.mark_read(session, doc.doc_id, refs[value])
    elif action == "remind":
        svc.remind_readers(session, doc.doc_id)
    elif action == "answer":
        svc.answer_incoming(session, doc.doc_id, value)
    elif action == "item_done":
        task_id = svc.resolve_incoming(session, doc.doc_id).task_id
        if task_id is not None:
            complete_task(session, task_id, value, session.env.today)
        else:
            svc.complete_incoming(session, doc.doc_id, value)
    elif action == "done":
        svc.complete_incoming(session, doc.doc_id, value)
    elif action == "file":
        svc.file_incoming(session, doc.doc_id)
    else:  # pragma: no cover - a typo in the plan above
        raise AssertionError(action)
