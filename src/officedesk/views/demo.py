"""The demo's summary in words: the figures `officedesk demo` reports, in the user's language.

The sentence names the headline figures of the registers it was written for; a register added
since (its headline figures are the registry's counts) is appended after it rather than dropped,
with its own `demo.figure.<name>` label when its catalogue gives one.
"""

from string import Formatter
from typing import Any

from officedesk.i18n import catalogue, current_language, t
from officedesk.registry import DEMO_COUNTS


def demo_summary(database: str, figures: dict[str, Any]) -> str:
    template = catalogue(current_language())["demo.done"]
    named = {field for _text, field, _spec, _conv in Formatter().parse(template) if field}
    sentence = t("demo.done", database=database, **figures)
    # The registers' headline figures (registry.DEMO_COUNTS); their detail figures (numbered,
    # voided, …) are for --json only, as they always were.
    extra = [
        t("demo.figure", label=_label(name), n=figures[name])
        for name, _model in DEMO_COUNTS
        if name not in named and name in figures
    ]
    return " ".join([sentence, *extra]) if extra else sentence


def _label(name: str) -> str:
    key = f"demo.figure.{name}"
    return t(key) if key in catalogue(current_language()) else name
