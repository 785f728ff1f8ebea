"""The fields of a record in reading order, as (label, text) pairs.

One list serves the detail pane (which styles it) and `repotui show` (which prints it), so
both always show the same fields; a missing field is simply absent.
"""

from __future__ import annotations

from collections.abc import Sequence

from repotui.core.files import human_size
from repotui.core.model import VERSION_NAMES, FileRef, Person, Record
from repotui.core.text import display_path


def person_line(person: Person) -> str:
    if person.orcid:
        orcid = person.orcid.rsplit("/", 1)[-1]
        return f"{person.display()} (ORCID {orcid})"
    return person.display()


def publication_line(record: Record) -> str | None:
    """`Journal of Cybersecurity, vol. 8, no. 1, article tyac012 · Oxford University Press`."""
    parts = []
    if record.container_title:
        parts.append(record.container_title)
    if record.volume:
        parts.append(f"vol. {record.volume}")
    if record.issue:
        parts.append(f"no. {record.issue}")
    if record.number:
        parts.append(f"article {record.number}" if record.type.startswith("article") else f"no. {record.number}")
    if record.page:
        parts.append(f"pp. {record.page}" if "-" in record.page or "–" in record.page else f"p. {record.page}")
    text = ", ".join(parts)
    place = ": ".join(p for p in (record.publisher_place, record.publisher) if p)
    if place:
        text = f"{text} · {place}" if text else place
    return text or None


def file_line(file: FileRef, cached: bool = False) -> str:
    """`location` then, on a second line, `PDF · Version of Record · 363 KB · cached`."""
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


def issued_label(record: Record) -> str:
    """"Year" for a bare year; "Date published" when the month (or day) is known too."""
    return "Date published" if record.issued is not None and record.issued.month else "Year"


def _present(*rows: tuple[str, str | None]) -> list[tuple[str, str]]:
    """The rows that have a value, in order (a missing field is simply absent)."""
    return [(label, value) for label, value in rows if value]


def _listed(label: str, lines: Sequence[str]) -> list[tuple[str, str]]:
    """One row per line; the label on the first (an empty label continues it)."""
    return [(label if i == 0 else "", line) for i, line in enumerate(lines)]


def describe_record(record: Record, cached: Sequence[bool] | None = None) -> list[tuple[str, str]]:
    """The detail pane's content as plain (label, text) pairs; label "" continues the previous label.

    `cached[i]` says whether file i is in the download cache (the caller asks the adapter).
    """
    rows: list[tuple[str, str]] = [("", record.title)]
    rows += _listed("Authors", [person_line(p) for p in record.authors])
    rows += _listed("Editors", [person_line(p) for p in record.editors])
    rows.append(("Item type", record.type_name + (f" ({record.genre})" if record.genre else "")))
    rows += _present(
        ("Published in", publication_line(record)),
        ("Event", record.event_title),
        (issued_label(record), record.issued.display() if record.issued else None),
        ("DOI", (record.doi_url or record.doi) if record.doi else None),
        ("Publisher page", record.url if record.url != record.doi_url else None),
        ("Repository", repository_line(record)),
        ("Licence", licence_line(record)),
    )
    rows += [(kind.label, date.display()) for kind, date in record.dates]
    rows += _present(
        ("Status", status_line(record)),
        ("ISSN", record.issn),
        ("ISBN", record.isbn),
    )
    if record.keywords:
        rows.append(("Keywords", "; ".join(record.keywords)))
    rows += _listed("Files", [file_line(file, bool(cached and i < len(cached) and cached[i]))
                              for i, file in enumerate(record.files)])
    rows += _present(
        ("Publisher statement", record.publisher_statement),
        ("Abstract", record.abstract),
        ("Repository citation", record.house_citation),
    )
    rows += record.extra
    rows.append(("Record file", display_path(record.path)))
    return rows
