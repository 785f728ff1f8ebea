"""Messages that thread workers send back to the UI thread (payloads are plain values, never widgets).

Only the UI thread touches widgets, so a worker answers with one of these and a handler on the UI
thread puts the answer on screen. The index loader posts to the app; the browser's collaborators
(searching, opening, citing) post to the screen that owns them. Messages a widget sends are
nested in that widget instead (`RecordList.Highlighted`, `SearchBar.QueryChanged`, ...).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from repotui.core.citation.model import Citation
from repotui.core.facets import FacetValue
from repotui.core.index import Library, SearchResult, UpdateStats

if TYPE_CHECKING:  # annotations only: the clipboard and the opener load on first use
    from repotui.adapters.clipboard import CopyResult
    from repotui.adapters.opener import OpenResult


class ProgressReport(Message):
    """A progress report: one still waiting in the queue is replaced by a newer one of the same
    kind, so a burst of reports costs one repaint."""

    def can_replace(self, message: Message) -> bool:
        return type(message) is type(self)


# -- the index (to the app) -------------------------------------------------------------------


@dataclass
class IndexProgress(ProgressReport):
    """Files parsed so far during an index build."""

    done: int
    total: int
    library: Library
    version: int
    """`library.version` when sent: a new one means more records are searchable."""


@dataclass
class LibraryReady(Message):
    """The index is open and up to date (first open or a reload)."""

    library: Library
    stats: UpdateStats
    reload: bool = False
    """True when this follows a look at the folder (start-up catch-up or `r`)."""


@dataclass
class LibraryFailed(Message):
    """Opening the index failed in a way a rebuild did not fix."""

    reason: str


# -- searching (to the screen) ----------------------------------------------------------------


@dataclass
class SearchDone(Message):
    """A search finished (or its first page is ready); `generation` lets the screen drop answers
    to stale queries."""

    result: SearchResult
    generation: int
    painted: threading.Event | None = None
    """Set by the screen once a first page is on screen: only then does the worker go on to
    order and count the rest (which would hold the interpreter while the frame is drawn)."""


@dataclass
class SearchFailed(Message):
    """Search `generation` ended with an error and no answer: keys waiting for it go on."""

    generation: int


@dataclass
class FacetsCounted(Message):
    """Facet counts for the results of search `generation`."""

    facets: dict[str, list[FacetValue]]
    generation: int


# -- opening files (to the screen) ------------------------------------------------------------


@dataclass
class DownloadProgress(ProgressReport):
    """Bytes downloaded so far."""

    done: int
    total: int | None
    rate: float


@dataclass
class OpenDone(Message):
    """Opening (after any download) finished, failed or was cancelled."""

    result: OpenResult
    record_id: str


# -- citing (to the screen) -------------------------------------------------------------------


@dataclass
class CitationReady(Message):
    """A citation for the detail pane was rendered."""

    citation: Citation


@dataclass
class CopyDone(Message):
    """A copy finished; `what` names it for the toast ("APA citation", "BibTeX for 2 records")."""

    result: CopyResult
    what: str
