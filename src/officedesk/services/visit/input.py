"""Visit values as people type them (¥1,200.50, "name:post" lines), read apart from the
register's rules so the CLI, the TUI and the reception list agree on them; times are read by
services.moments."""

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from officedesk.db import OfficeSession
from officedesk.errors import InvalidInput
from officedesk.models.visit import GuestCreate
from officedesk.services.moments import (
    local_text,  # noqa: F401 - the visit views import it here
    parse_moment,
)
from officedesk.services.validation import validate

MAX_MONEY_FEN = 10**12  # ten billion yuan: anything larger is a typo


def parse_money(value: object, field: str) -> int | None:
    """Yuan as typed (1200, 1,200.50, ¥800, 800元) → fen; blank → None. Never a float."""
    if value is None:
        return None
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str):
        text = value
    else:
        raise InvalidInput("visit.bad_money", field=field, value=str(value))
    cleaned = unicodedata.normalize("NFKC", text).strip()
    for mark in (",", " ", "¥", "元", "￥"):
        cleaned = cleaned.replace(mark, "")
    if not cleaned:
        return None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidInput("visit.bad_money", field=field, value=text) from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput("visit.bad_money", field=field, value=text)
    fen = int(amount * 100)
    if fen > MAX_MONEY_FEN:
        raise InvalidInput("visit.bad_money", field=field, value=text)
    return fen


def format_money(fen: int | None) -> str:
    if fen is None:
        return ""
    return f"{fen // 100:,}.{fen % 100:02d}"


def parse_guests(value: object) -> list[dict[str, str]]:
    """Guests as [{"name", "post"}]: from such dicts, from "name:post" strings, or from text
    with one guest per line (or separated by ；/;)."""
    if value is None:
        return []
    if isinstance(value, str):
        items: Iterable[Any] = [p for p in re.split(r"[\n;；]", value) if p.strip()]
    elif isinstance(value, Iterable):
        items = value
    else:
        raise InvalidInput("input.invalid", field="guests")
    guests = []
    for item in items:
        if isinstance(item, dict):
            guests.append({"name": item.get("name", ""), "post": item.get("post", "") or ""})
            continue
        parts = re.split(r"[:：]", str(item), maxsplit=1)
        name, post = parts[0], parts[1] if len(parts) > 1 else ""
        guests.append({"name": name.strip(), "post": post.strip()})
    return [validate(GuestCreate, g, labels={"name": "guests"}).model_dump() for g in guests if g]


def visit_moment(
    session: OfficeSession, value: Any, field: str, default_time: time, day: date | None = None
) -> datetime | None:
    """A visit's time as typed: a day alone at default_time, a time alone on day (today)."""
    return parse_moment(
        session,
        value,
        default_time=default_time,
        day=day,
        field=field,
        invalid_key="visit.bad_time",
    )
