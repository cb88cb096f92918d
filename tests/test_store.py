"""Opening the store: a broken or foreign database explains itself in one line, writers wait for
a lock instead of failing (and say who holds it when they give up), the file is made private."""

import asyncio
import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import BACKEND, PG_URL
from officedesk.db import SCHEMA_HEAD, Store, StoreError

sqlite_only = pytest.mark.skipif(BACKEND != "sqlite", reason="a SQLite writer's lock")
pg_only = pytest.mark.skipif(BACKEND != "postgresql", reason="a PostgreSQL writer's lock")

HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


# ---- fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(request: pytest.FixtureRequest, tmp_path_factory: Any) -> Path:
    """A migrated officedesk SQLite file, whichever backend the run is for: these tests are
    about files."""
    if BACKEND == "sqlite":
        return Path(request.getfixturevalue("template_db"))
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    store = Store(f"sqlite:///{path}")
    store.ensure_schema()
    store.dispose()
    return path


@pytest.fixture
def office_file(sqlite_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "office.db"
    shutil.copyfile(sqlite_template, path)
    os.chmod(path, 0o600)
    return path


def error_log() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "officedesk" / "error.log"


def assert_one_line(stderr: str) -> str:
    """The failure is one line, not a traceback, and no internal error was logged."""
    assert stderr.startswith("officedesk: ") and stderr.count("\n") == 1, stderr
    assert "Traceback" not in stderr and "Internal error" not in stderr
    assert not error_log().exists()
    return stderr.strip()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def backups_beside(path: Path) -> Path:
    """Two pre-upgrade backups beside the database; returns the newer one."""
    older = path.with_name(f"{path.name}.schema-0007_visit_award-20261101T080000.bak")
    newer = path.with_name(f"{path.name}.schema-0008_search_kinds-20261120T080000.bak")
    for backup, age in ((older, 200_000), (newer, 100_000)):
        backup.write_bytes(b"SQLite format 3\x00")
        os.utime(backup, (time.time() - age, time.time() - age))
    return newer


@contextmanager
def lock_held(path: Path, seconds: float, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the database's write lock (BEGIN IMMEDIATE) for `seconds`."""
    script = tmp_path / "hold_lock.py"
    script.write_text(HOLD_LOCK, encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, str(script), str(path), str(seconds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        line = holder.stdout.readline()
        assert line.strip() == "locked", holder.stderr.read() if holder.stderr else ""
        yield holder
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait(timeout=10)


def task_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM task").fetchone()[0]
    finally:
        conn.close()


def pg_server_url() -> str:
    """The PostgreSQL server of the run (or the local one); the test is skipped without one."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL or "postgresql://postgres@127.0.0.1:5432/test").set(
        drivername="postgresql"
    )
    try:
        psycopg.connect(url.render_as_string(hide_password=False), connect_timeout=3).close()
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL server")
    return url.render_as_string(hide_password=False)


# ---- 4. a broken or foreign database in one line ----------------------------------------------


def test_truncated_file_is_damaged_and_the_newest_backup_is_named(
    cli: Any, office_file: Path
) -> None:
    newest = backups_beside(office_file)
    with office_file.open("r+b") as handle:
        handle.truncate(5000)
    result = cli("--db", str(office_file), "task", "list")
    assert result.exit_code == 1
    line = assert_one_line(result.stderr)
    assert f"{office_file} is damaged (truncated: 5000 bytes where its header promises" in line
    assert f"The newest backup made before an upgrade is {newest}." in line


def test_a_damaged_page_found_while_reading_is_named(cli: Any, office_file: Path) -> None:
    """A header that looks right but the tables' pages are garbage: SQLite finds it mid-query."""
    conn = sqlite3.connect(office_file)
    roots = [
        row[0]
        for row in conn.execute(
            "SELECT rootpage FROM sqlite_master "
            "WHERE rootpage > 1 AND tbl_name <> 'alembic_version'"
        )
    ]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with office_file.open("r+b") as handle:
        for root in roots:
            handle.seek((root - 1) * page_size)
            handle.write(b"\xa5" * page_size)
    result = cli("--db", str(office_file), "task", "list")
    assert result.exit_code == 1
    line = assert_one_line(result.stderr)
    assert f"{office_file} is damaged (database disk image is malformed)" in line
    assert "No backup made before an upgrade was found beside it." in line


@pytest.mark.parametrize(
    ("content", "described"),
    [
        (b"\x00\xff" + os.urandom(3000), "unrecognised data"),
        ("# 周报\n\n- 本周完成：…\n".encode(), "text"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "a PNG file"),
    ],
    ids=["random", "markdown", "png"],
)
def test_a_file_that_is_not_sqlite_is_named_and_left_alone(
    cli: Any, tmp_path: Path, content: bytes, described: str
) -> None:
    path = tmp_path / "office.db"
    path.write_bytes(content)
    os.chmod(path, 0o644)
    before = digest(path)
    result = cli("--db", str(path), "task", "list")
    assert result.exit_code == 1
    line = assert_one_line(result.stderr)
    assert line == (
        f"officedesk: {path} is not a SQLite database (it holds {described}); officedesk left "
        "it untouched. No backup made before an upgrade was found beside it."
    )
    assert digest(path) == before and stat.S_IMODE(path.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("office.db")) == [
        "office.db"
    ]


def test_chinese_line_for_a_file_that_is_not_sqlite(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    path.write_text("# 笔记\n", encoding="utf-8")
    result = cli("--lang", "zh", "--db", str(path), "task", "list")
    assert result.exit_code == 1
    assert assert_one_line(result.stderr) == (
        f"officedesk: {path} 不是 SQLite 数据库（内容是文本），officedesk 未作任何改动。"
        "旁边没有找到升级前的备份。"
    )


def test_another_programs_sqlite_database_is_refused_untouched(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "photos.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE album (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, album_id INTEGER)")
    conn.commit()
    conn.close()
    before = digest(path)
    result = cli("--db", str(path), "task", "list")
    assert result.exit_code == 1
    line = assert_one_line(result.stderr)
    assert f"{path} is not an officedesk database: it holds other tables (album, photo)" in line
    assert digest(path) == before  # not migrated, not even switched to WAL
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_a_newer_schema_is_refused_without_a_backup_or_a_change(
    cli: Any, office_file: Path
) -> None:
    conn = sqlite3.connect(office_file)
    conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    conn.commit()
    conn.close()
    before = digest(office_file)
    result = cli("--db", str(office_file), "task", "add", "新任务")
    assert result.exit_code == 1
    line = assert_one_line(result.stderr)
    assert (
        f"{office_file} has schema version 0099_future, which this officedesk does not know "
        f"(its newest is {SCHEMA_HEAD})" in line
    )
    assert digest(office_file) == before
    assert not list(office_file.parent.glob("*.bak"))


def test_a_newer_schema_is_refused_on_either_backend(private_db_url: str) -> None:
    """SQLite refuses on opening (before the file is touched); PostgreSQL before upgrading."""
    from sqlalchemy import create_engine, text

    from officedesk.errors import DomainError

    engine = create_engine(private_db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    engine.dispose()
    with pytest.raises(DomainError) as caught:
        store = Store(private_db_url)
        try:
            store.ensure_schema()
        finally:
            store.dispose()
    assert caught.value.key == "store.unknown_schema"
    assert caught.value.params["version"] == "0099_future"


def test_another_programs_database_is_refused_on_either_backend(empty_db_url: str) -> None:
    from sqlalchemy import create_engine, inspect, text

    from officedesk.errors import DomainError

    engine = create_engine(empty_db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoice (id INTEGER PRIMARY KEY)"))
    with pytest.raises(DomainError) as caught:
        store = Store(empty_db_url)
        try:
            store.ensure_schema()
        finally:
            store.dispose()
    assert caught.value.key == "store.foreign"
    assert caught.value.params["tables"] == "invoice"
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == ["invoice"]
    engine.dispose()


def test_an_empty_file_is_a_new_database(cli: Any, tmp_path: Path) -> None:
    """How officedesk creates a database: a 0-byte file is migrated, not refused; one that
    others could read is made private first."""
    path = tmp_path / "new.db"
    path.touch(mode=0o644)
    os.chmod(path, 0o644)
    result = cli("--db", str(path), "task", "add", "第一项")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"officedesk: made {path} private (was 0644)\n"
    assert task_count(path) == 1


@pytest.mark.parametrize(
    ("url", "shown", "reason"),
    [
        ("bogus://x", "bogus://x", "officedesk works with sqlite or postgresql databases"),
        ("garbage", "garbage", "it is not a database URL"),
        ("mysql://clerk:s3cret@db/office", "mysql://clerk:***@db/office", "not mysql"),
        ("postgresql+nodriver://clerk:s3cret@db/x", "clerk:***@db/x", "no database driver"),
    ],
)
def test_a_url_nothing_can_open_is_a_usage_error(
    cli: Any, url: str, shown: str, reason: str
) -> None:
    result = cli("task", "list", env={"OFFICEDESK_DATABASE_URL": url})
    assert result.exit_code == 2
    line = assert_one_line(result.stderr)
    assert "The database URL" in line and shown in line and reason in line
    assert "s3cret" not in line


@pytest.mark.slow
def test_postgresql_server_down_is_one_line_in_a_real_process(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "OFFICEDESK_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:1/test",
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", "from officedesk.cli.main import run; run()", "task", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(
        "officedesk: Cannot connect to PostgreSQL at 127.0.0.1:1: Connection refused"
    )
    assert_one_line(result.stderr)
    assert time.monotonic() - started < 15


def test_missing_postgresql_database_is_named(cli: Any) -> None:
    from sqlalchemy.engine import make_url

    name = f"odt_missing_{uuid.uuid4().hex[:8]}"
    url = make_url(pg_server_url()).set(database=name).render_as_string(hide_password=False)
    result = cli("task", "list", env={"OFFICEDESK_DATABASE_URL": url})
    assert result.exit_code == 1
    line = assert_one_line(result.stderr)
    assert f"Database {name} does not exist on the PostgreSQL server at" in line
    assert "Upgrade failed" not in line


def test_unknown_postgresql_user_is_named(cli: Any) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(pg_server_url()).set(username="nobody_here", password=None)
    result = cli("task", "list", env={"OFFICEDESK_DATABASE_URL": url.render_as_string()})
    assert result.exit_code == 1
    assert "refused user nobody_here" in assert_one_line(result.stderr)


def test_the_store_raises_the_same_sentence(office_file: Path) -> None:
    """Services and the workbench get a StoreError (a DomainError), not a driver exception."""
    office_file.write_text("not a database\n", encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        Store(f"sqlite:///{office_file}")
    assert caught.value.key == "store.not_sqlite"
    assert str(office_file) in caught.value.message()


async def test_workbench_shows_why_the_database_cannot_be_opened(
    tmp_path: Path,
) -> None:
    from officedesk.app import OfficeDeskApp
    from officedesk.context import build_context
    from tui_helpers import static_text, wait_until

    path = tmp_path / "office.db"
    path.write_text("# 会议纪要\n", encoding="utf-8")
    ctx = build_context(db=str(path), lang="en")
    app = OfficeDeskApp(ctx, screen="today")
    async with app.run_test(size=(160, 30)) as pilot:
        summary = app.screen.query_one("#today-summary")
        await wait_until(pilot, lambda: "not a SQLite database" in static_text(summary))
        assert app.prepare_error is not None
        assert app.prepare_error.key == "store.not_sqlite"
    ctx.close()


# ---- 5. writers wait ----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_writer_waits_for_the_lock_and_then_saves(
    office_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Behind another process's 2 s transaction (longer than the first attempt's slice), the
    write waits, announces the wait once past 0.5 s, and saves when the lock is free."""
    from officedesk.context import build_context
    from officedesk.services.task import create_task

    ctx = build_context(db=str(office_file), lang="en")
    events: list[tuple[bool, float]] = []
    with lock_held(office_file, 2.0, tmp_path):
        started = time.monotonic()
        ctx.store.on_wait = lambda waiting: events.append((waiting, time.monotonic() - started))
        with ctx.write("task.add") as session:
            create_task(session, {"title": "排在批处理后面"})
        waited = time.monotonic() - started
    ctx.close()
    assert 1.5 <= waited < 6, waited
    assert [waiting for waiting, _at in events] == [True, False]
    assert 0.4 <= events[0][1] < 1.5
    assert task_count(office_file) == 1


@pytest.mark.slow
def test_a_writer_gives_up_after_lock_wait_and_names_the_holder(
    cli: Any, office_file: Path, tmp_path: Path
) -> None:
    with lock_held(office_file, 30, tmp_path) as holder:
        started = time.monotonic()
        result = cli(
            "--db", str(office_file), "task", "add", "x", env={"OFFICEDESK_LOCK_WAIT": "1"}
        )
        elapsed = time.monotonic() - started
    assert result.exit_code == 1
    line = assert_one_line(result.stderr)
    assert 0.9 <= elapsed < 4, elapsed
    assert f"Nothing was saved: the database {office_file} stayed locked for 1." in line
    assert f"held by hold_lock.py office.db 30 (pid {holder.pid})" in line
    assert task_count(office_file) == 0


def test_a_migration_waits_for_the_lock_as_long_as_the_stores_writers(
    empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The migration's engine (migrations/env.py) gets the store's lock policy, not the
    default 30 s wait."""
    import officedesk.db

    real_make_engine = officedesk.db.make_engine
    locks: list[Any] = []

    def recording_make_engine(url: str, **options: Any) -> Any:
        locks.append(options.get("lock"))
        return real_make_engine(url, **options)

    store = Store(empty_db_url, lock_wait=7.5)
    monkeypatch.setattr(officedesk.db, "make_engine", recording_make_engine)
    try:
        store.ensure_schema()
    finally:
        store.dispose()
    assert store.schema_version() == SCHEMA_HEAD
    assert locks == [store.lock]
    assert locks[0].wait == 7.5


def test_lock_wait_from_the_environment_must_be_seconds(cli: Any) -> None:
    result = cli("task", "list", env={"OFFICEDESK_LOCK_WAIT": "soon"})
    assert result.exit_code == 1
    assert "OFFICEDESK_LOCK_WAIT must be a number of seconds from 0 to" in assert_one_line(
        result.stderr
    )


@sqlite_only
@pytest.mark.slow
@pytest.mark.pg_pilot
async def test_workbench_says_it_is_waiting_for_the_database(ctx: Any, tmp_path: Path) -> None:
    from officedesk.app import OfficeDeskApp
    from officedesk.i18n import t
    from officedesk.services.task import create_task
    from tui_helpers import settle, wait_until

    def add() -> None:
        with ctx.write("task.add") as session:
            create_task(session, {"title": "等待中"})

    def waiting_toasts() -> list[Any]:
        return [n for n in app._notifications if n.message == t("store.waiting")]

    app = OfficeDeskApp(ctx, screen="today")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        with lock_held(ctx.store.path, 1.5, tmp_path):
            write = asyncio.ensure_future(asyncio.to_thread(add))
            await wait_until(pilot, lambda: bool(waiting_toasts()))
            await write
        await settle(pilot)
        assert waiting_toasts() == []  # gone once the write got through


@pg_only
@pytest.mark.slow
def test_postgresql_writer_waits_then_saves(ctx: Any, db_url: str) -> None:
    import psycopg

    from officedesk.services.task import create_task, list_tasks

    events: list[bool] = []
    ctx.store.on_wait = events.append
    holder = psycopg.connect(db_url.replace("+psycopg", ""), application_name="nightly-export")
    holder.execute("LOCK TABLE task IN EXCLUSIVE MODE")
    release = threading.Timer(1.5, holder.commit)
    started = time.monotonic()
    release.start()
    try:
        with ctx.write("task.add") as session:
            create_task(session, {"title": "排队"})
        waited = time.monotonic() - started
    finally:
        release.join()
        holder.close()
    assert 1.2 <= waited < 6, waited
    assert events == [True, False]
    with ctx.read() as session:
        assert len(list_tasks(session).items) == 1


@pg_only
@pytest.mark.slow
def test_postgresql_writer_gives_up_and_names_the_holder(cli: Any, db_url: str) -> None:
    import psycopg

    holder = psycopg.connect(db_url.replace("+psycopg", ""), application_name="nightly-export")
    holder.execute("LOCK TABLE task IN EXCLUSIVE MODE")
    # A writer without lock_timeout would wait for ever: the lock goes after 8 s regardless.
    release = threading.Timer(8, holder.rollback)
    release.start()
    try:
        started = time.monotonic()
        result = cli("task", "add", "x", env={"OFFICEDESK_LOCK_WAIT": "1"})
        elapsed = time.monotonic() - started
    finally:
        release.cancel()
        holder.close()
    assert result.exit_code == 1
    line = assert_one_line(result.stderr)
    assert 0.9 <= elapsed < 5, elapsed
    assert "stayed locked for 1.0 s, held by nightly-export (PostgreSQL session" in line


@pg_only
@pytest.mark.slow
def test_a_postgresql_deadlock_is_one_sentence(ctx: Any, db_url: str) -> None:
    """Two sessions take the same two locks in opposite order; the server ends one (40P01)."""
    import psycopg

    from officedesk.db_errors import explain_error

    dsn = db_url.replace("+psycopg", "")
    first, second = psycopg.connect(dsn), psycopg.connect(dsn)
    failures: list[BaseException] = []

    def take(conn: Any, tables: tuple[str, str], ready: threading.Barrier) -> None:
        try:
            conn.execute(f"LOCK TABLE {tables[0]} IN EXCLUSIVE MODE")
            ready.wait()
            conn.execute(f"LOCK TABLE {tables[1]} IN EXCLUSIVE MODE")
        except psycopg.Error as exc:
            failures.append(exc)
        finally:
            conn.rollback()

    ready = threading.Barrier(2)
    threads = [
        threading.Thread(target=take, args=(first, ("task", "department"), ready)),
        threading.Thread(target=take, args=(second, ("department", "task"), ready)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    first.close()
    second.close()
    assert len(failures) == 1
    explained = explain_error(failures[0], ctx.store)
    assert explained is not None and explained.key == "store.conflict"
    assert explained.message().startswith(
        "Nothing was saved: the change collided with another user's change made at the same "
        "moment (deadlock detected)"
    )


@pg_only
def test_our_postgresql_sessions_are_named_and_time_out(ctx: Any) -> None:
    from sqlalchemy import text

    with ctx.store.engine.connect() as conn:
        name = conn.execute(text("SHOW application_name")).scalar()
        timeout = conn.execute(text("SHOW lock_timeout")).scalar()
    assert name.startswith("officedesk")
    assert timeout == "30s"


# ---- 6. a private file ---------------------------------------------------------------------------


def test_a_readable_database_and_its_wal_are_made_private(cli: Any, office_file: Path) -> None:
    keeper = sqlite3.connect(office_file)  # keeps -wal and -shm in existence
    keeper.execute("PRAGMA journal_mode=WAL")
    keeper.execute("SELECT count(*) FROM task").fetchone()
    try:
        files = [office_file, Path(f"{office_file}-wal"), Path(f"{office_file}-shm")]
        for path in files:
            os.chmod(path, 0o644)
        result = cli("--db", str(office_file), "task", "list")
        assert result.exit_code == 0, result.stderr
        assert result.stderr.splitlines() == [
            f"officedesk: made {path} private (was 0644)" for path in files
        ]
        assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}
        again = cli("--db", str(office_file), "task", "list")
        assert again.stderr == ""
    finally:
        keeper.close()


def test_the_private_notice_in_chinese(cli: Any, office_file: Path) -> None:
    os.chmod(office_file, 0o640)
    result = cli("--lang", "zh", "--db", str(office_file), "task", "list")
    assert result.stderr == f"officedesk: 已将 {office_file} 设为仅本人可读写（原权限 0640）\n"


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a file to another user")
def test_someone_elses_readable_database_is_warned_about_not_touched(
    office_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from officedesk.i18n import set_language

    set_language("en")
    os.chmod(office_file, 0o644)
    os.chown(office_file, 65534, 65534)
    store = Store(f"sqlite:///{office_file}")
    store.dispose()
    assert stat.S_IMODE(office_file.stat().st_mode) == 0o644
    assert office_file.stat().st_uid == 65534
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"officedesk: {office_file} is readable by other users (mode 0644)" in err
