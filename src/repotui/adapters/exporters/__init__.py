"""Records → machine formats (BibTeX, RIS, CSL-JSON): text out; writing files is fs.atomic_write's job.
Rendered citations → bibliography files (HTML, Markdown, docx, odt): `write_bibliography`."""

from __future__ import annotations

from repotui.adapters.exporters.bibliography import ExportError, format_for_path, write_bibliography
from repotui.adapters.exporters.bibtex import bibtex_keys, to_bibtex
from repotui.adapters.exporters.csl_json import to_csl_json
from repotui.adapters.exporters.ris import to_ris

__all__ = ["ExportError", "bibtex_keys", "format_for_path", "to_bibtex", "to_csl_json", "to_ris",
           "write_bibliography"]
