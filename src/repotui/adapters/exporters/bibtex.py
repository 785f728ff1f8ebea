"""BibTeX export: valid entries, LaTeX specials escaped, stable unique keys.

Keys are `familyYEARword` in ASCII (`beckerman2022cyber`), made from the record alone, so the
same record gets the same key in every export; collisions within one export get `a`, `b`, ...
in record-id order, which is also stable. Unicode letters are written as UTF-8 (biber and
modern BibTeX read it); only characters special to LaTeX are escaped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from repotui.core.citation.csl import record_to_csl
from repotui.core.model import Record

_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile(r"[\\{}$&%#_~^]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_STOP = {"a", "an", "the", "on", "of", "in", "is", "and", "for", "to", "with", "at", "by", "from", "there"}

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_TYPES = {
    "article-journal": "article", "article-magazine": "article",
    "article-newspaper": "article", "book": "book", "chapter": "incollection",
    "paper-conference": "inproceedings", "thesis": "phdthesis", "report": "techreport",
}


def escape(text: str) -> str:
    """Escape LaTeX specials and drop controls: record text must stay text."""
    text = _CONTROL.sub(" ", text)
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], " ".join(text.split()))


def _url(text: str) -> str:
    """URLs and DOIs are verbatim in LaTeX (url package); only braces and backslashes would break the file."""
    text = _CONTROL.sub("", text).strip()
    return text.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def base_key(record: Record) -> str:
    """`family` + year + first significant title word, ASCII only (`beckerman2022cyber`).

    Without names the first title word stands in for the family (`annual2023review`); with
    nothing usable at all the key is `ref`.
    """
    names = record.authors or record.editors
    family = ""
    if names:
        family = _ascii_word(names[0].family or names[0].literal or names[0].given or "")[:20]
    words = [w[:12] for w in (_ascii_word(w) for w in record.title.split()) if w and w not in _STOP]
    if not family and words:
        family = words.pop(0)
    year = str(record.year) if record.year else ""
    return f"{family}{year}{words[0] if words else ''}" if family else f"ref{year}"


def bibtex_keys(records: Sequence[Record]) -> dict[str, str]:
    """record id → unique key; collisions get a letter suffix in record-id order."""
    by_base: dict[str, list[str]] = {}
    for record in records:
        by_base.setdefault(base_key(record), []).append(record.id)
    keys: dict[str, str] = {}
    taken = set(by_base)
    for base, ids in by_base.items():
        if len(ids) == 1:
            keys[ids[0]] = base
            continue
        letters = iter("abcdefghijklmnopqrstuvwxyz")
        n = 0
        for rid in sorted(ids):
            while True:
                suffix = next(letters, None)
                if suffix is None:
                    n += 1
                    suffix = f"x{n}"
                candidate = base + suffix
                if candidate not in taken:
                    break
            taken.add(candidate)
            keys[rid] = candidate
    return keys


def _names(people: Any) -> str | None:
    parts = []
    for person in people or []:
        if person.get("literal"):
            parts.append("{" + escape(person["literal"]) + "}")  # braces keep an organisation whole
            continue
        family = " ".join(p for p in (person.get("non-dropping-particle"), person.get("family")) if p)
        name = escape(family)
        if person.get("suffix"):
            name += ", " + escape(person["suffix"])
        if person.get("given"):
            name += ", " + escape(person["given"])
        if name:
            parts.append(name)
    return " and ".join(parts) or None


def _entry(record: Record, key: str) -> str:
    item = record_to_csl(record, full=True)
    kind = _TYPES.get(record.type, "misc")
    genre = str(item.get("genre", ""))
    if kind == "phdthesis" and re.search(r"master|msc|m\.a\.|ma thesis|mphil", genre, re.IGNORECASE):
        kind = "mastersthesis"
    fields: list[tuple[str, str | None]] = [
        ("author", _names(item.get("author"))),
        ("editor", _names(item.get("editor"))),
        ("title", escape(record.title)),
    ]
    container = item.get("container-title")
    if container:
        name = {"article": "journal", "incollection": "booktitle",
                "inproceedings": "booktitle"}.get(kind, "howpublished")
        fields.append((name, escape(str(container))))
    if record.issued:
        fields.append(("year", str(record.issued.year)))
        if record.issued.month:
            fields.append(("month", _MONTHS[record.issued.month - 1]))
    fields += [
        ("volume", escape(str(item["volume"])) if item.get("volume") else None),
        ("number", escape(str(item.get("issue") or ""))
         if kind == "article" else escape(str(item.get("number") or item.get("issue") or ""))),
        ("eid", escape(str(item["number"])) if kind == "article" and item.get("number") else None),
        ("pages", re.sub(r"\s*[-‐‑–—]+\s*", "--", escape(str(item["page"]))) if item.get("page") else None),
        ("edition", escape(str(item["edition"])) if item.get("edition") else None),
    ]
    publisher = item.get("publisher")
    if kind in ("phdthesis", "mastersthesis"):
        fields.append(("school", escape(str(publisher)) if publisher else None))
        fields.append(("type", escape(genre) if genre else None))
    elif kind == "techreport":
        fields.append(("institution", escape(str(publisher)) if publisher else None))
        fields.append(("type", escape(genre) if genre else None))
    else:
        fields.append(("publisher", escape(str(publisher)) if publisher else None))
    fields += [
        ("address", escape(str(item["publisher-place"])) if item.get("publisher-place") else None),
        ("doi", _url(str(item["DOI"])) if item.get("DOI") else None),
        ("url", _url(str(item["URL"])) if item.get("URL") else None),
        ("issn", escape(str(item["ISSN"])) if item.get("ISSN") else None),
        ("isbn", escape(str(item["ISBN"])) if item.get("ISBN") else None),
        ("abstract", escape(str(item["abstract"])) if item.get("abstract") else None),
        ("keywords", escape(str(item["keyword"])) if item.get("keyword") else None),
        ("language", escape(str(item["language"])) if item.get("language") else None),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def to_bibtex(records: Iterable[Record]) -> str:
    """BibTeX for the records, one entry each, in the order given, separated by blank lines."""
    records = list(records)
    keys = bibtex_keys(records)
    return "\n".join(_entry(r, keys[r.id]) for r in records)
