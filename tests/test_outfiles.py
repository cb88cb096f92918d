"""officedesk.outfiles: the rules for every file a command writes where the user said (--out).

Existing files only with force; never the database or its -wal/-shm/-journal (not by a symlink,
not by a hard link), never a directory, FIFO or device; no missing directory made; written
atomically, 0600, with nothing left behind on failure."""

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from officedesk.errors import Conflict, DomainError, InvalidInput
from officedesk.outfiles import (
    OutFileExists,
    OutFileNotWritten,
    OutFileRefused,
    check_target,
    database_files,
    open_atomic,
    write_atomic,
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "office.db"
    path.write_bytes(b"SQLite format 3\x00")
    return path


@pytest.fixture
def protected(db: Path) -> list[Path]:
    return database_files(db)


def leftovers(directory: Path) -> list[str]:
    """Temporary files a write left behind."""
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".officedesk-"))


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_errors_are_domain_errors() -> None:
    assert issubclass(OutFileRefused, InvalidInput) and issubclass(OutFileExists, Conflict)
    assert issubclass(OutFileNotWritten, DomainError)


def test_database_files_are_the_file_and_its_siblings(db: Path, tmp_path: Path) -> None:
    names = {p.name for p in database_files(db)}
    assert names == {"office.db", "office.db-wal", "office.db-shm", "office.db-journal"}
    link = tmp_path / "link.db"
    link.symlink_to(db)
    assert db.with_name("office.db-wal") in database_files(link)  # SQLite follows the link
    assert database_files(None) == [] and database_files(":memory:") == []


def test_new_file_is_written_0600_and_returned(tmp_path: Path, protected: list[Path]) -> None:
    target = tmp_path / "draft.md"
    old_umask = os.umask(0o022)
    try:
        written = write_atomic(target, "# 总结\n", force=False, protected=protected)
    finally:
        os.umask(old_umask)
    assert written == target.resolve()
    assert target.read_text(encoding="utf-8") == "# 总结\n"
    assert mode(target) == 0o600
    assert leftovers(tmp_path) == []


def test_existing_file_needs_force(tmp_path: Path, protected: list[Path]) -> None:
    target = tmp_path / "draft.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    with pytest.raises(OutFileExists) as refused:
        check_target(target, force=False, protected=protected)
    assert "--force" in refused.value.message()
    with pytest.raises(OutFileExists):
        write_atomic(target, b"new", force=False, protected=protected)
    assert target.read_text(encoding="utf-8") == "old"
    write_atomic(target, b"new", force=True, protected=protected)
    assert target.read_bytes() == b"new" and mode(target) == 0o600
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "name", ["office.db", "office.db-wal", "office.db-shm", "office.db-journal"]
)
def test_the_database_and_its_files_are_refused_even_with_force(
    db: Path, protected: list[Path], name: str
) -> None:
    target = db.with_name(name)  # the -wal and the others need not exist to be protected
    for force in (False, True):
        with pytest.raises(OutFileRefused) as refused:
            write_atomic(target, b"# draft", force=force, protected=protected)
        assert refused.value.key == "file.is_database"
    assert db.read_bytes() == b"SQLite format 3\x00"
    assert not db.with_name("office.db-wal").exists()


def test_a_symlink_or_hard_link_to_the_database_is_the_database(
    db: Path, protected: list[Path], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    symlink = elsewhere / "notes.md"
    symlink.symlink_to(db)
    hardlink = elsewhere / "copy.md"
    os.link(db, hardlink)
    relative = tmp_path / "." / "elsewhere" / ".." / "office.db"
    for target in (symlink, hardlink, relative):
        with pytest.raises(OutFileRefused):
            write_atomic(target, b"# draft", force=True, protected=protected)
    assert db.read_bytes() == b"SQLite format 3\x00" and symlink.is_symlink()


def test_a_database_opened_through_a_symlink_is_protected_by_its_real_name(
    db: Path, tmp_path: Path
) -> None:
    opened_as = tmp_path / "via-link.db"
    opened_as.symlink_to(db)
    for target in (db, opened_as, db.with_name("office.db-wal")):
        with pytest.raises(OutFileRefused):
            check_target(target, force=True, protected=database_files(opened_as))


def test_directories_fifos_and_devices_are_refused(tmp_path: Path, protected: list[Path]) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link_to_folder = tmp_path / "folder-link"
    link_to_folder.symlink_to(folder)
    cases: dict[str | Path, str] = {
        folder: "file.is_directory",
        link_to_folder: "file.is_directory",
        f"{tmp_path}/new/": "file.is_directory",  # a trailing slash names a directory
        fifo: "file.not_regular",
        Path("/dev/null"): "file.not_regular",
    }
    for target, key in cases.items():
        with pytest.raises(OutFileRefused) as refused:
            write_atomic(target, b"x", force=True, protected=protected)
        assert refused.value.key == key, target
    assert (
        stat.S_ISFIFO(os.lstat(fifo).st_mode)
        and folder.is_dir()
        and not (tmp_path / "new").exists()
    )


def test_a_missing_directory_is_not_created(tmp_path: Path, protected: list[Path]) -> None:
    target = tmp_path / "no" / "such" / "draft.md"
    with pytest.raises(OutFileRefused) as refused:
        write_atomic(target, b"x", force=True, protected=protected)
    assert refused.value.key == "file.no_directory"
    assert str(tmp_path / "no" / "such") in refused.value.message()
    assert not (tmp_path / "no").exists()
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(OutFileRefused) as refused:
        check_target(afile / "draft.md", force=True, protected=protected)
    assert refused.value.key == "file.not_directory"


def test_a_symlink_to_a_file_needs_force_and_is_replaced_not_followed(
    tmp_path: Path, protected: list[Path]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "draft.md"
    link.symlink_to(victim)
    with pytest.raises(OutFileExists):
        write_atomic(link, b"new", force=False, protected=protected)
    written = write_atomic(link, b"new", force=True, protected=protected)
    assert written == tmp_path.resolve() / "draft.md"
    assert not link.is_symlink() and link.read_bytes() == b"new"
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_a_dangling_symlink_needs_force(tmp_path: Path, protected: list[Path]) -> None:
    link = tmp_path / "draft.md"
    link.symlink_to(tmp_path / "gone")
    with pytest.raises(OutFileExists):
        write_atomic(link, b"new", force=False, protected=protected)
    write_atomic(link, b"new", force=True, protected=protected)
    assert not link.is_symlink() and not (tmp_path / "gone").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_directory_is_refused_before_any_work(
    tmp_path: Path, protected: list[Path]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        with pytest.raises(OutFileRefused) as refused:
            check_target(locked / "draft.md", force=False, protected=protected)
        assert refused.value.key == "file.not_writable"
    finally:
        locked.chmod(0o700)


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("failing", ["replace", "link", "fsync", "write"])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path,
    protected: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    failing: str,
    force: bool,
) -> None:
    target = tmp_path / ("draft.md" if force else "new.md")
    if force:
        target.write_text("old", encoding="utf-8")

    def boom(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if failing == "write":
        real_fdopen = os.fdopen

        def full_disk(fd: int, *args: Any, **kwargs: Any) -> Any:
            handle = real_fdopen(fd, *args, **kwargs)
            monkeypatch.setattr(handle, "write", boom, raising=False)
            return handle

        monkeypatch.setattr(os, "fdopen", full_disk)
    else:
        monkeypatch.setattr(os, failing, boom)
    if (failing, force) in {("replace", False), ("link", True)}:
        write_atomic(target, b"new", force=force, protected=protected)  # that step is not used
        monkeypatch.undo()
        assert target.read_bytes() == b"new"
    else:
        with pytest.raises(OutFileNotWritten) as failed:
            write_atomic(target, b"new", force=force, protected=protected)
        monkeypatch.undo()
        assert os.strerror(errno.ENOSPC) in failed.value.message()
        assert target.read_text(encoding="utf-8") == "old" if force else not target.exists()
    assert leftovers(tmp_path) == []


def test_a_failing_stream_writer_leaves_nothing(tmp_path: Path, protected: list[Path]) -> None:
    target = tmp_path / "export.csv"
    target.write_text("old", encoding="utf-8")
    with (
        pytest.raises(RuntimeError, match="half way"),
        open_atomic(target, force=True, protected=protected) as handle,
    ):
        handle.write(b"a,b\n")
        raise RuntimeError("half way")
    assert target.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []
    with open_atomic(tmp_path / "new.csv", force=False, protected=protected) as handle:
        handle.write(b"a,b\n")
        handle.write(b"1,2\n")
    assert (tmp_path / "new.csv").read_bytes() == b"a,b\n1,2\n"
    assert mode(tmp_path / "new.csv") == 0o600


def test_a_file_that_appears_while_writing_is_not_overwritten(
    tmp_path: Path, protected: list[Path]
) -> None:
    target = tmp_path / "draft.md"
    with (
        pytest.raises(OutFileExists),
        open_atomic(target, force=False, protected=protected) as handle,
    ):
        handle.write(b"ours")
        target.write_text("theirs", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "theirs"
    assert leftovers(tmp_path) == []


def test_without_hard_links_the_no_clobber_rename_falls_back(
    tmp_path: Path, protected: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_atomic(tmp_path / "draft.md", "正文", force=False, protected=protected)
    assert (tmp_path / "draft.md").read_text(encoding="utf-8") == "正文"
    assert leftovers(tmp_path) == []


def test_the_module_imports_no_database_or_ui_library() -> None:
    code = (
        "import sys, officedesk.outfiles; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'sqlmodel', 'textual', 'rich', 'typer'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.strip() == "[]"
