"""The store: pragmas, file modes, IMMEDIATE writes, migrations and concurrent numbering."""

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import BACKEND, TODAY
from officedesk.context import build_context
from officedesk.db import SCHEMA_HEAD, Store
from officedesk.migrate import MIGRATIONS_DIR, MigrationError, backup_sqlite, head_revision, upgrade

sqlite_only = pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite file behaviour")


def test_schema_head_constant_matches_alembic() -> None:
    assert head_revision() == SCHEMA_HEAD


def test_models_and_migrations_agree(empty_db_url: str) -> None:
    """Autogenerate finds no difference between the models and the migrated schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from officedesk.migrate import include_object
    from officedesk.models import load_all

    load_all()
    store = Store(empty_db_url)
    store.ensure_schema()
    with store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        diff = compare_metadata(context, SQLModel.metadata)
    store.dispose()
    assert diff == []


def test_fresh_database_is_migrated_on_open(empty_db_url: str) -> None:
    store = Store(empty_db_url)
    assert store.schema_version() is None
    store.ensure_schema()
    assert store.schema_version() == SCHEMA_HEAD
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM task")).scalar_one() == 0
    store.dispose()


@sqlite_only
def test_sqlite_pragmas_on_every_connection(db_url: str) -> None:
    store = Store(db_url)
    for engine in (store.engine, store.read_engine):
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
            assert conn.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0
    store.dispose()


@sqlite_only
def test_default_location_is_private(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    ctx = build_context()
    with ctx.write("dept.add") as session:
        from officedesk.services.directory import create_department

        create_department(session, {"name": "办公室"})
        path = ctx.store.path
        assert path is not None
        siblings = [p for p in path.parent.iterdir() if p.name.startswith(path.name)]
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in siblings}
    ctx.close()
    assert path.parent == tmp_path / "xdg" / "officedesk"
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert any(name.endswith("-wal") for name in modes)
    assert set(modes.values()) == {0o600}


@sqlite_only
def test_explicit_path_in_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    from officedesk.db import StoreError

    with pytest.raises(StoreError) as caught:
        Store(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")
    assert caught.value.key == "db.no_directory"


@sqlite_only
def test_write_transactions_begin_immediate(ctx) -> None:  # type: ignore[no-untyped-def]
    """While a write session is open, no other connection can start writing."""
    path = ctx.store.path
    with ctx.write("probe") as session:
        session.execute(text("SELECT 1"))
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


@sqlite_only
def test_reads_are_not_blocked_by_a_writer(ctx) -> None:  # type: ignore[no-untyped-def]
    from officedesk.services.task import list_tasks

    writer = sqlite3.connect(ctx.store.path, timeout=0, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        with ctx.read() as session:
            assert list_tasks(session).items == []
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_foreign_keys_are_enforced(ctx) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import IntegrityError

    from officedesk.models import Person

    with pytest.raises(IntegrityError), ctx.write("probe") as session:
        session.add(Person(name="无部门", dept_id=999, pinyin="", initials=""))
        session.flush()


@sqlite_only
def test_backup_is_private_and_consistent(ctx) -> None:  # type: ignore[no-untyped-def]
    from officedesk.services.directory import create_department

    with ctx.write("dept.add") as session:
        create_department(session, {"name": "财务部"})
    backup = backup_sqlite(ctx.store.path, "test")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT name FROM department").fetchall() == [("财务部",)]
    copy.close()


def _scripts_with(tmp_path: Path, body: str) -> Path:
    """A copy of the shipped migrations plus one extra revision, to exercise env.py."""
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "0002_probe.py").write_text(
        f'''"""probe"""
import sqlalchemy as sa
from alembic import op

revision = "0002_probe"
down_revision = "{SCHEMA_HEAD}"
branch_labels = None
depends_on = None


def upgrade() -> None:
{body}


def downgrade() -> None:
    pass
''',
        encoding="utf-8",
    )
    return scripts


def _seed_directory(ctx) -> None:  # type: ignore[no-untyped-def]
    from officedesk.services.directory import create_department, create_person

    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        for name in ("张三", "李四", "王五"):
            create_person(session, {"name": name, "dept": "BGS"})


def test_batch_rebuild_keeps_child_rows(private_ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A table rebuild of a parent table must not touch its children (foreign keys off)."""
    ctx = private_ctx
    _seed_directory(ctx)
    scripts = _scripts_with(
        tmp_path,
        "    sqlite = op.get_bind().dialect.name == 'sqlite'\n"
        "    with op.batch_alter_table('department', recreate='always' if sqlite else 'auto')"
        " as batch:\n"
        "        batch.add_column(sa.Column('probe', sa.Integer(), nullable=True))",
    )
    store = ctx.store
    backup = upgrade(store, "0002_probe", script_location=scripts)
    assert store.schema_version() == "0002_probe"
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM person")).scalar_one() == 3
    if store.is_sqlite:
        assert backup is not None and backup.exists()
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_migration_that_loses_rows_is_rolled_back(private_ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = private_ctx
    _seed_directory(ctx)
    scripts = _scripts_with(tmp_path, "    op.execute(\"DELETE FROM person WHERE name = '王五'\")")
    with pytest.raises(MigrationError) as caught:
        upgrade(ctx.store, "0002_probe", script_location=scripts)
    assert caught.value.key == "db.rows_lost"
    assert ctx.store.schema_version() == SCHEMA_HEAD
    with ctx.store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM person")).scalar_one() == 3


ADD_TASKS = """
import json, sys
from officedesk.context import build_context
from officedesk.services.task import create_task

ctx = build_context(lang="en")
codes = []
for index in range(int(sys.argv[1])):
    with ctx.write("task.add") as session:
        codes.append(create_task(session, {"title": f"并发 {index}"}).code)
ctx.close()
print(json.dumps(codes))
"""


def run_children(
    tmp_path: Path, script: str, argvs: list[list[str]], env: dict[str, str], timeout: float
) -> list[str]:
    """Run `python -c script ARGS…` once per argv, at the same time; their stdouts.

    Fails as soon as one child fails (with its stderr) or the deadline passes (killing the
    rest), instead of waiting on a queue for a child that is already dead."""
    children = []
    for index, argv in enumerate(argvs):
        out = (tmp_path / f"child-{index}.out").open("w+")
        err = (tmp_path / f"child-{index}.err").open("w+")
        process = subprocess.Popen(
            [sys.executable, "-c", script, *argv], stdout=out, stderr=err, env=env
        )
        children.append((process, out, err))
    deadline = time.monotonic() + timeout
    try:
        while True:
            failed = [c for c in children if c[0].poll() not in (None, 0)]
            if failed:
                process, _out, err = failed[0]
                err.seek(0)
                pytest.fail(f"child {process.pid} exited {process.returncode}:\n{err.read()}")
            if all(c[0].returncode == 0 for c in children):
                break
            if time.monotonic() > deadline:
                pytest.fail(f"children still running after {timeout} s")
            time.sleep(0.05)
        outputs = []
        for _process, out, _err in children:
            out.seek(0)
            outputs.append(out.read())
        return outputs
    finally:
        for process, out, err in children:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
            out.close()
            err.close()


@pytest.mark.slow
def test_numbers_are_gap_free_under_concurrent_writers(db_url: str, tmp_path: Path) -> None:
    """Four processes number 25 tasks each. Under load a writer used to give up after SQLite's
    5 s busy timeout; now it waits up to lock_wait. A dead child fails the test at once."""
    env = {**os.environ, "OFFICEDESK_DATABASE_URL": db_url, "OFFICEDESK_TODAY": TODAY.isoformat()}
    outputs = run_children(tmp_path, ADD_TASKS, [["25"]] * 4, env, timeout=90)
    codes = [code for output in outputs for code in json.loads(output)]
    assert sorted(codes) == [f"DB-2026-{n:04d}" for n in range(1, 101)]


def test_secrecy_codes_swap_with_their_journal(private_ctx) -> None:  # type: ignore[no-untyped-def]
    """0011: a document typed as 机密 keeps that grade whichever way the codes were worded:
    the registers' values and the journal's copies swap together, both ways."""
    from alembic import command

    from officedesk.migrate import alembic_config
    from officedesk.services.incoming.actions import create_incoming, get_incoming

    ctx = private_ctx
    with ctx.write("incoming.add") as session:
        doc = create_incoming(session, {"title": "机密文件", "secrecy": "secret"})

    def stored() -> tuple[str, str]:
        with ctx.store.engine.connect() as conn:
            value = conn.execute(text("SELECT secrecy FROM incoming")).scalar_one()
            after = conn.execute(
                text("SELECT after FROM journal WHERE entity = 'incoming'")
            ).scalar_one()
        return value, after

    config = alembic_config(ctx.store.url, lock=ctx.store.lock)
    command.downgrade(config, "0010_registry")
    value, after = stored()
    assert value == "confidential" and '"secrecy": "confidential"' in after  # the old words
    upgrade(ctx.store)
    value, after = stored()
    assert value == "secret" and '"secrecy": "secret"' in after
    with ctx.read() as session:
        assert get_incoming(session, doc.id).secrecy == "secret"


def test_the_marks_migration_widens_the_checks_and_keeps_the_rows(private_ctx) -> None:  # type: ignore[no-untyped-def]
    """0013: 绝密, the period and the telegraph grades fit after an upgrade of a database that
    holds documents; its CHECKs still refuse what is no grade; a downgrade refuses while a row
    uses a new value, and goes through once none does."""
    from alembic import command
    from sqlalchemy.exc import IntegrityError

    from officedesk.migrate import alembic_config
    from officedesk.services.incoming.actions import create_incoming, get_incoming

    ctx = private_ctx
    config = alembic_config(ctx.store.url, lock=ctx.store.lock)
    with ctx.write("incoming.add") as session:
        older = create_incoming(session, {"title": "机密文件", "secrecy": "secret"})
    command.downgrade(config, "0012_visit_papers")
    upgrade(ctx.store)
    with ctx.write("incoming.add") as session:
        doc = create_incoming(
            session,
            {"title": "电报", "kind": "telegram", "urgency": "flash", "secrecy": "top_secret"},
        )
        assert (doc.kind, doc.urgency, doc.secrecy) == ("telegram", "flash", "top_secret")
    with ctx.read() as session:
        assert get_incoming(session, older.id).secrecy == "secret"
        assert get_incoming(session, older.id).secrecy_years == 0
    for column, junk in (("secrecy", "ultra"), ("urgency", "asap"), ("kind", "cable")):
        with pytest.raises(IntegrityError), ctx.store.engine.begin() as conn:
            conn.execute(text(f"UPDATE incoming SET {column} = :v"), {"v": junk})
    with pytest.raises(RuntimeError, match="kind this version lacks"):
        command.downgrade(config, "0012_visit_papers")
    with ctx.store.engine.begin() as conn:
        conn.execute(text("DELETE FROM incoming_log WHERE incoming_id = :id"), {"id": doc.id})
        conn.execute(text("DELETE FROM incoming WHERE id = :id"), {"id": doc.id})
    command.downgrade(config, "0012_visit_papers")
    with ctx.store.engine.connect() as conn:
        assert conn.execute(text("SELECT secrecy FROM incoming")).scalar_one() == "secret"
    upgrade(ctx.store)
