"""Mapping helpers every format needs: ids, repositories, DOIs, dates, licences, files.

Repositories describe the same things in many ways; each helper turns one of those ways into
the shape docs/records.md wants, and returns None rather than guessing when it cannot. Names
are `names.py`'s, item types `core.item_types`, citation strings `citations.py`, text and markup
`markup.py`.
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from repotui.core.licences import normalise_licence
from repotui.core.text import clean_block, clean_line, host_of

#: Known repositories: host (or a suffix of it) → (short name used in ids and folders, display name).
KNOWN_REPOSITORIES: dict[str, tuple[str, str]] = {
    "researchonline.lshtm.ac.uk": ("lshtm", "LSHTM Research Online"),
    "repository.cam.ac.uk": ("apollo", "Apollo - University of Cambridge Repository"),
    "dspace.cam.ac.uk": ("apollo", "Apollo - University of Cambridge Repository"),
    "authors.library.caltech.edu": ("caltech", "CaltechAUTHORS"),
    "resolver.caltech.edu": ("caltech", "CaltechAUTHORS"),
    "webthesis.biblio.polito.it": ("polito", "Webthesis - Politecnico di Torino"),
    "dro.dur.ac.uk": ("durham", "Durham Research Online"),
    "eprints.whiterose.ac.uk": ("whiterose", "White Rose Research Online"),
}
_GENERIC_LABELS = {
    "www", "eprints", "eprint", "researchonline", "repository", "repositories", "authors", "library",
    "libraries", "dspace", "oai", "research", "online", "biblio", "openaccess", "open", "ir", "digital",
    "scholar", "scholarship", "publications", "pure", "webthesis", "ac", "edu", "com", "org", "net",
    "gov", "co", "uk", "us", "it", "de", "fr", "au", "ca", "nl", "info", "localhost",
}

#: dc:type words that describe status, not kind: peer review (EPrints) ...
DC_PEER_REVIEW_WORDS = {"peerreviewed": True, "nonpeerreviewed": False}
#: ... and the full text's version (DSpace).
DC_VERSION_WORDS = {
    "published version": "VoR", "accepted version": "AAM", "submitted version": "SMUR",
    "publishedversion": "VoR", "acceptedversion": "AAM", "submittedversion": "SMUR",
}
#: EPrints document `content` → full-text version.
EPRINTS_CONTENT_VERSIONS = {"published": "VoR", "accepted": "AAM", "submitted": "SMUR",
                            "draft": "SMUR", "thesis": "VoR"}
#: EPrints `date_type` → repository date kind (`issued` is the CSL date).
EPRINTS_DATE_TYPES = {"published": "issued", "completed": "issued", "submitted": "submitted",
                      "accepted": "accepted", "published_online": "online", "pub_online": "online"}

_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_DATE = re.compile(r"^\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[T ][\d:.]+Z?)?\s*$")
_ISBN = re.compile(r"^(?:ISBN[:\s]*)?(97[89][- ]?)?\d{1,5}[- ]?\d{1,7}[- ]?\d{1,7}[- ]?[\dX]$", re.IGNORECASE)


def text(value: Any) -> str | None:
    """One-line cleaned text, or None when nothing is left."""
    if value is None:
        return None
    cleaned = clean_line(str(value))
    return cleaned or None


def block(value: Any) -> str | None:
    """Paragraph text (abstracts, notes), cleaned, or None."""
    if value is None:
        return None
    cleaned = clean_block(str(value))
    return cleaned or None


def prune(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values recursively, so a record holds only what the source gave."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = prune(value)
        elif isinstance(value, list):
            value = [prune(v) if isinstance(v, dict) else v for v in value]
            value = [v for v in value if v not in (None, "", {}, [])]
        if value in (None, "", {}, []):
            continue
        out[key] = value
    return out


def repository_for(host: str) -> tuple[str, str]:
    """(short name, display name) for a repository host; unknown hosts get a name made from it."""
    host = host.lower().strip(".")
    for known, value in KNOWN_REPOSITORIES.items():
        if host == known or host.endswith("." + known):
            return value
    labels = [lab for lab in re.split(r"[.\-:]", host) if lab and lab not in _GENERIC_LABELS]
    short = safe_id(labels[0] if labels else host or "repo")
    return short, host or "unknown repository"


def same_repository(url: str, item_page: str) -> bool:
    """`url` is on the item page's host, or on a host known to belong to the same repository
    (`resolver.caltech.edu` and `authors.library.caltech.edu`)."""
    host, page_host = host_of(url), host_of(item_page)
    if not host or not page_host:
        return False
    if host == page_host:
        return True
    known = [value[0] for key, value in KNOWN_REPOSITORIES.items() if host == key or host.endswith("." + key)]
    return bool(known) and known[0] == repository_for(page_host)[0]


def safe_id(value: str) -> str:
    """A filesystem- and URL-safe id part: ASCII letters, digits and single hyphens."""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return slug[:120] or "item"


def make_id(short: str, local: str) -> str:
    """`lshtm-407`, `apollo-1810-252238`: repository short name + the repository's own item id."""
    return f"{safe_id(short)}-{safe_id(local)}"


def find_doi(value: str | None) -> str | None:
    """The first DOI in a string (bare, `doi:` or a doi.org URL), without trailing punctuation."""
    if not value:
        return None
    match = _DOI.search(value)
    if not match:
        return None
    return match.group(1).rstrip(".,;)>]")


def is_doi_url(value: str) -> bool:
    return bool(re.match(r"^https?://(dx\.)?doi\.org/", value.strip(), re.IGNORECASE))


def iso_date(value: Any) -> str | None:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` from the many forms repositories print (times dropped)."""
    if value is None:
        return None
    match = _DATE.match(str(value))
    if not match:
        return None
    year, month, day = match.groups()
    if not 1 <= int(year) <= 9999:
        return None
    if month and not 1 <= int(month) <= 12:
        return year
    if day and not 1 <= int(day) <= 31:
        return f"{year}-{int(month):02d}"
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    return "-".join(parts)


def has_time(value: str) -> bool:
    return bool(re.search(r"\d[T ]\d{1,2}:\d{2}", value))


def licence_from(values: list[str]) -> dict[str, str] | None:
    """One licence from every rights/licence value given (EPrints codes, CC URLs, CC names).

    Each value is read by `core.licences.normalise_licence`, which keeps what it says: no
    version invented for `cc_by`, a port's jurisdiction kept. When several values name the
    licence (DSpace gives the deed URL and the name), the most precise one wins: a versioned
    id over an unversioned one. Rights statements that are not licences give None.
    """
    best: dict[str, str] | None = None
    best_rank = -1
    for raw in values:
        value = text(raw)
        if not value or value.lower() in {"other", "unspecified", "none"}:
            continue
        lic = normalise_licence(value)
        if lic.id:
            rank = 2 + any(ch.isdigit() for ch in lic.id[3:])  # "CC0-1.0" counts from its "-1.0"
        elif lic.url:
            rank = 1
        else:
            continue
        if rank > best_rank:
            best, best_rank = {"id": lic.id or "", "name": lic.name or "", "url": lic.url or ""}, rank
    return {k: v for k, v in best.items() if v} if best else None


def decode_setspec(spec: str) -> str:
    """EPrints hex-encodes setSpecs (`74797065733D61727469636C65` = `types=article`)."""
    value = spec.strip()
    if len(value) >= 4 and len(value) % 2 == 0 and re.fullmatch(r"[0-9A-Fa-f]+", value):
        try:
            decoded = bytes.fromhex(value).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return value
        if decoded.isprintable() and ("=" in decoded or ":" in decoded):
            return decoded
    return value


def guess_format(url: str, hint: str | None = None) -> str:
    """A MIME type for a file URL: the hint when it is one, else from the extension."""
    if hint and "/" in hint and " " not in hint.strip():
        return hint.strip()
    path = urlsplit(url).path
    guessed, _ = mimetypes.guess_type(path)
    return guessed or "application/octet-stream"


def is_isbn(value: str) -> bool:
    digits = re.sub(r"[^0-9Xx]", "", value)
    return bool(_ISBN.match(value.strip())) and len(digits) in (10, 13)


def is_eprints_file_url(url: str) -> bool:
    """EPrints serves documents at `/<eprintid>/<pos>/<filename>`."""
    path = urlsplit(url).path
    return bool(re.search(r"/\d+/\d+/[^/]+\.[A-Za-z0-9]{2,5}$", path))
