"""One Dublin Core record (oai_dc, or the EPrints "Dublin Core" text export) → a record mapping.

`map_oai_dc` reads as the list of its steps; each step reads a few DC elements and either adds
keys to the mapping or returns a small value for a later step:

1. `identify`: the item's repository and id there (OAI identifier, item page URL).
2. `read_kind`: the CSL type, with the status words DC mixes into `dc:type` set aside.
3. `add_people`, `add_descriptions`: creators and contributors; abstract, notes, keywords.
4. `add_dates_and_licence`: issued, deposited and open-access dates, which depend on the licence.
5. `read_links`, `add_citation`: DOI, web page, files, ISBN and the repository's printed citation.
6. `add_files`: the public files with their version.

Where the repositories differ:
- EPrints hex-encodes setSpecs (`types=article`), prints its own citation as a `dc:identifier`,
  lists public PDFs as `dc:identifier`s and gives one `dc:date` (the publication date).
- DSpace gives three `dc:date`s (accessioned, available, issued), the handle URL, a bibliographic
  citation string, CC licence names and URLs in `dc:rights`, and version words in `dc:type`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from repotui.adapters.importers import common as c

#: A DC record: element name (`title`, `creator`, ...) → its values in document order.
DcFields = dict[str, list[str]]

_PROVENANCE = re.compile(
    r"^(?:This (?:is the|work|research|article|paper|version|record)|The (?:final|published|accepted) version"
    r"|Funded by|Supported by|Copyright|©)", re.IGNORECASE)
#: dc:type words naming a thesis level → the genre shown for it.
_THESIS_GENRES = {"phd": "PhD thesis", "doctoral": "Doctoral thesis", "masters": "Masters thesis",
                  "mphil": "MPhil thesis", "md": "MD thesis"}


def map_oai_dc(oai_id: str | None, datestamp: str | None, sets: list[str], dc: DcFields,
               base_url: str | None = None) -> tuple[dict[str, Any], str]:
    """One oai_dc record as a record mapping, and the repository's short name (its folder).

    Raises ValueError when the record cannot be identified (no OAI identifier, no item page).
    """
    identifiers = _texts(dc, "identifier")
    relations = _texts(dc, "relation")
    item = identify(oai_id, identifiers, relations, base_url)
    title = c.text(next(iter(dc.get("title", [])), None))
    kind = read_kind(sets, dc.get("type", []))
    data: dict[str, Any] = {"id": c.make_id(item.short, item.local_id), "title": title, "type": kind.type}
    if kind.type == "thesis":
        data["genre"] = kind.genre
    add_people(data, dc)
    add_descriptions(data, dc)
    add_dates_and_licence(data, dc)
    links = read_links(identifiers + relations, item.item_page, dc.get("format", []))
    if links.isbn is not None:
        data["ISBN"] = links.isbn
    add_citation(data, links, title)
    data["DOI"] = links.doi
    data["URL"] = links.url or (f"https://doi.org/{links.doi}" if links.doi else None)
    add_files(data, links.files, kind.version)
    data["peer-reviewed"] = kind.peer_reviewed
    data["repository"] = {"name": item.repository, "id": item.local_id, "url": links.item_page, "oai": oai_id,
                          "datestamp": datestamp}
    return c.prune(data), item.short


def _texts(dc: DcFields, name: str) -> list[str]:
    """The element's values as clean one-line text, empty ones left out."""
    return [v for v in (c.text(x) for x in dc.get(name, [])) if v]


# --- 1. which item of which repository ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DcItem:
    """Where a DC record comes from: the repository and the item's id and page there."""

    local_id: str
    """The repository's own id: `407` (EPrints), `1810/219499` (a DSpace handle)."""
    item_page: str | None
    """The item's landing page in the repository, when the record names one."""
    short: str
    """The repository's short name: the id prefix and the records subfolder (`lshtm`)."""
    repository: str
    """The repository's name, for `repository.name`."""


def identify(oai_id: str | None, identifiers: list[str], relations: list[str], base_url: str | None) -> DcItem:
    """The item's id and page; without an OAI identifier the EPrints item page must name it."""
    item_urls = [u for u in identifiers + relations if re.match(r"^https?://", u) and not c.is_doi_url(u)
                 and not c.is_eprints_file_url(u)]
    if oai_id:
        local_id = oai_local_id(oai_id)
        item_page = next((u for u in item_urls if "/handle/" in u), None) or next(
            (u for u in relations if re.match(rf"^https?://[^/]+/{re.escape(local_id)}/?$", u)), None)
    else:  # no OAI header (the plain-text DC export): the EPrints item page names the item
        item_page = next((u for u in item_urls if re.match(r"^https?://[^/]+/\d+/?$", u)), None) or next(
            (u for u in item_urls if "/handle/" in u), None)
        if item_page is None:
            raise ValueError("no item page URL (https://host/<id>/) to identify the record by")
        local_id = re.sub(r"^https?://[^/]+/(?:handle/)?", "", item_page).strip("/")
    short, name = repository_of(oai_id, [item_page] if item_page else item_urls, base_url)
    return DcItem(local_id, item_page, short, name)


def oai_local_id(oai_id: str) -> str:
    """`oai:researchonline.lshtm.ac.uk:407` → `407`; `oai:dspace-production:1810/219499` → `1810/219499`."""
    parts = oai_id.split(":", 2)
    return parts[2] if len(parts) == 3 else oai_id


def repository_of(oai_id: str | None, urls: Sequence[str], base_url: str | None) -> tuple[str, str]:
    """(short name, name) of the repository: from the OAI namespace, else an item URL's host,
    else the endpoint's host (never from where a page was fetched when the record says more)."""
    parts = (oai_id or "").split(":", 2)
    namespace = parts[1] if len(parts) == 3 else ""
    if "." in namespace:
        return c.repository_for(namespace)
    for url in urls:
        host = c.host_of(url)
        if host and host not in {"dx.doi.org", "doi.org"}:
            return c.repository_for(host)
    if base_url and c.host_of(base_url):
        return c.repository_for(c.host_of(base_url))
    return c.repository_for(namespace or "oai")


# --- 2. the item type and the status words beside it ----------------------------------------------

@dataclass(frozen=True, slots=True)
class DcKind:
    """What `dc:type` (and EPrints' `types=` set) say about the item."""

    type: str
    """The CSL type (`article` when nothing better is known)."""
    genre: str | None = None
    """The thesis level (`PhD thesis`), for theses."""
    peer_reviewed: bool | None = None
    version: str | None = None
    """The full text's version (`VoR`, `AAM`) when a status word names it."""


def read_kind(sets: list[str], types: list[str]) -> DcKind:
    """EPrints' decoded `types=` set first, then dc:type words; status words aside."""
    out_type = None
    genre = None
    peer_reviewed = None
    version = None
    for spec in sets:
        if spec.startswith("types="):
            out_type = c.csl_type_from_eprints(spec.split("=", 1)[1])
    for word in types:
        low = re.sub(r"\s+", " ", word.strip().lower())
        if low in c.DC_PEER_REVIEW_WORDS:
            peer_reviewed = c.DC_PEER_REVIEW_WORDS[low]
        elif low in c.DC_VERSION_WORDS:
            version = c.DC_VERSION_WORDS[low]
        elif low in _THESIS_GENRES:
            # DSpace gives "doctoral" and "PhD" together: the more specific "PhD thesis" wins.
            genre = _THESIS_GENRES[low] if low == "phd" or genre is None else genre
        elif out_type is None:
            out_type = c.csl_type_from_dc(word)
    return DcKind(out_type or "article", genre, peer_reviewed, version)


# --- 3. people and text ---------------------------------------------------------------------------

def add_people(data: dict[str, Any], dc: DcFields) -> None:
    """`author` from dc:creator; dc:contributor (ORCID ids left out) as `contributor`."""
    data["author"] = [n for n in (c.split_name(v) for v in dc.get("creator", [])) if n]
    contributors = [n for n in (c.split_name(v) for v in dc.get("contributor", [])
                                if not re.search(r"\bORCID\b|^\s*\d{4}-\d{4}-", v, re.IGNORECASE)) if n]
    if contributors:
        data["contributor"] = contributors


def add_descriptions(data: dict[str, Any], dc: DcFields) -> None:
    """The abstract (other descriptions become `note`), publisher, keywords and language."""
    descriptions = [d for d in (c.block(v) for v in dc.get("description", [])) if d]
    if descriptions:
        # DSpace puts provenance notes ("This is the final version...") beside the abstract.
        candidates = [d for d in descriptions if not _PROVENANCE.match(d)] or descriptions
        abstract = max(candidates, key=len)
        data["abstract"] = abstract
        notes = [d for d in descriptions if d is not abstract]
        if notes:
            data["note"] = "\n\n".join(notes)
    publishers = _texts(dc, "publisher")
    if publishers:
        data["publisher"] = publishers[0]
    keywords = _texts(dc, "subject")
    if keywords:
        data["keyword"] = keywords
    languages = _texts(dc, "language")
    if languages:
        data["language"] = languages[0]


# --- 4. dates and licence -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DcDates:
    """The dates of `dc:date`, by what they mean."""

    issued: str | None
    deposited: str | None
    available: str | None
    """DSpace's `available`: when the item was opened to the public."""


def read_dates(values: list[str]) -> DcDates:
    """EPrints gives the publication date; DSpace accessioned, available, issued (in order)."""
    raw_dates = [d.strip() for d in values if d.strip()]
    stamped = [d for d in raw_dates if c.has_time(d)]
    plain = [d for d in raw_dates if not c.has_time(d)]
    issued = c.iso_date(plain[-1]) if plain else None
    deposited = available = None
    if stamped:
        deposited = c.iso_date(stamped[0])
        if len(stamped) > 1:
            available = c.iso_date(stamped[1])
        if not plain and len(stamped) > 2:
            issued = c.iso_date(stamped[-1])
    return DcDates(issued, deposited, available)


def add_dates_and_licence(data: dict[str, Any], dc: DcFields) -> None:
    """`issued`, `licence` and the repository `dates`; `available` means open access only
    under an open licence, else it stays CSL's `available-date`."""
    when = read_dates(dc.get("date", []))
    data["issued"] = when.issued
    licence = c.licence_from(dc.get("rights", []))
    data["licence"] = licence
    dates = {"deposited": when.deposited}
    if when.available:
        if licence and licence.get("id", "").upper().startswith("CC"):
            dates["open-access"] = when.available
        else:
            data["available-date"] = when.available
    data["dates"] = {k: v for k, v in dates.items() if v}


# --- 5. identifiers, links and the printed citation ---------------------------------------------

@dataclass(slots=True)
class DcLinks:
    """What the record's `dc:identifier`s and `dc:relation`s are, sorted out."""

    item_page: str | None
    """The item page (a DSpace handle URL found among the links fills it in)."""
    doi: str | None = None
    url: str | None = None
    """A publisher's page: a web link on another host than the item page."""
    files: list[dict[str, Any]] = field(default_factory=list)
    isbn: str | None = None
    citation: str | None = None
    """The repository's own citation of the item (an identifier that is a sentence)."""


def read_links(values: list[str], item_page: str | None, formats: list[str]) -> DcLinks:
    """Sort identifiers and relations (in order; the first DOI, URL and citation win)."""
    links = DcLinks(item_page)
    mimes = [f.strip() for f in formats if "/" in f and " " not in f.strip()]
    for value in values:
        flat = c.text(value) or ""
        if not flat:
            continue
        if c.is_doi_url(flat) or re.match(r"^(?:doi:\s*)?10\.\d{4,9}/\S+$", flat, re.IGNORECASE):
            links.doi = links.doi or c.find_doi(flat)
        elif re.match(r"^https?://\S+$", flat):
            _add_link(links, flat, mimes)
        elif c.is_isbn(flat):
            links.isbn = re.sub(r"^ISBN[:\s]*", "", flat, flags=re.IGNORECASE)
        elif " " in flat and links.citation is None:
            citation = re.sub(r"\s*<https?://[^>]*>", "", flat)
            citation = re.sub(r"\s+;", ";", re.sub(r"\s+", " ", citation)).strip()
            links.citation = re.sub(r"(?:\s+https?://\S+)+$", "", citation)
            links.doi = links.doi or c.find_doi(flat)
    return links


def _add_link(links: DcLinks, url: str, mimes: list[str]) -> None:
    """A web link: a public file, the item page, or the publisher's page."""
    if c.is_eprints_file_url(url):
        if not any(f["url"] == url for f in links.files):
            links.files.append({"url": url, "format": c.guess_format(url, mimes[0] if mimes else None)
                                if url.lower().endswith(".pdf") else c.guess_format(url)})
    elif url == links.item_page or "/handle/" in url:
        links.item_page = links.item_page or url
    elif links.url is None and c.host_of(url) != c.host_of(links.item_page or ""):
        links.url = url


def add_citation(data: dict[str, Any], links: DcLinks, title: str | None) -> None:
    """The printed citation as `house-citation`; for articles, the journal details it holds
    (and its DOI when no identifier gave one)."""
    citation = links.citation
    if not citation:
        return
    data["house-citation"] = citation
    in_citation = bool(title) and re.sub(r"\W+", " ", title or "").strip().lower() in re.sub(
        r"\W+", " ", citation).lower()
    eprints_style = in_citation and re.search(r"\(\d{4}[a-z]?\)", citation)  # "Name, X; (2011) Title."
    if data["type"] == "article-journal" and eprints_style:
        for key, value in c.parse_article_citation(citation, title).items():
            if key == "DOI":
                links.doi = links.doi or value
            else:
                data.setdefault(key, value)
    elif data["type"] == "article-journal" and "container-title" not in data:
        container = dspace_container(citation, data["author"])
        if container:
            data["container-title"] = container


def dspace_container(citation: str, authors: list[dict[str, str]]) -> str | None:
    """`Nature Communications 2015, 6(7756). doi: ...` → `Nature Communications` (DSpace citations)."""
    if authors and authors[0].get("family") and citation.startswith(authors[0]["family"]):
        return None
    if re.fullmatch(r"[^\d\"“.:;]{3,200}", citation):  # the journal's name alone
        return citation.strip(" ,")
    match = re.match(r"^([^\d\"“]+?)[\s,.]+(?:(?:19|20)\d{2}\b|\d+\s*\(|Vol\b)", citation)
    if not match:
        return None
    container = match.group(1).strip(" ,.")
    return container if 3 <= len(container) <= 200 else None


# --- 6. files ------------------------------------------------------------------------------------

def add_files(data: dict[str, Any], files: list[dict[str, Any]], version: str | None) -> None:
    """The public files (a PDF gets the version dc:type named) and the full-text status."""
    if files:
        for f in files:
            if version and f.get("format") == "application/pdf":
                f["version"] = version
        data["files"] = files
        data["full-text"] = {"status": "public", "version": version}
    elif version:
        data["full-text"] = {"version": version}
