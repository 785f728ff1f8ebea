"""atomic_write never leaves a partial file and never silently replaces one."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from repotui.adapters.fs import FileExistsRefused, atomic_write


def test_writes_new_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "r.yaml"
    atomic_write(target, "title: x\n")
    assert target.read_text(encoding="utf-8") == "title: x\n"
    assert [p.name for p in target.parent.iterdir()] == ["r.yaml"]


def test_refuses_to_replace_without_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "r.yaml"
    target.write_text("original", encoding="utf-8")
    with pytest.raises(FileExistsRefused):
        atomic_write(target, "new")
    assert target.read_text(encoding="utf-8") == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]


def test_overwrite_replaces_atomically(tmp_path: Path) -> None:
    target = tmp_path / "r.yaml"
    target.write_text("original", encoding="utf-8")
    atomic_write(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"


def test_a_new_file_gets_the_umask_mode_not_mkstemp_s_0600(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        target = tmp_path / "refs.docx"
        atomic_write(target, b"x")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
    finally:
        os.umask(mask)


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "refs.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic_write(target, "new", overwrite=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640



_SIGNAL_MID_WRITE = """
import os, signal, sys
from pathlib import Path
from repotui.adapters import fs
from repotui.cli.signals import Terminated, stop_cleanly_on_signals

stop_cleanly_on_signals()
real_fsync = os.fsync
def fsync_then_signal(fd):
    real_fsync(fd)
    os.kill(os.getpid(), signal.SIGTERM)  # arrives while the temporary file exists
fs.os.fsync = fsync_then_signal
try:
    fs.atomic_write(Path(sys.argv[1]) / "r.yaml", "title: whole\\n")
except Terminated:
    print("terminated after the write")
"""


def test_a_signal_during_a_write_waits_until_the_file_is_whole(tmp_path: Path) -> None:
    """SIGTERM (raised as `Terminated` by the CLI's handler) while the temporary file exists: the
    handler runs only once the write is done, so the file is whole and no `.part` file is left.
    In a process of its own: signal handlers run in the main thread, which pytest-xdist's is not."""
    done = subprocess.run([sys.executable, "-c", _SIGNAL_MID_WRITE, str(tmp_path)], capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.strip() == "terminated after the write", done.stderr
    assert (tmp_path / "r.yaml").read_text(encoding="utf-8") == "title: whole\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.yaml"]
