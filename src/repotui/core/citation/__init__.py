"""Citations: Record → CSL-JSON → any CSL style (through an engine handed in), the house style.

Public API: `Citer` (render, render_many, bibliography, cached, in_text), `Citation`, `InText`,
`CiteItem`, `Segment` (+ `segments_html`), `record_to_csl`, `resolve_style`, `list_styles`,
`CitationError`, `UnknownStyle`.
"""

from __future__ import annotations

from repotui.core.citation.citer import Citer, check_locale, html_bibliography, plain_bibliography
from repotui.core.citation.csl import record_to_csl
from repotui.core.citation.in_text import CiteItem, InText
from repotui.core.citation.model import (
    Citation,
    CitationEngine,
    CitationError,
    Segment,
    UnknownStyle,
    segments_html,
)
from repotui.core.citation.styles import HOUSE, StyleInfo, list_styles, resolve_style

__all__ = [
    "HOUSE", "Citation", "CitationEngine", "CitationError", "CiteItem", "Citer", "InText", "Segment",
    "StyleInfo", "UnknownStyle", "check_locale", "html_bibliography", "list_styles", "plain_bibliography",
    "record_to_csl",
    "resolve_style", "segments_html",
]
