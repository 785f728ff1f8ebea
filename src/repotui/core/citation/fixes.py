"""Corrections around the engine, each for a documented reason (see .notes/citations.md).

`prepare_item` adjusts the CSL-JSON an engine sees where a style's logic and the style guide
disagree about data we have; `apply_fixes` repairs the rendered text. Both are keyed on the
independent style's name, so dependent styles of a family get the same corrections. Every fix
is exercised by a golden file under tests/golden/citations/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from repotui.core.citation.data_rules import apply_data_rules, expand_page_ranges
from repotui.core.citation.model import Segment
from repotui.core.citation.styles import HOUSE_PATH, StyleInfo

#: house.csl writes its straight quotes as this private-use character (pandoc curls "'").
HOUSE_QUOTE = "\ue001"
_HOUSE_STOP_AFTER_MARK = re.compile("([?!]\ue001)\\.")

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
    genre = item.get("genre")
    if _is(style, "apa") and kind == "thesis" and isinstance(genre, str):
        # APA 7 §10.6: the description is "Doctoral dissertation" or "Master's thesis"; a thesis in
        # a repository is published (Example 65): "[Doctoral dissertation, University]. Archive."
        item["genre"] = _thesis_kind(genre, "Doctoral dissertation", "Master's thesis")
        if isinstance(item.get("publisher"), str):
            item["genre"] = f"{item['genre']}, {item.pop('publisher')}"
            item.pop("publisher-place", None)
    if _is(style, "ieee") and kind == "thesis" and isinstance(genre, str):
        # IEEE Reference Guide, theses: "Ph.D. dissertation", "M.S. thesis".
        item["genre"] = _thesis_kind(genre, "Ph.D. dissertation", "M.S. thesis")
    if _is(style, "nlm-citation") and kind == "thesis" and isinstance(genre, str):
        # Citing Medicine ch. 6: "[dissertation]", "[master's thesis]".
        item["genre"] = _thesis_kind(genre, "dissertation", "master's thesis")
    if _is(style, "nlm-citation") and kind == "report" and isinstance(genre, str) \
            and genre.strip().lower().endswith("report"):
        # Citing Medicine ch. 15: "Title. Place: Publisher; Year. Report No.: 42." (no "[Technical report]").
        item.pop("genre")
    if _is(style, "ieee") and kind == "chapter" and isinstance(item.get("container-title"), str):
        item["container-title"] = headline_case(item["container-title"])  # a book title: title case
    if _is(style, "ieee") and isinstance(genre, str) and genre.strip().lower() == "technical report":
        item["genre"] = "Tech. Rep."  # IEEE Reference Guide, technical reports: "Tech. Rep. TR-0200"
    if _is(style, "harvard-cite-them-right") and kind == "article-journal" and item.get("number") \
            and not item.get("page"):
        # Cite Them Right: an article number stands where the pages go ("8(1), tyac012"); the
        # style prints no `number` for articles, so it goes in as the page (label removed after).
        item["page"] = item["number"]
    if _is(style, "harvard-cite-them-right") and kind == "dataset":
        # Cite Them Right: a dataset is a stand-alone work, italic title + "[Dataset]" (added after).
        item["type"] = "book"
    if _is(style, "modern-language-association") and isinstance(item.get("publisher"), str):
        item["publisher"] = mla_publisher(item["publisher"])
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


_PHD = re.compile(r"\b(?:ph\.?\s?d|d\.?\s?phil|doctor(?:al|ate)?|dr\.?\s?phil|ed\.?\s?d)\b", re.IGNORECASE)
_MASTERS = re.compile(r"\b(?:master'?s?|m\.?\s?(?:sc|a|phil|res|ed|eng|litt)\.?)(?:\b|$)", re.IGNORECASE)


def _thesis_kind(genre: str, doctoral: str, masters: str) -> str:
    """A record's thesis description ("PhD thesis", "MSc by Research") in a guide's words."""
    if _PHD.search(genre):
        return doctoral
    if _MASTERS.search(genre):
        return masters
    return genre


def mla_publisher(name: str) -> str:
    """MLA Handbook (9th ed.): "University Press" becomes "UP", otherwise "University" "U" and
    "Press" "P" in a publisher's name (Oxford UP, U of Chicago P, Durham U)."""
    name = re.sub(r"\bUniversity Press\b", "UP", name)
    name = re.sub(r"\bUniversity\b", "U", name)
    return re.sub(r"\bPress\b", "P", name)


_NLM_PAGES = re.compile(r"(:|\bp\. )([A-Za-z]?\d+)–([A-Za-z]?\d+)")


def apply_fixes(style: StyleInfo, item: dict[str, Any], segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Return corrected segments for `style` (unchanged when no fix applies)."""
    if style.path == HOUSE_PATH:
        # "'…which metric performs best?'." : a title's own ? or ! ends the sentence (no container follows).
        segments = tuple(s._replace(text=_HOUSE_STOP_AFTER_MARK.sub(r"\1", s.text).replace(HOUSE_QUOTE, "'"))
                         for s in segments)
    if _is(style, "nlm-citation"):
        # Citing Medicine writes page ranges with a hyphen ("284-7"); CSL processors use an en dash.
        segments = tuple(s._replace(text=_NLM_PAGES.sub(r"\1\2-\3", s.text)) for s in segments)
    if _is(style, "nlm-citation") and item.get("type") == "report":
        segments = tuple(s._replace(text=s.text.replace("Report no.: ", "Report No.: ")) for s in segments)
    if _is(style, "nlm-citation") and "issued" not in item:
        segments = _nlm_date_unknown(item, segments)
    number = item.get("number")
    if _is(style, "modern-language-association") and number and item.get("type") == "article-journal":
        # The MLA style prints an article number as a second "no."; MLA's location element puts
        # it after the date, as "article tyac012" (cf. APA "Article tyac012").
        pattern = re.compile(rf", no\. {re.escape(str(number))}(, (?:\d{{4}}|[A-Z][a-z]+\.? \d{{4}}))?")
        segments = tuple(s._replace(text=pattern.sub(lambda m: f"{m.group(1) or ''}, article {number}", s.text))
                         for s in segments)
    if _is(style, "apa"):
        # APA 7 §10.9 (Example 68): the description is "[Data set]", two words.
        segments = tuple(s._replace(text=s.text.replace("[Dataset]", "[Data set]")) for s in segments)
    if _is(style, "ieee") and number:
        # IEEE Reference Guide, "Article with ID number": "vol. x, no. x, Abbrev. Month Year, Art. no.
        # xx, doi: ..."; the style puts the article number before the date.
        pattern = re.compile(rf", (Art\. no\. {re.escape(str(number))}), ((?:[A-Z][a-z]{{2,3}}\.? )?\d{{4}}[a-z]?)")
        segments = tuple(s._replace(text=pattern.sub(r", \2, \1", s.text)) for s in segments)
    if _is(style, "ieee") and item.get("type") == "chapter":
        # IEEE Reference Guide: "in Plastics, 2nd ed., vol. 3, J. Peters, Ed. New York: McGraw-Hill".
        segments = tuple(s._replace(text=re.sub(r"\b(Eds?\.), (?=[^,]+:)", r"\1 ", s.text)) for s in segments)
    if _is(style, "harvard-cite-them-right"):
        segments = _ctr(item, segments)
    return segments


def _ctr(item: dict[str, Any], segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    number, kind = item.get("number"), item.get("type")
    if kind == "article-journal" and number and not item.get("page"):
        pattern = re.compile(rf"\bp?p\. ({re.escape(str(number))})\b")
        segments = tuple(s._replace(text=pattern.sub(r"\1", s.text)) for s in segments)
    if kind == "dataset":
        out, done = [], False
        for seg in segments:
            out.append(seg)
            if seg.italic and not done:
                out.append(Segment(" [Dataset]"))
                done = True
        segments = tuple(out)
    editors = item.get("editor")
    if kind == "chapter" and isinstance(editors, list) and editors:
        # Cite Them Right: "in Smith, S.M. (ed.) Title"; the style prints "in S.M. Smith (ed.)".
        given_first = [_ctr_name(n, inverted=False) for n in editors]
        inverted = [_ctr_name(n, inverted=True) for n in editors]
        if all(given_first) and all(inverted):
            before, after = _ctr_join(given_first), _ctr_join(inverted)
            segments = tuple(s._replace(text=s.text.replace(f"in {before} (ed", f"in {after} (ed"))
                             for s in segments)
    return segments


def _ctr_name(name: Any, *, inverted: bool) -> str:
    if not isinstance(name, dict) or not name.get("family"):
        return ""
    initials = "".join(f"{part[0]}." for part in re.split(r"[\s.]+", str(name.get("given", ""))) if part)
    family = str(name["family"])
    if not initials:
        return family
    return f"{family}, {initials}" if inverted else f"{initials} {family}"


def _ctr_join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def apply_in_text_fixes(style: StyleInfo, segments: tuple[Segment, ...], *,
                        narrative: bool = False) -> tuple[Segment, ...]:
    """Corrections for an in-text citation (none of the reference-list fixes concern it)."""
    # An item that prints nothing inside a cluster leaves its delimiter behind: "(Smith 2000, )".
    segments = tuple(s._replace(text=_DANGLING.sub(r"\1", s.text)) for s in segments)
    if _is(style, "apa") and narrative:
        # APA 7 §8.17: "&" inside parentheses, "and" in running text ("Beckerman and Lindqvist (2022)").
        segments = tuple(s._replace(text=_outside_parentheses(s.text, lambda t: t.replace(" & ", " and ")))
                         for s in segments)
    if style.path == HOUSE_PATH:
        segments = tuple(s._replace(text=s.text.replace(HOUSE_QUOTE, "'")) for s in segments)
    if _is(style, "ieee"):
        # IEEE Editorial Style Manual: "[2], [4]–[7], [9]"; pandoc does not collapse the style's
        # bracketed numbers. Three or more consecutive numbers become a range.
        segments = tuple(s._replace(text=collapse_bracket_ranges(s.text)) for s in segments)
    return segments


def _outside_parentheses(text: str, change: Callable[[str], str]) -> str:
    parts = re.split(r"(\([^()]*\))", text)
    return "".join(part if part.startswith("(") else change(part) for part in parts)


_DANGLING = re.compile(r"[,;]\s*([)\]])")
_BRACKETS = re.compile(r"\[(\d+)\](?:, \[\d+\])+")


def collapse_bracket_ranges(text: str) -> str:
    """"[1], [2], [3], [5]" → "[1]–[3], [5]" (runs of three or more)."""
    def collapse(match: re.Match[str]) -> str:
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", match.group(0))]
        parts, run = [], [numbers[0]]
        for n in numbers[1:]:
            if n == run[-1] + 1:
                run.append(n)
            else:
                parts.append(run)
                run = [n]
        parts.append(run)
        return ", ".join(f"[{r[0]}]–[{r[-1]}]" if len(r) >= 3 else ", ".join(f"[{n}]" for n in r) for r in parts)

    return _BRACKETS.sub(collapse, text)


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
