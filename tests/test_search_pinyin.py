"""Titles found by their pinyin (issue 10 point 10): full syllables, half-typed syllables and
initials; polyphones read in context; titles written by a process without pypinyin wait and are
worked out by the next search that could be pinyin; the migration, `db check`, the CLI in fresh
processes and the workbench's search."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from conftest import BACKEND, OPERATOR, TODAY
from officedesk.context import AppContext
from officedesk.db_types import StoreError
from officedesk.pinyin_syllables import initial_pairs, sound_readings, syllable_splits
from officedesk.services.search import search, search_fresh, wants_sounds
from officedesk.services.search_query import fts5_query, tsquery
from officedesk.services.task import create_task, update_task

sqlite_only = pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite FTS5 specifics")

TITLES = {
    "contract": "采购合同审批",
    "budget": "2027年预算编制",
    "safety": "安全生产检查",
    "bank": "银行账户变更",
    "apart": "合作共同推进园区绿化",  # 合 and 同, never side by side
}


def add(ctx: AppContext, title: str) -> Any:
    with ctx.write("task.add") as session:
        return create_task(session, {"title": title})


def found(ctx: AppContext, query: str) -> list[str]:
    return [hit.title for hit in search_fresh(ctx, query)]


def sounds(ctx: AppContext) -> dict[str, Any]:
    with ctx.read() as session:
        rows = session.execute(text("SELECT title, sounds FROM search_doc")).all()
    return {title: value for title, value in rows}


def fts_whole(ctx: AppContext) -> None:
    """FTS5's own check of its entries against search_doc (raises when they disagree)."""
    if BACKEND == "sqlite":
        with ctx.read() as session:
            session.execute(
                text("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
            )


@pytest.fixture
def without_pypinyin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Write as a CLI command does: a process that has not imported pypinyin."""
    monkeypatch.setattr("officedesk.search_sounds.loaded", lambda: False)


# ---- reading what was typed ------------------------------------------------------------------


def test_typed_pinyin_is_read_as_syllables_and_initials() -> None:
    assert syllable_splits("hetong") == [["he", "tong"]]
    assert syllable_splits("heto") == [["he", "to"]]  # the last syllable being typed
    assert ["xi", "an"] in syllable_splits("xian") and ["xian"] in syllable_splits("xian")
    assert syllable_splits("network") == [] and syllable_splits("db2026") == []
    assert len(syllable_splits("xian" * 50)) <= 3  # a pasted word stays cheap
    assert initial_pairs("aqsc") == ["aq", "qs", "sc"]
    assert initial_pairs("a") == [] and initial_pairs("a1") == []
    assert initial_pairs("hetong") == []  # whole syllables: pinyin, not six initials
    assert sound_readings("yusuan") == [(["yu", "suan"], False), (["yu", "su", "an"], False)]


def test_only_letter_words_are_read_as_pinyin() -> None:
    assert wants_sounds("hetong") and wants_sounds("合同 aq")
    assert not wants_sounds("合同") and not wants_sounds("DB-2026") and not wants_sounds("a")
    sqlite, pg = fts5_query([["hetong"]]), tsquery([["hetong"]])
    assert sqlite == '(spaced : "hetong"* OR sounds : "he tong")'
    assert pg == "('hetong':*D | 'he':A <-> 'tong':A)"
    assert fts5_query([["heto"]]) == (  # being typed: the last syllable is a beginning
        '(spaced : "heto"* OR sounds : "he to"* OR heads : "he et to")'
    )
    assert fts5_query([["aq"]]) == '(spaced : "aq"* OR heads : "aq")'  # initials, not a + q…
    assert "sounds" not in fts5_query([["合"], ["同"]])


# ---- finding titles ------------------------------------------------------------------------


def test_titles_are_found_by_full_pinyin_initials_and_half_typed(ctx: AppContext) -> None:
    for title in TITLES.values():
        add(ctx, title)
    assert found(ctx, "hetong") == [TITLES["contract"]]  # not 合作共同: not side by side
    assert found(ctx, "heto") == [TITLES["contract"]]  # being typed, a syllable at a time:
    assert found(ctx, "yusua") == [TITLES["budget"]]
    assert found(ctx, "anquans") == [TITLES["safety"]]  # …a lone letter waits for the next
    assert found(ctx, "anquanshe") == [TITLES["safety"]]
    assert found(ctx, "aqs") == [TITLES["safety"]]
    assert found(ctx, "aq") == [TITLES["safety"]]
    assert found(ctx, "aqsc") == [TITLES["safety"]]
    assert found(ctx, "yusuan") == [TITLES["budget"]]
    assert found(ctx, "yusuan 2027") == [TITLES["budget"]]
    assert found(ctx, "yinhang") == [TITLES["bank"]]  # 行 read in its word: hang
    assert found(ctx, "yh") == [TITLES["bank"]]
    assert found(ctx, "yinxing") == []
    assert found(ctx, "ht") == [TITLES["contract"]]
    assert found(ctx, "lvhua") == [TITLES["apart"]]  # ü typed as v
    fts_whole(ctx)


def test_a_text_match_ranks_above_a_pinyin_one(ctx: AppContext) -> None:
    add(ctx, "安全生产检查")
    add(ctx, "review of the aq report")
    assert found(ctx, "aq") == ["review of the aq report", "安全生产检查"]


def test_a_title_from_a_process_without_pypinyin_waits_for_the_next_pinyin_search(
    ctx: AppContext, without_pypinyin: None
) -> None:
    task = add(ctx, TITLES["contract"])
    add(ctx, "network upgrade")  # nothing to work out: never waits
    assert sounds(ctx) == {TITLES["contract"]: None, "network upgrade": ""}
    assert found(ctx, "合同") == [TITLES["contract"]]  # a query that is not pinyin…
    assert sounds(ctx)[TITLES["contract"]] is None  # …writes nothing
    with ctx.read() as session:  # the index alone does not know it yet
        assert search(session, "hetong") == []
    assert found(ctx, "hetong") == [TITLES["contract"]]
    assert sounds(ctx)[TITLES["contract"]] == "cai gou he tong shen pi"
    fts_whole(ctx)
    with ctx.write("task.edit") as session:  # an edit that keeps the title keeps its sounds
        update_task(session, task.code, {"category": "采购"})
    assert sounds(ctx)[TITLES["contract"]] == "cai gou he tong shen pi"
    with ctx.write("task.edit") as session:  # a new title waits again, and is found again
        update_task(session, task.code, {"title": "预算调整"})
    assert sounds(ctx)["预算调整"] is None
    assert found(ctx, "yusuan") == ["预算调整"] and found(ctx, "hetong") == []
    fts_whole(ctx)


def test_a_database_that_cannot_be_written_still_answers(
    ctx: AppContext, without_pypinyin: None
) -> None:
    add(ctx, TITLES["contract"])

    class ReadOnly:
        read = ctx.read

        @contextmanager
        def write(self, operation: str) -> Iterator[Any]:
            raise StoreError("db.busy")
            yield

    assert search_fresh(ReadOnly(), "hetong") == []  # no error: found once it can be written
    assert search_fresh(ReadOnly(), "合同")[0].title == TITLES["contract"]


def test_db_check_accepts_waiting_sounds_and_flags_wrong_ones(
    ctx: AppContext, without_pypinyin: None
) -> None:
    from officedesk.services.integrity import check_search

    add(ctx, TITLES["contract"])
    with ctx.read() as session:
        assert check_search(session).ok
    found(ctx, "hetong")
    with ctx.write("probe") as session:
        session.execute(text("UPDATE search_doc SET sounds = 'wrong' WHERE sounds <> ''"))
    with ctx.read() as session:
        assert [f.key for f in check_search(session).findings] == ["check.search.stale"]


def test_the_migration_leaves_existing_titles_waiting_and_a_search_finds_them(
    private_ctx: Any,
) -> None:
    from alembic import command

    from officedesk.db import SCHEMA_HEAD
    from officedesk.migrate import alembic_config, upgrade

    ctx = private_ctx
    add(ctx, TITLES["budget"])
    config = alembic_config(ctx.store.url, lock=ctx.store.lock)
    command.downgrade(config, "0014_seal_search")
    with ctx.read() as session:  # the text index of 0014 still answers
        hits = session.execute(text("SELECT count(*) FROM search_doc")).scalar_one()
    assert hits == 1
    upgrade(ctx.store)
    assert ctx.store.schema_version() == SCHEMA_HEAD
    assert sounds(ctx) == {TITLES["budget"]: None}
    assert found(ctx, "预算") == [TITLES["budget"]]
    assert found(ctx, "yusuan") == [TITLES["budget"]]
    fts_whole(ctx)


# ---- the CLI in fresh processes, and the workbench -----------------------------------------


def _run(db_url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("OFFICEDESK_")},
        "OFFICEDESK_DATABASE_URL": db_url,
        "OFFICEDESK_TODAY": TODAY.isoformat(),
        "OFFICEDESK_OPERATOR": OPERATOR,
        "OFFICEDESK_LANG": "en",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    probe = (
        "import sys\nfrom officedesk.cli.main import run\n"
        f"try:\n    run({list(args)!r})\n"
        "finally:\n    print('pypinyin' in sys.modules, file=sys.stderr)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120
    )


def test_a_cli_add_does_not_load_pypinyin_and_a_cli_search_finds_it(
    db_url: str, tmp_path: Path
) -> None:
    added = _run(db_url, tmp_path, "task", "add", TITLES["safety"], "--json")
    assert added.returncode == 0, added.stderr
    assert added.stderr.strip().endswith("False")  # the add paid nothing for pinyin
    searched = _run(db_url, tmp_path, "search", "aq", "--json")
    assert searched.returncode == 0, searched.stderr
    assert [hit["title"] for hit in json.loads(searched.stdout)] == [TITLES["safety"]]


async def test_the_workbench_search_finds_a_waiting_title_by_pinyin(
    ctx: AppContext, without_pypinyin: None
) -> None:
    from textual.widgets import OptionList

    from test_tui import SIZE, app_on
    from tui_helpers import plain, settle, wait_until

    add(ctx, TITLES["contract"])
    app = app_on(ctx, "today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"hetong")
        results = app.screen.query_one("#search-results", OptionList)
        await wait_until(pilot, lambda: results.option_count > 0)
        assert TITLES["contract"] in plain(results.get_option_at_index(0).prompt)


def test_pending_sounds_are_worked_out_in_short_writes(
    ctx: AppContext, without_pypinyin: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade 100,000 titles wait: worked out in one write, they would hold the write
    lock ~10 s and a writer at the keyboard would give up; in batches it waits one batch."""
    import officedesk.search_sounds as sounds_module
    import officedesk.services.search as search_module

    monkeypatch.setattr(search_module, "FILL_BATCH", 2)
    monkeypatch.setattr(sounds_module, "FILL_CHUNK", 2)
    for title in ("合同一", "合同二", "合同三", "合同四", "合同五"):
        add(ctx, title)
    writes: list[str] = []

    class Counting:
        read = ctx.read

        @contextmanager
        def write(self, operation: str) -> Iterator[Any]:
            writes.append(operation)
            with ctx.write(operation) as session:
                yield session

    assert search_module.fill_sounds(Counting()) == 5
    assert len(writes) == 3 and None not in sounds(ctx).values()
    fts_whole(ctx)
