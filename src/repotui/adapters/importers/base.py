"""What every importer shares: the result values and the small protocol a format implements.

An importer turns the bytes of one source (a file, or one OAI-PMH page fetched over HTTP) into
plain record mappings in the format of docs/records.md, plus the problems it met. It never
writes anything and never raises on bad data: a broken entry becomes an `ImportProblem` with
its location and the other entries are still returned. Writing is `writer.py`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


def location(source: str, line: int | None) -> str:
    """`source:line` (or just the source), the form editors and `repotui check` use."""
    return f"{source}:{line}" if line else source


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One thing wrong in a source, located as precisely as the format allows."""

    source: str
    message: str
    line: int | None = None
    item: str | None = None
    """The entry's own key (BibTeX key, OAI identifier) when the problem is about one entry."""

    def location(self) -> str:
        return location(self.source, self.line)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.item}: {self.message}" if self.item else f"{where}: {self.message}"


@dataclass(slots=True)
class ImportedRecord:
    """One record mapping read from a source, ready for validation and writing."""

    mapping: dict[str, Any]
    source: str
    line: int | None = None
    folder: str | None = None
    """Suggested subfolder (the repository's short name, e.g. `lshtm`) for the written file."""
    deleted: bool = False
    """An OAI-PMH header with status="deleted": the mapping holds only `id` and `repository`."""
    datestamp: str | None = None
    """The OAI datestamp, so a harvest can remember where it got to."""

    @property
    def id(self) -> str:
        return str(self.mapping.get("id", ""))


@dataclass(slots=True)
class ImportResult:
    """Everything one source yielded."""

    records: list[ImportedRecord] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    format: str = ""
    resumption_token: str | None = None
    """OAI-PMH only: the token for the next page (None when this was the last)."""
    complete_list_size: int | None = None
    """OAI-PMH only: the total the server announced, for a progress bar."""
    base_url: str | None = None
    """OAI-PMH only: the endpoint the page says it answered (`<request>`)."""
    oai_error: Exception | None = None
    """OAI-PMH only: the `<error>` the page holds (an `oai_pmh.OaiError`), if any."""

    def extend(self, other: ImportResult) -> None:
        self.records.extend(other.records)
        self.problems.extend(other.problems)


class Importer(Protocol):
    """One source format. `sniff` looks at the first bytes; `parse` never raises on bad data."""

    name: str
    """Short format name shown in summaries (`oai_dc`, `bibtex`, ...)."""

    def sniff(self, head: bytes) -> bool:
        """True when the first few kilobytes look like this format."""
        ...

    def parse(self, data: bytes, source: str) -> ImportResult:
        """All records and problems of one source; `source` names it in problems."""
        ...
