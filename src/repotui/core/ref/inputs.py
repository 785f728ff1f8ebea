"""A record's REF inputs, read once: the dates as day ranges, the deposited version, the embargo,
the licence and what the `ref` mapping adds (spec: "Inputs per record")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from repotui.core.model import DateKind, Licence, PartialDate, Record
from repotui.core.ref.calendar import Span

#: CSL types the policy covers: journal articles and conference papers.
ARTICLE_TYPES = frozenset({"article-journal"})
CONFERENCE_TYPES = frozenset({"paper-conference"})
COMPLIANT_VERSIONS = frozenset({"AAM", "VoR"})


@dataclass(frozen=True, slots=True)
class RefInputs:
    """Everything the rules look at, with the record field each value came from."""

    record_id: str
    output: str | None
    """`journal article` or `conference paper`; None for any other type (out of scope)."""
    type_text: str
    issn: str | None
    isbn: str | None
    accepted: Span | None
    online: Span | None
    """First online publication: `dates.online`, else `issued` when it is a full date."""
    online_field: str
    published: Span | None
    """First publication, for scope only: `dates.online`, else `issued`, else `dates.published`,
    at whatever precision they have (a year is enough to place an output in a REF period)."""
    published_field: str
    deposited: Span | None
    version_ok: bool | None
    """An AAM or VoR was deposited (True), only other versions or nothing (False), not recorded (None)."""
    version_note: str
    open_access: Span | None
    full_text: str | None
    embargo_end: Span | None
    embargo_field: str
    licence: Licence | None
    live: bool
    panel: str | None
    exceptions: tuple[str, ...]
    gold: bool | None
    gold_note: str
    publisher_agreement: bool


def _span(value: PartialDate | None) -> Span | None:
    return Span.of(value) if value else None


def _output(record: Record) -> str | None:
    if record.type in ARTICLE_TYPES:
        return "journal article"
    if record.type in CONFERENCE_TYPES:
        return "conference paper"
    # CSL's `article` is a preprint or a working paper, unless the record names the journal it
    # appeared in (a record without `type` defaults to `article`).
    if record.type == "article" and (record.container_title or record.issn):
        return "journal article"
    return None


_OTHER_VERSIONS = {"SMUR": "the submitted manuscript (SMUR)", "other": "another version (other)"}


def _version(record: Record) -> tuple[bool | None, str]:
    """Whether an AAM or VoR was deposited: the record's full-text version, or any live file's."""
    versions = [record.status.version, *(f.version for f in record.files if not f.withdrawn)]
    known = [v for v in versions if v]
    good = [v for v in known if v in COMPLIANT_VERSIONS]
    if good:
        return True, good[0]
    if known:
        names = " and ".join(sorted({_OTHER_VERSIONS.get(v, repr(v)) for v in known}))
        return False, f"the deposited full text is {names}, not the accepted manuscript or version of record"
    if record.status.full_text == "none" and not record.files:
        return False, "no full text was deposited"
    return None, "the deposited version is not recorded (full-text.version)"


def _embargo(record: Record) -> tuple[Span | None, str]:
    """The earliest embargo among live AAM/VoR files (a file without a version takes the record's),
    else `dates.embargo-end`."""
    ends = [f.embargo for f in record.files
            if f.embargo and not f.withdrawn and (f.version or record.status.version) in COMPLIANT_VERSIONS]
    if ends:
        return Span.of(min(ends, key=lambda d: (d.year, d.month or 0, d.day or 0))), "files: embargo"
    return _span(record.date(DateKind.EMBARGO_END)), "dates.embargo-end"


def _gold(record: Record, version_ok: bool | None) -> tuple[bool | None, str]:
    """`ref.gold` when recorded; else a Version of Record under CC BY counts as gold (spec)."""
    if record.ref.gold is not None:
        return record.ref.gold, "ref.gold"
    is_vor = record.status.version == "VoR" or (
        record.status.version is None and any(f.version == "VoR" for f in record.files if not f.withdrawn))
    if version_ok and is_vor and is_cc_by(record.licence, exact=True):
        return True, f"a Version of Record under {record.licence.short if record.licence else 'CC BY'}"
    return None, ""


_CC_BY_FAMILY = re.compile(r"^CC-BY(?:-NC)?(?:-ND)?(?:-\d+(?:\.\d+)?)?(?:-[A-Z]{2,3})?$", re.IGNORECASE)
_CC_BY_ONLY = re.compile(r"^CC-BY(?:-\d+(?:\.\d+)?)?(?:-[A-Z]{2,3})?$", re.IGNORECASE)
_CC_URL = re.compile(r"creativecommons\.org/licenses/(by(?:-nc)?(?:-nd)?)/", re.IGNORECASE)


def is_cc_by(licence: Licence | None, exact: bool = False) -> bool:
    """CC BY, BY-NC, BY-ND or BY-NC-ND, any version or port (`exact`: CC BY itself only)."""
    if licence is None:
        return False
    pattern = _CC_BY_ONLY if exact else _CC_BY_FAMILY
    if licence.id:
        return bool(pattern.match(licence.id))
    if licence.name and pattern.match(licence.name.replace(" ", "-")):  # `CC BY 2.0 UK` kept as a name
        return True
    match = _CC_URL.search(licence.url or "")
    return match is not None and (not exact or match.group(1).lower() == "by")


def inputs_of(record: Record) -> RefInputs:
    issued = record.issued
    online_date = record.date(DateKind.ONLINE)
    if online_date:
        online, online_field = Span.of(online_date), "dates.online"
    elif issued and issued.day:
        online, online_field = Span.of(issued), "issued"
    else:
        online, online_field = None, "dates.online"
    published, published_field = online, online_field
    if published is None:
        for value, name in ((issued, "issued"), (record.date(DateKind.PUBLISHED), "dates.published")):
            if value:
                published, published_field = Span.of(value), name
                break
    version_ok, version_note = _version(record)
    embargo_end, embargo_field = _embargo(record)
    gold, gold_note = _gold(record, version_ok)
    return RefInputs(
        record_id=record.id, output=_output(record), type_text=record.type_name, issn=record.issn,
        isbn=record.isbn, accepted=_span(record.date(DateKind.ACCEPTED)), online=online,
        online_field=online_field, published=published, published_field=published_field,
        deposited=_span(record.date(DateKind.DEPOSITED)), version_ok=version_ok, version_note=version_note,
        open_access=_span(record.date(DateKind.OPEN_ACCESS)), full_text=record.status.full_text,
        embargo_end=embargo_end, embargo_field=embargo_field, licence=record.licence,
        live=not record.withdrawn, panel=record.ref.panel, exceptions=record.ref.exceptions,
        gold=gold, gold_note=gold_note, publisher_agreement=record.ref.publisher_agreement is True,
    )
