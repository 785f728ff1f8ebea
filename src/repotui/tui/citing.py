"""Citation keys of the app: `c` copies a citation (or a bibliography of the marked records),
`b` copies BibTeX, `s` picks the style, `space` marks; the detail pane shows the citation.

Rendering runs pandoc in a worker process, so every render and every clipboard write happens in a
thread worker; answers come back as messages. Kept apart from app.py so each file stays small.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual import work
from textual.message import Message

from repotui.adapters.clipboard import CopyResult, copy
from repotui.adapters.exporters import to_bibtex
from repotui.adapters.pandoc import make_citer
from repotui.adapters.state import State
from repotui.core.citation.citer import Citer, plain_bibliography
from repotui.core.citation.model import Citation, CitationError
from repotui.core.citation.styles import HOUSE, StyleInfo, resolve_style
from repotui.core.model import Record
from repotui.tui.screens.copy_fallback import CopyFallback
from repotui.tui.screens.style_picker import StylePicker
from repotui.tui.widgets.record_detail import RecordDetail
from repotui.tui.widgets.record_list import RecordList

#: The cursor must rest this long before the detail pane's citation is rendered.
CITATION_DELAY = 0.15
#: How many styles the picker remembers as "most used".
USAGE_KEEP = 12


@dataclass
class CitationReady(Message):
    """A citation for the detail pane was rendered."""

    citation: Citation


@dataclass
class CopyDone(Message):
    """A copy finished; `what` names it for the toast ("APA citation", "BibTeX")."""

    result: CopyResult
    what: str


def style_label(name: str, title: str) -> str:
    """`APA`, `IEEE`, `house-style`, else the style's title: the word used in toasts."""
    if name == HOUSE:
        return "house-style"
    if len(name) <= 5:
        return name.upper()
    return title.split(" (")[0][:40] or name


class CitingMixin:
    """Mixed into RepoApp; uses its `state`, `settings`, `notify`, `push_screen`, `query_one`."""

    state: State
    citer_factory: Callable[[], Citer]
    _citer: Citer | None
    _citer_lock: threading.Lock
    style_name: str
    _style_label: str

    def init_citing(self, citer_factory: Callable[[], Citer] | None) -> None:
        self.citer_factory = citer_factory or make_citer
        self._citer = None
        self._citer_lock = threading.Lock()
        wanted = self.state.get("style") or self.settings.style  # type: ignore[attr-defined]
        try:
            info = resolve_style(str(wanted))
        except (CitationError, OSError):
            info = resolve_style(HOUSE)
        self._use_style(info)

    def _use_style(self, info: StyleInfo) -> None:
        """The label is worked out once here: it is shown on every cursor move and status update."""
        self.style_name = info.name
        self._style_label = style_label(info.name, info.title)

    @property
    def locale(self) -> str:
        return self.settings.locale  # type: ignore[attr-defined]

    def citer(self) -> Citer:
        """Started on first use, from a worker thread (starting pandoc takes ~50 ms)."""
        with self._citer_lock:
            if self._citer is None:
                self._citer = self.citer_factory()
            return self._citer

    def close_citer(self) -> None:
        with self._citer_lock:
            if self._citer is not None:
                engine = getattr(self._citer, "engine", None)
                if engine is not None and hasattr(engine, "close"):
                    engine.close()
                self._citer = None

    def style_title(self) -> str:
        return self._style_label

    # -- the detail pane's citation ---------------------------------------------------------

    def show_cached_citation(self, record: Record) -> bool:
        """Put an already rendered citation in the detail pane; False when there is none yet."""
        hit = self._citer.cached(record, self.style_name, self.locale) if self._citer is not None else None
        if hit is not None:
            self.query_one(RecordDetail).set_citation(hit, self.style_title())  # type: ignore[attr-defined]
        return hit is not None

    def schedule_citation(self, record: Record | None) -> None:
        """Show a cached citation now; render a new one only once the cursor rests (scrolling
        through a list must not start a pandoc run per row)."""
        timer = getattr(self, "_citation_timer", None)
        if timer is not None:
            timer.stop()
        if record is not None and not self.show_cached_citation(record):
            self._citation_timer = self.set_timer(  # type: ignore[attr-defined]
                CITATION_DELAY, lambda: self.preview_citation(record))

    def preview_citation(self, record: Record | None) -> None:
        """Show the cached citation at once, else render it in a worker."""
        if record is not None and not self.show_cached_citation(record):
            self.citation_worker(record, self.style_name, self.locale)

    @work(thread=True, exclusive=True, group="cite-preview", exit_on_error=False, description="citation")
    def citation_worker(self, record: Record, style: str, locale: str) -> None:
        try:
            citation = self.citer().render(record, style, locale)
        except CitationError:
            return  # the pane simply shows no citation; `c` reports the error
        self.post_message(CitationReady(citation))  # type: ignore[attr-defined]

    def on_citation_ready(self, message: CitationReady) -> None:
        """(Named, not @on-decorated: Textual collects @on handlers only from the app class itself.)"""
        found = self.query(RecordDetail)  # type: ignore[attr-defined]
        if not found:
            return  # the app is closing
        detail = found.first()
        record = detail.record
        if record is not None and record.id == message.citation.record_id and message.citation.style == self.style_name:
            detail.set_citation(message.citation, self.style_title())

    # -- marks ------------------------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        record_list = self.query_one(RecordList)  # type: ignore[attr-defined]
        record_list.toggle_mark()
        record_list.action_cursor_down()
        self.update_status()  # type: ignore[attr-defined]

    def marked_or_current(self) -> list[Record]:
        record_list = self.query_one(RecordList)  # type: ignore[attr-defined]
        if record_list.marked:
            library = self.library  # type: ignore[attr-defined]
            return library.get_many(record_list.marked_ids_in_order) if library else []
        current = record_list.highlighted
        return [current] if current is not None else []

    # -- copying ----------------------------------------------------------------------------

    def action_copy_citation(self) -> None:
        records = self.marked_or_current()
        if records:
            self.copy_worker(records, "citation", self.style_name, self.locale, self.style_title())

    def action_copy_bibtex(self) -> None:
        records = self.marked_or_current()
        if records:
            self.copy_worker(records, "bibtex", self.style_name, self.locale, "BibTeX")

    @work(thread=True, group="copy", exit_on_error=False, description="copy")
    def copy_worker(self, records: Sequence[Record], kind: str, style: str, locale: str, label: str) -> None:
        try:
            if kind == "bibtex":
                text, what = to_bibtex(records), f"BibTeX for {_count(records)}"
            elif len(records) == 1:
                text, what = self.citer().render(records[0], style, locale).text, f"{label} citation"
            else:
                text = plain_bibliography(self.citer().bibliography(records, style, locale))
                what = f"{label} bibliography of {_count(records)}"
        except CitationError as exc:
            self.call_from_thread(self.notify, str(exc), title="Citation", severity="error",  # type: ignore[attr-defined]
                                  markup=False)
            return

        def osc52(clean: str) -> None:
            self.call_from_thread(self.copy_to_clipboard, clean)  # type: ignore[attr-defined]

        self.post_message(CopyDone(copy(text, osc52=osc52), what))  # type: ignore[attr-defined]

    def on_copy_done(self, message: CopyDone) -> None:
        result = message.result
        self.notify(f"Copied {message.what} via {result.describe()}", markup=False)  # type: ignore[attr-defined]
        if not result.confirmed:
            why = ("No clipboard could confirm the copy (no display, or a terminal that ignores OSC 52). "
                   "Select the text below and copy it with your terminal.")
            self.push_screen(CopyFallback(result.text, why))  # type: ignore[attr-defined]

    # -- the style ----------------------------------------------------------------------------

    def action_pick_style(self) -> None:
        usage: dict[str, int] = self.state.get("style_usage") or {}
        most_used = sorted(usage, key=lambda n: -usage[n])[:USAGE_KEEP] if isinstance(usage, dict) else []

        def chosen(name: str | None) -> None:
            if name:
                self.set_style(name)

        self.push_screen(StylePicker(self.style_name, most_used), chosen)  # type: ignore[attr-defined]

    def set_style(self, name: str) -> None:
        """Use and remember a style; counts uses so the picker lists favourites first."""
        try:
            info = resolve_style(name)
        except CitationError as exc:
            self.notify(str(exc), title="Style", severity="error", markup=False)  # type: ignore[attr-defined]
            return
        self._use_style(info)
        usage = self.state.get("style_usage") or {}
        usage = dict(usage) if isinstance(usage, dict) else {}
        usage[info.name] = int(usage.get(info.name, 0)) + 1
        self.state.set("style_usage", usage)
        self.state.set("style", info.name)
        self.notify(f"Citation style: {info.title}", markup=False)  # type: ignore[attr-defined]
        self.preview_citation(self.query_one(RecordList).highlighted)  # type: ignore[attr-defined]


def _count(records: Sequence[Record]) -> str:
    return "1 record" if len(records) == 1 else f"{len(records)} records"
