"""The parse worker processes: they start where multiprocessing could not (inside Textual, whose
stderr has no file descriptor), give the same index as parsing in this thread, are always
reaped, and a worker that dies hands the rest of the build to this thread."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from repotui.core.index import IndexCancelled, Library
from repotui.core.index.pool import CHUNK
from repotui.core.index.workers import can_spawn
from tests.core.index.support import assert_same_as_loader

pytestmark = pytest.mark.skipif(not can_spawn(), reason="worker processes need os.posix_spawn")

FILES = CHUNK * 3 + 17


class NoDescriptor:
    """What Textual puts in sys.stderr while an app runs: writes are captured, fileno() is -1."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        return -1


def make_folder(root: Path, count: int = FILES) -> Path:
    for i in range(count):
        folder = root / f"{i // 500:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"w{i:05d}.yaml").write_text(
            f"id: w{i:05d}\ntitle: Worker record {i} on {'tides' if i % 4 else 'dunes'}\nissued: {1980 + i % 40}\n",
            encoding="utf-8")
    (root / "00" / "w00003.yaml").write_text("title: [\n", encoding="utf-8")
    return root


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_workers_start_when_stderr_has_no_descriptor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_folder(tmp_path / "recs")
    monkeypatch.setattr(sys, "stderr", NoDescriptor())
    lib = Library.open(root, tmp_path / "i.sqlite", workers=2)
    assert lib.last_update.workers == 2, lib.last_update.worker_failure
    assert lib.last_update.worker_failure == ""
    assert lib.count == FILES - 1
    assert len(lib.search("dunes").ids) == len(range(0, FILES, 4))  # w00003 (broken) is a "tides" one
    assert_same_as_loader(lib, root)


def test_no_resource_tracker_and_no_child_left(tmp_path: Path) -> None:
    """In a fresh interpreter (the test process may have started one for other reasons)."""
    root = make_folder(tmp_path / "recs")
    script = textwrap.dedent(f"""
        import multiprocessing.resource_tracker as rt, os, sys
        from repotui.core.index import Library
        lib = Library.open({str(root)!r}, {str(tmp_path / 'i.sqlite')!r}, workers=2)
        assert lib.last_update.workers == 2, lib.last_update.worker_failure
        children = [p for p in os.listdir('/proc') if p.isdigit()
                    and open(f'/proc/{{p}}/stat').read().split(')')[-1].split()[1] == str(os.getpid())]
        print(lib.count, rt._resource_tracker._pid, children)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.split() == [str(FILES - 1), "None", "[]"], out


def test_a_worker_killed_mid_build_leaves_the_rest_to_this_thread(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "recs")
    lib = Library(root, tmp_path / "i.sqlite", workers=2)
    killed: list[int] = []

    def progress(done: int, total: int) -> None:
        if done and not killed and lib.worker_pids:
            killed.append(lib.worker_pids[0])
            os.kill(killed[0], signal.SIGKILL)

    stats = lib.refresh(progress)
    assert killed
    assert "stopped" in stats.worker_failure and "signal 9" in stats.worker_failure
    assert lib.workers == 0  # given up for good: the next update parses in this thread
    assert not alive(killed[0])
    assert_same_as_loader(lib, root)


def test_cancel_stops_the_workers_and_reaps_them(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "recs")
    lib = Library(root, tmp_path / "i.sqlite", workers=2)
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.extend(lib.worker_pids)
        if done:
            cancel.set()

    with pytest.raises(IndexCancelled):
        lib.refresh(progress, cancel)
    assert seen and not lib.worker_pids
    assert not any(alive(pid) for pid in set(seen))
    finished = Library.open(root, tmp_path / "i.sqlite", workers=2)
    assert finished.last_update.added  # the rest was added on the next open
    assert_same_as_loader(finished, root)


def test_workers_are_reaped_after_a_build(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "recs")
    lib = Library(root, tmp_path / "i.sqlite", workers=2)
    seen: list[int] = []
    lib.refresh(lambda done, total: seen.extend(lib.worker_pids))
    assert len(set(seen)) == 2
    assert not any(alive(pid) for pid in set(seen))
