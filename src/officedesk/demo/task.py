"""The demo office's directory and supervision items, planned (demo/task_plan.py) and then
replayed step by step through the services, each step at its own past moment, as its author.

Going through the services exercises validation, numbering, pinyin keys and the change journal,
and the demo can hold nothing a user could not have produced.
"""

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from officedesk.db import OfficeSession
from officedesk.demo.clock import travel
from officedesk.demo.directory import build_directory
from officedesk.demo.task_plan import SLOT_MINUTES, Item, ItemPlanner
from officedesk.services.moments import local_minute

# Office hours on the office's clock (the machine's, as everywhere: services.moments); log
# timestamps are stored in UTC.
FIRST_SLOT_MINUTE = 8 * 60 + 35


@dataclass
class Office:
    """What building the office gave: its figures, and the moment and author of its last step."""

    counts: dict[str, int]
    last_moment: datetime
    last_author: str


def build_office(session: OfficeSession, rng: random.Random) -> Office:
    """The directory, then the items in the order they were assigned (one generator for both)."""
    directory = build_directory(session, rng)
    env = session.env
    items = ItemPlanner(rng, env.calendar, env.today, directory).plan()
    last_moment, last_author = env.now(), env.operator
    for item in sorted(items, key=lambda i: (i.assigned_on, i.order)):
        last_moment, last_author = _replay(session, item)
    counts = {
        "departments": len(directory.dept_ids),
        "people": directory.people,
        "tasks": len(items),
    }
    return Office(counts, last_moment, last_author)


def _replay(session: OfficeSession, item: Item) -> tuple[datetime, str]:
    """One item's history through services.task; the moment and author of its last step."""
    from officedesk.services import task as tasks

    events = sorted(enumerate(item.events), key=lambda pair: (pair[1].day, pair[1].rank, pair[0]))
    task_id = 0
    slot, slot_day = 0, None
    moment, author = session.env.now(), session.env.operator
    for _, event in events:
        slot = slot + 1 if event.day == slot_day else 0
        slot_day = event.day
        moment = local_minute(event.day, FIRST_SLOT_MINUTE + slot * SLOT_MINUTES + event.jitter)
        author = event.author
        action, text = event.action, event.text
        with travel(session, moment, operator=author):
            if action == "create":
                task_id = tasks.create_task(session, _task_data(item)).id
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
            else:  # pragma: no cover - a typo in the plan
                raise AssertionError(action)
    return moment, author


def _task_data(item: Item) -> dict[str, Any]:
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
