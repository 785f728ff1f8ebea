"""Mapping helpers every format needs: names, ids, DOIs, dates, item types, licences, citations.

Repositories describe the same things in many ways; each helper turns one of those ways into
the shape docs/records.md wants, and returns None rather than guessing when it cannot.
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from repotui.core.licences import normalise_licence
from repotui.core.text import clean_block, clean_line

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

#: EPrints type codes (also the `types=` setSpec) → CSL types.
EPRINTS_TYPES = {
    "article": "article-journal", "book_section": "chapter", "thesis": "thesis",
    "conference_item": "paper-conference", "monograph": "report", "dataset": "dataset",
    "book": "book", "patent": "patent", "image": "graphic", "video": "motion_picture",
    "audio": "song", "teaching_resource": "document", "other": "document", "report": "report",
    "working_paper": "report", "preprint": "article", "review": "review",
}
#: dc:type words as EPrints and DSpace print them → CSL types.
DC_TYPES = {
    "article": "article-journal", "journal article": "article-journal", "book section": "chapter",
    "book chapter": "chapter", "chapter": "chapter", "thesis": "thesis", "doctoral thesis": "thesis",
    "conference or workshop item": "paper-conference", "conference paper": "paper-conference",
    "conference object": "paper-conference", "monograph": "report", "report": "report",
    "working paper": "report", "dataset": "dataset", "book": "book", "patent": "patent",
    "image": "graphic", "video": "motion_picture", "preprint": "article", "review": "review",
    "software": "software",
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


def host_of(url: str | None) -> str:
    if not url:
        return ""
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def repository_for(host: str) -> tuple[str, str]:
    """(short name, display name) for a repository host; unknown hosts get a name made from it."""
    host = host.lower().strip(".")
    for known, value in KNOWN_REPOSITORIES.items():
        if host == known or host.endswith("." + known):
            return value
    labels = [lab for lab in re.split(r"[.\-:]", host) if lab and lab not in _GENERIC_LABELS]
    short = safe_id(labels[0] if labels else host or "repo")
    return short, host or "unknown repository"


def safe_id(value: str) -> str:
    """A filesystem- and URL-safe id part: ASCII letters, digits and single hyphens."""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return slug[:120] or "item"


def make_id(short: str, local: str) -> str:
    """`lshtm-407`, `apollo-1810-252238`: repository short name + the repository's own item id."""
    return f"{safe_id(short)}-{safe_id(local)}"


def split_name(raw: str) -> dict[str, str] | None:
    """A CSL name from `Family, Given` (EPrints' `Chico, RM`); a name with no comma is a literal."""
    name = text(raw)
    if not name:
        return None
    if "," in name:
        family, given = (p.strip() for p in name.split(",", 1))
        if family and given:
            return {"family": family, "given": given}
        return {"family": family or given}
    return {"literal": name}


def eprints_name(name: dict[str, Any] | None, orcid: Any = None) -> dict[str, str] | None:
    """An EPrints `{family, given, lineage, honourific}` name as a CSL name."""
    if not isinstance(name, dict):
        return None
    family, given = text(name.get("family")), text(name.get("given"))
    if not (family or given):
        return None
    out = {"family": family, "given": given, "suffix": text(name.get("lineage"))}
    if text(orcid):
        out["ORCID"] = text(orcid)
    return {k: v for k, v in out.items() if v}


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


def csl_type_from_dc(value: str | None) -> str | None:
    if not value:
        return None
    return DC_TYPES.get(re.sub(r"\s+", " ", value.strip().lower()))


def csl_type_from_eprints(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().lower()
    return EPRINTS_TYPES.get(code, text(code.replace("_", "-")))


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


_ARTICLE_TAIL = re.compile(
    r"^(?P<c>.+?)(?:\s*,\s*(?P<v>[\w-]+(?:\s+Suppl)?))?\s*(?:\((?P<i>[^)]*)\))?\s*\.\s*"
    r"(?:(?:pp?\.\s*)?(?P<p>[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–]\s*[A-Za-z]?\d+[A-Za-z]?)?)\s*\.?)?\s*$"
)
_CITE_TAIL = re.compile(r"\s+(?:ISSN|ISBN|DOI:?|https?://|<).*$", re.IGNORECASE | re.DOTALL)


def parse_article_citation(citation: str, title: str | None) -> dict[str, str]:
    """Journal, volume, issue, pages or article number, ISSN and DOI from EPrints' stock citation.

    `... (2012) Title.  Health & place, 18 (3).  pp. 671-82.  ISSN 1353-8292 DOI: 10.1016/...`.
    Only the part after the title is read, so a title full of commas cannot confuse it.
    """
    out: dict[str, str] = {}
    flat = re.sub(r"<[^>]*>", " ", citation)
    flat = re.sub(r"\s+", " ", flat).strip()
    issn = re.search(r"\bISSN:?\s*([0-9]{4}-?[0-9]{3}[0-9Xx])", flat)
    if issn:
        out["ISSN"] = issn.group(1).upper()
    doi = find_doi(flat.split("DOI:", 1)[1]) if "DOI:" in flat else None
    if doi:
        out["DOI"] = doi
    rest = _after_title(flat, title)
    if rest is None:
        return out
    rest = _CITE_TAIL.sub("", " " + rest).strip()
    number = re.search(r"\b(?:Art(?:icle)?\.?\s*No\.?|Article number)\s*:?\s*([^\s.,;]+)", rest, re.IGNORECASE)
    if number:
        out["number"] = number.group(1)
        rest = rest[: number.start()].strip()
    if not rest.endswith("."):
        rest += "."
    match = _ARTICLE_TAIL.match(rest)
    if not match:
        return out
    container, volume, issue = match.group("c").strip(" .,"), match.group("v"), match.group("i")
    if issue and not volume and re.fullmatch(r"\d{4}", issue):
        container, issue = f"{container} ({issue})", None  # "(1999)" is part of the journal's name
    if container and container.upper() != "UNSPECIFIED" and not container.startswith("["):
        out["container-title"] = container
    if volume:
        out["volume"] = volume
    if issue:
        out["issue"] = issue.strip()
    if match.group("p"):
        out["page"] = re.sub(r"\s*[-–]\s*", "-", match.group("p"))
    return out


def _after_title(flat: str, title: str | None) -> str | None:
    if not title:
        return None
    want = re.sub(r"\s+", " ", title).strip().rstrip(".")
    pos = flat.lower().find(want.lower())
    if pos < 0:
        return None
    rest = flat[pos + len(want):]
    return rest.lstrip(".?! ").strip()
