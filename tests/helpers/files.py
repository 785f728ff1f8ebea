"""File-system helpers: private copies of fixture folders, and unusual trees."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def copy_records(source: Path, tmp_path: Path) -> Path:
    """A private copy of a fixture records folder at `tmp_path/records`, free to edit."""
    target = tmp_path / "records"
    shutil.copytree(source, target)
    return target


def remove_deep(top: Path) -> None:
    """Delete a one-branch folder chain of any depth: shutil.rmtree (and pytest's tmp cleanup)
    recurse per level and fail with RecursionError on it."""
    chain = [top]
    while True:
        subs = [Path(e.path) for e in os.scandir(chain[-1]) if e.is_dir(follow_symlinks=False)]
        if not subs:
            break
        chain.append(subs[0])
    for folder in reversed(chain):
        for entry in os.scandir(folder):
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
        folder.rmdir()
