"""The browser: the app's main screen. A search box and the record list, the detail pane, the facet
panel, the download bar and the status line.

The screen composes the widgets and turns keys and messages into calls on its collaborators, each
a plain object in its own module: `Searching` (query, sort, results), `Opening` (files, downloads,
web pages) and `Citing` (the citer, the style, copying). Workers report back to the screen with
messages (tui/messages.py); the handlers here hand each answer to the collaborator or widget it
is for. The index itself belongs to the app, which hands it over with `use_library`.

Over 400 lines because it is the one place where the main screen's keys and messages arrive:
Textual collects `@on` handlers per class (not from mixins), and each handler here is
a few lines that pass the work on. The work itself is in the collaborators and the widgets.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Input

from repotui.adapters.cache import cached_flags
from repotui.adapters.config import Settings
from repotui.adapters.state import State
from repotui.core.citation.citer import Citer
from repotui.core.index import Library
from repotui.core.model import Record
from repotui.core.problems import LoadProblem, Severity
from repotui.core.query import SYNTAX
from repotui.core.sorting import SortField
from repotui.tui.citing import Citing
from repotui.tui.commands import CiteCommands, RefCommands, SortCommands
from repotui.tui.messages import (
    CitationReady,
    CopyDone,
    DownloadProgress,
    FacetsCounted,
    OpenDone,
    SearchDone,
    SearchFailed,
)
from repotui.tui.opening import Opening, has_file, has_web_page
from repotui.tui.searching import Clock, Searching
from repotui.tui.widgets.download_bar import DownloadBar
from repotui.tui.widgets.facet_panel import FacetPanel, toggle_filter
from repotui.tui.widgets.footer import KeysFooter
from repotui.tui.widgets.index_bar import IndexBar
from repotui.tui.widgets.line import Line
from repotui.tui.widgets.record_detail import Extras, RecordDetail
from repotui.tui.widgets.record_list import RecordList
from repotui.tui.widgets.search_bar import SearchBar

#: Below this width the panes stack (list above, detail below): the screen gets the class `-narrow`.
NARROW_WIDTH = 100
#: The list's share of the screen (percent) moves in these steps, between these bounds.
SPLIT_STEP, SPLIT_MIN, SPLIT_MAX = 5, 25, 75
#: While keys are waiting (a held cursor key repeating faster than frames), the detail pane skips
#: the records passed over; it shows the highlighted one when the keys stop, or after this long.
SKIP_AT_MOST = 0.1


def _split_css() -> str:
    """One rule per split step: the screen's class `-list-width-60` (side by side) or
    `-list-height-45` (stacked) sizes the list column, and the breakpoint class picks which
    applies, so a resize (even under a modal) needs no code."""
    rules = []
    for share in range(SPLIT_MIN, SPLIT_MAX + 1, SPLIT_STEP):
        rules.append(f"BrowserScreen.-wide.-list-width-{share} #list-column {{ width: {share}%; }}")
        rules.append(f"BrowserScreen.-narrow.-list-height-{share} #list-column {{ height: {share}%; }}")
    return "\n".join(rules)


def clamp_split(share: object, default: int) -> int:
    """A list share from state or config as a valid step (a bad value falls back to `default`)."""
    if isinstance(share, bool) or not isinstance(share, int):
        return default
    share = min(SPLIT_MAX, max(SPLIT_MIN, share))
    return share - (share - SPLIT_MIN) % SPLIT_STEP


def search_help() -> str:
    """The search language, from the same table the parser documents itself with."""
    width = max(len(example) for example, _ in SYNTAX)
    rows = "\n".join(f"  {example.ljust(width)}  {meaning}" for example, meaning in SYNTAX)
    return f"Search (/):\n{rows}"


class BrowserScreen(Screen[None]):
    """A list pane and a detail pane over the index; every key of the browser lives here."""

    # The `id`s are what a `[keys]` table in the config remaps. tab and shift+tab replace Screen's
    # own bindings (same actions and words) so that they, too, can be remapped.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", "Focus Next", show=False, id="next-pane"),
        Binding("shift+tab", "app.focus_previous", "Focus Previous", show=False, id="previous-pane"),
        Binding("ctrl+q", "app.quit", "Quit", show=False, priority=True, id="quit-now"),
        Binding("q", "app.quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("slash", "search", "Search", id="search"),
        Binding("t", "cycle_sort", "Sort", id="sort"),
        Binding("T", "reverse_sort", "Reverse sort", show=False, id="reverse-sort"),
        Binding("f", "toggle_facets", "Facets", id="facets"),
        Binding("left_square_bracket", "move_split(-1)", "Narrower list", show=False, id="list-narrower"),
        Binding("right_square_bracket", "move_split(1)", "Wider list", show=False, id="list-wider"),
        Binding("r", "app.reload", "Reload", show=False, id="reload"),
        Binding("c", "copy_citation", "Cite", tooltip="Copy citation", id="copy-citation"),
        Binding("C", "copy_in_text", "In-text", tooltip="Copy in-text citation", id="copy-in-text"),
        Binding("N", "copy_narrative", "Narrative citation", show=False, id="copy-narrative"),
        Binding("b", "copy_bibtex", "BibTeX", show=False, tooltip="Copy BibTeX", id="copy-bibtex"),
        Binding("s", "pick_style", "Style", id="pick-style"),
        Binding("space", "toggle_mark", "Mark", show=False, id="toggle-mark"),
        Binding("o", "open_file", "Open", tooltip="Open PDF", id="open-file"),
        Binding("w", "open_landing", "Web", tooltip="Web page", id="open-landing"),
        Binding("escape", "cancel_download", "Cancel download", show=False, id="cancel-download"),
        Binding("e", "problems", "Problems", show=False, id="problems"),
        Binding("x", "export_bibliography", "Export", show=False, tooltip="Export bibliography", id="export-bibliography"),
        Binding("R", "ref_report", "REF", tooltip="REF report", id="ref-report"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_WIDTH, "-wide")]
    DEFAULT_CSS = _split_css()
    COMMANDS = {SortCommands, CiteCommands, RefCommands}

    def __init__(self, records_dir: Path, settings: Settings, state: State,
                 citer_factory: Callable[[], Citer] | None = None, clock: Clock = time.perf_counter) -> None:
        super().__init__()
        self.record_list = RecordList(id="record-list")
        self.detail = RecordDetail(id="record-detail", max_chars=settings.max_field_chars)
        self.search_bar = SearchBar(id="search")
        self.search_hint = Line(id="search-hint")
        self.facet_panel = FacetPanel(id="facets")
        self.download_bar = DownloadBar(id="download-bar")
        self.index_bar = IndexBar(id="index-bar")
        self.status_line = Line("Loading records…", id="status")
        self.list_column = Vertical(id="list-column")
        self.state = state
        self.list_width = clamp_split(state.get("list_width"), clamp_split(settings.list_width, 60))
        """The list's share of the width beside the detail pane (percent; `[` and `]`)."""
        self.list_height = clamp_split(state.get("list_height"), clamp_split(settings.list_height, 45))
        """The list's share of the height above the detail pane, in a narrow terminal."""
        self.searching = Searching(self, state, clock)
        self.opening = Opening(self, self.download_bar, records_dir, settings)
        self.citing = Citing(self, self.detail, state, settings, citer_factory)
        self.problems: list[LoadProblem] = []
        """What the index could not read (the `e` screen; counted in the status line)."""
        self.loaded = False
        """The first answer is on screen (or the index failed): no more "Loading…"."""
        self._can_open: tuple[bool, bool] | None = None
        self._skipping: Timer | None = None
        self._report_waits = False
        """`R` was pressed while only the first page of the answer was known."""
        self._first_on_answer = False
        """Enter left the search box before the answer to the query was on screen: the cursor
        goes to its first row when it comes (what a slow typist sees highlighted)."""
        self.record_list.follow = self.show_record_now
        self.searching.cursor_record = self.record_list.cursor_id

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            with self.list_column:
                yield self.search_bar
                yield self.search_hint
                yield self.record_list
            yield self.detail
            yield self.facet_panel
        yield self.index_bar
        yield self.download_bar
        yield self.status_line
        yield KeysFooter()

    def on_mount(self) -> None:
        self.set_focus(self.record_list)
        self.show_split()

    def on_unmount(self) -> None:
        self.opening.cancel()  # a download thread sees this and leaves nothing behind
        self.citing.close()

    @property
    def current(self) -> Record | None:
        """The highlighted record."""
        return self.record_list.highlighted

    # -- the index (the app calls these) ------------------------------------------------------

    def show_index_progress(self, done: int, total: int) -> None:
        self.index_bar.show(done, total)
        if not self.loaded:
            self.set_status(f"Indexing records… {done:,} of {total:,} files")

    def library_failed(self, reason: str) -> None:
        self.loaded = True
        self.index_bar.hide()
        self.set_status(f"The index could not be opened: {reason}")

    def use_library(self, library: Library, problems: list[LoadProblem], records_changed: bool = True) -> None:
        """Show `library`: search it again, unless a reload found no record changed."""
        self.searching.library = library
        self.problems = problems
        self.call_after_refresh(gc.freeze)  # what the index holds in memory now (see show_results)
        if not records_changed:
            self.update_status()
            return
        self.record_list.refresh()
        self.searching.run()

    # -- search -------------------------------------------------------------------------------

    @on(SearchBar.QueryChanged)
    def search_for(self, message: SearchBar.QueryChanged) -> None:
        self._first_on_answer = False
        self.searching.run(message.text)

    @on(SearchBar.Done)
    def leave_search(self, message: SearchBar.Done) -> None:
        """Back to the list, on the first result of the query as typed. When that answer is still
        being searched for, the cursor goes there when it comes, and the keys typed after enter
        wait for it (`awaits_answer`): they act on what a slow typist would see highlighted."""
        self.set_focus(self.record_list)
        if message.cleared:
            self._first_on_answer = False
        elif self.searching.waiting:
            self._first_on_answer = True
        else:
            self.record_list.action_first()

    def awaits_answer(self) -> bool:
        """The list does not show the answer to the current query yet (the type-ahead holds keys
        typed now until it does: `c` must cite a record of that answer)."""
        return self.searching.waiting

    @on(SearchDone)
    def show_results(self, message: SearchDone) -> None:
        library = self.searching.library
        if message.painted is not None:
            self.call_after_refresh(message.painted.set)  # the worker orders the rest after this frame
        if library is None or not self.searching.accept(message):
            return  # an answer to a query that has since changed
        first = not self.loaded
        self.loaded = True
        result = message.result
        at_first, self._first_on_answer = self._first_on_answer, False
        self.record_list.set_ids(result.ids, library.get, first=at_first)
        if not result.ids:
            self.detail.show(None)
        self.search_hint.show(result.hint)
        self.search_hint.set_class(bool(result.hint), "-visible")
        self.update_status()
        if self.facet_panel.display:
            self.searching.count_facets()
        if self._report_waits and result.complete:
            self._report_waits = False
            self.action_ref_report()
        if first:  # the style catalogue loads once the list is painted (never in the way of the first frame)
            self.set_timer(0.5, self.citing.warm_style_catalog)
            self.record_list.announce()
            # Everything alive after start-up (widgets, styles, the index's maps and orders) lives as
            # long as the app: out of the collector's way, a full collection no longer walks it all
            # (a stall of 50-70 ms in a frame at 100k records). Done again as the index fills in.
            self.call_after_refresh(gc.freeze)

    @on(SearchFailed)
    def search_failed(self, message: SearchFailed) -> None:
        self.searching.failed(message.generation)

    @on(RecordList.Highlighted)
    def show_record(self, message: RecordList.Highlighted) -> None:
        self.show_record_now(message.record, message.position)

    def show_record_now(self, record: Record | None, position: int = 0) -> None:
        """The list's cursor moved (the list calls this at once, so the detail pane is drawn in the
        same frame as the cursor's lines). While more keys wait, the records passed over are skipped."""
        if self._keys_waiting():
            if self._skipping is None:
                self._skipping = self.set_timer(SKIP_AT_MOST, self._show_skipped)
            return
        self._show_record(record)

    def _keys_waiting(self) -> bool:
        type_ahead = getattr(self.app, "type_ahead", None)
        return bool(type_ahead is not None and type_ahead.held)

    def _show_skipped(self) -> None:
        self._skipping = None
        if self.detail.record is not self.record_list.highlighted:
            self.show_record_now(self.record_list.highlighted, self.record_list.cursor)

    def _show_record(self, record: Record | None) -> None:
        """The record in the detail pane, with its citation when one is rendered already (one
        layout, usually made ahead in a thread), and the keys that depend on it."""
        if self._skipping is not None:
            self._skipping.stop()
            self._skipping = None
        cached, citation = self._extras(record) if record is not None else (None, None)
        self.detail.show(record, cached, citation=citation)
        can_open = (record is not None and has_file(record), record is not None and has_web_page(record))
        if can_open != self._can_open:  # `o` and `w` depend on the record; the footer changes only then
            self._can_open = can_open
            self.refresh_bindings()
        self.citing.preview_later(record, shown=citation is not None)
        self.call_after_refresh(self._lay_out_neighbours)

    def _extras(self, record: Record) -> Extras:
        """What the detail pane shows with a record: which files are cached, its citation if rendered."""
        return (tuple(cached_flags(record)) if record.files else None, self.citing.citation_now(record))

    def _lay_out_neighbours(self) -> None:
        """After the frame: the records above and below the cursor are laid out in a thread, so
        the next move finds its detail pane ready."""
        if self._keys_waiting() or not self.detail.display:
            return
        record_list = self.record_list
        around = []
        for position in (record_list.cursor + 1, record_list.cursor - 1):
            if 0 <= position < len(record_list.ids):
                record = record_list.fetch(record_list.ids[position])
                if record is not None:
                    around.append((record, self._extras(record)))
        self.detail.lay_out_ahead(around)

    def action_search(self) -> None:
        self.set_focus(self.search_bar)

    # -- sort and facets ----------------------------------------------------------------------

    def action_sort(self, field: str, reverse: bool) -> None:
        """Sort by a field (`SortField` value); the command palette's sort entries run this."""
        self.searching.set_sort(SortField(field), reverse)

    def action_cycle_sort(self) -> None:
        self.searching.set_sort(self.searching.sort.next(), False)

    def action_reverse_sort(self) -> None:
        self.searching.set_sort(self.searching.sort, not self.searching.reverse)

    def action_toggle_facets(self) -> None:
        """Show the facets in the detail pane's place (always on screen, beside or below the list,
        which shows each filter's effect at once); `f` or escape brings the detail back."""
        panel = self.facet_panel
        showing = not panel.display
        panel.display = showing
        self.detail.display = not showing
        if showing:
            panel.show_facets({}, active=self.active_filters())  # "Counting…" until the counts come
            self.searching.count_facets()
            self.set_focus(panel)
        else:
            self.set_focus(self.record_list)

    def active_filters(self) -> str:
        """The query: facet values whose filter is in it are ticked, and `enter` takes them out."""
        return self.search_bar.value

    # -- the list / detail split ----------------------------------------------------------

    def action_move_split(self, steps: int) -> None:
        """Give the list more (or less) of the screen: its width beside the detail pane, or its
        height above it in a narrow terminal. Remembered across runs."""
        if self.has_class("-narrow"):
            self.list_height = clamp_split(self.list_height + steps * SPLIT_STEP, self.list_height)
            self.state.set("list_height", self.list_height)
        else:
            self.list_width = clamp_split(self.list_width + steps * SPLIT_STEP, self.list_width)
            self.state.set("list_width", self.list_width)
        self.show_split()

    def show_split(self) -> None:
        for name in [c for c in self.classes if c.startswith("-list-")]:
            self.remove_class(name)
        self.add_class(f"-list-width-{self.list_width}", f"-list-height-{self.list_height}")

    @on(FacetsCounted)
    def show_facets(self, message: FacetsCounted) -> None:
        if message.generation == self.searching.generation:
            self.facet_panel.show_facets(message.facets, active=self.active_filters())

    @on(FacetPanel.Picked)
    def toggle_facet_filter(self, message: FacetPanel.Picked) -> None:
        """Add the value's filter to the query, or take it out when it is already there."""
        text = toggle_filter(self.search_bar.value, message.filter_text)
        with self.search_bar.prevent(Input.Changed):  # searched now, not after the debounce
            self.search_bar.value = text
        self.search_bar.cursor_position = len(text)
        self.searching.run(text)

    @on(FacetPanel.Closed)
    def close_facets(self, message: FacetPanel.Closed) -> None:
        if self.facet_panel.display:
            self.action_toggle_facets()

    # -- marks and citations ------------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        self.record_list.toggle_mark()
        self.record_list.action_cursor_down()
        self.update_status()

    def marked_or_current(self) -> list[Record]:
        """What `c`, `C`, `N`, `b` and `x` act on: the marked records in list order, else the highlighted one."""
        if self.record_list.marked:
            library = self.searching.library
            return library.get_many(self.record_list.marked_ids_in_order) if library else []
        current = self.current
        return [current] if current is not None else []

    def action_copy_citation(self) -> None:
        self.citing.copy(self.marked_or_current())

    def action_copy_in_text(self) -> None:
        self.citing.copy_in_text(self.marked_or_current())

    def action_copy_narrative(self) -> None:
        self.citing.copy_in_text(self.marked_or_current(), narrative=True)

    def action_export_bibliography(self) -> None:
        self.citing.export(self.marked_or_current())

    def action_copy_bibtex(self) -> None:
        self.citing.copy(self.marked_or_current(), bibtex=True)

    def action_pick_style(self) -> None:
        self.app.push_screen(self.citing.style_picker(), self.set_style)

    def set_style(self, name: str | None) -> None:
        """Use a style (None: the picker was cancelled) and show the current record's citation in it."""
        if name and self.citing.set_style(name):
            self.update_status()  # the status line names the style
            self.citing.preview(self.current)

    @on(CitationReady)
    def show_citation(self, message: CitationReady) -> None:
        self.citing.show(message.citation)

    @on(CopyDone)
    def report_copy(self, message: CopyDone) -> None:
        self.citing.copied(message)

    # -- opening files ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out keys that do not apply to the highlighted record."""
        if action in ("open_file", "open_landing"):
            try:
                record = self.current
            except Exception:  # the footer asks while the app closes the index at exit
                return None
            if record is None:
                return None
            if action == "open_file":
                return True if has_file(record) else None
            return True if has_web_page(record) else None
        if action == "cancel_download":
            return self.opening.busy
        return True

    def action_open_file(self) -> None:
        record = self.current
        if record is not None:
            self.opening.open_file(record)

    def action_open_landing(self) -> None:
        record = self.current
        if record is not None:
            self.opening.open_web_page(record)

    def action_cancel_download(self) -> None:
        self.opening.cancel()

    @on(DownloadProgress)
    def show_download_progress(self, message: DownloadProgress) -> None:
        self.opening.show_progress(message)

    @on(OpenDone)
    def opened(self, message: OpenDone) -> None:
        self.opening.finished(message)
        record = self.current
        if record is not None and record.id == message.record_id:  # its files may be cached now
            self.detail.show(record, cached_flags(record), keep_scroll=True)

    # -- status line, help and problems -------------------------------------------------------

    def update_status(self) -> None:
        """The answer's size and time first (a narrow terminal cuts the end), then what else holds."""
        result = self.searching.result
        if result is None:
            return
        errors = sum(1 for p in self.problems if p.severity is Severity.ERROR)
        parts = [result.status_text()]
        if errors:
            noun = "record" if errors == 1 else "records"
            parts.append(f"{errors} {noun} could not be read — press e")
        marked = len(self.record_list.marked)
        if marked:
            parts.append(f"{marked} marked (c copies them all)")
        direction = " (reversed)" if self.searching.reverse else ""
        parts.append(f"sorted by {self.searching.sort.label}{direction}")
        parts.append(f"{self.citing.style_label} citations")
        self.set_status(" · ".join(parts))
        self.set_class(bool(errors), "-has-problems")

    def set_status(self, text: str) -> None:
        self.status_line.show(text)

    def action_help(self) -> None:
        """Help built from the live bindings (keymap applied), grouped by where they act: the
        focused pane's keys, then the other panes' (from their class bindings)."""
        panes: list[tuple[Widget, str, list[BindingType]]] = [
            (self.record_list, "Record list", []),
            (self.detail, "Detail pane (tab to focus it)", list(RecordDetail.BINDINGS)),
            (self.facet_panel, "Facet panel (f shows it)",
             [*FacetPanel.BINDINGS, Binding("enter", "select", "Add or remove the filter")]),
            (self.search_bar, "Search box (/ to focus it)",
             [*SearchBar.BINDINGS, Binding("enter", "submit", "Go to the first result")]),
        ]
        focused = next((title for widget, title, _ in panes if widget is self.focused), "Record list")
        others = [(title, bindings) for widget, title, bindings in panes
                  if bindings and widget is not self.focused]
        from repotui.tui.screens.help import HelpScreen, live_sections

        sections = live_sections(self, focused, others)
        keys = "The list takes more or less of the screen with [ and ] (remembered; see list_width in the config)."
        mouse = "Mouse: click a row to select it; the wheel scrolls either pane."
        self.app.push_screen(HelpScreen(sections, notes=f"{search_help()}\n\n{keys}\n{mouse}"))

    def action_problems(self) -> None:
        from repotui.tui.screens.problems import ProblemsScreen

        self.app.push_screen(ProblemsScreen(self.problems))

    # -- the REF report (issue 12) --------------------------------------------------------------

    def action_ref_report(self) -> None:
        """The REF report for the results on screen; enter there comes back on a record."""
        library, result = self.searching.library, self.searching.result
        if result is not None and not result.complete:
            self._report_waits = True  # shown when the whole answer is in (a few tens of ms)
            return
        if library is not None and result is not None:
            from repotui.tui.screens.ref_report import RefReportScreen

            screen = RefReportScreen(library, result.ids, self.searching.text, self.searching.state)
            self.app.push_screen(screen, self.go_to_record)

    def go_to_record(self, rid: str | None) -> None:
        """Highlight `rid` in the list (the report covers the list, so it is there unless the
        list changed meanwhile)."""
        if rid is None:
            return
        try:
            position = self.record_list.ids.index(rid)
        except ValueError:
            self.notify(f"{rid} is no longer in the list (the search changed).", severity="warning", markup=False)
            return
        self.record_list.cursor = position
        self.record_list.focus()
