"""The export (officedesk.export): what `--json` gives, in jsonl, csv and xlsx that read back to the
same records; formulas neutralised; classified records left out; files atomic and private; the
calendar; `officedesk export` on the command line."""

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from officedesk.export.cells import LABEL_SUFFIX, LOCAL_SUFFIX, decode, neutralise, restore
from officedesk.export.run import CALENDAR, WORKBOOK, run_export
from officedesk.i18n import catalogue

# The registers' tables a CLI list gives, and the words listing every record of them.
LISTED = {
    "department": ("dept", "list"),
    "person": ("contact", "list"),
    "task": ("task", "list", "--state", "all"),
    "incoming": ("incoming", "list", "--state", "all"),
    "outgoing": ("outgoing", "list"),
    "seal": ("seal", "list"),
    "seal_use": ("seal", "uses"),
    "seal_letter": ("seal", "letters"),
    "seal_request": ("seal", "requests", "--state", "all"),
    "visit": ("visit", "list"),
    "award": ("award", "list"),
}
FORMATS = ["xlsx", "csv", "jsonl", "ics"]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _kinds(records: list[dict[str, Any]]) -> dict[str, str]:
    """Each key's kind (cells.decode), as an import knows it from the read models; here from the
    values themselves."""
    kinds: dict[str, str] = {}
    for key in records[0]:
        values = [record[key] for record in records]
        present = [value for value in values if value is not None]
        if any(isinstance(value, bool) for value in present):
            kinds[key] = "boolean"
        elif any(isinstance(value, list | dict) for value in present):
            kinds[key] = "json"
        elif any(isinstance(value, float) for value in present):
            kinds[key] = "number"
        elif any(isinstance(value, int) for value in present):
            kinds[key] = "integer"
        elif len(present) == len(values):
            kinds[key] = "text"
        else:
            kinds[key] = "optional_text"
    return kinds


def _csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


def _csv_records(path: Path, kinds: dict[str, str]) -> list[dict[str, Any]]:
    header, *rows = _csv(path)
    return [
        {key: decode(cell, kinds[key]) for key, cell in zip(header, row, strict=True)}
        for row in rows
    ]


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _column(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref)
    assert letters
    number = 0
    for char in letters.group():
        number = number * 26 + ord(char) - 64
    return number - 1


def _sheets(path: Path) -> dict[str, list[dict[int, Any]]]:
    """Each sheet's rows as {column: value}: text, a number, or a bool."""
    with zipfile.ZipFile(path) as book:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        sheets = {}
        for sheet in workbook.find("m:sheets", _NS) or []:
            xml = ElementTree.fromstring(book.read("xl/" + str(targets[sheet.get(_REL)])))
            rows = []
            for row in xml.iterfind(".//m:sheetData/m:row", _NS):
                cells: dict[int, Any] = {}
                for cell in row.iterfind("m:c", _NS):
                    at, kind = _column(str(cell.get("r"))), cell.get("t")
                    if kind == "inlineStr":
                        cells[at] = "".join(t.text or "" for t in cell.iterfind(".//m:t", _NS))
                    elif kind == "b":
                        cells[at] = cell.findtext("m:v", namespaces=_NS) == "1"
                    else:
                        cells[at] = float(cell.findtext("m:v", namespaces=_NS) or "nan")
                rows.append(cells)
            sheets[str(sheet.get("name"))] = rows
    return sheets


def _xlsx_records(rows: list[dict[int, Any]], kinds: dict[str, str]) -> list[dict[str, Any]]:
    """What an import reads from a sheet: row 2 names the columns; a coded value or a moment
    from its hidden column, the rest from its own."""
    keys = rows[1]
    records = []
    for row in rows[2:]:
        record: dict[str, Any] = {}
        for at, key in keys.items():
            if key.endswith((LABEL_SUFFIX, LOCAL_SUFFIX)):
                continue
            value, kind = row.get(at), kinds[key]
            if value is None:
                record[key] = "" if kind == "text" else None
            elif isinstance(value, bool):
                record[key] = value
            elif isinstance(value, float):
                if kind in ("text", "optional_text"):  # a date: days since 1899-12-30
                    record[key] = (date(1899, 12, 30) + timedelta(days=int(value))).isoformat()
                else:
                    record[key] = int(value) if kind == "integer" else value
            else:
                record[key] = decode(value, kind)
        records.append(record)
    return records


# ---- every register, every format --------------------------------------------------------------


@pytest.fixture
def demo_export(demo_ctx: Any, tmp_path: Path) -> tuple[Any, Path]:
    out = tmp_path / "export"
    result = run_export(demo_ctx, out, formats=FORMATS, include_secret=True)
    return result, out


def test_jsonl_holds_what_list_json_gives(
    demo_export: tuple[Any, Path], demo_db_url: str, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    result, out = demo_export
    monkeypatch.setenv("OFFICEDESK_DATABASE_URL", demo_db_url)
    for name, argv in LISTED.items():
        listed = cli("--lang", "en", *argv, "--json")
        assert listed.exit_code == 0, listed.stderr
        expected = {item["id"]: item for item in json.loads(listed.stdout)}
        exported = {item["id"]: item for item in _jsonl(out / f"{name}.jsonl")}
        assert expected, name
        assert exported == expected, name
        assert result.rows[name] == len(expected)


def test_csv_and_xlsx_read_back_to_the_same_records(demo_export: tuple[Any, Path]) -> None:
    result, out = demo_export
    sheets = _sheets(out / WORKBOOK)
    for name, count in result.rows.items():
        records = _jsonl(out / f"{name}.jsonl")
        assert len(records) == count > 0, name
        kinds = _kinds(records)
        assert _csv_records(out / f"{name}.csv", kinds) == records, name
        rows = sheets[name]
        assert list(rows[1].values())[: len(records[0])] != [], name
        assert _xlsx_records(rows, kinds) == records, name


def test_xlsx_shows_labels_and_real_dates(demo_export: tuple[Any, Path]) -> None:
    _result, out = demo_export
    rows = _sheets(out / WORKBOOK)["task"]
    keys = {key: at for at, key in rows[1].items()}
    assert rows[0][keys["title"]] == "Title"  # the header in the user's language (en here)
    states = {row[keys["state"]]: row[keys["state" + LABEL_SUFFIX]] for row in rows[2:]}
    assert states["in_progress"] == catalogue("en")["state.in_progress"] != "in_progress"
    assert states["done"] == catalogue("en")["state.done"]
    assert all(isinstance(row[keys["due"]], float) for row in rows[2:])  # a date, not text
    assert keys["state"] > keys["title"]  # the codes after the labels
    with zipfile.ZipFile(out / WORKBOOK) as book:
        sheet = book.read("xl/worksheets/sheet3.xml").decode()
    assert '<pane ySplit="2"' in sheet and 'hidden="1"' in sheet


# ---- one rule at a time, on a small database -----------------------------------------------------


def _task(ctx: Any, title: str, **data: Any) -> Any:
    from officedesk.services.task import create_task

    with ctx.write("task.add") as session:
        return create_task(session, {"title": title, **data})


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "'=already", "plain"],
)
def test_neutralise_is_reversed_exactly(text: str) -> None:
    safe = neutralise(text)
    assert restore(safe) == text
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_formula_cells_are_neutralised(ctx: Any, tmp_path: Path) -> None:
    _task(ctx, "=cmd|' /C calc'!A0", detail="@SUM(1+1)", category="-1+2")
    result = run_export(ctx, tmp_path / "out", formats=["csv", "xlsx", "jsonl"], registers=["task"])
    assert result.rows["task"] == 1
    header, row = _csv(tmp_path / "out" / "task.csv")
    cells = dict(zip(header, row, strict=True))
    assert cells["title"] == "'=cmd|' /C calc'!A0"
    assert cells["detail"] == "'@SUM(1+1)" and cells["category"] == "'-1+2"
    sheet = _sheets(tmp_path / "out" / WORKBOOK)["task"]
    keys = {key: at for at, key in sheet[1].items()}
    assert sheet[2][keys["title"]] == "'=cmd|' /C calc'!A0"
    with zipfile.ZipFile(tmp_path / "out" / WORKBOOK) as book:
        assert b"<f>" not in b"".join(book.read(n) for n in book.namelist() if "sheet" in n)
    (record,) = _jsonl(tmp_path / "out" / "task.jsonl")  # jsonl is not a spreadsheet: as stored
    assert record["title"] == "=cmd|' /C calc'!A0"


def _incoming(ctx: Any, title: str, secrecy: str) -> None:
    from officedesk.services.incoming.entry import create_incoming

    years = 5 if secrecy in ("confidential", "secret", "top_secret") else 0
    with ctx.write("incoming.add") as session:
        create_incoming(session, {"title": title, "secrecy": secrecy, "secrecy_years": years})


def test_classified_records_are_left_out(ctx: Any, tmp_path: Path) -> None:
    for secrecy in ("public", "internal", "confidential", "secret", "top_secret"):
        _incoming(ctx, f"来文 {secrecy}", secrecy)
    kept = run_export(ctx, tmp_path / "a", formats=["csv", "jsonl", "xlsx"], registers=["incoming"])
    assert kept.rows == {"incoming": 2} and kept.secret_left_out == {"incoming": 3}
    marks = {record["secrecy"] for record in _jsonl(tmp_path / "a" / "incoming.jsonl")}
    assert marks == {"public", "internal"}
    text = (tmp_path / "a" / "incoming.csv").read_text(encoding="utf-8-sig")
    assert "confidential" not in text and "top_secret" not in text
    every = run_export(
        ctx, tmp_path / "b", formats=["jsonl"], registers=["incoming"], include_secret=True
    )
    assert every.rows == {"incoming": 5} and every.secret_left_out == {}


def test_since_keeps_records_changed_on_or_after_the_day(ctx: Any, tmp_path: Path) -> None:
    from officedesk.services.moments import local_day

    task = _task(ctx, "今天改过")
    day = local_day(task.updated_at)
    same = run_export(ctx, tmp_path / "a", formats=["jsonl"], registers=["task"], since=day)
    later = run_export(
        ctx, tmp_path / "b", formats=["jsonl"], registers=["task"], since=day + timedelta(days=1)
    )
    assert same.rows["task"] == 1 and later.rows["task"] == 0
    assert later.rows["task_log"] == 0 and same.rows["task_log"] >= 1


def test_files_are_private_and_need_force(ctx: Any, tmp_path: Path) -> None:
    from officedesk.outfiles import OutFileExists

    _task(ctx, "一项")
    out = tmp_path / "new"
    first = run_export(ctx, out, formats=FORMATS, registers=["task"])
    assert out.stat().st_mode & 0o777 == 0o700
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in first.files)
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in first.files)
    before = (out / "task.csv").read_bytes()
    with pytest.raises(OutFileExists):
        run_export(ctx, out, formats=["csv"], registers=["task"])
    assert (out / "task.csv").read_bytes() == before
    _task(ctx, "又一项")
    run_export(ctx, out, formats=["csv"], registers=["task"], force=True)
    assert len(_csv(out / "task.csv")) == 3
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_missing_parent_or_unknown_names_are_refused(ctx: Any, tmp_path: Path) -> None:
    from officedesk.errors import InvalidInput

    with pytest.raises(InvalidInput) as missing:
        run_export(ctx, tmp_path / "no" / "such", formats=["csv"])
    assert missing.value.key == "file.no_directory"
    with pytest.raises(InvalidInput) as fmt:
        run_export(ctx, tmp_path / "x", formats=["pdf"])
    assert fmt.value.key == "export.format"
    with pytest.raises(InvalidInput) as register:
        run_export(ctx, tmp_path / "x", formats=["csv"], registers=["no_such_register"])
    assert register.value.key == "export.register"


def test_a_long_register_continues_on_the_next_sheet(ctx: Any, tmp_path: Path) -> None:
    for n in range(7):
        _task(ctx, f"第{n}项")
    run_export(ctx, tmp_path, formats=["xlsx"], registers=["task"], sheet_rows=5, force=True)
    sheets = _sheets(tmp_path / WORKBOOK)
    assert [len(sheets[name]) - 2 for name in ("task", "task (2)", "task (3)")] == [3, 3, 1]
    assert sheets["task (2)"][1] == sheets["task"][1]  # each sheet names its columns


def _unfolded(path: Path) -> list[str]:
    raw = path.read_bytes()
    assert raw.endswith(b"\r\n")
    physical = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical)
    return raw.replace(b"\r\n ", b"").decode("utf-8").split("\r\n")[:-1]


def test_calendar_has_visits_and_open_items_with_stable_uids(demo_ctx: Any, tmp_path: Path) -> None:
    first = run_export(demo_ctx, tmp_path / "a", formats=["ics"], registers=["task", "visit"])
    run_export(demo_ctx, tmp_path / "b", formats=["ics"], registers=["task", "visit"])
    lines = _unfolded(tmp_path / "a" / CALENDAR)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) == first.calendar_entries
    again = [line for line in _unfolded(tmp_path / "b" / CALENDAR) if line.startswith("UID:")]
    assert again == uids
    open_items = [
        r for r in _jsonl_of(demo_ctx, tmp_path) if r["state"] in ("assigned", "in_progress")
    ]
    assert lines.count("BEGIN:VTODO") == len(open_items) > 0
    assert lines.count("BEGIN:VEVENT") == first.rows["visit"] > 0
    due = next(line for line in lines if line.startswith("DUE;VALUE=DATE:"))
    assert re.fullmatch(r"DUE;VALUE=DATE:\d{8}", due)
    assert any(re.fullmatch(r"DTSTART:\d{8}T\d{6}Z", line) for line in lines)


def _jsonl_of(ctx: Any, tmp_path: Path) -> list[dict[str, Any]]:
    run_export(ctx, tmp_path / "tasks", formats=["jsonl"], registers=["task"])
    return _jsonl(tmp_path / "tasks" / "task.jsonl")


def test_ics_text_is_escaped_and_folded() -> None:
    from officedesk.export.ics import escape_text, fold

    assert escape_text("a,b;c\\d\r\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("SUMMARY:" + "督办" * 40)
    parts = folded.split(b"\r\n")[:-1]
    assert all(len(part) <= 75 for part in parts) and len(parts) > 1
    assert (
        b"".join(p[1:] if i else p for i, p in enumerate(parts)).decode()
        == "SUMMARY:" + "督办" * 40
    )


# ---- killed midway -------------------------------------------------------------------------------

_KILLED = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from officedesk.context import build_context
    from officedesk.export.run import run_export

    def progress(table, done, total):
        if table == "task_log":  # the tables before it are written, the files still open
            os.kill(os.getpid(), signal.SIGKILL)

    ctx = build_context(db=sys.argv[1], lang="en")
    run_export(ctx, Path(sys.argv[2]), formats=sys.argv[3].split(","), progress=progress)
    """
)


@pytest.mark.slow
def test_a_killed_export_leaves_no_partial_file(ctx: Any, tmp_path: Path) -> None:
    from officedesk.db import sqlite_path

    database = sqlite_path(ctx.url)
    if database is None:
        pytest.skip("the subprocess opens the SQLite file")
    _task(ctx, "一项")
    ctx.close()
    out = tmp_path / "out"
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED, str(database), str(out), ",".join(FORMATS)],
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    left = sorted(p.name for p in out.iterdir())
    assert left and all(re.fullmatch(r"\.officedesk-.+\.tmp", name) for name in left), left
    assert any((out / name).is_file() and (out / name).stat().st_size > 0 for name in left)
    done = run_export(ctx, out, formats=FORMATS)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in done.files)


# ---- import costs and the command line -----------------------------------------------------------


def test_csv_export_imports_neither_xlsxwriter_nor_textual(db_url: str, tmp_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from officedesk.context import build_context
        from officedesk.export.run import run_export
        ctx = build_context(db=None, lang="en")
        run_export(ctx, Path({str(tmp_path / "out")!r}), formats=["csv", "jsonl", "ics"])
        print(",".join(m for m in ("xlsxwriter", "textual", "rich") if m in sys.modules))
        """
    )
    env = {**os.environ, "OFFICEDESK_DATABASE_URL": db_url}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


@pytest.fixture
def export_cli(cli: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`officedesk export` through the real entry point, registered as cli/main.py does."""
    from officedesk.cli.lazy import LAZY, LazyEntry

    monkeypatch.setitem(
        LAZY, "export", LazyEntry("officedesk.cli.export", "export", "help.export", False)
    )
    return cli


def test_cli_export_json_summary(ctx: Any, export_cli: Any, tmp_path: Path) -> None:
    _task(ctx, "一项")
    _incoming(ctx, "机密来文", "secret")
    out = tmp_path / "out"
    done = export_cli("export", "--out", str(out), "--format", "csv,jsonl", "--json")
    assert done.exit_code == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["rows"]["task"] == 1 and summary["secret_left_out"] == {"incoming": 1}
    assert sorted(Path(p).name for p in summary["files"]) == sorted(p.name for p in out.iterdir())
    human = export_cli(
        "--lang", "en", "export", "-o", str(out), "-f", "jsonl", "-r", "task", "--force"
    )
    assert human.exit_code == 0, human.stderr
    assert human.stdout == "" and human.stderr.startswith("Exported 2 records in 2 files")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--format", "pdf"), "Unknown export format pdf"),
        (("--register", "nosuch"), "Unknown register nosuch"),
        (("--since", "someday"), ""),
    ],
)
def test_cli_export_refusals_are_one_line(
    export_cli: Any, tmp_path: Path, argv: tuple[str, ...], message: str
) -> None:
    done = export_cli("--lang", "en", "export", "--out", str(tmp_path / "o"), *argv)
    assert done.exit_code == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert message in done.stderr


def test_cli_export_refuses_existing_files_without_force(export_cli: Any, tmp_path: Path) -> None:
    (tmp_path / "task.csv").write_text("mine")
    done = export_cli("--lang", "en", "export", "--out", str(tmp_path), "-f", "csv")
    assert done.exit_code == 1 and "already exists" in done.stderr
    assert (tmp_path / "task.csv").read_text() == "mine"
