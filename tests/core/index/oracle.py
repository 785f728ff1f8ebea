"""A reference model of search, in memory and written for clarity, not speed: what the index's
SQL and set algebra must agree with (hypothesis generates the queries).

It lives with the tests because the app never evaluates a query outside the index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from repotui.core.model import Record
from repotui.core.query import (
    Query,
    Term,
    is_pdf_available,
    licence_key,
    normal_doi,
    search_fields,
    tokens,
    type_slug,
)
from repotui.core.ref import Policy, assess, parse_verdict, record_embargo
from repotui.core.sorting import SortField, SortKeys, sort_keys


def matches(query: Query, record: Record, day: dt.date | None = None) -> bool:
    """Every term holds (a negated term must not); REF terms are judged on `day` (today)."""
    return all(_term_matches(t, record, day or dt.date.today()) != t.negated for t in query.terms)


def _has_word(word: str, haystack: list[str], prefix: bool) -> bool:
    return any(t.startswith(word) for t in haystack) if prefix else word in haystack


def _has_words(words: tuple[str, ...], haystack: list[str], prefix: bool, phrase: bool) -> bool:
    if not phrase:
        return all(_has_word(w, haystack, prefix and i == len(words) - 1) for i, w in enumerate(words))
    k = len(words)
    for start in range(len(haystack) - k + 1):
        window = haystack[start:start + k]
        if window[:-1] == list(words[:-1]) and (
                window[-1].startswith(words[-1]) if prefix else window[-1] == words[-1]):
            return True
    return False


def _term_matches(term: Term, record: Record, day: dt.date) -> bool:
    if term.field == "text":
        # Each word may hit a different field; a phrase must sit within one field.
        fields = [tokens(t) for t in search_fields(record)]
        if term.phrase:
            return any(_has_words(term.words, f, term.prefix, True) for f in fields)
        return all(any(_has_word(w, f, term.prefix and i == len(term.words) - 1) for f in fields)
                   for i, w in enumerate(term.words))
    if term.field in ("author", "title", "journal"):
        title, people, _abstract, _keywords, journal, _doi = search_fields(record)
        source = {"author": people, "title": title, "journal": journal}[term.field]
        return _has_words(term.words, tokens(source), term.prefix, term.phrase)
    if term.field == "doi":
        return normal_doi(record.doi or "").startswith(term.value)
    if term.field == "type":
        return term.value in (record.type.lower(), type_slug(record.type))
    if term.field == "year":
        year = record.published.year if record.published else None
        return year is not None and (term.low is None or year >= term.low) and (
            term.high is None or year <= term.high)
    if term.field == "licence":
        return licence_key(record).startswith(term.value)
    if term.field == "oa":
        return record.is_open_access == term.flag
    if term.field == "has":
        return {"pdf": is_pdf_available(record), "abstract": bool(record.abstract),
                "doi": bool(record.doi), "licence": bool(licence_key(record))}[term.value]
    if term.field in ("ref", "ref2029"):
        policy = Policy.REF2021 if term.field == "ref" else Policy.REF2029
        return assess(record, policy, day).verdict is parse_verdict(term.value)
    if term.field == "embargoed":
        return (record_embargo(record, day) is not None) == term.flag
    return False


def _order_key(keys: SortKeys, rid: str, field: SortField) -> tuple[object, ...]:
    """The full key for ascending sort, as `sorting.ORDER_SQL` says (negated dates run newest first)."""
    if field is SortField.PUBLISHED:
        return (-keys.published, keys.title, rid)
    if field is SortField.DEPOSITED:
        return (-keys.deposited, -keys.published, keys.title, rid)
    if field is SortField.TITLE:
        return (keys.title, -keys.published, rid)
    return (keys.author == "", keys.author, -keys.published, rid)


def sorted_ids(records: Iterable[Record], field: SortField) -> list[str]:
    """Record ids in the order the index lists them for this sort (without the title/author tier)."""
    return [r.id for r in sorted(records, key=lambda r: _order_key(sort_keys(r), r.id, field))]


def in_title_or_people(query: Query, record: Record) -> bool:
    """Every free word (not negated) is in the title or the people: those hits are listed first
    in the default sort."""
    title, people, *_rest = search_fields(record)
    fields = [tokens(title), tokens(people)]
    for term in query.terms:
        if term.field != "text" or term.negated:
            continue
        if term.phrase:
            found = any(_has_words(term.words, f, term.prefix, True) for f in fields)
        else:
            found = all(any(_has_word(w, f, term.prefix and i == len(term.words) - 1) for f in fields)
                        for i, w in enumerate(term.words))
        if not found:
            return False
    return True


def search_ids(query: Query, records: Iterable[Record], field: SortField) -> list[str]:
    """What `Library.search` returns: the matches in the sort's order, title/author hits first
    when the default sort meets free words."""
    hits = [r for r in records if matches(query, r)]
    if field is SortField.PUBLISHED and query.has_words:
        first = [r for r in hits if in_title_or_people(query, r)]
        rest = [r for r in hits if not in_title_or_people(query, r)]
        return sorted_ids(first, field) + sorted_ids(rest, field)
    return sorted_ids(hits, field)
