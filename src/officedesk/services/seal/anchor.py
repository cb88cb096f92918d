"""This machine's anchor (锚点) of the seal log: the highest (seq, hash) it has seen for a
database, kept in a file outside that database.

The chain and its counter live in the same database, so whoever can write to it can delete the
last entries and lower the counter, put back an older backup, or rebuild the chain: each leaves
a log that agrees with itself. The anchor remembers what was there: verify checks that the log
still holds the anchored seq with the anchored hash. An anchor behind the head is fine (others
appended: on a shared PostgreSQL server each machine keeps its own, and it lags); a missing
anchored entry or a different hash is a break.

The file is data_dir()/seal-anchors/<sha256 of the database's identity>.json, 0600, in a 0700
directory, and written atomically (a temporary file in the same directory, fsynced, renamed,
the directory fsynced). The identity is the SQLAlchemy URL without its password and driver
(postgresql+psycopg and postgresql name the same server), or the resolved path of a SQLite
file, so every spelling of the same database finds the same anchor.

It records also `first_mac_seq`, the first entry that carried a MAC: from there on every entry
must have one, so stripping the MACs off the log does not turn it back into an unkeyed one.

It never moves backwards (but for a restore: reset_anchor) and never past a mismatch:
services.seal.chain advances it only after the append's transaction has committed, and only
when the log still held the anchored entry.
"""

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from officedesk.notices import Notice
from officedesk.outfiles import fsync_directory

ANCHOR_DIR = "seal-anchors"
ANCHOR_VERSION = 1


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    first_mac_seq: int | None = None

    def merged(self, older: "Anchor | None") -> "Anchor":
        """This anchor, keeping the earliest first MAC'd entry either of them knew."""
        firsts = [s for s in (self.first_mac_seq, older and older.first_mac_seq) if s]
        return Anchor(self.seq, self.hash, min(firsts) if firsts else None)


@dataclass
class AnchorFile:
    """The anchor as found: `state` is "ok", "absent", "unreadable", or "none" when the
    database has no identity to anchor by (an in-memory database, an unset URL)."""

    path: Path | None
    anchor: Anchor | None
    state: str
    notices: list[Notice] = field(default_factory=list)


def database_identity(url: str) -> str | None:
    """What names this database whichever way its URL is spelled; never holds the password."""
    if not url:
        return None
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            return None
        return "sqlite:///" + os.path.realpath(Path(parsed.database).expanduser())
    return parsed.set(drivername=backend).render_as_string(hide_password=True)


def anchor_path(url: str) -> Path | None:
    identity = database_identity(url)
    if identity is None:
        return None
    from officedesk.config import data_dir

    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()
    return data_dir() / ANCHOR_DIR / f"{digest}.json"


def read_anchor(url: str) -> AnchorFile:
    path = anchor_path(url)
    if path is None:
        return AnchorFile(None, None, "none")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return AnchorFile(path, None, "absent")
    except (OSError, UnicodeDecodeError) as exc:
        return _unreadable(path, exc)
    try:
        return AnchorFile(path, _parse(json.loads(text)), "ok")
    except (ValueError, TypeError, KeyError) as exc:
        return _unreadable(path, exc)


def _unreadable(path: Path, exc: Exception) -> AnchorFile:
    reason = getattr(exc, "strerror", None) or type(exc).__name__
    notice = Notice("seal.anchor_unreadable", {"path": str(path), "reason": reason})
    return AnchorFile(path, None, "unreadable", [notice])


def _parse(data: Any) -> Anchor:
    seq, digest, first = data["seq"], data["hash"], data.get("first_mac_seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise ValueError("seq")
    if not isinstance(digest, str) or len(digest) != 64:
        raise ValueError("hash")
    int(digest, 16)
    if first is not None and (not isinstance(first, int) or isinstance(first, bool) or first < 1):
        raise ValueError("first_mac_seq")
    return Anchor(seq, digest, first)


def advance_anchor(url: str, anchor: Anchor, *, replace_unreadable: bool = False) -> AnchorFile:
    """Move the anchor forward to `anchor`, never back: the file is read again right before,
    since another process on this machine may have anchored a later entry meanwhile. An
    unreadable anchor is replaced only when asked (by verify, after an intact chain)."""
    found = read_anchor(url)
    if found.path is None:
        return found
    current = found.anchor
    if found.state == "unreadable" and not replace_unreadable:
        return found
    if current is not None and current.seq >= anchor.seq:
        return found
    new = anchor.merged(current)
    try:
        _write(found.path, url, new)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        found.notices.append(
            Notice("seal.anchor_not_written", {"path": str(found.path), "reason": reason})
        )
        return found
    return AnchorFile(found.path, new, "ok", found.notices)


def reset_anchor(url: str, anchor: Anchor | None) -> None:
    """Put the anchor where a restored log's head is, backwards too, or remove it when the
    restored log is empty: the one step back the anchor takes, made by `officedesk restore`
    only, which tells the user."""
    path = anchor_path(url)
    if path is None:
        return
    if anchor is None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    _write(path, url, anchor)


def _write(path: Path, url: str, anchor: Anchor) -> None:
    directory = path.parent
    if not directory.exists():
        directory.mkdir(parents=True, mode=0o700, exist_ok=True)
        os.chmod(directory, 0o700)
    data = {
        "version": ANCHOR_VERSION,
        "database": database_identity(url),
        "seq": anchor.seq,
        "hash": anchor.hash,
        "first_mac_seq": anchor.first_mac_seq,
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".anchor-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)
            json.dump(data, handle, ensure_ascii=True, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_directory(directory)
