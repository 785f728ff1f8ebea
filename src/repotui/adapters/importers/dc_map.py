"""One Dublin Core record (oai_dc, or the EPrints "Dublin Core" text export) → a record mapping.

`map_oai_dc` reads as the list of its steps; each step reads a few DC elements and either adds
keys to the mapping or returns a small value for a later step:

1. `identify`: the item's repository, its id there and the software it runs (EPrints, DSpace).
2. `read_kind`: the CSL type and genre, with the status words DC mixes into `dc:type` set aside.
3. `add_people`, `add_descriptions`: creators, editors and contributors; abstract, notes, keywords.
4. `add_dates_and_licence`: issued, deposited, open-access and embargo dates, which depend on the
   licence and the access rights.
5. `read_links`, `add_citation`: DOI, web page, files, ISBN and the repository's printed citation.
6. `add_files`: the public files with their version.

One module (a little over 400 lines) because it is one mapping: the steps share the record being
built and read best in order; the helpers that other formats use too live in `common.py`,
`names.py`, `descriptions.py` and `citations.py`.

Where the repositories differ:
- EPrints hex-encodes setSpecs (`types=article`), prints its own citation as a `dc:identifier`,
  lists public files as `dc:identifier`s, gives editors as `dc:contributor`, one `dc:date` (the
  publication date) and writes sub/superscripts as `γ_2`, `Fe^(II)`.
- DSpace gives three `dc:date`s (accessioned, available, issued), the handle URL, a journal
  reference (`Nature Communications 2015, 6(7756)`), CC licence names and URLs in `dc:rights`,
  version words in `dc:type`, advisors (or, in some, the authors) as `dc:contributor`, and its
  provenance note, abstract and funding statement all as `dc:description`.
- OpenAIRE-compliant repositories add `info:eu-repo/...` terms for type, version, access rights
  and embargo end.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from repotui.adapters.importers import citations, markup
from repotui.adapters.importers import common as c
from repotui.adapters.importers.descriptions import choose_abstract
from repotui.adapters.importers.names import split_names
from repotui.adapters.importers.ref_fields import is_openaire, openaire
from repotui.core.item_types import THESIS_GENRES, classify
from repotui.core.text import host_of

#: A DC record: element name (`title`, `creator`, ...) → its values in document order.
DcFields = dict[str, list[str]]

EPRINTS, DSPACE = "eprints", "dspace"
_ARTICLES = {"article-journal", "article", "article-magazine", "article-newspaper", "review"}


def map_oai_dc(oai_id: str | None, datestamp: str | None, sets: list[str], dc: DcFields,
               base_url: str | None = None) -> tuple[dict[str, Any], str]:
    """One oai_dc record as a record mapping, and the repository's short name (its folder).

    Raises ValueError when the record cannot be identified (no OAI identifier, no item page).
    """
    identifiers = _texts(dc, "identifier")
    relations = _texts(dc, "relation")
    item = identify(oai_id, identifiers, relations, base_url, sets)
    eprints = item.platform == EPRINTS
    title = markup.title_text(next(iter(dc.get("title", [])), None), eprints=eprints)
    kind = read_kind(sets, dc.get("type", []))
    data: dict[str, Any] = {"id": c.make_id(item.short, item.local_id), "title": title, "type": kind.type,
                            "genre": kind.genre}
    add_people(data, dc, item.platform)
    add_descriptions(data, dc, eprints)
    add_dates_and_licence(data, dc)
    links = read_links(identifiers, relations, item.item_page, dc.get("format", []))
    if links.isbn is not None:
        data["ISBN"] = links.isbn
    data["ISSN"] = links.issn
    if kind.type == "report" and links.numbers:
        data["number"] = links.numbers[0]  # a report's number ("CS/TR/2023/07")
    add_citation(data, links, title, item.platform)
    if not kind.named and data["type"] == "article" and data.get("container-title"):
        data["type"] = "article-journal"  # no type given, but it appeared in a journal
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
    platform: str | None = None
    """`eprints` or `dspace` when the record shows which (conventions differ), else None."""


def _is_handle(url: str) -> bool:
    return "/handle/" in url or host_of(url) in {"hdl.handle.net", "handle.net"}


def identify(oai_id: str | None, identifiers: list[str], relations: list[str], base_url: str | None,
             sets: Sequence[str] = ()) -> DcItem:
    """The item's id and page; without an OAI identifier the EPrints item page must name it."""
    item_urls = [u for u in identifiers + relations if re.match(r"^https?://", u) and not c.is_doi_url(u)
                 and not c.is_eprints_file_url(u)]
    if oai_id:
        local_id = oai_local_id(oai_id)
        item_page = next((u for u in item_urls if _is_handle(u)), None) or next(
            (u for u in relations if re.match(rf"^https?://[^/]+/{re.escape(local_id)}/?$", u)), None)
    else:  # no OAI header (the plain-text DC export): the EPrints item page names the item
        item_page = next((u for u in item_urls if re.match(r"^https?://[^/]+/\d+/?$", u)), None) or next(
            (u for u in item_urls if _is_handle(u)), None)
        if item_page is None:
            raise ValueError("no item page URL (https://host/<id>/) to identify the record by")
        local_id = re.sub(r"^https?://[^/]+/(?:handle/)?", "", item_page).strip("/")
    short, name = repository_of(oai_id, [item_page] if item_page else item_urls, base_url)
    return DcItem(local_id, item_page, short, name, platform_of(oai_id, local_id, item_page, identifiers, sets))


def platform_of(oai_id: str | None, local_id: str, item_page: str | None, identifiers: list[str],
                sets: Sequence[str]) -> str | None:
    """EPrints: `types=` sets, numeric ids with an item page `/<id>/`, its creators' links in the
    printed citation. DSpace: handle ids (`1810/248330`), handle pages, `com_`/`col_` sets."""
    if any(s.startswith(("types=", "status=", "subjects=", "divisions=")) for s in sets) or any(
            "/view/creators/" in i or "/id/eprint/" in i for i in identifiers):
        return EPRINTS
    if re.fullmatch(r"\d+/\d+", local_id) or (item_page and _is_handle(item_page)) or any(
            s.startswith(("com_", "col_", "hdl_")) for s in sets) or "dspace" in (oai_id or "").lower():
        return DSPACE
    if local_id.isdigit() and item_page and re.search(rf"/{local_id}/?$", item_page):
        return EPRINTS
    return None


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
        host = host_of(url)
        if host and host not in {"dx.doi.org", "doi.org"}:
            return c.repository_for(host)
    if base_url and host_of(base_url):
        return c.repository_for(host_of(base_url))
    return c.repository_for(namespace or "oai")


# --- 2. the item type and the status words beside it ----------------------------------------------

@dataclass(frozen=True, slots=True)
class DcKind:
    """What `dc:type` (and EPrints' `types=` set) say about the item."""

    type: str
    """The CSL type (`article` when nothing better is known)."""
    genre: str | None = None
    """What the CSL type does not say: the thesis level (`PhD thesis`), `Poster`, `Technical report`."""
    peer_reviewed: bool | None = None
    version: str | None = None
    """The full text's version (`VoR`, `AAM`) when a status word names it."""
    named: bool = True
    """Whether the source named a type at all (else `type` is CSL's default `article`)."""


def read_kind(sets: list[str], types: list[str]) -> DcKind:
    """EPrints' decoded `types=` set first, then dc:type words; status words aside. An unknown
    type id falls back on a dc:type word, and keeps the repository's own words as the genre."""
    chosen: tuple[str, str | None] | None = None
    thesis: str | None = None
    peer_reviewed = None
    version = None
    for spec in sets:
        if spec.startswith("types="):
            chosen = classify(spec.split("=", 1)[1], repository=True)
    words: list[str] = []
    for word in types:
        low = re.sub(r"\s+", " ", re.sub(r"^info:eu-repo/semantics/", "", word.strip(), flags=re.I).lower())
        if low in c.DC_PEER_REVIEW_WORDS:
            peer_reviewed = c.DC_PEER_REVIEW_WORDS[low]
        elif low in c.DC_VERSION_WORDS:
            version = c.DC_VERSION_WORDS[low]
        elif low in THESIS_GENRES and low not in {"other", "dissertation"}:
            # DSpace gives "doctoral" and "PhD" together: the more specific "PhD thesis" wins.
            thesis = THESIS_GENRES[low] if low == "phd" or thesis is None else thesis
        elif word.strip():
            words.append(word.strip())
    for word in words:
        found = classify(word, repository=True)
        if found is None:
            continue
        if chosen is None or (chosen[0] == "document" and found[0] != "document"):
            chosen = found  # "Text" then "Article": the specific word wins
        elif chosen[0] == found[0] and not chosen[1] and found[1]:
            chosen = found  # the set said `thesis`, the word says "Doctoral thesis"
        elif chosen[0] == "document" and chosen[1] and found[0] == "document" and word[:1].isupper():
            chosen = ("document", word)  # an unknown id: keep the repository's printed words
    if chosen is None and thesis:
        chosen = ("thesis", None)
    csl_type, genre = chosen or ("article" if not words else "document", None)
    if csl_type == "thesis":
        genre = thesis or genre
    return DcKind(csl_type, genre, peer_reviewed, version, named=chosen is not None)


# --- 3. people and text ---------------------------------------------------------------------------

def add_people(data: dict[str, Any], dc: DcFields, platform: str | None) -> None:
    """`author` from dc:creator. dc:contributor is `editor` in EPrints (its oai_dc gives the
    editors there; a thesis's are its supervisors); elsewhere `contributor` (advisors, ...), or
    `author` when no creator is named (DSpace reports that list their authors as contributors).
    ORCID ids are left out."""
    authors = split_names(dc.get("creator", []))
    contributors = split_names([v for v in dc.get("contributor", [])
                                if not re.search(r"\bORCID\b|^\s*\d{4}-\d{4}-", v, re.IGNORECASE)])
    data["author"] = authors
    if platform == EPRINTS and data.get("type") != "thesis":  # a thesis has supervisors, not editors
        data["editor"] = contributors
    elif not authors:
        data["author"] = contributors
    else:
        data["contributor"] = contributors


def add_descriptions(data: dict[str, Any], dc: DcFields, eprints: bool) -> None:
    """The abstract (provenance notes and funding statements become `note`), publisher,
    keywords and language."""
    descriptions = [d for d in (markup.block_text(v, eprints=eprints) for v in dc.get("description", [])) if d]
    abstract, notes = choose_abstract(descriptions)
    data["abstract"] = abstract
    if notes:
        data["note"] = "\n\n".join(notes)
    publishers = [p for p in (markup.line_text(v) for v in dc.get("publisher", [])) if p and p != "UNSPECIFIED"]
    if publishers:
        data["publisher"] = publishers[0]
    keywords = [k for k in _texts(dc, "subject") if not is_openaire(k)]
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
    """EPrints gives the publication date; DSpace accessioned, available, issued (in order).
    OpenAIRE's `info:eu-repo/date/...` terms are read by `ref_fields.openaire`."""
    raw_dates = [d.strip() for d in values if d.strip() and not is_openaire(d)]
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
    under an open licence, else it stays CSL's `available-date`. OpenAIRE's embargo end and
    access rights give `dates.embargo-end` and `full-text.status`."""
    when = read_dates(dc.get("date", []))
    data["issued"] = when.issued
    rights = dc.get("rights", [])
    licence = c.licence_from([r for r in rights if not is_openaire(r)])
    data["licence"] = licence
    embargo_end, access = openaire(dc.get("date", []), rights)
    dates = {"deposited": when.deposited, "embargo-end": embargo_end}
    if when.available:
        if licence and licence.get("id", "").upper().startswith("CC") and access in (None, "public"):
            dates["open-access"] = when.available
        else:
            data["available-date"] = when.available
    data["dates"] = {k: v for k, v in dates.items() if v}
    if access:
        data["full-text"] = {"status": access}


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
    issn: str | None = None
    numbers: list[str] = field(default_factory=list)
    """Other identifiers in one word (`CS/TR/2023/07`): a report's number, a local id."""
    citation: str | None = None
    """A citation string: the repository's own citation of the item, or a journal reference."""


def read_links(identifiers: list[str], relations: list[str], item_page: str | None,
               formats: list[str]) -> DcLinks:
    """Sort identifiers and relations (in order; the first DOI, URL and citation win). A `.pdf`
    URL among the identifiers is a file when a `dc:format` says PDF (or EPrints serves it)."""
    links = DcLinks(item_page)
    mimes = [f.strip() for f in formats if "/" in f and " " not in f.strip()]
    for value, is_identifier in [(v, True) for v in identifiers] + [(v, False) for v in relations]:
        flat = c.text(value) or ""
        alt = re.match(r"^info:(?:eu-repo/semantics/altIdentifier/)?doi/(10\.\S+)$", flat, re.IGNORECASE)
        if alt:
            links.doi = links.doi or c.find_doi(alt.group(1))
        elif not flat or is_openaire(flat) or flat.lower().startswith("info:"):
            continue
        elif c.is_doi_url(flat) or re.match(r"^(?:doi:\s*)?10\.\d{4,9}/\S+$", flat, re.IGNORECASE):
            links.doi = links.doi or c.find_doi(flat)
        elif re.match(r"^https?://\S+$", flat):
            _add_link(links, flat, mimes, is_identifier)
        elif c.is_isbn(flat):
            links.isbn = links.isbn or re.sub(r"^ISBN[:\s]*", "", flat, flags=re.IGNORECASE)
        elif re.fullmatch(r"(?:ISSN:?\s*)?\d{4}-\d{3}[\dXx]", flat, re.IGNORECASE):
            links.issn = links.issn or flat[-9:].upper()
        elif is_identifier and " " not in flat and re.search(r"\d", flat) and len(flat) <= 40:
            links.numbers.append(flat)
        elif " " in flat and links.citation is None:
            citation = re.sub(r"\s*<https?://[^>]*>", "", flat)  # EPrints' links to creators' pages
            citation = markup.line_text(citation) or ""
            citation = re.sub(r"\s+;", ";", re.sub(r"\s+", " ", citation)).strip()
            links.citation = re.sub(r"(?:\s+https?://\S+)+$", "", citation)
            links.doi = links.doi or c.find_doi(flat)
    return links


def _add_link(links: DcLinks, url: str, mimes: list[str], is_identifier: bool) -> None:
    """A web link: a public file, the item page, or the publisher's page."""
    is_pdf = re.search(r"\.pdf$", url.split("?", 1)[0], re.IGNORECASE) is not None
    if c.is_eprints_file_url(url) or (is_identifier and is_pdf and "application/pdf" in mimes):
        if not any(f["url"] == url for f in links.files):
            links.files.append({"url": url, "format": c.guess_format(url, mimes[0] if mimes else None)
                                if is_pdf else c.guess_format(url)})
    elif url == links.item_page or _is_handle(url):
        links.item_page = links.item_page or url
    elif links.item_page and c.same_repository(url, links.item_page):
        pass  # another address of the item page (CaltechAUTHORS' resolver), not a publisher's page
    elif links.url is None and host_of(url) != host_of(links.item_page or ""):
        links.url = url


def add_citation(data: dict[str, Any], links: DcLinks, title: str | None, platform: str | None = None) -> None:
    """The repository's own citation becomes `house-citation`, and what it says after the
    title fills the journal, book or event; a journal reference (DSpace's `dc.identifier.
    citation`, no title in it) fills the journal, volume, issue and article number only."""
    citation = links.citation
    if not citation:
        return
    authors = data.get("author") or []
    if citations.is_house_citation(citation, title, authors):
        data["house-citation"] = markup.plain_scripts(citation) if platform == EPRINTS else citation
        if data["type"] in _ARTICLES and citations.is_part_of(citation, title):
            # called an article, printed as part of a book or proceedings ("In: ...")
            found = citations.parse_after_title(citation, title, "chapter")
            book = found.get("container-title", "")
            data["type"] = "paper-conference" if citations.looks_like_conference(book) else "chapter"
        else:
            found = citations.parse_after_title(citation, title, data["type"], data.get("publisher"))
    elif data["type"] in _ARTICLES:
        found = citations.parse_journal_reference(citation, authors, links.doi)
    else:
        found = {}
    if "house-citation" not in data and not set(found) - {"DOI"}:  # unread: kept, so nothing is lost
        data["note"] = "\n\n".join(n for n in (data.get("note"), citation) if n)
    place = found.get("publisher-place")
    if place and (data.get("publisher") or "").startswith(f"{place}: "):  # dc:publisher "Rhodes: Dept…"
        data["publisher"] = data["publisher"][len(place) + 2:]
    for key, value in found.items():
        if key == "DOI":
            links.doi = links.doi or value
        elif data.get(key) in (None, "", []):
            data[key] = value


# --- 6. files ------------------------------------------------------------------------------------

def add_files(data: dict[str, Any], files: list[dict[str, Any]], version: str | None) -> None:
    """The public files (a PDF gets the version dc:type named) and the full-text status."""
    status = (data.get("full-text") or {}).get("status")
    if files:
        for f in files:
            if version and f.get("format") == "application/pdf":
                f["version"] = version
        data["files"] = files
        data["full-text"] = {"status": status or "public", "version": version}
    elif version or status:
        data["full-text"] = {"status": status, "version": version}
