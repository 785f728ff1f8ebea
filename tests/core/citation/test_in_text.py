"""In-text citations: the form per style (guide-checked), clusters, narrative, locators, HTML."""

from __future__ import annotations

import dataclasses

import pytest

from repotui.core.citation import CitationError, CiteItem, Citer
from repotui.core.model import Record

#: (style, locale) → (parenthetical, narrative) for the two-author article (article-number).
FORMS = {
    ("house", "en-GB"): ("(Beckerman and Lindqvist, 2022)", "Beckerman and Lindqvist (2022)"),
    ("apa", "en-US"): ("(Beckerman & Lindqvist, 2022)", "Beckerman and Lindqvist (2022)"),  # APA 7 §8.17
    ("harvard-cite-them-right", "en-GB"): ("(Beckerman and Lindqvist, 2022)", "Beckerman and Lindqvist (2022)"),
    ("chicago-author-date", "en-US"): ("(Beckerman and Lindqvist 2022)", "Beckerman and Lindqvist (2022)"),
    ("modern-language-association", "en-US"): ("(Beckerman and Lindqvist)", "Beckerman and Lindqvist"),
    ("ieee", "en-US"): ("[1]", None),
    ("nlm-citation-sequence", "en-US"): ("(1)", None),
}


@pytest.mark.parametrize(("style", "locale"), list(FORMS))
def test_in_text_form_per_style(style: str, locale: str, engine, citation_records: dict[str, Record]) -> None:
    citer = Citer(engine)
    record = citation_records["article-number"]
    parenthetical, narrative = FORMS[(style, locale)]
    assert citer.in_text([record], style, locale).text == parenthetical
    told = citer.in_text([record], style, locale, narrative=True)
    if narrative is None:  # numeric styles: the number is the citation in the sentence too
        assert told.text == parenthetical and not told.narrative and not citer.style(style).has_narrative
    else:
        assert told.text == narrative and told.narrative


def test_seed_in_text(engine, seed: Record) -> None:
    citer = Citer(engine)
    assert citer.in_text([seed], "apa", "en-GB").text == "(Beckerman, 2022)"
    assert citer.in_text([seed], "apa", "en-GB", narrative=True).text == "Beckerman (2022)"
    assert citer.in_text([seed], "house", "en-GB").text == "(Beckerman, 2022)"
    assert citer.in_text([seed], "ieee", "en-GB").text == "[1]"


def test_cluster_in_reference_list_order_whatever_the_marking_order(engine, citation_records) -> None:
    citer = Citer(engine)
    picks = [citation_records[i] for i in ("book", "authors-21", "article-pages")]
    want = "(Adams et al., 2021; García et al., 2015; Whitfield, 2020)"
    assert citer.in_text(picks, "apa", "en-US").text == want
    assert citer.in_text(list(reversed(picks)), "apa", "en-US").text == want
    assert citer.in_text(picks, "ieee", "en-US").text == "[1]–[3]"  # IEEE: three in a row collapse
    assert citer.in_text(picks[:2], "ieee", "en-US").text == "[1], [2]"
    assert citer.in_text(picks, "nlm-citation-sequence", "en-US").text == "(1–3)"
    kept = citer.in_text(picks, "chicago-author-date", "en-US", keep_order=True).text
    assert kept == "(Whitfield 2020; Adams et al. 2021; García et al. 2015)"  # no citation sort in the style


def test_same_author_same_year_get_suffixes_in_order(engine, citation_records) -> None:
    a = citation_records["article-doi"]
    b = dataclasses.replace(a, id="twin", title="Another drone study",
                            csl={**a.csl, "id": "twin", "title": "Another drone study"})
    citer = Citer(engine)
    assert citer.in_text([a, b], "apa", "en-US").text == "(Okafor, 2019a, 2019b)"
    assert citer.in_text([a, b], "apa", "en-US", narrative=True).text == "Okafor (2019a); Okafor (2019b)"


def test_page_locator(engine, seed: Record) -> None:
    citer = Citer(engine)
    assert citer.in_text([CiteItem(seed, "12")], "apa", "en-GB").text == "(Beckerman, 2022, p. 12)"
    assert citer.in_text([CiteItem(seed, "12-15")], "house", "en-GB").text == "(Beckerman, 2022, pp. 12–15)"
    assert citer.in_text([CiteItem(seed, "12-15")], "chicago-author-date", "en-US").text == "(Beckerman 2022, 12–15)"
    assert citer.in_text([CiteItem(seed, "4", prefix="see")], "apa", "en-GB").text == "(see Beckerman, 2022, p. 4)"
    for bad in ("chap. 3", "12; rm -rf", "", "p. 12"):
        with pytest.raises(CitationError, match="not a page locator"):
            citer.in_text([CiteItem(seed, bad or " ")], "apa", "en-GB")


def test_html_is_escaped_and_keeps_the_style(engine, citation_records) -> None:
    book = citation_records["book"]
    hostile = dataclasses.replace(book, id="h", title="<script>alert(1)</script> & more",
                                  csl={**book.csl, "id": "h", "title": "<script>alert(1)</script> & more"})
    citer = Citer(engine)
    note = citer.in_text([hostile], "chicago-note-bibliography", "en-US")
    assert "<script" not in note.html.lower() and "&lt;script&gt;" in note.html.lower() and "<i>" in note.html
    assert citer.in_text([citation_records["book"]], "nature", "en-US").html == "<sup>1</sup>"
    listed = citer.render(hostile, "apa", "en-US")
    assert listed.html.startswith("Whitfield, T. (2020). <i>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</i>")


def test_nothing_to_cite_and_cache(engine, seed: Record) -> None:
    citer = Citer(engine)
    with pytest.raises(CitationError, match="nothing to cite"):
        citer.in_text([], "apa", "en-GB")
    first = citer.in_text([seed], "apa", "en-GB")
    assert citer.in_text([seed], "apa", "en-GB") is first
