"""Everything downstream of the loader, fed the hostile records: the detail rows, YAML writing (and
reading back), the exporters, citations, and the search query parser. Nothing may raise, and no
output may carry a control character that the record smuggled in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repotui.adapters.exporters.bibtex import to_bibtex
from repotui.adapters.exporters.csl_json import to_csl_json
from repotui.adapters.exporters.ris import to_ris
from repotui.core.describe import describe_record
from repotui.core.loader import LoadResult, load_records
from repotui.core.model import Record
from repotui.core.query import parse_query
from repotui.core.serialize import dump_mapping, record_to_mapping
from tests.helpers.hostile import CONTROL, INVISIBLE


@pytest.fixture(scope="module")
def records(hostile_result: LoadResult) -> list[Record]:
    """The good hostile records, but not the 3 MB one (kept to the loader tests)."""
    return [r for r in hostile_result.records if r.id != "hostile-huge-abstract"]


def assert_clean(text: str, allow_newlines: bool = True) -> None:
    if allow_newlines:
        text = text.replace("\n", "")
    assert "\x1b" not in text
    assert not CONTROL.search(text), ascii(CONTROL.search(text))
    assert not INVISIBLE.search(text)


def test_detail_rows_are_clean(records: list[Record]) -> None:
    for record in records:
        for label, value in describe_record(record):
            assert_clean(label, allow_newlines=False)
            if label == "Record file":
                continue  # the file's path: hostile file names are tested in test_cli_hostile
            assert_clean(value)


def test_written_yaml_reads_back_the_same(records: list[Record], tmp_path: Path) -> None:
    for record in records:
        text = dump_mapping(record_to_mapping(record))
        assert_clean(text)
        (tmp_path / f"{record.path.stem}.yaml").write_text(text, encoding="utf-8")
    again = load_records(tmp_path)
    assert not again.errors, again.errors
    before = {r.id: r for r in records}
    for record in again.records:
        old = before[record.id]
        assert (record.title, record.authors, record.abstract, record.keywords, record.issued) == (
            old.title, old.authors, old.abstract, old.keywords, old.issued), record.id


@pytest.mark.parametrize("export", [to_bibtex, to_ris, to_csl_json])
def test_exporters_never_raise_and_stay_clean(export, records: list[Record]) -> None:  # type: ignore[no-untyped-def]
    text = export(records)
    assert_clean(text)
    if export is to_csl_json:
        assert {item["id"] for item in json.loads(text)} == {r.id for r in records}


def test_bibtex_neutralises_markup_and_braces(records: list[Record]) -> None:
    markup = next(r for r in records if r.id == "hostile-markup")
    text = to_bibtex([markup])
    assert text.count("{") == text.count("}")  # a title cannot close the entry early


def test_citations_for_every_hostile_record(records: list[Record]) -> None:
    from repotui.adapters.pandoc import PandocEngine, find_pandoc
    from repotui.core.citation.citer import Citer

    if find_pandoc() is None:
        pytest.skip("pandoc is not installed")
    small = [r for r in records if r.id != "hostile-many-authors"]
    with PandocEngine() as engine:
        citer = Citer(engine)
        # house (our own), author-date, numeric, note-free humanities and science styles
        for style in ("house", "apa", "ieee", "chicago-author-date", "modern-language-association",
                      "harvard-cite-them-right", "nature", "american-chemical-society"):
            citations = citer.render_many(small, style, "en-GB")
            assert len(citations) == len(small)
            for citation in citations:
                assert_clean(citation.text)
        markup = citer.render(next(r for r in small if r.id == "hostile-markup"), "apa", "en-GB")
        assert "[bold]x[/]" in markup.text
        many = next(r for r in records if r.id == "hostile-many-authors")
        for style in ("apa", "ieee"):
            text = citer.render(many, style, "en-GB").text
            assert "Author0000" in text and len(text) < 200_000


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=80) | st.lists(st.sampled_from(
    ['"', "-", ":", "author:", "year:", "year:1999..", "..2020", "has:", "oa:", "type:", "doi:", "title:",
     " ", "x", "ü", "\x1b", "\u202e", "(", ")", "*", "OR", "NOT", "\\", "'", "2020", "-2020"]),
    max_size=20).map("".join))
def test_query_parser_never_raises(text: str) -> None:
    query, hint = parse_query(text)
    assert isinstance(hint, str)
    assert query.text == text
    assert "\n" not in hint
