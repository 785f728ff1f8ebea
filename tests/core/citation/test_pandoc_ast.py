"""Pandoc AST → segments: italics, numeric labels, controls."""

from __future__ import annotations

from repotui.core.citation import Segment
from repotui.core.citation.pandoc_ast import segments_from_blocks


def _s(text: str) -> dict:
    return {"t": "Str", "c": text}


SPACE = {"t": "Space"}


def test_emph_and_merge() -> None:
    blocks = [{"t": "Para", "c": [_s("A."), SPACE, {"t": "Emph", "c": [_s("Book"), SPACE, _s("title")]},
                                  _s("."), SPACE, SPACE]}]
    assert segments_from_blocks(blocks) == (Segment("A. "), Segment("Book title", True), Segment("."))


def test_emph_inside_emph_is_upright() -> None:
    inner = {"t": "Emph", "c": [_s("Homo")]}
    blocks = [{"t": "Plain", "c": [{"t": "Emph", "c": [_s("On"), SPACE, inner]}]}]
    assert segments_from_blocks(blocks) == (Segment("On ", True), Segment("Homo"))


def test_left_margin_gets_a_space() -> None:
    label = {"t": "Span", "c": [["", ["csl-left-margin"], []], [_s("[1]")]]}
    body = {"t": "Span", "c": [["", ["csl-right-inline"], []], [_s("C.")]]}
    assert segments_from_blocks([{"t": "Para", "c": [label, body]}])[0].text == "[1] C."


def test_controls_and_raw_dropped() -> None:
    blocks = [{"t": "Para", "c": [_s("a\x1b[2Jb"), {"t": "RawInline", "c": ["html", "<b>"]},
                                  {"t": "Quoted", "c": [{"t": "DoubleQuote"}, [_s("q")]]}]}]
    assert segments_from_blocks(blocks) == (Segment("a[2Jb“q”"),)
