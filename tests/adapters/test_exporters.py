"""BibTeX, RIS and CSL-JSON exports, read back with bibtexparser, rispy and json."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
import rispy

from repotui.adapters.exporters import bibtex_keys, to_bibtex, to_csl_json, to_ris
from repotui.core.loader import load_records
from repotui.core.model import Record

TESTS = Path(__file__).resolve().parents[1]
GOLDEN = TESTS / "golden" / "citations"


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return load_records(TESTS / "fixtures" / "citation_records").records


@pytest.fixture(scope="module")
def seed() -> Record:
    return next(r for r in load_records(TESTS.parent / "records").records if r.id == "dro-37008")


def _load(tmp_path: Path, name: str, text: str) -> Record:
    (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return next(r for r in load_records(tmp_path).records if r.id == name)


def test_bibtex_golden(seed: Record) -> None:
    assert to_bibtex([seed]) == (GOLDEN / "seed.bib").read_text(encoding="utf-8")


def test_ris_golden(seed: Record) -> None:
    assert to_ris([seed]) == (GOLDEN / "seed.ris").read_text(encoding="utf-8")


def test_bibtex_parses_back(records: list[Record]) -> None:
    text = to_bibtex(records)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    keys = [e.key for e in library.entries]
    assert len(keys) == len(records) == len(set(keys))
    by_key = {e.key: e for e in library.entries}
    seed_like = by_key["beckerman2022cyber"]
    assert seed_like.entry_type == "article"
    assert seed_like["eid"] == "tyac012" and "pages" not in seed_like.fields_dict
    assert seed_like["author"] == "Beckerman, Carly E and Lindqvist, Erik"
    assert by_key["okafor2019measuring"]["pages"] == "45--67"
    assert by_key["okafor2019measuring"]["number"] == "2"
    assert by_key["moreau2018repositories"].entry_type == "incollection"
    assert by_key["fraser2017tidal"].entry_type == "phdthesis"
    assert by_key["fraser2017tidal"]["school"] == "Durham University"
    assert by_key["annual2023review"]["institution"] == "Durham University"


def test_bibtex_escapes_specials_and_keys_are_unique(tmp_path: Path) -> None:
    nasty = _load(tmp_path, "nasty", (
        'id: nasty\ntitle: "50% of R&D_costs {x} $y #1 ~ ^ \\\\ end}"\n'
        "author:\n- family: O'Brien\n  given: Seán\n- literal: Smith & Sons\nissued: 2020\n"
        'URL: "https://example.org/a_b%20c?x={y}"\n'))
    twin = _load(tmp_path, "twin", "id: twin\ntitle: 50 percent\nauthor:\n- family: O'Brien\nissued: 2020\n")
    third = _load(tmp_path, "third", "id: third\ntitle: 50 ways\nauthor:\n- family: OBrien\nissued: 2020\n")
    text = to_bibtex([nasty, twin, third])
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    entry = library.entries[0]
    assert entry["title"] == r"50\% of R\&D\_costs \{x\} \$y \#1 \textasciitilde{} \textasciicircum{} \textbackslash{} end\}"
    assert entry["author"] == r"O'Brien, Seán and {Smith \& Sons}"
    assert entry["url"] == "https://example.org/a_b%20c?x=%7By%7D"
    keys = bibtex_keys([nasty, twin, third])
    assert keys == {"nasty": "obrien202050a", "third": "obrien202050b", "twin": "obrien202050c"}
    assert [e.key for e in library.entries] == ["obrien202050a", "obrien202050c", "obrien202050b"]
    assert to_bibtex([third, twin, nasty]).count("obrien202050a") == 1  # stable across orders
    assert bibtex_keys([third, nasty, twin]) == keys


def test_bibtex_of_a_bare_record(tmp_path: Path) -> None:
    bare = _load(tmp_path, "bare", "id: bare\ntitle: '!!!'\n")
    library = bibtexparser.parse_string(to_bibtex([bare]))
    assert not library.failed_blocks and library.entries[0].key == "ref"
    assert library.entries[0].entry_type == "misc"


def test_ris_reads_back(records: list[Record]) -> None:
    entries = rispy.loads(to_ris(records))
    assert len(entries) == len(records)
    by_title = {e["title"]: e for e in entries}
    article = by_title["Is there a cyber security dilemma?"]
    assert article["type_of_reference"] == "JOUR"
    assert article["authors"] == ["Beckerman, Carly E", "Lindqvist, Erik"]
    assert article["note"] == "tyac012" and "start_page" not in article
    assert article["doi"] == "10.1093/cybsec/tyac012" and article["year"] == "2022"
    pages = by_title["Measuring river discharge with small drones"]
    assert (pages["start_page"], pages["end_page"]) == ("45", "67")
    chapter = by_title["Repositories and the academic library"]
    assert chapter["type_of_reference"] == "CHAP" and chapter["secondary_authors"] == ["Harris, Paul", "Ng, Lily"]


def test_ris_keeps_each_value_on_one_line(tmp_path: Path) -> None:
    record = _load(tmp_path, "multi", 'id: multi\ntitle: "A\\nER  - \\nTY  - BOOK"\nabstract: "one\\n\\ntwo"\n')
    entries = rispy.loads(to_ris([record]))
    assert len(entries) == 1 and entries[0]["abstract"] == "one two"


def test_csl_json(records: list[Record], seed: Record) -> None:
    items = json.loads(to_csl_json([seed, *records]))
    assert items[0]["id"] == "dro-37008" and items[0]["number"] == "tyac012" and "abstract" in items[0]
    assert len(items) == len(records) + 1
    assert all(item["title"] for item in items)
