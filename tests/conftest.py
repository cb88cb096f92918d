"""Fixtures: a fresh migrated database per test (SQLite file, or PostgreSQL when
OFFICEDESK_TEST_PG_URL is set), a fixed day, an isolated config and data directory."""

import atexit
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

PG_URL = os.environ.get("OFFICEDESK_TEST_PG_URL")
BACKEND = "postgresql" if PG_URL else "sqlite"
TODAY = date(2026, 11, 26)  # a Thursday; 2026 is the last year chinese-calendar knows
OPERATOR = "tester"

# Nothing in a test run may write to the developer's home: fixtures wider than one test (the
# demo fill, snapshots) run before the per-test isolation below and would otherwise create the
# seal key, the seal anchors or error.log in the real data directory.
# A child process a test spawns imports this module again: it keeps the directories it was given
# (the marker is not an OFFICEDESK_ variable, which isolated_env would remove).
if "ODT_RUN_HOME" not in os.environ:
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
    test costs ~0.3 s; TRUNCATE a few ms)."""
    name = f"odt_w_{uuid.uuid4().hex[:16]}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
    yield name
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_truncate(database: str) -> None:
    import psycopg

    with psycopg.connect(_pg_server_url(database), autocommit=True) as conn:
        conn.execute("SET lock_timeout = '10s'")  # a leaked connection fails loudly, never hangs
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            )
        ]
        if tables:
            names = ", ".join(f'"{t}"' for t in tables)
            conn.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture
def db_url(request: pytest.FixtureRequest, template_db: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated, empty database of the backend under test."""
    if PG_URL:
        worker_db = request.getfixturevalue("pg_worker_db")
        _pg_truncate(worker_db)
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
