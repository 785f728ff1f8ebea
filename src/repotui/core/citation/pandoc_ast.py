"""Pandoc JSON AST (what pandoc's citeproc returns) → plain-data styled segments.

Pure data walking, so it lives in the core; the process that produces the AST is an adapter.
Only italics survive as style: that is what the detail pane shows and what a plain-text
clipboard cannot carry anyway.
"""

from __future__ import annotations

from typing import Any

from repotui.core.citation.model import Segment, strip_controls

_INLINE_CONTAINERS = {"Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"}


def _inlines(nodes: list[Any], italic: bool, out: list[Segment]) -> None:
    for node in nodes:
        kind = node.get("t")
        content = node.get("c")
        if kind == "Str":
            out.append(Segment(content, italic))
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(Segment(" ", italic))
        elif kind == "Emph":
            # Emphasis inside italics is set upright (CSL's flip-flop), as pandoc's writers do.
            _inlines(content, not italic, out)
        elif kind in _INLINE_CONTAINERS:
            _inlines(content, italic, out)
        elif kind == "Quoted":
            open_, close = ("‘", "’") if content[0].get("t") == "SingleQuote" else ("“", "”")
            out.append(Segment(open_, italic))
            _inlines(content[1], italic, out)
            out.append(Segment(close, italic))
        elif kind in ("Span", "Link"):
            attrs, inner = content[0], content[1]
            start = len(out)
            _inlines(inner, italic, out)
            # A numeric label ("[1]") is a margin span; make sure a space follows it.
            if kind == "Span" and "csl-left-margin" in attrs[1] and len(out) > start \
                    and not out[-1].text.endswith(" "):
                out.append(Segment(" ", italic))
        elif kind == "Cite":
            _inlines(content[1], italic, out)
        elif kind in ("Code", "Math"):
            out.append(Segment(content[-1], italic))
        # RawInline, Note, Image: not citation text; dropped.


def _blocks(nodes: list[Any], out: list[Segment]) -> None:
    for node in nodes:
        kind = node.get("t")
        if out and kind in ("Para", "Plain", "Div") and not out[-1].text.endswith(" "):
            out.append(Segment(" "))
        if kind in ("Para", "Plain"):
            _inlines(node["c"], False, out)
        elif kind == "Div":
            _blocks(node["c"][1], out)


def merge(segments: list[Segment]) -> tuple[Segment, ...]:
    """Join neighbours with the same style, squeeze spaces, strip controls and the ends."""
    merged: list[Segment] = []
    for seg in segments:
        text = strip_controls(seg.text)
        if not text:
            continue
        if merged and merged[-1].italic == seg.italic:
            merged[-1] = Segment(merged[-1].text + text, seg.italic)
        else:
            merged.append(Segment(text, seg.italic))
    cleaned: list[Segment] = []
    for seg in merged:
        text = seg.text
        while "  " in text:
            text = text.replace("  ", " ")
        if cleaned and cleaned[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if text:
            cleaned.append(Segment(text, seg.italic))
    if cleaned:
        cleaned[0] = Segment(cleaned[0].text.lstrip(), cleaned[0].italic)
        cleaned[-1] = Segment(cleaned[-1].text.rstrip(), cleaned[-1].italic)
    return tuple(s for s in cleaned if s.text)


def segments_from_blocks(blocks: list[Any]) -> tuple[Segment, ...]:
    """The blocks of one bibliography entry as merged segments."""
    out: list[Segment] = []
    _blocks(blocks, out)
    return merge(out)
