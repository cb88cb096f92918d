"""`officedesk demo`'s sentence: every register's headline figure, and nothing more."""

from typing import Any

import pytest

from officedesk.i18n import set_language
from officedesk.registry import DEMO_COUNTS

FIGURES = {name: index + 1 for index, (name, _model) in enumerate(DEMO_COUNTS)}


@pytest.fixture(autouse=True)
def _language_back() -> Any:
    from officedesk.i18n import current_language

    before = current_language()
    yield
    set_language(before)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sentence_names_every_registers_figure_once(lang: str) -> None:
    from officedesk.views.demo import demo_summary

    set_language(lang)
    # Detail figures (numbered, voided, …) travel in --json only.
    text = demo_summary("/tmp/demo.db", {**FIGURES, "outgoing_voided": 99})
    assert "99" not in text and "outgoing_voided" not in text
    for name, value in FIGURES.items():
        assert str(value) in text, name
    assert text.count("。" if lang == "zh" else ".") >= 1


def test_a_register_the_sentence_does_not_know_is_appended(monkeypatch: Any) -> None:
    from officedesk.views import demo

    set_language("en")
    monkeypatch.setattr(demo, "DEMO_COUNTS", (*DEMO_COUNTS, ("memos", "x:Memo")))
    text = demo.demo_summary("/tmp/demo.db", {**FIGURES, "memos": 77})
    assert text.endswith(" memos: 77.")
