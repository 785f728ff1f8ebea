"""What the core keeps of a record so it says what its source said: licences as stated, item
types that are CSL types, particles and date ranges that reach the citation pipeline, rich-text
titles shown as words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from repotui.core.citation.csl import record_to_csl
from repotui.core.item_types import classify, thesis_genre
from repotui.core.licences import normalise_licence
from repotui.core.model import Licence, Record
from repotui.core.rich_text import plain_text
from repotui.core.serialize import record_to_mapping
from repotui.core.validate import validate


def load(data: dict[str, Any]) -> tuple[Record, list[str]]:
    warnings: list[str] = []
    record = validate({"title": "A title", **data}, {}, Path("x.yaml"), "x", warn=lambda m, _l: warnings.append(m))
    return record, warnings


@pytest.mark.parametrize(("raw", "want"), [
    ("cc_by", ("CC-BY", "Creative Commons Attribution", "https://creativecommons.org/licenses/by/")),
    ("cc_by_nc_nd", ("CC-BY-NC-ND", "Creative Commons Attribution-NonCommercial-NoDerivatives",
                     "https://creativecommons.org/licenses/by-nc-nd/")),
    ("Creative Commons Attribution", ("CC-BY", "Creative Commons Attribution", "https://creativecommons.org/licenses/by/")),
    ("http://creativecommons.org/licenses/by-nc-sa/2.0/uk/",
     ("CC-BY-NC-SA-2.0-UK", "Creative Commons Attribution-NonCommercial-ShareAlike 2.0 UK: England & Wales",
      "https://creativecommons.org/licenses/by-nc-sa/2.0/uk/")),
    ("Attribution-NonCommercial-NoDerivs 2.0 UK: England & Wales",
     ("CC-BY-NC-ND-2.0-UK", "Creative Commons Attribution-NonCommercial-NoDerivs 2.0 UK: England & Wales",
      "https://creativecommons.org/licenses/by-nc-nd/2.0/uk/")),
    ("CC-BY-3.0-IGO", ("CC-BY-3.0-IGO", "Creative Commons Attribution 3.0 IGO",
                       "https://creativecommons.org/licenses/by/3.0/igo/")),
    ("CC BY-NC 3.0", ("CC-BY-NC-3.0", "Creative Commons Attribution-NonCommercial 3.0 Unported",
                      "https://creativecommons.org/licenses/by-nc/3.0/")),
    ("Attribution 4.0", ("CC-BY-4.0", "Creative Commons Attribution 4.0 International",
                         "https://creativecommons.org/licenses/by/4.0/")),
    ("cc_by_4", ("CC-BY-4.0", "Creative Commons Attribution 4.0 International",
                 "https://creativecommons.org/licenses/by/4.0/")),
])
def test_licences_say_what_the_source_says(raw: str, want: tuple[str, str, str]) -> None:
    assert normalise_licence(raw) == Licence(*want)


@pytest.mark.parametrize(("ident", "short"), [("CC-BY", "CC BY"), ("CC-BY-4.0", "CC BY 4.0"),
                                              ("CC-BY-NC-SA-2.0-UK", "CC BY-NC-SA 2.0 UK"), ("CC0-1.0", "CC0 1.0")])
def test_licence_short_form(ident: str, short: str) -> None:
    assert Licence(id=ident).short == short


@pytest.mark.parametrize(("name", "repository", "want"), [
    ("article", True, ("article-journal", None)), ("article", False, ("article", None)),
    ("journale", True, ("article-journal", None)), ("journalp", True, ("article-journal", None)),
    ("confpaper", True, ("paper-conference", None)), ("confposter", True, ("speech", "Poster")),
    ("book_section", True, ("chapter", None)), ("monograph", True, ("report", None)),
    ("preprint", True, ("article", "Preprint")), ("article_ref_nev", True, ("article-journal", None)),
    ("Technical Report", True, ("report", "Technical report")),
    ("info:eu-repo/semantics/doctoralThesis", True, ("thesis", "Doctoral thesis")),
    ("exhibition_catalogue", True, ("document", "Exhibition catalogue")),
])
def test_type_names_to_csl_types(name: str, repository: bool, want: tuple[str, str | None]) -> None:
    assert classify(name, repository=repository) == want


@pytest.mark.parametrize(("level", "genre"), [("phd", "PhD thesis"), ("masters", "Master's thesis"),
                                              ("laurea", "Laurea thesis"), ("engd", "EngD thesis"),
                                              ("professional_doctorate", "Professional doctorate thesis")])
def test_thesis_levels_in_words(level: str, genre: str) -> None:
    assert thesis_genre(level) == genre


def test_type_must_be_a_csl_type() -> None:
    record, warnings = load({"type": "journal article"})
    assert (record.type, record.csl["type"]) == ("article-journal", "article-journal")
    assert warnings == ["type 'journal article' is not a CSL type; read as 'article-journal'"]
    record, warnings = load({"type": "exhibition"})
    assert (record.type, record.genre) == ("event", "Exhibition")
    record, warnings = load({"type": "paper-conference"})
    assert warnings == [] and record.type == "paper-conference"


def test_particles_reach_the_citation_pipeline() -> None:
    record, _ = load({"author": [{"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"},
                                 {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}]})
    assert record_to_csl(record)["author"] == [
        {"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"},
        {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}]
    assert record.authors[0].display() == "Ludwig van Beethoven"
    assert record.authors[0].sort_name() == "Beethoven, Ludwig van"
    assert record_to_mapping(record)["author"][0] == {"family": "Beethoven", "given": "Ludwig",
                                                      "dropping-particle": "van"}


@pytest.mark.parametrize(("value", "csl"), [
    ({"date-parts": [[2019], [2020, 3]]}, {"date-parts": [[2019], [2020, 3]]}),
    ("2019/2020", {"date-parts": [[2019], [2020]]}),
    ({"date-parts": [[2000]], "season": "autumn"}, {"date-parts": [[2000]], "season": 3}),
    ({"date-parts": [[1880]], "circa": True}, {"date-parts": [[1880]], "circa": True}),
    ("2022-09-19", {"date-parts": [[2022, 9, 19]]}),
])
def test_date_ranges_seasons_and_circa_reach_csl(value: Any, csl: dict[str, Any]) -> None:
    record, warnings = load({"issued": value})
    assert record.csl["issued"] == csl and warnings == []
    assert record.issued is not None and record.issued.year == csl["date-parts"][0][0]


def test_a_backwards_range_keeps_its_start_with_a_warning() -> None:
    record, warnings = load({"issued": {"date-parts": [[2020], [2019]]}})
    assert record.csl["issued"] == {"date-parts": [[2020]]}
    assert warnings == ["issued: the range ends (2019) before it starts (2020); end ignored"]


def test_rich_text_titles_are_shown_as_words_and_cited_as_rich_text() -> None:
    record, _ = load({"title": "Human γ<sub>2</sub> and Ca<sub>V</sub>2.1 in <i>Xenopus</i>"})
    assert record.title == "Human γ₂ and CaV2.1 in Xenopus"
    assert record_to_csl(record)["title"] == "Human γ<sub>2</sub> and Ca<sub>V</sub>2.1 in <i>Xenopus</i>"
    assert plain_text("Fe<sup>II</sup> x<sup>2+</sup> <E>") == "FeII x²⁺ <E>"
