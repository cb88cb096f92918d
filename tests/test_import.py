"""The import (officedesk.imports): an export imports back to the same records; all or nothing;
twice adds nothing; numbers never invented, gaps and taken numbers refused; encodings, labels,
the size limit; `officedesk import` on the command line."""

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import dump
from officedesk.errors import InvalidInput
from officedesk.export.run import run_export
from officedesk.imports.run import run_import

# What a record cannot keep across databases: the ids (and the links holding them).
IDS = {"id", "dept_id", "owner_id", "parent_id", "task_id"}


def _fill(ctx: Any) -> None:
    """A small office: departments (a child before its parent in the list's order), people, and
    items with a history: started, noted, an extension asked and granted, done, evaluated,
    cancelled; formula-like text in cells."""
    from officedesk.imports.rows import at_moment, moment
    from officedesk.services import directory, task

    with ctx.write("fill") as s:
        directory.create_department(s, {"name": "办公室", "code": "BGS", "note": "=SUM(A1)"})
        directory.create_department(s, {"name": "综合组", "parent": "BGS", "kind": "internal"})
        directory.create_department(s, {"name": "上级公司", "kind": "superior"})
        directory.create_person(s, {"name": "张三", "dept": "BGS", "phone": "+86 10"})
        directory.create_person(s, {"name": "李四", "dept": "综合组", "principal": True})
        with at_moment(s, moment("2026-11-02T01:00:00Z", "at"), "王主任"):
            first = task.create_task(
                s,
                {"title": "=1+1 整改", "dept": "BGS", "owner": "张三", "due": "2026-11-20"},
            )
            second = task.create_task(s, {"title": "'引号", "detail": "-x", "dept": "综合组"})
            third = task.create_task(s, {"title": "取消的", "leader": "王总"})
        with at_moment(s, moment("2026-11-03T02:00:00Z", "at"), "张三"):
            task.start_task(s, first.id, "开始")
            task.add_log_entry(s, first.id, "@进展", kind="feedback")
            task.request_extension(s, first.id, "2026-11-24", "需要更多时间")
        with at_moment(s, moment("2026-11-04T02:00:00Z", "at"), "王主任"):
            task.decide_extension(s, first.id, True, "同意")
            task.remind_task(s, second.id, "请抓紧")
            task.cancel_task(s, third.id, "不再需要")
        with at_moment(s, moment("2026-11-05T02:00:00Z", "at"), "张三"):
            task.complete_task(s, first.id, "办结", "2026-11-05")
        with at_moment(s, moment("2026-11-06T02:00:00Z", "at"), "王主任"):
            task.evaluate_task(s, first.id, 4, "好")


def _records(ctx: Any) -> dict[str, list[dict[str, Any]]]:
    """Every imported table as --json gives it (the log as the export reads it), ids left out."""
    from officedesk.export.cells import jsonable
    from officedesk.export.registers import datasets, pages
    from officedesk.registry import BY_NAME

    found: dict[str, list[dict[str, Any]]] = {}
    with ctx.read() as s:
        for register in ("department", "person", "task"):
            for dataset in datasets(BY_NAME[register]):
                items = [
                    {k: v for k, v in jsonable(dict(item)).items() if k not in IDS}
                    for page in pages(s, dataset, 100)
                    for item in (r.model_dump() if hasattr(r, "model_dump") else r for r in page)
                ]
                found[dataset.name] = sorted(items, key=lambda item: json.dumps(item))
    return found


@pytest.fixture
def other_ctx(private_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A second, empty database to import into."""
    from officedesk.context import build_context

    monkeypatch.setenv("OFFICEDESK_DATABASE_URL", private_db_url)
    context = build_context(lang="en")
    yield context
    context.close()


def _import_all(ctx: Any, out: Path, suffix: str) -> list[Any]:
    return [
        run_import(ctx, out / f"department.{suffix}", "department"),
        run_import(ctx, out / f"person.{suffix}", "person"),
        run_import(ctx, out / f"task.{suffix}", "task", log=out / f"task_log.{suffix}"),
    ]


@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_export_imports_back_to_the_same_records(
    ctx: Any, other_ctx: Any, tmp_path: Path, suffix: str
) -> None:
    from officedesk.services.integrity import check_database

    _fill(ctx)
    out = tmp_path / "x"
    run_export(ctx, out, formats=[suffix], registers=["department", "person", "task"])
    results = _import_all(other_ctx, out, suffix)
    assert [len(r.created) for r in results] == [3, 2, 3]
    assert all(r.written and not r.bad for r in results)
    assert _records(other_ctx) == _records(ctx)  # formula-like text restored too
    with other_ctx.read() as s:
        check = check_database(s)
    assert all(result.ok for result in check.results), check
    # A second time adds nothing.
    before = dump(other_ctx.url)
    again = _import_all(other_ctx, out, suffix)
    assert [len(r.unchanged) for r in again] == [3, 2, 3]
    assert not any(r.created or r.bad or r.written for r in again)
    assert dump(other_ctx.url) == before


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _departments(ctx: Any) -> dict[str, dict[str, Any]]:
    from officedesk.services import directory

    with ctx.read() as s:
        return {d.name: d.model_dump() for d in directory.list_departments(s).items}


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_spreadsheet_csv_with_chinese_labels(ctx: Any, tmp_path: Path, encoding: str) -> None:
    text = (
        "名称,编号,类型,上级部门,备注\r\n综合组,,internal,办公室,\r\n办公室,BGS,,,'=x\r\n,,,,\r\n"
    )
    done = run_import(ctx, _write(tmp_path / "d.csv", text, encoding), "department")
    assert done.written and sorted(done.created) == ["BGS", "综合组"]
    found = _departments(ctx)
    assert found["综合组"]["parent"] == "办公室"  # the parent came later in the file
    assert found["办公室"]["note"] == "=x" and found["办公室"]["kind"] == "internal"


def test_unreadable_files_are_refused_in_one_message(ctx: Any, tmp_path: Path) -> None:
    cases = {
        "import.encoding": _write(tmp_path / "a.csv", "name\n") and tmp_path / "a.csv",
        "import.unknown_columns": _write(tmp_path / "b.csv", "name,colour\nx,red\n"),
        "import.format": _write(tmp_path / "c.xls", "name\n"),
    }
    (tmp_path / "a.csv").write_bytes(b"name\n\xff\xfe\xfa\n")
    for key, path in cases.items():
        with pytest.raises(InvalidInput) as refused:
            run_import(ctx, path, "department")
        assert refused.value.key == key
    with pytest.raises(InvalidInput) as not_yet:
        run_import(ctx, tmp_path / "b.csv", "incoming")
    assert not_yet.value.key == "import.not_yet"


def test_size_limit_from_the_config(ctx: Any, tmp_path: Path) -> None:
    from officedesk.config import settings_from_dict

    path = _write(tmp_path / "d.csv", "name\n" + "部门\n" * 1000)
    ctx.settings = dataclasses.replace(ctx.settings, import_max_mib=0.001)
    with pytest.raises(InvalidInput) as refused:
        run_import(ctx, path, "department")
    assert refused.value.key == "import.too_large"
    assert settings_from_dict({"import_max_mib": 2}).import_max_mib == 2.0
    assert settings_from_dict({}).import_max_mib == 50.0
    with pytest.raises(InvalidInput):
        settings_from_dict({"import_max_mib": "big"})


def test_a_bad_row_refuses_the_file_and_skip_bad_writes_the_rest(ctx: Any, tmp_path: Path) -> None:
    path = _write(tmp_path / "d.csv", "name,kind\n办公室,internal\n坏的,nosuch\n财务部,\n")
    before = dump(ctx.url)
    refused = run_import(ctx, path, "department")
    assert not refused.written and [b.line for b in refused.bad] == [3]
    assert "kind" in refused.bad[0].error.message().lower()
    assert dump(ctx.url) == before
    dry = run_import(ctx, path, "department", dry_run=True, skip_bad=True)
    assert not dry.written and len(dry.created) == 2 and dump(ctx.url) == before
    skipped = run_import(ctx, path, "department", skip_bad=True)
    assert skipped.written and [b.line for b in skipped.bad] == [3]
    assert sorted(_departments(ctx)) == ["办公室", "财务部"]


def test_a_changed_row_is_a_conflict_not_an_overwrite(ctx: Any, tmp_path: Path) -> None:
    run_import(ctx, _write(tmp_path / "a.csv", "name,code,note\n办公室,BGS,一\n"), "department")
    done = run_import(
        ctx, _write(tmp_path / "b.csv", "name,code,note\n办公室,BGS,二\n"), "department"
    )
    assert [b.error.key for b in done.bad] == ["import.conflict"]
    assert _departments(ctx)["办公室"]["note"] == "一"


def _tasks(tmp_path: Path, codes: list[str]) -> Path:
    lines = ["code,title,created_at"] + [f"{c},事项{c},2026-11-02T01:00:00Z" for c in codes]
    return _write(tmp_path / "t.csv", "\n".join(lines) + "\n")


def test_task_codes_must_continue_their_series(ctx: Any, tmp_path: Path) -> None:
    gap = run_import(ctx, _tasks(tmp_path, ["DB-2026-0001", "DB-2026-0003"]), "task")
    assert not gap.written and [b.error.key for b in gap.bad] == ["import.gap"]
    assert "DB-2026-0002" in gap.bad[0].error.message()
    done = run_import(ctx, _tasks(tmp_path, ["DB-2026-0002", "DB-2026-0001"]), "task")
    assert done.written and done.created == ["DB-2026-0001", "DB-2026-0002"]
    mixed = run_import(ctx, _tasks(tmp_path, ["DB-2026-0003", ""]), "task")
    assert [b.error.key for b in mixed.bad] == ["import.code_missing"]
    with ctx.write("t") as s:
        from officedesk.services import task

        task.create_task(s, {"title": "typed"})  # takes DB-2026-0003
    taken = run_import(ctx, _tasks(tmp_path, ["DB-2026-0004", "DB-2026-0003"]), "task")
    assert "import.conflict" in [b.error.key for b in taken.bad] and not taken.written


def test_rows_without_codes_are_numbered_as_typed(ctx: Any, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "t.csv",
        "标题,办理状态,办结日期,assigned_on\n甲,done,2026-11-20,2026-11-02\n乙,in_progress,,\n",
    )
    done = run_import(ctx, path, "task")
    assert done.written and done.created == ["DB-2026-0001", "DB-2026-0002"]
    from officedesk.services import task

    with ctx.read() as s:
        first = task.get_task(s, "DB-2026-0001")
    assert (first.state, str(first.done_on)) == ("done", "2026-11-20")


@pytest.fixture
def import_cli(cli: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`officedesk import` through the real entry point, registered as cli/main.py will."""
    from officedesk.cli.lazy import LAZY, LazyEntry

    entry = LazyEntry("officedesk.cli.import_cmd", "import_file", "help.import", False)
    monkeypatch.setitem(LAZY, "import", entry)
    return cli


def test_cli_import_reports_each_bad_row(import_cli: Any, tmp_path: Path) -> None:
    path = _write(tmp_path / "p.csv", "name,dept\n张三,\n李四,没有的部门\n")
    refused = import_cli("--lang", "en", "import", str(path), "--register", "person")
    assert refused.exit_code == 1 and "Traceback" not in refused.stderr
    assert "line 3:" in refused.stderr and "Nothing written" in refused.stderr
    skipped = import_cli("import", str(path), "-r", "person", "--skip-bad", "--json")
    assert skipped.exit_code == 0, skipped.stderr
    assert skipped.json()["created"] == ["张三"] and skipped.json()["refused"][0]["line"] == 3
    dry = import_cli("import", str(path), "-r", "person", "--dry-run")
    assert dry.exit_code == 1 and "Dry run" in dry.stderr
    wrong = import_cli("import", str(path), "-r", "seal")
    assert wrong.exit_code == 1 and len(wrong.stderr.strip().splitlines()) == 1
