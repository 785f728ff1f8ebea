"""Formatted bibliographies as files: HTML, Markdown, Word (docx) and OpenDocument (odt).

Input is rendered citations (styled segments), so every format carries the style's italics,
bold, small caps and super/subscripts. HTML is written here (every character of record text
escaped); Markdown, docx and odt are written by pandoc from that HTML (`-f html`): record text
reaches pandoc only as escaped character data, never as Markdown or markup, and pandoc escapes
what it writes (a title "1. *x*" stays text in Markdown). HTML, unlike pandoc's JSON AST, does not
tie us to one pandoc API version.
Files are written through `fs.atomic_write`: never half-written, and an existing file is only
replaced when the caller says so (`overwrite`; the CLI's `--force`).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from repotui.adapters.fs import FileExistsRefused, atomic_write
from repotui.adapters.pandoc import find_pandoc
from repotui.core.citation.model import Segment, escape_html, segments_html

#: Format name → what pandoc calls it (html is written by us).
FORMATS = {"html": "html", "md": "markdown", "docx": "docx", "odt": "odt"}
#: The file extension each format is usually given (for `format_for_path`).
EXTENSIONS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".docx": "docx", ".odt": "odt"}


class ExportError(Exception):
    """The bibliography could not be written (pandoc missing or failing); the message says why."""


def format_for_path(path: Path) -> str | None:
    """`refs.docx` → "docx"; None for an extension we do not write."""
    return EXTENSIONS.get(path.suffix.lower())


def html_document(entries: Sequence[Sequence[Segment]], title: str = "References", *,
                  head_title: bool = True) -> str:
    """A standalone UTF-8 HTML page: one `csl-entry` div per reference, as citeproc writes them.

    `head_title=False` leaves out `<title>`: pandoc reads it as the document's title, which its
    docx and odt writers print as a Title paragraph above the `<h1>`, so the heading came twice."""
    body = "\n".join(f'  <div class="csl-entry">{segments_html(e)}</div>' for e in entries)
    head = f"<title>{escape_html(title)}</title>\n" if head_title else ""
    return (f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n{head}'
            f'</head>\n<body>\n<h1>{escape_html(title)}</h1>\n<div class="csl-bib-body">\n{body}\n</div>\n'
            "</body>\n</html>\n")


def render(entries: Sequence[Sequence[Segment]], fmt: str, *, title: str = "References",
           pandoc: str | None = None, timeout: float = 60.0) -> bytes:
    """The bibliography file's bytes in `fmt` (html, md, docx or odt)."""
    if fmt not in FORMATS:
        raise ExportError(f"cannot write {fmt!r} (choose one of {', '.join(FORMATS)})")
    if fmt == "html":
        return html_document(entries, title).encode("utf-8")
    exe = pandoc or find_pandoc()
    if not exe:
        raise ExportError("pandoc is not installed (pip install pypandoc-binary, or set REPOTUI_PANDOC)")
    source = html_document(entries, title, head_title=False).encode("utf-8")
    argv = [exe, "--from", "html", "--to", FORMATS[fmt], "--output", "-"]
    if fmt == "md":
        argv += ["--wrap", "none"]
    try:
        proc = subprocess.run(argv, input=source, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ExportError(f"pandoc took longer than {timeout:g} s") from exc
    except OSError as exc:
        raise ExportError(f"cannot run pandoc ({exe}): {exc.strerror or exc}") from exc
    if proc.returncode != 0:
        raise ExportError(f"pandoc could not write {fmt}: {proc.stderr.decode('utf-8', 'replace')[:300]}")
    return proc.stdout


def write_bibliography(entries: Sequence[Sequence[Segment]], path: Path, fmt: str | None = None, *,
                       overwrite: bool = False, title: str = "References") -> str:
    """Write the bibliography to `path` atomically; returns the format used.

    `fmt` defaults to the one the extension names. Raises ExportError, and
    fs.FileExistsRefused when `path` exists and `overwrite` is False (nothing is written then).
    """
    fmt = fmt or format_for_path(path)
    if fmt is None:
        raise ExportError(f"cannot tell the format from {path.name!r}: give --to html, md, docx or odt")
    if not overwrite and path.exists():  # checked again, race-free, by atomic_write
        raise FileExistsRefused(f"{path} already exists; not replaced")
    atomic_write(path, render(entries, fmt, title=title), overwrite=overwrite)
    return fmt
