"""Each screen at 120×40, in both languages, on the fixed demo office and a fixed day.

Run `pytest tests/test_snapshots.py --snapshot-update` after an intended change of the screens,
look at the SVGs in tests/__snapshots__/, and commit them."""

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import BACKEND
from tui_helpers import settle

pytestmark = pytest.mark.skipif(
    BACKEND != "sqlite", reason="screens are backend-agnostic; snapshots run once, on SQLite"
)

NOW = "2026-11-26T09:30:00+08:00"
ZONE = "Asia/Shanghai"
SCREENS = ("today", "advisory", "handling", "management", "coordination")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo office, filled once for the module with the day and the clock pinned."""
    from officedesk.context import build_context
    from officedesk.demo.office import populate_demo

    path = tmp_path_factory.mktemp("snapshots") / "demo.db"
    saved = {k: os.environ.get(k) for k in ("OFFICEDESK_TODAY", "OFFICEDESK_NOW", "TZ")}
    # The demo keeps office hours on the machine's clock: pin it, or the pictures would depend
    # on the zone of the machine that runs the tests.
    os.environ.update({"OFFICEDESK_TODAY": "2026-11-26", "OFFICEDESK_NOW": NOW, "TZ": ZONE})
    time.tzset()
    try:
        ctx = build_context(db=str(path), lang="zh")
        with ctx.write("demo") as session:
            populate_demo(session)
        ctx.close()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        time.tzset()
    yield path


@pytest.fixture
def office(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Build the app on a private copy of the demo office, in one language."""
    monkeypatch.setenv("OFFICEDESK_NOW", NOW)
    monkeypatch.setenv("TZ", ZONE)
    time.tzset()
    contexts = []

    def make(screen: str, lang: str) -> Any:
        from officedesk.app import OfficeDeskApp
        from officedesk.context import build_context

        copy = tmp_path / f"{screen}-{lang}.db"
        shutil.copyfile(demo_file, copy)
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
