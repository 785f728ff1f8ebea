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


def generated_records(dest: Path, count: int, seed: int = 42) -> Path:
    """`count` records made by benchmarks/generate.py (realistic sizes, names and a Zipf-like
    vocabulary) in `dest`: a folder big enough for a search to take a while."""
    import importlib.util

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("repotui_generate", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(count, dest, seed=seed)
    return dest
