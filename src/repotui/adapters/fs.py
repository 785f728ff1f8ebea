"""Writing files without ever leaving a half-written or silently replaced one behind."""

from __future__ import annotations

import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Signals that end a command by raising in the main thread (cli/signals.py): held while a file is
#: written, so one arriving between the temporary file's creation and its cleanup cannot strand it.
_HELD = {s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None}


class FileExistsRefused(FileExistsError):
    """Raised when a write would replace an existing file and the caller did not allow it."""


def atomic_write(path: Path, data: str | bytes, *, overwrite: bool = False, encoding: str = "utf-8") -> None:
    """Write to a temporary file in the same folder, fsync, then rename into place.

    With `overwrite=False` an existing file is never replaced (the final link is made with
    os.link, which fails if the name exists, so there is no check-then-write race).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    with _signals_held():
        _write_via_temporary(path, payload, overwrite)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Delay SIGINT/SIGTERM/SIGHUP until the block ends: the write is then whole or never begun.
    Only the main thread runs Python signal handlers, so only there is anything to hold."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _write_via_temporary(path: Path, payload: bytes, overwrite: bool) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600; the file should look like any other
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise FileExistsRefused(f"{path} already exists; not replaced") from None
            except OSError:
                # Filesystems without hard links: fall back to an exclusive create + rename check.
                if path.exists():
                    raise FileExistsRefused(f"{path} already exists; not replaced") from None
                os.replace(tmp, path)
        _fsync_dir(path.parent)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _mode_for(path: Path) -> int:
    """The permissions the written file gets: those of the file it replaces, else what the user's
    umask gives a new file (0644 with the usual 022), as if it had been opened for writing."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask. Read from /proc on Linux; elsewhere set and restored at once (the only
    portable way to read it)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
