"""Citations for a screen: the detail pane's citation, `c` (a citation, or a bibliography of the
marked records), `C`/`N` (the in-text and narrative citation), `b` (BibTeX), `x` (a bibliography
file) and the citation style `s` picks.

Rendering runs pandoc in a worker process (started on first use), so every render and every
clipboard write happens in a thread worker; answers come back to the screen as `CitationReady` and
`CopyDone`, and the screen hands them back here. Citations go to the clipboard as plain text and,
where the platform's clipboard can hold both, as HTML (italics survive a paste into a word
processor); the toast says which tool carried what.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.timer import Timer
from textual.widget import Widget

from repotui.adapters.config import Settings
from repotui.adapters.state import State
from repotui.core.citation.model import Citation, CitationError
from repotui.core.citation.styles import HOUSE, StyleInfo, resolve_style
from repotui.core.model import Record
from repotui.tui.messages import CitationReady, CopyDone
from repotui.tui.widgets.record_detail import RecordDetail

if TYPE_CHECKING:  # the pandoc adapter, exporters, clipboard and the screens load on first use
    from repotui.adapters.clipboard import CopyResult
    from repotui.core.citation.citer import Citer
    from repotui.tui.screens.export_bibliography import Exported
    from repotui.tui.screens.style_picker import StylePicker

#: The cursor must rest this long before the detail pane's citation is rendered.
CITATION_DELAY = 0.15
#: How many recently chosen styles the picker lists after the common ones.
RECENT_KEEP = 8
#: The export prompt's first suggestion (in the folder repotui was started in), until one is used.
DEFAULT_EXPORT_NAME = "references.docx"
#: Longest in-text citation quoted in a toast (a cluster of many marked records is cut).
TOAST_QUOTE = 60


def style_label(name: str, title: str) -> str:
    """`APA`, `IEEE`, `house-style`, else the style's title: the word used in toasts."""
    if name == HOUSE:
        return "house-style"
    if len(name) <= 5:
        return name.upper()
    return title.split(" (")[0][:40] or name


def _count(records: Sequence[Record]) -> str:
    return "1 record" if len(records) == 1 else f"{len(records)} records"


def _shorten(text: str, limit: int = TOAST_QUOTE) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _tool(name: str) -> str:
    """The tool's name without the adapter's note on what it carries: "X11 (text and HTML)" → "X11"."""
    return name.split(" (", 1)[0]


def copy_toast(what: str, result: CopyResult) -> str:
    """What was copied and how, truthfully: which tools carried the formatted (HTML) flavour and
    which only plain text; "plain text only" when formatting was offered but nothing here took it."""
    worked = [m for m in result.methods if m.ok]
    if not worked:
        return f"Could not copy {what}: no clipboard is available"
    rich = [_tool(m.name) for m in worked if m.html]
    plain = [_tool(m.name) for m in worked if not m.html]
    if rich:
        toast = f"Copied {what} with formatting via {_and(rich)}"
        return toast + (f", as plain text via {_and(plain)}" if plain else "")
    toast = f"Copied {what} via {_and(plain)}"
    return toast + (" (plain text only)" if result.html is not None else "")


def _pandoc_citer() -> Citer:
    """The real citer: the pandoc adapter is imported on first use (not at start-up)."""
    from repotui.adapters.pandoc import make_citer

    return make_citer()


def _load_style_catalog() -> None:
    from repotui.adapters.style_index import load_style_catalog

    load_style_catalog()


@dataclass(frozen=True)
class Copyable:
    """What a copy puts on the clipboard: the text, its HTML flavour (None: text only), and the
    words for the toast ("APA citation")."""

    text: str
    html: str | None
    what: str


class Citing:
    """Owned by a screen (`host`); holds the citer and the chosen style, and fills `detail`."""

    def __init__(self, host: Widget, detail: RecordDetail, state: State, settings: Settings,
                 citer_factory: Callable[[], Citer] | None = None) -> None:
        self.host = host
        self.detail = detail
        self.state = state
        self.locale = settings.locale
        self.citer_factory = citer_factory or _pandoc_citer
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

    def citation_now(self, record: Record | None) -> tuple[str, Citation] | None:
        """The citation already rendered for `record` in the current style, with the style's label
        (None when there is none yet): shown in the same layout as the record."""
        if record is None or self._citer is None:
            return None
        hit = self._citer.cached(record, self.style_name, self.locale)
        return (self.style_label, hit) if hit is not None else None

    def preview_later(self, record: Record | None, shown: bool = False) -> None:
        """Show a cached citation now (`shown`: the caller did); render a new one only once the
        cursor rests (scrolling through a list must not start a pandoc run per row)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if record is not None and not shown and not self._show_cached(record):
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

    def _render(self, record: Record, style: str, locale: str | None) -> None:
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
        """Copy the records' citation (a bibliography for several) as text and HTML, or their BibTeX."""
        if records:
            make = partial(self._bibtex if bibtex else self._reference, records, self.style_name, self.locale,
                           self.style_label)
            self._copy_in_worker(make)

    def copy_in_text(self, records: Sequence[Record], narrative: bool = False) -> None:
        """Copy the in-text citation of the records (one cluster for several), as text and HTML:
        "(Beckerman, 2022)", "[1]", or with `narrative` "Beckerman (2022)" where the style has it."""
        if records:
            self._copy_in_worker(partial(self._in_text, records, self.style_name, self.locale, self.style_label,
                                         narrative))

    def _copy_in_worker(self, make: Callable[[], Copyable]) -> None:
        work = partial(self._copy, self.host.app, make)
        self.host.run_worker(work, thread=True, group="copy", exit_on_error=False, description="copy")

    def _bibtex(self, records: Sequence[Record], _style: str, _locale: str | None, _label: str) -> Copyable:
        from repotui.adapters.exporters import to_bibtex

        return Copyable(to_bibtex(records), None, f"BibTeX for {_count(records)}")

    def _reference(self, records: Sequence[Record], style: str, locale: str | None, label: str) -> Copyable:
        """A reference-list entry; a bibliography (one paragraph per reference in HTML) for several."""
        if len(records) == 1:
            citation = self.citer().render(records[0], style, locale)
            return Copyable(citation.text, citation.html, f"{label} citation")
        from repotui.core.citation.citer import html_bibliography, plain_bibliography

        citations = self.citer().bibliography(records, style, locale)
        return Copyable(plain_bibliography(citations), html_bibliography(citations),
                        f"{label} bibliography of {_count(records)}")

    def _in_text(self, records: Sequence[Record], style: str, locale: str | None, label: str,
                 narrative: bool) -> Copyable:
        cited = self.citer().in_text(records, style, locale, narrative=narrative)
        kind = "narrative citation" if cited.narrative else "in-text citation"
        of = f" of {_count(records)}" if len(records) > 1 else ""
        what = f"{label} {kind}{of} {_shorten(cited.text)}"
        if narrative and not cited.narrative:
            what += f" ({label} has no narrative form)"
        return Copyable(cited.text, cited.html, what)

    def _copy(self, app: App[object], make: Callable[[], Copyable]) -> None:
        """In a thread: render, then copy by every way there is (native tools, OSC 52)."""
        from repotui.adapters.clipboard import copy

        try:
            made = make()
        except CitationError as exc:
            app.notify(str(exc), title="Citation", severity="error", markup=False)  # thread-safe
            return

        def osc52(clean: str) -> None:
            app.call_from_thread(app.copy_to_clipboard, clean)  # writes to the terminal: UI thread only

        self.host.post_message(CopyDone(copy(made.text, html=made.html, osc52=osc52), made.what))

    def copied(self, message: CopyDone) -> None:
        """Say what was copied and how; when nothing could confirm it, show the text to copy by hand."""
        result = message.result
        self.host.notify(copy_toast(message.what, result), markup=False)
        if not result.confirmed:
            why = ("No clipboard could confirm the copy (no display, or a terminal that ignores OSC 52). "
                   "Select the text below and copy it with your terminal.")
            from repotui.tui.screens.copy_fallback import CopyFallback

            self.host.app.push_screen(CopyFallback(result.text, why))

    # -- bibliography files -------------------------------------------------------------------

    def export(self, records: Sequence[Record]) -> None:
        """Ask for a file and a format, then write the records' bibliography in the current style."""
        if not records:
            self.host.notify("No record to export: the list is empty.", severity="warning")
            return
        records = list(records)
        style, locale, label = self.style_name, self.locale, self.style_label
        if len(records) == 1:
            subject = f"{label} reference for “{records[0].title or records[0].id}”"
        else:
            subject = f"{label} bibliography of {_count(records)}"
        last = self.state.get("export_path")
        initial = Path(last) if isinstance(last, str) and last else Path.cwd() / DEFAULT_EXPORT_NAME
        from repotui.tui.screens.export_bibliography import ExportBibliography

        modal = ExportBibliography(subject, initial, partial(self._write_file, records, style, locale))
        self.host.app.push_screen(modal, partial(self._exported, f"{label} bibliography of {_count(records)}"))

    def _write_file(self, records: Sequence[Record], style: str, locale: str | None, path: Path, fmt: str,
                    overwrite: bool) -> None:
        """In the modal's thread worker: render in one engine run, write atomically."""
        from repotui.adapters.exporters import write_bibliography

        citations = self.citer().bibliography(records, style, locale)
        write_bibliography([c.segments for c in citations], path, fmt, overwrite=overwrite)

    def _exported(self, what: str, exported: Exported | None) -> None:
        if exported is None:
            return
        self.state.set("export_path", str(exported.path))
        from repotui.tui.screens.export_bibliography import FORMAT_NAMES

        kind = FORMAT_NAMES[exported.fmt]
        if exported.replaced:
            toast = f"Replaced {exported.path} with the {what} ({kind})"
        else:
            toast = f"Wrote the {what} to {exported.path} ({kind})"
        self.host.notify(toast, title="Bibliography exported", markup=False)

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
        self.host.run_worker(_load_style_catalog, thread=True, group="style-catalogue", exit_on_error=False,
                             description="style catalogue")

    def style_picker(self) -> StylePicker:
        """The picker: house and the common styles, then the recent ones, then all others."""
        from repotui.tui.screens.style_picker import StylePicker

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
