"""The coordination matters' lifecycle (协调事项): open → agreed (意见一致) → closed with the
outcome; or escalated to a leader (提请领导协调), whose decision, recorded verbatim, lets the
matter be agreed or closed; an agreed or closed matter reopens with a reason. Which states
count as open, what each offers, and when an open matter is stale."""

from datetime import date, timedelta
from typing import Any

from officedesk.models.matter import MATTER_STATES as STATES
from officedesk.services.states import StateMachine, Table
from officedesk.workcal import WorkCalendar

# Not yet closed: still being coordinated, agreed and being carried out, or with a leader.
OPEN_STATES = frozenset({"open", "agreed", "escalated"})
CLOSED_STATES = frozenset({"closed"})
# States in which the matter still changes: contacts, items, its record.
CHANGING = OPEN_STATES

MATTER_STEPS: Table = {
    "agree": ({"open", "escalated"}, "agreed"),
    "escalate": ({"open"}, "escalated"),
    "close": ({"open", "agreed", "escalated"}, "closed"),
    "reopen": ({"agreed", "closed"}, "open"),
}
MATTER_MACHINE = StateMachine(name="matter", states=STATES, table=MATTER_STEPS)

# How many working days an open matter may go without a contact before Today lists it as stale.
# A constant, not a config key: the config file's only table of office limits ([due]) accepts
# the supervision items' due rules alone, and config.py is shared by every register; when it
# gains a [matter] table this is the default it overrides.
STALE_WORKDAYS = 5
# Only a matter still being coordinated goes stale: an agreed one is carried out by its items
# (which have their own due dates), an escalated one waits on the leader.
STALE_STATES = frozenset({"open"})


def allowed_steps(matter: Any) -> tuple[str, ...]:
    """The steps legal now: the table's, narrowed by the rule that an escalated matter is
    agreed or closed only once the leader's decision is on record."""
    steps = MATTER_MACHINE.allowed(matter.state)
    if matter.state == "escalated" and not matter.decision:
        steps = tuple(step for step in steps if step not in ("agree", "close"))
    return steps


def offered_operations(matter: Any) -> list[str]:
    """What the front ends offer for a matter: its legal steps; while it is not closed its
    record, a contact and an item; the leader's decision while it is escalated without one."""
    offered = list(allowed_steps(matter))
    if matter.state in CHANGING:
        offered += ["edit", "contact", "item"]
    if matter.state == "escalated" and not matter.decision:
        offered.append("decide")
    return offered


def ensure_changing(matter: Any) -> None:
    """Refuse a change (record, contact, item) to a closed matter: reopen it first."""
    if matter.state not in CHANGING:
        raise MATTER_MACHINE.refuse_state("matter.closed", matter.state, code=matter.code)


def stale_cutoff(calendar: WorkCalendar, today: date, workdays: int = STALE_WORKDAYS) -> date:
    """The latest day a last contact may fall on for the matter to be stale: `workdays` working
    days lie after it up to today (calendar.workdays_between(day, today) >= workdays)."""
    day, counted = today, 0
    while counted < workdays:
        if calendar.is_workday(day):
            counted += 1
        day -= timedelta(days=1)
    return day


def is_stale(state: str, idle_workdays: int, workdays: int = STALE_WORKDAYS) -> bool:
    """An open matter with no contact for `workdays` working days."""
    return state in STALE_STATES and idle_workdays >= workdays
