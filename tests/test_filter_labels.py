"""Every register's filter bar reads whole, in both languages: a text filter's placeholder is
never cut by its box (visits' two date filters both read "抵达日期" at width 14), and no two
filters of one bar carry the same words."""

import importlib
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from rich.cells import cell_len

from officedesk.i18n import set_language
from officedesk.registry import REGISTERS
from officedesk.widgets.filter_bar import PLACEHOLDER_ROOM

PANES = [tab.pane for spec in REGISTERS for tab in spec.tabs]


def specs_of(pane: str, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The pane's filters without mounting it: only its context's day is read."""
    module, name = pane.split(":")
    cls = getattr(importlib.import_module(module), name)
    monkeypatch.setattr(
        cls, "ctx", property(lambda _self: SimpleNamespace(today=date(2026, 12, 7)))
    )
    return cls.__new__(cls).filter_specs()  # type: ignore[no-any-return]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("pane", PANES, ids=[p.rsplit(":", 1)[1] for p in PANES])
def test_filter_words_fit_and_differ(pane: str, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    set_language(lang)
    try:
        specs = specs_of(pane, monkeypatch)
    finally:
        set_language("en")
    labels = [spec.label for spec in specs]
    assert len(set(labels)) == len(labels), labels
    for spec in specs:
        if spec.kind == "text":
            assert cell_len(spec.label) + PLACEHOLDER_ROOM <= spec.input_width, spec.label
