"""Corrections applied to the engine's raw output, each for a documented reason.

Kept small and listed in .notes/citations.md; every fix is exercised by a golden file.
"""

from __future__ import annotations

from repotui.core.citation.model import Segment
from repotui.core.citation.styles import HOUSE_PATH, StyleInfo

#: house.csl writes its straight quotes as this private-use character (pandoc curls "'").
HOUSE_QUOTE = "\ue001"


def apply_fixes(style: StyleInfo, segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Return corrected segments for `style` (unchanged when no fix applies)."""
    if style.path == HOUSE_PATH:
        segments = tuple(Segment(s.text.replace(HOUSE_QUOTE, "'"), s.italic) for s in segments)
    return segments
