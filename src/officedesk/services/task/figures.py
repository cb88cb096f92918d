"""The supervision register's figures in the period reports (services.report_period): items
assigned, finished on time, finished late, still open past a due date in the period, and the
reminders given. Each is the count of a `task list` or `task reminders` filter."""

from datetime import date

from officedesk.db import OfficeSession
from officedesk.services.report_period import Figure, day_words
from officedesk.services.task.query import (
    ReminderFilter,
    TaskFilter,
    count_reminders,
    count_tasks,
)

FIGURES = (
    "report.figure.task_assigned",
    "report.figure.task_done_on_time",
    "report.figure.task_done_late",
    "report.figure.task_overdue",
    "report.figure.task_reminders",
)


def figures(session: OfficeSession, start: date, end: date) -> list[Figure]:
    """Counted with the lists' own filters; each figure names the list that gives it.

    Overdue is judged today, not at the period's end (the register keeps no history of states):
    the items due in the period and still open after their due date."""
    assigned = day_words("--assigned-since", "--assigned-until", start, end)
    done = day_words("--done-since", "--done-until", start, end)
    due = day_words("--due-after", "--due-before", start, end)
    items = {
        "report.figure.task_assigned": (
            TaskFilter(states=["all"], assigned_since=start, assigned_until=end),
            ("task", "list", "--state", "all", *assigned),
        ),
        "report.figure.task_done_on_time": (
            TaskFilter(done_since=start, done_until=end, on_time=True),
            ("task", "list", *done, "--on-time"),
        ),
        "report.figure.task_done_late": (
            TaskFilter(done_since=start, done_until=end, on_time=False),
            ("task", "list", *done, "--late"),
        ),
        "report.figure.task_overdue": (
            TaskFilter(overdue=True, due_after=start, due_before=end),
            ("task", "list", "--overdue", *due),
        ),
    }
    found = [Figure(key, count_tasks(session, flt), argv) for key, (flt, argv) in items.items()]
    reminders = count_reminders(session, ReminderFilter(since=start, until=end))
    argv = ("task", "reminders", *day_words("--since", "--until", start, end))
    return [*found, Figure("report.figure.task_reminders", reminders, argv)]
