"""Render records in a citation style: batching, grouping, caching and the house shortcut.

`Citer` is what the TUI and the CLI call. It is pure (the engine that runs pandoc is handed in)
and thread-safe: a Textual thread worker may call it while the UI thread reads the cache.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from repotui.core.citation.csl import record_to_csl
from repotui.core.citation.fixes import apply_fixes, apply_in_text_fixes, prepare_item
from repotui.core.citation.in_text import CiteItem, InText, cite_ref, join_clusters
from repotui.core.citation.model import (
    Citation,
    CitationEngine,
    CitationError,
    CiteRef,
    Job,
    Segment,
    strip_controls,
)
from repotui.core.citation.styles import HOUSE, StyleInfo, punctuation_in_quote, resolve_style
from repotui.core.model import Record

#: BCP 47 as CSL uses it: language, optional script and region, optional private use
#: ("en-US-x-sort-ja-alalc97"). Nothing else reaches a process.
_LOCALE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-x(?:-[A-Za-z0-9]{1,8})+)?$")
#: How many records go to the engine in one request (bounded so cancel is checked often).
CHUNK = 100


def check_locale(locale: str | None) -> str | None:
    """`en-GB`, `en-US`, `de`, ...: refuse anything else before it reaches a process. None means
    the style's own `default-locale` (else en-US)."""
    if locale is not None and not _LOCALE.match(locale):
        raise CitationError(f"not a locale: {locale!r} (expected something like en-GB or en-US)")
    return locale


def _conflict_keys(item: dict[str, Any], author_date: bool) -> tuple[object, object]:
    """Two keys; items sharing either may change each other's rendering in one run.

    The first: the first author's (or editor's) family name, with the year in author-date styles.
    Citations that print alike ("Smith et al., 2020") get added names or year suffixes; only the
    first name counts because "et al." hides the rest. The second: the whole name list, which
    styles replace by "———" when it repeats. Without names, the title stands in.
    """
    for role in ("author", "editor"):
        names = item.get(role)
        if names:
            families = tuple(str(n.get("family") or n.get("literal") or n.get("given") or "").casefold()
                             for n in names)
            year = str(item.get("issued", "")) if author_date else ""
            return ("first", families[0], year), ("names", families)
    title = str(item.get("title", "")).casefold()
    return ("first", title, ""), ("names", (title,))


_LABEL = re.compile(r"^(\[?)\d+")


def independent_groups(items: Sequence[dict[str, Any]], alone: bool = False,
                       author_date: bool = False) -> list[list[dict[str, Any]]]:
    """Split items into groups whose members cannot affect each other's rendering (see
    `_conflict_keys`). `alone`: every item in its own group (numeric styles whose number is
    inline text)."""
    if alone:
        return [[item] for item in items]
    groups: list[tuple[set[object], list[dict[str, Any]]]] = []
    for item in items:
        keys = _conflict_keys(item, author_date)
        for taken, members in groups:
            if not taken.intersection(keys):
                taken.update(keys)
                members.append(item)
                break
        else:
            groups.append((set(keys), [item]))
    return [members for _taken, members in groups]


def engine_item(record: Record, info: StyleInfo) -> dict[str, Any]:
    """The record's CSL-JSON as `info`'s engine run needs it: abstract and keywords only for
    styles that name them (annotated bibliographies), an article number moved out of `page`
    only for styles that print `number` (elsewhere it stays a page and is still printed)."""
    return record_to_csl(record, full=info.uses("abstract") or info.uses("keyword"),
                         article_number=info.uses("number"))


def _lost_number(record: Record, item: dict[str, Any], segments: Sequence[Segment] | None) -> bool:
    """True when an article number moved out of `page` did not reach the rendered text."""
    number = item.get("number")
    if not number or "page" in item or not record.csl.get("page") or record.csl.get("number"):
        return False
    if segments is None:
        return False
    text = "".join(s.text for s in segments)
    for link in (item.get("DOI"), item.get("URL")):  # "…/cybsec/tyac012" in a DOI is not the number
        if isinstance(link, str) and link:
            text = text.replace(link, "")
    return str(number) not in text


def _as_page(record: Record, info: StyleInfo, item: dict[str, Any]) -> dict[str, Any]:
    fresh = record_to_csl(record, full=info.uses("abstract") or info.uses("keyword"), article_number=False)
    fresh["id"] = item["id"]
    return fresh


def _digest(item: dict[str, Any]) -> str:
    return hashlib.blake2b(json.dumps(item, sort_keys=True, ensure_ascii=False).encode(),
                           digest_size=12).hexdigest()


class Citer:
    """Citations for records, cached per (record id, record content, style, locale).

    `use_house_citation`: for the house style, print the repository's own citation
    (`house-citation`) as-is when a record has one, else render house.csl.
    """

    def __init__(self, engine: CitationEngine, *, use_house_citation: bool = True,
                 cache_size: int = 4096) -> None:
        self.engine = engine
        self.use_house_citation = use_house_citation
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, str, str, str], Citation] = OrderedDict()
        self._in_text_cache: OrderedDict[tuple[object, ...], InText] = OrderedDict()
        self._styles: dict[str, StyleInfo] = {}
        self._lock = threading.Lock()

    def style(self, spec: str) -> StyleInfo:
        """Resolve a style name or path once (raises UnknownStyle naming it)."""
        with self._lock:
            info = self._styles.get(spec)
        if info is None:
            info = resolve_style(spec)
            with self._lock:
                self._styles[spec] = info
        return info

    def cached(self, record: Record, style: str, locale: str | None) -> Citation | None:
        """The citation `render` would return, when it needs no engine run (cached, or the
        record's own house citation): for the UI thread. The house citation must count here, or
        the detail pane shows such a record without it and lays it out again when it arrives."""
        house = self._house(record, style, locale)
        if house is not None:
            return house
        key = (record.id, _digest(record_to_csl(record)), style, locale or "")
        with self._lock:
            return self._cache.get(key)

    def _house(self, record: Record, style: str, locale: str | None) -> Citation | None:
        """The repository's own citation of the record, used as is for the house style."""
        if style == HOUSE and self.use_house_citation and record.house_citation:
            return Citation(record.id, style, locale, (Segment(strip_controls(record.house_citation).strip()),),
                            "repository")
        return None

    def render(self, record: Record, style: str = HOUSE, locale: str | None = None) -> Citation:
        """One record's citation (a reference-list entry) in `style`."""
        return self.render_many([record], style, locale)[0]

    def render_many(self, records: Sequence[Record], style: str = HOUSE, locale: str | None = None, *,
                    cancel: threading.Event | None = None,
                    progress: Callable[[int, int], None] | None = None) -> list[Citation]:
        """Each record's own citation, in the order given; batched into few engine calls."""
        check_locale(locale)
        info = self.style(style)
        lang = locale or info.default_locale  # what the engine gets; `locale` keys the caches
        out: list[Citation | None] = [None] * len(records)
        todo: list[tuple[int, dict[str, Any], tuple[str, str, str, str]]] = []  # (index, item, cache key)
        for i, record in enumerate(records):
            house = self._house(record, style, locale)
            if house is not None:
                out[i] = house
                continue
            key = (record.id, _digest(record_to_csl(record)), style, locale or "")
            with self._lock:
                hit = self._cache.get(key)
                if hit is not None:
                    self._cache.move_to_end(key)
            if hit is not None:
                out[i] = hit
            else:
                item = engine_item(record, info)
                item["id"] = f"r{i}"  # ids unique within the request whatever the records say
                todo.append((i, item, key))
        done = len(records) - len(todo)
        if progress:
            progress(done, len(records))
        for start in range(0, len(todo), CHUNK):
            if cancel is not None and cancel.is_set():
                break
            chunk = todo[start:start + CHUNK]
            rendered = self._run([prepare_item(info, item) for _i, item, _k in chunk], info, lang)
            lost = [(i, item, key) for i, item, key in chunk
                    if _lost_number(records[i], item, rendered.get(f"r{i}"))]
            if lost:  # the style printed no article number: give it back as a page
                chunk = [c for c in chunk if c not in lost]
                lost = [(i, _as_page(records[i], info, item), key) for i, item, key in lost]
                rendered.update(self._run([prepare_item(info, item) for _i, item, _k in lost], info, lang))
                chunk += lost
            for i, item, key in chunk:
                segments = rendered.get(f"r{i}")
                if segments is None:
                    raise CitationError(f"the engine returned nothing for {records[i].id!r}")
                citation = Citation(records[i].id, style, locale,
                                    apply_fixes(info, item, segments), self.engine.name)
                out[i] = citation
                self._remember(key, citation)
            done += len(chunk)
            if progress:
                progress(done, len(records))
        return [c for c in out if c is not None]

    def bibliography(self, records: Sequence[Record], style: str = HOUSE,
                     locale: str | None = None) -> list[Citation]:
        """A reference list of all `records`, ordered (and numbered) as the style does it. A record
        the style prints nothing for is left out rather than listed as an empty line."""
        check_locale(locale)
        info = self.style(style)
        lang = locale or info.default_locale  # what the engine gets; `locale` keys the caches
        items = []
        for i, record in enumerate(records):
            item = engine_item(record, info)
            item["id"] = f"r{i}"
            items.append(item)
        if not items:
            return []
        moving = punctuation_in_quote(info, locale)
        groups = self.engine.render([[prepare_item(info, i) for i in items]], info.path, lang,
                                    punctuation_in_quote=moving)
        lost = {entry_id for entry_id, segments in groups[0]
                if _lost_number(records[int(entry_id[1:])], items[int(entry_id[1:])], segments)}
        if lost:  # the style printed no article number: give it back as a page, render again
            for entry_id in lost:
                index = int(entry_id[1:])
                items[index] = _as_page(records[index], info, items[index])
            groups = self.engine.render([[prepare_item(info, i) for i in items]], info.path, lang,
                                        punctuation_in_quote=moving)
        citations = []
        for entry_id, segments in groups[0]:
            if not segments:  # the style prints nothing for this item: no blank line in the list
                continue
            index = int(entry_id[1:])
            record = records[index]
            if style == HOUSE and self.use_house_citation and record.house_citation:
                segments = (Segment(strip_controls(record.house_citation).strip()),)
            citations.append(Citation(record.id, style, locale, apply_fixes(info, items[index], segments),
                                      self.engine.name))
        return citations

    def in_text(self, items: Sequence[Record | CiteItem], style: str = HOUSE, locale: str | None = None, *,
                narrative: bool = False, keep_order: bool = False) -> InText:
        """The in-text citation of `items` (records, or CiteItems with a page locator) in `style`:
        "(Beckerman, 2022)", narrative "Beckerman (2022)", "[1]" in numeric styles, the footnote's
        text in note styles. Several items make one cluster, ordered, collapsed ("[1]–[3]") and
        disambiguated ("2020a, 2020b") as the style does it; numbers count from 1 in citation order.
        The items are cited in reference-list order (so "2020a" comes before "2020b" and a style
        without a citation sort still gets a stable order), unless `keep_order` (the order given,
        as in a document). Narrative citations of several records are rendered one per record, joined by "; ".
        A style without a narrative form (`StyleInfo.has_narrative`: numeric and note styles)
        gives its normal form, with `InText.narrative` False so the caller can say so.

        Blocking (a few ms to tens of ms): call it from a thread worker. Raises CitationError
        (nothing to cite, a bad locator, the engine failing) and UnknownStyle.
        """
        check_locale(locale)
        info = self.style(style)
        lang = locale or info.default_locale  # what the engine gets; `locale` keys the caches
        narrative = narrative and info.has_narrative
        cites = [i if isinstance(i, CiteItem) else CiteItem(i) for i in items]
        if not cites:
            raise CitationError("nothing to cite")
        ids: dict[str, str] = {}
        csl_items: list[dict[str, Any]] = []
        refs: list[CiteRef] = []
        key_parts: list[object] = []
        mode = "author-in-text" if narrative else "normal"
        for cite in cites:
            rid = cite.record.id
            if rid not in ids:
                ids[rid] = f"r{len(ids)}"
                item = engine_item(cite.record, info)
                key_parts.append((rid, _digest(item)))
                item["id"] = ids[rid]
                csl_items.append(prepare_item(info, item))
            ref = cite_ref(ids[rid], cite, mode)
            refs.append(ref)
            key_parts.append(tuple(ref))
        key = (tuple(key_parts), style, locale or "", narrative, keep_order)
        with self._lock:
            hit = self._in_text_cache.get(key)
        if hit is not None:
            return hit
        moving = punctuation_in_quote(info, locale)
        if not keep_order and len(ids) > 1:
            listed = self.engine.run([Job(csl_items, info.path, lang, all_items=True)])[0]
            if listed.error is not None:
                raise CitationError(f"the engine could not render the citation: {listed.error}")
            rank = {entry_id: n for n, (entry_id, _segments) in enumerate(listed.entries)}
            refs.sort(key=lambda ref: rank.get(ref.id, len(rank)))
        clusters = [[ref] for ref in refs] if narrative else [refs]
        result = self.engine.run([Job(csl_items, info.path, lang, clusters, notes=info.note,
                                      punctuation_in_quote=moving)])[0]
        if result.error is not None:
            raise CitationError(f"the engine could not render the citation: {result.error}")
        segments = apply_in_text_fixes(info, join_clusters(result.citations), narrative=narrative)
        citation = InText(tuple(ids), style, locale, segments, narrative, self.engine.name)
        with self._lock:
            self._in_text_cache[key] = citation
            while len(self._in_text_cache) > self.cache_size:
                self._in_text_cache.popitem(last=False)
        return citation

    def _run(self, items: list[dict[str, Any]], info: StyleInfo,
             locale: str | None) -> dict[str, tuple[Segment, ...]]:
        # A numeric style numbers a group's entries 1, 2, 3...; a lone citation is number 1. Where
        # the number is a margin label ("[7] ", "7. ") it is reset to 1 after rendering, so the
        # batch can share one engine run; otherwise each item is rendered on its own.
        groups = independent_groups(items, info.numeric and not info.margin_label,
                                    info.citation_format == "author-date")
        relabel = info.numeric and info.margin_label
        rendered: dict[str, tuple[Segment, ...]] = {}
        for group in self.engine.render(groups, info.path, locale,
                                        punctuation_in_quote=punctuation_in_quote(info, locale)):
            for entry_id, segments in group:
                if relabel and segments:
                    first = segments[0]
                    segments = (first._replace(text=_LABEL.sub(r"\g<1>1", first.text, count=1)), *segments[1:])
                rendered[entry_id] = segments
        return rendered

    def _remember(self, key: tuple[str, str, str, str], citation: Citation) -> None:
        with self._lock:
            self._cache[key] = citation
            self._cache.move_to_end(key)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._in_text_cache.clear()
            self._styles.clear()


def plain_bibliography(citations: Iterable[Citation]) -> str:
    """Citations one per line: what the clipboard and `repotui cite` get for several records."""
    return "\n".join(c.text for c in citations)


def html_bibliography(citations: Iterable[Citation]) -> str:
    """Citations as HTML paragraphs, one per reference: the clipboard's HTML flavour for several
    records (a word processor makes each a paragraph, keeping the italics)."""
    return "".join(f"<p>{c.html}</p>" for c in citations)
