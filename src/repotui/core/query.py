"""The search box language, parsed into a Query value that the index (or a plain list) evaluates.

    cyber secur                   every word must match (title, authors, abstract, keywords,
                                  journal, DOI); the last bare word matches as a prefix
                                  (unless a space follows it: "cyber " is the whole word)
    "cyber security"              a phrase
    author:beck  title:dilemma    field filters (author, title and journal match words; the
    journal:"cyber"  doi:10.1093  last word of a value is a prefix; doi is a prefix of the DOI)
    type:article                  the CSL type or its friendly name (article-journal is "Article")
    year:2019  year:2019..2022    a year or a range, open ranges `..2019` and `2019..`
    licence:cc-by  license:cc0    a prefix of the normalised licence id
    oa:yes  oa:no                 open access now
    has:pdf has:abstract has:doi  has:licence
    -word  -author:x  -has:pdf    any term can be negated

Matching is case- and accent-insensitive: both sides go through `fold` ("Ørsted" → "orsted").
Parsing never raises: what cannot be understood is dropped and explained in a short hint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from repotui.core.model import TYPE_NAMES, Record
from repotui.core.text import fold

#: Fields that match words (through the full-text index); `doi` is a prefix of the bare DOI.
TEXT_FIELDS = ("author", "title", "journal")
FIELD_ALIASES = {
    "author": "author", "authors": "author", "au": "author",
    "title": "title", "ti": "title",
    "journal": "journal", "container": "journal",
    "doi": "doi",
    "type": "type",
    "year": "year",
    "licence": "licence", "license": "licence",
    "oa": "oa",
    "has": "has",
}
HAS_VALUES = ("pdf", "abstract", "doi", "licence")
_HAS_ALIASES = {"pdf": "pdf", "abstract": "abstract", "doi": "doi", "licence": "licence", "license": "licence"}
_YES = {"yes", "y", "true", "1", "open"}
_NO = {"no", "n", "false", "0", "closed"}
_YEAR = re.compile(r"^(\d{4})?(?:(\.\.|-)(\d{4})?)?$")
#: A token as FTS5's unicode61 tokenizer sees one: letters, digits and private-use characters.
_TOKEN = re.compile(r"[^\W_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)

#: The search syntax as (example, meaning) rows, for the help screen, README and `list --help`.
SYNTAX: tuple[tuple[str, str], ...] = (
    ("cyber secur", "every word must match (title, authors, abstract, keywords, journal, DOI); "
                    "the last word matches as a prefix until you type a space after it"),
    ('"cyber security"', "a phrase: the words together, in this order"),
    ("orsted", "case and accents do not matter: finds Ørsted"),
    ("author:smi  title:war  journal:nature", "words in one field (the last word of a value is a prefix)"),
    ("doi:10.1093", "DOIs starting with this"),
    ("type:article  type:thesis", "item type (CSL type or its name: article, book-section, thesis, ...)"),
    ("year:2019  year:2019..2022  year:..2010", "publication year or range (open ranges too)"),
    ("licence:cc-by  license:cc0", "licence id starting with this"),
    ("oa:yes  oa:no", "open access now"),
    ("has:pdf  has:abstract  has:doi  has:licence", "has a full text / abstract / DOI / licence"),
    ("-word  -author:smith  -has:pdf", "a leading minus excludes"),
)

HINT_YEAR = "year: expects YYYY or YYYY..YYYY"
HINT_OA = "oa: expects yes or no"
HINT_HAS = "has: expects pdf, abstract, doi or licence"
HINT_QUOTE = "a quote is not closed"


def fast_fold(text: str) -> str:
    """`text.fold`, but quick on mostly-ASCII text: only non-ASCII runs take the slow path.

    Folding is per character (casefold, NFKD, drop combining marks), so folding runs
    separately gives the same result as folding the whole string.
    """
    if text.isascii():
        return text.lower()
    return _NON_ASCII.sub(lambda m: fold(m.group()), text.lower())


def tokens(text: str) -> list[str]:
    """Folded search tokens of a text, split as the index splits them."""
    return _TOKEN.findall(fast_fold(text))


def type_slug(csl_type: str) -> str:
    """`article-journal` → `article`, `chapter` → `book-section`: the friendly type name as a filter value."""
    name = TYPE_NAMES.get(csl_type, csl_type.replace("-", " "))
    return "-".join(tokens(name))


def normal_doi(doi: str) -> str:
    """A DOI as filters compare it: bare (no resolver prefix), lower case."""
    return _DOI_PREFIX.sub("", doi.strip()).lower()


@dataclass(frozen=True, slots=True)
class Term:
    """One condition. `field` is "text" for free words, else a canonical field name."""

    field: str
    value: str = ""
    """Folded value: the phrase text, type, licence prefix, DOI prefix or `has` name."""
    words: tuple[str, ...] = ()
    """Folded tokens for word-matching fields (text, author, title, journal)."""
    prefix: bool = False
    """The last word matches as a prefix (`secur` finds "security")."""
    phrase: bool = False
    """Written in quotes: the words must be adjacent, in order."""
    negated: bool = False
    low: int | None = None
    """Year range bounds (inclusive); None is open."""
    high: int | None = None
    flag: bool | None = None
    """`oa:` yes or no."""


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search: all terms must hold. An empty query matches every record."""

    terms: tuple[Term, ...] = ()
    text: str = ""
    hint: str = ""
    """Why part of the text was ignored; empty when everything was understood."""

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def has_words(self) -> bool:
        """Free words (not negated) are present: the ranking by where they hit applies."""
        return any(t.field == "text" and not t.negated for t in self.terms)

    def matches(self, record: Record) -> bool:
        """Evaluate on one record in memory, with the same meaning as the index's search."""
        return all(_term_matches(t, record) != t.negated for t in self.terms)


def _split(text: str) -> Iterable[tuple[bool, str, str | None, bool, bool]]:
    """Lex into (negated, word-or-value, field-or-None, quoted, closed-quote)."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = False
        if text[i] == "-" and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
        field_name: str | None = None
        match = re.match(r"([A-Za-z]+):", text[i:])
        if match and match.group(1).lower() in FIELD_ALIASES:
            field_name = match.group(1).lower()
            i += match.end()
        elif (match and i + match.end() < n and not text[i + match.end()].isspace()
              and match.group(1).lower() not in ("http", "https")):
            field_name = "?" + match.group(1)  # unknown field: searched as words, with a hint
        if i < n and text[i] == '"':
            end = text.find('"', i + 1)
            closed = end != -1
            end = end if closed else n
            yield negated, text[i + 1:end], field_name, True, closed
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace():
            i += 1
        yield negated, text[start:i], field_name, False, True


def _year(value: str) -> tuple[int | None, int | None] | None:
    match = _YEAR.match(value.strip())
    if not match or not value.strip():
        return None
    low, sep, high = match.groups()
    if not sep:
        return (int(low), int(low)) if low else None
    if not low and not high:
        return None
    lo, hi = (int(low) if low else None), (int(high) if high else None)
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return lo, hi


def parse_query(text: str) -> tuple[Query, str]:
    """Parse the search box. Returns the query and a hint (empty when all was understood)."""
    text = text or ""
    terms: list[Term] = []
    hints: list[str] = []
    last_bare: int | None = None
    for negated, raw, field_name, quoted, closed in _split(text[:2000]):
        if quoted and not closed and HINT_QUOTE not in hints:
            hints.append(HINT_QUOTE)
        name = FIELD_ALIASES.get(field_name or "", field_name)
        if name and name.startswith("?"):
            hints.append(f"unknown filter {name[1:]}: (try author:, title:, year:, type:, has:)")
            name = None  # the raw text still holds "name:", searched as words
        value = raw.strip()
        if name is None:
            words = tuple(tokens(value))
            if not words:
                continue
            terms.append(Term("text", " ".join(words), words, phrase=quoted or len(words) > 1,
                              negated=negated))
            last_bare = None if quoted and closed else len(terms) - 1
            continue
        last_bare = None
        if not value:
            hints.append(f"{name}: needs a value")
            continue
        if name in TEXT_FIELDS:
            words = tuple(tokens(value))
            if words:
                terms.append(Term(name, " ".join(words), words, prefix=True,
                                  phrase=quoted or len(words) > 1, negated=negated))
        elif name == "doi":
            doi = normal_doi(value)
            if doi:
                terms.append(Term("doi", doi, negated=negated))
        elif name == "type":
            terms.append(Term("type", "-".join(tokens(value)) or value.lower(), negated=negated))
        elif name == "licence":
            terms.append(Term("licence", value.lower(), negated=negated))
        elif name == "year":
            bounds = _year(value)
            if bounds is None:
                hints.append(HINT_YEAR)
            else:
                terms.append(Term("year", value, low=bounds[0], high=bounds[1], negated=negated))
        elif name == "oa":
            low = value.lower()
            if low in _YES or low in _NO:
                terms.append(Term("oa", low, flag=low in _YES, negated=negated))
            else:
                hints.append(HINT_OA)
        elif name == "has":
            what = _HAS_ALIASES.get(value.lower())
            if what is None:
                hints.append(HINT_HAS)
            else:
                terms.append(Term("has", what, negated=negated))
    # The word being typed matches as a prefix; a trailing space says the word is complete.
    if last_bare is not None and not terms[last_bare].negated and not text[-1:].isspace():
        term = terms[last_bare]
        terms[last_bare] = Term(term.field, term.value, term.words, prefix=True, phrase=term.phrase)
    hint = "; ".join(dict.fromkeys(hints))
    return Query(tuple(terms), text, hint), hint


# -- evaluation in memory (the index mirrors this in SQL) ------------------------------------


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


def _has_word(word: str, haystack: list[str], prefix: bool) -> bool:
    return any(t.startswith(word) for t in haystack) if prefix else word in haystack


def search_fields(record: Record) -> tuple[str, str, str, str, str, str]:
    """The texts the index searches: title, people, abstract, keywords, journal, DOI (unfolded)."""
    people = " ; ".join(p.display() for p in (*record.authors, *record.editors))
    return (record.title, people, record.abstract or "", " ; ".join(record.keywords),
            record.container_title or "", record.doi or "")


def is_pdf_available(record: Record) -> bool:
    return any(f.is_pdf and not f.withdrawn for f in record.files)


def _term_matches(term: Term, record: Record) -> bool:
    if term.field == "text":
        # Each word may hit a different field; a phrase must sit within one field.
        fields = [tokens(t) for t in search_fields(record)]
        if term.phrase:
            return any(_has_words(term.words, f, term.prefix, True) for f in fields)
        return all(any(_has_word(w, f, term.prefix and i == len(term.words) - 1) for f in fields)
                   for i, w in enumerate(term.words))
    if term.field in TEXT_FIELDS:
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
    return False


def licence_key(record: Record) -> str:
    """The normalised licence id as filters see it (lower case); the name when there is no id."""
    lic = record.licence
    return ((lic.id or lic.name or lic.url or "") if lic else "").lower()


def quote_value(value: str) -> str:
    """A filter value as query text: quoted when it holds spaces (for facet selections)."""
    return f'"{value}"' if any(c.isspace() for c in value) or not value else value


__all__ = ["Query", "Term", "fast_fold", "parse_query", "tokens", "type_slug"]
