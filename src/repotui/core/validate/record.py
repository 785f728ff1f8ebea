"""One parsed YAML mapping → one Record: the CSL part (kept as `Record.csl` for citation
processors) and the repository's own fields, each read by its group's module."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from repotui.core.item_types import classify
from repotui.core.model import CSL_TYPES, PartialDate, Person, Record
from repotui.core.problems import RecordError
from repotui.core.rich_text import plain_text
from repotui.core.text import clean_line
from repotui.core.validate.base import FieldReader, Lines
from repotui.core.validate.names import csl_name, read_names
from repotui.core.validate.ref import read_ref, read_withdrawn
from repotui.core.validate.repository import (
    read_extras,
    read_files,
    read_keywords,
    read_licence,
    read_repo_dates,
    read_repository,
    read_status,
)
from repotui.core.validate.schema import BLOCK_FIELDS, CSL_DATE_FIELDS, CSL_NAME_FIELDS, CSL_STRING_FIELDS

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


class RecordBuilder:
    """Reads every field of one record mapping; `warnings` holds what was dropped, with lines."""

    def __init__(self, data: dict[Any, Any], lines: Lines, path: Path) -> None:
        self.data = data
        self.reader = FieldReader(lines)
        self.path = path
        self.csl: dict[str, Any] = {}

    @property
    def warnings(self) -> list[tuple[str, int | None]]:
        return self.reader.warnings

    def _identity(self, default_id: str) -> tuple[str, str]:
        r, data = self.reader, self.data
        title = r.text(data, "title")
        if not title:
            if "title" in data:
                raise r.fail(data, "title", "title is empty" if data["title"] is not None
                             else "title is empty (null)")
            raise RecordError("title is missing", None)
        title = plain_text(title) or title  # CSL rich text (`γ<sub>2</sub>`) shown as words; `csl` keeps it
        rid = clean_line(r.text(data, "id") or default_id)
        if not rid:
            raise r.fail(data, "id", "id is empty")
        if len(rid) > 200:
            raise r.fail(data, "id", "id is longer than 200 characters")
        return title, rid

    def _type(self) -> str:
        """The CSL type; any other word is read as the nearest CSL type, with a warning, and
        kept as the genre (so `type: exhibition` cites as an event, "Exhibition")."""
        r, data = self.reader, self.data
        given = r.text(data, "type")
        if not given:
            return "article"
        if given in CSL_TYPES:
            return given
        csl_type, genre = classify(given) or ("article", None)
        r.warn(data, "type", f"type {given[:40]!r} is not a CSL type; read as {csl_type!r}")
        if genre and not r.text(data, "genre"):
            self.csl["genre"] = genre
        return csl_type

    def _csl_strings(self) -> None:
        r, data = self.reader, self.data
        for key in CSL_STRING_FIELDS:
            if key in ("keyword", "license") or data.get(key) is None:  # absent: most of the 50
                continue
            value = r.text(data, key, block=key in BLOCK_FIELDS)
            if value is not None:
                self.csl[key] = value
        if "event" in data and "event-title" not in self.csl:
            event = r.text(data, "event")
            if event:
                self.csl["event-title"] = event
        if self.csl.get("DOI"):
            self.csl["DOI"] = _DOI_PREFIX.sub("", self.csl["DOI"]).strip()

    def _csl_names(self) -> tuple[tuple[Person, ...], tuple[Person, ...]]:
        """Every CSL name variable into `csl`; returns the authors and editors."""
        read: dict[str, tuple[Person, ...]] = {}
        for key in CSL_NAME_FIELDS:
            if self.data.get(key) is not None:
                read[key] = read_names(self.reader, self.data, key)
                self.csl[key] = [csl_name(p) for p in read[key]]
        return read.get("author", ()), read.get("editor", ())

    def _csl_dates(self) -> PartialDate | None:
        r, data = self.reader, self.data
        issued = None
        for key in CSL_DATE_FIELDS:
            parsed = r.csl_date(data, key)
            if parsed:
                self.csl[key] = parsed[1]
                if key == "issued":
                    issued = parsed[0]
            elif isinstance(data.get(key), dict) and "literal" in data[key]:
                literal = r.text(data[key], "literal")
                if literal:
                    self.csl[key] = {"literal": literal}
        return issued

    def build(self, default_id: str) -> Record:
        r, data = self.reader, self.data
        title, rid = self._identity(default_id)
        rtype = self._type()
        self._csl_strings()
        url = r.url(data, "URL")
        if url is None:
            self.csl.pop("URL", None)
        authors, editors = self._csl_names()
        issued = self._csl_dates()
        keywords = read_keywords(r, data)
        if keywords:
            self.csl["keyword"] = ", ".join(keywords)
        licence = read_licence(r, data)
        dates = read_repo_dates(r, data)
        publisher_statement = r.text(data, "publisher-statement", block=True)
        house = r.text(data, "house-citation")
        csl = {"id": rid, "type": rtype, **self.csl}
        return Record(
            id=rid, title=title, path=self.path, type=rtype, authors=authors, editors=editors,
            issued=issued, container_title=csl.get("container-title"),
            volume=csl.get("volume"), issue=csl.get("issue"), page=csl.get("page"),
            number=csl.get("number"), doi=csl.get("DOI"), url=url, issn=csl.get("ISSN"),
            isbn=csl.get("ISBN"), publisher=csl.get("publisher"),
            publisher_place=csl.get("publisher-place"), genre=csl.get("genre"),
            event_title=csl.get("event-title"), abstract=csl.get("abstract"),
            keywords=keywords, licence=licence, dates=dates, status=read_status(r, data),
            publisher_statement=publisher_statement, files=read_files(r, data),
            repository=read_repository(r, data), house_citation=house,
            withdrawn=read_withdrawn(r, data), ref=read_ref(r, data), extra=read_extras(r, data),
            csl=csl,
        )
