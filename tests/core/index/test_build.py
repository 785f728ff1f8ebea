"""Building and opening the index on a real SQLite file: the same records and problems as the
loader, repair of missing, corrupt or old files, progress, cancel and resume, worker processes,
and a temporary index when the cache folder is unusable."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from repotui.core.index import SCHEMA_VERSION, IndexCancelled, Library
from repotui.core.loader import load_records
from repotui.core.problems import Severity
from repotui.core.query import parse_query
from repotui.core.sorting import SortField
from tests.core.index.oracle import matches, sorted_ids
from tests.core.index.support import BY_DATE, assert_same_as_loader, build_hostile, write

# -- same content as the loader -----------------------------------------------------------------


def test_first_open_builds_and_matches_load_records(lib: Library, records: Path) -> None:
    assert lib.last_update.rebuilt == "no index yet"
    assert len(lib.last_update.added) == 10
    assert lib.count == 8
    assert_same_as_loader(lib, records)


def test_problems_are_kept_with_lines_and_severity(lib: Library, records: Path) -> None:
    problems = {(p.path.name, p.line, p.severity) for p in lib.problems}
    assert ("broken.yaml", 3, Severity.ERROR) in problems
    assert ("warning.yaml", 11, Severity.WARNING) in problems
    assert any(p.path.name == "dup-b.yaml" and "duplicate id 's-dup'" in p.message for p in lib.problems)


def test_reopen_parses_nothing_and_keeps_problems(lib: Library, records: Path, db: Path) -> None:
    again = Library.open(records, db, workers=0)
    stats = again.last_update
    assert (stats.added, stats.updated, stats.removed, stats.unchanged, stats.rebuilt) == ([], [], [], 10, "")
    assert_same_as_loader(again, records)


def test_hostile_folder_matches_the_loader(tmp_path: Path) -> None:
    root = tmp_path / "hostile"
    build_hostile(root)
    lib = Library.open(root, tmp_path / "h.sqlite", workers=0)
    assert_same_as_loader(lib, root)
    assert_same_as_loader(Library.open(root, tmp_path / "h.sqlite", workers=0), root)


def test_missing_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "nowhere", tmp_path / "i.sqlite")
    assert lib.count == 0
    assert lib.search("x").ids == []
    assert "does not exist" in lib.problems[0].message


# -- repair ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_corrupt_index_is_rebuilt(lib: Library, records: Path, db: Path, damage: str) -> None:
    lib.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    if damage == "garbage":
        db.write_bytes(b"this is not a database" * 100)
    elif damage == "truncated":
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 3])
    else:
        db.write_bytes(b"")
    again = Library.open(records, db, workers=0)
    assert again.last_update.rebuilt
    assert again.search("cyber").ids == ["s-cyber", "s-thesis", "s-escal"]
    assert_same_as_loader(again, records)


def test_old_schema_version_is_rebuilt(lib: Library, records: Path, db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value='0' WHERE key='schema'")
    conn.commit()
    conn.close()
    again = Library.open(records, db, workers=0)
    assert again.last_update.rebuilt == f"schema version 0 is not {SCHEMA_VERSION}"
    assert len(again.last_update.added) == 10
    assert_same_as_loader(again, records)


def test_rebuild_on_request(lib: Library, records: Path, db: Path) -> None:
    again = Library.open(records, db, workers=0, rebuild=True)
    assert again.last_update.rebuilt == "asked to rebuild"
    assert_same_as_loader(again, records)


def test_unusable_cache_location_falls_back_to_a_temporary_index(records: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    lib = Library.open(records, blocker / "index" / "x.sqlite", workers=0, fallback_dir=tmp_path / "tmp")
    assert f"cannot write the index in {blocker / 'index'}" in lib.fallback_reason
    assert lib.db_path == tmp_path / "tmp" / "x.sqlite" and lib.db_path.is_file()
    assert lib.search("cyber").ids == ["s-cyber", "s-thesis", "s-escal"]
    assert_same_as_loader(lib, records)


# -- opening without looking, progress, cancel, worker processes ------------------------------------


def test_open_without_update_trusts_the_index_then_refresh_catches_up(lib: Library, records: Path,
                                                                      db: Path) -> None:
    write(records / "new.yaml", "id: s-new\ntitle: Tidal energy\nissued: 2024\n")
    quick = Library.open(records, db, update=False)
    assert not quick.last_update.looked
    assert "not checked yet" in quick.last_update.summary()
    assert quick.search("tidal").ids == []  # the folder was not looked at
    assert quick.search("").ids == BY_DATE
    assert [str(p) for p in quick.problems] == [str(p) for p in lib.problems]
    stats = quick.refresh()
    assert stats.added == ["new.yaml"]
    assert quick.search("tidal").ids == ["s-new"]
    assert_same_as_loader(quick, records)


def test_progress_reports_up_to_the_total(records: Path, db: Path) -> None:
    calls: list[tuple[int, int]] = []
    Library.open(records, db, progress=lambda done, total: calls.append((done, total)), workers=0)
    assert calls[0] == (0, 10)
    assert calls[-1] == (10, 10)


def test_cancel_stops_and_the_next_open_finishes(records: Path, db: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(IndexCancelled):
        Library.open(records, db, cancel=cancel, workers=0)
    lib = Library.open(records, db, workers=0)
    assert_same_as_loader(lib, records)


def test_an_interrupted_build_is_not_trusted_without_update(records: Path, db: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(IndexCancelled):
        Library.open(records, db, cancel=cancel, workers=0)
    lib = Library.open(records, db, update=False, workers=0)
    assert lib.last_update.looked
    assert_same_as_loader(lib, records)


def test_worker_processes_give_the_same_index(tmp_path: Path) -> None:
    root = tmp_path / "many"
    for i in range(900):
        folder = root / f"{i // 300}"
        folder.mkdir(parents=True, exist_ok=True)
        body = f"id: m{i:04d}\ntitle: Record number {i} about {'wind' if i % 3 else 'sea'}\nissued: {1990 + i % 30}\n"
        (folder / f"m{i:04d}.yaml").write_text(body, encoding="utf-8")
    (root / "0" / "zz-bad.yaml").write_text("title: [\n", encoding="utf-8")
    lib = Library.open(root, tmp_path / "p.sqlite", workers=2)
    assert lib.count == 900
    assert len(lib.search("sea").ids) == 300
    assert_same_as_loader(lib, root)
    # Few hits (< 1/16 of the library) take the ranked path instead of the full pass.
    loaded = load_records(root).records
    for text in ["year:1990", '"number 17"', "sea year:1995..1996", "wind -year:..2015"]:
        query, _hint = parse_query(text)
        for sort in SortField:
            expected = sorted_ids([r for r in loaded if matches(query, r)], sort)
            assert lib.search(query, sort).ids == expected, (text, sort)
