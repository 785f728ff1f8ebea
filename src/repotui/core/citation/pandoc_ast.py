"""Pandoc JSON AST (what pandoc's citeproc returns) → plain-data styled segments.

Pure data walking, so it lives in the core; the process that produces the AST is an adapter.
Italics, bold, small caps and super/subscript survive as style (the detail pane shows italics;
the HTML clipboard flavour and bibliography files carry all four).
"""

from __future__ import annotations

import re
from typing import Any

from repotui.core.citation.model import Segment, strip_controls

#: Containers that carry no style we keep (underline and strike-through are not used by styles
#: for meaning; links are the DOI/URL text itself).
_PLAIN_CONTAINERS = {"Underline", "Strikeout"}
#: CSL display attributes as pandoc's citeproc writes them (Spans with these classes).
_DISPLAY = frozenset({"csl-block", "csl-left-margin", "csl-right-inline", "csl-indent"})


def _seg(text: str, style: Segment) -> Segment:
    """`style` with `text`: a tuple build, much cheaper than NamedTuple._replace in this hot loop."""
    return tuple.__new__(Segment, (text, style[1], style[2], style[3], style[4]))


def _inlines(nodes: list[Any], style: Segment, out: list[Segment]) -> None:
    """Walk inlines; `style` is an empty Segment carrying the current formatting."""
    for node in nodes:
        kind = node.get("t")
        content = node.get("c")
        if kind == "Str":
            out.append(_seg(content, style))
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(_seg(" ", style))
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
            out.append(_seg(open_, style))
            _inlines(content[1], style, out)
            out.append(_seg(close, style))
        elif kind in ("Span", "Link"):
            attrs, inner = content[0], content[1]
            block = kind == "Span" and not _DISPLAY.isdisjoint(attrs[1])
            if block and out and not out[-1].text.endswith(" "):
                out.append(_seg(" ", style))
            start = len(out)
            _inlines(inner, style, out)
            # A display block (the "[1]" margin label, an indented abstract) is set apart: in
            # plain text a space stands for the line or column break.
            if block and len(out) > start and not out[-1].text.endswith(" "):
                out.append(_seg(" ", style))
        elif kind == "Cite":
            _inlines(content[1], style, out)
        elif kind in ("Code", "Math"):
            out.append(_seg(content[-1], style))
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
    merged: list[list[Any]] = []  # [text, *style] while building: cheap to extend
    for seg in segments:
        text = strip_controls(seg[0]) if _NEEDS_CLEANING.search(seg[0]) else seg[0]
        if not text:
            continue
        if merged and merged[-1][1:] == list(seg[1:]):
            merged[-1][0] += text
        else:
            merged.append([text, *seg[1:]])
    cleaned: list[Segment] = []
    for part in merged:
        text = _SPACES.sub(" ", part[0])
        if cleaned and cleaned[-1][0].endswith(" ") and text.startswith(" "):
            text = text[1:]
        if text:
            cleaned.append(tuple.__new__(Segment, (text, *part[1:])))
    if cleaned:
        cleaned[0] = cleaned[0]._replace(text=cleaned[0].text.lstrip())
        cleaned[-1] = cleaned[-1]._replace(text=cleaned[-1].text.rstrip())
    return tuple(s for s in cleaned if s.text)


_NEEDS_CLEANING = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"  +")


_CONTAINERS = {"Emph", "Strong", "SmallCaps", "Superscript", "Subscript", "Underline", "Strikeout"}
_END_PUNCT = tuple(".,;:!?")


def _children(node: dict[str, Any]) -> list[Any] | None:
    """The inline list inside `node`, or None (Str, Space, ...)."""
    kind, content = node.get("t"), node.get("c")
    if kind in _CONTAINERS:
        return content if isinstance(content, list) else None
    if kind in ("Quoted", "Span", "Link", "Cite"):
        return content[1] if isinstance(content, list) and len(content) > 1 else None
    return None


_OPENING = frozenset("“‘«„‚‹「『")
_CLOSING = frozenset("”’»“‘›」』")


def _is_quote_span(node: dict[str, Any]) -> bool:
    """pandoc's citeproc writes a quotation as an anonymous Span [Str "“", ..., Str "”"] (its
    localised quotes), or as Quoted."""
    if node.get("t") != "Span":
        return False
    attrs, inner = node["c"][0], node["c"][1]
    return (not attrs[0] and not attrs[1] and not attrs[2] and len(inner) >= 2
            and inner[0].get("t") == "Str" and inner[0].get("c") in _OPENING
            and inner[-1].get("t") == "Str" and inner[-1].get("c") in _CLOSING)


def _trailing_quote(node: dict[str, Any]) -> tuple[list[Any], int] | None:
    """Where a mark goes inside the innermost quotation that `node` ends with (through italics,
    spans and nested quotations): (inline list, index), or None."""
    inner = _children(node)
    if not inner:
        return None
    if _is_quote_span(node):
        spot: tuple[list[Any], int] | None = (inner, len(inner) - 1)
        last = inner[-2] if len(inner) > 2 else None
    elif node.get("t") == "Quoted":
        spot, last = (inner, len(inner)), inner[-1]
    else:
        spot, last = None, inner[-1]
    deeper = _trailing_quote(last) if isinstance(last, dict) else None
    return deeper if deeper is not None else spot


def _text_end(nodes: list[Any]) -> str:
    for node in reversed(nodes):
        if not isinstance(node, dict):
            continue
        if node.get("t") == "Str":
            return str(node.get("c", ""))[-1:]
        inner = _children(node)
        if inner:
            return _text_end(inner)
        return ""
    return ""


def move_punctuation_into_quotes(nodes: list[Any]) -> None:
    """American punctuation (the locale's punctuation-in-quote): a period or comma after a closing
    quotation mark goes inside it, also when the quotation is in italics or ends a quotation
    ("This is ‘The One.’"). pandoc's citeproc does it only for a quotation that is followed
    directly by the mark at the same level. As pandoc does, the mark is dropped when the
    quotation already ends with punctuation ("dilemma?"). Changes `nodes` in place, top down."""
    i = 0
    while i < len(nodes) - 1:
        node, following = nodes[i], nodes[i + 1]
        spot = _trailing_quote(node) if isinstance(node, dict) else None
        if spot is not None and isinstance(following, dict) and following.get("t") == "Str" \
                and str(following.get("c", ""))[:1] in (".", ","):
            target, index = spot
            mark, rest = following["c"][0], following["c"][1:]
            if not _text_end(target[:index]).endswith(_END_PUNCT):
                target.insert(index, {"t": "Str", "c": mark})
            if rest:
                following["c"] = rest
            else:
                del nodes[i + 1]
                continue
        i += 1
    for node in nodes:
        if isinstance(node, dict):
            inner = _children(node)
            if inner is not None:
                move_punctuation_into_quotes(inner)
            elif node.get("t") in ("Para", "Plain"):
                move_punctuation_into_quotes(node["c"])
            elif node.get("t") == "Div":
                move_punctuation_into_quotes(node["c"][1])


def segments_from_blocks(blocks: list[Any], *, punctuation_in_quote: bool = False) -> tuple[Segment, ...]:
    """The blocks of one bibliography entry (or one citation) as merged segments.

    `punctuation_in_quote`: finish the engine's American quote punctuation (see
    `move_punctuation_into_quotes`); only for locales that have it."""
    if punctuation_in_quote:
        move_punctuation_into_quotes(blocks)
    out: list[Segment] = []
    _blocks(blocks, out)
    return merge(out)
