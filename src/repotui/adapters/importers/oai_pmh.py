"""OAI-PMH 2.0 responses (ListRecords, GetRecord) with `oai_dc` metadata, from EPrints and DSpace.

The same parser serves `repotui import page.xml` and `repotui harvest`, so a harvest produces
exactly the records an import of the same pages would. Repository identity comes from the
records themselves (OAI identifier, item URL), never from where the page was fetched.

This module reads the protocol (headers, deleted records, errors, resumption tokens) and hands
each record's metadata on: oai_dc to `dc_map.map_oai_dc`, EPrints EP3 to `eprints_xml.map_eprint`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from repotui.adapters.importers import common as c
from repotui.adapters.importers.base import ImportedRecord, ImportProblem, ImportResult
from repotui.adapters.importers.dc_map import DcFields, map_oai_dc, oai_local_id, repository_of
from repotui.adapters.importers.xmlsafe import XmlError, child_text, children, local, parse_xml

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
DC_NS = "http://purl.org/dc/elements/1.1/"
EP2_NS = "http://eprints.org/ep2/data/2.0"
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
    """One `<record>`: a deleted header, EP3 metadata or oai_dc; anything else is a problem."""
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
        result.records.append(_deleted(oai_id, datestamp, source, line, base_url))
        return
    metadata = record.find(f"{{{OAI_NS}}}metadata")
    payload = next(iter(metadata), None) if metadata is not None else None
    if payload is None:
        result.problems.append(ImportProblem(source, "record has no metadata; skipped", line, oai_id))
        return
    if payload.tag == f"{{{EP2_NS}}}eprints" or payload.tag == f"{{{EP2_NS}}}eprint":
        _add_ep3(payload, oai_id, datestamp, source, result, line)
        return
    if local(payload.tag) != "dc":
        result.problems.append(ImportProblem(
            source, f"metadata format <{local(payload.tag)}> is not supported (use oai_dc); skipped", line, oai_id))
        return
    try:
        mapping, short = map_oai_dc(oai_id, datestamp, sets, _dc_fields(payload), base_url)
    except (ValueError, TypeError) as exc:  # defensive: a mapping bug must not stop the batch
        result.problems.append(ImportProblem(source, f"could not map record: {exc}", line, oai_id))
        return
    result.records.append(ImportedRecord(mapping, source, line, short, datestamp=datestamp))


def _deleted(oai_id: str, datestamp: str | None, source: str, line: int | None,
             base_url: str | None) -> ImportedRecord:
    """A deleted header: only the id and the repository, so the writer can withdraw the files."""
    short, name = repository_of(oai_id, [], base_url)
    mapping: dict[str, Any] = {"id": c.make_id(short, oai_local_id(oai_id)),
                               "repository": {"name": name, "oai": oai_id, "datestamp": datestamp}}
    return ImportedRecord(mapping, source, line, short, deleted=True, datestamp=datestamp)


def _add_ep3(payload: ET.Element, oai_id: str, datestamp: str | None, source: str, result: ImportResult,
             line: int | None) -> None:
    """EPrints EP3 metadata inside OAI-PMH, mapped like an EP3 XML export."""
    from repotui.adapters.importers.eprints_xml import map_eprint

    eprint = payload if local(payload.tag) == "eprint" else payload.find(f"{{{EP2_NS}}}eprint")
    mapping, short = map_eprint(eprint) if eprint is not None else (None, "")
    if mapping is None:
        result.problems.append(ImportProblem(source, "EP3 metadata without an eprint; skipped", line, oai_id))
        return
    mapping.setdefault("repository", {}).update({"oai": oai_id, "datestamp": datestamp})
    result.records.append(ImportedRecord(mapping, source, line, short, datestamp=datestamp))


def _dc_fields(payload: ET.Element) -> DcFields:
    """The `dc:` elements of an `<oai_dc:dc>` with some text, by element name, in order."""
    fields: DcFields = {}
    for element in payload:
        if element.tag.startswith(f"{{{DC_NS}}}"):
            value = "".join(element.itertext())
            if value.strip():
                fields.setdefault(local(element.tag), []).append(value)
    return fields
