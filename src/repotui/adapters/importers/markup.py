"""Text as repositories export it → text as records hold it: entities, HTML, sub/superscripts, titles.

- Entities escaped twice (`&amp;lt;br/&amp;gt;` in the XML, so `&lt;br/&gt;` after parsing) are
  decoded, and HTML tags (`<br/>`, `<p>`, `<i>`) are not left as literal text: in paragraphs a
  break becomes a line break, in titles italics, bold, sub- and superscripts become CSL's rich
  text (`<i>`, `<b>`, `<sub>`, `<sup>`), which styles render. Text in angle brackets that is not
  HTML (`written as <E> and <O>`) is left alone.
- EPrints writes sub- and superscripts as `γ_2`, `Ca_V`, `Fe^(II)`, `x^{2+}`: in titles they
  become `<sub>`/`<sup>`; in paragraphs, which are plain text, Unicode sub/superscripts where
  they exist (`γ₂`), else the plain characters (`Fe(II)`).
- A title's closing full stop is dropped (styles add their own punctuation, "…pregnancy.’,"
  otherwise); `?`, `!`, an ellipsis and abbreviations (`U.S.`, `et al.`) are kept.
"""

from __future__ import annotations

import html
import re

from repotui.core.rich_text import unicode_script
from repotui.core.text import clean_block, clean_line

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HTML_TAGS = ("a|abbr|b|big|blockquote|br|cite|code|dd|div|dl|dt|em|font|h[1-6]|hr|i|img|li|ol|p|pre|q|s|small|"
              "span|strike|strong|sub|sup|table|tbody|td|th|thead|tr|tt|u|ul|mml:[a-z]+|math")
_TAG = re.compile(rf"<(/?)({_HTML_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_BLOCK_BREAKS = {"p", "div", "li", "ul", "ol", "blockquote", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                 "dl", "dd", "dt", "pre"}
_RICH = {"i": "i", "em": "i", "cite": "i", "b": "b", "strong": "b", "sub": "sub", "sup": "sup"}
#: EPrints' sub/superscript markup: a marker after a letter, digit or closing bracket, then a
#: group in brackets or braces, or one character (a letter only when no lowercase letter follows:
#: `Ca_V2.1` is CaV₂.1's V, `snake_case` is a word).
_EPRINTS_SCRIPT = re.compile(
    r"(?<=[^\W_]|[)\]])([_^])(?:\(([^()\s]{1,20})\)|\{([^{}\s]{1,20})\}"
    r"|(\d+(?:[+\-−](?![^\W\d_]))?|[+\-−]\d+|[^\W\d_](?![a-z])))")
_ABBREVIATIONS = frozenset({
    "al", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "vs", "st", "no", "vol", "vols", "eds", "ed", "approx",
    "dr", "prof", "mr", "mrs", "ms", "fig", "figs", "eg", "ie", "cf", "pp", "ca", "op", "cit", "ibid", "spp", "sp",
    "var", "subsp", "esp", "dept", "univ", "bros",
})


def decode_entities(text: str) -> str:
    """Entities left in text after parsing (`&lt;br/&gt;`, `&amp;`), decoded (twice at most)."""
    for _ in range(2):
        if "&" not in text:
            break
        decoded = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
        if decoded == text:
            break
        text = decoded
    return text


def _html_to_block(text: str) -> str:
    def tag(match: re.Match[str]) -> str:
        name = match.group(2).lower()
        if name == "br":
            return "\n"
        if name in _BLOCK_BREAKS:
            return "\n\n"
        return ""

    return _TAG.sub(tag, text)


def _html_to_rich(text: str) -> str:
    def tag(match: re.Match[str]) -> str:
        closing, name = match.group(1), match.group(2).lower()
        if name in _RICH:
            return f"<{closing}{_RICH[name]}>"
        return " " if name in {"br", *_BLOCK_BREAKS} else ""

    return _TAG.sub(tag, text)


def _scripts(text: str, rich: bool) -> str:
    def script(match: re.Match[str]) -> str:
        marker = match.group(1)
        inner = match.group(2) or match.group(3) or match.group(4) or ""
        if rich:
            tag = "sup" if marker == "^" else "sub"
            return f"<{tag}>{inner}</{tag}>"
        converted = unicode_script(inner, superscript=marker == "^")
        if converted:
            return converted
        return f"({inner})" if match.group(2) else inner

    return _EPRINTS_SCRIPT.sub(script, text)


def block_text(value: object, eprints: bool = False) -> str | None:
    """Paragraph text (abstract, note): entities decoded, HTML breaks as line breaks, other
    HTML tags dropped; `eprints` reads EPrints' `_2`/`^(II)` sub/superscripts."""
    if value is None:
        return None
    text = _html_to_block(decode_entities(str(value)))
    if eprints:
        text = _scripts(text, rich=False)
    text = re.sub(r"^\s*[:;,]\s+", "", text)  # ": Anopheles gambiae…" (a heading lost upstream)
    return clean_block(text) or None


def plain_scripts(text: str) -> str:
    """EPrints' `γ_2`, `Fe^(II)` in plain text: `γ₂`, `Fe(II)` (for printed citations)."""
    return _scripts(text, rich=False)


def line_text(value: object) -> str | None:
    """One-line text (names of journals, publishers, places, printed citations): entities
    decoded, HTML tags dropped (a break between blocks kept as a space)."""
    if value is None:
        return None
    text = _TAG.sub(lambda m: " " if m.group(2).lower() in {"br", *_BLOCK_BREAKS} else "",
                    decode_entities(str(value)))
    return clean_line(text) or None


def title_text(value: object, eprints: bool = False) -> str | None:
    """A title as CSL rich text: entities decoded, HTML italics/bold/sub/sup as CSL's tags,
    EPrints sub/superscripts (`eprints`), and no closing full stop."""
    if value is None:
        return None
    text = decode_entities(str(value))
    if eprints:
        text = _scripts(text, rich=True)
    text = clean_line(_html_to_rich(text))
    return strip_full_stop(text) or None


def strip_full_stop(title: str) -> str:
    """`…in pregnancy.` → `…in pregnancy`; `dilemma?`, `Wow!`, `…`, `U.S.`, `et al.` kept."""
    text = title.rstrip()
    if not text.endswith(".") or text.endswith(("..", "…")):
        return text
    body = text[:-1].rstrip()
    last = re.split(r"[\s(\[]", body)[-1] if body else ""
    bare = last.strip("\"'“”‘’»«").lower()
    if re.fullmatch(r"(?:[^\W\d_]\.)+[^\W\d_]", last) or bare.replace(".", "") in _ABBREVIATIONS:
        return text  # "U.S.", "et al.", "Ltd."
    if body.endswith(("?", "!")):
        return body  # "dilemma?." → "dilemma?"
    return body
