"""RIS (`TY  - JOUR` ... `ER  - `), as reference managers and publisher sites export it."""

from __future__ import annotations

import re
from typing import Any

from repotui.adapters.importers import common as c
from repotui.adapters.importers import markup
from repotui.adapters.importers.base import ImportedRecord, ImportProblem, ImportResult
from repotui.adapters.importers.citations import locator
from repotui.adapters.importers.names import split_names
from repotui.adapters.importers.reading import content_start, decode_text
from repotui.core.item_types import thesis_genre

_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
TYPES = {
    "JOUR": "article-journal", "JFULL": "article-journal", "EJOUR": "article-journal", "MGZN": "article-magazine",
    "NEWS": "article-newspaper", "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CHAP": "chapter",
    "ECHAP": "chapter", "THES": "thesis", "CONF": "paper-conference", "CPAPER": "paper-conference",
    "RPRT": "report", "DATA": "dataset", "ELEC": "webpage", "PAT": "patent", "COMP": "software",
    "GEN": "article", "UNPB": "manuscript", "MANSCPT": "manuscript",
}


def _date(values: list[str]) -> str | None:
    for value in values:
        parts = [p for p in re.split(r"[/\-]", value.strip()) if p.strip()]
        if parts and re.fullmatch(r"\d{4}", parts[0].strip()):
            nums = [parts[0].strip()] + [p.strip() for p in parts[1:3] if p.strip().isdigit()]
            date = c.iso_date("-".join(nums))
            if date:
                return date
    return None


def map_ris(tags: dict[str, list[str]], index: int, used: set[str]) -> dict[str, Any]:
    first = {k: v[0] for k, v in tags.items() if v and v[0].strip().upper() != "UNSPECIFIED"}
    rtype = TYPES.get(first.get("TY", "GEN").strip().upper(), "article")
    title = markup.title_text(first.get("TI") or first.get("T1") or first.get("CT") or first.get("BT"))
    data: dict[str, Any] = {"type": rtype, "title": title}
    data["author"] = split_names(tags.get("AU", []) + tags.get("A1", []))
    data["editor"] = split_names([v for v in tags.get("ED", []) + tags.get("A2", [])
                                  if rtype in {"chapter", "paper-conference"} or "ED" in tags])
    data["issued"] = _date(tags.get("PY", []) + tags.get("Y1", []) + tags.get("DA", []))
    container = first.get("T2") or first.get("JF") or first.get("JO") or first.get("JA") or first.get("J2")
    if rtype == "paper-conference" and first.get("T2"):
        data["event-title"] = c.text(first.get("T2"))
        if not first.get("PB") and not first.get("SP"):  # the event itself, not its proceedings
            container, data["event-place"] = None, c.text(first.get("CY"))
            first.pop("CY", None)
    data["container-title"] = c.text(container)
    data["collection-title"] = c.text(first.get("T3"))
    data["volume"] = c.text(first.get("VL"))
    data["issue"] = c.text(first.get("IS"))
    start, end = c.text(first.get("SP")), c.text(first.get("EP"))
    if start and re.match(r"^(?:Art(?:icle)?\.?\s*No\.?|e?Article)\s*", start, re.IGNORECASE):
        data["number"] = re.sub(r"^(?:Art(?:icle)?\.?\s*No\.?|Article)\s*:?\s*", "", start, flags=re.IGNORECASE)
    elif start and end and end != start:
        data["page"] = f"{start}-{end}"
    elif start:  # "e0140426" alone is an article number
        data["page"], data["number"] = locator(start)
    data["publisher"] = c.text(first.get("PB"))
    data["publisher-place"] = c.text(first.get("CY"))
    data["abstract"] = markup.block_text(first.get("AB") or first.get("N2"))
    data["note"] = markup.block_text("\n\n".join(tags.get("N1", [])))
    data["keyword"] = [k for k in (c.text(v) for v in tags.get("KW", [])) if k]
    data["language"] = c.text(first.get("LA"))
    doi = c.find_doi(first.get("DO") or "")
    data["DOI"] = doi
    serial = c.text(first.get("SN"))
    if serial:
        data["ISBN" if c.is_isbn(serial) or rtype in {"book", "chapter"} else "ISSN"] = serial
    urls = [u.strip() for u in tags.get("UR", []) + tags.get("L2", []) if u.strip().startswith(("http://", "https://"))]
    pdfs = [u.strip() for u in tags.get("L1", []) if u.strip().startswith(("http://", "https://"))]
    pdfs += [u for u in urls if u.lower().endswith(".pdf")]
    web = [u for u in urls if not u.lower().endswith(".pdf") and not c.is_doi_url(u)]
    data["URL"] = web[0] if web else (f"https://doi.org/{doi}" if doi else None)
    data["files"] = [{"url": u, "format": c.guess_format(u)} for u in dict.fromkeys(pdfs)]
    if rtype == "thesis":
        data["genre"] = thesis_genre(c.text(first.get("M3")))
    rid = c.text(first.get("ID"))
    if not rid:
        author = data["author"][0] if data["author"] else {}
        word = re.sub(r"\W+", " ", title or "").split()
        rid = c.safe_id("-".join(p for p in (author.get("family") or author.get("literal") or "anon",
                                             (data["issued"] or "")[:4], word[0] if word else "") if p))
    base, n = rid, 2
    while rid in used:
        rid, n = f"{base}-{n}", n + 1
    used.add(rid)
    data["id"] = rid
    return c.prune(data)


class RisImporter:
    name = "ris"

    def sniff(self, head: bytes) -> bool:
        return content_start(head).startswith(b"TY  -")

    def parse(self, data: bytes, source: str) -> ImportResult:
        result = ImportResult(format=self.name)
        text = decode_text(data, source, result)
        if text is None:
            return result
        used: set[str] = set()
        tags: dict[str, list[str]] | None = None
        start = 0
        last: str | None = None
        count = 0

        def finish(line: int) -> None:
            nonlocal tags, count
            if tags is None:
                return
            mapping = map_ris(tags, count, used)
            count += 1
            if not mapping.get("title"):
                result.problems.append(ImportProblem(source, "reference has no title (TI); skipped", start))
            else:
                result.records.append(ImportedRecord(mapping, source, start, None))
            tags = None

        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.rstrip()
            if not line.strip():
                continue
            match = _TAG.match(line)
            if not match:
                if tags is not None and last:  # continuation of a long abstract
                    tags[last][-1] += " " + line.strip()
                    continue
                result.problems.append(ImportProblem(source, f"not a RIS line: {line[:60]!r}", number))
                continue
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "TY":
                if tags is not None:
                    result.problems.append(ImportProblem(source, "reference not closed with ER before TY", number))
                    finish(number)
                tags, start, last = {"TY": [value]}, number, None
            elif tag == "ER":
                if tags is None:
                    result.problems.append(ImportProblem(source, "ER without a TY", number))
                finish(number)
                last = None
            elif tags is None:
                result.problems.append(ImportProblem(source, f"{tag} outside a reference (no TY before it)", number))
            else:
                tags.setdefault(tag, []).append(value)
                last = tag
        if tags is not None:
            result.problems.append(ImportProblem(source, "last reference not closed with ER", start))
            finish(start)
        return result
