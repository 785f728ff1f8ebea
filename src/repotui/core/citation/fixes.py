"""Corrections around the engine, each for a documented reason (see .notes/citations.md).

`prepare_item` adjusts the CSL-JSON an engine sees where a style's logic and the style guide
disagree about data we have; `apply_fixes` repairs the rendered text. Both are keyed on the
independent style's name, so dependent styles of a family get the same corrections. Every fix
is exercised by a golden file under tests/golden/citations/.
"""

from __future__ import annotations

import re
from typing import Any

from repotui.core.citation.data_rules import apply_data_rules, expand_page_ranges
from repotui.core.citation.model import Segment
from repotui.core.citation.styles import HOUSE_PATH, StyleInfo

#: house.csl writes its straight quotes as this private-use character (pandoc curls "'").
HOUSE_QUOTE = "\ue001"

#: Prepositions that headline style (Chicago 8.159, MLA 1.2) lowercases but CSL's title-case
#: stop-word list does not know, so CSL processors capitalise them ("Carbon Under Grazing").
_LONG_PREPOSITIONS = frozenset([
    "about", "above", "across", "after", "against", "along", "amid", "among", "around", "before",
    "behind", "below", "beneath", "beside", "besides", "between", "beyond", "despite", "during",
    "except", "inside", "near", "off", "onto", "outside", "past", "since", "than", "through",
    "throughout", "toward", "towards", "under", "underneath", "unlike", "until", "upon", "versus",
    "within", "without",
])
#: CSL's own title-case stop words plus the prepositions above: lowercase inside a title.
_MINOR = _LONG_PREPOSITIONS | frozenset([
    "a", "an", "and", "as", "at", "but", "by", "down", "for", "from", "in", "into", "nor", "of", "on",
    "or", "over", "so", "the", "till", "to", "up", "via", "with", "yet",
])
_WORD = re.compile(r"[^\s]+")


def family(style: StyleInfo) -> str:
    """The independent style a style renders with: `apa` for `apa` and its dependents."""
    return style.path.stem


def _is(style: StyleInfo, *prefixes: str) -> bool:
    return family(style).startswith(prefixes)


def _protect_prepositions(title: str) -> str:
    """Wrap lowercase long prepositions in CSL `nocase` spans (not first/last, not after a colon)."""
    words = list(_WORD.finditer(title))
    if len(words) < 3 or "<" in title:
        return title
    out, last = [], 0
    for i, match in enumerate(words):
        word = match.group()
        after_colon = i > 0 and words[i - 1].group().endswith((":", "?", "!", "."))
        if 0 < i < len(words) - 1 and not after_colon and word in _LONG_PREPOSITIONS:
            out.append(title[last:match.start()])
            out.append(f'<span class="nocase">{word}</span>')
            last = match.end()
    out.append(title[last:])
    return "".join(out)


def headline_case(title: str) -> str:
    """Capitalise major words (first and last always, and after a colon): IEEE book titles."""
    words = list(_WORD.finditer(title))
    out, last = [], 0
    for i, match in enumerate(words):
        word = match.group()
        after_colon = i > 0 and words[i - 1].group().endswith((":", "?", "!"))
        lower = word.lower()
        if i in (0, len(words) - 1) or after_colon or lower not in _MINOR:
            new = "-".join(p[:1].upper() + p[1:] if p.islower() else p for p in word.split("-"))  # iPhone stays
        else:
            new = word
        out.append(title[last:match.start()] + new)
        last = match.end()
    out.append(title[last:])
    return "".join(out)


def prepare_item(style: StyleInfo, item: dict[str, Any]) -> dict[str, Any]:
    """The CSL-JSON item as `style` should see it (a copy; the input is not changed)."""
    # Citing Medicine keeps hyphens in ranges (see apply_fixes); every other style gets en dashes.
    item = apply_data_rules(style, dict(item), en_dash_ranges=not _is(style, "nlm-citation"))
    kind = item.get("type")
    title = item.get("title")
    if isinstance(title, str):
        item["title"] = _protect_prepositions(title)
    proceedings_book = (kind == "paper-conference" and "editor" not in item and "publisher" in item
                        and not any(k in item for k in ("volume", "issue")))
    if _is(style, "apa", "chicago", "modern-language-association") and proceedings_book:
        # APA 10.5, Chicago 14.115, MLA: a paper in proceedings published as a book is cited like
        # a chapter ("In Proceedings ... (pp. 12–19). ACM."); the styles treat a paper-conference
        # without editors as a journal article. The book form names no event.
        item["type"] = "chapter"
        item.pop("event-title", None)
        item.pop("event-place", None)
    if _is(style, "ieee") and isinstance(item.get("page"), str):
        # IEEE Reference Guide: page ranges in full ("pp. 321–328"); the style has no
        # page-range-format, so an abbreviated range in the data ("321-28") would print as is.
        item["page"] = expand_page_ranges(item["page"])
    if _is(style, "ieee") and kind == "book" and isinstance(title, str):
        item["title"] = headline_case(title)  # IEEE Reference Guide: book titles in title case
    if _is(style, "ieee") and kind == "paper-conference" and item.get("event-place"):
        # IEEE: "in Name of Conf., City, Country, year, pp."; the conference's place, not the publisher's.
        item["publisher-place"] = item["event-place"]
        item.pop("publisher", None)
    if _is(style, "nlm-citation") and kind == "paper-conference" and item.get("event-place") \
            and item.get("container-title"):
        # Citing Medicine ch. 3: the conference place follows the proceedings title.
        item["container-title"] = f"{item['container-title']}; {item['event-place']}"
    if _is(style, "harvard-cite-them-right") and kind == "paper-conference" and item.get("event-place") \
            and item.get("container-title"):
        # Cite Them Right: "Title of conference. Location and date of conference. Place: Publisher".
        item["container-title"] = f"{item['container-title']}. {item['event-place']}"
    return item


_NLM_PAGES = re.compile(r"(:|\bp\. )([A-Za-z]?\d+)–([A-Za-z]?\d+)")


def apply_fixes(style: StyleInfo, item: dict[str, Any], segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Return corrected segments for `style` (unchanged when no fix applies)."""
    if style.path == HOUSE_PATH:
        segments = tuple(s._replace(text=s.text.replace(HOUSE_QUOTE, "'")) for s in segments)
    if _is(style, "nlm-citation"):
        # Citing Medicine writes page ranges with a hyphen ("284-7"); CSL processors use an en dash.
        segments = tuple(s._replace(text=_NLM_PAGES.sub(r"\1\2-\3", s.text)) for s in segments)
    if _is(style, "nlm-citation") and "issued" not in item:
        segments = _nlm_date_unknown(item, segments)
    number = item.get("number")
    if _is(style, "modern-language-association") and number and item.get("type") == "article-journal":
        # The MLA style prints an article number as a second "no."; MLA's location element puts
        # it after the date, as "article tyac012" (cf. APA "Article tyac012").
        pattern = re.compile(rf", no\. {re.escape(str(number))}(, (?:\d{{4}}|[A-Z][a-z]+\.? \d{{4}}))?")
        segments = tuple(s._replace(text=pattern.sub(lambda m: f"{m.group(1) or ''}, article {number}", s.text))
                         for s in segments)
    return segments


def apply_in_text_fixes(style: StyleInfo, segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Corrections for an in-text citation (none of the reference-list fixes concern it)."""
    if style.path == HOUSE_PATH:
        segments = tuple(s._replace(text=s.text.replace(HOUSE_QUOTE, "'")) for s in segments)
    return segments


def _nlm_date_unknown(item: dict[str, Any], segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Citing Medicine: a missing date is printed as "[date unknown]" where the date goes
    (pandoc's citeproc prints nothing for a literal date in this style's text-form date)."""
    volume, publisher = item.get("volume"), item.get("publisher")
    if volume:
        pattern = re.compile(rf"\. ({re.escape(str(volume))})(?=[(:;.]|$)")
        repl = r". [date unknown];\1"
    elif publisher:
        pattern = re.compile(rf"({re.escape(str(publisher))})\.")
        repl = r"\1; [date unknown]."
    else:
        return segments
    out, done = [], False
    for seg in segments:
        if not done and pattern.search(seg.text):
            seg = seg._replace(text=pattern.sub(repl, seg.text, count=1))
            done = True
        out.append(seg)
    return tuple(out)
