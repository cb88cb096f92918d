"""Fixtures: a fresh migrated database per test (SQLite file, or PostgreSQL when
OFFICEDESK_TEST_PG_URL is set), a copy of the demo office built once per run, a fixed day, an
isolated config and data directory."""

import atexit
import inspect
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

PG_URL = os.environ.get("OFFICEDESK_TEST_PG_URL")
BACKEND = "postgresql" if PG_URL else "sqlite"
TODAY = date(2026, 11, 26)  # a Thursday; 2026 is the last year chinese-calendar knows
OPERATOR = "tester"
# The snapshots' office clock: the demo written and shown at one moment in one zone, so the
# pictures do not depend on the zone or the hour of the machine that runs the tests.
PINNED_NOW = "2026-11-26T09:30:00+08:00"
PINNED_ZONE = "Asia/Shanghai"


def _scratch_in_memory(minimum_free: int = 2 << 30) -> None:
    """The run's scratch files (tmp_path, the shared demo office, what spawned processes write)
    on /dev/shm where there is one with room, unless TMPDIR names a place. The store commits
    with synchronous=FULL, an fsync per commit: ~18 a test at ~3 ms each on a 2-core machine's
    disk, over a minute and a half of a run spent waiting for files deleted at its end. What
    survives a killed process (tests/test_faults.py) does not depend on the fsync, only what
    survives a power cut."""
    shm = "/dev/shm"
    if os.environ.get("TMPDIR") or not os.path.isdir(shm) or not os.access(shm, os.W_OK):
        return
    stats = os.statvfs(shm)
    if stats.f_bavail * stats.f_frsize < minimum_free:
        return
    os.environ["TMPDIR"] = shm  # children spawned by the tests, and pytest's own basetemp
    tempfile.tempdir = shm


# Nothing in a test run may write to the developer's home: fixtures wider than one test (the
# demo fill, snapshots) run before the per-test isolation below and would otherwise create the
# seal key, the seal anchors or error.log in the real data directory.
# A child process a test spawns imports this module again: it keeps the directories it was given
# (the marker is not an OFFICEDESK_ variable, which isolated_env would remove).
if "ODT_RUN_HOME" not in os.environ:
    _scratch_in_memory()
    _RUN_HOME = tempfile.mkdtemp(prefix="officedesk-tests-")
    atexit.register(shutil.rmtree, _RUN_HOME, ignore_errors=True)
    os.environ.update(
        ODT_RUN_HOME=_RUN_HOME,
        HOME=_RUN_HOME,
        XDG_DATA_HOME=os.path.join(_RUN_HOME, "data"),
        XDG_CONFIG_HOME=os.path.join(_RUN_HOME, "config"),
    )


def pytest_report_header(config: Any) -> str:
    return f"officedesk backend: {BACKEND}"


def pytest_xdist_auto_num_workers(config: Any) -> int | None:
    """`-n auto`: one worker more than the cores. A pilot test sleeps at every key and pause
    (Textual's wait_for_idle: 20 ms slices until the process is idle) and a worker waits for the
    demo office another builds; with a worker per core those moments left a core idle (a fifth
    of a run on 2 cores), the extra worker fills them. PYTEST_XDIST_AUTO_NUM_WORKERS still rules."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return cores + 1


# The modules that drive the workbench through Textual's pilot (App.run_test): seconds a test.
PILOT_MODULES = frozenset({"test_tui", "test_snapshots", "test_record_table"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the pilot modules' tests, and every coroutine test (each drives the workbench),
    `pilot`: `-m "not slow and not pilot"` is a quick loop, and the PostgreSQL run leaves
    them out but for those marked `pg_pilot` (.ci/run): the workbench reaches the database
    only through the services that run tests the rest of that run."""
    for item in items:
        if not isinstance(item, pytest.Function):
            continue
        module = item.module.__name__
        drives = inspect.iscoroutinefunction(item.function)
        if drives or module in PILOT_MODULES or module.endswith("_tui"):
            item.add_marker(pytest.mark.pilot)


@pytest.fixture(autouse=True)
def no_screen_building(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workbench builds its hidden screens after the first paint (app.WARM_SCREENS); a
    pilot test pays for that only where it is the subject (tests/test_first_visit.py)."""
    if request.node.get_closest_marker("pilot") and request.module.__name__ != "test_first_visit":
        from officedesk.app import OfficeDeskApp

        monkeypatch.setattr(OfficeDeskApp, "WARM_SCREENS", False)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's config or data directory, or their OFFICEDESK_* settings."""
    for name in list(os.environ):
        if name.startswith("OFFICEDESK_") and name != "OFFICEDESK_TEST_PG_URL":
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("OFFICEDESK_TODAY", TODAY.isoformat())
    monkeypatch.setenv("OFFICEDESK_OPERATOR", OPERATOR)
    monkeypatch.setenv("OFFICEDESK_LANG", "en")
    from officedesk.cli import state

    state.STATE.ctx = None
    state.STATE.batch = None


def _pg_server_url(database: str) -> str:
    from sqlalchemy.engine import make_url

    assert PG_URL
    return make_url(PG_URL).set(database=database).render_as_string(hide_password=False)


def _pg_admin() -> Any:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL)
    return psycopg.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        dbname=url.database or "postgres",
        autocommit=True,
    )


def sqlalchemy_pg_url(database: str) -> str:
    return _pg_server_url(database).replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database built once per run; each test gets a copy of it."""
    from officedesk.db import Store

    if PG_URL:
        name = f"odt_tmpl_{uuid.uuid4().hex[:12]}"
        with _pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        store = Store(sqlalchemy_pg_url(name))
        store.ensure_schema()
        store.dispose()
        yield name
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        store = Store(f"sqlite:///{path}")
        store.ensure_schema()
        store.dispose()  # the last connection to close checkpoints the WAL into the file
        yield str(path)


@pytest.fixture(scope="session")
def pg_worker_db(template_db: str) -> Iterator[str]:
    """One PostgreSQL database per test process, emptied before each test (CREATE DATABASE per
    test costs ~0.3 s; emptying it a few ms)."""
    name = f"odt_w_{uuid.uuid4().hex[:16]}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
    yield name
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_empty(database: str) -> None:
    """Every table emptied and every sequence back at its start, as in a new database.

    DELETE, referencing tables first, not TRUNCATE: TRUNCATE gives every table and index new
    files, ~170 ms a test on this machine's server (minutes of a PostgreSQL run), where the few
    rows a test writes cost ~25 ms to delete. Needs no privilege beyond owning the tables."""
    import psycopg

    with psycopg.connect(_pg_server_url(database), autocommit=True) as conn:
        conn.execute("SET lock_timeout = '10s'")  # a leaked connection fails loudly, never hangs
        if database not in _EMPTYING:
            _EMPTYING[database] = _emptying_statements(conn)
        conn.execute(_EMPTYING[database])


_EMPTYING: dict[str, str] = {}


def _emptying_statements(conn: Any) -> str:
    """One transaction deleting every row, each table after those that refer to it."""
    from graphlib import TopologicalSorter

    tables = [
        row[0]
        for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'"
        )
    ]
    referrers: dict[str, set[str]] = {table: set() for table in tables}
    for child, parent in conn.execute(
        "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid <> confrelid"
    ):
        referrers[parent.strip('"')].add(child.strip('"'))
    order = list(TopologicalSorter(referrers).static_order())  # referrers come out first
    sequences = [
        row[0]
        for row in conn.execute("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")
    ]
    statements = ["BEGIN", *(f'DELETE FROM "{table}"' for table in order)]
    statements += [f'ALTER SEQUENCE "{sequence}" RESTART' for sequence in sequences]
    return "; ".join([*statements, "COMMIT"])


@pytest.fixture
def db_url(request: pytest.FixtureRequest, template_db: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated, empty database of the backend under test."""
    if PG_URL:
        worker_db = request.getfixturevalue("pg_worker_db")
        _pg_empty(worker_db)
        yield sqlalchemy_pg_url(worker_db)
    else:
        path = tmp_path / "office.db"
        shutil.copyfile(template_db, path)
        os.chmod(path, 0o600)
        yield f"sqlite:///{path}"


@pytest.fixture
def private_db_url(template_db: str, tmp_path: Path) -> Iterator[str]:
    """A migrated database of its own, for tests that change the schema."""
    if PG_URL:
        name = f"odt_{uuid.uuid4().hex[:16]}"
        with _pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
        yield sqlalchemy_pg_url(name)
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "private.db"
        shutil.copyfile(template_db, path)
        os.chmod(path, 0o600)
        yield f"sqlite:///{path}"


@pytest.fixture
def empty_db_url(tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all (migration tests)."""
    if PG_URL:
        name = f"odt_{uuid.uuid4().hex[:16]}"
        with _pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        yield sqlalchemy_pg_url(name)
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path / 'empty.db'}"


# ---- the demo office, built once per run -----------------------------------------------------
# A fill writes thousands of records through the services (seconds, a minute on a loaded
# machine): the first worker to ask builds it in the run's directory, the others wait for the
# file, and each test gets a copy, as it gets a copy of the empty template.


def built_once(name: str, build: Callable[[Path], dict[str, Any]]) -> tuple[Path, dict[str, Any]]:
    """The file `name` in the run's shared directory, built by `build(path)` in whichever process
    asks first (xdist workers share ODT_RUN_HOME), with what `build` returned.

    The lock is an O_EXCL create holding the builder's pid; the file is renamed into place and
    its description written last, so a waiter never sees half a file. A builder that failed
    leaves its traceback for the waiters; one that died is noticed by its pid."""
    shared = Path(os.environ["ODT_RUN_HOME"]) / "shared"
    shared.mkdir(exist_ok=True)
    target, described = shared / name, shared / f"{name}.json"
    lock, failed = shared / f"{name}.lock", shared / f"{name}.failed"
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return target, _wait_for(described, lock, failed)
    with os.fdopen(fd, "w") as handle:
        handle.write(str(os.getpid()))
    try:
        partial = shared / f"{name}.partial"
        meta = build(partial)
        os.replace(partial, target)
        written = shared / f"{name}.json.partial"
        written.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(written, described)
    except BaseException:
        failed.write_text(traceback.format_exc(), encoding="utf-8")
        raise
    return target, meta


def _wait_for(described: Path, lock: Path, failed: Path, timeout: float = 1800) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while not described.exists():
        if failed.exists():
            pytest.fail(f"{described.stem} failed in another worker:\n{failed.read_text()}")
        builder = lock.read_text().strip()
        if builder.isdigit() and not _alive(int(builder)):
            pytest.fail(f"the worker building {described.stem} (pid {builder}) died")
        if time.monotonic() > deadline:
            pytest.fail(f"{described.stem} not built in {timeout:.0f} s")
        time.sleep(0.2)
    return json.loads(described.read_text(encoding="utf-8"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class DemoOffice:
    """A filled demo office: an SQLite file, or a PostgreSQL database to copy as a template;
    what populate_demo reported; and whether each register's filler gave the session its day,
    clock and operator back (a register that leaks its time travel corrupts the next one); and
    how the fill reported its progress."""

    source: str
    counts: dict[str, int]
    clocks_kept: dict[str, bool]
    # What populate_demo told its progress callback, (stage, share done) per report, and how
    # many times the session flushed (demo.office.DEMO_FLUSHES estimates it).
    progress: list[tuple[str, float]]
    flushes: int


def fill_demo(
    url: str, *, lang: str = "en", operator: str | None = OPERATOR, now: str | None = None
) -> dict[str, Any]:
    """populate_demo on the database at `url`, as `officedesk demo` run on TODAY by `operator`
    (None: the machine's user) at `now` (None: the machine's clock), with every register's
    filler watched for putting the clock back."""
    import importlib

    from sqlalchemy import event as orm_event

    from officedesk.config import Settings
    from officedesk.context import build_context
    from officedesk.demo.office import REGISTER_DEMOS, populate_demo
    from officedesk.i18n import current_language, set_language
    from officedesk.registry import BY_NAME

    language = current_language()
    clocks_kept: dict[str, bool] = {}
    with pytest.MonkeyPatch.context() as mp:
        # Built before any test's isolation: none of the developer's settings may reach it.
        for variable in list(os.environ):
            if variable.startswith("OFFICEDESK_") and variable != "OFFICEDESK_TEST_PG_URL":
                mp.delenv(variable)
        mp.setenv("OFFICEDESK_DATABASE_URL", url)
        if now is not None:
            mp.setenv("OFFICEDESK_NOW", now)
        if operator is None:
            mp.delenv("OFFICEDESK_OPERATOR", raising=False)
        else:
            mp.setenv("OFFICEDESK_OPERATOR", operator)
        for register in REGISTER_DEMOS:
            module = importlib.import_module(str(BY_NAME[register].demo))
            mp.setattr(module, "fill_demo", _watching_the_clock(register, module, clocks_kept))
        ctx = build_context(lang=lang, settings=Settings(), today=TODAY)
        reports: list[tuple[str, float]] = []
        flushes = [0]

        def flushed(*_args: Any) -> None:
            flushes[0] += 1

        try:
            with ctx.write("demo") as session:
                orm_event.listen(session, "after_flush", flushed)
                counts = populate_demo(
                    session, progress=lambda p: reports.append((p.stage, p.done))
                )
                orm_event.remove(session, "after_flush", flushed)
        finally:
            ctx.close()  # the last connection to close checkpoints the WAL into the file
            set_language(language)
    return {
        "counts": counts,
        "clocks_kept": clocks_kept,
        "progress": reports,
        "flushes": flushes[0],
    }


def _watching_the_clock(register: str, module: Any, kept: dict[str, bool]) -> Any:
    fill = module.fill_demo

    def fill_and_watch(session: Any, rng: Any) -> dict[str, int]:
        env = session.env
        before = (env.today, env.fixed_now, env.operator)
        counts = fill(session, rng)
        kept[register] = (env.today, env.fixed_now, env.operator) == before
        return counts

    return fill_and_watch


def _sqlite_demo(name: str, **fill: Any) -> DemoOffice:
    """A demo office in an SQLite file of the run's, migrated and filled by the first asker."""

    def build(path: Path) -> dict[str, Any]:
        from officedesk.db import Store

        store = Store(f"sqlite:///{path}")
        store.ensure_schema()
        store.dispose()
        return fill_demo(f"sqlite:///{path}", **fill)

    path, meta = built_once(name, build)
    return DemoOffice(str(path), **meta)


@pytest.fixture(scope="session")
def demo_file() -> DemoOffice:
    """The demo office on the machine's clock in an SQLite file, built once per run whatever the
    backend under test: for checks of the code's shape that read it through a copy."""
    return _sqlite_demo("demo.db")


@pytest.fixture(scope="session")
def demo_office(request: pytest.FixtureRequest, template_db: str) -> Iterator[DemoOffice]:
    """The demo office on the machine's clock in the backend under test: the run's SQLite file,
    or on PostgreSQL a database filled once per worker, copied with CREATE DATABASE … TEMPLATE."""
    if not PG_URL:
        yield request.getfixturevalue("demo_file")
        return
    name = f"odt_demo_{uuid.uuid4().hex[:12]}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
    yield DemoOffice(name, **fill_demo(sqlalchemy_pg_url(name)))
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def demo_db_url(demo_office: DemoOffice, tmp_path: Path) -> Iterator[str]:
    """A private copy of the demo office, free to change."""
    if PG_URL:
        name = f"odt_{uuid.uuid4().hex[:16]}"
        with _pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{demo_office.source}"')
        yield sqlalchemy_pg_url(name)
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "demo.db"
        shutil.copyfile(demo_office.source, path)
        os.chmod(path, 0o600)
        yield f"sqlite:///{path}"


@pytest.fixture(scope="session")
def pinned_demo_file() -> Path:
    """The demo office written at PINNED_NOW in PINNED_ZONE by the machine's user (SQLite): what
    the snapshots show. Its readers copy it and pin the same clock and zone while they read."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", PINNED_ZONE)
        time.tzset()
        try:
            demo = _sqlite_demo("demo-pinned.db", lang="zh", operator=None, now=PINNED_NOW)
            return Path(demo.source)
        finally:
            mp.undo()
            time.tzset()


def _context_on(url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    from officedesk.context import build_context

    monkeypatch.setenv("OFFICEDESK_DATABASE_URL", url)
    return build_context(lang="en")


@pytest.fixture
def ctx(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An AppContext on the fresh database, in English, on the fixed day."""
    context = _context_on(db_url, monkeypatch)
    yield context
    context.close()


@pytest.fixture
def private_ctx(private_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An AppContext on a database no other test will use (schema-changing tests)."""
    context = _context_on(private_db_url, monkeypatch)
    yield context
    context.close()


@pytest.fixture
def demo_ctx(demo_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An AppContext on a private copy of the demo office, in English, on the fixed day."""
    context = _context_on(demo_db_url, monkeypatch)
    yield context
    context.close()


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        import json

        return json.loads(self.stdout)


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run `officedesk ARGS` in-process through CliRunner's isolation, via the real entry point."""
    from typer.testing import CliRunner

    from officedesk.cli import state
    from officedesk.cli.main import run

    monkeypatch.setenv("OFFICEDESK_DATABASE_URL", db_url)
    runner = CliRunner()

    def invoke(
        *args: str, input: str | None = None, env: dict[str, str] | None = None
    ) -> CliResult:
        state.STATE.ctx = None
        code = 0
        with runner.isolation(input=input, env=env) as (out, err, _):
            try:
                run(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            sys.stdout.flush()
            sys.stderr.flush()
            stdout = out.getvalue().decode("utf-8")
            stderr = err.getvalue().decode("utf-8")
        if state.STATE.ctx is not None:
            state.STATE.ctx.close()
            state.STATE.ctx = None
        return CliResult(code, stdout, stderr)

    return invoke


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to prove that a refused command changed nothing."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    with engine.connect() as conn:
        tables = sorted(inspect(conn).get_table_names())
        data = {
            name: [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{name}" ORDER BY 1'))]
            for name in tables
        }
    engine.dispose()
    return data
