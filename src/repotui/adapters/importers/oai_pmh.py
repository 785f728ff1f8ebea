"""OAI-PMH 2.0 responses (ListRecords, GetRecord) with `oai_dc` metadata, from EPrints and DSpace.

The same parser serves `repotui import page.xml` and `repotui harvest`, so a harvest produces
exactly the records an import of the same pages would. Repository identity comes from the
records themselves (OAI identifier, item URL), never from where the page was fetched.

Where the repositories differ:
- EPrints hex-encodes setSpecs (`types=article`), prints its own citation as a `dc:identifier`,
  lists public PDFs as `dc:identifier`s and gives one `dc:date` (the publication date).
- DSpace gives three `dc:date`s (accessioned, available, issued), the handle URL, a bibliographic
  citation string, CC licence names and URLs in `dc:rights`, and version words in `dc:type`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from repotui.adapters.importers import common as c
from repotui.adapters.importers.base import ImportedRecord, ImportProblem, ImportResult
from repotui.adapters.importers.xmlsafe import XmlError, child_text, children, local, parse_xml

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
DC_NS = "http://purl.org/dc/elements/1.1/"
EP2_NS = "http://eprints.org/ep2/data/2.0"
_PROVENANCE = re.compile(
    r"^(?:This (?:is the|work|research|article|paper|version|record)|The (?:final|published|accepted) version"
    r"|Funded by|Supported by|Copyright|©)", re.IGNORECASE)
_RECORD_CHUNK = re.compile(rb"<record\b.*?</record>", re.DOTALL)
_WRAP_OPEN = (b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
              b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><ListRecords>')
_WRAP_CLOSE = b"</ListRecords></OAI-PMH>"


class OaiError(Exception):
    """An OAI-PMH `<error code=...>` answer."""

    MESSAGES = {
        "noRecordsMatch": "no records match (nothing in this range or set)",
        "badArgument": "the repository rejected the request's arguments",
        "badResumptionToken": "the resumption token expired or is invalid; start the harvest again",
        "cannotDisseminateFormat": "the repository does not offer this metadata format (try --prefix oai_dc)",
        "noSetHierarchy": "the repository does not support sets",
        "badVerb": "the endpoint did not understand ListRecords (is this an OAI-PMH URL?)",
        "idDoesNotExist": "no such record",
    }

    def __init__(self, code: str, message: str = "") -> None:
        self.code = code
        self.detail = message
        explained = self.MESSAGES.get(code, "OAI-PMH error")
        super().__init__(f"{code}: {explained}" + (f" ({message})" if message else ""))


class OaiPmhImporter:
    """OAI-PMH XML pages holding oai_dc (or EPrints EP3) metadata."""

    name = "oai-pmh"

    def sniff(self, head: bytes) -> bool:
        return b"openarchives.org/OAI/2.0" in head and b"OAI-PMH" in head

    def parse(self, data: bytes, source: str) -> ImportResult:
        return parse_page(data, source)


def parse_page(data: bytes, source: str) -> ImportResult:
    """Records, deleted headers, the resumption token and any OAI error of one response page.

    A page that is not well-formed is reported with the line of the fault; the records that
    can still be cut out of it one by one are imported anyway.
    """
    result = ImportResult(format="oai-pmh")
    try:
        root = parse_xml(data)
    except XmlError as exc:
        result.problems.append(ImportProblem(source, exc.message, exc.line))
        _salvage(data, source, result)
        return result
    if local(root.tag) != "OAI-PMH":
        result.problems.append(ImportProblem(source, f"not an OAI-PMH response (root element <{local(root.tag)}>)", 1))
        return result
    result.base_url = c.text(child_text(root, "request"))
    for error in root.iter(f"{{{OAI_NS}}}error"):
        code = error.get("code") or "unknown"
        raise_or_note = OaiError(code, c.text("".join(error.itertext())) or "")
        result.problems.append(ImportProblem(source, str(raise_or_note), item=code))
        result.oai_error = raise_or_note
    token = root.find(f".//{{{OAI_NS}}}resumptionToken")
    if token is not None:
        result.resumption_token = (token.text or "").strip() or None
        size = token.get("completeListSize")
        if size and size.isdigit():
            result.complete_list_size = int(size)
    lines = _line_index(data)
    for record in root.iter(f"{{{OAI_NS}}}record"):
        _add_record(record, source, result, lines, result.base_url)
    return result


def _line_index(data: bytes) -> dict[str, int]:
    """OAI identifier → line of its `<identifier>` element, for locating problems."""
    out: dict[str, int] = {}
    for match in re.finditer(rb"<(?:\w+:)?identifier>\s*(oai:[^<\s]+)", data):
        ident = match.group(1).decode("utf-8", "replace")
        out.setdefault(ident, data.count(b"\n", 0, match.start()) + 1)
    return out


def _salvage(data: bytes, source: str, result: ImportResult) -> None:
    """Parse each `<record>` of a broken page on its own: one bad record must not lose the rest."""
    for match in _RECORD_CHUNK.finditer(data):
        start_line = data.count(b"\n", 0, match.start()) + 1
        try:
            root = parse_xml(_WRAP_OPEN + match.group(0) + _WRAP_CLOSE)
        except XmlError as exc:
            line = start_line + (exc.line - 1) if exc.line else start_line
            result.problems.append(ImportProblem(source, f"record skipped: {exc.message}", line))
            continue
        for record in root.iter(f"{{{OAI_NS}}}record"):
            _add_record(record, source, result, {}, None, start_line)


def _add_record(record: ET.Element, source: str, result: ImportResult, lines: dict[str, int],
                base_url: str | None, line: int | None = None) -> None:
    header = record.find(f"{{{OAI_NS}}}header")
    if header is None:
        result.problems.append(ImportProblem(source, "a record has no header; skipped", line))
        return
    oai_id = c.text(child_text(header, "identifier")) or ""
    line = lines.get(oai_id, line)
    datestamp = c.text(child_text(header, "datestamp"))
    sets = [c.decode_setspec(s.text or "") for s in children(header, "setSpec")]
    if not oai_id:
        result.problems.append(ImportProblem(source, "a record header has no identifier; skipped", line))
        return
    if header.get("status") == "deleted":
        short, name = _repository(oai_id, [], base_url)
        mapping = {"id": c.make_id(short, _local_id(oai_id)),
                   "repository": {"name": name, "oai": oai_id, "datestamp": datestamp}}
        result.records.append(ImportedRecord(mapping, source, line, short, deleted=True, datestamp=datestamp))
        return
    metadata = record.find(f"{{{OAI_NS}}}metadata")
    payload = next(iter(metadata), None) if metadata is not None else None
    if payload is None:
        result.problems.append(ImportProblem(source, "record has no metadata; skipped", line, oai_id))
        return
    if payload.tag == f"{{{EP2_NS}}}eprints" or payload.tag == f"{{{EP2_NS}}}eprint":
        from repotui.adapters.importers.eprints_xml import map_eprint

        eprint = payload if local(payload.tag) == "eprint" else payload.find(f"{{{EP2_NS}}}eprint")
        mapping, short = map_eprint(eprint) if eprint is not None else (None, "")
        if mapping is None:
            result.problems.append(ImportProblem(source, "EP3 metadata without an eprint; skipped", line, oai_id))
            return
        mapping.setdefault("repository", {}).update({"oai": oai_id, "datestamp": datestamp})
        result.records.append(ImportedRecord(mapping, source, line, short, datestamp=datestamp))
        return
    if local(payload.tag) != "dc":
        result.problems.append(ImportProblem(
            source, f"metadata format <{local(payload.tag)}> is not supported (use oai_dc); skipped", line, oai_id))
        return
    fields: dict[str, list[str]] = {}
    for element in payload:
        if element.tag.startswith(f"{{{DC_NS}}}"):
            value = "".join(element.itertext())
            if value.strip():
                fields.setdefault(local(element.tag), []).append(value)
    try:
        mapping, short = map_oai_dc(oai_id, datestamp, sets, fields, base_url)
    except (ValueError, TypeError) as exc:  # defensive: a mapping bug must not stop the batch
        result.problems.append(ImportProblem(source, f"could not map record: {exc}", line, oai_id))
        return
    result.records.append(ImportedRecord(mapping, source, line, short, datestamp=datestamp))


def _local_id(oai_id: str) -> str:
    """`oai:researchonline.lshtm.ac.uk:407` → `407`; `oai:dspace-production:1810/219499` → `1810/219499`."""
    parts = oai_id.split(":", 2)
    return parts[2] if len(parts) == 3 else oai_id


def _repository(oai_id: str | None, urls: list[str], base_url: str | None) -> tuple[str, str]:
    parts = (oai_id or "").split(":", 2)
    namespace = parts[1] if len(parts) == 3 else ""
    if "." in namespace:
        return c.repository_for(namespace)
    for url in urls:
        host = c.host_of(url)
        if host and host not in {"dx.doi.org", "doi.org"}:
            return c.repository_for(host)
    if base_url and c.host_of(base_url):
        return c.repository_for(c.host_of(base_url))
    return c.repository_for(namespace or "oai")


def map_oai_dc(oai_id: str | None, datestamp: str | None, sets: list[str], dc: dict[str, list[str]],
               base_url: str | None = None) -> tuple[dict[str, Any], str]:
    """One oai_dc record as a record mapping, and the repository's short name (its folder)."""
    identifiers = [v for v in (c.text(x) for x in dc.get("identifier", [])) if v]
    relations = [v for v in (c.text(x) for x in dc.get("relation", [])) if v]
    item_urls = [u for u in identifiers + relations if re.match(r"^https?://", u) and not c.is_doi_url(u)
                 and not c.is_eprints_file_url(u)]
    if oai_id:
        local_id = _local_id(oai_id)
        item_page = next((u for u in item_urls if "/handle/" in u), None) or next(
            (u for u in relations if re.match(rf"^https?://[^/]+/{re.escape(local_id)}/?$", u)), None)
    else:  # no OAI header (the plain-text DC export): the EPrints item page names the item
        item_page = next((u for u in item_urls if re.match(r"^https?://[^/]+/\d+/?$", u)), None) or next(
            (u for u in item_urls if "/handle/" in u), None)
        if item_page is None:
            raise ValueError("no item page URL (https://host/<id>/) to identify the record by")
        local_id = re.sub(r"^https?://[^/]+/(?:handle/)?", "", item_page).strip("/")
    short, repo_name = _repository(oai_id, [item_page] if item_page else item_urls, base_url)
    title = c.text((dc.get("title") or [None])[0])
    data: dict[str, Any] = {"id": c.make_id(short, local_id), "title": title}

    # Item type: EPrints' decoded `types=` set first, then dc:type words; status words aside.
    out_type = None
    genre = None
    peer_reviewed = None
    version = None
    for spec in sets:
        if spec.startswith("types="):
            out_type = c.csl_type_from_eprints(spec.split("=", 1)[1])
    for word in dc.get("type", []):
        low = re.sub(r"\s+", " ", word.strip().lower())
        status = c.DC_STATUS_WORDS.get(low)
        if status and status[0] == "peer-reviewed":
            peer_reviewed = status[1]
        elif status:
            version = status[1]
        elif low in {"phd", "doctoral", "masters", "mphil", "md"}:
            # DSpace gives "doctoral" and "PhD" together: the more specific "PhD thesis" wins.
            named = {"phd": "PhD thesis", "doctoral": "Doctoral thesis", "masters": "Masters thesis",
                     "mphil": "MPhil thesis", "md": "MD thesis"}[low]
            genre = named if low == "phd" or genre is None else genre
        elif out_type is None:
            out_type = c.csl_type_from_dc(word)
    data["type"] = out_type or "article"
    if data["type"] == "thesis":
        data["genre"] = genre

    data["author"] = [n for n in (c.split_name(v) for v in dc.get("creator", [])) if n]
    contributors = [n for n in (c.split_name(v) for v in dc.get("contributor", [])
                                if not re.search(r"\bORCID\b|^\s*\d{4}-\d{4}-", v, re.IGNORECASE)) if n]
    if contributors:
        data["contributor"] = contributors

    descriptions = [d for d in (c.block(v) for v in dc.get("description", [])) if d]
    if descriptions:
        # DSpace puts provenance notes ("This is the final version...") beside the abstract.
        candidates = [d for d in descriptions if not _PROVENANCE.match(d)] or descriptions
        abstract = max(candidates, key=len)
        data["abstract"] = abstract
        notes = [d for d in descriptions if d is not abstract]
        if notes:
            data["note"] = "\n\n".join(notes)
    publishers = [p for p in (c.text(v) for v in dc.get("publisher", [])) if p]
    if publishers:
        data["publisher"] = publishers[0]
    keywords = [k for k in (c.text(v) for v in dc.get("subject", [])) if k]
    if keywords:
        data["keyword"] = keywords
    languages = [v for v in (c.text(x) for x in dc.get("language", [])) if v]
    if languages:
        data["language"] = languages[0]

    # Dates: EPrints gives the publication date; DSpace accessioned, available, issued (in order).
    dates: dict[str, str] = {}
    raw_dates = [d.strip() for d in dc.get("date", []) if d.strip()]
    stamped = [d for d in raw_dates if c.has_time(d)]
    plain = [d for d in raw_dates if not c.has_time(d)]
    issued = c.iso_date(plain[-1]) if plain else None
    available = None
    if stamped:
        dates["deposited"] = c.iso_date(stamped[0]) or ""
        if len(stamped) > 1:
            available = c.iso_date(stamped[1])
        if not plain and len(stamped) > 2:
            issued = c.iso_date(stamped[-1])
    data["issued"] = issued

    licence = c.licence_from(dc.get("rights", []))
    data["licence"] = licence
    if available:
        # DSpace's `available` is when the item was opened to the public: with an open licence
        # that is when it became open access; otherwise keep it as CSL's `available-date`.
        if licence and licence.get("id", "").upper().startswith("CC"):
            dates["open-access"] = available
        else:
            data["available-date"] = available
    data["dates"] = {k: v for k, v in dates.items() if v}

    # Identifiers and relations: DOI, item page, files, ISBN, the repository's own citation.
    files: list[dict[str, Any]] = []
    citation = None
    doi = None
    url = None
    formats = [f.strip() for f in dc.get("format", []) if "/" in f and " " not in f.strip()]
    for value in identifiers + relations:
        flat = c.text(value) or ""
        if not flat:
            continue
        if c.is_doi_url(flat) or re.match(r"^(?:doi:\s*)?10\.\d{4,9}/\S+$", flat, re.IGNORECASE):
            doi = doi or c.find_doi(flat)
        elif re.match(r"^https?://\S+$", flat):
            if c.is_eprints_file_url(flat):
                if not any(f["url"] == flat for f in files):
                    files.append({"url": flat, "format": c.guess_format(flat, formats[0] if formats else None)
                                  if flat.lower().endswith(".pdf") else c.guess_format(flat)})
            elif flat == item_page or "/handle/" in flat:
                item_page = item_page or flat
            elif url is None and c.host_of(flat) != c.host_of(item_page or ""):
                url = flat
        elif c.is_isbn(flat):
            data["ISBN"] = re.sub(r"^ISBN[:\s]*", "", flat, flags=re.IGNORECASE)
        elif " " in flat and citation is None:
            citation = re.sub(r"\s*<https?://[^>]*>", "", flat)
            citation = re.sub(r"\s+;", ";", re.sub(r"\s+", " ", citation)).strip()
            citation = re.sub(r"(?:\s+https?://\S+)+$", "", citation)
            doi = doi or c.find_doi(flat)
    if citation:
        data["house-citation"] = citation
        in_citation = bool(title) and re.sub(r"\W+", " ", title or "").strip().lower() in re.sub(
            r"\W+", " ", citation).lower()
        eprints_style = in_citation and re.search(r"\(\d{4}[a-z]?\)", citation)  # "Name, X; (2011) Title."
        if data["type"] == "article-journal" and eprints_style:
            for key, value in c.parse_article_citation(citation, title).items():
                if key == "DOI":
                    doi = doi or value
                else:
                    data.setdefault(key, value)
        elif data["type"] == "article-journal" and "container-title" not in data:
            container = _dspace_container(citation, data["author"])
            if container:
                data["container-title"] = container
    data["DOI"] = doi
    data["URL"] = url or (f"https://doi.org/{doi}" if doi else None)
    if files:
        for f in files:
            if version and f.get("format") == "application/pdf":
                f["version"] = version
        data["files"] = files
        data["full-text"] = {"status": "public", "version": version}
    elif version:
        data["full-text"] = {"version": version}
    data["peer-reviewed"] = peer_reviewed
    data["repository"] = {"name": repo_name, "id": local_id, "url": item_page, "oai": oai_id,
                          "datestamp": datestamp}
    return c.prune(data), short


def _dspace_container(citation: str, authors: list[dict[str, str]]) -> str | None:
    """`Nature Communications 2015, 6(7756). doi: ...` → `Nature Communications` (DSpace citations)."""
    if authors and authors[0].get("family") and citation.startswith(authors[0]["family"]):
        return None
    if re.fullmatch(r"[^\d\"“.:;]{3,200}", citation):  # the journal's name alone
        return citation.strip(" ,")
    match = re.match(r"^([^\d\"“]+?)[\s,.]+(?:(?:19|20)\d{2}\b|\d+\s*\(|Vol\b)", citation)
    if not match:
        return None
    container = match.group(1).strip(" ,.")
    return container if 3 <= len(container) <= 200 else None
