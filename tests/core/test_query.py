"""The search language: every operator, malformed input, and a fuzz that parsing never raises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repotui.core.query import (
    HINT_EMBARGOED,
    HINT_HAS,
    HINT_OA,
    HINT_QUOTE,
    HINT_YEAR,
    Term,
    fast_fold,
    parse_query,
    tokens,
    type_slug,
)
from repotui.core.text import fold


def terms(text: str) -> tuple[Term, ...]:
    query, hint = parse_query(text)
    assert hint == "", hint
    return query.terms


def test_free_words_all_must_match_and_last_is_prefix() -> None:
    first, last = terms("Cyber secur")
    assert (first.field, first.words, first.prefix, first.negated) == ("text", ("cyber",), False, False)
    assert (last.words, last.prefix) == (("secur",), True)


def test_a_trailing_space_ends_the_last_word() -> None:
    first, last = terms("cyber secur ")
    assert (first.prefix, last.prefix) == (False, False)
    assert terms("secur\t")[0].prefix is False


def test_words_are_folded_case_and_accents() -> None:
    (term,) = terms("ØRSTED")
    assert term.words == ("orsted",)
    assert terms("Müller")[0].words == ("muller",)
    assert terms("straße")[0].words == ("strasse",)


def test_quoted_phrase_is_one_term_without_prefix() -> None:
    (term,) = terms('"cyber security"')
    assert (term.words, term.phrase, term.prefix) == (("cyber", "security"), True, False)


def test_unclosed_quote_is_searched_as_a_prefix_phrase_with_a_hint() -> None:
    query, hint = parse_query('"cyber sec')
    assert hint == HINT_QUOTE
    (term,) = query.terms
    assert (term.words, term.phrase, term.prefix) == (("cyber", "sec"), True, True)


def test_hyphenated_word_is_a_phrase_not_a_negation() -> None:
    (term,) = terms("self-driving")
    assert (term.words, term.phrase, term.negated) == (("self", "driving"), True, False)


@pytest.mark.parametrize(("text", "field", "words"), [
    ("author:Beck", "author", ("beck",)),
    ("authors:beck", "author", ("beck",)),
    ("title:dilemma", "title", ("dilemma",)),
    ("journal:Cybersecurity", "journal", ("cybersecurity",)),
    ('author:"van der Berg"', "author", ("van", "der", "berg")),
])
def test_word_fields(text: str, field: str, words: tuple[str, ...]) -> None:
    (term,) = terms(text)
    assert (term.field, term.words, term.prefix) == (field, words, True)


def test_doi_is_bare_and_lower_case() -> None:
    assert terms("doi:https://doi.org/10.1093/CYBSEC")[0].value == "10.1093/cybsec"
    assert terms("doi:10.1093/x")[0].value == "10.1093/x"


@pytest.mark.parametrize(("text", "value"), [
    ("type:article", "article"), ("type:Article-Journal", "article-journal"),
    ('type:"Book section"', "book-section"),
])
def test_type(text: str, value: str) -> None:
    assert terms(text)[0].value == value


@pytest.mark.parametrize(("text", "low", "high"), [
    ("year:2019", 2019, 2019), ("year:2019..2022", 2019, 2022), ("year:..2019", None, 2019),
    ("year:2019..", 2019, None), ("year:2022..2019", 2019, 2022), ("year:2019-2020", 2019, 2020),
])
def test_year(text: str, low: int | None, high: int | None) -> None:
    (term,) = terms(text)
    assert (term.field, term.low, term.high) == ("year", low, high)


@pytest.mark.parametrize("text", ["licence:CC-BY", "license:cc-by"])
def test_licence_and_its_alias(text: str) -> None:
    (term,) = terms(text)
    assert (term.field, term.value) == ("licence", "cc-by")


@pytest.mark.parametrize(("text", "flag"), [("oa:yes", True), ("oa:no", False), ("oa:TRUE", True)])
def test_open_access(text: str, flag: bool) -> None:
    assert terms(text)[0].flag is flag


@pytest.mark.parametrize("what", ["pdf", "abstract", "doi", "licence"])
def test_has(what: str) -> None:
    assert terms(f"has:{what}")[0] == Term("has", what)


def test_every_term_can_be_negated() -> None:
    parsed = terms('-war -"cold war" -author:smith -title:x -journal:y -doi:10.1 -type:book '
                   "-year:2019 -licence:cc -oa:yes -has:pdf")
    assert len(parsed) == 11
    assert all(t.negated for t in parsed)
    assert not any(t.prefix for t in parsed if t.field == "text")  # a negated last word stays whole


def test_filters_combine_with_words() -> None:
    parsed = terms("security author:beck year:2019..2022 has:pdf")
    assert [t.field for t in parsed] == ["text", "author", "year", "has"]
    assert parsed[0].prefix is False  # not the last bare word


@pytest.mark.parametrize(("text", "hint"), [
    ("year:20x9", HINT_YEAR), ("year:..", HINT_YEAR), ("year:19", HINT_YEAR),
    ("oa:maybe", HINT_OA), ("has:cake", HINT_HAS), ("author:", "author: needs a value"),
    ("ref:maybe", "ref: expects compliant, not-compliant, out-of-scope, will-become or cannot-tell"),
    ("ref2029:yes", "ref2029: expects compliant, not-compliant, out-of-scope, will-become or cannot-tell"),
    ("ref2021:", "ref: needs a value"), ("embargoed:soon", HINT_EMBARGOED),
])
def test_malformed_filters_are_dropped_with_a_hint(text: str, hint: str) -> None:
    query, got = parse_query(f"wind {text}")
    assert got == hint
    assert query.hint == hint
    assert [t.words for t in query.terms] == [("wind",)]


@pytest.mark.parametrize(("text", "field", "value"), [
    ("ref:compliant", "ref", "compliant"),
    ("REF:Not-Compliant", "ref", "not-compliant"),
    ("ref2021:non-compliant", "ref", "not-compliant"),
    ("ref:will-become", "ref", "will-become-compliant"),
    ("ref:will_become_compliant", "ref", "will-become-compliant"),
    ("ref:out-of-scope", "ref", "out-of-scope"),
    ("ref2029:cannot-tell", "ref2029", "cannot-tell"),
    ('ref2029:"cannot tell"', "ref2029", "cannot-tell"),
])
def test_ref_filters_name_a_verdict(text: str, field: str, value: str) -> None:
    (term,) = terms(text)
    assert (term.field, term.value, term.negated) == (field, value, False)
    assert terms("-" + text)[0].negated


def test_embargoed_filter_is_yes_or_no() -> None:
    assert [(t.field, t.flag, t.negated) for t in terms("embargoed:yes -embargoed:no embargo:y")] == [
        ("embargoed", True, False), ("embargoed", False, True), ("embargoed", True, False)]


def test_words_with_digits_before_a_colon_stay_words() -> None:
    """`ref2029:` made field names take digits; other such words are still searched, without a hint."""
    query, hint = parse_query("covid19:impact")
    assert hint == ""
    assert query.terms[0].words == ("covid19", "impact")


def test_unknown_field_is_searched_as_words_with_a_hint() -> None:
    query, hint = parse_query("colour:red")
    assert "unknown filter colour:" in hint
    assert query.terms[0].words == ("colour", "red")


def test_urls_are_words_without_a_hint() -> None:
    query, hint = parse_query("https://doi.org/10.1/x")
    assert hint == ""
    assert query.terms[0].words == ("https", "doi", "org", "10", "1", "x")


@pytest.mark.parametrize("text", ["", "   ", "-", '""', "- - -", ":", "author:  "])
def test_empty_or_punctuation_only_queries_match_everything(text: str) -> None:
    assert parse_query(text)[0].is_empty


def test_type_slug_is_the_friendly_name() -> None:
    assert type_slug("article-journal") == "article"
    assert type_slug("chapter") == "book-section"
    assert type_slug("mystery-kind") == "mystery-kind"


def test_tokens_split_like_the_index() -> None:
    assert tokens("O'Brien, Ørsted_x 10.1093/a") == ["o", "brien", "orsted", "x", "10", "1093", "a"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_never_raises(text: str) -> None:
    query, hint = parse_query(text)
    assert isinstance(hint, str)
    for term in query.terms:
        assert term.field in {"text", "author", "title", "journal", "doi", "type", "year", "licence", "oa", "has",
                              "ref", "ref2029", "embargoed"}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["author:", "title:", "year:", "-", '"', "has:", "oa:", "type:", "licence:",
                                 "doi:", " ", "..", "2019", "x", "Ø", "é", ":", "\u0301", "\x00"])))
def test_parse_never_raises_on_operator_soup(parts: list[str]) -> None:
    parse_query("".join(parts))


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_fast_fold_equals_fold(text: str) -> None:
    assert fast_fold(text) == fold(text)
