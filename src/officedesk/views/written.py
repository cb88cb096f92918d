"""Dates as a document writes them (GB/T 9704 §7.3.5.4: 2026年3月5日, no leading zeros), for the
texts the office prints or files: the reception list, drafts. English texts keep ISO dates."""

from datetime import date, datetime

from officedesk.i18n import current_language


def written_date(day: date) -> str:
    """The standard's form is Chinese; an English text keeps the ISO date it can sort by."""
    if current_language() == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def written_moment(moment: datetime) -> str:
    """A stored (UTC) moment in local time: its date written out, then the time of day."""
    local = moment.astimezone()
    return f"{written_date(local.date())} {local:%H:%M}"


def written_month(year: int, month: int) -> str:
    """2026年11月; an English text keeps the ISO month (2026-11)."""
    if current_language() == "zh":
        return f"{year}年{month}月"
    return f"{year}-{month:02d}"
