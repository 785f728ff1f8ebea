"""The record model: frozen values built once by the validator and shared by every layer."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Self


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry the label people read: `NAME = "value", "Label"`."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Self:  # the default: lookups `Kind("x")` type-check
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class DateKind(LabelledEnum):
    """The dates a repository tracks, in the order a record page lists them."""

    ACCEPTED = "accepted", "Accepted"
    ONLINE = "online", "First published online"
    PUBLISHED = "published", "Published (issue)"
    DEPOSITED = "deposited", "Deposited"
    OPEN_ACCESS = "open-access", "Made open access"
    EMBARGO_END = "embargo-end", "Embargo ends"


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the year, month or day: repositories rarely know more than the year."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`: the form records are written in."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    def display(self) -> str:
        """`24 August 2022`, `August 2022` or `2022`, as record pages print dates."""
        if not self.month:
            return str(self.year)
        month = calendar.month_name[self.month]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def date_parts(self) -> list[int]:
        return [p for p in (self.year, self.month, self.day) if p]


@dataclass(frozen=True, slots=True)
class Person:
    """A CSL name: family/given, or a literal for organisations."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None
    suffix: str | None = None
    particle: str | None = None  # non-dropping particle: "van" in "Vincent van Gogh"
    orcid: str | None = None
    dropping_particle: str | None = None  # "van" in "Ludwig van Beethoven" ("Beethoven, Ludwig van")

    def display(self) -> str:
        """`Given particle Family`, the reading order used in the detail pane."""
        if self.literal:
            return self.literal
        family = " ".join(p for p in (self.dropping_particle, self.particle, self.family) if p)
        name = " ".join(p for p in (self.given, family) if p)
        return f"{name}, {self.suffix}" if self.suffix else name

    def sort_name(self) -> str:
        """`Family, Given`, used in the list pane and for sorting."""
        if self.literal:
            return self.literal
        family = " ".join(p for p in (self.particle, self.family) if p)
        given = " ".join(p for p in (self.given, self.dropping_particle) if p)
        return f"{family}, {given}" if given and family else (family or given or "")


@dataclass(frozen=True, slots=True)
class Licence:
    """A normalised licence: SPDX id where one exists, a human name and the deed URL."""

    id: str | None = None
    name: str | None = None
    url: str | None = None

    @property
    def short(self) -> str:
        """`CC BY-NC-ND 4.0` from `CC-BY-NC-ND-4.0`: the compact form for the list pane."""
        if self.id:
            parts = self.id.split("-")
            if parts[0].upper() == "CC" and len(parts) > 1:  # CC-BY-NC, CC-BY-4.0, CC-BY-2.0-UK
                at = next((i for i, p in enumerate(parts) if p[:1].isdigit()), len(parts))
                return " ".join(["CC", "-".join(parts[1:at]).upper(), *parts[at:]]).strip()
            return self.id.replace("-", " ") if self.id.upper().startswith("CC0") else self.id
        return self.name or ""

    @property
    def is_open(self) -> bool:
        """Creative Commons and public-domain licences make a work open access."""
        ident = (self.id or "").upper()
        text = f"{self.name or ''} {self.url or ''}".lower()
        return (ident.startswith(("CC", "PDM", "OGL", "MIT", "APACHE", "GPL"))
                or "creativecommons.org" in text or "creative commons" in text
                or "public domain" in text)


@dataclass(frozen=True, slots=True)
class FileRef:
    """A full-text file: a path beside the record or a remote http(s) URL."""

    path: str | None = None
    url: str | None = None
    format: str = "application/pdf"
    version: str | None = None
    size: int | None = None
    label: str | None = None
    withdrawn: bool = False
    embargo: PartialDate | None = None  # closed until this date (the day it opens)

    @property
    def location(self) -> str:
        return self.path or self.url or ""

    @property
    def is_pdf(self) -> bool:
        return self.format == "application/pdf" or self.location.lower().endswith(".pdf")


@dataclass(frozen=True, slots=True)
class Repository:
    """Where the record came from: the repository's name, its own item id and page."""

    name: str | None = None
    id: str | None = None
    url: str | None = None
    oai: str | None = None
    datestamp: str | None = None


@dataclass(frozen=True, slots=True)
class Status:
    """Peer review and full-text status as a repository reports them."""

    peer_reviewed: bool | None = None
    full_text: str | None = None
    version: str | None = None


#: REF panels: A-D, or the pair when a repository records only that (EPrints' `hoa_ref_pan` is AB or CD).
REF_PANELS = ("A", "B", "C", "D", "AB", "CD")
#: REF open-access exceptions a record may claim; `access-licence` exists only in REF 2029.
REF_EXCEPTIONS = ("deposit", "access", "access-licence", "technical", "further")


@dataclass(frozen=True, slots=True)
class RefInfo:
    """What a repository records for the UK REF open-access policy beyond the dates.

    Most exports carry none of it; every field is optional and None means "not recorded".
    """

    panel: str | None = None  # one of REF_PANELS
    exceptions: tuple[str, ...] = ()  # from REF_EXCEPTIONS, in the order given
    gold: bool | None = None  # published open access by the publisher (gold OA)
    publisher_agreement: bool | None = None  # REF 2029: the publisher agreed to a non-CC-BY licence


VERSION_NAMES = {
    "VoR": "Version of Record",
    "AAM": "Accepted Manuscript",
    "SMUR": "Submitted Manuscript",
    "other": "Other version",
}

#: The item types of CSL 1.0.2: a record's `type` is one of these.
CSL_TYPES = frozenset({
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
    "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case", "legislation",
    "manuscript", "map", "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent",
    "performance", "periodical", "personal_communication", "post", "post-weblog", "regulation", "report",
    "review", "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
})

TYPE_NAMES = {
    "article-journal": "Article",
    "article": "Article",
    "article-magazine": "Magazine article",
    "article-newspaper": "Newspaper article",
    "book": "Book",
    "chapter": "Book section",
    "thesis": "Thesis",
    "paper-conference": "Conference item",
    "report": "Report",
    "dataset": "Dataset",
    "webpage": "Web page",
    "patent": "Patent",
    "manuscript": "Manuscript",
    "review": "Review",
    "software": "Software",
    "speech": "Presentation",
    "motion_picture": "Video",
    "entry-encyclopedia": "Encyclopedia entry",
    "review-book": "Book review",
    "document": "Document",
    "graphic": "Image",
    "song": "Audio",
    "musical_score": "Musical score",
    "performance": "Performance",
    "event": "Event",
}


@dataclass(frozen=True, slots=True)
class Record:
    """One repository record. `csl` is its CSL-JSON, ready for any citation processor."""

    id: str
    title: str
    path: Path
    type: str = "article"
    authors: tuple[Person, ...] = ()
    editors: tuple[Person, ...] = ()
    issued: PartialDate | None = None
    container_title: str | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    number: str | None = None
    doi: str | None = None
    url: str | None = None
    issn: str | None = None
    isbn: str | None = None
    publisher: str | None = None
    publisher_place: str | None = None
    genre: str | None = None
    event_title: str | None = None
    abstract: str | None = None
    keywords: tuple[str, ...] = ()
    licence: Licence | None = None
    dates: tuple[tuple[DateKind, PartialDate], ...] = ()
    status: Status = field(default_factory=Status)
    publisher_statement: str | None = None
    files: tuple[FileRef, ...] = ()
    repository: Repository = field(default_factory=Repository)
    house_citation: str | None = None
    withdrawn: bool = False
    ref: RefInfo = field(default_factory=RefInfo)
    extra: tuple[tuple[str, str], ...] = ()
    csl: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def type_name(self) -> str:
        return TYPE_NAMES.get(self.type, self.type.replace("-", " ").capitalize())

    @property
    def year(self) -> int | None:
        return self.issued.year if self.issued else None

    def date(self, kind: DateKind) -> PartialDate | None:
        for k, value in self.dates:
            if k is kind:
                return value
        return None

    @property
    def published(self) -> PartialDate | None:
        """The best publication date: issued, else the issue date, else first online."""
        return self.issued or self.date(DateKind.PUBLISHED) or self.date(DateKind.ONLINE)

    @property
    def is_open_access(self) -> bool:
        """Open now: an open licence or a public full text, and no embargo still running."""
        if self.status.full_text in {"restricted", "none"}:
            return False
        return bool((self.licence and self.licence.is_open) or self.status.full_text == "public")

    @property
    def first_author(self) -> str:
        """`Family` of the first author, `+ et al.` when there are more than two."""
        if not self.authors:
            return self.editors[0].family or self.editors[0].display() if self.editors else ""
        first = self.authors[0]
        name = first.literal or " ".join(p for p in (first.particle, first.family) if p) or first.display()
        if len(self.authors) == 2:
            second = self.authors[1]
            return f"{name} & {second.family or second.display()}"
        return f"{name} et al." if len(self.authors) > 2 else name

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    @property
    def landing_url(self) -> str | None:
        """Where `w` goes: the DOI link, else the repository item page, else the URL."""
        return self.doi_url or self.repository.url or self.url
