"""Pandoc JSON AST (what pandoc's citeproc returns) → plain-data styled segments.

Pure data walking, so it lives in the core; the process that produces the AST is an adapter.
Italics, bold, small caps and super/subscript survive as style (the detail pane shows italics;
the HTML clipboard flavour and bibliography files carry all four).
"""

from __future__ import annotations

from typing import Any

from repotui.core.citation.model import Segment, strip_controls

#: Containers that carry no style we keep (underline and strike-through are not used by styles
#: for meaning; links are the DOI/URL text itself).
_PLAIN_CONTAINERS = {"Underline", "Strikeout"}


def _inlines(nodes: list[Any], style: Segment, out: list[Segment]) -> None:
    """Walk inlines; `style` is an empty Segment carrying the current formatting."""
    for node in nodes:
        kind = node.get("t")
        content = node.get("c")
        if kind == "Str":
            out.append(style._replace(text=content))
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(style._replace(text=" "))
        elif kind == "Emph":
            # Emphasis inside italics is set upright (CSL's flip-flop), as pandoc's writers do.
            _inlines(content, style._replace(italic=not style.italic), out)
        elif kind == "Strong":
            _inlines(content, style._replace(bold=True), out)
        elif kind == "SmallCaps":
            _inlines(content, style._replace(small_caps=True), out)
        elif kind in ("Superscript", "Subscript"):
            _inlines(content, style._replace(script="sup" if kind == "Superscript" else "sub"), out)
        elif kind in _PLAIN_CONTAINERS:
            _inlines(content, style, out)
        elif kind == "Quoted":
            open_, close = ("‘", "’") if content[0].get("t") == "SingleQuote" else ("“", "”")
            out.append(style._replace(text=open_))
            _inlines(content[1], style, out)
            out.append(style._replace(text=close))
        elif kind in ("Span", "Link"):
            attrs, inner = content[0], content[1]
            start = len(out)
            _inlines(inner, style, out)
            # A numeric label ("[1]") is a margin span; make sure a space follows it.
            if kind == "Span" and "csl-left-margin" in attrs[1] and len(out) > start \
                    and not out[-1].text.endswith(" "):
                out.append(style._replace(text=" "))
        elif kind == "Cite":
            _inlines(content[1], style, out)
        elif kind in ("Code", "Math"):
            out.append(style._replace(text=content[-1]))
        # RawInline, Note, Image: not citation text; dropped.


def _blocks(nodes: list[Any], out: list[Segment]) -> None:
    for node in nodes:
        kind = node.get("t")
        if out and kind in ("Para", "Plain", "Div") and not out[-1].text.endswith(" "):
            out.append(Segment(" "))
        if kind in ("Para", "Plain"):
            _inlines(node["c"], Segment(""), out)
        elif kind == "Div":
            _blocks(node["c"][1], out)


def merge(segments: list[Segment]) -> tuple[Segment, ...]:
    """Join neighbours with the same style, squeeze spaces, strip controls and the ends."""
    merged: list[Segment] = []
    for seg in segments:
        text = strip_controls(seg.text)
        if not text:
            continue
        if merged and merged[-1].same_style(seg):
            merged[-1] = merged[-1]._replace(text=merged[-1].text + text)
        else:
            merged.append(seg._replace(text=text))
    cleaned: list[Segment] = []
    for seg in merged:
        text = seg.text
        while "  " in text:
            text = text.replace("  ", " ")
        if cleaned and cleaned[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if text:
            cleaned.append(seg._replace(text=text))
    if cleaned:
        cleaned[0] = cleaned[0]._replace(text=cleaned[0].text.lstrip())
        cleaned[-1] = cleaned[-1]._replace(text=cleaned[-1].text.rstrip())
    return tuple(s for s in cleaned if s.text)


def segments_from_blocks(blocks: list[Any]) -> tuple[Segment, ...]:
    """The blocks of one bibliography entry as merged segments."""
    out: list[Segment] = []
    _blocks(blocks, out)
    return merge(out)
