"""The detail pane's paragraphs: the repository's citation is not repeated under the citation."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from rich.style import Style

from repotui.core.citation.model import Citation, Segment
from repotui.core.model import Record
from repotui.core.validate import validate
from repotui.tui.render import DetailStyles, detail_renderable


def record(**fields: object) -> Record:
    return validate({"id": "x", "title": "A title", **fields}, {}, Path("x.yaml"), "x")


def _screen(rec: Record, citation: Citation | None) -> str:
    console = Console(width=200, color_system=None, record=True, file=io.StringIO())
    console.print(detail_renderable(rec, DetailStyles(Style(), Style(), Style()), citation=citation and ("house", citation)))
    return console.export_text()


def test_the_house_citation_is_not_shown_twice() -> None:
    house = "Beckerman, Carly E (2022) 'Is there a cyber security dilemma?', Journal of Cybersecurity, 8 (1). tyac012."
    rec = record(**{"house-citation": house})
    citation = Citation("x", "house", None, (Segment(house),), "repository")
    screen = _screen(rec, citation)
    assert screen.count("Is there a cyber security dilemma?") == 1
    assert "Citation (house)" in screen and "Repository citation" not in screen
    other = Citation("x", "apa", None, (Segment("Beckerman, C. E. (2022). Is there a cyber security dilemma?"),))
    assert "Repository citation" in _screen(rec, other)
