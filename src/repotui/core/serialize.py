"""Record mappings to YAML text with a stable, readable key order (writing is adapters.fs's job).

Importers build plain mappings in the record format (docs/records.md); this module is the one
place that turns them into text, so every written record looks the same.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import yaml

from repotui.core.model import PartialDate, Person, Record

KEY_ORDER = (
    "id", "type", "title", "title-short", "author", "editor", "translator", "container-author",
    "issued", "container-title", "collection-title", "collection-number", "volume", "issue",
    "page", "number", "number-of-pages", "edition", "genre", "event-title", "event-place",
    "event-date", "publisher", "publisher-place", "DOI", "URL", "ISSN", "ISBN", "PMID", "PMCID",
    "language", "abstract", "keyword", "note",
    "licence", "dates", "peer-reviewed", "full-text", "publisher-statement", "files", "withdrawn", "ref",
    "repository", "house-citation",
)
_RANK = {key: i for i, key in enumerate(KEY_ORDER)}


class _Dumper(yaml.SafeDumper):
    """SafeDumper with block style for long text; a private class so nothing global changes."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def order_mapping(data: dict[str, Any]) -> dict[str, Any]:
    """Known keys in KEY_ORDER, then unknown keys in their original order."""
    known = sorted((k for k in data if k in _RANK), key=_RANK.__getitem__)
    return {k: data[k] for k in [*known, *(k for k in data if k not in _RANK)]}


def dump_mapping(data: dict[str, Any]) -> str:
    """YAML text for one record mapping, drops empty values."""
    clean = {k: v for k, v in order_mapping(data).items() if v not in (None, "", [], {})}
    return yaml.dump(clean, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _date(value: PartialDate) -> str | _dt.date:
    return value.iso()


def _person(p: Person) -> dict[str, str]:
    out = {"family": p.family, "given": p.given, "literal": p.literal, "suffix": p.suffix,
           "dropping-particle": p.dropping_particle, "non-dropping-particle": p.particle, "ORCID": p.orcid}
    return {k: v for k, v in out.items() if v}


def record_to_mapping(record: Record) -> dict[str, Any]:
    """The record as the mapping a YAML file holds (the inverse of validation, minus cleaning)."""
    data: dict[str, Any] = {k: v for k, v in record.csl.items() if k not in ("author", "editor")}
    if record.authors:
        data["author"] = [_person(p) for p in record.authors]
    if record.editors:
        data["editor"] = [_person(p) for p in record.editors]
    for key in ("issued", "accessed", "event-date", "original-date", "submitted", "available-date"):
        value = record.csl.get(key)
        if not isinstance(value, dict) or not value.get("date-parts"):
            continue
        if len(value["date-parts"]) == 1 and set(value) == {"date-parts"}:
            data[key] = PartialDate(*value["date-parts"][0]).iso()
        else:  # a range, season or circa: kept in CSL's own shape
            data[key] = dict(value)
    if record.issued and "issued" not in data:
        data["issued"] = _date(record.issued)
    if record.keywords:
        data["keyword"] = list(record.keywords)
    if record.licence:
        data["licence"] = {k: v for k, v in (("id", record.licence.id), ("name", record.licence.name),
                                             ("url", record.licence.url)) if v}
    if record.dates:
        data["dates"] = {kind.value: value.iso() for kind, value in record.dates}
    data["peer-reviewed"] = record.status.peer_reviewed
    full_text = {"status": record.status.full_text, "version": record.status.version}
    data["full-text"] = {k: v for k, v in full_text.items() if v is not None}
    data["publisher-statement"] = record.publisher_statement
    data["files"] = [
        {k: v for k, v in (("path", f.path), ("url", f.url), ("format", f.format), ("version", f.version),
                           ("size", f.size), ("label", f.label), ("withdrawn", f.withdrawn or None),
                           ("embargo", f.embargo.iso() if f.embargo else None)) if v}
        for f in record.files
    ]
    data["withdrawn"] = record.withdrawn or None
    ref = record.ref
    data["ref"] = {k: v for k, v in (("panel", ref.panel), ("exception", list(ref.exceptions)),
                                     ("gold", ref.gold), ("publisher-agreement", ref.publisher_agreement))
                   if v not in (None, [])}
    repo = record.repository
    data["repository"] = {k: v for k, v in (("name", repo.name), ("id", repo.id), ("url", repo.url),
                                            ("oai", repo.oai), ("datestamp", repo.datestamp)) if v}
    data["house-citation"] = record.house_citation
    return order_mapping(data)
