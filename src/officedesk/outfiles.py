"""Files officedesk writes where the user tells it to (`--out PATH`, the nightly export).

One set of rules for every such file, because a wrong path here costs data: `--out` pointed at
the open database once replaced it with Markdown. The rules:

* an existing file is replaced only with ``force=True`` (the CLI's ``--force``);
* the open database and its ``-wal``, ``-shm`` and ``-journal`` files are never written, not even
  with force; they are recognised by resolved path and by device and inode, so a symlink or a
  hard link to them is caught too;
* anything that exists and is not a regular file (a directory, FIFO, socket, device) is never
  written;
* a symlink is judged by what it points at: to the database or to a non-regular file, refused;
  to a regular file (or to nothing), it needs force, and then the link itself is replaced by the
  new file and the file it pointed at is left alone: we never write through a link, so a link
  planted in a shared directory cannot redirect our output;
* the parent directory must exist (we never create directories: a typo would silently make a
  tree) and be writable;
* the file is written atomically: a temporary file (0600) in the same directory, flushed and
  fsynced, then renamed over the target and the directory fsynced. On any failure the
  temporary file is removed and the old file is untouched; a reader never sees half a file.
  Without force the rename is a hard link, which fails if the name appeared meanwhile.

No SQLAlchemy, Textual or Rich here: the CLI and the background export job both use it.
"""

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from officedesk.errors import Conflict, InvalidInput

DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")
_TEMP_PREFIX = ".officedesk-"
_TEMP_SUFFIX = ".tmp"
# Filesystems without hard links answer these; there the no-clobber rename falls back to a
# re-check and os.replace.
_NO_LINK = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}


class OutFileRefused(InvalidInput):
    """The target is one officedesk never writes (the database, a directory, a device) or its
    directory is missing: force does not help."""


class OutFileExists(Conflict):
    """The target exists and the caller did not ask to replace it."""


class OutFileNotWritten(InvalidInput):
    """The operating system refused the write (no space, read-only, permission)."""


def database_files(database: str | Path | None) -> list[Path]:
    """The database file and the -wal/-shm/-journal files SQLite keeps beside it, as named and
    as resolved (SQLite puts them beside the real file when the name is a symlink); empty when
    there is no file (PostgreSQL, :memory:)."""
    if database is None or str(database) in ("", ":memory:"):
        return []
    given = Path(database).expanduser()
    bases = [given.absolute(), Path(os.path.realpath(given))]
    found: list[Path] = []
    for base in bases:
        for suffix in DATABASE_SUFFIXES:
            path = base.with_name(base.name + suffix)
            if path not in found:
                found.append(path)
    return found


def _identities(paths: Iterable[Path]) -> tuple[set[str], set[tuple[int, int]]]:
    """Resolved names and (device, inode) pairs of the protected files that exist."""
    names: set[str] = set()
    inodes: set[tuple[int, int]] = set()
    for path in paths:
        names.add(os.path.realpath(Path(path).expanduser()))
        with contextlib.suppress(OSError):
            info = os.stat(path)
            inodes.add((info.st_dev, info.st_ino))
    return names, inodes


def _is_protected(target: Path, protected: Iterable[Path]) -> bool:
    names, inodes = _identities(protected)
    if os.path.realpath(target) in names:
        return True
    try:
        info = os.stat(target)  # follows a symlink: a link to the database is the database
    except OSError:
        return False
    return (info.st_dev, info.st_ino) in inodes


def check_target(path: str | Path, *, force: bool, protected: Iterable[Path]) -> Path:
    """Validate an output path by the module's rules and return where the file will be: the
    resolved directory joined with the name given (a symlink's own name, not its target).

    Call it before any expensive work or database write, so a bad path costs nothing; the
    writers below call it again just before the rename.
    """
    given = Path(path).expanduser()
    shown = str(path)
    if _is_protected(given, protected):
        raise OutFileRefused("file.is_database", path=shown)
    if shown.endswith(("/", os.sep)):  # `--out reports/` means a directory, even a missing one
        raise OutFileRefused("file.is_directory", path=shown)
    parent = given.parent
    if not parent.exists():
        raise OutFileRefused("file.no_directory", path=str(parent))
    if not parent.is_dir():
        raise OutFileRefused("file.not_directory", path=str(parent))
    try:
        info = os.lstat(given)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutFileNotWritten("file.cannot_write", path=shown, reason=_reason(exc)) from exc
    if info is not None:
        _check_existing(given, info, shown, force=force)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutFileRefused("file.not_writable", path=str(parent))
    return _location(given)


def _location(given: Path) -> Path:
    """Where a name lands: its directory resolved, its own name kept (a symlink is replaced, not
    followed, so its target is not where the file goes)."""
    return Path(os.path.realpath(given.parent)) / given.name


def _check_existing(given: Path, info: os.stat_result, shown: str, *, force: bool) -> None:
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        try:
            mode = os.stat(given).st_mode  # what the link points at
        except OSError:
            mode = stat.S_IFREG  # a dangling link: replacing it loses nothing but the link
    if stat.S_ISDIR(mode):
        raise OutFileRefused("file.is_directory", path=shown)
    if not stat.S_ISREG(mode):
        raise OutFileRefused("file.not_regular", path=shown)
    if not force:
        raise OutFileExists("file.exists", path=shown)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


@contextlib.contextmanager
def atomic_path(path: str | Path, *, force: bool, protected: Iterable[Path]) -> Iterator[Path]:
    """A temporary file (empty, 0600) beside `path` for a writer that needs a name rather than a
    file object (SQLite's VACUUM INTO, pg_dump); it becomes `path` when the block ends without
    an exception, else it is removed and the old file stays. The writer must leave it flushed
    to disk (this fsyncs it once more before the rename)."""
    shield = list(protected)  # iterated again before the rename
    target = check_target(path, force=force, protected=shield)
    shown = str(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX)
        os.close(fd)
    except OSError as exc:
        raise OutFileNotWritten("file.cannot_write", path=shown, reason=_reason(exc)) from exc
    try:
        yield Path(tmp)
        try:
            os.chmod(tmp, 0o600)
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
        except OSError as exc:
            raise OutFileNotWritten("file.cannot_write", path=shown, reason=_reason(exc)) from exc
        check_target(path, force=force, protected=shield)
        _rename(tmp, target, shown, force=force, protected=shield)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_directory(target.parent)


@contextlib.contextmanager
def open_atomic(path: str | Path, *, force: bool, protected: Iterable[Path]) -> Iterator[BinaryIO]:
    """A binary file object for a streaming writer (xlsx, csv); the file appears under `path`
    only when the block ends without an exception, else it is removed and the old file stays
    (atomic_path's rules: checked again just before the rename, fsynced, directory synced).

    OS errors of our own steps become OutFileNotWritten; an exception raised by the block itself
    propagates unchanged after the cleanup.
    """
    shown = str(path)
    with atomic_path(path, force=force, protected=protected) as tmp:
        try:
            handle = os.fdopen(os.open(tmp, os.O_WRONLY | os.O_TRUNC), "wb")
        except OSError as exc:
            raise OutFileNotWritten("file.cannot_write", path=shown, reason=_reason(exc)) from exc
        with handle:
            yield handle
            try:
                handle.flush()
            except OSError as exc:
                raise OutFileNotWritten(
                    "file.cannot_write", path=shown, reason=_reason(exc)
                ) from exc


def _rename(tmp: str, target: Path, shown: str, *, force: bool, protected: list[Path]) -> None:
    """Put the finished file in place: replace when forced, else link it in, which fails if the
    name was taken meanwhile (so a file that appeared after the check is never overwritten)."""
    try:
        if force:
            os.replace(tmp, target)
            return
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise OutFileExists("file.exists", path=shown) from None
        except OSError as exc:
            if exc.errno not in _NO_LINK:
                raise
            check_target(target, force=False, protected=protected)
            os.replace(tmp, target)
        else:
            with contextlib.suppress(OSError):  # in place already; a stray name is no failure
                os.unlink(tmp)
    except OSError as exc:
        raise OutFileNotWritten("file.cannot_write", path=shown, reason=_reason(exc)) from exc


def fsync_directory(directory: Path) -> None:
    """Make the rename itself durable. Some filesystems cannot fsync a directory; the file is in
    place by then, so that is not an error worth failing the command for."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(
    path: str | Path, data: bytes | str, *, force: bool, protected: Iterable[Path]
) -> Path:
    """Write `data` (text as UTF-8) to `path` by the module's rules; returns where it went."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with open_atomic(path, force=force, protected=protected) as handle:
        try:
            handle.write(payload)
        except OSError as exc:
            raise OutFileNotWritten(
                "file.cannot_write", path=str(path), reason=_reason(exc)
            ) from exc
    return _location(Path(path).expanduser())
