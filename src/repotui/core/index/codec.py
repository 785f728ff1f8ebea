"""Records and problems as JSON text, and strings as SQLite can keep them.

The index stores our own field-for-field form (never pickle: a cache file must not be able to
run code). Fields that equal their CSL variable are stored once, in `csl`; CSL variables the
validator derives from record fields (id, type, title, author, editor, issued, keyword) are
stored as 0 in their place in `csl` (so its key order survives) and made again on the way out.

In the index the JSON is zlib-compressed with a preset dictionary (`pack`/`unpack`): sample
records of the same folder, kept in the index's meta table, so the key names and whatever
every record of a repository repeats (publisher, repository, licence names) cost next to
nothing. A record's JSON shrinks about fourfold.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
import zlib
from pathlib import Path
from typing import Any

from repotui.core.model import (
    DateKind,
    FileRef,
    Licence,
    PartialDate,
    Person,
    Record,
    RefInfo,
    Repository,
    Status,
)
from repotui.core.problems import LoadProblem, Severity
from repotui.core.validate.names import csl_name

#: Record's optional text fields and the CSL variable each usually equals ("" for none).
_STR_FIELDS = {
    "container_title": "container-title", "volume": "volume", "issue": "issue", "page": "page",
    "number": "number", "doi": "DOI", "url": "URL", "issn": "ISSN", "isbn": "ISBN", "publisher": "publisher",
    "publisher_place": "publisher-place", "genre": "genre", "event_title": "event-title",
    "abstract": "abstract", "publisher_statement": "", "house_citation": "",
}

_SURROGATE = re.compile("[\ud800-\udfff]")


def sql_text(value: str) -> str:
    """Text SQLite can store: lone surrogates (from undecodable file names) become U+FFFD."""
    return value if value.isascii() or not _SURROGATE.search(value) else _SURROGATE.sub("\ufffd", value)


def to_key(value: str) -> str | bytes:
    """A path or id stored exactly: as text, or as UTF-8 bytes with its lone surrogates kept."""
    return value if value.isascii() or not _SURROGATE.search(value) else value.encode("utf-8", "surrogatepass")


def from_key(value: str | bytes) -> str:
    """The inverse of `to_key`."""
    return value.decode("utf-8", "surrogatepass") if isinstance(value, bytes) else value


def dumps(data: Any) -> str:
    """Compact JSON; lone surrogates are escaped (\\udxxx) rather than written raw."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text if text.isascii() or not _SURROGATE.search(text) else json.dumps(data, separators=(",", ":"))


def _date(d: PartialDate | None) -> list[int | None] | None:
    return [d.year, d.month, d.day] if d else None


def _undate(v: list[Any] | None) -> PartialDate | None:
    return PartialDate(*v) if v else None


def _person(p: Person) -> list[str | None]:
    return [p.family, p.given, p.literal, p.suffix, p.particle, p.orcid, p.dropping_particle]


# -- REF fields (issue 12): `withdrawn`, `ref` and file embargoes. Stored only when set, so a
# record without them keeps its old size; a file's embargo is an 8th item only when it has one.


def _file(f: FileRef) -> list[Any]:
    row: list[Any] = [f.path, f.url, f.format, f.version, f.size, f.label, f.withdrawn]
    return [*row, _date(f.embargo)] if f.embargo else row


def _unfile(row: list[Any]) -> FileRef:
    path, url, fmt, version, size, label, withdrawn = row[:7]
    return FileRef(path, url, fmt, version, size, label, withdrawn, _undate(row[7]) if len(row) > 7 else None)


def _ref_to_json(record: Record, data: dict[str, Any]) -> None:
    if record.withdrawn:
        data["withdrawn"] = True
    ref = record.ref
    if ref != RefInfo():
        data["ref"] = [ref.panel, list(ref.exceptions), ref.gold, ref.publisher_agreement]


def _ref_from_json(d: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"withdrawn": bool(d.get("withdrawn", False))}
    if "ref" in d:
        panel, exceptions, gold, agreement = d["ref"]
        out["ref"] = RefInfo(panel, tuple(exceptions), gold, agreement)
    return out

# -- end of the REF fields


def _derived(record: Record) -> dict[str, Any]:
    """The CSL variables the validator makes from record fields, as it makes them."""
    derived: dict[str, Any] = {"id": record.id, "type": record.type, "title": record.title,
                               "author": [csl_name(p) for p in record.authors],
                               "editor": [csl_name(p) for p in record.editors]}
    if record.issued is not None:
        derived["issued"] = {"date-parts": [record.issued.date_parts()]}
    if record.keywords:
        derived["keyword"] = ", ".join(record.keywords)
    return derived


def record_to_json(record: Record) -> str:
    """Every field of the record except its path (which the index keeps relative)."""
    data: dict[str, Any] = {
        "id": record.id, "title": record.title, "type": record.type,
        "authors": [_person(p) for p in record.authors],
        "editors": [_person(p) for p in record.editors],
        "issued": _date(record.issued),
        "keywords": list(record.keywords),
        "licence": [record.licence.id, record.licence.name, record.licence.url] if record.licence else None,
        "dates": [[k.value, _date(v)] for k, v in record.dates],
        "status": [record.status.peer_reviewed, record.status.full_text, record.status.version],
        "files": [_file(f) for f in record.files],
        "repository": [record.repository.name, record.repository.id, record.repository.url,
                       record.repository.oai, record.repository.datestamp],
        "extra": [list(kv) for kv in record.extra],
        "csl": record.csl,
    }
    derived = _derived(record)
    if any(record.csl.get(key) == value for key, value in derived.items()):
        data["csl"] = {key: 0 if key in derived and value == derived[key] else value
                       for key, value in record.csl.items()}
    for name, key in _STR_FIELDS.items():
        value = getattr(record, name)
        if value != record.csl.get(key):  # most equal their CSL variable: stored once, in csl
            data[name] = value
    _ref_to_json(record, data)
    return dumps(data)


def record_from_json(text: str, path: Path) -> Record:
    """The inverse of record_to_json."""
    d = json.loads(text)
    lic = d["licence"]
    csl = d["csl"]
    record = Record(
        id=d["id"], title=d["title"], path=path, type=d["type"],
        authors=tuple(Person(*p) for p in d["authors"]),
        editors=tuple(Person(*p) for p in d["editors"]),
        issued=_undate(d["issued"]),
        keywords=tuple(d["keywords"]),
        licence=Licence(*lic) if lic else None,
        dates=tuple((DateKind(k), PartialDate(*v)) for k, v in d["dates"]),
        status=Status(*d["status"]),
        files=tuple(_unfile(f) for f in d["files"]),
        repository=Repository(*d["repository"]),
        extra=tuple((k, v) for k, v in d["extra"]),
        csl=csl,
        **_ref_from_json(d),
        **{name: d[name] if name in d else csl.get(key) for name, key in _STR_FIELDS.items()},
    )
    if 0 in csl.values():  # variables stored as "made from the record": make them again, in place
        derived = _derived(record)
        for key, value in csl.items():
            if value == 0 and key in derived:
                csl[key] = derived[key]
    return record


def pack(text: str, zdict: bytes) -> bytes:
    """JSON text as the index stores it: zlib with the index's preset dictionary."""
    packer = _primed(zdict).copy()  # a copy of a primed compressor: a third quicker than priming each time
    return packer.compress(text.encode("utf-8", "surrogatepass")) + packer.flush()


@functools.lru_cache(maxsize=4)
def _primed(zdict: bytes) -> zlib._Compress:
    """A compressor that has read the dictionary (copied for each record, never used itself)."""
    return zlib.compressobj(3, zdict=zdict) if zdict else zlib.compressobj(3)


def unpack(data: bytes, zdict: bytes) -> str:
    """The inverse of `pack` (zlib.error when the dictionary is not the one it was packed with)."""
    unpacker = zlib.decompressobj(zdict=zdict) if zdict else zlib.decompressobj()
    return (unpacker.decompress(data) + unpacker.flush()).decode("utf-8", "surrogatepass")


def read_zdict(conn: sqlite3.Connection) -> bytes:
    """The index's compression dictionary (b"" before the first record was stored)."""
    row = conn.execute("SELECT value FROM meta WHERE key='zdict'").fetchone()
    return bytes(row[0]) if row and isinstance(row[0], bytes) else b""


def make_zdict(samples: list[str], limit: int = 16 * 1024) -> bytes:
    """A preset dictionary from sample records' JSON: zlib looks back at most 32 KB, and what
    comes last in the dictionary is cheapest to refer to."""
    return "".join(samples).encode("utf-8", "surrogatepass")[-limit:]


def problems_to_json(problems: list[LoadProblem]) -> str | None:
    """A file's problems without their path (the index knows it); None when there are none."""
    if not problems:
        return None
    return dumps([[p.message, p.line, p.column, p.severity.value] for p in problems])


def problems_from_json(text: str, path: Path) -> list[LoadProblem]:
    """The inverse of problems_to_json."""
    return [LoadProblem(path, message, line, column, Severity(severity))
            for message, line, column, severity in json.loads(text)]
