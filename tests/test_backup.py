"""`officedesk backup` and `restore` (issue 11): a consistent copy while others write, dated
copies rotated, the usual --out rules; a restore that proves the backup (integrity, schema
upgraded, counts, seal log) before it replaces anything, keeps what it replaces, and moves this
machine's seal anchor with it."""

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from conftest import BACKEND
from officedesk.backups import backup, integrity, restore
from officedesk.context import AppContext, build_context
from officedesk.errors import Conflict, DomainError, InvalidInput
from officedesk.services.counts import record_counts
from officedesk.services.task import create_task

sqlite_only = pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite files")
pg_only = pytest.mark.skipif(BACKEND == "sqlite", reason="pg_dump")


def add(ctx: AppContext, title: str) -> Any:
    with ctx.write("task.add") as session:
        return create_task(session, {"title": title})


def titles(url_or_path: str | Path) -> list[str]:
    conn = sqlite3.connect(str(url_or_path).removeprefix("sqlite:///"))
    try:
        return [row[0] for row in conn.execute("SELECT title FROM task ORDER BY id")]
    finally:
        conn.close()


def seal_uses(ctx: AppContext, n: int) -> None:
    from officedesk.services.directory import create_department, create_person
    from officedesk.services.seal import actions as seals

    with ctx.write("seed") as session:
        if not session.execute(text("SELECT 1 FROM seal")).first():
            create_department(session, {"name": "办公室", "code": "BGS"})
            create_person(session, {"name": "李娜", "dept": "BGS"})
            seal = seals.create_seal(
                session, {"name": "公章", "kind": "official", "approval": "批"}
            )
            seals.step_seal(session, seal.id, "activate", approval="批")
        seal_id = session.execute(text("SELECT id FROM seal")).scalar_one()
        for i in range(n):
            seals.use_seal(
                session, seal_id, {"requester": "李娜", "doc_title": f"合同{i}", "approver": "王总"}
            )


# ---- backup -----------------------------------------------------------------------------------


@sqlite_only
def test_a_backup_into_a_directory_is_dated_private_whole_and_rotated(
    ctx: AppContext, tmp_path: Path
) -> None:
    add(ctx, "季度报告")
    out = tmp_path / "backups"
    out.mkdir()
    (out / "notes.txt").write_text("not ours")
    made = [backup(ctx.store, out, keep=2) for _ in range(3)]
    kept = sorted(p.name for p in out.iterdir())
    assert kept == sorted([made[1].path.name, made[2].path.name, "notes.txt"])
    assert made[2].removed == [made[0].path]
    assert made[2].path.stat().st_mode & 0o777 == 0o600
    assert integrity(made[2].path) == "" and titles(made[2].path) == ["季度报告"]
    assert not list(out.glob(".officedesk-*"))  # no temporary file left behind


@sqlite_only
def test_a_backup_file_follows_the_out_rules(ctx: AppContext, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    backup(ctx.store, target)
    with pytest.raises(Conflict):
        backup(ctx.store, target)  # exists: --force replaces it
    backup(ctx.store, target, force=True)
    with pytest.raises(InvalidInput):
        backup(ctx.store, ctx.store.path, force=True)  # the database itself, never
    with pytest.raises(InvalidInput):
        backup(ctx.store, tmp_path / "other.db", keep=3)  # --keep needs a directory


@sqlite_only
def test_a_backup_taken_while_another_process_writes_is_consistent(
    ctx: AppContext, tmp_path: Path
) -> None:
    """Each add writes an item, its log entry and its number in one transaction: a snapshot
    holds all three for every item, or none, and its numbers have no gap."""
    writer = build_context(db=str(ctx.store.path), lang="en")
    stop = threading.Event()

    def write() -> None:
        n = 0
        while not stop.is_set():
            add(writer, f"并发写入 {n}")
            n += 1

    thread = threading.Thread(target=write)
    thread.start()
    try:
        copies = [backup(ctx.store, tmp_path / f"copy{i}.db").path for i in range(4)]
    finally:
        stop.set()
        thread.join()
        writer.close()
    for copy in copies:
        assert integrity(copy) == ""
        conn = sqlite3.connect(copy)
        items, logs, top = conn.execute(
            "SELECT (SELECT count(*) FROM task), (SELECT count(*) FROM task_log),"
            " (SELECT coalesce(max(value), 0) FROM counter WHERE series = 'task')"
        ).fetchone()
        conn.close()
        assert items == logs == top


@pg_only
def test_a_postgresql_backup_and_restore_prove_themselves(
    private_ctx: AppContext, tmp_path: Path
) -> None:
    """pg_dump's custom format, listed by pg_restore; a restore proven in a scratch database,
    then put in place in one transaction, the numbers given since kept, the anchor moved."""
    ctx = private_ctx
    add(ctx, "备份前")
    seal_uses(ctx, 2)
    done = backup(ctx.store, tmp_path)
    assert done.path.suffix == ".pgdump" and done.size > 0
    add(ctx, "备份后")
    seal_uses(ctx, 1)
    with pytest.raises(Conflict):
        restore(ctx, done.path)
    restored = restore(ctx, done.path, force=True)
    assert restored.kept is not None and restored.kept.suffix == ".pgdump"
    assert (restored.counts["tasks"], restored.chain_entries, restored.anchor_moved) == (1, 2, True)
    assert [(n.series, n.first, n.voided) for n in restored.taken_back] == [("task", 2, True)]
    from officedesk.services.integrity import check_database

    with ctx.read() as session:
        assert record_counts(session) == restored.counts
        checked = check_database(session, database=ctx.store.url)
        assert [r.name for r in checked.results if not r.ok] == []
    add(ctx, "恢复后")
    with ctx.read() as session:
        titles_now = session.execute(text("SELECT title FROM task ORDER BY id")).scalars().all()
    assert titles_now == ["备份前", "恢复后"]


# ---- restore ----------------------------------------------------------------------------------


@sqlite_only
def test_a_restore_replaces_keeps_and_proves(ctx: AppContext, tmp_path: Path) -> None:
    add(ctx, "备份前")
    seal_uses(ctx, 3)
    taken = backup(ctx.store, tmp_path / "b.db").path
    add(ctx, "备份后")
    seal_uses(ctx, 2)  # the anchor moves to entry 5, which the backup does not hold
    with pytest.raises(Conflict):
        restore(ctx, taken)  # the database holds data: --force
    assert titles(ctx.store.path) == ["备份前", "备份后"]
    done = restore(ctx, taken, force=True)
    assert titles(ctx.store.path) == ["备份前"]
    assert done.kept is not None and titles(done.kept) == ["备份前", "备份后"]
    assert done.counts["tasks"] == 1 and done.counts["seal_uses"] == 3
    assert (done.chain_entries, done.chain_head_seq, done.anchor_moved) == (3, 3, True)
    from officedesk.services.seal.verify import verify_chain

    with ctx.read() as session:  # the restored log is whole by this machine's anchor too
        assert verify_chain(session).ok
        assert record_counts(session) == done.counts
    # The number DB-2026-0002 was given after the backup: voided, never given again.
    assert [(n.series, n.first, n.last, n.voided) for n in done.taken_back] == [
        ("task", 2, 2, True)
    ]
    again = add(ctx, "恢复后")
    assert again.code == "DB-2026-0003"
    from officedesk.services.integrity import check_database
    from officedesk.services.number_voids import find_void

    with ctx.read() as session:
        void = find_void(session, "DB-2026-0002")
        assert void is not None and void.cause == "restore"
        checked = check_database(session, database=ctx.store.url)
        assert [r.name for r in checked.results if not r.ok] == []  # numbers, chain, search…


@sqlite_only
def test_an_older_backup_is_upgraded_and_the_backup_itself_is_untouched(
    private_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic import command

    from officedesk.db import SCHEMA_HEAD
    from officedesk.migrate import alembic_config

    ctx = private_ctx
    add(ctx, "2027年预算编制")
    command.downgrade(alembic_config(ctx.store.url, lock=ctx.store.lock), "0014_seal_search")
    old = tmp_path / "old.db"
    source, copy = sqlite3.connect(ctx.store.path), sqlite3.connect(old)
    source.backup(copy)  # as the backup of an older release would be
    copy.close()
    source.close()
    before = old.read_bytes()
    target = tmp_path / "target.db"
    monkeypatch.setenv("OFFICEDESK_DATABASE_URL", f"sqlite:///{target}")
    fresh = build_context(lang="en")
    try:
        done = restore(fresh, old)
        assert (done.schema_from, done.schema_to) == ("0014_seal_search", SCHEMA_HEAD)
        assert done.kept is None  # an empty database: nothing to keep
        assert fresh.store.schema_version() == SCHEMA_HEAD
        from officedesk.services.search import search_fresh

        assert [hit.title for hit in search_fresh(fresh, "yusuan")] == ["2027年预算编制"]
    finally:
        fresh.close()
    assert old.read_bytes() == before
    assert not list(tmp_path.glob(".officedesk-restore-*"))


@sqlite_only
def test_a_damaged_or_foreign_file_is_refused_and_nothing_changes(
    ctx: AppContext, tmp_path: Path
) -> None:
    add(ctx, "原有")
    foreign = tmp_path / "notes.txt"
    foreign.write_text("hello")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    damaged = backup(ctx.store, tmp_path / "damaged.db").path
    data = bytearray(damaged.read_bytes())
    data[8192:12288] = b"\xff" * 4096  # a page of the tables overwritten
    damaged.write_bytes(bytes(data))
    for source in (foreign, other, damaged, tmp_path / "missing.db", ctx.store.path):
        with pytest.raises(DomainError):
            restore(ctx, source, force=True)
    assert titles(ctx.store.path) == ["原有"]
    assert not list(tmp_path.glob("*.restore-*.bak"))  # refused before anything was kept


@sqlite_only
def test_a_backup_with_a_broken_seal_log_is_refused(ctx: AppContext, tmp_path: Path) -> None:
    seal_uses(ctx, 3)
    taken = backup(ctx.store, tmp_path / "b.db").path
    conn = sqlite3.connect(taken)
    conn.execute("UPDATE seal_use SET doc_title = '改过的' WHERE seq = 2")
    conn.commit()
    conn.close()
    with pytest.raises(Conflict) as refused:
        restore(ctx, taken, force=True)
    assert "seal log" in refused.value.message()


@sqlite_only
def test_cli_backup_and_restore(cli: Any, tmp_path: Path) -> None:
    assert cli("task", "add", "季度报告").exit_code == 0
    out = tmp_path / "nightly"
    out.mkdir()
    made = cli("backup", "--out", str(out), "--keep", "3", "--json")
    assert made.exit_code == 0, made.stderr
    path = json.loads(made.stdout)["path"]
    assert cli("task", "add", "之后").exit_code == 0
    refused = cli("restore", path)
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1
    assert "--force" in refused.stderr
    done = cli("restore", path, "--force")
    assert done.exit_code == 0, done.stderr
    assert "1 supervision items" in done.stdout and "seal log is empty" in done.stdout
    assert "task 2026 numbers 2–2 were given after the backup" in done.stdout
    again = cli("backup", "--out", path)
    assert again.exit_code == 1 and "--force" in again.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_headline_figure_has_its_words(lang: str) -> None:
    from officedesk.i18n import catalogue
    from officedesk.registry import DEMO_COUNTS

    assert [name for name, _ in DEMO_COUNTS if f"count.{name}" not in catalogue(lang)] == []
