"""Golden files: per style, the expected reference for each fixture record, written from the
style guide's rules (see the comment at the top of each file and .notes/citations.md)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from repotui.core.citation import Citer
from repotui.core.model import Record

GOLDEN_DIR = Path(__file__).resolve().parents[2] / "golden" / "citations"
SEED_HOUSE = ("Beckerman, Carly E (2022) 'Is there a cyber security dilemma?', "
              "Journal of Cybersecurity, 8 (1). tyac012.")

STYLES = ("house", "apa", "harvard-cite-them-right", "chicago-author-date",
          "modern-language-association", "ieee", "nlm-citation-sequence")
#: The guide cases every golden file covers (issue 13): articles with pages, with an article
#: number, with a DOI; a book, a chapter, a thesis, a report and a dataset.
GUIDE_CASES = ("article-pages", "article-number", "article-doi", "book", "chapter", "thesis", "report", "dataset")


def _golden(style: str) -> dict:
    return yaml.safe_load((GOLDEN_DIR / f"{style}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("style", STYLES)
def test_golden_file(style: str, engine, citation_records: dict[str, Record]) -> None:
    golden = _golden(style)
    ids = list(golden["expected"])
    assert set(ids) <= set(citation_records)
    citer = Citer(engine, use_house_citation=False)
    got = {c.record_id: c.text for c in citer.render_many([citation_records[i] for i in ids], style,
                                                          golden["locale"])}
    mismatches = {i: (got[i], want) for i, want in golden["expected"].items() if got[i] != want}
    assert not mismatches


@pytest.mark.parametrize("style", STYLES)
def test_golden_file_names_the_guide_example_of_every_case(style: str) -> None:
    golden = _golden(style)
    assert set(GUIDE_CASES) <= set(golden["expected"])
    assert set(golden["follows"]) == set(golden["expected"])
    assert all(isinstance(v, str) and len(v) > 10 for v in golden["follows"].values())


@pytest.mark.parametrize("style", STYLES)
def test_one_at_a_time_matches_the_batch(style: str, engine, citation_records: dict[str, Record]) -> None:
    """Batching is only an optimisation: a record rendered alone reads the same."""
    golden = _golden(style)
    citer = Citer(engine, use_house_citation=False)
    for record_id in ("article-pages", "no-author", "authors-21"):
        assert citer.render(citation_records[record_id], style, golden["locale"]).text == \
            golden["expected"][record_id]


def test_seed_house_style_from_csl(engine, seed: Record) -> None:
    """house.csl alone (without the record's `house-citation`) reproduces the repository's string."""
    bare = dataclasses.replace(seed, house_citation=None)
    citation = Citer(engine).render(bare, "house", "en-GB")
    assert citation.text == SEED_HOUSE
    assert citation.engine == "pandoc"
    assert [s.text for s in citation.segments if s.italic] == ["Journal of Cybersecurity"]


def test_seed_house_citation_used_as_printed(engine, seed: Record) -> None:
    citation = Citer(engine).render(seed, "house", "en-US")
    assert citation.text == SEED_HOUSE
    assert citation.engine == "repository"


def test_seed_house_citation_is_known_before_any_rendering(engine, seed: Record) -> None:
    """The detail pane asks `cached` when it shows a record: the house citation needs no engine,
    so it is there at once (a miss showed the record without it and laid it out again later)."""
    citer = Citer(engine)
    before = citer.cached(seed, "house", "en-GB")
    assert before is not None and before.text == SEED_HOUSE
    assert before == citer.render(seed, "house", "en-GB")
    assert Citer(engine, use_house_citation=False).cached(seed, "house", "en-GB") is None
    assert citer.cached(seed, "apa", "en-US") is None


def test_italics_follow_the_style(engine, citation_records: dict[str, Record]) -> None:
    apa = Citer(engine).render(citation_records["article-doi"], "apa", "en-US")
    assert [s.text for s in apa.segments if s.italic] == ["Journal of Hydrology", "570"]
    book = Citer(engine).render(citation_records["book"], "chicago-author-date", "en-US")
    assert [s.text for s in book.segments if s.italic] == ["The Politics of Open Access"]


def test_locale_changes_quotes(engine, citation_records: dict[str, Record]) -> None:
    citer = Citer(engine)
    gb = citer.render(citation_records["article-pages"], "harvard-cite-them-right", "en-GB").text
    us = citer.render(citation_records["article-pages"], "harvard-cite-them-right", "en-US").text
    assert "‘Soil carbon under long-term grazing’," in gb
    assert "“Soil carbon under long-term grazing,”" in us


@pytest.mark.parametrize("style", STYLES)
def test_with_no_locale_asked_each_style_prints_as_its_guide(style: str, engine,
                                                             citation_records: dict[str, Record]) -> None:
    """The app's default (config `locale` unset): each style in the locale its golden file (its guide)
    is written in, so APA and IEEE print American quotes and Cite Them Right British ones."""
    golden = _golden(style)
    ids = list(golden["expected"])
    citer = Citer(engine, use_house_citation=False)
    got = {c.record_id: c.text for c in citer.render_many([citation_records[i] for i in ids], style, None)}
    assert got == golden["expected"]
