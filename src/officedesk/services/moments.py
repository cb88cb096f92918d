"""Moments as people type them (明天 9:30, 下午3点半, tomorrow 3pm, ISO) and local time."""

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from officedesk.dates import MAX_YEAR, MIN_YEAR
from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput
from officedesk.services.common import to_date
from officedesk.text import local_time

# How far ahead of the server's clock a moment may lie before it counts as the future: the
# clock of the machine a user reads the time from is seldom exactly right.
CLOCK_SLACK = timedelta(minutes=5)

# A half-day word moves the hours below the first number twelve hours on; the hour it then
# names must lie in the range (so 晚上12点 and 上午15点 are refused rather than guessed).
_HALF_DAYS: dict[str, tuple[int, range]] = {
    "凌晨": (0, range(0, 7)),
    "早上": (0, range(0, 13)),
    "上午": (0, range(0, 13)),
    "中午": (11, range(11, 15)),
    "下午": (12, range(12, 24)),
    "晚上": (12, range(17, 24)),
}
_CLOCK = re.compile(
    r"(?P<day>.*?)(?:\s+|(?<=\d)T)?"
    rf"(?P<half>{'|'.join(_HALF_DAYS)})?\s*"
    r"(?P<hour>\d{1,2})"
    r"(?::(?P<minute>\d{2})|(?P<dot>[点时])(?:(?P<minutes>\d{1,2})分?|(?P<word>半|整))?)?"
    r"\s*(?P<meridiem>[ap]\.?m\.?)?",
    re.IGNORECASE,
)


class _Unreadable(Exception):
    """Internal signal; turned into InvalidInput carrying what the user typed."""


def parse_moment(
    session: OfficeSession,
    value: datetime | date | str | None,
    *,
    default_time: time = time(9, 0),
    now_if_today: bool = False,
    day: date | None = None,
    field: str | None = None,
    invalid_key: str = "moment.invalid",
) -> datetime | None:
    """What the user typed → an aware UTC datetime; None when nothing was typed.

    Accepts an ISO date-time (with an offset, or naive and then local), `[date word] HH:MM`,
    `[date word][上午|下午|…]H点[MM分|半|整]`, `[date word] H[:MM]am|pm`, and a date word alone
    (any word to_date knows). A date alone falls at ``default_time`` — or at now when it is
    today and ``now_if_today``; a time alone falls on ``day`` (by default today). Wall-clock
    times are read in the machine's time zone, as everything else shows them. Whether the
    future is allowed is the caller's rule (refuse_future). An unreadable value raises
    InvalidInput(invalid_key, value=…, field=… when given).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC)  # a naive datetime is local
    env = session.env
    if isinstance(value, date):
        return _on_day(session, value, default_time, now_if_today)
    text = unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else None
    if text == "":
        return None
    try:
        if text is None:
            raise _Unreadable
        if (moment := _iso(text)) is not None:
            return moment
        clock = _CLOCK.fullmatch(text)
        if clock is None or not (clock["minute"] or clock["dot"] or clock["meridiem"]):
            on = to_date(session, text)
            assert on is not None
            return _on_day(session, on, default_time, now_if_today)
        at = _time_of(clock)
        on = to_date(session, clock["day"]) if clock["day"] else day or env.today
        assert on is not None
        return local_moment(on, at)
    except (_Unreadable, InvalidInput, ValueError, OverflowError):
        params: dict[str, Any] = {"value": str(value)} | ({"field": field} if field else {})
        raise InvalidInput(invalid_key, **params) from None


def refuse_future(session: OfficeSession, moment: datetime, key: str = "moment.in_future") -> None:
    """Raise InvalidInput(key, when=local text) for a moment later than now (beyond the slack)."""
    if moment > session.env.now() + CLOCK_SLACK:
        raise InvalidInput(key, when=local_text(moment))


def _iso(text: str) -> datetime | None:
    """An ISO date-time, or None; a date alone is a day (parsed elsewhere), not its midnight."""
    if ":" not in text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None  # 2026-11-27 24:00 and 明天 9:30 are the clock's to judge
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise _Unreadable
    return moment.astimezone(UTC)


def _time_of(clock: re.Match[str]) -> time:
    hour = int(clock["hour"])
    minute = int(clock["minute"] or clock["minutes"] or 0)
    if clock["word"] == "半":
        minute = 30
    half, meridiem = clock["half"], clock["meridiem"]
    if meridiem:
        if half or not 1 <= hour <= 12:
            raise _Unreadable
        hour = hour % 12 + (12 if meridiem[0].lower() == "p" else 0)
    elif half:
        shift_below, hours = _HALF_DAYS[half]
        if hour < shift_below:
            hour += 12
        if hour not in hours:
            raise _Unreadable
    return time(hour, minute)  # ValueError beyond 23:59


def _on_day(session: OfficeSession, on: date, default_time: time, now_if_today: bool) -> datetime:
    env = session.env
    if now_if_today and on == env.today:
        return env.now()
    return local_moment(on, default_time)


# ---- local time: the machine's time zone, where the office is ----------------------------------


def local_moment(on: date, at: time = time(0, 0)) -> datetime:
    """A wall-clock time on a day in the local time zone, as aware UTC."""
    return datetime.combine(on, at).astimezone().astimezone(UTC)


def local_minute(on: date, minute: int) -> datetime:
    """The `minute`th minute of a local day (9:30 is 570), as aware UTC: read off the wall
    clock, so a daylight-saving change that day does not move office hours."""
    hour, minute = divmod(min(max(minute, 0), 24 * 60 - 1), 60)
    return local_moment(on, time(hour, minute))


def local_day(moment: datetime) -> date:
    """The local calendar day a stored moment falls on."""
    return moment.astimezone().date()


def local_day_bounds(on: date) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar day, as aware UTC: for `WHERE at >= start AND at < end`."""
    return local_moment(on), local_moment(on + timedelta(days=1))


local_text = local_time  # the name the registers use
