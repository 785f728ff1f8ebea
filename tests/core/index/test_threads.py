"""The index from several threads: searches and fetches in parallel, searches served from the
old state while a refresh runs, and results that stay readable while records come and go."""

from __future__ import annotations

import threading
from pathlib import Path

from repotui.core.index import Library
from tests.core.index.support import write


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


def _search_in_thread(lib: Library, text: str, sort: str) -> list[str]:
    """A search from another thread, its ids read in full (every id must resolve)."""
    box: list[list[str] | BaseException] = []

    def run() -> None:
        try:
            box.append(list(lib.search(text, sort=sort).ids))
        except BaseException as exc:  # reported by the caller
            box.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


def test_a_search_between_a_stored_chunk_and_the_reload_answers_from_one_state(lib: Library, records: Path) -> None:
    """The moment that raised KeyError(11) under load: a refresh has committed new records to the
    file but not reloaded the in-memory state yet, and a search in a sort not loaded yet reads that
    sort's order from the file. The search answers from one state (here the file's: it catches the state up first), never
    an id of one state looked up in the other."""
    write(records / "new.yaml", "id: s-new\ntitle: Aardvark tides\nissued: 2024\n")
    (records / "cyber.yaml").unlink()
    before = lib.search("", sort="published").ids
    assert "s-cyber" in before and "s-new" not in before
    during: list[list[str]] = []

    def progress(done: int, total: int) -> None:
        if total and done == total:  # the last chunk is committed; the state is reloaded after this
            during.append(_search_in_thread(lib, "", "title"))
            during.append(_search_in_thread(lib, "tides", "author"))

    lib.refresh(progress)
    after = lib.search("", sort="title").ids
    assert "s-new" in after and "s-cyber" not in after
    # The file had moved on, so the search took the state up to the file's first: the new one.
    assert during == [list(after), ["s-new"]]
