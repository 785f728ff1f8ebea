"""EPrints' "Dublin Core" plain-text export: `key: value` lines, a blank line between records.

The fields are oai_dc's, so each block is mapped by `dc_map.map_oai_dc`; with no OAI header,
the item page (`https://host/<eprintid>/`, given as a `relation:`) identifies the record.
"""

from __future__ import annotations

import re

from repotui.adapters.importers.base import ImportedRecord, ImportProblem, ImportResult
from repotui.adapters.importers.dc_map import map_oai_dc
from repotui.adapters.importers.reading import content_start, decode_text

DC_KEYS = {"title", "creator", "subject", "description", "publisher", "contributor", "date", "type",
           "format", "identifier", "source", "language", "relation", "coverage", "rights"}
_LINE = re.compile(r"^([a-z]+):\s?(.*)$")


class EprintsDcTextImporter:
    """`title: ...` / `creator: ...` blocks."""

    name = "eprints-dc-text"

    def sniff(self, head: bytes) -> bool:
        start = content_start(head)
        return bool(re.match(rb"^(title|creator|identifier|type|date):\s", start)) and b"\ntype: " in head

    def parse(self, data: bytes, source: str) -> ImportResult:
        result = ImportResult(format=self.name)
        text = decode_text(data, source, result)
        if text is None:
            return result
        blocks: list[tuple[int, dict[str, list[str]]]] = []
        current: dict[str, list[str]] = {}
        start = 1
        last_key = None
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.rstrip("\r")
            if not line.strip():
                if current:
                    blocks.append((start, current))
                current, last_key = {}, None
                continue
            match = _LINE.match(line)
            if match and match.group(1) in DC_KEYS:
                if not current:
                    start = number
                last_key = match.group(1)
                current.setdefault(last_key, []).append(match.group(2))
            elif last_key and line[:1].isspace():  # a folded continuation line
                current[last_key][-1] += " " + line.strip()
            else:
                result.problems.append(ImportProblem(source, f"line is not `field: value`: {line[:60]!r}", number))
        if current:
            blocks.append((start, current))
        for line_no, fields in blocks:
            if not fields.get("title"):
                result.problems.append(ImportProblem(source, "record has no title; skipped", line_no))
                continue
            try:
                mapping, short = map_oai_dc(None, None, [], fields)
            except ValueError as exc:
                result.problems.append(ImportProblem(source, f"record skipped: {exc}", line_no))
                continue
            result.records.append(ImportedRecord(mapping, source, line_no, short))
        return result
