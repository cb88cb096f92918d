"""Today in words: the morning brief (`officedesk today --brief`) and the sections' titles.

The overview itself (services.today) is language neutral: which items, how many, by department.
Here it is worded in the language of the moment, for the CLI and the workbench alike.
"""

from datetime import date, timedelta
from typing import Any

from officedesk.i18n import label, t
from officedesk.models.task_schemas import TaskRead
from officedesk.services.agenda import AgendaLine, Phrase
from officedesk.services.today import TodayOverview, TodaySection
from officedesk.text import display_safe
from officedesk.views.day import beyond_law, day_dict, day_text, estimated_note, month_label

_ONE_DAY = timedelta(days=1)


# ---- the agenda's details and the JSON --------------------------------------------------------


def agenda_detail(line: AgendaLine) -> str:
    """A line's detail as Today shows it: 特急、待批示 / 合规部 · 2人 · 09:30."""
    joiner = " · " if line.joiner == "dot" else t("list.sep")
    return joiner.join(_worded(part) for part in line.detail)


def _worded(part: Phrase) -> str:
    if not part.key:
        return label(part.group, part.value) if part.group else part.value
    params = dict(part.params)
    for name, group in part.labels.items():
        params[name] = label(group, params[name])
    return t(part.key, **params)


def agenda_dict(line: AgendaLine) -> dict[str, Any]:
    """A line as `today --json` shows it: its values and its detail in the current language."""
    values = line.as_dict()
    return {
        "kind": values["kind"],
        "id": values["id"],
        "code": values["code"],
        "title": values["title"],
        "detail": agenda_detail(line),
        "when": values["when"],
    }


def overview_dict(overview: TodayOverview) -> dict[str, Any]:
    """`today --json`: the overview's values, with the day's status and the agenda's details
    worded (JSON-ready: ISO dates, plain values)."""
    data = overview.as_dict()
    data["calendar"] = day_dict(overview.calendar)
    data["agenda"] = {
        name: [agenda_dict(line) for line in lines] for name, lines in overview.agenda.items()
    }
    if overview.nightly is not None:
        from officedesk.views.nightly import trouble_line

        data["nightly"]["message"] = trouble_line(*overview.nightly)
    return data


# ---- the morning brief -----------------------------------------------------------------------


def brief_date(day: date, today: date) -> str:
    """11月20日 / Nov 20; the year only when it is not this year's (2027年1月5日 / Jan 5, 2027)."""
    month = month_label(day)
    if day.year == today.year:
        return t("today.date.short", month=month, day=day.day)
    return t("today.date.long", year=day.year, month=month, day=day.day)


def brief_text(overview: TodayOverview) -> str:
    """The overview as plain text to paste into a chat message: no markup, no colour, no
    table borders, and user text with control characters replaced, so what is pasted is what
    was stored. Numbering restarts in every section."""
    return "\n".join(_brief_lines(overview)) + "\n"


def _brief_lines(overview: TodayOverview) -> list[str]:
    today = overview.day
    status = overview.calendar
    if overview.dept is not None:
        lines = [
            t("today.brief.header_dept", dept=display_safe(overview.dept), status=day_text(status))
        ]
    else:
        lines = [t("today.brief.header", status=day_text(status))]
    numerals = t("today.brief.numerals").split()
    for index, section in enumerate(overview.sections):
        number = numerals[index] if index < len(numerals) else str(index + 1)
        title = section_title(overview, section)
        lines.append(t("today.brief.section", number=number, title=title, count=section.total))
        if not section.groups:
            lines.append(t("today.none"))
            continue
        position = 0
        for group in section.groups:
            dept = display_safe(group.dept) if group.dept is not None else t("today.no_dept")
            lines.append(t("today.brief.group", dept=dept, count=len(group.items)))
            for item in group.items:
                position += 1
                # "1. DB-2026-0001 标题" holds no words to translate; the brackets around the
                # details do (（…） in Chinese, " (…)" in English).
                details = t("today.brief.sep").join(_details(section.name, item, today))
                lines.append(
                    f"{position}. {display_safe(item.code)} {display_safe(item.title)}"
                    f"{t('today.brief.open.sep')}{details}{t('today.brief.close')}"
                )
        if section.truncated:
            lines.append(t("today.brief.more", n=section.total - section.shown))
    for offset, (name, agenda_lines) in enumerate(overview.agenda_sections()):
        index = len(overview.sections) + offset
        number = numerals[index] if index < len(numerals) else str(index + 1)
        title = t(f"today.agenda.{name}")
        lines.append(t("today.brief.section", number=number, title=title, count=len(agenda_lines)))
        for position, line in enumerate(agenda_lines, start=1):
            text = f"{position}. {display_safe(line.code)} {display_safe(line.title)}"
            detail = agenda_detail(line)
            if detail:
                text += f"{t('today.brief.open.sep')}{display_safe(detail)}"
                text += t("today.brief.close")
            lines.append(text)
    note = calendar_note(overview, status, "today.brief.estimated")
    if note:
        lines.append(note)
    return lines


def calendar_note(overview: TodayOverview, status: Any, key: str) -> str | None:
    """The note under a day whose year, or an open item's due year, is estimated: its 调休
    missing, or (beyond the law's table) its holidays too; None when every date is official.
    Done items are left out: they show no working-day figures an unknown year could skew."""
    estimated = status.estimated
    weekdays_only = status.weekdays_only
    for section in overview.sections:
        if section.name == "done_recently":
            continue
        for item in section.items():
            if item.calendar_estimated:
                estimated = True
                weekdays_only = weekdays_only or beyond_law(item.due)
    return estimated_note(key, weekdays_only) if estimated else None


def section_title(overview: TodayOverview, section: TodaySection) -> str:
    """已逾期 / 3个工作日内到期 / 昨日办结 (or the days it covers after a weekend)."""
    if section.name == "overdue":
        return t("today.section.overdue")
    if section.name == "due_soon":
        return t("today.section.due_soon", n=overview.yellow_workdays)
    since, until = section.since, section.until
    if since is None or until is None or since == until == overview.day - _ONE_DAY:
        return t("today.section.done_yesterday")
    return t(
        "today.section.done_range",
        since=brief_date(since, overview.day),
        until=brief_date(until, overview.day),
    )


def _details(section: str, item: TaskRead, today: date) -> list[str]:
    """The parenthesised facts of one brief line: owner, due date, how late or how close."""
    parts = []
    if item.owner:
        parts.append(t("today.brief.owner", owner=display_safe(item.owner)))
    due = brief_date(item.due, today)
    if section == "done_recently":
        parts.append(t("today.brief.due", due=due))
        done_on = brief_date(item.done_on, today) if item.done_on else ""
        key = "today.brief.done_late" if item.on_time is False else "today.brief.done_on"
        parts.append(t(key, date=done_on))
        return parts
    days = item.due_in_workdays or 0
    if section == "overdue":
        parts.append(t("today.brief.due", due=due))
        if days <= -2:
            parts.append(t("today.brief.overdue_days", n=-days))
        elif days == -1:
            parts.append(t("today.brief.overdue_one"))
        else:  # due on a rest day with no working day since: late, by no working day yet
            parts.append(t("today.brief.overdue"))
    elif item.due == today:
        parts.append(t("today.brief.due_today"))
    else:
        parts.append(t("today.brief.due", due=due))
        if days >= 2:
            parts.append(t("today.brief.left_days", n=days))
        elif days == 1:
            parts.append(t("today.brief.left_one"))
        else:  # due on a rest day before the next working day: today is the last chance
            parts.append(t("today.brief.left_none"))
    return parts
