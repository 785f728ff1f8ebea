"""Record → CSL-JSON for citation processors and the CSL-JSON exporter.

`Record.csl` already holds the record's CSL variables; here we make it safe and right for a
processor: article numbers that arrived in `page` move to `number` (styles print them correctly
only from there), names keep only CSL name parts, empty values go, and every string is stripped
of control characters.
"""

from __future__ import annotations

import re
from typing import Any

from repotui.core.citation.model import strip_controls
from repotui.core.model import Record

#: "Art. No. 130923", "Article 130923", "article number e0123": an article number in `page`.
_ARTICLE_PREFIX = re.compile(r"^\s*(?:art(?:icle)?\.?\s*(?:no\.?|number|nr\.?)?|e-?locator)\s*:?\s*(\S+)\s*$",
                             re.IGNORECASE)
#: Electronic locators that are not page numbers: "tyac012", "e0123456", or six and more digits.
_LOCATOR = re.compile(r"^(?:[A-Za-z]{1,6}\d{3,}|e\d{3,}|\d{6,})$")
_NAME_PARTS = ("family", "given", "literal", "suffix", "dropping-particle", "non-dropping-particle")
#: CSL-JSON's name flags: "Doe, Jr." (comma-suffix), names kept in the order given
#: (static-ordering), particles split out of family/given or not (parse-names).
_NAME_FLAGS = ("comma-suffix", "static-ordering", "parse-names")
#: Fields whose line breaks mean something to processors: `note` lines of the form
#: "key: value" are extra variables for pandoc and citeproc-js.
_LINE_FIELDS = ("note",)
#: Repository extras and bulky text no style prints: left out of what processors get.
_NOT_FOR_STYLES = ("abstract", "keyword")


def split_page_and_number(page: str | None, number: str | None) -> tuple[str | None, str | None]:
    """Move an article number found in `page` to `number` (unless `number` is already set)."""
    if not page:
        return page, number
    match = _ARTICLE_PREFIX.match(page)
    if match:
        return None, number or match.group(1)
    if _LOCATOR.match(page.strip()) and not number:
        return None, page.strip()
    return page, number


def _clean(value: Any, lines: bool = False) -> Any:
    if isinstance(value, str):
        # U+E001 is house.csl's quote marker; data must not be able to forge one.
        if lines:
            return "\n".join(strip_controls(line) for line in value.splitlines()).replace("\ue001", "").strip()
        return strip_controls(value).replace("\ue001", "").strip()
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def _name(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    name: dict[str, Any] = {k: _clean(str(value[k])) for k in _NAME_PARTS if value.get(k)}
    if not name:
        return None
    for flag in _NAME_FLAGS:
        if isinstance(value.get(flag), bool):
            name[flag] = value[flag]
    return name


def record_to_csl(record: Record, *, full: bool = False, article_number: bool = True) -> dict[str, Any]:
    """A fresh CSL-JSON item for `record`. `full` keeps abstract and keywords (for export and for
    styles that print them). `article_number` moves an article number found in `page` to
    `number` (for styles that print `number`; a style that does not would lose it)."""
    item: dict[str, Any] = {}
    for key, value in record.csl.items():
        if value in (None, "", [], {}) or (not full and key in _NOT_FOR_STYLES):
            continue
        if key in ("author", "editor", "translator", "container-author", "collection-editor",
                   "composer", "director", "interviewer", "recipient", "reviewed-author"):
            names = [n for n in (_name(v) for v in value) if n] if isinstance(value, list) else []
            if names:
                item[key] = names
            continue
        item[key] = _clean(value, key in _LINE_FIELDS)
    item["id"] = record.id
    item["type"] = record.type or "article"
    title = _clean(record.csl.get("title") or record.title)  # the CSL title keeps rich text (<sub>)
    if title:
        item["title"] = title
    else:
        item.pop("title", None)
    if not article_number:
        return _stringify_numbers(item)
    page, number = split_page_and_number(item.get("page"), item.get("number"))
    for key, value in (("page", page), ("number", number)):
        if value:
            item[key] = str(value)
        else:
            item.pop(key, None)
    return _stringify_numbers(item)


def _stringify_numbers(item: dict[str, Any]) -> dict[str, Any]:
    for key in ("volume", "issue", "edition", "number-of-pages", "collection-number", "page", "number"):
        if key in item and not isinstance(item[key], str):
            item[key] = str(item[key])
    return item
