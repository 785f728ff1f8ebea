"""In-text citations: what goes in the running text, "(Beckerman, 2022)", "Beckerman (2022)", "[1]".

`Citer.in_text` renders one citation cluster for one or more records in the current style, in
the style's order, through the engine's document interface (pandoc's citeproc sees real
citations, so its cluster sorting, collapsing, disambiguation and numbering apply). The types
here are what callers hand in and get back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from repotui.core.citation.model import CitationError, CiteRef, Rendered, Segment, strip_controls
from repotui.core.model import Record

#: A page locator: numbers or roman numerals, optionally with a letter ("12a"), ranges and lists
#: ("12-15", "iv, 7, 9–11"). Pandoc's citeproc reads exactly these as pages in every locale;
#: other locators ("chap. 3") depend on the locale's terms, so we do not pretend to support them.
_PAGE = r"[0-9]+[a-z]?|[ivxlcdm]+|[IVXLCDM]+"
_PAGE_LOCATOR = re.compile(rf"^(?:{_PAGE})(?:\s*(?:[-–,&]|and)\s*(?:{_PAGE}))*$")


@dataclass(frozen=True)
class CiteItem:
    """A record as cited in the text: optional page locator and words around it
    ("see Beckerman, 2022, p. 12, emphasis added"). All text is data, never markup."""

    record: Record
    locator: str | None = None
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class InText(Rendered):
    """One rendered in-text citation (a cluster of one or more records); its HTML keeps
    superscript numbers (Nature-like styles) and italics (note styles)."""

    record_ids: tuple[str, ...]
    style: str
    locale: str | None
    segments: tuple[Segment, ...]
    narrative: bool = False
    engine: str = "pandoc"


def check_locator(locator: str) -> str:
    """A page locator, tidied; anything else is refused with a message saying what works."""
    cleaned = " ".join(strip_controls(locator).split())
    if not _PAGE_LOCATOR.match(cleaned):
        raise CitationError(f"not a page locator: {locator!r} (use pages such as 12, 12-15 or iv, 7)")
    return cleaned


def cite_ref(item_id: str, cite: CiteItem, mode: str) -> CiteRef:
    """The engine's view of `cite`: a locator becomes the start of the suffix (", 12-15"), which
    pandoc's citeproc reads as a page locator and formats ("p. 12", "pp. 12–15", "12–15")."""
    suffix = ""
    if cite.locator:
        suffix = ", " + check_locator(cite.locator)
    extra = " ".join(strip_controls(cite.suffix).split())
    if extra:
        suffix += extra if extra[0] in ",;.:" else " " + extra
    prefix = " ".join(strip_controls(cite.prefix).split())
    return CiteRef(item_id, mode, prefix + " " if prefix else "", suffix)


def join_clusters(clusters: tuple[tuple[Segment, ...], ...]) -> tuple[Segment, ...]:
    """Several narrative citations ("Doe (2001)", "Roe (2003)") as one text, "; " between."""
    out: list[Segment] = []
    for i, cluster in enumerate(clusters):
        if i:
            out.append(Segment("; "))
        out.extend(cluster)
    return tuple(out)
