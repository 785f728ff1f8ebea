"""Incremental updates: only changed files are parsed, and the index then holds exactly what
the loader reads (edits, additions, deletions, touches, broken and fixed files, duplicate ids)."""

from __future__ import annotations

import os
from pathlib import Path

from repotui.core.index import Library
from tests.core.index.support import assert_same_as_loader, write


def test_edit_is_picked_up_on_refresh(lib: Library, records: Path) -> None:
    path = records / "cyber.yaml"
    write(path, path.read_text(encoding="utf-8").replace("Is there a cyber security dilemma?",
                                                         "Deterrence in cyberspace"))
    stats = lib.refresh()
    assert (stats.added, stats.updated, stats.removed, stats.unchanged) == ([], ["cyber.yaml"], [], 9)
    assert stats.changed_ids == {"s-cyber"}
    assert lib.get("s-cyber").title == "Deterrence in cyberspace"  # type: ignore[union-attr]
    assert lib.search("deterrence").ids == ["s-cyber"]
    assert lib.search("dilemma").ids == []
    assert_same_as_loader(lib, records)


def test_add_and_delete(lib: Library, records: Path) -> None:
    write(records / "sub" / "new.yaml", "id: s-new\ntitle: Tidal energy\nissued: 2024\n")
    (records / "book.yaml").unlink()
    stats = lib.refresh()
    assert (stats.added, stats.removed) == (["sub/new.yaml"], ["book.yaml"])
    assert stats.changed_ids == {"s-new", "s-book"}
    assert lib.search("tidal").ids == ["s-new"]
    assert lib.search("smithson").ids == []
    assert lib.get("s-book") is None
    assert lib.search("").ids[0] == "s-new"
    assert_same_as_loader(lib, records)


def test_touch_without_change_reparses_one_file_and_changes_nothing(lib: Library, records: Path) -> None:
    before = lib.search("").ids
    st_ = (records / "thesis.yaml").stat()
    os.utime(records / "thesis.yaml", ns=(st_.st_atime_ns, st_.st_mtime_ns + 5_000_000_000))
    stats = lib.refresh()
    assert stats.updated == ["thesis.yaml"]
    assert lib.search("").ids == before
    assert lib.search("cybernetics").ids == ["s-thesis"]  # the old words were removed exactly once
    assert_same_as_loader(lib, records)


def test_nothing_changed_means_no_work(lib: Library) -> None:
    stats = lib.refresh()
    assert not stats.changed
    assert stats.unchanged == 10


def test_broken_file_fixed_and_record_broken(lib: Library, records: Path) -> None:
    write(records / "broken.yaml", "id: s-fixed\ntitle: Fixed now\n")
    write(records / "orsted.yaml", "title: [oops\n")
    lib.refresh()
    assert lib.search("fixed").ids == ["s-fixed"]
    assert lib.search("orsted").ids == []
    assert lib.get("s-orsted") is None
    assert any(p.path.name == "orsted.yaml" for p in lib.problems)
    assert not any(p.path.name == "broken.yaml" for p in lib.problems)
    assert_same_as_loader(lib, records)


def test_duplicate_owner_changes_follow_path_order(lib: Library, records: Path) -> None:
    assert lib.get("s-dup").title == "Duplicate first"  # type: ignore[union-attr]
    (records / "dup-a.yaml").unlink()
    stats = lib.refresh()
    assert "s-dup" in stats.changed_ids
    assert lib.get("s-dup").title == "Duplicate second"  # type: ignore[union-attr]
    assert lib.search("second").ids == ["s-dup"]
    assert not any("duplicate id" in p.message for p in lib.problems)
    write(records / "dup-a.yaml", "id: s-dup\ntitle: Duplicate first again\n")
    lib.refresh()
    assert lib.get("s-dup").title == "Duplicate first again"  # type: ignore[union-attr]
    assert lib.search("second").ids == []
    assert_same_as_loader(lib, records)


def test_two_libraries_sharing_one_index_see_each_others_updates(lib: Library, records: Path, db: Path) -> None:
    other = Library.open(records, db, workers=0)  # e.g. `repotui index` while the app runs
    assert lib.search("tidal").ids == []
    write(records / "new.yaml", "id: s-new\ntitle: Tidal energy\nissued: 2024\n")
    assert other.refresh().added == ["new.yaml"]
    stats = lib.refresh()
    assert not stats.added  # already in the shared file
    assert lib.search("tidal").ids == ["s-new"]
    assert lib.search("").ids[0] == "s-new"
    assert lib.get("s-new") is not None
