"""The on-disk index on a real SQLite file: same records and problems as the loader, exact search
results and order, incremental updates, and repair of missing, corrupt or old index files."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repotui.core.index import SCHEMA_VERSION, IndexCancelled, Library, walk_key, walk_records
from repotui.core.loader import find_record_files, load_records
from repotui.core.problems import Severity
from repotui.core.query import parse_query
from repotui.core.sorting import SortField, sort_records
from tests.helpers import make_hostile

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEARCH = FIXTURES / "search_records"
BY_DATE = ["s-escal", "s-cyber", "s-orsted", "s-thesis", "s-warn", "s-dup", "s-book", "s-nodate"]


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A private copy of the search fixtures, free to edit."""
    root = tmp_path / "records"
    shutil.copytree(SEARCH, root)
    return root


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "index.sqlite"


@pytest.fixture
def lib(records: Path, db: Path) -> Library:
    return Library.open(records, db, workers=0)


def write(path: Path, text: str) -> None:
    """Write and make sure the mtime moves even on coarse-clock file systems."""
    old = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == old:
        os.utime(path, ns=(old + 1_000_000, old + 1_000_000))


def assert_same_as_loader(lib: Library, root: Path) -> None:
    loaded = load_records(root)
    assert lib.ids() == [r.id for r in loaded.records]
    assert [str(p) for p in lib.problems] == [str(p) for p in loaded.problems]
    for record in loaded.records:
        got = lib.get(record.id)
        assert got == record
        assert got is not None and got.csl == record.csl and got.path == record.path


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
    make_hostile.build(root)
    lib = Library.open(root, tmp_path / "h.sqlite", workers=0)
    assert_same_as_loader(lib, root)
    assert_same_as_loader(Library.open(root, tmp_path / "h.sqlite", workers=0), root)


def test_walk_order_is_the_loader_order(tmp_path: Path) -> None:
    for rel in ["b.yaml", "a.yml", "a/z.yaml", "a.yaml", "a/b/c.yaml", "a-b/x.yaml", ".hidden/x.yaml",
                "a/.x.yaml", "z/notes.txt", "Z.yaml"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("title: x\n", encoding="utf-8")
    walked = [rel for rel, _size, _mtime in walk_records(tmp_path)]
    assert walked == [p.relative_to(tmp_path).as_posix() for p in find_record_files(tmp_path)]
    assert sorted(walked, key=walk_key) == walked  # how problems are ordered without a walk


# -- search: exact ids and order ----------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("", BY_DATE),
    ("orsted", ["s-orsted"]),
    ("Ørsted", ["s-orsted"]),
    ("ORSTED", ["s-orsted"]),
    ("muller", ["s-thesis"]),
    # title/author hits first (each tier newest first): s-escal is newest but only its abstract says cyber
    ("cyber", ["s-cyber", "s-thesis", "s-escal"]),
    ("cyber ", ["s-cyber", "s-escal"]),  # the space ends the word: no "cybernetics", no "cybersecurity"
    ("security", ["s-cyber", "s-book", "s-escal"]),
    ('"cyber security"', ["s-cyber", "s-escal"]),
    ('"security cyber"', []),
    ("wind", ["s-orsted", "s-nodate"]),
    ("energy sea", ["s-orsted"]),
    ("wind -title:undated", ["s-orsted"]),
    ("10.1093", ["s-cyber"]),
    ("duplicate", ["s-dup"]),
    ("second", []),
    ("author:smi", ["s-escal", "s-book"]),
    ("author:smith -author:smithson", ["s-escal"]),
    ("author:zhang", ["s-book"]),
    ('author:"world health"', ["s-nodate"]),
    ("author:beckerman title:dilemma", ["s-cyber"]),
    ("title:wind", ["s-orsted", "s-nodate"]),
    ("journal:energy", ["s-orsted", "s-warn"]),
    ("doi:10.1093", ["s-cyber"]),
    ("doi:https://doi.org/10.1016/J.ENPOL", ["s-orsted"]),
    ("type:article", ["s-cyber", "s-orsted", "s-warn", "s-dup"]),
    ("type:article-journal", ["s-cyber", "s-orsted", "s-warn"]),
    ("type:book-section", ["s-escal"]),
    ("type:chapter", ["s-escal"]),
    ("type:book", ["s-book"]),
    ("-type:article", ["s-escal", "s-thesis", "s-book", "s-nodate"]),
    ("year:2019", ["s-thesis"]),
    ("year:2019..2022", ["s-cyber", "s-orsted", "s-thesis"]),
    ("year:..2015", ["s-warn", "s-dup", "s-book"]),
    ("year:2021..", ["s-escal", "s-cyber", "s-orsted"]),
    ("-year:..9999", ["s-nodate"]),
    ("licence:cc-by", ["s-cyber", "s-orsted", "s-thesis"]),
    ("license:CC-BY-NC", ["s-thesis"]),
    ("has:licence", ["s-cyber", "s-orsted", "s-thesis"]),
    ("oa:yes", ["s-cyber", "s-orsted", "s-thesis"]),
    ("oa:no", ["s-escal", "s-warn", "s-dup", "s-book", "s-nodate"]),
    ("has:pdf", ["s-cyber", "s-orsted", "s-thesis"]),
    ("-has:pdf", ["s-escal", "s-warn", "s-dup", "s-book", "s-nodate"]),
    ("has:abstract", ["s-escal", "s-cyber", "s-orsted", "s-thesis", "s-warn"]),
    ("has:doi", ["s-cyber", "s-orsted"]),
    ("has:abstract -has:doi oa:no", ["s-escal", "s-warn"]),
    ("year:20x9", BY_DATE),
])
def test_search_ids_and_order(lib: Library, text: str, expected: list[str]) -> None:
    result = lib.search(text)
    assert result.ids == expected
    assert result.total == 8


def test_malformed_query_returns_a_hint(lib: Library) -> None:
    result = lib.search("wind year:20x9")
    assert result.hint == "year: expects YYYY or YYYY..YYYY"
    assert result.ids == ["s-orsted", "s-nodate"]


@pytest.mark.parametrize(("sort", "expected"), [
    ("published", BY_DATE),
    ("deposited", ["s-cyber", "s-orsted", "s-thesis", "s-escal", "s-book", "s-warn", "s-dup", "s-nodate"]),
    ("title", ["s-book", "s-thesis", "s-dup", "s-escal", "s-cyber", "s-nodate", "s-warn", "s-orsted"]),
    ("author", ["s-cyber", "s-thesis", "s-warn", "s-orsted", "s-escal", "s-book", "s-nodate", "s-dup"]),
])
def test_sorts_and_reverse(lib: Library, records: Path, sort: str, expected: list[str]) -> None:
    assert lib.search("", sort=sort).ids == expected
    assert lib.search("", sort=sort, reverse=True).ids == expected[::-1]
    # The in-memory sort gives the same order as the index.
    plain = sort_records(load_records(records).records, SortField(sort))
    assert [r.id for r in plain] == expected


def test_other_sorts_ignore_the_title_author_tier(lib: Library) -> None:
    assert lib.search("cyber", sort="title").ids == ["s-thesis", "s-escal", "s-cyber"]


def test_status_text(lib: Library) -> None:
    result = lib.search("cyber")
    assert result.status_text().startswith("3 of 8 records · ")
    assert result.status_text().endswith(" ms")


def test_facets_count_the_result_set(lib: Library) -> None:
    facets = lib.facets(lib.search("oa:yes").ids)
    assert [(v.label, v.count, v.filter) for v in facets["type"]] == [
        ("Article", 2, "type:article"), ("Thesis", 1, "type:thesis")]
    assert [(v.label, v.count, v.filter) for v in lib.facets()["type"]][:2] == [
        ("Article", 4, "type:article"), ("Book", 1, "type:book")]
    assert [(v.label, v.count) for v in facets["licence"]] == [("CC BY 4.0", 2), ("CC BY-NC-ND 4.0", 1)]
    assert [(v.label, v.count) for v in facets["open access"]] == [("open access", 3)]
    every = lib.facets()
    assert sum(v.count for v in every["year"]) == 8
    assert every["year"][-1].filter == "-year:..9999"


def test_selecting_a_facet_value_narrows_the_list(lib: Library) -> None:
    for facet, values in lib.facets().items():
        for value in values:
            ids = lib.search(value.filter).ids
            assert len(ids) == value.count, (facet, value)
            narrowed = lib.search(f"security {value.filter}").ids
            assert set(narrowed) <= set(ids) & set(lib.search("security").ids)


QUERY_PARTS = st.sampled_from([
    "cyber", "security", "wind", "sea", "energy", "smi", "orsted", '"cyber security"', "author:smith",
    "author:muller", "title:wind", "journal:energy", "type:article", "type:book", "year:2019..2022",
    "year:..2015", "licence:cc-by", "oa:yes", "oa:no", "has:pdf", "has:abstract", "has:doi", "doi:10.10",
    "scholars", "the", "a", "of", "on", "duplicate",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.booleans(), QUERY_PARTS), min_size=1, max_size=4))
def test_index_agrees_with_query_matches(lib: Library, records: Path, parts: list[tuple[bool, str]]) -> None:
    text = " ".join(("-" if neg else "") + part for neg, part in parts)
    query, _hint = parse_query(text)
    expected = {r.id for r in load_records(records).records if query.matches(r)}
    assert set(lib.search(query).ids) == expected, text


# -- incremental updates ------------------------------------------------------------------------


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


# -- progress, cancel, threads, worker processes ----------------------------------------------------


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


def test_search_from_other_threads(lib: Library) -> None:
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(20):
                results.append(lib.search("cyber").ids)
                lib.get("s-book")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results == [["s-cyber", "s-thesis", "s-escal"]] * 80


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
            expected = [r.id for r in sort_records([r for r in loaded if query.matches(r)], sort)]
            assert lib.search(query, sort).ids == expected, (text, sort)


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


def test_an_interrupted_build_is_not_trusted_without_update(records: Path, db: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(IndexCancelled):
        Library.open(records, db, cancel=cancel, workers=0)
    lib = Library.open(records, db, update=False, workers=0)
    assert lib.last_update.looked
    assert_same_as_loader(lib, records)


def test_facets_of_the_last_search_and_of_any_ids_agree(lib: Library) -> None:
    result = lib.search("security")
    assert lib.facets(result.ids) == lib.facets(list(result.ids))
    assert sum(v.count for v in lib.facets(result.ids)["type"]) == 3


def test_result_ids_behave_as_a_read_only_list(lib: Library) -> None:
    ids = lib.search("security").ids
    assert len(ids) == 3
    assert ids[0] == "s-cyber" and ids[-1] == "s-escal"
    assert ids[1:] == ["s-book", "s-escal"]
    assert list(ids) == ["s-cyber", "s-book", "s-escal"]
    assert ids.index("s-book") == 1
    with pytest.raises(ValueError):
        ids.index("s-orsted")
    assert "s-book" in ids and "s-orsted" not in ids and 3 not in ids
    assert ids == lib.search("security").ids
    assert ids != lib.search("security", reverse=True).ids


def test_searches_do_not_wait_for_a_running_refresh(lib: Library, records: Path) -> None:
    write(records / "new.yaml", "id: s-new\ntitle: Tidal energy\nissued: 2024\n")
    inside, release = threading.Event(), threading.Event()
    waited_out: list[bool] = []

    def progress(done: int, total: int) -> None:
        inside.set()
        waited_out.append(not release.wait(10))  # True would mean the search below was blocked

    worker = threading.Thread(target=lib.refresh, args=(progress,))
    worker.start()
    assert inside.wait(10)
    during = lib.search("cyber").ids  # served from the old state while the refresh is parsing
    release.set()
    worker.join(10)
    assert during == ["s-cyber", "s-thesis", "s-escal"]
    assert not any(waited_out)
    assert lib.search("tidal").ids == ["s-new"]


def test_searching_while_records_come_and_go(lib: Library, records: Path) -> None:
    """Results stay readable (every id resolves) while refreshes swap the state underneath."""
    stop = threading.Event()
    errors: list[BaseException] = []

    def searcher() -> None:
        try:
            while not stop.is_set():
                for text in ("", "tidal", "wind", "year:2020..", "-has:pdf"):
                    result = lib.search(text, sort="title")
                    assert len(list(result.ids)) == len(result.ids)
                    lib.facets(result.ids)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=searcher) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for round_ in range(12):
            for i in range(15):
                path = records / "tmp" / f"t{i}.yaml"
                if round_ % 2 == 0:
                    path.parent.mkdir(exist_ok=True)
                    write(path, f"id: t{i}\ntitle: Tidal note {i}\nissued: {2000 + i}\n")
                else:
                    path.unlink()
            lib.refresh()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not errors, errors[0]
    assert lib.search("tidal").ids == []


def test_unusable_cache_location_falls_back_to_a_temporary_index(records: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    lib = Library.open(records, blocker / "index" / "x.sqlite", workers=0)
    assert "cannot be used" in lib.fallback_reason
    assert lib.db_path.is_file() and lib.db_path != blocker / "index" / "x.sqlite"
    assert lib.search("cyber").ids == ["s-cyber", "s-thesis", "s-escal"]
    assert_same_as_loader(lib, records)
    shutil.rmtree(lib.db_path.parent)
