"""A long build shows what it has: `Library.attach` opens whatever index there is without
parsing, `refresh` makes each stored chunk searchable as it goes, and the time left is
estimated from the progress calls."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from repotui.core.index import IndexCancelled, Library
from repotui.core.index.pool import CHUNK
from repotui.core.index.progress import TimeLeft, format_time_left
from tests.core.index.support import assert_same_as_loader

FILES = CHUNK * 4 + 3


def make_folder(root: Path, count: int = FILES) -> Path:
    for i in range(count):
        folder = root / f"{i // 300:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"p{i:05d}.yaml").write_text(
            f"id: p{i % (count - 5):05d}\ntitle: Progressive record {i}\nissued: {1990 + i % 30}\n", encoding="utf-8")
    return root


def test_attach_to_nothing_is_empty_and_parses_nothing(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "recs")
    lib = Library.attach(root, tmp_path / "i.sqlite", workers=0)
    assert lib.count == 0 and not lib.complete
    assert not lib.last_update.looked
    assert lib.search("").ids == []


def test_records_become_searchable_chunk_by_chunk(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "recs")
    lib = Library.attach(root, tmp_path / "i.sqlite", workers=0)
    seen: list[tuple[int, int, int, bool]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, lib.count, len(lib.search("progressive").ids), lib.complete))

    stats = lib.refresh(progress)
    during = [row for row in seen if 0 < row[0] < FILES]
    assert during, seen
    first_done, first_count, first_hits, complete = during[0]
    assert first_done == CHUNK and first_count == CHUNK and first_hits == CHUNK and not complete
    counts = [count for _done, count, _hits, _c in during]
    assert counts == sorted(counts) and all(count <= done for done, count, _h, _c in during)  # reloads are spaced
    assert lib.complete and stats.added and lib.count == FILES - 5  # the last five reuse ids
    assert_same_as_loader(lib, root)


def test_an_interrupted_build_is_shown_at_once_and_finished_by_refresh(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "recs")
    db = tmp_path / "i.sqlite"
    cancel = threading.Event()
    first = Library(root, db, workers=0)
    with pytest.raises(IndexCancelled):
        first.refresh(lambda done, total: cancel.set() if done >= 2 * CHUNK else None, cancel)
    lib = Library.attach(root, db, workers=0)
    assert lib.count == 2 * CHUNK and not lib.complete and not lib.last_update.looked
    assert len(lib.search("progressive").ids) == 2 * CHUNK
    stats = lib.refresh()
    assert len(stats.added) == FILES - 2 * CHUNK  # only the rest is parsed
    assert lib.complete
    assert_same_as_loader(lib, root)


def test_a_complete_index_is_attached_as_it_is(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "recs")
    db = tmp_path / "i.sqlite"
    built = Library.open(root, db, workers=0)
    (root / "00" / "p00000.yaml").unlink()
    lib = Library.attach(root, db, workers=0)
    assert lib.complete and lib.count == built.count  # the folder was not looked at yet
    assert lib.refresh().removed == ["00/p00000.yaml"]


def test_time_left_uses_the_recent_rate() -> None:
    now = [0.0]
    estimate = TimeLeft(window=10, clock=lambda: now[0])
    assert estimate.update(0, 1000) is None
    now[0] = 5.0  # a slow start (worker processes starting)
    assert estimate.update(100, 1000) is None  # not enough to tell yet
    for done in range(200, 1000, 100):
        now[0] += 1.0
        left = estimate.update(done, 1000)
    assert left is not None and 1.0 <= left <= 2.5  # 100 files a second lately, 100 to go
    assert format_time_left(left).startswith("about ")
    assert format_time_left(None) == ""
    assert format_time_left(400) == "about 7 min left"
    assert estimate.update(10, 1000) is None  # a new update starts afresh
