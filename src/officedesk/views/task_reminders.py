"""The reminders (催办) across supervision items, as `officedesk task reminders` lists them: the
list the period report's reminder figure is checked against."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from officedesk.views.columns import Column, print_page

if TYPE_CHECKING:
    from officedesk.services.task.query import ReminderRead

COLUMNS = (
    Column("at", "field.at", 16),
    Column("code", "field.code", 12),
    Column("title", "field.title", 0),
    Column("dept", "field.dept", 10, cap=10),
    Column("author", "field.author", 8, cap=8),
    Column("text", "field.text", cap=30),
)


def reminder_table(reminders: Sequence["ReminderRead"], *, has_more: bool, offset: int = 0) -> None:
    """A page of reminders on stdout, newest first; item titles and notes are user text."""
    from rich.text import Text

    from officedesk.text import local_time
    from officedesk.views.render import cell

    rows = [
        [
            Text(local_time(reminder.at)),
            cell(reminder.code),
            cell(reminder.title),
            cell(reminder.dept or ""),
            cell(reminder.author),
            cell(reminder.text),
        ]
        for reminder in reminders
    ]
    print_page(COLUMNS, rows, has_more=has_more, offset=offset)
