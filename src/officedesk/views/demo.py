"""The demo's summary in words: the figures `officedesk demo` reports, in the user's language.

The sentence names the headline figures of the registers it was written for; a register added
since (its headline figures are the registry's counts) is appended after it rather than dropped,
with its own `demo.figure.<name>` label when its catalogue gives one.
"""

from string import Formatter
from typing import TYPE_CHECKING, Any

from officedesk.i18n import catalogue, current_language, t
from officedesk.registry import BY_NAME, DEMO_COUNTS

if TYPE_CHECKING:
    from officedesk.demo.office import FillProgress

BAR_CELLS = 20


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


def fill_stage(stage: str) -> str:
    """What the demo fill is writing: a register by its tab's title, else the office's own
    directory and items, or the search index."""
    spec = BY_NAME.get(stage)
    return t(spec.tabs[0].label) if spec is not None else t(f"demo.stage.{stage}")


def fill_line(progress: "FillProgress") -> str:
    """The workbench's one line while the demo fills: a bar, the share, the part, the seconds
    so far (the bar is text: it sits in the status line Today shows meanwhile)."""
    filled = round(progress.done * BAR_CELLS)
    return t(
        "demo.filling_line",
        bar="█" * filled + "░" * (BAR_CELLS - filled),
        percent=int(progress.done * 100),
        stage=fill_stage(progress.stage),
        seconds=int(progress.elapsed),
    )
