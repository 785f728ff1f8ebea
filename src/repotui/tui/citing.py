"""Citations for a screen: the detail pane's citation, `c` (a citation, or a bibliography of the
marked records), `b` (BibTeX) and the citation style `s` picks.

Rendering runs pandoc in a worker process (started on first use), so every render and every
clipboard write happens in a thread worker; answers come back to the screen as `CitationReady` and
`CopyDone`, and the screen hands them back here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import partial

from textual.app import App
from textual.timer import Timer
from textual.widget import Widget

from repotui.adapters.clipboard import copy
from repotui.adapters.config import Settings
from repotui.adapters.exporters import to_bibtex
from repotui.adapters.pandoc import make_citer
from repotui.adapters.state import State
from repotui.adapters.style_index import load_style_catalog
from repotui.core.citation.citer import Citer, plain_bibliography
from repotui.core.citation.model import Citation, CitationError
from repotui.core.citation.styles import HOUSE, StyleInfo, resolve_style
from repotui.core.model import Record
from repotui.tui.messages import CitationReady, CopyDone
from repotui.tui.screens.copy_fallback import CopyFallback
from repotui.tui.screens.style_picker import StylePicker
from repotui.tui.widgets.record_detail import RecordDetail

#: The cursor must rest this long before the detail pane's citation is rendered.
CITATION_DELAY = 0.15
#: How many recently chosen styles the picker lists after the common ones.
RECENT_KEEP = 8


def style_label(name: str, title: str) -> str:
    """`APA`, `IEEE`, `house-style`, else the style's title: the word used in toasts."""
    if name == HOUSE:
        return "house-style"
    if len(name) <= 5:
        return name.upper()
    return title.split(" (")[0][:40] or name


def _count(records: Sequence[Record]) -> str:
    return "1 record" if len(records) == 1 else f"{len(records)} records"


class Citing:
    """Owned by a screen (`host`); holds the citer and the chosen style, and fills `detail`."""

    def __init__(self, host: Widget, detail: RecordDetail, state: State, settings: Settings,
                 citer_factory: Callable[[], Citer] | None = None) -> None:
        self.host = host
        self.detail = detail
        self.state = state
        self.locale = settings.locale
        self.citer_factory = citer_factory or make_citer
        self._citer: Citer | None = None
        self._citer_lock = threading.Lock()
        self._timer: Timer | None = None
        wanted = state.get("style") or settings.style
        try:
            info = resolve_style(str(wanted))
        except (CitationError, OSError):
            info = resolve_style(HOUSE)
        self.style_name = ""
        self.style_label = ""
        """The style's short name for toasts and the status line ("APA", "house-style")."""
        self._use_style(info)

    def _use_style(self, info: StyleInfo) -> None:
        """The label is worked out once here: it is shown on every cursor move and status update."""
        self.style_name = info.name
        self.style_label = style_label(info.name, info.title)

    # -- the citer ----------------------------------------------------------------------------

    def citer(self) -> Citer:
        """Started on first use, from a worker thread (starting pandoc takes ~50 ms)."""
        with self._citer_lock:
            if self._citer is None:
                self._citer = self.citer_factory()
            return self._citer

    def close(self) -> None:
        with self._citer_lock:
            if self._citer is not None:
                engine = getattr(self._citer, "engine", None)
                if engine is not None and hasattr(engine, "close"):
                    engine.close()
                self._citer = None

    # -- the detail pane's citation -----------------------------------------------------------

    def preview_later(self, record: Record | None) -> None:
        """Show a cached citation now; render a new one only once the cursor rests (scrolling
        through a list must not start a pandoc run per row)."""
        if self._timer is not None:
            self._timer.stop()
        if record is not None and not self._show_cached(record):
            self._timer = self.host.set_timer(CITATION_DELAY, partial(self.preview, record))

    def preview(self, record: Record | None) -> None:
        """Show the cached citation at once, else render it in a worker."""
        if record is not None and not self._show_cached(record):
            work = partial(self._render, record, self.style_name, self.locale)
            self.host.run_worker(work, thread=True, exclusive=True, group="cite-preview", exit_on_error=False,
                                 description="citation")

    def _show_cached(self, record: Record) -> bool:
        """Put an already rendered citation in the detail pane; False when there is none yet."""
        hit = self._citer.cached(record, self.style_name, self.locale) if self._citer is not None else None
        if hit is not None:
            self.detail.set_citation(hit, self.style_label)
        return hit is not None

    def _render(self, record: Record, style: str, locale: str) -> None:
        """In a thread: render, then a message (never a widget)."""
        try:
            citation = self.citer().render(record, style, locale)
        except CitationError:
            return  # the pane simply shows no citation; `c` reports the error
        self.host.post_message(CitationReady(citation))

    def show(self, citation: Citation) -> None:
        """A rendered citation, if it is still for the record shown and the style chosen."""
        record = self.detail.record
        if (self.detail.is_attached and record is not None and record.id == citation.record_id
                and citation.style == self.style_name):
            self.detail.set_citation(citation, self.style_label)

    # -- copying ------------------------------------------------------------------------------

    def copy(self, records: Sequence[Record], bibtex: bool = False) -> None:
        """Copy the records' citation (a bibliography for several), or their BibTeX."""
        if records:
            label = "BibTeX" if bibtex else self.style_label
            work = partial(self._copy, self.host.app, records, bibtex, self.style_name, self.locale, label)
            self.host.run_worker(work, thread=True, group="copy", exit_on_error=False, description="copy")

    def _copy(self, app: App[object], records: Sequence[Record], bibtex: bool, style: str, locale: str,
              label: str) -> None:
        """In a thread: render, then copy by every way there is (native tools, OSC 52)."""
        try:
            if bibtex:
                text, what = to_bibtex(records), f"BibTeX for {_count(records)}"
            elif len(records) == 1:
                text, what = self.citer().render(records[0], style, locale).text, f"{label} citation"
            else:
                text = plain_bibliography(self.citer().bibliography(records, style, locale))
                what = f"{label} bibliography of {_count(records)}"
        except CitationError as exc:
            app.notify(str(exc), title="Citation", severity="error", markup=False)  # thread-safe
            return

        def osc52(clean: str) -> None:
            app.call_from_thread(app.copy_to_clipboard, clean)  # writes to the terminal: UI thread only

        self.host.post_message(CopyDone(copy(text, osc52=osc52), what))

    def copied(self, message: CopyDone) -> None:
        """Say how it was copied; when nothing could confirm it, show the text to copy by hand."""
        result = message.result
        self.host.notify(f"Copied {message.what} via {result.describe()}", markup=False)
        if not result.confirmed:
            why = ("No clipboard could confirm the copy (no display, or a terminal that ignores OSC 52). "
                   "Select the text below and copy it with your terminal.")
            self.host.app.push_screen(CopyFallback(result.text, why))

    # -- the style ----------------------------------------------------------------------------

    def recent_styles(self) -> list[str]:
        """The styles chosen lately, most recent first (older state files kept use counts instead)."""
        recent = self.state.get("style_recent")
        if isinstance(recent, list):
            return [str(name) for name in recent][:RECENT_KEEP]
        usage = self.state.get("style_usage")
        return sorted(usage, key=lambda n: -int(usage[n]))[:RECENT_KEEP] if isinstance(usage, dict) else []

    def warm_style_catalog(self) -> None:
        """Load the style catalogue's index in a thread, so `s` lists every style in its first frame."""
        self.host.run_worker(load_style_catalog, thread=True, group="style-catalogue", exit_on_error=False,
                             description="style catalogue")

    def style_picker(self) -> StylePicker:
        """The picker: house and the common styles, then the recent ones, then all others."""
        return StylePicker(self.style_name, self.recent_styles())

    def set_style(self, name: str) -> bool:
        """Use and remember a style (the picker lists it among the recent ones)."""
        try:
            info = resolve_style(name)
        except CitationError as exc:
            self.host.notify(str(exc), title="Style", severity="error", markup=False)
            return False
        self._use_style(info)
        recent = [info.name, *(n for n in self.recent_styles() if n != info.name)][:RECENT_KEEP]
        self.state.set("style_recent", recent)
        self.state.set("style", info.name)
        self.host.notify(f"Citation style: {info.title}", markup=False)
        return True
