"""`officedesk db check`: each invariant holds on a sound database and each kind of damage done
behind the application's back is named, on SQLite and PostgreSQL."""

from typing import Any

import pytest
from sqlalchemy import text

from conftest import BACKEND
from officedesk.context import AppContext
from officedesk.services.directory import create_department
from officedesk.services.history import undo_last
from officedesk.services.integrity import CHECKS, check_database
from officedesk.services.task import create_task


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


def raw(ctx: AppContext, sql: str, **params: Any) -> None:
    """Change the database behind the application's back (foreign keys off, as a tamperer)."""
    with ctx.store.engine.connect() as conn:
        if BACKEND == "sqlite":
            conn.exec_driver_sql("COMMIT")  # leave the BEGIN IMMEDIATE the engine opened
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.exec_driver_sql("BEGIN")
        else:
            conn.execute(text("SET session_replication_role = replica"))
        conn.execute(text(sql), params)
        conn.commit()


def findings(ctx: AppContext) -> dict[str, list[str]]:
    with ctx.read() as session:
        report = check_database(session)
    return {r.name: [f.key for f in r.findings] for r in report.results if not r.ok}


@pytest.fixture
def office(ctx: AppContext) -> AppContext:
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        for title in ("落实安全生产检查", "整理年度档案", "筹备年终总结会"):
            create_task(session, {"title": title, "dept": "BGS"})
    return ctx


def test_a_sound_database_passes_every_check(office: AppContext) -> None:
    with office.write("undo") as session:
        undo_last(session)  # a voided number is accounted for, not a gap
    with office.read() as session:
        report = check_database(session)
    assert [r.name for r in report.results] == list(CHECKS)
    assert report.ok, report.as_dict()
    numbers = next(r for r in report.results if r.name == "numbers")
    assert numbers.checked == 3
    file_check = report.results[0]
    assert bool(file_check.skipped) == (BACKEND == "postgresql")


def test_a_deleted_record_is_a_gap_and_a_journal_mismatch(office: AppContext) -> None:
    raw(office, "DELETE FROM task_log WHERE task_id = 2")
    raw(office, "DELETE FROM task WHERE id = 2")
    found = findings(office)
    assert "check.numbers.gap" in found["numbers"]
    assert "check.journal.missing_record" in found["journal"]
    assert "check.search.orphan" in found["search"]


def test_a_counter_put_back_is_caught_before_it_gives_a_number_twice(office: AppContext) -> None:
    raw(office, "UPDATE counter SET value = 2 WHERE series = 'task'")
    assert found_keys(office, "numbers") == ["check.numbers.behind"]


def test_an_edit_outside_officedesk_shows_in_the_journal_and_the_index(office: AppContext) -> None:
    raw(office, "UPDATE task SET title = '改过' WHERE id = 1")
    found = findings(office)
    assert found["journal"] == ["check.journal.differs"]
    assert found["search"] == ["check.search.stale"]


def test_a_record_written_around_the_journal_is_named(office: AppContext) -> None:
    raw(
        office,
        "INSERT INTO department (name, code, kind, note, pinyin, initials, created_at, "
        "updated_at) VALUES ('外来部门', 'WL', 'internal', '', 'wailaibumen', 'wlbm', "
        "'2026-11-26 00:00:00', '2026-11-26 00:00:00')",
    )
    found = findings(office)
    assert "check.journal.unjournaled" in found["journal"]
    assert "check.search.missing" in found["search"]


@pytest.mark.skipif(BACKEND != "sqlite", reason="PostgreSQL enforces foreign keys always")
def test_a_broken_foreign_key_is_found_on_sqlite(office: AppContext) -> None:
    raw(office, "UPDATE task SET dept_id = 999 WHERE id = 3")
    assert "check.file.foreign_key" in findings(office)["file"]


def found_keys(ctx: AppContext, check: str) -> list[str]:
    return findings(ctx).get(check, [])


def test_cli_exit_codes_and_json(cli: Any) -> None:
    ok(cli("task", "add", "落实安全生产检查"))
    clean = ok(cli("db", "check", "--json")).json()
    assert clean["ok"] is True and [c["name"] for c in clean["checks"]] == list(CHECKS)
    human = ok(cli("--lang", "zh", "db", "check"))
    assert "编号序列：正常" in human.stdout
    from sqlalchemy import create_engine

    engine = create_engine(_url(cli))
    with engine.begin() as conn:
        conn.execute(text("UPDATE counter SET value = 0 WHERE series = 'task'"))
    engine.dispose()
    broken = cli("db", "check")
    assert broken.exit_code == 1
    assert "Numbering series: 1 problems" in broken.stdout
    assert broken.stderr.count("\n") == 1 and "Traceback" not in broken.stderr
    as_json = cli("db", "check", "--json")
    assert as_json.exit_code == 1 and as_json.json()["problems"] == 1


def _url(cli: Any) -> str:
    import os

    return os.environ["OFFICEDESK_DATABASE_URL"]
