"""Turn one parsed YAML mapping into a Record, field by field, or say exactly what is wrong.

Every string passes through `text.clean_*` here, so nothing downstream ever sees a control
character. Errors carry the YAML line of the offending key (from `yamlsafe.LineLoader`).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from repotui.core.licences import normalise_licence
from repotui.core.model import (
    DateKind,
    FileRef,
    Licence,
    PartialDate,
    Person,
    Record,
    Repository,
    Status,
)
from repotui.core.problems import RecordError
from repotui.core.text import clean_block, clean_line

#: CSL variables kept in `Record.csl` (CSL 1.0.2 standard and number variables).
CSL_STRING_FIELDS = (
    "abstract", "annote", "archive", "archive_location", "archive-place", "authority",
    "call-number", "chapter-number", "citation-label", "collection-number", "collection-title",
    "container-title", "container-title-short", "dimensions", "division", "DOI", "edition",
    "event-place", "event-title", "genre", "ISBN", "ISSN", "issue", "jurisdiction", "keyword",
    "language", "license", "medium", "note", "number", "number-of-pages", "number-of-volumes",
    "original-publisher", "original-publisher-place", "original-title", "page", "page-first",
    "part-number", "part-title", "PMCID", "PMID", "publisher", "publisher-place", "references",
    "reviewed-title", "scale", "section", "source", "status", "title", "title-short", "URL",
    "version", "volume", "volume-title", "year-suffix",
)
CSL_NAME_FIELDS = (
    "author", "editor", "translator", "container-author", "collection-editor", "composer",
    "director", "editorial-director", "illustrator", "interviewer", "original-author",
    "recipient", "reviewed-author", "chair", "compiler", "contributor", "curator", "organizer",
    "performer", "producer",
)
CSL_DATE_FIELDS = ("issued", "accessed", "event-date", "original-date", "submitted", "available-date")
BLOCK_FIELDS = {"abstract", "note", "annote", "publisher-statement"}
REPOSITORY_FIELDS = (
    "id", "type", "licence", "license", "dates", "peer-reviewed", "full-text", "publisher-statement", "files",
    "repository", "house-citation", "event",
)
_KNOWN = set(CSL_STRING_FIELDS) | set(CSL_NAME_FIELDS) | set(CSL_DATE_FIELDS) | set(REPOSITORY_FIELDS)

_DATE_RE = re.compile(r"^(\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ALLOWED_URL = re.compile(r"^https?://[^\s/]+", re.IGNORECASE)
_VERSIONS = {"vor": "VoR", "aam": "AAM", "smur": "SMUR", "am": "AAM", "other": "other",
             "published": "VoR", "accepted": "AAM", "submitted": "SMUR",
             "publishedversion": "VoR", "acceptedversion": "AAM", "submittedversion": "SMUR"}
_FULL_TEXT = {"public", "restricted", "none"}
MAX_NODES = 200_000  # a record with more YAML nodes than this is an alias bomb or junk
#: Per-record caps on what becomes one row each in the detail pane; beyond them the rest is
#: dropped with a warning (90,000 unknown fields took 22 s to render). Real records stay far
#: below: the largest author lists (particle physics) have a few thousand names.
MAX_NAMES = 10_000
MAX_FILES = 1_000
MAX_EXTRA_FIELDS = 200

Lines = Mapping[int, Mapping[Any, int]]

#: str() of an int over 4,300 digits raises ValueError (CVE-2020-10735 limit), and YAML 1.1
#: base-60 integers (`59:59:59:...`) reach that size from one short line.
_MAX_INT_BITS = 1000


def _huge_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _MAX_INT_BITS


def _str(value: Any) -> str:
    """str() that never raises: a huge integer becomes a short description of itself."""
    if _huge_int(value):
        return f"(a number of about {int(value.bit_length() * 0.30103):,} digits)"
    return str(value)


class _Ctx:
    """Locates a key of a mapping in the source, for error messages."""

    def __init__(self, lines: Lines) -> None:
        self.lines = lines

    def line(self, mapping: Any, key: Any) -> int | None:
        return self.lines.get(id(mapping), {}).get(key)

    def fail(self, mapping: Any, key: Any, message: str) -> RecordError:
        return RecordError(message, self.line(mapping, key))


def count_nodes(data: Any, budget: int = MAX_NODES) -> int:
    """Walk the data without following shared references twice... but counting them: aliases that
    expand exponentially ("billion laughs") blow the budget and are refused."""
    stack = [data]
    seen = 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > budget:
            return seen
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return seen


def parse_date(value: Any) -> PartialDate | str:
    """A PartialDate, or the reason it is not one. Accepts YAML dates, `YYYY[-MM[-DD]]`,
    integers (a bare year) and CSL `{date-parts: [[y, m, d]]}`."""
    if isinstance(value, bool):
        return "a date must be YYYY, YYYY-MM or YYYY-MM-DD"
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int):
        parts: list[Any] = [value]
    elif isinstance(value, str):
        match = _DATE_RE.match(value.strip())
        if not match:
            return f"{clean_line(value)[:40]!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"
        parts = [int(p) for p in match.groups() if p is not None]
    elif isinstance(value, dict) and "date-parts" in value:
        raw = value["date-parts"]
        if not (isinstance(raw, list) and raw and isinstance(raw[0], list) and raw[0]):
            return "date-parts must be a list like [[2022, 9, 19]]"
        parts = raw[0][:3]
        try:
            parts = [int(p) for p in parts]
        except (TypeError, ValueError):
            return "date-parts must hold numbers"
    else:
        return "a date must be YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = ([*parts, None, None])[:3]
    if not 1 <= year <= 9999:
        return f"year {_str(year)} is out of range"
    if month is not None and not 1 <= month <= 12:
        return f"month {_str(month)} is out of range"
    if day is not None:
        try:
            _dt.date(year, month or 1, day)
        except ValueError:
            return f"day {day} does not exist in {year}-{month:02d}"
    return PartialDate(year, month, day)


class Validator:
    """Builds a Record from a mapping; raises RecordError, collects non-fatal warnings."""

    def __init__(self, data: dict[Any, Any], lines: Lines, path: Path) -> None:
        self.data = data
        self.ctx = _Ctx(lines)
        self.path = path
        self.warnings: list[tuple[str, int | None]] = []
        self.csl: dict[str, Any] = {}

    # -- scalar helpers -------------------------------------------------------------------

    def text(self, mapping: dict[Any, Any], key: str, block: bool = False) -> str | None:
        value = mapping.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            kind = type(value).__name__
            kind = {"dict": "a mapping", "list": "a list", "bool": "true/false"}.get(kind, kind)
            raise self.ctx.fail(mapping, key, f"{key} must be text, not {kind}")
        if isinstance(value, float) and value != value:  # NaN
            raise self.ctx.fail(mapping, key, f"{key} must be text, not a number")
        if _huge_int(value):
            raise self.ctx.fail(mapping, key, f"{key} must be text, not {_str(value)}")
        cleaned = (clean_block if block else clean_line)(str(value))
        return cleaned or None

    def warn(self, mapping: Any, key: Any, message: str) -> None:
        self.warnings.append((message, self.ctx.line(mapping, key)))

    # -- fields ---------------------------------------------------------------------------

    def person(self, value: Any, mapping: Any, key: str) -> Person:
        if isinstance(value, str):
            name = clean_line(value)
            if not name:
                raise self.ctx.fail(mapping, key, f"{key} has an empty name")
            if "," in name:
                family, given = (p.strip() for p in name.split(",", 1))
                return Person(family=family or None, given=given or None)
            return Person(literal=name)
        if not isinstance(value, dict):
            raise self.ctx.fail(mapping, key, f"each {key} must be a name mapping or text")
        fields = {k: self.text(value, k) for k in ("family", "given", "literal", "suffix",
                                                    "non-dropping-particle", "dropping-particle")}
        orcid = self.text(value, "ORCID") or self.text(value, "orcid")
        if not (fields["family"] or fields["given"] or fields["literal"]):
            raise self.ctx.fail(mapping, key, f"a name in {key} has no family, given or literal part")
        given = fields["given"]
        if fields["dropping-particle"]:
            given = f"{given} {fields['dropping-particle']}" if given else fields["dropping-particle"]
        return Person(family=fields["family"], given=given, literal=fields["literal"],
                      suffix=fields["suffix"], particle=fields["non-dropping-particle"], orcid=orcid)

    def names(self, key: str) -> tuple[Person, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        if not isinstance(value, (list, str, dict)):
            raise self.ctx.fail(self.data, key, f"{key} must be a list of names")
        if len(items) > MAX_NAMES:
            self.warn(self.data, key, f"{key} has {len(items):,} names; only the first {MAX_NAMES:,} are kept")
            items = items[:MAX_NAMES]
        people = tuple(self.person(item, self.data, key) for item in items)
        self.csl[key] = [_csl_name(p) for p in people]
        return people

    def date(self, mapping: dict[Any, Any], key: str) -> PartialDate | None:
        value = mapping.get(key)
        if value is None:
            return None
        if isinstance(value, dict) and "literal" in value and "date-parts" not in value:
            return None
        parsed = parse_date(value)
        if isinstance(parsed, str):
            raise self.ctx.fail(mapping, key, f"{key}: {parsed}")
        return parsed

    def url(self, mapping: dict[Any, Any], key: str) -> str | None:
        value = self.text(mapping, key)
        if value and not _ALLOWED_URL.match(value):
            self.warn(mapping, key, f"{key} {value[:60]!r} is not an http(s) URL; ignored")
            return None
        return value

    def licence(self) -> Licence | None:
        key = "licence" if "licence" in self.data else "license"
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            if _huge_int(value):
                raise self.ctx.fail(self.data, key, f"{key} must be text, not {_str(value)}")
            return normalise_licence(clean_line(str(value)))
        if not isinstance(value, dict):
            raise self.ctx.fail(self.data, key, f"{key} must be a mapping (id, name, url) or text")
        given = Licence(id=self.text(value, "id"), name=self.text(value, "name"),
                        url=self.url(value, "url"))
        if not (given.id or given.name or given.url):
            return None
        normal = normalise_licence(given.id or given.url or given.name or "")
        return Licence(id=given.id or normal.id, name=given.name or normal.name,
                       url=given.url or normal.url)

    def repo_dates(self) -> tuple[tuple[DateKind, PartialDate], ...]:
        value = self.data.get("dates")
        if value is None:
            return ()
        if not isinstance(value, dict):
            raise self.ctx.fail(self.data, "dates", "dates must be a mapping (accepted: 2022-08-24, ...)")
        out = []
        by_name = {k.value: k for k in DateKind}
        by_name.update({"open_access": DateKind.OPEN_ACCESS, "embargo_end": DateKind.EMBARGO_END,
                        "embargo": DateKind.EMBARGO_END})
        for key in value:
            kind = by_name.get(_str(key))
            if kind is None:
                self.warn(value, key, f"unknown date kind {_str(key)[:40]!r} ignored "
                          f"(use {', '.join(k.value for k in DateKind)})")
                continue
            parsed = self.date(value, key)
            if parsed:
                out.append((kind, parsed))
        return tuple(sorted(out, key=lambda kv: list(DateKind).index(kv[0])))

    def status(self) -> Status:
        reviewed = self.data.get("peer-reviewed")
        if reviewed is not None and not isinstance(reviewed, bool):
            raise self.ctx.fail(self.data, "peer-reviewed", "peer-reviewed must be true or false")
        value = self.data.get("full-text")
        if value is None:
            return Status(peer_reviewed=reviewed)
        if isinstance(value, str):
            value = {"status": value}
        if not isinstance(value, dict):
            raise self.ctx.fail(self.data, "full-text", "full-text must be a mapping (status, version)")
        full_text = self.text(value, "status")
        if full_text and full_text.lower() not in _FULL_TEXT:
            self.warn(value, "status", f"full-text status {full_text[:30]!r} is not public, restricted or none")
        return Status(peer_reviewed=reviewed, full_text=full_text.lower() if full_text else None,
                      version=self.version(value, "version"))

    def version(self, mapping: dict[Any, Any], key: str) -> str | None:
        raw = self.text(mapping, key)
        if not raw:
            return None
        return _VERSIONS.get(re.sub(r"[^a-z]", "", raw.lower()), raw)

    def files(self) -> tuple[FileRef, ...]:
        value = self.data.get("files")
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.ctx.fail(self.data, "files", "files must be a list of {path or url, format, version}")
        if len(value) > MAX_FILES:
            self.warn(self.data, "files", f"files has {len(value):,} entries; only the first {MAX_FILES:,} are kept")
            value = value[:MAX_FILES]
        out = []
        for item in value:
            if isinstance(item, str):
                item = {"url": item} if "://" in item or ":" in item.split("/")[0] else {"path": item}
            if not isinstance(item, dict):
                self.warn(self.data, "files", "a files entry is not a mapping; ignored")
                continue
            path = self.text(item, "path")
            url = self.url(item, "url") if "url" in item else None
            if not (path or url):
                self.warn(self.data, "files", "a files entry has neither a usable path nor an http(s) url; ignored")
                continue
            size = item.get("size")
            if size is not None and (isinstance(size, bool) or not isinstance(size, int)
                                     or not 0 <= size < 2**63):  # float(10**400) overflows when shown
                self.warn(item, "size", "size must be a whole number of bytes; ignored")
                size = None
            withdrawn = item.get("withdrawn") is True
            out.append(FileRef(path=path, url=None if path else url,
                               format=self.text(item, "format") or "application/pdf",
                               version=self.version(item, "version"), size=size,
                               label=self.text(item, "label"), withdrawn=withdrawn))
        return tuple(out)

    def repository(self) -> Repository:
        value = self.data.get("repository")
        if value is None:
            return Repository()
        if isinstance(value, str):
            return Repository(name=clean_line(value) or None)
        if not isinstance(value, dict):
            raise self.ctx.fail(self.data, "repository", "repository must be a mapping (name, id, url)")
        return Repository(name=self.text(value, "name"), id=self.text(value, "id"),
                          url=self.url(value, "url"), oai=self.text(value, "oai"),
                          datestamp=self.text(value, "datestamp"))

    def keywords(self) -> tuple[str, ...]:
        value = self.data.get("keyword")
        if value is None:
            return ()
        if isinstance(value, list):
            words = []
            for item in value:
                if isinstance(item, bool) or not isinstance(item, (str, int, float)) or _huge_int(item):
                    raise self.ctx.fail(self.data, "keyword", "keyword must be text or a list of text")
                words.append(clean_line(str(item)))
        else:
            text = self.text(self.data, "keyword") or ""
            words = [w.strip() for w in re.split(r"[;,]", text)]
        words = [w for w in words if w]
        if words:
            self.csl["keyword"] = ", ".join(words)
        return tuple(words)

    def extras(self) -> tuple[tuple[str, str], ...]:
        unknown = [key for key in self.data if _str(key) not in _KNOWN]
        out = [(clean_line(_str(key))[:80], _summarise(self.data[key])) for key in unknown[:MAX_EXTRA_FIELDS]]
        if len(unknown) > MAX_EXTRA_FIELDS:
            rest = len(unknown) - MAX_EXTRA_FIELDS
            self.warn(self.data, unknown[MAX_EXTRA_FIELDS],
                      f"{len(unknown):,} unknown fields; only the first {MAX_EXTRA_FIELDS:,} are shown")
            out.append(("…", f"{rest:,} more unknown fields not shown"))
        return tuple(out)

    # -- the record -----------------------------------------------------------------------

    def build(self, default_id: str) -> Record:
        data = self.data
        title = self.text(data, "title")
        if not title:
            if "title" in data:
                raise self.ctx.fail(data, "title", "title is empty" if data["title"] is not None
                                    else "title is empty (null)")
            raise RecordError("title is missing", None)
        rid = self.text(data, "id") or default_id
        rid = clean_line(rid)
        if not rid:
            raise self.ctx.fail(data, "id", "id is empty")
        if len(rid) > 200:
            raise self.ctx.fail(data, "id", "id is longer than 200 characters")
        rtype = self.text(data, "type") or "article"
        for key in CSL_STRING_FIELDS:
            if key in ("keyword", "license"):
                continue
            value = self.text(data, key, block=key in BLOCK_FIELDS)
            if value is not None:
                self.csl[key] = value
        if "event" in data and "event-title" not in self.csl:
            event = self.text(data, "event")
            if event:
                self.csl["event-title"] = event
        doi = self.csl.get("DOI")
        if doi:
            doi = _DOI_PREFIX.sub("", doi).strip()
            self.csl["DOI"] = doi
        url = self.url(data, "URL")
        if url is None:
            self.csl.pop("URL", None)
        authors = self.names("author")
        editors = self.names("editor")
        for key in CSL_NAME_FIELDS:
            if key not in ("author", "editor") and key in data:
                self.names(key)
        issued = None
        for key in CSL_DATE_FIELDS:
            parsed = self.date(data, key)
            if parsed:
                self.csl[key] = {"date-parts": [parsed.date_parts()]}
                if key == "issued":
                    issued = parsed
            elif isinstance(data.get(key), dict) and "literal" in data[key]:
                literal = self.text(data[key], "literal")
                if literal:
                    self.csl[key] = {"literal": literal}
        keywords = self.keywords()
        licence = self.licence()
        dates = self.repo_dates()
        publisher_statement = self.text(data, "publisher-statement", block=True)
        house = self.text(data, "house-citation")
        self.csl = {"id": rid, "type": rtype, **self.csl}
        return Record(
            id=rid, title=title, path=self.path, type=rtype, authors=authors, editors=editors,
            issued=issued, container_title=self.csl.get("container-title"),
            volume=self.csl.get("volume"), issue=self.csl.get("issue"), page=self.csl.get("page"),
            number=self.csl.get("number"), doi=doi, url=url, issn=self.csl.get("ISSN"),
            isbn=self.csl.get("ISBN"), publisher=self.csl.get("publisher"),
            publisher_place=self.csl.get("publisher-place"), genre=self.csl.get("genre"),
            event_title=self.csl.get("event-title"), abstract=self.csl.get("abstract"),
            keywords=keywords, licence=licence, dates=dates, status=self.status(),
            publisher_statement=publisher_statement, files=self.files(),
            repository=self.repository(), house_citation=house, extra=self.extras(),
            csl=self.csl,
        )


def _csl_name(person: Person) -> dict[str, str]:
    if person.literal:
        return {"literal": person.literal}
    out = {"family": person.family, "given": person.given, "suffix": person.suffix,
           "non-dropping-particle": person.particle}
    return {k: v for k, v in out.items() if v}


def _summarise(value: Any, limit: int = 500, depth: int = 0) -> str:
    """A bounded one-line text for an unknown field's value (any shape, any size, any depth:
    aliases can chain lists hundreds deep without nesting the text)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        text = _str(value)
    elif depth >= 8:
        text = "…"
    elif isinstance(value, (list, tuple, set, frozenset)):  # tuples and sets: !!omap, !!pairs, !!set
        items = list(value)
        text = ", ".join(_summarise(v, 100, depth + 1) for v in items[:20]) + (" …" if len(items) > 20 else "")
    elif isinstance(value, dict):
        pairs = list(value.items())[:20]
        text = "; ".join(f"{_str(k)}: {_summarise(v, 100, depth + 1)}" for k, v in pairs) + (
            " …" if len(value) > 20 else "")
    else:
        text = str(value)[:10_000]
    text = clean_line(text[:100_000])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def validate(data: Any, lines: Lines, path: Path, default_id: str,
             warn: Callable[[str, int | None], None] | None = None) -> Record:
    """Build a Record or raise RecordError; warnings go to `warn`."""
    if not isinstance(data, dict):
        kind = {"list": "a list", "str": "text", "NoneType": "empty"}.get(type(data).__name__, type(data).__name__)
        raise RecordError(f"a record must be a mapping of fields, not {kind}", 1)
    if count_nodes(data) > MAX_NODES:
        raise RecordError(f"the record expands to more than {MAX_NODES:,} values (aliases?)", None)
    validator = Validator(data, lines, path)
    record = validator.build(default_id)
    if warn:
        for message, line in validator.warnings:
            warn(message, line)
    return record
