"""The supervision register's line on Today beside its own sections (services.today): extension
requests waiting for the director's decision, so a deadline is not moved, or missed, by silence."""

from sqlmodel import col, select

from officedesk.db import OfficeSession
from officedesk.models import Department, Task
from officedesk.models.task_log import TaskExtension
from officedesk.services.agenda import AgendaLine, Phrase, phrase, stored
from officedesk.services.moments import local_day
from officedesk.services.task.query import late_request

TODAY_LIMIT = 200


def today_lines(session: OfficeSession) -> list[AgendaLine]:
    """Pending requests, oldest first: the item, its department, the due date asked for, the
    working days it has waited, and whether it was asked for after the due date."""
    rows = session.exec(
        select(TaskExtension, Task, Department.name)
        .join(Task, col(Task.id) == TaskExtension.task_id)
        .outerjoin(Department, col(Department.id) == Task.dept_id)
        .where(col(TaskExtension.status) == "pending")
        .order_by(col(TaskExtension.requested_at), col(TaskExtension.id))
        .limit(TODAY_LIMIT)
    ).all()
    env = session.env
    lines = []
    for request, task, dept in rows:
        assert task.id is not None
        asked_on = local_day(request.requested_at)
        detail: list[Phrase] = [stored(dept)] if dept else []
        detail.append(
            phrase(
                "today.line.extension",
                old=request.old_due.isoformat(),
                new=request.new_due.isoformat(),
            )
        )
        # How long it has waited for a decision, and whether it came after the deadline.
        detail.append(
            phrase("today.line.waiting_days", n=env.calendar.workdays_between(asked_on, env.today))
        )
        if late_request(request.requested_at, request.old_due):
            detail.append(phrase("today.line.late_request"))
        lines.append(
            AgendaLine(
                "extensions_pending",
                "task",
                task.id,
                task.code,
                task.title,
                tuple(detail),
                request.requested_at,
            )
        )
    return lines
