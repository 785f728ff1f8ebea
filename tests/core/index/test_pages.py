"""A search answered page first, narrowing, answers typed back, cancelling (core/index/pages.py).

The thresholds that make an answer come page first are lowered on the Library under test, so the
small fixture folders take the same paths as 100,000 records do; every answer is compared with
a fresh Library (no history) and with the reference model.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from repotui.core.index import Library, SearchCancelled, SearchResult
from repotui.core.index.pages import implies, narrows
from repotui.core.loader import load_records
from repotui.core.query import parse_query
from repotui.core.sorting import SortField
from tests.core.index.oracle import matches, sorted_ids
from tests.core.index.support import write

WORDS = ["cyber", "security", "sea", "wind", "energy", "policy", "quantum", "secure", "cycle", "cylinder"]
PEOPLE = ["Smith, Alice", "Cyrus, Ben", "Secombe, Carla", "Windsor, Dan", "Ørsted, Eva"]


def page_first(lib: Library, rows: int = 3) -> Library:
    """Every answer with a hit comes page first (`rows` per page)."""
    lib.first_page, lib.first_page_from, lib.tier_first_from = rows, 1, 1
    return lib


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400 records whose titles, people and abstracts share prefixes (`c`, `cy`, `se`), so tiers,
    prefixes and narrowing all have something to do."""
    root = tmp_path_factory.mktemp("many") / "records"
    rng = random.Random(15)
    for i in range(400):
        folder = root / f"{i // 100}"
        folder.mkdir(parents=True, exist_ok=True)
        title = " ".join(rng.sample(WORDS, 2))
        abstract = " ".join(rng.sample(WORDS, 4))
        person = rng.choice(PEOPLE)
        body = (f"id: p{i:04d}\ntitle: {title} {i}\nissued: {1990 + rng.randrange(35)}-{1 + rng.randrange(12):02d}\n"
                f"type: {'article-journal' if i % 3 else 'book'}\nauthors:\n  - {person}\nabstract: {abstract}\n")
        (folder / f"p{i:04d}.yaml").write_text(body, encoding="utf-8")
    return root


@pytest.fixture
def big(many: Path, tmp_path: Path) -> Library:
    return page_first(Library.open(many, tmp_path / "index.sqlite", workers=0))


QUERIES = ["c", "cy", "cyb", "cyber", "cyber ", "cyber s", "cyber se", "cyber secu", "se", "sea", "wind",
           "author:cy", "author:cyrus", "title:se", "type:book c", "c -wind", "cy year:2000..2010",
           "-cyber", '"cyber security"', "ørs", "orsted", "q", "cylinder c", "zzz", ""]


def test_implies_and_narrows() -> None:
    def terms(text: str):  # type: ignore[no-untyped-def]
        return parse_query(text)[0]

    assert implies(terms("cy").terms[0], terms("c").terms[0])
    assert implies(terms("cyber ").terms[0], terms("cyber").terms[0])  # the prefix closed
    assert not implies(terms("c").terms[0], terms("cy").terms[0])
    assert not implies(terms("cyber").terms[0], terms("cyber ").terms[0])  # a prefix is wider than a word
    assert not implies(terms("-cy").terms[0], terms("-c").terms[0])  # excluding less is wider
    assert not implies(terms("author:cy").terms[0], terms("cy").terms[0])  # another field
    assert narrows(terms("cyber s"), terms("cyber"))
    assert narrows(terms("cyber type:book"), terms("cyber"))
    assert narrows(terms("wind"), terms(""))
    assert not narrows(terms("cyber"), terms("cyber s"))
    assert not narrows(terms("year:2019."), terms("year:2019"))  # a broken filter is dropped: wider
    assert not narrows(terms('"cyber security"'), terms('"cyber sec"'))  # phrases are not extended


@pytest.mark.parametrize("sort", list(SortField))
@pytest.mark.parametrize("reverse", [False, True])
def test_the_first_page_is_the_top_of_the_whole_answer(big: Library, many: Path, tmp_path: Path,
                                                       sort: SortField, reverse: bool) -> None:
    fresh = Library.open(many, tmp_path / "index.sqlite", workers=0)
    loaded = load_records(many).records
    for text in QUERIES:
        results = list(big.search_pages(text, sort, reverse))
        whole = results[-1]
        assert whole.complete and all(not r.complete for r in results[:-1]), text
        assert len(results) <= 2
        assert whole.ids == fresh.search(text, sort, reverse).ids, (text, sort, reverse)
        if len(results) == 2:
            assert results[0].ids == whole.ids[: big.first_page], (text, sort, reverse)
            assert results[0].status_text().endswith("counting…")
        query, _hint = parse_query(text)
        assert set(whole.ids) == {r.id for r in loaded if matches(query, r)}, text
        if sort is not SortField.PUBLISHED or not query.has_words:  # (the oracle has no title/author tier)
            expected = sorted_ids([r for r in loaded if matches(query, r)], sort)
            assert whole.ids == (expected[::-1] if reverse else expected), (text, sort)


def test_large_answers_come_page_first_and_small_ones_whole(big: Library) -> None:
    assert [r.complete for r in big.search_pages("c")] == [False, True]
    big.first_page_from, big.tier_first_from = 10_000, 10_000
    assert [r.complete for r in big.search_pages("c")] == [True]
    assert [r.complete for r in big.search_pages("c", page=0)] == [True]


def test_typing_and_typing_back_give_what_a_fresh_index_gives(big: Library, many: Path, tmp_path: Path) -> None:
    """Each prefix narrows the one before (it walks the previous hits); backspace finds answers
    kept from a moment ago; a change of order starts over."""
    fresh = Library.open(many, tmp_path / "index.sqlite", workers=0)
    typed = ["c", "cy", "cyb", "cyber", "cyber ", "cyber s", "cyber se", "cyber s", "cyber ", "cyber", "cy", "c",
             "cy", "cy type:book", "cy type:book -wind", "cy type:book", "s", "se", "sea"]
    for sort in (SortField.PUBLISHED, SortField.TITLE):
        for reverse in (False, True):
            for text in typed:
                got = list(big.search_pages(text, sort, reverse))[-1]
                assert got.ids == fresh.search(text, sort, reverse).ids, (text, sort, reverse)


def test_the_cursors_record_beyond_the_first_page_waits_for_the_whole_answer(many: Path, tmp_path: Path) -> None:
    def pages(keep: str) -> list[bool]:
        fresh = page_first(Library.open(many, tmp_path / "index.sqlite", workers=0))  # nothing kept
        return [r.complete for r in fresh.search_pages("c", keep=keep)]

    whole = Library.open(many, tmp_path / "index.sqlite", workers=0).search("c").ids
    assert pages(whole[3 + 5]) == [True]  # a hit beyond the first page: the list keeps the cursor there
    assert pages(whole[1]) == [False, True]
    every = Library.open(many, tmp_path / "index.sqlite", workers=0).search("").ids
    assert pages(next(rid for rid in every if rid not in set(whole))) == [False, True]


def test_an_answer_typed_again_comes_whole_at_once(big: Library) -> None:
    first = list(big.search_pages("cy"))
    again = list(big.search_pages("cy"))
    assert [r.complete for r in first] == [False, True] and [r.complete for r in again] == [True]
    assert again[0].ids == first[-1].ids


def test_a_cancelled_search_stops_and_the_next_one_works(big: Library) -> None:
    with pytest.raises(SearchCancelled):
        big.search("cyber", cancel=lambda: True)
    pages = big.search_pages("c", cancel=lambda: cancelled)
    cancelled = False
    first = next(pages)
    assert not first.complete
    cancelled = True  # a newer query came while the first page was on screen
    with pytest.raises(SearchCancelled):
        next(pages)
    again: SearchResult = big.search("c")
    assert again.complete and again.ids[: big.first_page] == first.ids


def test_answers_kept_for_typing_back_are_dropped_when_records_change(lib: Library, records: Path) -> None:
    before = lib.search("wind").ids
    assert "s-cyber" not in before
    path = records / "cyber.yaml"
    write(path, path.read_text(encoding="utf-8").replace("title:", "title: Wind and", 1))
    lib.refresh()
    after = lib.search("wind").ids
    assert "s-cyber" in after and len(after) == len(before) + 1
    assert lib.search("wind").ids == after  # kept, and still right


def test_facets_of_the_whole_answer_after_a_first_page(big: Library) -> None:
    results = list(big.search_pages("cy"))
    assert not results[0].complete
    counted = big.facets(results[-1].ids)
    types = {value.label: value.count for value in counted["type"]}
    assert sum(types.values()) == len(results[-1].ids)
