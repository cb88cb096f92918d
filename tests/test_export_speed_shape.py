"""The export's fast path (a page of tuples, one conversion a page, cells inlined) writes exactly
what the contract of export/cells.py says, byte for byte: each record's `model_dump`, made JSON
values by `jsonable`, each cell by `csv_cell` and each line by `json_text`, one record at a time
as the export used to. A drift in the inlined cell code, the tuple order or the keyset paging
shows here as a difference in a file."""

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from officedesk.export.cells import csv_cell, csv_row, jsonable
from officedesk.export.registers import datasets, pages
from officedesk.export.run import SECRET, run_export
from officedesk.jsonout import json_text
from officedesk.registry import REGISTERS

# Every kind of JSON value a cell can hold, with the formula starts and the characters
# json_text escapes.
VALUES = [
    None, "", "plain", "=1+1", "+1", "-1", "@A1", "\tx", "\rx", "'quoted", "a,b", 'say "hi"',
    "line\nbreak", "中文", "\u2028", "\u202e", True, False, 0, -7, 2**70, 0.1, 1e22, -0.0,
    [], ["a", "=b"], {}, {"k": None, "n": [1, 2.5]}, [{"code": "x", "message": "\u0085"}],
]  # fmt: skip


def _csv_text(rows: list[list[Any]]) -> str:
    sink = io.StringIO(newline="")
    csv.writer(sink, lineterminator="\r\n").writerows(rows)
    return sink.getvalue()


def test_csv_row_writes_what_csv_cell_gives() -> None:
    for value in VALUES:
        row = [value, "x"]  # never a one-field row: csv quotes an empty one alone
        assert _csv_text([csv_row(row)]) == _csv_text([[csv_cell(v) for v in row]]), repr(value)


def _expected(ctx: Any, include_secret: bool) -> dict[str, bytes]:
    """Every csv and jsonl file, as the export wrote them record by record before the fast
    path (`pages` of each dataset's list service, 500 at a time)."""
    files: dict[str, bytes] = {}
    with ctx.read() as session:
        for spec in REGISTERS:
            for dataset in datasets(spec):
                text = io.StringIO(newline="")
                rows = csv.writer(text, lineterminator="\r\n")
                lines: list[str] = []
                keys: list[str] | None = None
                for page in pages(session, dataset, 500):
                    for record in page:
                        item = record.model_dump() if hasattr(record, "model_dump") else record
                        if item.get("secrecy") in SECRET and not include_secret:
                            continue
                        values = jsonable(item)
                        if keys is None:
                            keys = list(values)
                            rows.writerow(keys)
                        rows.writerow([csv_cell(values.get(key)) for key in keys])
                        lines.append(json_text(values) + "\n")
                body = text.getvalue()
                files[f"{dataset.name}.csv"] = ("\ufeff" + body).encode() if body else b""
                files[f"{dataset.name}.jsonl"] = "".join(lines).encode()
    return files


@pytest.mark.parametrize("include_secret", [False, True])
def test_csv_and_jsonl_are_the_record_by_record_export(
    demo_ctx: Any, tmp_path: Path, include_secret: bool
) -> None:
    from officedesk.services.task import create_task

    with demo_ctx.write("task.add") as session:  # formula starts and escaped characters
        create_task(session, {"title": "=cmd|' /C calc'!A0", "detail": "-1\u2028@x"})
        create_task(session, {"title": "+x", "category": "'q", "leader": "\tt"})
    out = tmp_path / "out"
    done = run_export(demo_ctx, out, formats=["csv", "jsonl"], include_secret=include_secret)
    expected = _expected(demo_ctx, include_secret)
    assert sorted(path.name for path in out.iterdir()) == sorted(expected)
    for name, content in expected.items():
        assert (out / name).read_bytes() == content, name
    assert sum(done.rows.values()) == sum(
        content.count(b"\n") for name, content in expected.items() if name.endswith(".jsonl")
    )
    if not include_secret:
        assert done.secret_left_out  # the demo office has classified documents


def test_keyset_pages_give_every_row_once_in_order(demo_ctx: Any) -> None:
    """Pages read after the last row (the supervision log) give the same rows whatever the page
    size, including a size the row count is a multiple of."""
    from officedesk.export.rows import row_pages
    from officedesk.registry import BY_NAME

    (log,) = [dataset for dataset in datasets(BY_NAME["task"]) if dataset.rows is not None]
    with demo_ctx.read() as session:
        whole = [row for page in row_pages(session, log, 10_000) for row in page.rows]
        count = len(whole)
        for size in (7, count, count // 2 if count % 2 == 0 else count - 1, count + 1):
            paged = [row for page in row_pages(session, log, size) for row in page.rows]
            assert paged == whole, size
        as_dicts = [item for page in pages(session, log, 13) for item in page]
    assert [tuple(item.values()) for item in as_dicts] == whole
    assert [row[2] for row in whole] == sorted(row[2] for row in whole)  # by id
