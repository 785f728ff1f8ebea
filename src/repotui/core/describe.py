"""The fields of a record in reading order, as (label, text) pairs.

One list serves the detail pane (which styles it) and `repotui show` (which prints it), so
both always show the same fields; a missing field is simply absent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from repotui.core.citation.csl import split_page_and_number
from repotui.core.files import human_size
from repotui.core.model import VERSION_NAMES, FileRef, PartialDate, Person, Record
from repotui.core.ref import Embargo, assess_all, files_embargoes
from repotui.core.text import display_path, host_of


def person_line(person: Person) -> str:
    if person.orcid:
        orcid = person.orcid.rsplit("/", 1)[-1]
        return f"{person.display()} (ORCID {orcid})"
    return person.display()


def publication_line(record: Record) -> str | None:
    """`Journal of Cybersecurity, vol. 8, no. 1, article tyac012`: where the item appeared (the
    publisher has its own row). An article number that arrived in `page` reads as one."""
    page, number = split_page_and_number(record.page, record.number)
    parts = []
    if record.container_title:
        parts.append(record.container_title)
    if record.volume:
        parts.append(f"vol. {record.volume}")
    if record.issue:
        parts.append(f"no. {record.issue}")
    if number:
        parts.append(f"article {number}" if record.type.startswith("article") else f"no. {number}")
    if page:
        parts.append(f"pp. {page}" if "-" in page or "–" in page else f"p. {page}")
    return ", ".join(parts) or None


def publisher_line(record: Record) -> str | None:
    """`Oxford: Oxford University Press`."""
    return ": ".join(p for p in (record.publisher_place, record.publisher) if p) or None


def url_row(record: Record) -> tuple[str, str | None]:
    """The URL's row: a publisher's page, a handle, or nothing when it repeats the DOI link or
    the repository's own page (a DSpace handle is not a publisher page)."""
    url = record.url
    if not url or url == record.doi_url or url.rstrip("/") == (record.repository.url or "").rstrip("/"):
        return "Publisher page", None
    host = host_of(url)
    if host in {"hdl.handle.net", "handle.net"} or "/handle/" in url:
        return "Handle", url
    if record.repository.url and host == host_of(record.repository.url):
        return "Repository page", url
    return "Publisher page", url


#: CSL name variables beyond authors and editors, with the label of their row.
NAME_ROWS = (("contributor", "Contributors"), ("translator", "Translators"), ("container-author", "Book authors"),
             ("collection-editor", "Series editors"), ("compiler", "Compilers"), ("chair", "Chairs"),
             ("curator", "Curators"), ("director", "Directors"), ("illustrator", "Illustrators"),
             ("interviewer", "Interviewers"), ("organizer", "Organizers"), ("original-author", "Original authors"),
             ("performer", "Performers"), ("producer", "Producers"), ("recipient", "Recipients"),
             ("reviewed-author", "Reviewed authors"), ("composer", "Composers"),
             ("editorial-director", "Editorial directors"))
#: CSL dates beyond `issued`, with the label of their row.
DATE_ROWS = (("available-date", "Made available"), ("submitted", "Submitted"), ("event-date", "Event date"),
             ("original-date", "Originally published"), ("accessed", "Accessed"))
#: CSL text variables no other row shows, with their labels (`note` is a paragraph).
TEXT_ROWS = (("collection-title", "Series"), ("collection-number", "Series number"), ("edition", "Edition"),
             ("number-of-pages", "Pages"), ("number-of-volumes", "Volumes"), ("status", "Publication status"),
             ("language", "Language"), ("original-title", "Original title"), ("medium", "Medium"),
             ("version", "Version"), ("section", "Section"), ("archive", "Archive"),
             ("archive_location", "Archive location"), ("call-number", "Call number"), ("PMID", "PMID"),
             ("PMCID", "PMCID"), ("source", "Source"))


#: Language codes records commonly carry (ISO 639-1), shown by name; any other code as written.
LANGUAGES = {"en": "English", "it": "Italian", "de": "German", "fr": "French", "es": "Spanish", "pt": "Portuguese",
             "nl": "Dutch", "el": "Greek", "la": "Latin", "cy": "Welsh", "ga": "Irish", "gd": "Scottish Gaelic",
             "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "pl": "Polish", "cs": "Czech",
             "ru": "Russian", "tr": "Turkish", "ar": "Arabic", "he": "Hebrew", "zh": "Chinese", "ja": "Japanese",
             "ko": "Korean", "hi": "Hindi"}


def language_name(code: str) -> str:
    """`en` → English, `en-GB` → English (en-GB); an unknown code as written."""
    name = LANGUAGES.get(code.split("-")[0].split("_")[0].lower())
    if name is None:
        return code
    return name if len(code) == 2 else f"{name} ({code})"


def csl_people(record: Record, key: str) -> list[str]:
    """The names of a CSL name variable as the detail pane lists them."""
    people = []
    for name in record.csl.get(key) or ():
        if not isinstance(name, dict):
            continue
        person = Person(family=name.get("family"), given=name.get("given"), literal=name.get("literal"),
                        suffix=name.get("suffix"), particle=name.get("non-dropping-particle"),
                        dropping_particle=name.get("dropping-particle"))
        shown = person.display()
        if shown:
            people.append(shown)
    return people


def csl_date_text(value: object) -> str | None:
    """A CSL date as the detail pane shows it: `13 October 2009`, `2019–2020`, `circa 1880`."""
    if not isinstance(value, dict):
        return None
    if value.get("literal"):
        return str(value["literal"])
    parts = value.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list) or not parts[0]:
        return None
    try:
        dates = [PartialDate(*[int(p) for p in part[:3]]) for part in parts[:2] if part]
    except (TypeError, ValueError):
        return None
    text = "–".join(d.display() for d in dates)
    return f"circa {text}" if value.get("circa") else text


def file_line(file: FileRef, cached: bool = False, embargo: Embargo | None = None) -> str:
    """`location` then, on a second line, `PDF · Version of Record · 363 KB · cached`, and
    `embargoed until 15 May 2027 (165 days)` while an embargo runs."""
    kind = "PDF" if file.is_pdf else file.format
    bits = [kind]
    if file.version:
        bits.append(VERSION_NAMES.get(file.version, file.version))
    if file.size:
        bits.append(human_size(file.size))
    if file.label:
        bits.append(file.label)
    if file.withdrawn:
        bits.append("withdrawn")
    if cached:
        bits.append("cached")
    if embargo is not None:
        bits.append(embargo.text())
    return f"{file.location}\n" + " · ".join(bits)


def status_line(record: Record) -> str | None:
    bits = []
    if record.status.peer_reviewed is not None:
        bits.append("Peer-reviewed" if record.status.peer_reviewed else "Not peer-reviewed")
    if record.status.full_text:
        bits.append(f"full text {record.status.full_text}")
    if record.status.version:
        name = VERSION_NAMES.get(record.status.version)
        bits.append(f"{name} ({record.status.version})" if name else record.status.version)
    return " · ".join(bits) or None


def licence_line(record: Record) -> str | None:
    lic = record.licence
    if lic is None:
        return None
    short = lic.short
    name = lic.name or short
    text = f"{short} — {name}" if short and name and short != name else (name or short)
    return "\n".join(p for p in (text, lic.url) if p) or None


def repository_line(record: Record) -> str | None:
    """The repository's name and, on a second line, its page for this record."""
    repo = record.repository
    if repo.url:
        return f"{repo.name or 'Repository'}\n{repo.url}"
    return repo.name or None


# -- REF open-access verdicts (issue 12): their own block, apart from the record's fields -------


def ref_rows(record: Record, as_of: dt.date) -> list[tuple[str, str]]:
    """`REF 2021` / `REF 2029` rows: the verdict and the one sentence that decided it
    (`compliant: deposited 2022-09-20, 27 days after acceptance on 2022-08-24; …`)."""
    return [(policy.label, f"{result.verdict.label}: {result.reason}")
            for policy, result in assess_all(record, as_of).items()]

# -- end of the REF block


def issued_label(record: Record) -> str:
    """"Year" for a bare year; "Date published" when the month (or day) is known too."""
    return "Date published" if record.issued is not None and record.issued.month else "Year"


def _present(*rows: tuple[str, str | None]) -> list[tuple[str, str]]:
    """The rows that have a value, in order (a missing field is simply absent)."""
    return [(label, value) for label, value in rows if value]


def _listed(label: str, lines: Sequence[str]) -> list[tuple[str, str]]:
    """One row per line; the label on the first (an empty label continues it)."""
    return [(label if i == 0 else "", line) for i, line in enumerate(lines)]


def _text_field(record: Record, key: str) -> str | None:
    value = record.csl.get(key)
    if not isinstance(value, str) or not value:
        return None
    return language_name(value) if key == "language" else value


def describe_record(record: Record, cached: Sequence[bool] | None = None,
                    as_of: dt.date | None = None) -> list[tuple[str, str]]:
    """The detail pane's content as plain (label, text) pairs; label "" continues the previous label.

    `cached[i]` says whether file i is in the download cache (the caller asks the adapter).
    `as_of` is the day REF verdicts and embargoes are judged for (today when None).
    """
    as_of = as_of or dt.date.today()
    embargoes = files_embargoes(record, as_of)
    rows: list[tuple[str, str]] = [("", record.title)]
    rows += _listed("Authors", [person_line(p) for p in record.authors])
    rows += _listed("Editors", [person_line(p) for p in record.editors])
    for key, label in NAME_ROWS:
        rows += _listed(label, csl_people(record, key))
    rows.append(("Item type", record.type_name + (f" ({record.genre})" if record.genre else "")))
    event = ", ".join(p for p in (record.event_title, record.csl.get("event-place")) if p)
    rows += _present(
        ("Published in", publication_line(record)),
        ("Publisher", publisher_line(record)),
        ("Event", event or None),
        (issued_label(record), record.issued.display() if record.issued else None),
        ("DOI", (record.doi_url or record.doi) if record.doi else None),
        url_row(record),
        ("Repository", repository_line(record)),
        ("Licence", licence_line(record)),
    )
    rows += [(kind.label, date.display()) for kind, date in record.dates]
    rows += _present(*((label, csl_date_text(record.csl.get(key))) for key, label in DATE_ROWS))
    rows += _present(
        ("Status", status_line(record)),
        ("ISSN", record.issn),
        ("ISBN", record.isbn),
    )
    rows += _present(*((label, _text_field(record, key)) for key, label in TEXT_ROWS))
    rows += ref_rows(record, as_of)
    if record.keywords:
        rows.append(("Keywords", "; ".join(record.keywords)))
    rows += _listed("Files", [file_line(file, bool(cached and i < len(cached) and cached[i]), embargoes[i])
                              for i, file in enumerate(record.files)])
    rows += _present(
        ("Publisher statement", record.publisher_statement),
        ("Abstract", record.abstract),
        ("Notes", record.csl.get("note") if isinstance(record.csl.get("note"), str) else None),
        ("Repository citation", record.house_citation),
    )
    rows += record.extra
    rows.append(("Record file", display_path(record.path)))
    return rows
