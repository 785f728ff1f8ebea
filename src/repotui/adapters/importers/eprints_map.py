"""One EPrints eprint (as the JSON export's dict, or EP3 XML turned into the same shape) → a record.

EPrints' JSON export and its EP3 XML carry the same fields, so both importers convert to the
JSON shape and share this mapping: the type id as a CSL type (and genre), creators and editors
as CSL names, `pagerange` with "Art. No. X" as the article `number`, `date` + `date_type` as the
right date, documents as files (public ones, and closed ones with an embargo date; thumbnails
and index codes left out), the document licence code as a licence, the REF plugin's `hoa_*`
fields as the repository dates and `ref`, and EPrints' `_2`/`^(II)` markup as rich text.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from repotui.adapters.importers import common as c
from repotui.adapters.importers import markup
from repotui.adapters.importers.citations import event_date
from repotui.adapters.importers.names import eprints_name
from repotui.adapters.importers.ref_fields import hoa_fields
from repotui.core.item_types import classify, label, thesis_genre
from repotui.core.text import host_of

_ART_NO = re.compile(r"^\s*(?:Art(?:icle)?\.?\s*(?:No\.?|Number|#)|Article\s+number|e?Art\.?)\s*:?\s*(\S.*?)\s*$",
                     re.IGNORECASE)
_SKIP_FORMATS = {"other"}
_SKIP_DESCRIPTIONS = re.compile(r"index ?codes|thumbnail|preview", re.IGNORECASE)
#: `pres_type` of a conference item → (CSL type, genre); a paper stays a paper.
_PRESENTATIONS = {"poster": ("speech", "Poster"), "lecture": ("speech", "Lecture"), "speech": ("speech", "Speech"),
                  "keynote": ("speech", "Keynote"), "paper": ("paper-conference", None)}


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _names(items: Any) -> list[dict[str, str]]:
    out = []
    for item in _list(items):
        if not isinstance(item, dict):
            continue
        name = eprints_name(item.get("name"), item.get("orcid"))
        if name:
            out.append(name)
    return out


def _base_url(eprint: dict[str, Any]) -> str | None:
    """`https://authors.library.caltech.edu` from the eprint's `uri`/id or any file URL."""
    for key in ("uri", "id", "_id"):
        value = eprint.get(key)
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            parts = urlsplit(value)
            return f"{parts.scheme}://{parts.netloc}"
    for doc in _list(eprint.get("documents")):
        for f in _list(doc.get("files") if isinstance(doc, dict) else None):
            url = f.get("url") if isinstance(f, dict) else None
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                parts = urlsplit(url)
                return f"{parts.scheme}://{parts.netloc}"
    return None


def page_or_number(pagerange: Any) -> tuple[str | None, str | None]:
    """(page, number): "Art. No. 130923" is an article number, never a page range."""
    value = c.text(pagerange)
    if not value:
        return None, None
    match = _ART_NO.match(value)
    if match:
        return None, match.group(1).rstrip(".")
    return value.replace("–", "-"), None


def _files(eprint: dict[str, Any], base: str | None, eprintid: str) -> tuple[list[dict[str, Any]], list[str], str | None]:
    """Public documents (and closed ones that open on an embargo date) as file entries, their
    licence codes and the main document's version."""
    files: list[dict[str, Any]] = []
    licences: list[str] = []
    main_version = None
    for doc in _list(eprint.get("documents")):
        if not isinstance(doc, dict):
            continue
        fmt = c.text(doc.get("format")) or ""
        desc = c.text(doc.get("formatdesc")) or ""
        relations = " ".join(str(r.get("type", "")) for r in _list(doc.get("relation")) if isinstance(r, dict))
        if (fmt in _SKIP_FORMATS and _SKIP_DESCRIPTIONS.search(desc)) or "isVolatileVersionOf" in relations:
            continue
        embargo = c.iso_date(doc.get("date_embargo"))
        if (c.text(doc.get("security")) or "public") != "public" and not embargo:
            continue
        version = c.EPRINTS_CONTENT_VERSIONS.get((c.text(doc.get("content")) or "").lower())
        lic = c.text(doc.get("license"))
        if lic:
            licences.append(lic)
        main = c.text(doc.get("main"))
        for f in _list(doc.get("files")):
            if not isinstance(f, dict):
                continue
            filename = c.text(f.get("filename"))
            if main and filename and filename != main:
                continue
            url = c.text(f.get("url"))
            if not (url and url.startswith(("http://", "https://"))) and base and filename:
                # The JSON export gives only the file's /id/ URI; EPrints serves it at /<eprint>/<pos>/<name>.
                url = f"{base}/{eprintid}/{c.text(doc.get('pos')) or '1'}/{filename}"
            if not url:
                continue
            mime = c.text(f.get("mime_type")) or (fmt if "/" in fmt else None)
            size = f.get("filesize")
            entry = {"url": url, "format": c.guess_format(url, mime), "version": version,
                     "size": int(str(size)) if str(size).isdigit() else None,
                     "label": desc if desc and not desc.startswith("Generate") else None, "embargo": embargo}
            files.append(entry)
            if main_version is None and entry["format"] == "application/pdf":
                main_version = version
    return files, licences, main_version


def map_eprint_dict(eprint: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    """A record mapping and the repository's short name, or None when there is no eprint id.

    Each step reads a group of EPrints fields and adds the record keys they give.
    """
    eprintid = c.text(eprint.get("eprintid"))
    if not eprintid:
        return None
    base = _base_url(eprint)
    short, repo_name = c.repository_for(host_of(base)) if base else ("eprints", "EPrints repository")
    csl_type, genre = item_type(eprint)
    data: dict[str, Any] = {"id": c.make_id(short, eprintid), "type": csl_type,
                            "title": markup.title_text(eprint.get("title"), eprints=True), "genre": genre}
    add_people(data, eprint)
    dates = add_dates(data, eprint)
    add_publication(data, eprint, csl_type)
    add_description(data, eprint)
    add_links(data, eprint)
    add_files(data, eprint, base, eprintid)
    hoa_dates, ref = hoa_fields(eprint)
    dates.update(hoa_dates)  # the REF plugin's dates are the ones the policy means
    data["dates"] = dates
    data["ref"] = ref
    data["official-citation"] = c.text(eprint.get("official_cit"))
    data["rights"] = c.text(eprint.get("rights"))
    data["repository"] = {"name": repo_name, "id": eprintid,
                          "url": f"{base}/{eprintid}/" if base else None}
    return c.prune(data), short


def item_type(eprint: dict[str, Any]) -> tuple[str, str | None]:
    """The CSL type and genre: the type id (a local id's own words kept as the genre), a
    conference item's presentation type, a monograph's kind ("Technical report")."""
    code = c.text(eprint.get("type")) or "article"
    csl_type, genre = classify(code, repository=True) or ("article-journal", None)
    if code == "conference_item":
        csl_type, genre = _PRESENTATIONS.get((c.text(eprint.get("pres_type")) or "paper").lower(),
                                             (csl_type, label(c.text(eprint.get("pres_type")) or "") or None))
    kind = c.text(eprint.get("monograph_type"))
    if csl_type == "report" and kind and kind.lower() != "other":
        genre = label(kind)
    return csl_type, genre


def add_people(data: dict[str, Any], eprint: dict[str, Any]) -> None:
    """Creators (and corporate creators) as `author`, `editor`, relators and contributors as `contributor`."""
    authors = _names(eprint.get("creators"))
    authors += [{"literal": n} for n in (c.text(x) for x in _list(eprint.get("corp_creators"))) if n]
    data["author"] = authors
    data["editor"] = _names(eprint.get("editors"))
    data["contributor"] = _names(eprint.get("relators")) + _names(eprint.get("contributors"))


def add_dates(data: dict[str, Any], eprint: dict[str, Any]) -> dict[str, str]:
    """`issued` or `submitted` from `date` + `date_type` (and EPrints 3.4's dated events); the
    repository dates (accepted, online, deposited) are returned for `dates`."""
    date = c.iso_date(eprint.get("date"))
    date_type = (c.text(eprint.get("date_type")) or "published").lower()
    dates: dict[str, str] = {}
    target = c.EPRINTS_DATE_TYPES.get(date_type, "issued")
    if date:
        if target == "issued":
            data["issued"] = date
        elif target == "submitted":
            data["submitted"] = date
        else:
            dates[target] = date
    for item in _list(eprint.get("dates")):  # EPrints 3.4 keeps several dated events
        if isinstance(item, dict):
            kind = c.EPRINTS_DATE_TYPES.get((c.text(item.get("date_type")) or "").lower())
            value = c.iso_date(item.get("date"))
            if kind == "issued" and value:
                data.setdefault("issued", value)
            elif kind and value and kind != "submitted":
                dates.setdefault(kind, value)
    deposited = c.iso_date(eprint.get("datestamp"))
    if deposited:
        dates["deposited"] = deposited
    return dates


def add_publication(data: dict[str, Any], eprint: dict[str, Any], csl_type: str) -> None:
    """Where and how it was published: container, volume, pages, publisher, event, thesis, ids."""
    data["container-title"] = markup.line_text(eprint.get("publication")) or markup.line_text(
        eprint.get("book_title"))
    data["collection-title"] = markup.line_text(eprint.get("series"))
    data["volume"] = c.text(eprint.get("volume"))
    number_field = c.text(eprint.get("number"))  # an issue; a report's number; a book's number in its series
    if csl_type == "report":
        data["number"] = number_field
    elif csl_type in {"book", "chapter"} and eprint.get("series"):
        data["collection-number"] = number_field
    else:
        data["issue"] = number_field
    page, number = page_or_number(eprint.get("pagerange"))
    data["page"] = page
    data["number"] = number or c.text(eprint.get("article_number")) or data.get("number")
    pages = c.text(eprint.get("pages"))
    if pages and pages != data["number"]:  # some exports copy the article number into `pages`
        data["number-of-pages"] = pages
    data["publisher"] = markup.line_text(eprint.get("publisher")) or (
        markup.line_text(eprint.get("institution")) if csl_type == "thesis" else None)
    data["publisher-place"] = markup.line_text(eprint.get("place_of_pub"))
    data["event-title"] = markup.line_text(eprint.get("event_title"))
    data["event-place"] = markup.line_text(eprint.get("event_location"))
    data["event-date"] = event_date(c.text(eprint.get("event_dates")) or "")
    if csl_type == "thesis":
        data["genre"] = thesis_genre(c.text(eprint.get("thesis_type"))) or data.get("genre")
    data["ISSN"] = c.text(eprint.get("issn"))
    data["ISBN"] = c.text(eprint.get("isbn"))
    data["PMCID"] = c.text(eprint.get("pmc_id"))


def add_description(data: dict[str, Any], eprint: dict[str, Any]) -> None:
    """Abstract, keywords, note, language and the in-press status."""
    data["abstract"] = markup.block_text(eprint.get("abstract"), eprints=True)
    keywords = c.text(eprint.get("keywords"))
    if keywords:
        data["keyword"] = [k.strip() for k in re.split(r"[;,]", keywords) if k.strip()]
    data["note"] = markup.block_text(eprint.get("note"), eprints=True)
    data["language"] = c.text(eprint.get("language")) or next(
        (c.text(d.get("language")) for d in _list(eprint.get("documents"))
         if isinstance(d, dict) and c.text(d.get("language")) and (c.text(d.get("security")) or "public") == "public"
         and c.text(d.get("format")) not in _SKIP_FORMATS), None)
    if c.text(eprint.get("ispublished")) == "inpress":
        data["status"] = "in press"


def add_links(data: dict[str, Any], eprint: dict[str, Any]) -> None:
    """`DOI` (the field, else a related URL) and `URL`: the DOI's, else the publisher's page."""
    doi = c.find_doi(c.text(eprint.get("doi")) or "")
    pub_url = None
    for rel in _list(eprint.get("related_url")):
        if not isinstance(rel, dict):
            continue
        url = c.text(rel.get("url")) or ""
        if c.text(rel.get("type")) == "doi" or c.is_doi_url(url):
            doi = doi or c.find_doi(url)
        elif c.text(rel.get("type")) == "pub" and url.startswith(("http://", "https://")):
            pub_url = pub_url or url
    official = c.text(eprint.get("official_url"))
    if official and c.is_doi_url(official):
        doi, official = doi or c.find_doi(official), None
    data["DOI"] = doi
    data["URL"] = (f"https://doi.org/{doi}" if doi else None) or pub_url or official


def add_files(data: dict[str, Any], eprint: dict[str, Any], base: str | None, eprintid: str) -> None:
    """The public documents as `files`, their `licence`, peer review and the full-text status."""
    files, licence_codes, version = _files(eprint, base, eprintid)
    data["files"] = files
    data["licence"] = c.licence_from(licence_codes)
    refereed = c.text(eprint.get("refereed"))
    data["peer-reviewed"] = {"TRUE": True, "FALSE": False}.get((refereed or "").upper())
    status = c.text(eprint.get("full_text_status"))
    data["full-text"] = {"status": status if status in {"public", "restricted", "none"} else None,
                         "version": version}
