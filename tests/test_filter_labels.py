"""Every register's filter bar reads whole, in both languages: a text filter's placeholder is
never cut by its box (visits' two date filters both read "抵达日期" at width 14), and no two
filters of one bar carry the same words."""

import importlib
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input

from officedesk.i18n import set_language
from officedesk.registry import REGISTERS
from officedesk.widgets.filter_bar import FilterBar

PANES = [tab.pane for spec in REGISTERS for tab in spec.tabs]


def specs_of(pane: str, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The pane's filters without mounting it: only its context's day is read."""
    module, name = pane.split(":")
    cls = getattr(importlib.import_module(module), name)
    context = SimpleNamespace(today=date(2026, 12, 7))
    monkeypatch.setattr(cls, "ctx", property(lambda _self: context))
    return cls.__new__(cls).filter_specs()  # type: ignore[no-any-return]


class Bars(App[None]):
    """Every register's filter bar, one under the other, as the workbench lays each out."""

    def __init__(self, bars: list[list[Any]]) -> None:
        super().__init__()
        self.bars = bars

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for specs in self.bars:
                yield FilterBar(specs)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_filter_words_fit_and_differ(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    set_language(lang)
    try:
        bars = [specs_of(pane, monkeypatch) for pane in PANES]
        for specs in bars:
            labels = [spec.label for spec in specs]
            assert len(set(labels)) == len(labels), labels
        app = Bars(bars)
        async with app.run_test(size=(400, 60)):  # wide: each box keeps its own width
            inputs = list(app.query(Input))
            assert inputs
            cut = [
                (i.placeholder, i.content_region.width)
                for i in inputs
                if cell_len(i.placeholder) > i.content_region.width
            ]
            assert cut == []
    finally:
        set_language("en")


async def test_a_check_box_reads_ticked_or_not_without_colour() -> None:
    """Textual draws ▐X▌ for both states; a director on a monochrome terminal saw every flag
    set. The mark is now there only when the box is ticked."""
    from textual.widgets import Checkbox

    from officedesk.widgets.filter_bar import FilterSpec

    specs = [
        FilterSpec("overdue", "flag", "逾期"),
        FilterSpec("due_soon", "flag", "临期", default=True),
    ]
    app = Bars([specs])
    async with app.run_test(size=(120, 10)):
        off, on = list(app.query(Checkbox))
        assert (off.value, on.value) == (False, True)
        assert off.render().plain.startswith("▐ ▌")
        assert on.render().plain.startswith("▐X▌")
        off.toggle()
        assert off.render().plain.startswith("▐X▌")
