"""The demo office: a fictional company filled in through the services, as a user would."""

import importlib
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy import event as orm_event
from sqlmodel import SQLModel

from officedesk.db import OfficeSession
from officedesk.demo.data import (
    APPROVE_NOTES,
    CANCEL_REASONS,
    DEPARTMENTS,
    DIRECTOR,
    DONE_NOTES,
    DURATIONS,
    EVAL_COMMENTS,
    EXTENSION_REASONS,
    FEEDBACK_NOTES,
    ITEMS,
    LEADERS,
    MEETINGS,
    PEOPLE,
    PROGRESS_NOTES,
    REFERENCES,
    REFUSE_NOTES,
    REGISTRARS,
    REMIND_BEFORE,
    REMIND_OVERDUE,
    REOPEN_NOTES,
    SCENARIOS,
    START_NOTES,
    SUPERVISORS,
)
from officedesk.errors import Conflict
from officedesk.models import Department, Person, Task, load_all
from officedesk.services.moments import local_minute

if TYPE_CHECKING:
    from officedesk.context import AppContext

DEFAULT_SEED = 2026
# The Handling registers' demo data, each built by services/demo_<register>.py after the
# directory and the supervision items (incoming documents link to items; seals need keepers).
REGISTER_DEMOS = ("incoming", "outgoing", "seal", "visit", "award")
DAY = timedelta(days=1)
# Office hours on the office's clock (the machine's, as everywhere: services.moments); log
# timestamps are stored in UTC.
FIRST_SLOT_MINUTE = 8 * 60 + 35
SLOT_MINUTES = 42
# Order of same-day events: registration first, loose notes next, state steps last.
RANK_CREATE, RANK_LOOSE, RANK_STEP = 0, 1, 2


@dataclass(frozen=True)
class _Template:
    source: str
    category: str
    dept: str
    ref: str
    title: str


@dataclass
class _Event:
    day: date
    rank: int
    action: str
    author: str
    text: str = ""
    value: Any = None
    jitter: int = 0


@dataclass
class _Item:
    order: int
    template: _Template
    priority: str
    owner: str
    owner_id: int
    dept_id: int
    assigned_on: date
    due: date
    source_ref: str = ""
    detail: str = ""
    events: list[_Event] = field(default_factory=list)


# ---- public API ----------------------------------------------------------------------------


def has_data(session: OfficeSession) -> bool:
    """True when any department, person or task exists: one query, cheap on every `--demo` run."""
    stmt = select(
        or_(
            select(Department.id).exists(),
            select(Person.id).exists(),
            select(Task.id).exists(),
        )
    )
    return bool(session.execute(stmt).scalar())


def populate_demo(
    session: OfficeSession, *, reset: bool = False, seed: int = DEFAULT_SEED
) -> dict[str, int]:
    """Fill the database with the demo company; refuse to mix it into existing data.

    With reset every row of every table goes first (journal and counters included), so the
    demo starts at DB-…-0001 with an empty history, as a fresh office would.
    """
    if not reset and has_data(session):
        raise Conflict("demo.has_data")
    if reset:
        _wipe(session)
    from officedesk.search_index import INDEX_OFF, rebuild_search_index

    env = session.env
    saved = (env.today, env.fixed_now, env.operator)
    # Thousands of records, each written several times over: one rebuild of the search index
    # at the end costs a fraction of keeping it in step on every flush.
    indexing = session.info.get(INDEX_OFF)
    session.info[INDEX_OFF] = True
    try:
        with _holding_records(session):
            counts = _DemoOffice(session, random.Random(seed)).build()
            for register in REGISTER_DEMOS:
                # Each register draws from a generator of its own: changing one register's demo
                # leaves every other register's data as it was.
                module = importlib.import_module(f"officedesk.demo.{register}")
                counts.update(module.fill_demo(session, random.Random(f"{seed}:{register}")))
        rebuild_search_index(session)
    finally:
        env.today, env.fixed_now, env.operator = saved
        session.info[INDEX_OFF] = indexing
    # The registers add supervision items of their own (documents to handle): the totals are
    # counted at the end, the registers' own figures (numbered, voided, …) kept beside them.
    return {**counts, **demo_counts(session)}


def demo_counts(session: OfficeSession) -> dict[str, int]:
    """What the demo database holds, in the shape populate_demo reports."""
    from officedesk.models.task_log import TaskLog

    def count(model: Any) -> int:
        return session.execute(select(func.count()).select_from(model)).scalar_one()

    from officedesk.models.award import Award
    from officedesk.models.incoming import Incoming
    from officedesk.models.outgoing import Outgoing
    from officedesk.models.seal import Seal, SealUse
    from officedesk.models.visit import Visit

    return {
        "departments": count(Department),
        "people": count(Person),
        "tasks": count(Task),
        "log_entries": count(TaskLog),
        "incoming": count(Incoming),
        "outgoing": count(Outgoing),
        "seals": count(Seal),
        "seal_uses": count(SealUse),
        "visits": count(Visit),
        "awards": count(Award),
    }


def ensure_demo(ctx: "AppContext") -> None:
    """Fill the demo database on its first use; one read when it is already filled.

    Only a demo context is ever filled, so a caller's mistake cannot pour demo data into an
    office's real (perhaps just created, still empty) database.
    """
    if not ctx.demo:
        return
    with ctx.read() as session:
        if has_data(session):
            return
    with ctx.write("demo") as session:
        # Another process may have filled it between our read and this write transaction.
        if not has_data(session):
            populate_demo(session)


# Every way a record becomes persistent in a session: created and flushed, loaded by a query.
_PERSISTENT_EVENTS = (
    "pending_to_persistent",
    "loaded_as_persistent",
    "detached_to_persistent",
    "deleted_to_persistent",
)
# The records later steps come back to: the directory, and each register's own records (a
# document reviewed after it was registered, an item done after it was opened). Their logs and
# other rows are written once and never read again by the demo.
_REVISITED = frozenset({"department", "person", "task", "incoming", "outgoing", "seal", "visit"})


@contextmanager
def _holding_records(session: OfficeSession) -> Iterator[None]:
    """Keep the records later steps come back to in memory until the demo is built.

    The identity map holds records weakly and the services hand back read models, so a record
    is forgotten as soon as its service returns, and the next step on it would load it again:
    one more query for each of the thousands of steps the demo replays (SQLAlchemy's "strong
    reference" recipe, for this session, this build and these tables only: holding every row
    written would cost more in garbage collection than the queries it saves).
    """
    held: list[Any] = []

    def hold(_session: OfficeSession, record: Any) -> None:
        if getattr(record, "__tablename__", None) in _REVISITED:
            held.append(record)

    for name in _PERSISTENT_EVENTS:
        orm_event.listen(session, name, hold)
    try:
        yield
    finally:
        for name in _PERSISTENT_EVENTS:
            orm_event.remove(session, name, hold)
        held.clear()


# ---- wiping --------------------------------------------------------------------------------


def _wipe(session: OfficeSession) -> None:
    """Delete every row, children first; bulk statements bypass the journal on purpose."""
    from officedesk.journal import start_operation

    session.flush()
    load_all()  # models load lazily; a table nobody imported yet must be emptied too
    for table in reversed(SQLModel.metadata.sorted_tables):
        # A self-reference (department.parent_id is ON DELETE RESTRICT) blocks a one-statement
        # delete of parent and child rows, so cut those links first.
        for fk in table.foreign_keys:
            column = fk.parent
            if fk.column.table is table and column.nullable:
                session.execute(
                    update(table).where(column.is_not(None)).values({column.name: None})
                )
        session.execute(delete(table))
    session.expunge_all()
    # The bulk delete bypassed the search index's listener (SQLite's FTS5 table keeps its own
    # entries): rebuild it from the now empty documents table, so it holds no orphans.
    from officedesk.search_index import rebuild_search_index

    rebuild_search_index(session)
    # The operation row this session may already have written is gone: journal under a new one.
    start_operation(session, session.info.get("op_name") or "demo")


# ---- building ------------------------------------------------------------------------------


def _templates(year: int) -> list[_Template]:
    years = {"{year}": str(year), "{next}": str(year + 1), "{last}": str(year - 1)}
    rows = []
    for source, block in ITEMS.items():
        for line in block.strip().splitlines():
            category, dept, ref, title = line.split("|")
            for placeholder, value in years.items():
                title = title.replace(placeholder, value)
            rows.append(_Template(source, category, dept, ref, title))
    return rows


def _scenarios() -> list[tuple[str, str, str | None]]:
    return [(state, timing, extra) for state, timing, extra, n in SCENARIOS for _ in range(n)]


def _duration(source: str, priority: str) -> int:
    """Calendar days from assignment to due, after the usual office rules (standards.md §5.7)."""
    return DURATIONS.get(source, DURATIONS["leadership"])[priority]


class _DemoOffice:
    """Plans the whole office in memory, then replays it step by step through the services.

    Going through the services exercises validation, numbering, pinyin keys and the change
    journal, and the demo can hold nothing a user could not have produced. Planning first lets
    items be registered in the order they were assigned (DB-2026-0001 is the oldest, as in a
    real register), and each step runs at its own past moment and as its own person: the
    session's `today`, `fixed_now` and `operator` move with it (populate_demo restores them).
    Dates count back from today, so the demo always shows overdue, due-soon and finished work.
    """

    def __init__(self, session: OfficeSession, rng: random.Random) -> None:
        self.session = session
        self.rng = rng
        self.env = session.env
        self.calendar = session.env.calendar
        self.today: date = session.env.today
        self.last = self._back(self.today - DAY)  # the last working day before today
        self.dept_ids: dict[str, int] = {}
        self.dept_names: dict[str, str] = {}
        self.members: dict[str, list[tuple[str, int]]] = {}
        self.internal: list[str] = []  # keys of internal departments, in catalogue order

    # -- calendar helpers; they never draw random numbers, so the draws do not depend on today

    def _back(self, day: date) -> date:
        while not self.calendar.is_workday(day):
            day -= DAY
        return day

    def _fwd(self, day: date) -> date:
        while not self.calendar.is_workday(day):
            day += DAY
        return day

    def _days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    def _between(self, low: date, high: date) -> date:
        """A working day in [low, high]; high itself when the span holds none."""
        span = max((high - low).days, 0)
        offset = self.rng.randint(0, span)
        low = self._fwd(low)
        if low > high:
            return high
        return max(self._back(min(low + timedelta(days=offset), high)), low)

    # -- the steps

    def build(self) -> dict[str, int]:
        self._directory()
        items = self._plan()
        for item in sorted(items, key=lambda i: (i.assigned_on, i.order)):
            self._replay(item)
        return {
            "departments": len(self.dept_ids),
            "people": sum(len(m) for m in self.members.values()),
            "tasks": len(items),
        }

    def _directory(self) -> None:
        from officedesk.services.directory import create_department, create_person
        from officedesk.services.pinyin_keys import pinyin_keys

        for name, code, kind, parent, note in DEPARTMENTS:
            data = {"name": name, "code": code, "kind": kind, "parent": parent, "note": note}
            dept = create_department(self.session, data)
            self.dept_ids[code or name] = dept.id
            self.dept_names[code or name] = name
            if kind == "internal":
                self.internal.append(code or name)
        used_emails: set[str] = set()
        for name, dept_key, title in PEOPLE:
            full, _initials = pinyin_keys(name, person=True)
            domain = "example.com" if dept_key in self.internal else "example.org"
            email, number = f"{full}@{domain}", 2
            while email in used_emails:  # the second 张伟 gets zhangwei2@…
                email, number = f"{full}{number}@{domain}", number + 1
            used_emails.add(email)
            data = {
                "name": name,
                "dept": str(self.dept_ids[dept_key]),
                "title": title,
                "phone": self._phone(),
                "email": email,
            }
            person = create_person(self.session, data)
            self.members.setdefault(dept_key, []).append((name, person.id))

    def _phone(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            return f"010-6{rng.randint(0, 9_999_999):07d}"
        if roll < 0.6:
            return f"010-6{rng.randint(0, 9_999_999):07d} 转 {rng.randint(8001, 8999)}"
        prefix = rng.choice(("138", "139", "136", "135", "186", "158", "150", "177"))
        return f"{prefix}{rng.randint(0, 99_999_999):08d}"

    def _plan(self) -> list[_Item]:
        rng = self.rng
        templates = _templates(self.today.year)
        scenarios = _scenarios()
        # Titles and situations are drawn before any date arithmetic, so the same seed gives the
        # same titles in the same situations whatever today is.
        rng.shuffle(templates)
        rng.shuffle(scenarios)
        picks = list(zip(templates, scenarios, strict=True))
        priorities = rng.choices(("urgent", "normal", "difficult"), (2, 6, 2), k=len(picks))
        owners = [rng.choice(self.members[tpl.dept]) for tpl, _ in picks]
        items = []
        for order, ((tpl, scenario), priority, owner) in enumerate(
            zip(picks, priorities, owners, strict=True)
        ):
            item = _Item(
                order=order,
                template=tpl,
                priority=priority,
                owner=owner[0],
                owner_id=owner[1],
                dept_id=self.dept_ids[tpl.dept],
                assigned_on=self.today,
                due=self.today,
            )
            state, timing, extra = scenario
            if state in ("assigned", "in_progress"):
                self._plan_open(item, state, timing, extra)
            elif state == "cancelled":
                self._plan_cancelled(item, extra)
            else:
                self._plan_finished(item, state, timing, extra)
            self._describe(item)
            items.append(item)
        return items

    def _event(self, item: _Item, day: date, action: str, author: str, **kw: Any) -> None:
        rank = RANK_CREATE if action == "create" else kw.pop("rank", RANK_STEP)
        jitter = self.rng.randint(0, SLOT_MINUTES // 2)
        item.events.append(_Event(day, rank, action, author, jitter=jitter, **kw))

    def _register(self, item: _Item) -> None:
        self._event(item, item.assigned_on, "create", self.rng.choice(REGISTRARS))

    def _start(self, item: _Item, latest: date) -> date:
        rng = self.rng
        day = max(self._back(min(item.assigned_on + self._days(0, 3), latest)), item.assigned_on)
        self._event(item, day, "start", item.owner, text=rng.choice(START_NOTES))
        return day

    def _notes(self, item: _Item, low: date, high: date, count: int) -> None:
        rng = self.rng
        for _ in range(count):
            text = rng.choice(PROGRESS_NOTES).format(
                p=rng.choice((30, 40, 50, 60, 70, 80)),
                k=rng.randint(3, 12),
                assist=self.dept_names[rng.choice(self.internal)],
            )
            day = self._between(low, high)
            self._event(item, day, "note", item.owner, text=text, rank=RANK_LOOSE)

    def _reminders(self, item: _Item, low: date, high: date, count: int, due: date) -> None:
        rng = self.rng
        for _ in range(count):
            day = self._between(low, high)
            late = (day - due).days
            pool = REMIND_OVERDUE if late > 0 else REMIND_BEFORE
            text = rng.choice(pool).format(n=late)
            self._event(item, day, "remind", rng.choice(SUPERVISORS), text=text, rank=RANK_LOOSE)

    def _extension(
        self, item: _Item, kind: str, requested: date, new_due: date, latest: date
    ) -> None:
        rng = self.rng
        reason = rng.choice(EXTENSION_REASONS)
        self._event(item, requested, "extend", item.owner, text=reason, value=new_due)
        if kind == "pending":
            return
        decided = max(min(self._fwd(requested + self._days(1, 2)), latest), requested)
        approve = kind == "approved"
        note = rng.choice(APPROVE_NOTES if approve else REFUSE_NOTES)
        self._event(item, decided, "decide", DIRECTOR, text=note, value=approve)

    def _plan_open(self, item: _Item, state: str, timing: str, extra: str | None) -> None:
        rng, today, last = self.rng, self.today, self.last
        duration = _duration(item.template.source, item.priority)
        if timing == "red":
            due = self._back(today - self._days(1, 30))
        elif timing == "yellow":
            ahead = rng.randint(0, 3)
            due = self.calendar.add_workdays(today, ahead) if ahead else self._fwd(today)
        else:
            due = self.calendar.add_workdays(today, rng.randint(4, 40))
        original = self._back(due - self._days(7, 20)) if extra == "approved" else due
        assigned = min(
            self._back(original - timedelta(days=duration)), self._back(last - self._days(0, 2))
        )
        item.assigned_on, item.due = assigned, original
        self._register(item)
        began = self._start(item, last) if state == "in_progress" else assigned
        if extra == "approved":
            asked = max(self._back(min(original - DAY, last) - self._days(0, 4)), began)
            self._extension(item, "approved", asked, due, last)
        elif extra == "refused":
            asked = max(self._back(due - self._days(1, 4)), began)
            self._extension(item, "refused", asked, self._fwd(due + self._days(7, 20)), last)
        elif extra == "pending":
            asked = max(self._back(last - self._days(0, 3)), began)
            self._extension(item, "pending", asked, self._fwd(due + self._days(7, 20)), last)
        if state == "in_progress":
            self._notes(item, began, last, rng.randint(1, 3))
            if rng.random() < 0.3:
                self._feedback(item, self._between(began, last))
        if timing == "red":
            self._reminders(item, due + DAY, last, rng.randint(1, 3), due)
        elif timing == "yellow" and rng.random() < 0.6:
            self._reminders(item, max(assigned, last - timedelta(days=3)), last, 1, due)
        elif rng.random() < 0.15:
            self._reminders(item, assigned, last, 1, due)

    def _feedback(self, item: _Item, day: date) -> None:
        text = self.rng.choice(FEEDBACK_NOTES)
        self._event(item, day, "feedback", item.owner, text=text, rank=RANK_LOOSE)

    def _plan_finished(self, item: _Item, state: str, timing: str, extra: str | None) -> None:
        rng, today, last = self.rng, self.today, self.last
        duration = _duration(item.template.source, item.priority)
        if timing == "yesterday":
            finished, late = last, rng.random() < 0.3
        else:
            finished, late = self._back(today - self._days(2, 150)), timing == "late"
        if extra == "approved":
            original = self._back(finished - self._days(1, 8))
            due = self._fwd(finished + self._days(0, 6))
        elif late:
            original = due = self._back(finished - self._days(1, 20))
        else:
            original = due = self._fwd(finished + self._days(0, max(0, duration - 3)))
        assigned = min(self._back(original - timedelta(days=duration)), self._back(finished - DAY))
        item.assigned_on, item.due = assigned, original
        self._register(item)
        began = self._start(item, finished)
        if extra == "approved":
            asked = max(self._back(original - self._days(1, 4)), began)
            self._extension(item, "approved", asked, due, finished)
        elif extra == "refused":
            asked = max(self._back(due - self._days(1, 4)), began)
            self._extension(item, "refused", asked, self._fwd(due + self._days(7, 20)), finished)
        self._notes(item, began, finished, rng.randint(1, 3))
        if late:
            self._reminders(item, due + DAY, finished, rng.randint(1, 3), due)
        elif extra != "reopened" and rng.random() < 0.25:
            self._reminders(item, began, min(due, finished), 1, due)
        if rng.random() < 0.7:
            self._feedback(item, finished)
        if extra == "reopened":
            first = max(self._back(finished - self._days(3, 10)), began)
            self._event(item, first, "done", item.owner, text=rng.choice(DONE_NOTES))
            again = max(min(self._fwd(first + self._days(1, 2)), finished), first)
            self._event(item, again, "reopen", DIRECTOR, text=rng.choice(REOPEN_NOTES))
        self._event(item, finished, "done", item.owner, text=rng.choice(DONE_NOTES))
        if state == "evaluated":
            judged = max(min(self._fwd(finished + self._days(1, 5)), last), finished)
            on_time = finished <= due
            score = rng.choice((5, 5, 4, 4, 3) if on_time else (3, 2, 2, 1))
            comment = rng.choice(EVAL_COMMENTS[score])
            self._event(item, judged, "evaluate", DIRECTOR, text=comment, value=score)

    def _plan_cancelled(self, item: _Item, extra: str | None) -> None:
        rng = self.rng
        duration = _duration(item.template.source, item.priority)
        ended = self._back(self.today - self._days(1, 120))
        assigned = self._back(ended - self._days(3, 40))
        item.assigned_on, item.due = assigned, self._fwd(assigned + timedelta(days=duration))
        self._register(item)
        began = self._start(item, ended) if rng.random() < 0.5 else assigned
        if extra == "pending":
            asked = self._between(began, ended)
            self._extension(item, "pending", asked, self._fwd(item.due + self._days(7, 20)), ended)
        if rng.random() < 0.5:
            self._notes(item, began, ended, 1)
        self._event(item, ended, "cancel", DIRECTOR, text=rng.choice(CANCEL_REASONS))

    def _describe(self, item: _Item) -> None:
        """The source reference and a detail text that reads like a 交办通知单."""
        rng = self.rng
        tpl = item.template
        key, _, raiser = tpl.ref.partition(":")
        when = item.assigned_on
        day_of_year = when.timetuple().tm_yday
        numbers = {
            "zb": (day_of_year - 1) // 14 + 1,
            "dw": when.month,
            "jy": when.month,
            "aw": (when.month - 1) // 3 + 1,
            "ds": (when.month - 1) // 3 + 1,
        }
        number = numbers.get(key, day_of_year // 4 + rng.randint(1, 4))
        raiser_name = self.dept_names.get(raiser, "")
        item.source_ref = REFERENCES[key].format(
            y=when.year, n=number, m=when.month, d=when.day, raiser=raiser_name
        )
        dept = self.dept_names[tpl.dept]
        others = [code for code in self.internal if code != tpl.dept]
        assist = self.dept_names[rng.choice(others)]
        if tpl.source == "superior":
            item.detail = (
                f"根据{item.source_ref}要求，由{dept}牵头办理，{assist}配合。"
                "办结后将办理情况书面报办公室，由办公室统一向上级报送。"
            )
        elif tpl.source == "leadership":
            item.detail = f"{LEADERS[key]}批示：请{dept}抓紧研究落实，办理情况及时报告。"
        elif tpl.source == "meeting":
            item.detail = (
                f"{MEETINGS[key]}议定：由{dept}负责落实，{assist}配合，办理情况在下次会议上汇报。"
            )
        elif key == "lx":
            item.detail = f"{raiser_name}提出需协调办理的事项，由{dept}负责办理并答复提出部门。"
        elif key == "hl":
            item.detail = f"职工合理化建议，经办公室初审，转{dept}研究办理并答复建议人。"
        else:
            item.detail = (
                f"来文：{item.source_ref}。由{dept}主办，按来文要求按期答复，"
                "答复稿报办公室审核后发出。"
            )

    # -- replaying through the services

    def _clock(self, event: _Event, slot: int) -> None:
        """Move the session to the moment and the person of one step."""
        minute = FIRST_SLOT_MINUTE + slot * SLOT_MINUTES + event.jitter
        self.env.today = event.day
        self.env.fixed_now = local_minute(event.day, minute)
        self.env.operator = event.author

    def _replay(self, item: _Item) -> None:
        from officedesk.services import task as tasks

        session = self.session
        events = sorted(
            enumerate(item.events), key=lambda pair: (pair[1].day, pair[1].rank, pair[0])
        )
        task_id = 0
        slot, slot_day = 0, None
        for _, event in events:
            slot = slot + 1 if event.day == slot_day else 0
            slot_day = event.day
            self._clock(event, slot)
            action, text = event.action, event.text
            if action == "create":
                task_id = tasks.create_task(session, self._task_data(item)).id
            elif action == "start":
                tasks.start_task(session, task_id, text)
            elif action in ("note", "feedback"):
                tasks.add_log_entry(session, task_id, text, kind=action)
            elif action == "remind":
                tasks.remind_task(session, task_id, text)
            elif action == "extend":
                tasks.request_extension(session, task_id, event.value, text)
            elif action == "decide":
                tasks.decide_extension(session, task_id, event.value, text)
            elif action == "done":
                tasks.complete_task(session, task_id, text, event.day)
            elif action == "reopen":
                tasks.reopen_task(session, task_id, text)
            elif action == "evaluate":
                tasks.evaluate_task(session, task_id, event.value, text)
            elif action == "cancel":
                tasks.cancel_task(session, task_id, text)
            else:  # pragma: no cover - a typo in the plan above
                raise AssertionError(action)

    def _task_data(self, item: _Item) -> dict[str, Any]:
        tpl = item.template
        return {
            "title": tpl.title,
            "detail": item.detail,
            "source": tpl.source,
            "source_ref": item.source_ref,
            "category": tpl.category,
            "priority": item.priority,
            "dept": str(item.dept_id),
            "owner": str(item.owner_id),
            "assigned_on": item.assigned_on,
            "due": item.due,
        }
