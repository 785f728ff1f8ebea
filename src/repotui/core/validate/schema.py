"""Which fields a record may have, and the per-record caps that keep one hostile file cheap."""

from __future__ import annotations

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
#: Fields of ours, never handed to a citation processor (they stay out of `Record.csl`).
REPOSITORY_FIELDS = (
    "id", "type", "licence", "license", "dates", "peer-reviewed", "full-text", "publisher-statement", "files",
    "repository", "house-citation", "event", "withdrawn", "ref",
)
KNOWN_FIELDS = frozenset({*CSL_STRING_FIELDS, *CSL_NAME_FIELDS, *CSL_DATE_FIELDS, *REPOSITORY_FIELDS})

#: Per-record caps on what becomes one row each in the detail pane; beyond them the rest is
#: dropped with a warning (90,000 unknown fields took 22 s to render). Real records stay far
#: below: the largest author lists (particle physics) have a few thousand names.
MAX_NAMES = 10_000
MAX_FILES = 1_000
MAX_EXTRA_FIELDS = 200
