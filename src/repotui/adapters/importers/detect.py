"""Which importer reads a source: by content first (exports are often misnamed), then by suffix."""

from __future__ import annotations

from pathlib import Path

from repotui.adapters.importers.base import Importer, ImportProblem, ImportResult
from repotui.adapters.importers.bibtex import BibtexImporter
from repotui.adapters.importers.csl_json import CslJsonImporter, CslYamlImporter
from repotui.adapters.importers.eprints_dc_text import EprintsDcTextImporter
from repotui.adapters.importers.eprints_json import EprintsJsonImporter
from repotui.adapters.importers.eprints_xml import EprintsXmlImporter
from repotui.adapters.importers.oai_pmh import OaiPmhImporter
from repotui.adapters.importers.ris import RisImporter

#: In sniffing order: the most specific formats first.
IMPORTERS: tuple[Importer, ...] = (
    OaiPmhImporter(), EprintsXmlImporter(), EprintsJsonImporter(), CslJsonImporter(),
    EprintsDcTextImporter(), RisImporter(), BibtexImporter(), CslYamlImporter(),
)
_SUFFIXES = {
    ".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".json": "csl-json", ".yaml": "csl-yaml",
    ".yml": "csl-yaml", ".xml": "oai-pmh",
}
#: The largest source read (a ListRecords page or an export of a few thousand records fits easily).
MAX_SOURCE_BYTES = 256 * 1024 * 1024
SNIFF_BYTES = 16 * 1024


def format_names() -> list[str]:
    return [imp.name for imp in IMPORTERS]


def by_name(name: str) -> Importer | None:
    for imp in IMPORTERS:
        if imp.name == name:
            return imp
    return None


def detect(data: bytes, name: str = "") -> Importer | None:
    """The importer for these bytes: content sniffing, then the file suffix."""
    head = data[:SNIFF_BYTES]
    for imp in IMPORTERS:
        if imp.sniff(head):
            return imp
    suffix = Path(name).suffix.lower()
    return by_name(_SUFFIXES[suffix]) if suffix in _SUFFIXES else None


def read_bytes(data: bytes, source: str, format: str | None = None) -> ImportResult:
    """Parse bytes with the named or detected importer; an unknown format is a problem."""
    imp = by_name(format) if format else detect(data, source)
    if imp is None:
        result = ImportResult()
        known = ", ".join(format_names())
        message = (f"unknown format {format!r} (known: {known})" if format
                   else f"format not recognised (known: {known}; use --format)")
        result.problems.append(ImportProblem(source, message))
        return result
    return imp.parse(data, source)


def read_source(path: Path, format: str | None = None) -> ImportResult:
    """Read and parse one file; unreadable files become problems, never exceptions."""
    source = str(path)
    try:
        if not path.is_file():
            raise IsADirectoryError("not a regular file")
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            result = ImportResult()
            result.problems.append(ImportProblem(source, f"file is {size:,} bytes, more than {MAX_SOURCE_BYTES:,}"))
            return result
        data = path.read_bytes()
    except OSError as exc:
        result = ImportResult()
        result.problems.append(ImportProblem(source, f"cannot read: {exc.strerror or exc}"))
        return result
    return read_bytes(data, source, format)
