"""Citation strings repositories print → the bibliographic fields they hold.

Two kinds reach us as text:

- **the repository's own citation** of the item (EPrints prints one as a `dc:identifier`:
  `Chico, RM; Chandramohan, D; (2011) Title. Journal, 16 (7). 774-785. ISSN …`). It names the
  authors, the year and the title; `is_house_citation` says whether a string is one, and
  `parse_after_title` reads the journal, volume, issue, pages or article number, or for a book
  section the book (`In: VLSI '83. North-Holland, Amsterdam, pp. 3-8. ISBN …`), for a
  conference item the event (`In: ICGL 11, 26-29 September 2013, Rhodes.`).
- **a journal reference** (DSpace's `dc.identifier.citation`: `Nature Communications 2015,
  6(7756). doi: …`, `Journal of Lightwave Technology, 33(16), 3419-3425`): no title, no authors;
  `parse_journal_reference` reads it. It is not a citation of the item, so it is never the
  house citation.

Where a number stands alone it is a page, unless it is shaped like an article number (a letter
prefix `e0131202`, `h3576`, a leading zero `090501`, or five digits and more): styles print an
article number right only from `number`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from repotui.adapters.importers.common import find_doi

_ISSN = re.compile(r"\bISSN:?\s*([0-9]{4}-?[0-9]{3}[0-9Xx])")
_ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s*((?:97[89][- ]?)?[0-9][0-9 -]{7,15}[0-9Xx])\b")
_ART_NO = re.compile(r"\b(?:Art(?:icle)?\.?\s*(?:No\.?|Number|#)|Article)\s*:?\s*([A-Za-z]?\d[\w.-]*?)(?=[\s.,;]|$)",
                     re.IGNORECASE)
_RANGE = r"[A-Za-z]{0,2}\d+[A-Za-z]?(?:\s*[-–?]\s*[A-Za-z]{0,2}\d+[A-Za-z]?)?"
_PAGES = re.compile(rf"(?:^|[\s,.(])pp?\.\s*({_RANGE})", re.IGNORECASE)
_ARTICLE_TAIL = re.compile(
    r"^(?P<c>.+?)(?:\s*,\s*(?P<v>[\w-]+(?:\s+Suppl\.?)?))?\s*(?:\((?P<i>[^)]*)\))?\s*\.\s*"
    r"(?:(?P<pp>pp?\.\s*)?(?P<p>[A-Za-z]{0,2}\d+[A-Za-z]?(?:\s*[-–]\s*[A-Za-z]{0,2}\d+[A-Za-z]?)?)\s*\.?)?\s*$"
)
_CITE_TAIL = re.compile(r"\s+(?:ISSN|ISBN|DOI:?|https?://|<).*$", re.IGNORECASE | re.DOTALL)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_EVENT_DATE = re.compile(rf"^(?:\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{_MONTH}(?:\s*[-–]\s*\d{{1,2}}\s+{_MONTH})?\s+\d{{4}}"
                         rf"|{_MONTH}\s+\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?,?\s+\d{{4}}|{_MONTH}\s+\d{{4}}|\d{{4}})$",
                         re.IGNORECASE)
_EVENT_WORDS = re.compile(r"\b(?:conference|congress|symposium|workshop|proceedings|colloquium|meeting|summit)\b",
                          re.IGNORECASE)


def flatten(citation: str) -> str:
    """One line, EPrints' `<http://…>` links and runs of spaces gone."""
    flat = re.sub(r"<[^>]*>", " ", citation)
    return re.sub(r"\s+", " ", flat).strip()


def _words(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _letters(text: str) -> str:
    """Letters and digits only, folded: `Fe<sup>II</sup>`, `Fe^(II)` and `Fe II` all read `feii`."""
    plain = unicodedata.normalize("NFKC", re.sub(r"</?(?:i|b|sup|sub|span)\b[^>]*>", "", text))  # γ₂ → γ2
    return re.sub(r"[\W_]+", "", plain).casefold()


def names_title(citation: str, title: str | None) -> bool:
    """The citation contains the title (letters and digits compared: punctuation, markup and
    case ignored)."""
    want = _letters(title or "")
    return len(want) >= 3 and want in _letters(citation)


def is_house_citation(citation: str, title: str | None, authors: list[dict[str, str]]) -> bool:
    """A repository's printed citation of the item: it names the title, and the year in
    brackets (EPrints' pattern) or starts with the first author's name (a styled reference)."""
    if not names_title(citation, title):
        return False
    flat = flatten(citation)
    if re.search(r"\(\s*(?:1[5-9]|20)\d{2}[a-z]?\s*\)", flat):
        return True
    first = authors[0] if authors else {}
    family = first.get("family") or first.get("literal") or ""
    return bool(family) and _words(flat).startswith(_words(family))


def locator(value: str, explicit_page: bool = False) -> tuple[str | None, str | None]:
    """(page, article number) for a locator a citation gives: a range or a `p.` is a page; a
    lone `e0131202`, `h3576`, `090501` or a number of five digits and more is an article number."""
    text = re.sub(r"(?<=\d)\s*[?–]\s*(?=[A-Za-z]{0,2}\d)", "-", value.strip().rstrip(".,;"))
    text = re.sub(r"\s*-\s*", "-", text)
    if not text:
        return None, None
    if "-" in text or explicit_page:
        return text, None
    if re.fullmatch(r"e\d+|[A-Za-z]{1,6}\d{3,}|0\d+|\d{5,}", text):  # e16, h3576, tyac012, 090501, 130923
        return None, text
    return text, None


def after_title(flat: str, title: str | None) -> str | None:
    """The part of a citation after the title (None when the title is not found in it).
    The title is matched letter by letter, whatever punctuation or markup lies between."""
    letters = _letters(title or "")
    if len(letters) < 3:
        return None
    pattern = r"[\W_]*".join(re.escape(ch) for ch in letters[:400])
    match = re.search(pattern, flat, re.IGNORECASE)
    if match is None:
        return None
    return flat[match.end():].lstrip(".,?!\"”’')]} ").strip()


def is_part_of(citation: str, title: str | None) -> bool:
    """The citation places the item in a book or proceedings: `Title. In: Book …`."""
    rest = after_title(flatten(citation), title)
    return bool(rest and re.match(r"^In:?\s", rest))


def identifiers(flat: str) -> dict[str, str]:
    """ISSN, ISBN and DOI named anywhere in a citation."""
    out: dict[str, str] = {}
    issn = _ISSN.search(flat)
    if issn:
        out["ISSN"] = issn.group(1).upper()
    isbn = _ISBN.search(flat)
    if isbn:
        out["ISBN"] = isbn.group(1).strip()
    doi = re.search(r"\b(?:DOI|doi):?\s*(10\.\S+)", flat) or re.search(r"doi\.org/(10\.\S+)", flat)
    if doi:
        found = find_doi(doi.group(1))
        if found:
            out["DOI"] = found
    return out


def parse_after_title(citation: str, title: str | None, csl_type: str, publisher: str | None = None) -> dict[str, Any]:
    """Fields from an EPrints-style citation: the part after the title, read for the item's type
    (`publisher`, when the record names one, tells the publisher from the place after it)."""
    flat = flatten(citation)
    out: dict[str, Any] = identifiers(flat)
    rest = after_title(flat, title)
    if rest is None:
        return out
    rest = _CITE_TAIL.sub("", " " + rest).strip()
    if re.match(r"^In:?\s", rest):
        out.update(parse_in(rest.split(None, 1)[1] if " " in rest else "", csl_type))
    elif csl_type in {"article-journal", "article", "review", "article-magazine", "article-newspaper"}:
        out.update(_article_tail(rest))
    elif csl_type == "thesis":
        match = re.match(r"^(?P<g>[^,.]*\bthesis)\s*,\s*(?P<u>[^.]+)", rest, re.IGNORECASE)
        if match:
            out["genre"], out["publisher"] = match.group("g").strip(), match.group("u").strip()
    elif csl_type in {"book", "report"} and not rest.startswith("["):
        out.update(_publisher_tail(rest, publisher, csl_type))
    return out


def _publisher_tail(rest: str, publisher: str | None, csl_type: str) -> dict[str, str]:
    """`Technical Report. Environment Agency, Bristol.` (a monograph: its kind, publisher,
    place) or `Routledge, London.` (a book)."""
    out: dict[str, str] = {}
    text = rest.strip(" .")
    if publisher and publisher.lower() in text.lower():
        at = text.lower().index(publisher.lower())
        head, tail = text[:at].strip(" .,"), text[at + len(publisher):].strip(" .,")
    else:
        head, _, body = text.rpartition(". ")
        pub, _, tail = body.partition(",")
        head, tail = head.strip(" .,"), tail.strip(" .,")
        if pub.strip() and pub.strip().upper() != "UNSPECIFIED":
            out["publisher"] = pub.strip()
    if tail and tail.upper() != "UNSPECIFIED" and len(tail) <= 60:
        out["publisher-place"] = tail
    if head and head.upper() != "UNSPECIFIED" and csl_type == "report" and "." not in head and len(head) <= 60:
        out["genre"] = head[:1].upper() + head[1:].lower()
    return out


def _article_tail(rest: str) -> dict[str, str]:
    """`Journal, 18 (3). pp. 671-82.` / `BMJ, 344. e921.` / `Journal, 427. Art. No. 130923.` (EPrints'
    stock citation), and the forms other repositories configure: `Journal, 8 (1). tyac012.` (Durham),
    `Journal of X, 12(3), pp. 45-67. (doi: …)` (Glasgow), `Journal of X, 12 (3), 45-67.` (Southampton)."""
    out: dict[str, str] = {}
    rest = re.sub(r"\s*\((?:doi|DOI)\s*:?\s*10\.[^)]*\)\.?", "", rest)
    rest = re.sub(r"\s*\((?:in press|submitted|accepted|unpublished|online first|early view|published online)\)\.?",
                  "", rest, flags=re.IGNORECASE).strip()
    number = _ART_NO.search(rest)
    if number:
        out["number"] = number.group(1).rstrip(".")
        rest = rest[: number.start()].strip()
    if not rest.endswith("."):
        rest += "."
    match = _ARTICLE_TAIL.match(rest)
    if not match or re.search(r",\s*(?:Vol(?:ume)?\.?\s*)?\d", match.group("c")):
        return {**out, **_split_journal(rest)}
    container, volume, issue = match.group("c").strip(" .,"), match.group("v"), match.group("i")
    if (issue and not volume and not re.fullmatch(r"[A-Za-z]{0,5}\.?\s?\d[\w./-]*|Suppl\.?\s*\w*", issue)) \
            or (issue and not volume and re.fullmatch(r"(?:1[89]|20)\d{2}", issue)):
        # "Addiction (Abingdon, England)", "AIDS (1999)": part of the journal's name, not an issue
        container, issue = f"{container} ({issue})", None
    if container and container.upper() != "UNSPECIFIED" and not container.startswith("["):
        out["container-title"] = container
    if volume:
        out["volume"] = volume
    if issue:
        out["issue"] = issue.strip()
    if match.group("p"):
        page, found = locator(match.group("p"), explicit_page=bool(match.group("pp")))
        if page:
            out["page"] = page
        elif found and "number" not in out:
            out["number"] = found
    return out


def _split_journal(rest: str) -> dict[str, str]:
    """`Journal of X, 12(3), pp. 45-67.`: the journal up to the first `, <number>`, then volume,
    issue and locator as a journal reference reads them."""
    match = re.match(r"^(?P<c>.+?),\s*(?P<r>(?:Vol(?:ume)?\.?\s*)?\d.*)$", rest.strip(" ."))
    if not match:
        return {}
    container = match.group("c").strip(" .,")
    if not container or container.upper() == "UNSPECIFIED" or container.startswith("["):
        return {}
    return {"container-title": container, **_volume_issue_locator(match.group("r"), None)}


def parse_in(body: str, csl_type: str) -> dict[str, Any]:
    """What follows `In:` — the book or proceedings (and its editors, publisher, place, pages),
    or for a conference item printed without pages the event (title, date, place)."""
    out: dict[str, Any] = {}
    text = re.sub(r"\.?\s*ISBN.*$", "", body, flags=re.IGNORECASE).strip()
    eds = re.match(r"^(?P<e>.+?),?\s*\((?:eds?|editors?)\.?\)\s*(?P<r>.+)$", text, re.IGNORECASE)
    if eds:
        text = eds.group("r")
    chicago = re.match(r"^(?P<c>.+?),\s*ed(?:ited)?\.?\s+by\s+(?P<e>.+?),\s*(?P<p>\d[\d\s–-]*\d)\.\s*(?P<t>.*)$", text)
    if chicago:  # "Book, ed. by A. Smith & B. Jones, 1535-48. Place: Publisher."
        out["container-title"] = chicago.group("c").strip()
        out["page"] = locator(chicago.group("p"), explicit_page=True)[0]
        place, _, publisher = chicago.group("t").rstrip(".)").partition(":")
        if publisher.strip():
            out["publisher-place"], out["publisher"] = place.strip(), publisher.strip()
        return out
    pages = _PAGES.search(text)
    if pages:
        out["page"] = locator(pages.group(1), explicit_page=True)[0]
        text = (text[: pages.start()] + text[pages.end():]).strip(" ,.")
    text = text.strip(" .")
    if csl_type == "paper-conference" and not pages:
        return {**out, **_event(text)}
    head, sep, tail = text.rpartition(". ")
    if not sep:
        out["container-title"] = text
        return out
    out["container-title"] = head.strip()
    publisher, _, place = tail.partition(",")
    if publisher.strip() and publisher.strip().upper() != "UNSPECIFIED":
        out["publisher"] = publisher.strip()
    if place.strip() and place.strip().upper() != "UNSPECIFIED":
        out["publisher-place"] = place.strip()
    return out


def _event(text: str) -> dict[str, Any]:
    """`Event title, 26-29 September 2013, Rhodes, Greece` → event-title, event-date, event-place."""
    parts = [p.strip() for p in text.split(",")]
    for i, part in enumerate(parts):
        if i and _EVENT_DATE.match(part):
            out: dict[str, Any] = {"event-title": ", ".join(parts[:i])}
            date = event_date(part)
            if date:
                out["event-date"] = date
            if parts[i + 1:]:
                out["event-place"] = ", ".join(parts[i + 1:])
            return out
    return {"event-title": text} if text else {}


def event_date(text: str) -> dict[str, Any] | str | None:
    """`26-29 September 2013` → CSL date-parts for the range; `September 2013` → `2013-09`."""
    low = text.lower()
    year = re.search(r"\b(\d{4})\b", low)
    if not year:
        return None
    months = [i + 1 for i, m in enumerate(_MONTHS) for found in re.findall(r"[a-z]+", low)
              if len(found) >= 3 and m.startswith(found)]
    days = [int(d) for d in re.findall(r"\b(\d{1,2})\b", low)]
    y = int(year.group(1))
    if not months:
        return str(y)
    first_month = months[0]
    last_month = months[-1]
    if not days:
        return f"{y}-{first_month:02d}"
    start = [y, first_month, days[0]]
    end = [y, last_month, days[-1]]
    if start == end:
        return f"{y}-{first_month:02d}-{days[0]:02d}"
    return {"date-parts": [start, end]}


def parse_journal_reference(citation: str, authors: list[dict[str, str]], doi: str | None) -> dict[str, Any]:
    """`Journal YEAR, VOL(ISSUE), PAGES. doi: …` and its variants → container, volume, issue,
    page or number (empty when the string is not shaped like one)."""
    flat = flatten(citation)
    out: dict[str, Any] = {}
    found_doi = identifiers(flat).get("DOI")
    if found_doi:
        out["DOI"] = found_doi
    text = re.sub(r"[.,;]?\s*(?:doi|DOI)\s*:?\s*10\.\S+.*$", "", flat)
    text = re.sub(r"[.,;]?\s*https?://\S+.*$", "", text).strip(" .,")
    first = authors[0] if authors else {}
    family = first.get("family") or ""
    if family and text.lower().startswith(family.lower()):  # "Gee et al. Bone (2015) 81: 60-66"
        if re.match(r"\s*,", text[len(family):]):
            return out  # "Wu, T. Yao-Tsu and …": a citation of the item whose title we could not find
        text = re.sub(rf"^{re.escape(family)}(?:\s+et\s+al)?[.,]?\s+", "", text, flags=re.IGNORECASE)
    match = re.match(r"^(?P<c>[^\d\"“]+?)[\s,.(]*(?=(?:19|20)\d{2}\b|\d+\s*[(:,]|Vol\b|$)(?P<r>.*)$", text)
    if not match:
        return out
    container = match.group("c").strip(" ,.(")
    if not 2 <= len(container) <= 200 or container.lower().startswith(("in ", "in:")) or ";" in container:
        return out  # "Y; de Souza, RC;": a list of names, not a journal
    out["container-title"] = container
    out.update(_volume_issue_locator(match.group("r"), doi or found_doi))
    return out


def _volume_issue_locator(rest: str, doi: str | None) -> dict[str, str]:
    """`2015, 6(7756)`, `(2015) Vol. 193, pp.166-171`, `6:523`, `2015,17, 18273-18277`."""
    out: dict[str, str] = {}
    text = re.sub(r"^\(?\s*(?:19|20)\d{2}\s*\)?\s*[.,]?\s*", "", rest.strip())
    explicit = _PAGES.search(text)
    if explicit:
        out["page"] = locator(explicit.group(1), explicit_page=True)[0] or ""
        text = text[: explicit.start()]
    volume = re.match(r"^(?:Vol(?:ume)?\.?\s*)?(?P<v>\d+(?:\s*[-–]\s*\d+)?)\s*(?:\((?P<i>[^)]+)\))?\s*(?P<r>.*)$",
                      text.strip(" ,.:"), re.IGNORECASE)
    if not volume:
        return {k: v for k, v in out.items() if v}
    out["volume"] = re.sub(r"\s*[-–]\s*", "-", volume.group("v"))
    issue = volume.group("i")
    if issue:
        # "5(e593)", or the DOI ends with it ("5(11645)", srep11645): an article number, not an issue
        article = re.fullmatch(r"[A-Za-z]+\d+", issue.strip()) or (
            doi and len(issue.strip()) >= 3 and re.search(rf"(?<![0-9]){re.escape(issue.strip())}$", doi))
        out["number" if article else "issue"] = issue.strip()
    number = re.match(r"^(?:No\.?\s*(?P<n>\w+))?[\s,.:]*(?P<l>[A-Za-z]{0,6}\d+[A-Za-z]?(?:\s*[-–?]\s*[A-Za-z]{0,2}\d+)?)?",
                      volume.group("r").strip(" ,.:"))
    if number and number.group("n") and "issue" not in out:
        out["issue"] = number.group("n")
    if number and number.group("l") and "page" not in out:
        page, article_no = locator(number.group("l"))
        if page:
            out["page"] = page
        elif article_no and "number" not in out:
            out["number"] = article_no
    return {k: v for k, v in out.items() if v}


def looks_like_conference(container: str) -> bool:
    return bool(_EVENT_WORDS.search(container))
