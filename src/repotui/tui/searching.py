"""Searching the index for a screen: the query, the sort order and the answer on screen.

A search runs in a thread worker on the host screen and comes back as `SearchDone`: a large answer
twice, its first page (shown at once) and then all of it (counted and ordered in the same worker).
A new query cancels the search before it (the index stops it at its next check, SQLite included),
and a generation counter drops whatever an old search still sent. Facet counts for the current
answer come back the same way, as `FacetsCounted`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

from textual.widget import Widget
from textual.worker import get_current_worker

from repotui.adapters.state import State
from repotui.core.index import Library, SearchCancelled, SearchResult
from repotui.core.sorting import DEFAULT_SORT, SortField, parse_sort
from repotui.tui.messages import FacetsCounted, SearchDone, SearchFailed

#: Seconds from an arbitrary start; measures how long a search took (tests inject a fake one).
Clock = Callable[[], float]
#: The worker waits at most this long for a first page to be on screen before it goes on.
PAINT_WAIT = 0.25


class Searching:
    """Owned by a screen (`host`), which hands back the `SearchDone` it receives to `accept`."""

    def __init__(self, host: Widget, state: State, clock: Clock = time.perf_counter) -> None:
        self.host = host
        self.state = state
        self.clock = clock
        """Times each search for the status line; a fake one keeps snapshots stable."""
        self.library: Library | None = None
        """The index (the app opens and closes it; the screen is handed it when it is ready)."""
        self.text = ""
        self.sort = parse_sort(state.get("sort")) or DEFAULT_SORT
        self.reverse = bool(state.get("reverse", False))
        self.result: SearchResult | None = None
        """The answer on screen (None until the first one arrives; `complete` False while only
        its first page is known)."""
        self.generation = 0
        self.shown = 0
        """The generation whose answer (its first page, or all of it) is on screen."""
        self.cursor_record: Callable[[], str | None] = lambda: None
        """The id of the record the list's cursor is on (the host sets it): when it is a hit beyond
        the first page, the list keeps the cursor on it, so the first page is not shown alone."""

    def run(self, text: str | None = None) -> None:
        """Search for `text` (the current query again when None) in the current order."""
        if text is not None:
            self.text = text
        self.generation += 1
        if self.library is not None:
            work = partial(self._search, self.library, self.text, self.sort, self.reverse, self.generation,
                           self.cursor_record())
            self.host.run_worker(work, thread=True, exclusive=True, group="search", exit_on_error=False,
                                 description="search")

    def _search(self, library: Library, text: str, sort: SortField, reverse: bool, generation: int,
                keep: str | None) -> None:
        """In a thread: the pure core, then a message per page (never a widget). Stops when the
        worker is cancelled (a newer search replaced it)."""
        worker = get_current_worker()
        started = self.clock()
        try:
            for result in library.search_pages(text, sort, reverse, cancel=lambda: worker.is_cancelled, keep=keep):
                elapsed_ms = (self.clock() - started) * 1000
                painted = None if result.complete else threading.Event()
                self.host.post_message(SearchDone(replace(result, elapsed_ms=elapsed_ms), generation, painted))
                if painted is not None:
                    self._wait_for(painted, lambda: worker.is_cancelled)
        except SearchCancelled:
            return
        except BaseException:
            self.host.post_message(SearchFailed(generation))  # the worker reports the error itself
            raise

    @staticmethod
    def _wait_for(painted: threading.Event, cancelled: Callable[[], bool]) -> None:
        """Until the first page is on screen, the search is cancelled, or `PAINT_WAIT` passed."""
        deadline = time.monotonic() + PAINT_WAIT
        while not painted.wait(0.01) and not cancelled() and time.monotonic() < deadline:
            pass

    def accept(self, message: SearchDone) -> bool:
        """Take a finished search as the answer on screen; False when it answers an old query."""
        if message.generation != self.generation or self.library is None:
            return False
        self.result = message.result
        self.shown = message.generation
        return True

    @property
    def waiting(self) -> bool:
        """A search is running whose answer is not on screen yet: the list still shows an older
        answer, and a key that acts on the highlighted record must wait for the new one."""
        return self.library is not None and self.shown != self.generation

    def failed(self, generation: int) -> None:
        """The search of `generation` ended without an answer (an error in the worker): nothing
        is coming, so nothing waits for it."""
        if generation == self.generation:
            self.shown = generation

    def set_sort(self, field: SortField, reverse: bool) -> None:
        """Reorder, and remember the choice across runs."""
        self.sort, self.reverse = field, reverse
        self.state.set("sort", field.value)
        self.state.set("reverse", reverse)
        self.run()

    def count_facets(self) -> None:
        """Count facets for the answer on screen, in a thread (a result can hold 100,000 ids);
        for a first page, once the whole answer is in."""
        if self.library is not None and self.result is not None and self.result.complete:
            work = partial(self._count_facets, self.library, self.result.ids, self.generation)
            self.host.run_worker(work, thread=True, exclusive=True, group="facets", exit_on_error=False,
                                 description="facets")

    def _count_facets(self, library: Library, ids: Sequence[str], generation: int) -> None:
        self.host.post_message(FacetsCounted(library.facets(ids), generation))
