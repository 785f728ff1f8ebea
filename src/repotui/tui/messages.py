"""Messages that workers send to the app (payloads are plain values, never widgets)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from repotui.adapters.opener import OpenResult
from repotui.core.index import Library, SearchResult, UpdateStats


@dataclass
class IndexProgress(Message):
    """Files parsed so far during an index build; a burst collapses to the latest."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


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


@dataclass
class SearchDone(Message):
    """A search finished; `generation` lets the app drop answers to stale queries."""

    result: SearchResult
    generation: int


@dataclass
class DownloadProgress(Message):
    """Bytes downloaded so far; a burst collapses to the latest."""

    done: int
    total: int | None
    rate: float

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DownloadProgress)


@dataclass
class OpenDone(Message):
    """Opening (after any download) finished, failed or was cancelled."""

    result: OpenResult
    record_id: str
