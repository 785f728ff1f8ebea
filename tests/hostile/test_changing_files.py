"""Files that change, vanish, or turn into folders and FIFOs while a folder is being loaded.

A real thread rewrites, deletes and swaps files as fast as it can while the loader runs a fixed
number of passes: every pass must finish, load every stable record, and account for the churning
files only as records or as problems, never as an exception or a hang.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from repotui.core.loader import load_records

STABLE = 20
CHURN = 8
PASSES = 25


def _churn(folder: Path, stop: threading.Event, errors: list[BaseException]) -> None:
    step = 0
    try:
        while not stop.is_set():
            for n in range(CHURN):
                path = folder / f"churn{n}.yaml"
                action = (step + n) % 6
                try:
                    if path.is_dir() and not path.is_symlink():
                        path.rmdir()
                    elif action != 0 and (path.exists() or path.is_symlink()):
                        path.unlink()
                    if action == 1:
                        path.write_text(f"id: churn{n}\ntitle: Churning record {step}\n", encoding="utf-8")
                    elif action == 2:
                        path.write_text("title: [half written\n", encoding="utf-8")
                    elif action == 3:
                        path.mkdir()
                    elif action == 4 and hasattr(os, "mkfifo"):
                        os.mkfifo(path)
                    elif action == 5:
                        os.symlink(f"churn{(n + 1) % CHURN}.yaml", path)
                except FileExistsError:
                    pass
            step += 1
    except BaseException as exc:  # report to the test, never die silently
        errors.append(exc)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_loading_while_files_change(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    for i in range(STABLE):
        (folder / f"stable{i:02d}.yaml").write_text(f"id: stable{i}\ntitle: Stable {i}\n", encoding="utf-8")
    stop = threading.Event()
    errors: list[BaseException] = []
    worker = threading.Thread(target=_churn, args=(folder, stop, errors), daemon=True)
    worker.start()
    try:
        for _ in range(PASSES):
            result = load_records(folder)
            ids = {r.id for r in result.records}
            assert {f"stable{i}" for i in range(STABLE)} <= ids
            assert ids <= {f"stable{i}" for i in range(STABLE)} | {f"churn{n}" for n in range(CHURN)}
            for problem in result.problems:
                assert problem.path.name.startswith("churn"), problem
                assert problem.message and "\n" not in problem.message
    finally:
        stop.set()
        worker.join(timeout=60)
    assert not worker.is_alive()
    assert not errors, errors
