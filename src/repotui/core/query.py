"""The search box language, parsed into a Query value that the index (or a plain list) evaluates.

    cyber secur                   every word must match (title, authors, abstract, keywords,
                                  journal, DOI); the last bare word matches as a prefix
                                  (unless a space follows it: "cyber " is the whole word)
    "cyber security"              a phrase
    author:beck  title:dilemma    field filters (author, title and journal match words; the
    journal:"cyber"  doi:10.1093  last word of a value is a prefix; doi is a prefix of the DOI)
    type:article                  the CSL type or its friendly name (article-journal is "Article")
    year:2019  year:2019..2022    a year or a range, open ranges `..2019` and `2019..`
    licence:cc-by  license:cc0    a prefix of the normalised licence id ("cc-by" quoted: exactly it)
    oa:yes  oa:no                 open access now
    has:pdf has:abstract has:doi  has:licence
    ref:not-compliant             REF 2021 verdict (compliant, not-compliant, out-of-scope,
    ref2029:will-become           will-become, cannot-tell); ref2029: the REF 2029 one
    embargoed:yes                 a file (or the record) is under embargo today
    -word  -author:x  -has:pdf    any term can be negated

Matching is case- and accent-insensitive: both sides go through `fold` ("Ørsted" → "orsted").
Parsing never raises: what cannot be understood is dropped and explained in a short hint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from repotui.core.model import TYPE_NAMES, Record
from repotui.core.ref.result import parse_verdict
from repotui.core.text import fold

FilterField = Literal["author", "title", "journal", "doi", "type", "year", "licence", "oa", "has",
                      "ref", "ref2029", "embargoed"]
"""A field a term can name (`author:beck`)."""
TermField = Literal["text", FilterField]
"""What a term tests: "text" for free words, else the field it names."""

#: Fields that match words (through the full-text index); `doi` is a prefix of the bare DOI.
TEXT_FIELDS: tuple[FilterField, ...] = ("author", "title", "journal")
#: Every name a field may be written as, to its canonical name.
FIELD_ALIASES: dict[str, FilterField] = {
    "author": "author", "authors": "author", "au": "author",
    "title": "title", "ti": "title",
    "journal": "journal", "container": "journal",
    "doi": "doi",
    "type": "type",
    "year": "year",
    "licence": "licence", "license": "licence",
    "oa": "oa",
    "has": "has",
    # REF open-access verdicts (issue 12); `ref:` is REF 2021.
    "ref": "ref", "ref2021": "ref", "ref2029": "ref2029",
    "embargoed": "embargoed", "embargo": "embargoed",
}
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
    ("ref:compliant  ref:not-compliant", "REF 2021 open-access verdict: compliant, not-compliant, "
                                         "out-of-scope, will-become, cannot-tell"),
    ("ref2029:will-become", "the REF 2029 verdict (same words)"),
    ("embargoed:yes  embargoed:no", "a file (or the record) is under embargo today"),
    ("-word  -author:smith  -has:pdf", "a leading minus excludes"),
)

HINT_YEAR = "year: expects YYYY or YYYY..YYYY"
HINT_OA = "oa: expects yes or no"
HINT_HAS = "has: expects pdf, abstract, doi or licence"
HINT_QUOTE = "a quote is not closed"
HINT_REF = "{name}: expects compliant, not-compliant, out-of-scope, will-become or cannot-tell"
HINT_EMBARGOED = "embargoed: expects yes or no"
#: The yes/no filters and the hint each gives for any other value.
_YES_NO_HINTS: dict[FilterField, str] = {"oa": HINT_OA, "embargoed": HINT_EMBARGOED}


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

    field: TermField
    value: str = ""
    """Folded value: the phrase text, type, licence prefix, DOI prefix, `has` name or REF verdict
    (`Verdict.value`, e.g. `will-become-compliant`)."""
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
    """`oa:` and `embargoed:` yes or no."""


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
        match = re.match(r"([A-Za-z][A-Za-z0-9]*):", text[i:])  # digits: `ref2029:`
        if match and match.group(1).lower() in FIELD_ALIASES:
            field_name = match.group(1).lower()
            i += match.end()
        elif (match and match.group(1).isalpha() and i + match.end() < n and not text[i + match.end()].isspace()
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


def _filter_term(name: FilterField, value: str, quoted: bool, negated: bool, hints: list[str]) -> Term | None:
    """The term for `name:value` (value not empty), or None after adding a hint (or, for a
    value with no searchable characters, silently)."""
    if name in TEXT_FIELDS:
        words = tuple(tokens(value))
        if not words:
            return None
        return Term(name, " ".join(words), words, prefix=True, phrase=quoted or len(words) > 1, negated=negated)
    if name == "doi":
        doi = normal_doi(value)
        return Term("doi", doi, negated=negated) if doi else None
    if name == "type":
        return Term("type", "-".join(tokens(value)) or value.lower(), negated=negated)
    if name == "licence":
        return Term("licence", value.lower(), phrase=quoted, negated=negated)
    if name == "year":
        bounds = _year(value)
        if bounds is None:
            hints.append(HINT_YEAR)
            return None
        return Term("year", value, low=bounds[0], high=bounds[1], negated=negated)
    if name in _YES_NO_HINTS:  # oa:, embargoed:
        low = value.lower()
        if low in _YES or low in _NO:
            return Term(name, low, flag=low in _YES, negated=negated)
        hints.append(_YES_NO_HINTS[name])
        return None
    if name in ("ref", "ref2029"):
        verdict = parse_verdict(value)
        if verdict is None:
            hints.append(HINT_REF.format(name=name))
            return None
        return Term(name, verdict.value, negated=negated)
    what = _HAS_ALIASES.get(value.lower())  # name == "has"
    if what is None:
        hints.append(HINT_HAS)
        return None
    return Term("has", what, negated=negated)


def parse_query(text: str) -> tuple[Query, str]:
    """Parse the search box. Returns the query and a hint (empty when all was understood)."""
    text = text or ""
    terms: list[Term] = []
    hints: list[str] = []
    last_bare: int | None = None
    for negated, raw, field_name, quoted, closed in _split(text[:2000]):
        if quoted and not closed and HINT_QUOTE not in hints:
            hints.append(HINT_QUOTE)
        name: FilterField | None = None
        if field_name is not None and field_name.startswith("?"):
            # The raw text still holds "name:", searched as words.
            hints.append(f"unknown filter {field_name[1:]}: (try author:, title:, year:, type:, has:)")
        elif field_name is not None:
            name = FIELD_ALIASES[field_name]
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
        term = _filter_term(name, value, quoted, negated, hints)
        if term is not None:
            terms.append(term)
    # The word being typed matches as a prefix; a trailing space says the word is complete.
    if last_bare is not None and not terms[last_bare].negated and not text[-1:].isspace():
        term = terms[last_bare]
        terms[last_bare] = Term(term.field, term.value, term.words, prefix=True, phrase=term.phrase)
    hint = "; ".join(dict.fromkeys(hints))
    return Query(tuple(terms), text, hint), hint


# -- what the index stores for a record (`index.schema`) -----------------------------------


def search_fields(record: Record) -> tuple[str, str, str, str, str, str]:
    """The texts the index searches: title, people, abstract, keywords, journal, DOI (unfolded)."""
    people = " ; ".join(p.display() for p in (*record.authors, *record.editors))
    return (record.title, people, record.abstract or "", " ; ".join(record.keywords),
            record.container_title or "", record.doi or "")


def is_pdf_available(record: Record) -> bool:
    return any(f.is_pdf and not f.withdrawn for f in record.files)


def licence_key(record: Record) -> str:
    """The normalised licence id as filters see it (lower case); the name when there is no id."""
    lic = record.licence
    return ((lic.id or lic.name or lic.url or "") if lic else "").lower()


def quote_value(value: str) -> str:
    """A filter value as query text: quoted when it holds spaces (for facet selections)."""
    return f'"{value}"' if any(c.isspace() for c in value) or not value else value


__all__ = ["FilterField", "Query", "Term", "TermField", "fast_fold", "is_pdf_available", "licence_key",
           "normal_doi", "parse_query", "quote_value", "search_fields", "tokens", "type_slug"]
