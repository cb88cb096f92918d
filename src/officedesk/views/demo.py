"""The demo's summary in words: the figures `officedesk demo` reports, in the user's language.

The sentence names the figures of the registers it was written for; a register added since
(its figures come from the registry's counts) is appended after it rather than dropped, with its
own `demo.figure.<name>` label when its catalogue gives one.
"""

from string import Formatter
from typing import Any

from officedesk.i18n import catalogue, current_language, t


def demo_summary(database: str, figures: dict[str, Any]) -> str:
    template = catalogue(current_language())["demo.done"]
    named = {field for _text, field, _spec, _conv in Formatter().parse(template) if field}
    sentence = t("demo.done", database=database, **figures)
    extra = [
        t("demo.figure", label=_label(name), n=value)
        for name, value in figures.items()
        if name not in named
    ]
    return " ".join([sentence, *extra]) if extra else sentence


def _label(name: str) -> str:
    key = f"demo.figure.{name}"
    return t(key) if key in catalogue(current_language()) else name
