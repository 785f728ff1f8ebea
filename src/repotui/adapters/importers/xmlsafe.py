"""Hostile-XML-proof parsing: defusedxml refuses entity expansion, external entities and DTD tricks.

Every XML importer parses through `parse_xml`, so a "billion laughs" export or one that tries
to read a local file through an external entity fails with a clear problem instead.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring


class XmlError(ValueError):
    """The XML could not be read; carries the 1-based line and column where known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def parse_xml(data: bytes | str) -> ET.Element:
    """The root element, or XmlError with the location of the first fault."""
    try:
        root: ET.Element = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        return root
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        reason = str(exc).split(":", 1)[0]
        return _raise(f"XML is not well-formed ({reason})", line, (column or 0) + 1)
    except DefusedXmlException as exc:
        return _raise(f"XML refused: {exc.__class__.__name__} (entities and external references are not allowed)")
    except (ValueError, RecursionError) as exc:
        return _raise(f"XML could not be read: {exc.__class__.__name__}")


def _raise(message: str, line: int | None = None, column: int | None = None) -> ET.Element:
    raise XmlError(message, line, column)


def local(tag: str) -> str:
    """`{namespace}name` → `name`."""
    return tag.rsplit("}", 1)[-1]


def child_text(element: ET.Element | None, name: str) -> str | None:
    """Text of the first direct child with this local name (any namespace)."""
    if element is None:
        return None
    for child in element:
        if local(child.tag) == name:
            return "".join(child.itertext())
    return None


def children(element: ET.Element | None, name: str) -> list[ET.Element]:
    if element is None:
        return []
    return [child for child in element if local(child.tag) == name]
