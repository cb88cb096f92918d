"""The config file's [nightly] table: what `officedesk nightly` does each night.

    [nightly]
    out = "/srv/officedesk/nightly"   # backups/ and export/ go under it (default: the data dir's)
    formats = ["xlsx", "csv", "jsonl", "ics"]
    registers = []                    # every register when empty
    keep = 14                         # backups kept
    reports = ["daily"]

Pure parsing (no database, no registry import beyond names), so reading the config stays cheap.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from officedesk.errors import InvalidInput

EXPORT_FORMATS = ("xlsx", "csv", "jsonl", "ics")
REPORT_KINDS = ("daily", "weekly", "monthly")
KEEP_MAX = 1000


@dataclass(frozen=True)
class NightlySettings:
    out: Path | None = None  # None: data_dir()/nightly
    formats: tuple[str, ...] = EXPORT_FORMATS
    registers: tuple[str, ...] = ()  # every register
    keep: int = 14
    reports: tuple[str, ...] = ("daily",)


def nightly_from(raw: Any, where: str) -> NightlySettings:
    """[nightly] read and checked; a wrong value names its key (config.bad_value)."""

    def bad(key: str) -> InvalidInput:
        return InvalidInput("config.bad_value", path=where, key=f"nightly.{key}")

    if not isinstance(raw, dict):
        raise bad("")
    unknown = set(raw) - {"out", "formats", "registers", "keep", "reports"}
    if unknown:
        raise bad(sorted(unknown)[0])
    out = raw.get("out")
    if out is not None and (not isinstance(out, str) or not out.strip()):
        raise bad("out")
    keep = raw.get("keep", 14)
    if not isinstance(keep, int) or isinstance(keep, bool) or not 1 <= keep <= KEEP_MAX:
        raise bad("keep")
    return NightlySettings(
        out=Path(out).expanduser() if out else None,
        formats=_words(raw, "formats", EXPORT_FORMATS, bad, EXPORT_FORMATS),
        registers=_words(raw, "registers", None, bad, ()),
        keep=keep,
        reports=_words(raw, "reports", REPORT_KINDS, bad, ("daily",)),
    )


def _words(
    raw: dict[str, Any],
    key: str,
    allowed: tuple[str, ...] | None,
    bad: Any,
    default: tuple[str, ...],
) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        return default
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise bad(key)
    words = tuple(dict.fromkeys(v.strip() for v in value))
    if allowed is not None and set(words) - set(allowed):
        raise bad(key)
    return words
