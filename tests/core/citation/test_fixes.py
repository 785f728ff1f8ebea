"""The corrections around the engine, on their own."""

from __future__ import annotations

from repotui.core.citation import Segment, resolve_style
from repotui.core.citation.fixes import _protect_prepositions, apply_fixes, headline_case, prepare_item


def test_protect_long_prepositions_only_inside() -> None:
    assert _protect_prepositions("Soil carbon under long-term grazing") == \
        'Soil carbon <span class="nocase">under</span> long-term grazing'
    assert _protect_prepositions("Under the sea without fear") == \
        'Under the sea <span class="nocase">without</span> fear'  # first word stays as it is
    assert _protect_prepositions("Life: through a lens") == "Life: through a lens"  # after a colon
    assert _protect_prepositions("What lies beneath") == "What lies beneath"  # last word
    assert _protect_prepositions("Already <i>marked</i> under") == "Already <i>marked</i> under"


def test_headline_case() -> None:
    assert headline_case("the politics of open access") == "The Politics of Open Access"
    assert headline_case("learning from data: a survey of long-term trends") == \
        "Learning from Data: A Survey of Long-Term Trends"
    assert headline_case("DNA and the iPhone in context") == "DNA and the iPhone in Context"


def test_prepare_item_does_not_touch_the_input() -> None:
    item = {"id": "x", "type": "paper-conference", "title": "Search under load", "publisher": "ACM",
            "container-title": "Proc", "event-title": "Conf", "event-place": "Lisbon"}
    before = dict(item)
    apa = prepare_item(resolve_style("apa"), item)
    assert apa["type"] == "chapter" and "event-place" not in apa
    assert item == before
    ieee = prepare_item(resolve_style("ieee"), item)
    assert ieee["publisher-place"] == "Lisbon" and "publisher" not in ieee
    nlm = prepare_item(resolve_style("vancouver"), item)
    assert nlm["container-title"] == "Proc; Lisbon" and nlm["type"] == "paper-conference"


def test_nlm_page_hyphen_and_date_unknown() -> None:
    nlm = resolve_style("nlm-citation-sequence")
    item = {"type": "article-journal", "volume": "12"}
    got = apply_fixes(nlm, item, (Segment("1. Barker H. Notes 1990–2000. J. 12:5–20."),))
    assert got == (Segment("1. Barker H. Notes 1990–2000. J. [date unknown];12:5-20."),)
    book = {"type": "book", "publisher": "Routledge"}
    assert apply_fixes(nlm, book, (Segment("1. A B. Title. London: Routledge."),))[0].text == \
        "1. A B. Title. London: Routledge; [date unknown]."


def test_mla_article_number() -> None:
    mla = resolve_style("modern-language-association")
    item = {"type": "article-journal", "number": "tyac012"}
    text = "Beckerman, Carly E. “Is There?” J, vol. 8, no. 1, no. tyac012, 2022, https://doi.org/x."
    assert apply_fixes(mla, item, (Segment(text),))[0].text == \
        "Beckerman, Carly E. “Is There?” J, vol. 8, no. 1, 2022, article tyac012, https://doi.org/x."
