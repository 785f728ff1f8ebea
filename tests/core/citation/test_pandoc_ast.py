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


def _quote(*inner: dict) -> dict:
    """pandoc's citeproc writes a quotation as an anonymous Span with its localised quotes."""
    return {"t": "Span", "c": [["", [], []], [{"t": "Str", "c": "“"}, *inner, {"t": "Str", "c": "”"}]]}


def _single(*inner: dict) -> dict:
    return {"t": "Span", "c": [["", [], []], [{"t": "Str", "c": "‘"}, *inner, {"t": "Str", "c": "’"}]]}


def _text(blocks: list, moving: bool) -> str:
    return "".join(s.text for s in segments_from_blocks(blocks, punctuation_in_quote=moving))


def test_period_goes_inside_nested_and_italic_quotations() -> None:
    nested = [{"t": "Para", "c": [_quote({"t": "Str", "c": "This"}, {"t": "Space"}, {"t": "Str", "c": "is"},
                                         {"t": "Space"}, _single({"t": "Str", "c": "One"}), {"t": "Str", "c": "."}),
                                  {"t": "Space"}, {"t": "Str", "c": "Next"}]}]
    assert _text(nested, True) == "“This is ‘One.’” Next"
    italic = [{"t": "Para", "c": [{"t": "Emph", "c": [_quote({"t": "Str", "c": "Book"})]}, {"t": "Str", "c": ".,x"}]}]
    segments = segments_from_blocks(italic, punctuation_in_quote=True)
    assert segments == (Segment("“Book.”", True), Segment(",x"))


def test_no_move_without_the_locale_option_or_after_a_question_mark() -> None:
    def blocks() -> list:
        return [{"t": "Para", "c": [{"t": "Emph", "c": [_quote({"t": "Str", "c": "Why?"})]}, {"t": "Str", "c": ","}]}]

    assert _text(blocks(), False) == "“Why?”,"
    assert _text(blocks(), True) == "“Why?”"  # the comma goes, as pandoc drops it after ? inside quotes
    apostrophe = [{"t": "Para", "c": [{"t": "Str", "c": "students’"}, {"t": "Str", "c": "."}]}]
    assert _text(apostrophe, True) == "students’."  # an apostrophe is not a quotation


def test_formatting_flags_survive() -> None:
    blocks = [{"t": "Para", "c": [{"t": "Strong", "c": [{"t": "Str", "c": "B"}]},
                                  {"t": "SmallCaps", "c": [{"t": "Str", "c": "Sc"}]},
                                  {"t": "Superscript", "c": [{"t": "Str", "c": "2"}]},
                                  {"t": "Emph", "c": [{"t": "Subscript", "c": [{"t": "Str", "c": "i"}]}]}]}]
    assert segments_from_blocks(blocks) == (Segment("B", bold=True), Segment("Sc", small_caps=True),
                                            Segment("2", script="sup"), Segment("i", True, script="sub"))
