"""Search over the index: exact ids and order for every operator, sorts, hints, and agreement
with an in-memory reference model on generated queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repotui.core.index import Library
from repotui.core.loader import load_records
from repotui.core.query import parse_query
from repotui.core.sorting import SortField
from tests.core.index.oracle import matches, search_ids, sorted_ids
from tests.core.index.support import BY_DATE


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
    # The reference order (used on generated records in test_build) agrees with these lists.
    assert sorted_ids(load_records(records).records, SortField(sort)) == expected


def test_other_sorts_ignore_the_title_author_tier(lib: Library) -> None:
    assert lib.search("cyber", sort="title").ids == ["s-thesis", "s-escal", "s-cyber"]


def test_status_text(lib: Library) -> None:
    result = lib.search("cyber")
    assert result.status_text().startswith("3 of 8 records · ")
    assert result.status_text().endswith(" ms")


QUERY_PARTS = st.sampled_from([
    "cyber", "security", "wind", "sea", "energy", "smi", "orsted", '"cyber security"', "author:smith",
    "author:muller", "title:wind", "journal:energy", "type:article", "type:book", "year:2019..2022",
    "year:..2015", "licence:cc-by", "oa:yes", "oa:no", "has:pdf", "has:abstract", "has:doi", "doi:10.10",
    "scholars", "the", "a", "of", "on", "duplicate", "ref:compliant", "ref:out-of-scope", "ref:cannot-tell",
    "ref2029:out-of-scope", "ref2029:not-compliant", "embargoed:yes",
    # short prefixes (the prefix tables), per field, and words the tokenizer splits (never there)
    "s", "cy", "ør", "wi", "author:sm", "author:ø", "author:m", "title:wi", "title:s", "journal:e",
    "journal:en", "o'b", "smith-j", "cyber s",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.booleans(), QUERY_PARTS), min_size=1, max_size=4))
def test_index_agrees_with_the_reference_model(lib: Library, records: Path, parts: list[tuple[bool, str]]) -> None:
    text = " ".join(("-" if neg else "") + part for neg, part in parts)
    query, _hint = parse_query(text)
    loaded = load_records(records).records
    expected = {r.id for r in loaded if matches(query, r)}
    assert set(lib.search(query).ids) == expected, text
    assert lib.search(query).ids == search_ids(query, loaded, SortField.PUBLISHED), text  # the tier too
