"""Which file to open and whether it may be opened: pure decisions, no network, no processes.

Records are hostile data. A file entry's `path` may try to climb out of the records folder
(`../../etc/passwd`, an absolute path, a symlink pointing out) and its `url` may use a scheme
we never want to hand to an opener (`javascript:`, `data:`, `file:`, `ftp:`). Every check that
protects the user lives here, so the TUI, the CLI and the tests share one set of rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from repotui.core.model import VERSION_NAMES, FileRef, Record
from repotui.core.ref import Embargo, files_embargoes

#: The only URL schemes we download or hand to a browser.
ALLOWED_SCHEMES = frozenset({"http", "https"})

#: Ids made only of these characters are used as they are in cache file names.
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

#: Cache file suffix per declared MIME type; anything unknown is `.bin`.
_SUFFIXES = {
    "application/pdf": ".pdf",
    "application/epub+zip": ".epub",
    "application/zip": ".zip",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "text/plain": ".txt",
    "text/html": ".html",
    "image/png": ".png",
    "image/jpeg": ".jpg",
}
#: Formats that are ZIP containers underneath (their files start with `PK\x03\x04`).
_ZIP_FORMATS = frozenset({
    "application/epub+zip", "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
})

#: How many leading bytes `content_problem` wants to see.
SNIFF_BYTES = 1024


class Refused(ValueError):
    """A file or link we will not open; `str(exc)` is a message for the user."""


# --- URLs -------------------------------------------------------------------------------------

def url_problem(url: str) -> str | None:
    """Why `url` may not be fetched or opened, or None when it is a plain http(s) link.

    Control characters are refused outright (they can hide a scheme or split a header);
    the scheme must be http or https and there must be a host.
    """
    text = url.strip()
    if not text:
        return "the link is empty"
    if _CONTROL.search(text):
        return "the link contains control characters; refused"
    if "\\" in text.split("?", 1)[0].split("#", 1)[0]:
        return "the link contains a backslash; refused"
    try:
        parts = urlsplit(text)
    except ValueError:
        return "the link is not a valid web address; refused"
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"{scheme}:" if scheme else "a link without http:// or https://"
        return f"only http and https links are allowed, not {shown}; refused"
    try:
        host = parts.hostname
    except ValueError:
        host = None
    if not host:
        return "the link has no host name; refused"
    return None


# --- choosing the file ---------------------------------------------------------------------------

def main_file_index(record: Record) -> int | None:
    """The file `o` opens: the Version of Record PDF, else the accepted manuscript, else the first.

    Withdrawn files are passed over while any other file exists; files keep their order, so a
    local copy listed before a remote one with the same version wins.
    """
    files = record.files
    if not files:
        return None
    usable = [i for i, f in enumerate(files) if not f.withdrawn] or list(range(len(files)))
    preferences: tuple[Callable[[FileRef], bool], ...] = (
        lambda f: f.version == "VoR" and f.is_pdf, lambda f: f.version == "AAM")
    for wanted in preferences:
        for i in usable:
            if wanted(files[i]):
                return i
    return usable[0]


def file_summary(file: FileRef, cached: bool = False, embargo: Embargo | None = None) -> str:
    """`PDF · Version of Record · 363 KB · remote`: one line for the file picker.

    `cached` (from `adapters.cache.is_cached`) turns `remote` into `remote, cached`; a running
    `embargo` (`ref.files_embargoes`) adds `embargoed until 15 May 2027 (165 days)`.
    """
    suffix = suffix_for(file.format)
    kind = "PDF" if file.is_pdf else (suffix.lstrip(".").upper() if suffix != ".bin"
                                      else file.format.split("/")[-1][:20].upper() or "file")
    parts = [file.label, kind] if file.label else [kind]
    if file.version:
        parts.append(VERSION_NAMES.get(file.version, file.version))
    if file.size is not None:
        parts.append(human_size(file.size))
    remote = bool(file.url and not file.path)
    parts.append(("remote, cached" if cached else "remote") if remote else "local")
    if file.withdrawn:
        parts.append("withdrawn")
    if embargo is not None:
        parts.append(embargo.text())
    return " · ".join(parts)


def human_size(size: float) -> str:
    """`371712` → `363 KB`: binary units, whole numbers below 10 GB."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" or size >= 10 else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.0f} GB"  # pragma: no cover - loop always returns


# --- local paths ---------------------------------------------------------------------------------

def _within(child: str, parent: str) -> bool:
    try:
        return os.path.commonpath([child, parent]) == parent
    except ValueError:  # different drives on Windows
        return False


def resolve_local(path: str, record_file: Path, records_root: Path, *, allow_outside: bool = False) -> Path:
    """The real, absolute file a record's relative `path` names; raises `Refused` when unsafe.

    The path is taken relative to the folder of the record's own file and resolved through
    every symlink; the result must lie inside the records folder (itself resolved) unless
    `allow_outside` is set. Nothing in the path is interpreted: `~`, `$(...)`, `;` and
    backticks are ordinary characters of a file name.
    """
    if not path or "\x00" in path:
        raise Refused("the file path is empty or contains a NUL character; refused")
    base = os.path.abspath(record_file.parent)
    target = os.path.realpath(os.path.join(base, path))
    root = os.path.realpath(records_root)
    if not allow_outside and not _within(target, root):
        raise Refused(f"the file path {path!r} points outside the records folder; refused "
                      "(set allow_outside_paths = true in the config to allow it)")
    if not os.path.exists(target):
        raise Refused(f"the file {path!r} does not exist")
    if not os.path.isfile(target):
        raise Refused(f"{path!r} is not a regular file; refused")
    return Path(target)


# --- cache names and content checks -----------------------------------------------------------

def cache_name(record_id: str, index: int, url: str, format: str = "application/pdf") -> str:
    """A file name for a record's downloaded file that no record or server can steer.

    Built from the id (used as is when it is short and plain, else replaced by its hash), the
    file's 1-based position and a short hash of the URL (so an edited link is fetched again);
    never from the URL's path or a Content-Disposition header.
    """
    if _SAFE_ID.fullmatch(record_id):
        stem = record_id
    else:
        stem = "id-" + hashlib.sha256(record_id.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    link = hashlib.sha256(url.strip().encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{stem}-{index + 1}-{link}{suffix_for(format)}"


def suffix_for(format: str) -> str:
    """The file suffix for a declared MIME type (`.pdf`, `.epub`, ...); `.bin` when unknown."""
    return _SUFFIXES.get(format.strip().lower(), ".bin")


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")) or b"<html" in start[:512]


def content_problem(head: bytes, format: str = "application/pdf") -> str | None:
    """Why the first bytes of a download are not the declared format, or None when they are.

    A PDF must start with `%PDF-` (leading whitespace tolerated); ZIP-based formats with
    `PK\\x03\\x04`; any format other than HTML must not be an HTML page (a login wall or an
    error page served with status 200 is the common failure).
    """
    declared = format.strip().lower()
    if declared == "application/pdf":
        if head.lstrip(b" \t\r\n").startswith(b"%PDF-"):
            return None
        if _looks_like_html(head):
            return "the server sent an HTML page, not a PDF"
        if not head:
            return "the server sent an empty file, not a PDF"
        return "the server sent something that is not a PDF (it does not start with %PDF-)"
    if declared in _ZIP_FORMATS:
        if head.startswith(b"PK\x03\x04"):
            return None
        kind = suffix_for(declared).lstrip(".").upper()
        return (f"the server sent an HTML page, not a {kind} file" if _looks_like_html(head)
                else f"the server sent something that is not a {kind} file")
    if declared != "text/html" and _looks_like_html(head):
        return f"the server sent an HTML page, not {declared}"
    return None


# --- the plan ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class OpenPlan:
    """What opening one of a record's files takes: a file to open now, a download first, or a refusal.

    `path` is the file the opener gets: the resolved local file, or for a remote file its
    place in the cache (filled by `download(url, path, ...)` when `needs_download`).
    """

    record_id: str
    index: int | None
    file: FileRef | None = None
    path: Path | None = None
    url: str | None = None
    cached: bool = False
    refused: str | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None and self.path is not None

    @property
    def needs_download(self) -> bool:
        return self.ok and self.url is not None and not self.cached

    @property
    def is_remote(self) -> bool:
        return self.url is not None


def plan_file(record: Record, index: int | None, *, records_root: Path, cache_folder: Path,
              allow_outside: bool = False, as_of: dt.date | None = None) -> OpenPlan:
    """Decide how to open `record.files[index]` (the main file when index is None). Never raises.

    A remote file under an embargo on `as_of` (today) is refused unless a copy is already cached:
    until the embargo ends the repository answers with a login page, not the file."""
    if index is None:
        index = main_file_index(record)
    if index is None:
        return OpenPlan(record.id, None, refused="this record has no files")
    if not 0 <= index < len(record.files):
        return OpenPlan(record.id, index, refused=f"this record has no file number {index + 1}")
    file = record.files[index]
    if file.path:
        try:
            local = resolve_local(file.path, record.path, records_root, allow_outside=allow_outside)
        except Refused as exc:
            return OpenPlan(record.id, index, file, refused=str(exc))
        return OpenPlan(record.id, index, file, path=local)
    if not file.url:
        return OpenPlan(record.id, index, file, refused="this file has neither a path nor a link")
    problem = url_problem(file.url)
    if problem:
        return OpenPlan(record.id, index, file, refused=problem)
    url = file.url.strip()
    target = cache_folder / cache_name(record.id, index, url, file.format)
    cached = target.is_file()
    embargo = files_embargoes(record, as_of or dt.date.today())[index]
    if embargo is not None and not cached:
        return OpenPlan(record.id, index, file, refused=f"this file is {embargo.text()}; the repository "
                        "does not release it before then, so there is nothing to download")
    return OpenPlan(record.id, index, file, path=target, url=url, cached=cached)
