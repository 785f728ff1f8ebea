"""Values shared by the citation code: styled segments, a rendered citation, the engine protocol."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """Drop C0/C1 controls (ESC included): citation text goes to clipboards and terminals."""
    return _CONTROL.sub("", text.replace("\t", " ").replace("\n", " "))


class Segment(NamedTuple):
    """A run of citation text and how the style sets it.

    `italic` is what the detail pane shows; all five flags reach the HTML clipboard flavour and
    the bibliography files (Nature's bold volume, small-caps authors, superscript numbers).
    """

    text: str
    italic: bool = False
    bold: bool = False
    small_caps: bool = False
    script: str = ""  # "sup" or "sub": superscript or subscript, else ""

    def same_style(self, other: Segment) -> bool:
        return self[1:] == other[1:]


_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def escape_html(text: str) -> str:
    """Record text as HTML character data: `&`, `<`, `>` and `"` escaped, nothing else read."""
    return "".join(_HTML_ESCAPES.get(ch, ch) for ch in text)


def segments_html(segments: Sequence[Segment]) -> str:
    """Segments as an HTML fragment: only `<i>`, `<b>`, `<sup>`, `<sub>` and a small-caps span
    come from the style; every character of the text is escaped, so record text cannot add
    markup (a title "<script>" stays text)."""
    out: list[str] = []
    for seg in segments:
        html = escape_html(seg.text)
        if seg.script in ("sup", "sub"):
            html = f"<{seg.script}>{html}</{seg.script}>"
        if seg.small_caps:
            html = f'<span style="font-variant:small-caps">{html}</span>'
        if seg.bold:
            html = f"<b>{html}</b>"
        if seg.italic:
            html = f"<i>{html}</i>"
        out.append(html)
    return "".join(out)


class Rendered:
    """Segments of styled text, readable as plain text (the clipboard, a terminal) or as an HTML
    fragment (the clipboard's text/html flavour): what a reference and an in-text citation share."""

    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    @property
    def html(self) -> str:
        return segments_html(self.segments)


@dataclass(frozen=True)
class Citation(Rendered):
    """One rendered reference: plain text for the clipboard, segments for styled display."""

    record_id: str
    style: str
    locale: str | None
    segments: tuple[Segment, ...]
    engine: str = "pandoc"


class CitationError(Exception):
    """A citation could not be made (unknown style, engine missing or failing); message says why."""


class UnknownStyle(CitationError):
    """No style of that name or path; `name` is what the user asked for."""

    def __init__(self, name: str, message: str | None = None) -> None:
        super().__init__(message or f"unknown citation style {name!r} (try `repotui styles WORD`)")
        self.name = name


#: One rendered entry from an engine: the CSL item id and its styled text.
EngineEntry = tuple[str, tuple[Segment, ...]]

#: How an item is cited: "(Doe, 2001)", "Doe (2001)" (narrative), "(2001)".
CITE_MODES = ("normal", "author-in-text", "suppress-author")


class CiteRef(NamedTuple):
    """One item of a citation cluster as an engine gets it. `suffix` may start with a locator
    (", 33"), which the engine reads as a page."""

    id: str
    mode: str = "normal"
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Job:
    """One engine run: `items` as one document's references, cited as `clusters` (each its own
    citation, in document order), with the bibliography of the cited items (or of all, `all_items`).

    `locale` None lets the style's `default-locale` decide. `notes` puts each cluster in its own
    footnote, as a note style's citations are (the engine then does not capitalise them as it
    does a note it makes itself).
    """

    items: Sequence[Mapping[str, Any]]
    style: Path
    locale: str | None
    clusters: Sequence[Sequence[CiteRef]] = ()
    notes: bool = False
    all_items: bool = False
    punctuation_in_quote: bool = False  # finish American quote punctuation (see pandoc_ast)


@dataclass(frozen=True)
class JobResult:
    """What a Job printed: one styled text per cluster, the bibliography entries in the style's
    order, or the engine's error for this job alone."""

    citations: tuple[tuple[Segment, ...], ...] = ()
    entries: tuple[EngineEntry, ...] = ()
    error: str | None = None


class CitationEngine(Protocol):
    """A CSL processor. Each group is rendered as its own bibliography (no cross-talk between
    groups: no year suffixes, no "———" for repeated authors, numbering from 1); entries come
    back in the order the style sorts them. Implementations must be safe to call from threads."""

    name: str

    def render(self, groups: Sequence[Sequence[Mapping[str, Any]]], style: Path,
               locale: str | None, *, punctuation_in_quote: bool = False) -> list[list[EngineEntry]]: ...

    def run(self, jobs: Sequence[Job]) -> list[JobResult]:
        """Several independent runs (each may use its own style) in one request."""
        ...
