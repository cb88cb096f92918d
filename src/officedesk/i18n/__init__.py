"""Message catalogues (zh, en) and the one function every user-visible string goes through."""

import importlib
import os
from typing import Any

from officedesk.registry import REGISTER_AREAS

LANGUAGES = ("zh", "en")
# A catalogue is the union of one module per area: officedesk/i18n/<lang>/<area>.py. The shared
# areas are listed here; each register brings its own (registry.REGISTER_AREAS). Areas keep the
# files a size one can read, and let work on different registers go on apart.
SHARED_AREAS = (
    "base",
    "tui",
    "search",
    "today",
    "assessment",
    "integrity",
    "store",
    "files",
    "backup",
    "nightly",
    "forms",
    "export",
    "imports",
)
AREAS = (*SHARED_AREAS, *REGISTER_AREAS)
_current = "zh"
_catalogues: dict[str, dict[str, str]] = {}


def area_messages(lang: str, area: str) -> dict[str, str]:
    return importlib.import_module(f"officedesk.i18n.{lang}.{area}").MESSAGES


def catalogue(lang: str) -> dict[str, str]:
    """Import a language's catalogue on first use: the CLI loads one language only."""
    if lang not in LANGUAGES:
        raise ValueError(lang)
    if lang not in _catalogues:
        merged: dict[str, str] = {}
        for area in AREAS:
            merged.update(area_messages(lang, area))
        _catalogues[lang] = merged
    return _catalogues[lang]


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _current = lang


def current_language() -> str:
    return _current


def normalise_language(value: str | None) -> str | None:
    """Map 'zh_CN.UTF-8', 'en-GB', 'ZH' and the like to a supported code, or None."""
    if not value:
        return None
    head = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return head if head in LANGUAGES else None


def locale_language() -> str:
    """The language the OS locale asks for; Chinese when it says nothing we know."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        lang = normalise_language(os.environ.get(var))
        if lang:
            return lang
    return "zh"


def t(key: str, /, **params: Any) -> str:
    """Translate key into the current language; a missing key shows itself rather than crash."""
    text = catalogue(_current).get(key)
    if text is None:
        text = catalogue("en").get(key, key)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def label(group: str, value: object) -> str:
    """The display name of an enumerated value, e.g. label('state', 'done')."""
    return t(f"{group}.{value}")
