"""The seal log's key (印章密钥): 32 random bytes in a file outside the database.

Each entry's `mac` is HMAC-SHA-256(key, entry hash), in hex. The hash chain alone proves only
that the rows agree with each other: whoever can write to the database can append a row with a
correctly computed hash, or rebuild the whole chain. The MAC needs the key, which lives in a
file (0600, in a 0700 directory) the database never sees, so a row written by someone without
the key is told apart from one the application wrote.

Where the key is: the config's `[seal] key_file` (ServiceEnv.seal_key_file), else the path in
OFFICEDESK_SEAL_KEY, else `seal.key` in the data directory. On PostgreSQL the file is still on
each client machine: the database role cannot read it, and every machine that records uses
needs a copy of the same file.

Nothing here raises into the user's face: a key that cannot be read is reported as a notice and
treated as absent, because a broken key must never block recording a seal use (the log would
then have a hole, which is worse than an entry without a MAC). An existing file is never
overwritten, whatever it holds.
"""

import contextlib
import errno
import hashlib
import hmac
import os
import secrets
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from officedesk.notices import Notice
from officedesk.outfiles import fsync_directory

KEY_BYTES = 32
KEY_ENV = "OFFICEDESK_SEAL_KEY"
KEY_FILE_NAME = "seal.key"
_OPEN_BITS = stat.S_IRWXG | stat.S_IRWXO
# Filesystems without hard links answer these to os.link (as in officedesk.outfiles).
_NO_LINK = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}


@dataclass
class KeyFile:
    """The key as found: `key` is None when it is absent or unusable (`state` says which:
    "ok", "absent", "unusable"); `notices` are what the user should hear about it."""

    path: Path
    key: bytes | None
    state: str
    notices: list[Notice] = field(default_factory=list)
    created: bool = False


def key_path(configured: Path | None) -> Path:
    """The config's key file, else OFFICEDESK_SEAL_KEY, else the data directory's."""
    if configured is not None:
        return Path(configured).expanduser()
    if from_env := os.environ.get(KEY_ENV, "").strip():
        return Path(from_env).expanduser()
    from officedesk.config import data_dir

    return data_dir() / KEY_FILE_NAME


def mac_of(key: bytes, entry_hash: str) -> str:
    """HMAC-SHA-256 of the entry's hash (its hex text, ASCII) under the key, in hex."""
    return hmac.new(key, entry_hash.encode("ascii"), hashlib.sha256).hexdigest()


def mac_matches(key: bytes, entry_hash: str, mac: str) -> bool:
    return hmac.compare_digest(mac_of(key, entry_hash), mac)


def _owned(info: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def load_key(path: Path) -> KeyFile:
    """Read the key; a file open to group or others is tightened to 0600 when it is ours and
    reported otherwise (it is still used: refusing it would only leave the log without MACs)."""
    shown = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return KeyFile(path, None, "absent")
    except OSError as exc:
        notice = Notice("seal.key_unreadable", {"path": shown, "reason": _reason(exc)})
        return KeyFile(path, None, "unusable", [notice])
    if not stat.S_ISREG(info.st_mode):
        notice = Notice("seal.key_not_file", {"path": shown})
        return KeyFile(path, None, "unusable", [notice])
    notices: list[Notice] = []
    if info.st_mode & _OPEN_BITS:
        if _owned(info):
            try:
                os.chmod(path, 0o600)
                notices.append(Notice("seal.key_tightened", {"path": shown}))
            except OSError:
                notices.append(Notice("seal.key_loose", {"path": shown}))
        else:
            notices.append(Notice("seal.key_loose", {"path": shown}))
    try:
        with open(path, "rb") as handle:
            data = handle.read(KEY_BYTES + 1)
    except OSError as exc:
        notices.append(Notice("seal.key_unreadable", {"path": shown, "reason": _reason(exc)}))
        return KeyFile(path, None, "unusable", notices)
    if len(data) != KEY_BYTES:
        notices.append(Notice("seal.key_bad_size", {"path": shown, "size": len(data)}))
        return KeyFile(path, None, "unusable", notices)
    return KeyFile(path, data, "ok", notices)


def create_key(path: Path, *, default_location: bool) -> KeyFile:
    """Write a new key, 0600, atomically and without clobbering: the finished file is linked
    into place, so when another process created the key meanwhile, that one is kept and read.
    The directory is made 0700; an existing directory is tightened when it is the data
    directory (ours), else an open one is reported."""
    shown = str(path)
    parent = path.parent
    notices: list[Notice] = []
    try:
        if not parent.exists():
            parent.mkdir(parents=True, mode=0o700, exist_ok=True)
            os.chmod(parent, 0o700)
        else:
            info = os.stat(parent)
            if info.st_mode & _OPEN_BITS:
                if default_location and _owned(info):
                    os.chmod(parent, 0o700)
                else:
                    notices.append(Notice("seal.key_dir_open", {"path": str(parent)}))
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=".seal-key-", suffix=".tmp")
    except OSError as exc:
        notices.append(Notice("seal.key_not_created", {"path": shown, "reason": _reason(exc)}))
        return KeyFile(path, None, "unusable", notices)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(secrets.token_bytes(KEY_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            found = load_key(path)
            found.notices[:0] = notices
            return found
        except OSError as exc:
            if exc.errno not in _NO_LINK or path.exists():
                raise
            os.replace(tmp, path)  # no hard links here: re-checked just above
    except OSError as exc:
        notices.append(Notice("seal.key_not_created", {"path": shown, "reason": _reason(exc)}))
        return KeyFile(path, None, "unusable", notices)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    fsync_directory(parent)
    found = load_key(path)
    found.notices[:0] = [*notices, Notice("seal.key_created", {"path": shown})]
    found.created = found.key is not None
    return found


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
