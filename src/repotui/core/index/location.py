"""Where the index file lives when its place cannot be written, and moving it back.

The caller chooses the index's place (the user cache). When that place is full, read-only or
not a folder, the index goes to one fixed place per user and records folder under the system
temporary folder, so the next run finds and updates it instead of building yet another one;
when the cache can be written again, the index is copied back and the temporary one removed.
A write that fails part-way leaves a consistent but incomplete file (every chunk is its own
transaction); it is removed, not piled up, since a full disk is better served by the space.

Before a build the free space is compared with what the index will need (about the size of
the YAML it reads, `ROOM_FACTOR`), so a nearly full disk is not filled to the last byte first.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import tempfile
from pathlib import Path

#: Bytes of index per byte of YAML to expect (measured: 0.9-1.1 on generated records) plus margin.
ROOM_FACTOR = 1.5
#: SQLite's own messages for a place that cannot be written (it does not always give an errno).
_WRITE_FAILURES = ("disk is full", "readonly", "read-only", "unable to open", "disk i/o error",
                   "unable to write", "out of memory")
_SUFFIXES = ("", "-wal", "-shm", "-journal")


def is_write_failure(exc: BaseException) -> bool:
    """The index's place cannot be written (as opposed to a damaged file or another process)."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO,
                             errno.ENOTDIR, errno.EEXIST)
    return isinstance(exc, sqlite3.OperationalError) and any(m in str(exc).lower() for m in _WRITE_FAILURES)


def is_full(exc: BaseException) -> bool:
    """No room left (as opposed to a read-only place)."""
    code = exc.errno if isinstance(exc, OSError) else None
    return code in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in str(exc).lower()


def why(exc: BaseException) -> str:
    """A write failure in a few words a user can act on."""
    text = str(exc).lower()
    code = exc.errno if isinstance(exc, OSError) else None
    if is_full(exc):
        return f"the disk is full ({exc.strerror})" if isinstance(exc, OSError) and exc.filename else "the disk is full"
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or "read-only" in text:
        return "the folder is read-only"
    if code in (errno.ENOTDIR, errno.EEXIST):
        return "a file stands where the folder should be"
    return str(exc) or exc.__class__.__name__


def fallback_path(db_path: Path, base: Path | None = None, create: bool = True) -> Path:
    """The fixed temporary place for this index: `<tmp>/repotui-<uid>/<same file name>`.

    The folder is created private (0700) and must be a real folder owned by this user, so
    another user cannot plant a file or a link there; otherwise a folder of our own is made.
    `create=False` only says where it would be (to look for an index an earlier run left).
    """
    folder = base if base is not None else Path(tempfile.gettempdir()) / f"repotui-{_uid()}"
    if not create:
        return folder / db_path.name
    if base is None and not _private_folder(folder):
        folder = Path(tempfile.mkdtemp(prefix="repotui-index-"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / db_path.name


def _uid() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")


def _private_folder(folder: Path) -> bool:
    """Create `folder` 0700 if missing; True when it is a real folder of this user's."""
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    try:
        info = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    return not hasattr(os, "getuid") or (info.st_uid == os.getuid() and not info.st_mode & 0o077)


def room_error(db_path: Path, need: int) -> OSError | None:
    """An ENOSPC error naming the folder when the index will not fit there; None when it will
    (or when the free space cannot be known)."""
    folder = db_path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):
        return None
    free = info.f_bavail * info.f_frsize
    want = int(need * ROOM_FACTOR)
    if want <= free:
        return None
    return OSError(errno.ENOSPC, f"the index needs about {_mb(want)} and {folder} has {_mb(free)} free",
                   str(folder))


def _mb(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


def remove_index(db_path: Path) -> None:
    """Remove an index file and its WAL companions (never raises)."""
    for suffix in _SUFFIXES:
        with contextlib.suppress(OSError):
            Path(f"{db_path}{suffix}").unlink()


def copy_index(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of an open index at `target` (SQLite's backup API, then a rename, so a
    failure leaves no half-copied index behind). Raises OSError / sqlite3 errors."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.copying")
    remove_index(partial)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
        remove_index(target)
        os.replace(partial, target)
    finally:
        remove_index(partial)
