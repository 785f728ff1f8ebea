"""The one walker: which files are records and in what order, as the loader lists them and as
the index stats them (and re-sorts stored paths without a walk)."""

from __future__ import annotations

import os
from pathlib import Path

from repotui.core.walk import find_record_files, walk_key, walk_records


def test_walk_order_is_the_loader_order(tmp_path: Path) -> None:
    for rel in ["b.yaml", "a.yml", "a/z.yaml", "a.yaml", "a/b/c.yaml", "a-b/x.yaml", ".hidden/x.yaml",
                "a/.x.yaml", "z/notes.txt", "Z.yaml"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("title: x\n", encoding="utf-8")
    walked = [rel for rel, _size, _mtime in walk_records(tmp_path)]
    assert walked == [p.relative_to(tmp_path).as_posix() for p in find_record_files(tmp_path)]
    assert walked == ["Z.yaml", "a.yaml", "a.yml", "b.yaml", "a/z.yaml", "a/b/c.yaml", "a-b/x.yaml"]
    assert sorted(walked, key=walk_key) == walked  # how problems are ordered without a walk


def test_walk_records_stats_files_and_marks_the_unreadable(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("title: x\n", encoding="utf-8")
    os.symlink("nowhere.yaml", tmp_path / "dangling.yaml")
    found = {rel: (size, mtime) for rel, size, mtime in walk_records(tmp_path)}
    assert found["real.yaml"] == (9, (tmp_path / "real.yaml").stat().st_mtime_ns)
    assert found["dangling.yaml"] == (-1, -1)  # parsed (and reported) on every update


def test_a_folder_that_cannot_be_listed_goes_to_onerror(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text("title: x\n", encoding="utf-8")
    (tmp_path / "trap.yaml").mkdir()  # named like a record, but a folder: walked into, not listed
    errors: list[Path] = []
    listed = list(find_record_files(tmp_path / "missing", lambda folder, exc: errors.append(folder)))
    assert (listed, errors) == ([], [tmp_path / "missing"])
    assert [p.name for p in find_record_files(tmp_path)] == ["good.yaml"]
