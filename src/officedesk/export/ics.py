"""The ics file (RFC 5545): visits as events, the due dates of open supervision items as to-dos,
and whatever later registers give a calendar entry (export/registers.py CalendarEntry).

Written by hand, no library: CRLF line ends, lines folded at 75 octets without splitting a
character, TEXT values escaped, moments in UTC, dates as DATE values. UIDs come from the record's
kind and id, so importing a later export updates the events instead of adding them twice."""

import re
from datetime import UTC, date, datetime
from typing import BinaryIO

from officedesk.export.registers import CalendarEntry

LINE_OCTETS = 75
UID_DOMAIN = "officedesk"
# Controls other than the line breaks escaped below have no place in a TEXT value.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, a line break as
    \\n; a lone CR and other controls are dropped."""
    text = _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", ""))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> bytes:
    """One content line as octets, folded (§3.1): at most 75 octets a line, the continuation
    lines starting with a space, never inside a UTF-8 sequence."""
    out: list[bytes] = []
    current = b""
    limit = LINE_OCTETS
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current)
            current = b" "
            limit = LINE_OCTETS
        current += encoded
    out.append(current)
    return b"\r\n".join(out) + b"\r\n"


def _moment(value: date | datetime) -> str:
    """A DATE (";VALUE=DATE:20261201") or a UTC DATE-TIME (":20261201T083000Z") with the colon."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return ":" + moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return ";VALUE=DATE:" + value.strftime("%Y%m%d")


class IcsFile:
    def __init__(self, handle: BinaryIO, *, stamp: datetime, language: str) -> None:
        self._handle = handle
        self._stamp = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        self._lines(
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:-//officedesk//export//{language.upper()}",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
        )

    def _lines(self, *lines: str) -> None:
        self._handle.write(b"".join(fold(line) for line in lines))

    def add(self, entry: CalendarEntry) -> None:
        kind = "VTODO" if entry.todo else "VEVENT"
        lines = [f"BEGIN:{kind}", f"UID:{entry.uid}@{UID_DOMAIN}", f"DTSTAMP:{self._stamp}"]
        if entry.updated is not None:
            lines.append("LAST-MODIFIED" + _moment(entry.updated))
        if entry.start is not None:
            lines.append("DTSTART" + _moment(entry.start))
        if entry.end is not None:
            lines.append("DTEND" + _moment(entry.end))
        if entry.due is not None:
            lines.append("DUE" + _moment(entry.due))
        lines.append("SUMMARY:" + escape_text(entry.summary))
        if entry.location:
            lines.append("LOCATION:" + escape_text(entry.location))
        if entry.description:
            lines.append("DESCRIPTION:" + escape_text(entry.description))
        if entry.status:
            lines.append("STATUS:" + entry.status)
        lines.append(f"END:{kind}")
        self._lines(*lines)

    def close(self) -> None:
        self._lines("END:VCALENDAR")
        self._handle.flush()
