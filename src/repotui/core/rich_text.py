"""CSL rich text (`<i>`, `<b>`, `<sup>`, `<sub>`, `<span class="nocase">`, small caps) as plain text.

A record's title may carry CSL's rich-text markup (`γ<sub>2</sub>`, `<i>Drosophila</i>`): the
citation processor renders it, but the list, the detail pane and the search index want the
words. Sub- and superscripts become Unicode ones where every character has one (`γ₂`), else
plain characters; every other tag is dropped. Text that only looks like a tag (`<E>`) stays.
"""

from __future__ import annotations

import re

_TAG = re.compile(r'</?(?:i|b|sup|sub)>|<span\s+(?:class="nocase"|style="font-variant:\s*small-caps;?")>|</span>',
                  re.IGNORECASE)
_SCRIPT = re.compile(r"<(sup|sub)>([^<>]*)</\1>", re.IGNORECASE)
_SUPER = str.maketrans("0123456789+-−=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿ")
_SUB = str.maketrans("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")


def unicode_script(text: str, superscript: bool) -> str | None:
    """`2+` as `²⁺` (or `₂₊`); None when a character has no Unicode super/subscript form."""
    converted = text.translate(_SUPER if superscript else _SUB)
    return converted if all(a != b for a, b in zip(converted, text, strict=True)) else None


def _script(match: re.Match[str]) -> str:
    inner = match.group(2)
    return unicode_script(inner, match.group(1).lower() == "sup") or inner


def plain_text(text: str) -> str:
    """The words of a CSL rich-text string: `γ<sub>2</sub>` → `γ₂`, `<i>E. coli</i>` → `E. coli`."""
    if "<" not in text:
        return text
    return _TAG.sub("", _SCRIPT.sub(_script, text))
