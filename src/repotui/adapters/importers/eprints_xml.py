"""EPrints EP3 XML (`http://eprints.org/ep2/data/2.0`): one or more `<eprint>` elements.

The XML is turned into the same dict shape as EPrints' JSON export (lists from `<item>` and
plural containers) and mapped by `eprints_map`, so both exports give identical records.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from repotui.adapters.importers.base import ImportedRecord, ImportProblem, ImportResult
from repotui.adapters.importers.eprints_map import map_eprint_dict
from repotui.adapters.importers.xmlsafe import XmlError, local, parse_xml

EP2_NS = "http://eprints.org/ep2/data/2.0"


def element_to_data(element: ET.Element) -> Any:
    """EP3 XML → JSON-export shape: `<creators><item>...` becomes a list, leaves become text."""
    kids = list(element)
    if not kids:
        return element.text or ""
    names = {local(k.tag) for k in kids}
    tag = local(element.tag)
    if len(names) == 1 and (names == {"item"} or tag == next(iter(names)) + "s"):
        return [element_to_data(k) for k in kids]
    out: dict[str, Any] = {}
    for kid in kids:
        out[local(kid.tag)] = element_to_data(kid)
    if element.get("id"):
        out.setdefault("uri", element.get("id"))
    return out


def map_eprint(eprint: ET.Element) -> tuple[dict[str, Any] | None, str]:
    data = element_to_data(eprint)
    if not isinstance(data, dict):
        return None, ""
    mapped = map_eprint_dict(data)
    return (mapped[0], mapped[1]) if mapped else (None, "")


class EprintsXmlImporter:
    """`<eprints xmlns="http://eprints.org/ep2/data/2.0">` exports."""

    name = "eprints-xml"

    def sniff(self, head: bytes) -> bool:
        return b"eprints.org/ep2/data/2.0" in head and b"OAI-PMH" not in head

    def parse(self, data: bytes, source: str) -> ImportResult:
        result = ImportResult(format=self.name)
        try:
            root = parse_xml(data)
        except XmlError as exc:
            result.problems.append(ImportProblem(source, exc.message, exc.line))
            return result
        eprints = [root] if local(root.tag) == "eprint" else list(root.iter(f"{{{EP2_NS}}}eprint"))
        if not eprints:
            result.problems.append(ImportProblem(source, "no <eprint> element found", 1))
        starts = [data.count(b"\n", 0, m.start()) + 1 for m in re.finditer(rb"<eprint[\s>]", data)]
        for index, eprint in enumerate(eprints):
            line = starts[index] if index < len(starts) else None
            mapping, short = map_eprint(eprint)
            if mapping is None:
                result.problems.append(ImportProblem(source, "eprint without an <eprintid>; skipped", line))
                continue
            result.records.append(ImportedRecord(mapping, source, line, short))
        return result
