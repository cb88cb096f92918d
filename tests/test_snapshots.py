"""Each screen at 120×40, in both languages, on the fixed demo office and a fixed day.

Run `pytest tests/test_snapshots.py --snapshot-update` after an intended change of the screens,
look at the SVGs in tests/__snapshots__/, and commit them."""

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import BACKEND, PINNED_NOW, PINNED_ZONE
from tui_helpers import settle

pytestmark = pytest.mark.skipif(
    BACKEND != "sqlite", reason="screens are backend-agnostic; snapshots run once, on SQLite"
)

NOW, ZONE = PINNED_NOW, PINNED_ZONE  # the demo office of the pictures (conftest.pinned_demo_file)
SCREENS = ("today", "advisory", "handling", "management", "coordination")


@pytest.fixture
def office(pinned_demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Build the app on a private copy of the demo office, in one language."""
    monkeypatch.setenv("OFFICEDESK_NOW", NOW)
    monkeypatch.setenv("TZ", ZONE)
    time.tzset()
    contexts = []

    def make(screen: str, lang: str) -> Any:
        from officedesk.app import OfficeDeskApp
        from officedesk.context import build_context

        copy = tmp_path / f"{screen}-{lang}.db"
        shutil.copyfile(pinned_demo_file, copy)
        os.chmod(copy, 0o600)  # as officedesk makes its files: no "made private" notice
        ctx = build_context(db=str(copy), lang=lang)
        contexts.append(ctx)
        return OfficeDeskApp(ctx, screen=screen)

    yield make
    for ctx in contexts:
        ctx.close()
    monkeypatch.undo()  # the machine's own zone back, before the clock is read again
    time.tzset()


async def _settled(pilot: Any) -> None:
    await settle(pilot, rounds=6)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(snap_compare: Any, office: Any, screen: str, lang: str) -> None:
    assert snap_compare(office(screen, lang), terminal_size=(120, 40), run_before=_settled)
