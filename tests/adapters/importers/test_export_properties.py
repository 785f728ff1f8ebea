"""Properties of every record of every export (real and constructed): what must hold whatever
the record, checked against the export's own text where the property is about the source."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from repotui.adapters.importers.citations import names_title
from repotui.adapters.importers.detect import read_source
from repotui.core.model import CSL_TYPES
from repotui.core.validate import validate
from tests.adapters.importers.exports import ALL_EXPORTS, imported

RECORDS = [(path, rid) for path in ALL_EXPORTS for rid in imported(path)]
IDS = [f"{p.name}:{rid}" for p, rid in RECORDS]

#: HTML a text field must not show literally; CSL's rich-text tags are allowed in titles only.
_HTML = re.compile(r"</?(?:br|p|div|span|i|b|em|strong|sup|sub|a|li|ul|ol|font|u)\b[^<>]*>", re.IGNORECASE)
_CSL_RICH = re.compile(r'</?(?:i|b|sup|sub)>|<span class="nocase">|</span>')
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)
_TITLE_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.){2,}$|\bet al\.$|\.\.\.$")


def _texts(value: Any, key: str = "") -> list[tuple[str, str]]:
    """Every string of a mapping with the key it sits under."""
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in _texts(v, str(k))]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v, key)]
    return []


def _record(path: Path, rid: str) -> dict[str, Any]:
    return imported(path)[rid].mapping


@pytest.mark.parametrize("path", ALL_EXPORTS, ids=lambda p: p.name)
def test_every_record_reads_and_validates_without_warnings(path: Path) -> None:
    result = read_source(path)
    assert result.problems == []
    warnings: list[tuple[str, str]] = []
    for rec in result.records:
        if rec.deleted:
            continue
        record = validate(rec.mapping, {}, path, rec.id,
                          warn=lambda message, _line, rid=rec.id: warnings.append((rid, message)))
        assert record.title
    assert warnings == []


@pytest.mark.parametrize(("path", "rid"), RECORDS, ids=IDS)
def test_type_is_a_csl_type(path: Path, rid: str) -> None:
    assert _record(path, rid)["type"] in CSL_TYPES


@pytest.mark.parametrize(("path", "rid"), RECORDS, ids=IDS)
def test_title_has_no_closing_full_stop(path: Path, rid: str) -> None:
    title = _record(path, rid)["title"]
    assert not title.endswith(".") or _TITLE_ABBREVIATION.search(title), title


@pytest.mark.parametrize(("path", "rid"), RECORDS, ids=IDS)
def test_initials_are_separate(path: Path, rid: str) -> None:
    """`RM`, `R.M.`, a bare `D`: never left run together or without their full stop."""
    m = _record(path, rid)
    for key in ("author", "editor", "contributor"):
        for name in m.get(key, []):
            given, family = name.get("given", ""), name.get("family", "")
            if family.isupper():
                continue
            assert not re.fullmatch(r"[A-Z]{1,4}", given), (key, name)
            assert not re.search(r"(?:^|\s)[A-Z]\.[A-Z]\.", given) or "-" in given, (key, name)


@pytest.mark.parametrize(("path", "rid"), RECORDS, ids=IDS)
def test_no_literal_html_or_entities_in_text(path: Path, rid: str) -> None:
    for key, text in _texts(_record(path, rid)):
        if key == "url":
            continue
        shown = _CSL_RICH.sub("", text) if key == "title" else text
        assert not _HTML.search(shown), (key, text[:120])
        assert not _ENTITY.search(text), (key, text[:120])


@pytest.mark.parametrize(("path", "rid"), RECORDS, ids=IDS)
def test_a_house_citation_is_a_citation_of_the_item(path: Path, rid: str) -> None:
    """Never an identifier string such as "Nature Communications 2015, 6(7756). doi: …"."""
    m = _record(path, rid)
    house = m.get("house-citation")
    if house:
        assert names_title(house, m["title"]), house
        first = (m.get("author") or [{}])[0]
        name = first.get("family") or first.get("literal") or ""
        assert re.search(r"\((?:1[5-9]|20)\d\d[a-z]?\)", house) or house.startswith(name), house


def _licence_sources(path: Path) -> dict[str, str]:
    """The raw text each record's licence came from: its oai_dc `dc:rights`, its EPrints
    documents' `license` codes (by record id), or the whole entry for the other formats."""
    text = path.read_text(encoding="utf-8-sig")
    out: dict[str, str] = {}
    if path.suffix == ".xml" and "OAI-PMH" in text[:2000]:
        ns = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/"}
        for record in ET.fromstring(text.encode()).iter(f"{{{ns['o']}}}record"):
            ident = record.findtext("o:header/o:identifier", default="", namespaces=ns)
            out[ident.split(":", 2)[-1]] = " ".join(e.text or "" for e in record.iter(f"{{{ns['dc']}}}rights"))
    elif path.suffix == ".xml":
        for eprint in re.findall(r"<eprint\b.*?</eprint>", text, re.DOTALL):
            eid = re.search(r"<eprintid>(\d+)</eprintid>", eprint)
            if eid:
                out[eid.group(1)] = " ".join(re.findall(r"<license>([^<]*)</license>", eprint))
    return out


@pytest.mark.parametrize(("path", "rid"), RECORDS, ids=IDS)
def test_no_licence_version_is_invented(path: Path, rid: str) -> None:
    """A licence version (`4.0`) or port (`UK`) appears only when the source states it."""
    m = _record(path, rid)
    lic = (m.get("licence") or {}).get("id", "")
    version = re.search(r"-(\d)\.(\d)(?:-([A-Z]+))?$", lic)
    if not version:
        return
    sources = _licence_sources(path)
    local = str(m.get("repository", {}).get("id", ""))
    source = sources.get(local, path.read_text(encoding="utf-8-sig")) if sources else path.read_text(
        encoding="utf-8-sig")
    major, minor, port = version.groups()
    assert re.search(rf"{major}\.{minor}|_{major}\b|-{major}\b", source), (lic, source[:200])
    if port:
        assert re.search(rf"/{port.lower()}/|\b{port}\b", source, re.IGNORECASE), (lic, source[:200])
