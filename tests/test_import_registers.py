"""The import of the outgoing, visit and award registers: an export imports back into an empty
database as the same records; twice adds nothing; a number never invented (a gap or a repeat in
the file refused); a bad row reported with its line; --skip-bad writes the good rows."""

import csv
import io
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import PG_URL, TODAY, _pg_admin, dump, sqlalchemy_pg_url
from officedesk.imports.run import run_import

# Each register, and its export files in the order they are imported (a register's other
# table first), after the directory they refer to.
FILES = {"outgoing": ["outgoing"], "visit": ["visit"], "award": ["award_event", "award"]}
DIRECTORY = ["department", "person"]


def _fill(ctx: Any) -> None:
    """A small office: two departments and people; outgoing documents at every stage (one
    classified, with its 份号); visits planned, settled and cancelled; an event and awards."""
    from officedesk.imports.rows import at_moment, moment
    from officedesk.services import award, directory
    from officedesk.services.outgoing import actions as out
    from officedesk.services.visit import actions as visits

    def at(text: str, who: str = "王主任") -> Any:
        return at_moment(s, moment(text, "at"), who)

    with ctx.write("fill") as s:
        directory.create_department(s, {"name": "办公室", "code": "BGS"})
        directory.create_department(s, {"name": "财务部", "code": "CWB"})
        directory.create_person(s, {"name": "张三", "dept": "BGS"})
        directory.create_person(s, {"name": "李四", "dept": "CWB"})
        with at("2026-03-02T01:00:00Z"):
            first = out.create_outgoing(
                s,
                {
                    "doc_type": "notice",
                    "title": "关于=SUM(A1)工作的通知",
                    "dept": "BGS",
                    "drafter": "张三",
                    "reviewer": "李四",
                    "signer": "刘总",
                    "main_to": ["财务部", "各部门"],
                    "copies": 5,
                },
            )
            second = out.create_outgoing(
                s,
                {
                    "doc_type": "notice",
                    "title": "关于涉密事项的通知",
                    "dept": "CWB",
                    "drafter": "李四",
                    "secrecy": "secret",
                    "signer": "张三",
                },
            )
            out.create_outgoing(s, {"doc_type": "report", "title": "草稿", "drafter": "张三"})
        with at("2026-03-03T02:00:00Z"):
            for doc in (first, second):
                out.review_outgoing(s, doc.id, reviewer="李四")
                out.sign_outgoing(s, doc.id)
                out.check_outgoing(s, doc.id)
                out.register_outgoing(s, doc.id)
            out.print_outgoing(s, first.id)
            out.print_outgoing(s, second.id, copies=3, first_copy=11)
        with at("2026-03-05T02:00:00Z"):
            out.dispatch_outgoing(s, first.id)
            out.file_outgoing(s, first.id)
        with at("2026-05-06T01:00:00Z", "周敏"):
            settled = visits.create_visit(
                s,
                {
                    "guest_org": "市税务局",
                    "letter_ref": "税函〔2026〕1号",
                    "arrives_at": "2026-05-08T01:30:00Z",
                    "host": "张三",
                    "guest_count": 3,
                    "budget": "300",
                },
            )
            cancelled = visits.create_visit(
                s, {"guest_org": "兄弟单位", "arrives_at": "2026-05-20T01:30:00Z"}
            )
            visits.create_visit(
                s, {"guest_org": "-上级公司", "arrives_at": "2026-12-01T01:30:00Z", "room": "201"}
            )
        with at("2026-05-09T03:00:00Z", "周敏"):
            visits.confirm_visit(s, settled.id)
            visits.complete_visit(s, settled.id)
            visits.settle_visit(s, settled.id, "280.5", "invoice,letter,list")
            visits.cancel_visit(s, cancelled.id, "对方改期")
        with at("2026-07-12T02:00:00Z", "周敏"):
            award.create_event(
                s, {"title": "表彰大会", "held_on": "2026-07-12", "kind": "commendation"}
            )
            award.create_award(s, {"name": "先进个人", "person": "张三", "event": "表彰大会"})
            award.create_award(s, {"name": "先进集体", "dept": "CWB", "reason": "@全年无差错"})


@pytest.fixture(scope="module")
def exported(template_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The small office exported to csv and jsonl, built once for the module."""
    from officedesk.config import Settings
    from officedesk.context import build_context
    from officedesk.export.run import run_export

    tmp = tmp_path_factory.mktemp("registers")
    if PG_URL:
        name = f"odt_{uuid.uuid4().hex[:16]}"
        with _pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
        url = sqlalchemy_pg_url(name)
    else:
        shutil.copyfile(template_db, tmp / "source.db")
        url = f"sqlite:///{tmp / 'source.db'}"
    with pytest.MonkeyPatch.context() as mp:
        for variable in list(os.environ):
            if variable.startswith("OFFICEDESK_") and variable != "OFFICEDESK_TEST_PG_URL":
                mp.delenv(variable)
        mp.setenv("OFFICEDESK_DATABASE_URL", url)
        mp.setenv("OFFICEDESK_OPERATOR", "tester")
        ctx = build_context(lang="en", settings=Settings(), today=TODAY)
        try:
            _fill(ctx)
            registers = [*DIRECTORY, *FILES]
            run_export(
                ctx, tmp / "out", formats=["csv", "jsonl"], registers=registers, include_secret=True
            )
            (tmp / "records.txt").write_text(repr(_records(ctx)), encoding="utf-8")
        finally:
            ctx.close()
    yield tmp
    if PG_URL:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _records(ctx: Any) -> dict[str, list[str]]:
    """Every imported table as the export gives it, ids (which no import keeps) left out."""
    from officedesk.imports.rows import exported_items

    found: dict[str, list[str]] = {}
    with ctx.read() as s:
        for register, names in FILES.items():
            for name in names:
                found[name] = sorted(
                    repr(sorted((k, v) for k, v in item.items() if not _an_id(k)))
                    for item in exported_items(s, register, name)
                )
    return found


def _an_id(key: str) -> bool:
    return key in ("id", "actions") or key.endswith("_id")


def _import(ctx: Any, out: Path, names: list[str], suffix: str, **options: Any) -> list[Any]:
    return [run_import(ctx, out / f"{name}.{suffix}", name, **options) for name in names]


@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_each_register_imports_back_and_twice_adds_nothing(
    ctx: Any, exported: Path, suffix: str
) -> None:
    out = exported / "out"
    done = _import(ctx, out, DIRECTORY + [n for names in FILES.values() for n in names], suffix)
    assert [len(r.created) for r in done] == [2, 2, 3, 3, 1, 2]
    assert all(r.written and not r.bad for r in done), [r.bad for r in done]
    assert repr(_records(ctx)) == (exported / "records.txt").read_text(encoding="utf-8")
    before = dump(ctx.url)
    for register, names in FILES.items():
        again = _import(ctx, out, names, suffix)
        assert not any(r.created or r.bad or r.written for r in again), register
    assert dump(ctx.url) == before


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _directory(ctx: Any, exported: Path) -> None:
    _import(ctx, exported / "out", DIRECTORY, "csv")


@pytest.mark.parametrize(("register", "key"), [("outgoing", "number"), ("visit", "code")])
def test_a_gap_or_a_repeated_number_is_refused(
    ctx: Any, exported: Path, tmp_path: Path, register: str, key: str
) -> None:
    _directory(ctx, exported)
    header, rows = _rows(exported / "out" / f"{register}.csv")
    numbered = sorted((r for r in rows if r[header.index(key)]), key=lambda r: r[header.index(key)])
    before = dump(ctx.url)
    gap = run_import(ctx, _write(tmp_path / "gap.csv", header, numbered[1:]), register)
    assert not gap.written and "import.gap" in [b.error.key for b in gap.bad]
    twice = _write(tmp_path / "twice.csv", header, [*numbered, numbered[0]])
    repeated = run_import(ctx, twice, register)
    assert not repeated.written and [b.line for b in repeated.bad] == [len(numbered) + 2]
    assert repeated.bad[0].error.key == "import.twice"
    assert dump(ctx.url) == before


def test_a_number_given_already_is_refused(ctx: Any, exported: Path, tmp_path: Path) -> None:
    from officedesk.services.visit import actions as visits

    _directory(ctx, exported)
    with ctx.write("typed") as s:
        visits.create_visit(s, {"guest_org": "先来的", "arrives_at": "2026-12-01"})
    header, rows = _rows(exported / "out" / "visit.csv")
    done = run_import(ctx, _write(tmp_path / "v.csv", header, rows), "visit")
    assert not done.written and [b.error.key for b in done.bad] == ["import.conflict"]
    assert "JD-2026-0001" in done.bad[0].error.message()


@pytest.mark.parametrize(
    ("register", "column", "value"),
    [("outgoing", "secrecy", "nosuch"), ("visit", "guest_count", "-1"), ("award", "name", "")],
)
def test_a_bad_row_is_reported_with_its_line_and_skip_bad_writes_the_rest(
    ctx: Any, exported: Path, tmp_path: Path, register: str, column: str, value: str
) -> None:
    _directory(ctx, exported)
    if register == "award":
        run_import(ctx, exported / "out" / "award_event.csv", "award_event")
    header, rows = _rows(exported / "out" / f"{register}.csv")
    rows = sorted(rows, key=lambda r: [r[header.index(k)] for k in header if k in _ORDER])
    bad = len(rows) - 1  # the last one: nothing after it depends on its number
    rows[bad][header.index(column)] = value
    path = _write(tmp_path / "bad.csv", header, rows)
    before = dump(ctx.url)
    refused = run_import(ctx, path, register)
    assert not refused.written and [b.line for b in refused.bad] == [bad + 2]
    assert refused.bad[0].error.message()
    assert dump(ctx.url) == before
    skipped = run_import(ctx, path, register, skip_bad=True)
    assert skipped.written and len(skipped.created) == len(rows) - 1
    assert [b.line for b in skipped.bad] == [bad + 2]


_ORDER = ("number", "code")


def test_the_cli_names_the_line_in_one_message(cli: Any, exported: Path, tmp_path: Path) -> None:
    header, rows = _rows(exported / "out" / "visit.csv")
    path = _write(tmp_path / "v.csv", header, sorted(rows)[1:])
    result = cli("--lang", "en", "import", str(path), "--register", "visit")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "would leave a gap" in result.stderr and "line " in result.stderr
