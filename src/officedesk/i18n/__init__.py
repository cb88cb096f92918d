"""Message catalogues (zh, en) and the one function every user-visible string goes through."""

import os
from typing import Any

LANGUAGES = ("zh", "en")
_current = "zh"
_catalogues: dict[str, dict[str, str]] = {}


def catalogue(lang: str) -> dict[str, str]:
    """Import a catalogue on first use: the CLI loads one language only."""
    if lang not in _catalogues:
        if lang == "zh":
            from officedesk.i18n.zh import MESSAGES
        elif lang == "en":
            from officedesk.i18n.en import MESSAGES
        else:
            raise ValueError(lang)
        _catalogues[lang] = MESSAGES
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
