"""The export's one entry point, for `officedesk export` and the nightly job: every register (or
those named) through its registry entry, read in one snapshot a page at a time, written to every
format asked for in one pass.

Files follow officedesk.outfiles: each is written under a temporary name in the output directory,
flushed and renamed when complete (all of them after the last record is read), the directory
synced; files 0600, a directory the export creates 0700. An export killed midway leaves only
temporary files (.officedesk-*.tmp), which the next export into that directory removes. Records
marked 秘密, 机密 or 绝密 stay in the database unless the caller asks for them.
"""

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic_core import to_jsonable_python

from officedesk.errors import Conflict, InvalidInput
from officedesk.export.registers import Dataset, datasets
from officedesk.models.limits import SECRECY_MAX_YEARS
from officedesk.outfiles import (
    _TEMP_PREFIX,
    _TEMP_SUFFIX,
    OutFileNotWritten,
    OutFileRefused,
    check_target,
    database_files,
    fsync_directory,
    open_atomic,
)

if TYPE_CHECKING:
    from officedesk.context import AppContext
    from officedesk.db import OfficeSession

FORMATS = ("xlsx", "csv", "jsonl", "ics")
SECRET = frozenset(SECRECY_MAX_YEARS)  # 秘密, 机密, 绝密
# Records read at a time: the list services page by offset, which rereads every earlier row, so
# the export takes the largest page they give (services.common.check_limit): 100,000 items cost
# twenty reads instead of a hundred (their SQL went from 12 s to about 2 s of a 41 s export),
# and a page of read models stays small enough for the 200 MiB the export is allowed.
PAGE = 5_000
WORKBOOK = "officedesk.xlsx"
CALENDAR = "officedesk.ics"

Progress = Callable[[str, int, int], None]


@dataclass
class ExportResult:
    files: list[Path] = field(default_factory=list)  # in the order written
    rows: dict[str, int] = field(default_factory=dict)  # dataset (a register's table) → records
    secret_left_out: dict[str, int] = field(default_factory=dict)  # dataset → records kept back
    calendar_entries: int = 0


def run_export(
    ctx: "AppContext",
    out_dir: Path,
    *,
    formats: Sequence[str],
    registers: Sequence[str] | None = None,
    since: date | None = None,
    include_secret: bool = False,
    progress: Progress | None = None,
    force: bool = False,
    sheet_rows: int | None = None,
) -> ExportResult:
    """Export the registers named (all by default) to `out_dir` in `formats`. Records changed
    on or after `since` (a local day) only, where a table says when a record changed. A file of
    the same name in `out_dir` is replaced only with `force`. `progress(dataset, done, total)`
    follows each page. `sheet_rows` caps a sheet's rows (tests; Excel's limit by default)."""
    from sqlalchemy import func, select, table

    from officedesk.db import sqlite_path
    from officedesk.services.query import one_snapshot

    wanted = _formats(formats)
    tables = [table for spec in _registers(registers) for table in datasets(spec)]
    protected = database_files(sqlite_path(ctx.url))
    directory = _directory(Path(out_dir))
    result = ExportResult()
    with _locked(directory):
        _remove_leftovers(directory)
        names = _file_names(tables, wanted)
        for name in names:  # refuse before reading anything
            check_target(directory / name, force=force, protected=protected)
        workdir = Path(tempfile.mkdtemp(dir=directory, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX))
        try:
            with contextlib.ExitStack() as files, ctx.read() as session:
                one_snapshot(session)
                handles = {
                    name: files.enter_context(
                        open_atomic(directory / name, force=force, protected=protected)
                    )
                    for name in names
                }
                writers = _Writers(handles, wanted, workdir, sheet_rows)
                for dataset in tables:
                    total = session.execute(
                        select(func.count()).select_from(table(dataset.table))
                    ).scalar_one()
                    _export(
                        session, dataset, writers, result, since, include_secret, total, progress
                    )
                result.calendar_entries = writers.close()
            result.files = [directory / name for name in names]
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    fsync_directory(directory)
    return result


def _formats(formats: Sequence[str]) -> list[str]:
    named = [name.strip().lower() for name in formats if name.strip()]
    unknown = [name for name in named if name not in FORMATS]
    if unknown or not named:
        raise InvalidInput("export.format", value=",".join(unknown), choices=list(FORMATS))
    return [name for name in FORMATS if name in named]


def _registers(names: Sequence[str] | None) -> list[Any]:
    from officedesk.registry import BY_NAME, REGISTERS

    if not names:
        return list(REGISTERS)
    unknown = [name for name in names if name not in BY_NAME]
    if unknown:
        raise InvalidInput("export.register", value=",".join(unknown), choices=list(BY_NAME))
    return [spec for spec in REGISTERS if spec.name in names]


def _file_names(tables: Sequence[Dataset], wanted: Sequence[str]) -> list[str]:
    names = [
        f"{dataset.name}.{suffix}"
        for dataset in tables
        for suffix in ("csv", "jsonl")
        if suffix in wanted
    ]
    if "xlsx" in wanted:
        names.append(WORKBOOK)
    if "ics" in wanted:
        names.append(CALENDAR)
    return names


def _directory(out_dir: Path) -> Path:
    """The output directory, made (0700, never its parents) when it does not exist yet."""
    directory = out_dir.expanduser()
    try:
        directory.mkdir(mode=0o700)
    except FileExistsError:
        if not directory.is_dir():
            raise OutFileRefused("file.not_directory", path=str(out_dir)) from None
    except FileNotFoundError:
        raise OutFileRefused("file.no_directory", path=str(directory.parent)) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutFileNotWritten("file.cannot_write", path=str(out_dir), reason=reason) from exc
    return Path(os.path.realpath(directory))


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """One export at a time into a directory (a lock on the directory itself, released when the
    process ends however it ends), so removing leftovers never removes a running export's
    files."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock, the leftovers are removed all the same
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Conflict("export.busy", path=str(directory)) from None
        yield
    finally:
        os.close(fd)


def _remove_leftovers(directory: Path) -> None:
    """The temporary files and work directories of an export that was killed."""
    for entry in directory.iterdir():
        if not (entry.name.startswith(_TEMP_PREFIX) and entry.name.endswith(_TEMP_SUFFIX)):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()


class _Writers:
    """The open files of every format asked for; each record goes to all of them."""

    def __init__(
        self, handles: dict[str, Any], wanted: Sequence[str], workdir: Path, sheet_rows: int | None
    ) -> None:
        self.handles = handles
        self.wanted = wanted
        self.book: Any = None
        self.calendar: Any = None
        self.entries = 0
        if "xlsx" in wanted:
            from officedesk.export.xlsx import SHEET_ROWS, Workbook

            self.book = Workbook(handles[WORKBOOK], workdir, sheet_rows=sheet_rows or SHEET_ROWS)
        if "ics" in wanted:
            from officedesk.export.ics import IcsFile
            from officedesk.i18n import current_language

            stamp = datetime.now(UTC)
            self.calendar = IcsFile(handles[CALENDAR], stamp=stamp, language=current_language())

    def close(self) -> int:
        if self.book is not None:
            self.book.close()
        if self.calendar is not None:
            self.calendar.close()
        return self.entries


def _export(
    session: "OfficeSession",
    dataset: Dataset,
    writers: _Writers,
    result: ExportResult,
    since: date | None,
    include_secret: bool,
    total: int,
    progress: Progress | None,
) -> None:
    """One dataset into every file asked for, a page at a time: its records as tuples of python
    values (export/rows.py), turned into JSON values with one call a page, and each writer
    given the whole page."""
    from officedesk.export.csvjsonl import CsvFile, JsonlFile
    from officedesk.export.rows import row_pages

    wanted = writers.wanted
    csv_file = CsvFile(writers.handles[f"{dataset.name}.csv"]) if "csv" in wanted else None
    jsonl_file = JsonlFile(writers.handles[f"{dataset.name}.jsonl"]) if "jsonl" in wanted else None
    exact = csv_file is not None or jsonl_file is not None or writers.book is not None
    calendar = dataset.calendar if writers.calendar is not None else None
    sheet = None
    written = secret = done = 0
    if progress:
        progress(dataset.name, 0, total)
    for page in row_pages(session, dataset, PAGE):
        keys = page.keys
        if sheet is None and writers.book is not None:
            sheet = writers.book.dataset(dataset.name, dataset.labels, page)
        kept = _kept(page.rows, keys, dataset.changed, since, include_secret)
        secret += kept.secret
        rows = kept.rows
        if exact and rows:
            values = to_jsonable_python(rows)
            if csv_file is not None:
                csv_file.write_page(keys, values)
            if jsonl_file is not None:
                jsonl_file.write_page(keys, values)
            if sheet is not None:
                sheet.write_page(rows, values)
        if calendar is not None:
            for row in rows:
                if (entry := calendar(dict(zip(keys, row, strict=True)))) is not None:
                    writers.calendar.add(entry)
                    writers.entries += 1
        written += len(rows)
        done += len(page.rows)
        if progress:
            progress(dataset.name, done, max(total, done))
    if sheet is None and writers.book is not None:
        writers.book.dataset(dataset.name, dataset.labels, None)  # an empty sheet says "none"
    for writer in (csv_file, jsonl_file):
        if writer is not None:
            writer.close()
    result.rows[dataset.name] = written
    if secret:
        result.secret_left_out[dataset.name] = secret


@dataclass
class _Kept:
    rows: list[tuple[Any, ...]]
    secret: int = 0


def _kept(
    page: list[tuple[Any, ...]],
    keys: Sequence[str],
    changed: str | None,
    since: date | None,
    include_secret: bool,
) -> _Kept:
    """The page's rows to write: changed since `since` (when given) and, unless asked for,
    not secret (counted instead). Rows left out for their date are not counted."""
    rows = page
    if since is not None and changed in keys:
        at = keys.index(changed)
        rows = [row for row in rows if _changed_since(row[at], since)]
    if include_secret or "secrecy" not in keys:
        return _Kept(rows)
    at = keys.index("secrecy")
    kept = [row for row in rows if row[at] not in SECRET]
    return _Kept(kept, len(rows) - len(kept))


def _changed_since(moment: Any, since: date) -> bool:
    """Whether the record changed on or after the local day `since` (always, for a record that
    does not say when it changed)."""
    from officedesk.services.moments import local_day

    if not isinstance(moment, datetime):
        return True
    return local_day(moment) >= since
