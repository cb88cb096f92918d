"""The plan of the demo office's supervision items: each item's situation drawn, then its
history dated step by step (in memory: demo/task.py replays it through the services)."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from officedesk.demo.clock import WorkdayPlanner
from officedesk.demo.directory import Directory
from officedesk.demo.task_data import (
    APPROVE_NOTES,
    CANCEL_REASONS,
    DIRECTOR,
    DONE_NOTES,
    DURATIONS,
    EVAL_COMMENTS,
    EXTENSION_REASONS,
    FEEDBACK_NOTES,
    ITEMS,
    LEADERS,
    MEETINGS,
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
from officedesk.workcal import WorkCalendar

DAY = timedelta(days=1)
SLOT_MINUTES = 42  # the steps of one item on one day are this far apart (demo/task.py)
# Order of same-day events: registration first, loose notes next, state steps last.
RANK_CREATE, RANK_LOOSE, RANK_STEP = 0, 1, 2


@dataclass(frozen=True)
class Template:
    source: str
    category: str
    dept: str
    ref: str
    title: str


@dataclass
class Event:
    day: date
    rank: int
    action: str
    author: str
    text: str = ""
    value: Any = None
    jitter: int = 0


@dataclass
class Item:
    order: int
    template: Template
    priority: str
    owner: str
    owner_id: int
    dept_id: int
    assigned_on: date
    due: date
    source_ref: str = ""
    detail: str = ""
    events: list[Event] = field(default_factory=list)


def _templates(year: int) -> list[Template]:
    years = {"{year}": str(year), "{next}": str(year + 1), "{last}": str(year - 1)}
    rows = []
    for source, block in ITEMS.items():
        for line in block.strip().splitlines():
            category, dept, ref, title = line.split("|")
            for placeholder, value in years.items():
                title = title.replace(placeholder, value)
            rows.append(Template(source, category, dept, ref, title))
    return rows


def _scenarios() -> list[tuple[str, str, str | None]]:
    return [(state, timing, extra) for state, timing, extra, n in SCENARIOS for _ in range(n)]


def _duration(source: str, priority: str) -> int:
    """Calendar days from assignment to due, after the usual office rules (standards.md §5.7)."""
    return DURATIONS.get(source, DURATIONS["leadership"])[priority]


class ItemPlanner(WorkdayPlanner):
    """Plans every item in memory before any is written, so items can be registered in the
    order they were assigned (DB-2026-0001 is the oldest, as in a real register). Dates count
    back from today, so the demo always shows overdue, due-soon and finished work.
    """

    def __init__(
        self, rng: random.Random, calendar: WorkCalendar, today: date, directory: Directory
    ) -> None:
        self.rng = rng
        self.calendar = calendar
        self.today = today
        self.last = self._back(self.today - DAY)  # the last working day before today
        self.dept_ids = directory.dept_ids
        self.dept_names = directory.dept_names
        self.members = directory.members
        self.internal = directory.internal  # keys of internal departments, in catalogue order

    # -- calendar helpers (_back and _fwd, which draw nothing, come from WorkdayPlanner)

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

    def plan(self) -> list[Item]:
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
            item = Item(
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

    def _event(self, item: Item, day: date, action: str, author: str, **kw: Any) -> None:
        rank = RANK_CREATE if action == "create" else kw.pop("rank", RANK_STEP)
        jitter = self.rng.randint(0, SLOT_MINUTES // 2)
        item.events.append(Event(day, rank, action, author, jitter=jitter, **kw))

    def _register(self, item: Item) -> None:
        self._event(item, item.assigned_on, "create", self.rng.choice(REGISTRARS))

    def _start(self, item: Item, latest: date) -> date:
        rng = self.rng
        day = max(self._back(min(item.assigned_on + self._days(0, 3), latest)), item.assigned_on)
        self._event(item, day, "start", item.owner, text=rng.choice(START_NOTES))
        return day

    def _notes(self, item: Item, low: date, high: date, count: int) -> None:
        rng = self.rng
        for _ in range(count):
            text = rng.choice(PROGRESS_NOTES).format(
                p=rng.choice((30, 40, 50, 60, 70, 80)),
                k=rng.randint(3, 12),
                assist=self.dept_names[rng.choice(self.internal)],
            )
            day = self._between(low, high)
            self._event(item, day, "note", item.owner, text=text, rank=RANK_LOOSE)

    def _reminders(self, item: Item, low: date, high: date, count: int, due: date) -> None:
        rng = self.rng
        for _ in range(count):
            day = self._between(low, high)
            late = (day - due).days
            pool = REMIND_OVERDUE if late > 0 else REMIND_BEFORE
            text = rng.choice(pool).format(n=late)
            self._event(item, day, "remind", rng.choice(SUPERVISORS), text=text, rank=RANK_LOOSE)

    def _extension(
        self, item: Item, kind: str, requested: date, new_due: date, latest: date
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

    def _plan_open(self, item: Item, state: str, timing: str, extra: str | None) -> None:
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

    def _feedback(self, item: Item, day: date) -> None:
        text = self.rng.choice(FEEDBACK_NOTES)
        self._event(item, day, "feedback", item.owner, text=text, rank=RANK_LOOSE)

    def _plan_finished(self, item: Item, state: str, timing: str, extra: str | None) -> None:
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

    def _plan_cancelled(self, item: Item, extra: str | None) -> None:
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

    def _describe(self, item: Item) -> None:
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
