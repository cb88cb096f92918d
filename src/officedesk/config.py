"""Settings from the user's config file (TOML) and the environment; read once per process."""

import contextlib
import json
import os
import re
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from officedesk.errors import InvalidInput
from officedesk.nightly_settings import NightlySettings, nightly_from

APP_NAME = "officedesk"

# The usual office rules (reference/standards.md §5.7): a document to handle 30 days,
# a meeting resolution 20 days, a leader's instruction 3 / 15 / 30 days by urgency. An urgent
# document gets the limits the telegraph rules give the same words (§3: 特急 3, 加急 5 days), a
# telegram those of its grade (特提 1, 特急 3, 加急 5, 平急 10 days).
DEFAULT_DUE_RULES: dict[str, str] = {
    "incoming": "+30d",
    "incoming.extra_urgent": "+3d",
    "incoming.urgent": "+5d",
    "telegram.flash": "+1d",
    "telegram.extra_urgent": "+3d",
    "telegram.urgent": "+5d",
    "telegram.plain_urgent": "+10d",
    "meeting": "+20d",
    "leadership.urgent": "+3d",
    "leadership.normal": "+15d",
    "leadership.difficult": "+30d",
    "superior.urgent": "+3d",
    "superior.normal": "+15d",
    "superior.difficult": "+30d",
    "department": "+15d",
}

# 发文字号 prefixes (机关代字) per outgoing document type: `X司发〔2026〕12号`. An office sets its
# own in the [outgoing.prefixes] table; types sharing a prefix share its gap-free series.
DEFAULT_OUTGOING_PREFIXES: dict[str, str] = {
    "resolution": "X司发",
    "decision": "X司发",
    "order": "X司发",
    "communique": "X司发",
    "announcement": "X司发",
    "public_notice": "X司发",
    "opinion": "X司发",
    "notice": "X司发",
    "bulletin": "X司发",
    "report": "X司报",
    "request": "X司报",
    "reply": "X司复",
    "motion": "X司报",
    "letter": "X司函",
    "minutes": "X司纪",
    "plan": "X司办",
    "summary": "X司办",
    "speech": "X司办",
}
OUTGOING_PREFIX_MAX = 20
# How long a writer waits for the database before it gives up (seconds): long enough for the
# nightly job's longest transaction, short enough that a stuck lock is reported the same night.
DEFAULT_LOCK_WAIT = 30.0
LOCK_WAIT_MAX = 3600.0


@dataclass(frozen=True)
class Settings:
    """What the config file may set; every field has a working default."""

    lang: str | None = None
    operator: str | None = None
    company: str = ""
    theme: str | None = None
    yellow_workdays: int = 3
    due_rules: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_DUE_RULES))
    outgoing_prefixes: dict[str, str] = field(
        default_factory=lambda: dict(DEFAULT_OUTGOING_PREFIXES)
    )
    # A one-person office may decide its own extension requests; otherwise another must.
    self_approve_extensions: bool = False
    # A body holding public power may issue 命令, 议案 and 公告; a company may not.
    government_body: bool = False
    calendar: dict[str, Any] = field(default_factory=dict)
    lock_wait: float = DEFAULT_LOCK_WAIT
    # The seal log's key (HMAC), kept outside the database; None means the data directory's.
    seal_key_file: Path | None = None
    nightly: NightlySettings = field(default_factory=NightlySettings)
    # The largest file `officedesk import` reads, in MiB.
    import_max_mib: float = 50.0
    path: Path | None = None


def _xdg(variable: str, fallback: str) -> Path | None:
    """platformdirs' own rule on Linux, without importing it: every command reads the config path,
    so the import (a few ms) would be paid on every run."""
    if not sys.platform.startswith("linux"):
        return None
    base = os.environ.get(variable, "").strip()
    return Path(base if base else os.path.expanduser(fallback)) / APP_NAME


def config_dir() -> Path:
    fast = _xdg("XDG_CONFIG_HOME", "~/.config")
    if fast is not None:
        return fast
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    fast = _xdg("XDG_DATA_HOME", "~/.local/share")
    if fast is not None:
        return fast
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    override = os.environ.get("OFFICEDESK_CONFIG")
    return Path(override) if override else config_dir() / "config.toml"


_cache: dict[Path, tuple[tuple[int, int], Settings]] = {}
_TOP_LEVEL = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_-]*)\s*=")


# What `officedesk config set` and the workbench's first run may write: key → longest value.
SETTABLE = {"operator": 50, "company": 200, "lang": 10, "theme": 10}
THEMES = ("dark", "light")


def checked_setting(key: str, value: str) -> str:
    """A setting's value as it will be saved, or a refusal naming what is wrong: the operator's
    name goes into every journal line, the company's onto the header and the printouts. Inner
    spacing is kept as typed (全角空格 included); what would not show is refused."""
    if key not in SETTABLE:
        raise InvalidInput("input.choice", field="key", choices=list(SETTABLE))
    text = value.strip()
    if not text:
        raise InvalidInput("input.required", field=key)
    if key == "lang":
        from officedesk.i18n import normalise_language

        lang = normalise_language(text)
        if lang is None:
            raise InvalidInput("lang.unknown", value=text)
        return lang
    if key == "theme" and text not in THEMES:
        raise InvalidInput("input.choice", field="theme", choices=list(THEMES))
    if len(text) > SETTABLE[key]:
        raise InvalidInput("input.too_long", field=key, max=SETTABLE[key])
    if any(_invisible(char) for char in text):
        raise InvalidInput("config.control_characters", key=key)
    return text


def _invisible(char: str) -> bool:
    """A control or format character (a line break, an escape, a zero-width space): two names
    that look the same would be two operators in the journal. The emoji joiner is allowed."""
    import unicodedata

    return unicodedata.category(char) in ("Cc", "Cf") and char != "\u200d"


# One writer at a time within the process: the first-run form and a language switch may both
# write the file, each reading it first.
_writing = threading.Lock()


def save_setting(key: str, value: str) -> None:
    save_settings({key: value})


def save_settings(values: dict[str, str]) -> None:
    """Set top-level string keys in the config file, keeping the rest of it as written
    (comments, tables, order), all at once: written to a temporary file and renamed, 0600.
    A file that cannot be read as TOML is refused rather than written over, and the result is
    read back before it replaces the file."""
    path = config_path()
    with _writing:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            lines = []
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput("config.unwritable", path=str(path), reason=str(exc)) from exc
        load_settings(path)  # refuses a file that is broken already (one line, exit 1)
        for key, value in values.items():
            lines = _with_setting(lines, key, value)
        text = "\n".join(lines) + "\n"
        settings_from_dict(_parsed(text, path), path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _replace(path, text)
        except OSError as exc:
            raise InvalidInput("config.unwritable", path=str(path), reason=str(exc)) from exc
        _cache.pop(path, None)


def _with_setting(lines: list[str], key: str, value: str) -> list[str]:
    lines = list(lines)
    new_line = f"{key} = {json.dumps(value, ensure_ascii=False)}"
    first_table = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), None)
    top = lines[:first_table] if first_table is not None else lines
    for index, line in enumerate(top):
        match = _TOP_LEVEL.match(line.strip())
        if match and match["key"] == key:
            lines[index] = new_line
            break
    else:
        lines.insert(first_table if first_table is not None else len(lines), new_line)
    return lines


def _parsed(text: str, path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # e.g. the key also written quoted ("lang" = …)
        raise InvalidInput("config.unreadable", path=str(path), reason=str(exc)) from exc


def _replace(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-config-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def load_settings(path: Path | None = None) -> Settings:
    """Read the config file (once per process while it is unchanged); a missing file means
    defaults, a broken one is a clear error."""
    path = path or config_path()
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (-1, -1)
    cached = _cache.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    settings = _read_settings(path)
    _cache[path] = (stamp, settings)
    return settings


def _read_settings(path: Path) -> Settings:
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(path=path)
    except (UnicodeDecodeError, OSError) as exc:
        raise InvalidInput("config.unreadable", path=str(path), reason=str(exc)) from exc
    import tomllib

    try:
        raw = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput("config.unreadable", path=str(path), reason=str(exc)) from exc
    return settings_from_dict(raw, path)


def settings_from_dict(raw: dict[str, Any], path: Path | None = None) -> Settings:
    where = str(path) if path else "config"

    def text(key: str) -> str | None:
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise InvalidInput("config.bad_value", path=where, key=key)
        return value

    yellow = raw.get("yellow_workdays", 3)
    if not isinstance(yellow, int) or isinstance(yellow, bool) or not 0 <= yellow <= 60:
        raise InvalidInput("config.bad_value", path=where, key="yellow_workdays")
    rules = dict(DEFAULT_DUE_RULES)
    due = raw.get("due", {})
    if not isinstance(due, dict):
        raise InvalidInput("config.bad_value", path=where, key="due")
    for key, value in due.items():
        if key not in DEFAULT_DUE_RULES or not isinstance(value, str):
            raise InvalidInput("config.bad_value", path=where, key=f"due.{key}")
        rules[key] = value
    self_approve = raw.get("self_approve_extensions", False)
    if not isinstance(self_approve, bool):
        raise InvalidInput("config.bad_value", path=where, key="self_approve_extensions")
    government = raw.get("government_body", False)
    if not isinstance(government, bool):
        raise InvalidInput("config.bad_value", path=where, key="government_body")
    calendar = raw.get("calendar", {})
    if not isinstance(calendar, dict):
        raise InvalidInput("config.bad_value", path=where, key="calendar")
    prefixes = _outgoing_prefixes(raw.get("outgoing", {}), where)
    lock_wait = raw.get("lock_wait", DEFAULT_LOCK_WAIT)
    if (
        not isinstance(lock_wait, int | float)
        or isinstance(lock_wait, bool)
        or not 0 <= lock_wait <= LOCK_WAIT_MAX
    ):
        raise InvalidInput("config.bad_value", path=where, key="lock_wait")
    seal = raw.get("seal", {})
    if not isinstance(seal, dict) or set(seal) - {"key_file"}:
        raise InvalidInput("config.bad_value", path=where, key="seal")
    key_file = seal.get("key_file")
    if key_file is not None and (not isinstance(key_file, str) or not key_file.strip()):
        raise InvalidInput("config.bad_value", path=where, key="seal.key_file")
    import_max = raw.get("import_max_mib", 50.0)
    if not isinstance(import_max, int | float) or isinstance(import_max, bool) or import_max <= 0:
        raise InvalidInput("config.bad_value", path=where, key="import_max_mib")
    return Settings(
        lang=text("lang"),
        operator=text("operator"),
        company=text("company") or "",
        theme=text("theme"),
        yellow_workdays=yellow,
        due_rules=rules,
        outgoing_prefixes=prefixes,
        self_approve_extensions=self_approve,
        government_body=government,
        calendar=calendar,
        lock_wait=float(lock_wait),
        seal_key_file=Path(key_file).expanduser() if key_file else None,
        nightly=nightly_from(raw.get("nightly", {}), where),
        import_max_mib=float(import_max),
        path=path,
    )


def _outgoing_prefixes(outgoing: Any, where: str) -> dict[str, str]:
    """[outgoing.prefixes]: a known document type → a 机关代字 that makes a well-formed number."""

    def bad(*path: str) -> InvalidInput:
        return InvalidInput("config.bad_value", path=where, key=".".join(("outgoing", *path)))

    if not isinstance(outgoing, dict):
        raise bad()
    prefixes = dict(DEFAULT_OUTGOING_PREFIXES)
    for key in outgoing:
        if key != "prefixes":
            raise bad(key)
    table = outgoing.get("prefixes", {})
    if not isinstance(table, dict):
        raise bad("prefixes")
    if table:
        from officedesk.services.docnumber import DOC_NUMBER

        for doc_type, value in table.items():
            prefix = value.strip() if isinstance(value, str) else ""
            if (
                doc_type not in DEFAULT_OUTGOING_PREFIXES
                or not prefix
                or len(prefix) > OUTGOING_PREFIX_MAX
                or DOC_NUMBER.match(f"{prefix}〔2026〕1号") is None
            ):
                raise bad("prefixes", str(doc_type))
            prefixes[doc_type] = prefix
    return prefixes
