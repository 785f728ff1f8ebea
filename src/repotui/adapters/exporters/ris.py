"""RIS export (the format reference managers import): one `TY`…`ER` block per record.

Written by hand because rispy's writer numbers entries; tests read the output back with rispy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from repotui.core.citation.csl import record_to_csl
from repotui.core.model import Record

_TYPES = {
    "article-journal": "JOUR", "article": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS",
    "book": "BOOK", "chapter": "CHAP", "paper-conference": "CPAPER", "thesis": "THES", "report": "RPRT",
    "dataset": "DATA", "webpage": "ELEC", "software": "COMP", "patent": "PAT", "manuscript": "UNPB",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _one_line(value: object) -> str:
    return " ".join(_CONTROL.sub(" ", str(value)).split())


def _name(person: dict[str, str]) -> str:
    if person.get("literal"):
        return person["literal"]
    family = " ".join(p for p in (person.get("non-dropping-particle"), person.get("family")) if p)
    parts = [family, person.get("given", ""), person.get("suffix", "")]
    while parts and not parts[-1]:
        parts.pop()
    return ", ".join(parts)


def _entry(record: Record) -> str:
    item = record_to_csl(record, full=True)
    lines: list[tuple[str, object]] = [("TY", _TYPES.get(record.type, "GEN"))]
    lines += [("AU", _name(p)) for p in item.get("author", [])]
    lines += [("A2", _name(p)) for p in item.get("editor", [])]
    lines.append(("TI", record.title))
    if item.get("container-title"):
        lines.append(("T2", item["container-title"]))
    if record.issued:
        date = record.issued
        lines.append(("PY", str(date.year)))
        month = f"{date.month:02d}" if date.month else ""
        day = f"{date.day:02d}" if date.day else ""
        lines.append(("DA", f"{date.year:04d}/{month}/{day}/"))  # RIS: YYYY/MM/DD/other, parts may be empty
    for tag, key in (("VL", "volume"), ("IS", "issue"), ("ET", "edition"), ("PB", "publisher"),
                     ("CY", "publisher-place"), ("M3", "genre"), ("DO", "DOI"), ("LA", "language")):
        if item.get(key):
            lines.append((tag, item[key]))
    page = item.get("page")
    if page:
        start, _, end = str(page).replace("–", "-").partition("-")
        lines.append(("SP", start.strip()))
        if end.strip():
            lines.append(("EP", end.strip()))
    if item.get("number"):
        # EndNote and Zotero read an article or report number from M1 ("Number"/"Article Number").
        lines.append(("M1", item["number"]))
    for tag, key in (("SN", "ISSN"), ("SN", "ISBN"), ("UR", "URL"), ("AB", "abstract")):
        if item.get(key):
            lines.append((tag, item[key]))
    keywords = item.get("keyword")
    if keywords:
        lines += [("KW", word.strip()) for word in str(keywords).split(",") if word.strip()]
    out = [f"{tag}  - {_one_line(value)}" for tag, value in lines if _one_line(value)]
    out.append("ER  - ")
    return "\n".join(out) + "\n"


def to_ris(records: Iterable[Record]) -> str:
    """RIS text for the records, blank line between entries."""
    return "\n".join(_entry(r) for r in records)
