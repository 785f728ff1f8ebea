"""What the index tests share: the fixture folders, an mtime-safe write, and the check that
the index holds exactly what the loader reads."""

from __future__ import annotations

import os
from pathlib import Path

from repotui.core.index import Library
from repotui.core.loader import load_records

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEARCH = FIXTURES / "search_records"
BY_DATE = ["s-escal", "s-cyber", "s-orsted", "s-thesis", "s-warn", "s-dup", "s-book", "s-nodate"]
"""Every record of SEARCH in the default order (date published, newest first)."""


def write(path: Path, text: str) -> None:
    """Write and make sure the mtime moves even on coarse-clock file systems."""
    old = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == old:
        os.utime(path, ns=(old + 1_000_000, old + 1_000_000))


def assert_same_as_loader(lib: Library, root: Path) -> None:
    """Same ids in the same order, same problems, and every record equal field for field."""
    loaded = load_records(root)
    assert lib.ids() == [r.id for r in loaded.records]
    assert [str(p) for p in lib.problems] == [str(p) for p in loaded.problems]
    for record in loaded.records:
        got = lib.get(record.id)
        assert got == record
        assert got is not None and got.csl == record.csl and got.path == record.path


def build_hostile(root: Path) -> None:
    """The hostile folder (FIFOs, symlinks, huge files, bad bytes in names) at root."""
    from tests.helpers import make_hostile

    make_hostile.build(root)
