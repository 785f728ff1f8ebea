"""The fields the UK REF open-access check needs beyond dates: `withdrawn` and `ref`.

A wrong value here is an error (the record is skipped and reported with its line), never
silently dropped: a dropped exception or panel would quietly change a compliance verdict.
"""

from __future__ import annotations

import re
from typing import Any

from repotui.core.model import REF_EXCEPTIONS, REF_PANELS, RefInfo
from repotui.core.text import clean_line
from repotui.core.validate.base import FieldReader
from repotui.core.validate.scalars import kind_of, safe_str

_REF_KEYS = ("panel", "exception", "gold", "publisher-agreement")
#: Spellings repositories use for the same exception (EPrints `hoa_ex_oth` was "other" before
#: the REF called it "further").
_EXCEPTION_ALIASES = {"other": "further", "tech": "technical", "access-embargo": "access", "dep": "deposit"}


def read_withdrawn(r: FieldReader, data: dict[Any, Any]) -> bool:
    """`withdrawn: true`: the item is no longer live in the repository (REF "discovery" fails)."""
    return r.flag(data, "withdrawn") is True


def read_ref(r: FieldReader, data: dict[Any, Any]) -> RefInfo:
    value = data.get("ref")
    if value is None:
        return RefInfo()
    if not isinstance(value, dict):
        raise r.fail(data, "ref", f"ref must be a mapping (panel, exception, gold), not {kind_of(value)}")
    for key in value:
        if safe_str(key) not in _REF_KEYS:
            r.warn(value, key, f"unknown ref field {clean_line(safe_str(key))[:40]!r} ignored "
                   f"(use {', '.join(_REF_KEYS)})")
    return RefInfo(panel=_panel(r, value), exceptions=_exceptions(r, value),
                   gold=r.flag(value, "gold"), publisher_agreement=r.flag(value, "publisher-agreement"))


def _panel(r: FieldReader, ref: dict[Any, Any]) -> str | None:
    text = r.text(ref, "panel")
    if text is None:
        return None
    panel = re.sub(r"^main\s+panel\s*|^panel\s*|[\s/&,+-]", "", text, flags=re.IGNORECASE).upper()
    if panel not in REF_PANELS:
        raise r.fail(ref, "panel", f"ref.panel {text[:20]!r} is not a REF panel (A, B, C or D; AB or CD)")
    return panel


def _exceptions(r: FieldReader, ref: dict[Any, Any]) -> tuple[str, ...]:
    value = ref.get("exception")
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise r.fail(ref, "exception", f"ref.exception must be text or a list of text, not {kind_of(item)}")
        word = re.sub(r"[\s_]+", "-", clean_line(item).lower())
        word = _EXCEPTION_ALIASES.get(word, word)
        if word not in REF_EXCEPTIONS:
            raise r.fail(ref, "exception", f"ref.exception {clean_line(item)[:30]!r} is not one of "
                         f"{', '.join(REF_EXCEPTIONS)}")
        if word not in out:
            out.append(word)
    return tuple(out)
