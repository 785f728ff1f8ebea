"""The repository's own fields: licence, dates, full-text status, files, where it came from."""

from __future__ import annotations

import re
from typing import Any

from repotui.core.licences import normalise_licence
from repotui.core.model import DateKind, FileRef, Licence, PartialDate, Repository, Status
from repotui.core.text import clean_line
from repotui.core.validate.base import FieldReader, summarise
from repotui.core.validate.scalars import huge_int, safe_str
from repotui.core.validate.schema import KNOWN_FIELDS, MAX_EXTRA_FIELDS, MAX_FILES

_VERSIONS = {"vor": "VoR", "aam": "AAM", "smur": "SMUR", "am": "AAM", "other": "other",
             "published": "VoR", "accepted": "AAM", "submitted": "SMUR",
             "publishedversion": "VoR", "acceptedversion": "AAM", "submittedversion": "SMUR"}
_FULL_TEXT = {"public", "restricted", "none"}
_DATE_NAMES = {**{k.value: k for k in DateKind}, "open_access": DateKind.OPEN_ACCESS,
               "embargo_end": DateKind.EMBARGO_END, "embargo": DateKind.EMBARGO_END}
_DATE_ORDER = {kind: i for i, kind in enumerate(DateKind)}


def read_licence(r: FieldReader, data: dict[Any, Any]) -> Licence | None:
    key = "licence" if "licence" in data else "license"
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        if huge_int(value):
            raise r.fail(data, key, f"{key} must be text, not {safe_str(value)}")
        return normalise_licence(clean_line(str(value)))
    if not isinstance(value, dict):
        raise r.fail(data, key, f"{key} must be a mapping (id, name, url) or text")
    given = Licence(id=r.text(value, "id"), name=r.text(value, "name"), url=r.url(value, "url"))
    if not (given.id or given.name or given.url):
        return None
    normal = normalise_licence(given.id or given.url or given.name or "")
    return Licence(id=given.id or normal.id, name=given.name or normal.name, url=given.url or normal.url)


def read_repo_dates(r: FieldReader, data: dict[Any, Any]) -> tuple[tuple[DateKind, PartialDate], ...]:
    value = data.get("dates")
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise r.fail(data, "dates", "dates must be a mapping (accepted: 2022-08-24, ...)")
    out = []
    for key in value:
        kind = _DATE_NAMES.get(safe_str(key))
        if kind is None:
            r.warn(value, key, f"unknown date kind {safe_str(key)[:40]!r} ignored "
                   f"(use {', '.join(k.value for k in DateKind)})")
            continue
        parsed = r.date(value, key)
        if parsed:
            out.append((kind, parsed))
    return tuple(sorted(out, key=lambda kv: _DATE_ORDER[kv[0]]))


def read_version(r: FieldReader, mapping: dict[Any, Any], key: str) -> str | None:
    raw = r.text(mapping, key)
    if not raw:
        return None
    return _VERSIONS.get(re.sub(r"[^a-z]", "", raw.lower()), raw)


def read_status(r: FieldReader, data: dict[Any, Any]) -> Status:
    reviewed = data.get("peer-reviewed")
    if reviewed is not None and not isinstance(reviewed, bool):
        raise r.fail(data, "peer-reviewed", "peer-reviewed must be true or false")
    value = data.get("full-text")
    if value is None:
        return Status(peer_reviewed=reviewed)
    if isinstance(value, str):
        value = {"status": value}
    if not isinstance(value, dict):
        raise r.fail(data, "full-text", "full-text must be a mapping (status, version)")
    full_text = r.text(value, "status")
    if full_text and full_text.lower() not in _FULL_TEXT:
        r.warn(value, "status", f"full-text status {full_text[:30]!r} is not public, restricted or none")
    return Status(peer_reviewed=reviewed, full_text=full_text.lower() if full_text else None,
                  version=read_version(r, value, "version"))


def read_files(r: FieldReader, data: dict[Any, Any]) -> tuple[FileRef, ...]:
    value = data.get("files")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise r.fail(data, "files", "files must be a list of {path or url, format, version}")
    if len(value) > MAX_FILES:
        r.warn(data, "files", f"files has {len(value):,} entries; only the first {MAX_FILES:,} are kept")
        value = value[:MAX_FILES]
    out = []
    for item in value:
        if isinstance(item, str):
            item = {"url": item} if "://" in item or ":" in item.split("/")[0] else {"path": item}
        if not isinstance(item, dict):
            r.warn(data, "files", "a files entry is not a mapping; ignored")
            continue
        path = r.text(item, "path")
        url = r.url(item, "url") if "url" in item else None
        if not (path or url):
            r.warn(data, "files", "a files entry has neither a usable path nor an http(s) url; ignored")
            continue
        size = item.get("size")
        if size is not None and (isinstance(size, bool) or not isinstance(size, int)
                                 or not 0 <= size < 2**63):  # float(10**400) overflows when shown
            r.warn(item, "size", "size must be a whole number of bytes; ignored")
            size = None
        # A bad embargo is an error, not a dropped value: read as "no embargo" it would turn a
        # closed file into an open one, and a REF verdict with it.
        embargo = r.date(item, "embargo", name="files: embargo")
        out.append(FileRef(path=path, url=None if path else url,
                           format=r.text(item, "format") or "application/pdf",
                           version=read_version(r, item, "version"), size=size,
                           label=r.text(item, "label"), withdrawn=item.get("withdrawn") is True,
                           embargo=embargo))
    return tuple(out)


def read_repository(r: FieldReader, data: dict[Any, Any]) -> Repository:
    value = data.get("repository")
    if value is None:
        return Repository()
    if isinstance(value, str):
        return Repository(name=clean_line(value) or None)
    if not isinstance(value, dict):
        raise r.fail(data, "repository", "repository must be a mapping (name, id, url)")
    return Repository(name=r.text(value, "name"), id=r.text(value, "id"), url=r.url(value, "url"),
                      oai=r.text(value, "oai"), datestamp=r.text(value, "datestamp"))


def read_keywords(r: FieldReader, data: dict[Any, Any]) -> tuple[str, ...]:
    value = data.get("keyword")
    if value is None:
        return ()
    if isinstance(value, list):
        words = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, (str, int, float)) or huge_int(item):
                raise r.fail(data, "keyword", "keyword must be text or a list of text")
            words.append(clean_line(str(item)))
    else:
        text = r.text(data, "keyword") or ""
        words = [w.strip() for w in re.split(r"[;,]", text)]
    return tuple(w for w in words if w)


def read_extras(r: FieldReader, data: dict[Any, Any]) -> tuple[tuple[str, str], ...]:
    unknown = [key for key in data if safe_str(key) not in KNOWN_FIELDS]
    out = [(clean_line(safe_str(key))[:80], summarise(data[key])) for key in unknown[:MAX_EXTRA_FIELDS]]
    if len(unknown) > MAX_EXTRA_FIELDS:
        rest = len(unknown) - MAX_EXTRA_FIELDS
        r.warn(data, unknown[MAX_EXTRA_FIELDS],
               f"{len(unknown):,} unknown fields; only the first {MAX_EXTRA_FIELDS:,} are shown")
        out.append(("…", f"{rest:,} more unknown fields not shown"))
    return tuple(out)
