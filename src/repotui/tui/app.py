"""RepoApp: the two-pane browser. Built from parts (records dir, settings, state) so tests can
hand it real ones pointed at a temporary folder."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Header, Static

from repotui.adapters.cache import cached_flags, plan_open
from repotui.adapters.config import ConfigProblem, Settings
from repotui.adapters.opener import fetch_and_open, open_url
from repotui.adapters.paths import index_file
from repotui.adapters.state import State
from repotui.core.citation.citer import Citer
from repotui.core.files import file_summary, main_file_index
from repotui.core.index import IndexCancelled, Library, SearchResult
from repotui.core.model import Record
from repotui.core.problems import LoadProblem, Severity
from repotui.core.query import SYNTAX
from repotui.core.sorting import DEFAULT_SORT, SortField, parse_sort
from repotui.core.text import display_path
from repotui.tui.citing import CitingMixin
from repotui.tui.messages import (
    DownloadProgress,
    IndexProgress,
    LibraryFailed,
    LibraryReady,
    OpenDone,
    SearchDone,
)
from repotui.tui.screens.file_picker import FilePicker
from repotui.tui.screens.help import HelpScreen, HelpSection, binding_rows
from repotui.tui.screens.problems import ProblemsScreen
from repotui.tui.widgets.download_bar import DownloadBar
from repotui.tui.widgets.facet_panel import FacetPanel
from repotui.tui.widgets.record_detail import RecordDetail
from repotui.tui.widgets.record_list import RecordList
from repotui.tui.widgets.search_bar import SearchBar

#: Below this width the panes stack (list above, detail below).
NARROW_WIDTH = 100

def search_help() -> str:
    """The search language, from the same table the parser documents itself with."""
    width = max(len(example) for example, _ in SYNTAX)
    rows = "\n".join(f"  {example.ljust(width)}  {meaning}" for example, meaning in SYNTAX)
    return f"Search (/):\n{rows}"


class CiteCommands(Provider):
    """Command palette entries for citations."""

    async def search(self, query: str) -> Hits:
        app = self.app
        assert isinstance(app, RepoApp)
        matcher = self.matcher(query)
        for text, action, help_text in (
            ("Choose citation style", app.action_pick_style, "Pick from every bundled CSL style"),
            ("Copy citation", app.action_copy_citation, "The highlighted (or marked) records"),
            ("Copy BibTeX", app.action_copy_bibtex, "The highlighted (or marked) records"),
        ):
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), action, help=help_text)


class SortCommands(Provider):
    """Command palette entries: one per sort order, and its reverse."""

    async def search(self, query: str) -> Hits:
        app = self.app
        assert isinstance(app, RepoApp)
        matcher = self.matcher(query)
        for field in SortField:
            for reverse in (False, True):
                direction = ("oldest first" if field.newest_first else "Z→A") if reverse else (
                    "newest first" if field.newest_first else "A→Z")
                text = f"Sort by {field.label} ({direction})"
                score = matcher.match(text)
                if score > 0:
                    yield Hit(score, matcher.highlight(text),
                              lambda f=field, r=reverse: app.set_sort(f, r), help="Reorder the list")


class RepoApp(CitingMixin, App[None]):
    """A list pane and a detail pane over a folder of records, searched through the index."""

    CSS_PATH = "app.tcss"
    TITLE = "repotui"
    COMMANDS = App.COMMANDS | {SortCommands, CiteCommands}

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit-now"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("slash", "search", "Search", id="search"),
        Binding("t", "cycle_sort", "Sort", id="sort"),
        Binding("T", "reverse_sort", "Reverse sort", show=False, id="reverse-sort"),
        Binding("f", "toggle_facets", "Facets", id="facets"),
        Binding("r", "reload", "Reload", show=False, id="reload"),
        Binding("c", "copy_citation", "Copy citation", id="copy-citation"),
        Binding("b", "copy_bibtex", "Copy BibTeX", id="copy-bibtex"),
        Binding("s", "pick_style", "Style", id="pick-style"),
        Binding("space", "toggle_mark", "Mark", show=False, id="toggle-mark"),
        Binding("o", "open_file", "Open PDF", id="open-file"),
        Binding("w", "open_landing", "Web page", id="open-landing"),
        Binding("escape", "cancel_download", "Cancel download", show=False, id="cancel-download"),
        Binding("e", "problems", "Problems", id="problems"),
        Binding("tab", "focus_next", "Next pane", show=False, id="next-pane"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False, id="previous-pane"),
    ]

    def __init__(self, records_dir: Path, settings: Settings | None = None,
                 config_problems: list[ConfigProblem] | None = None, state: State | None = None,
                 index_path: Path | None = None, citer_factory: Callable[[], Citer] | None = None) -> None:
        super().__init__()
        self.records_dir = Path(records_dir)
        self.settings = settings or Settings()
        self.config_problems = config_problems or []
        self.state = state or State()
        self.index_path = index_path or index_file(self.records_dir)
        self.library: Library | None = None
        self.problems: list[LoadProblem] = []
        self.loaded = False
        self.query_text = ""
        self.sort = parse_sort(self.state.get("sort")) or DEFAULT_SORT
        self.reverse = bool(self.state.get("reverse", False))
        self.result: SearchResult | None = None
        self._generation = 0
        self._cancel_load = threading.Event()
        self._cancel_download: threading.Event | None = None
        self._user_reload = False
        self._can_open: tuple[bool, bool] | None = None
        self.init_citing(citer_factory)
        if self.settings.keys:
            self.set_keymap(self.settings.keys)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            with Vertical(id="list-column"):
                yield SearchBar(id="search")
                yield Static("", id="search-hint", markup=False)
                yield RecordList(id="record-list")
            yield RecordDetail(id="record-detail", max_chars=self.settings.max_field_chars)
            yield FacetPanel(id="facets")
        yield DownloadBar(id="download-bar")
        yield Static("Loading records…", id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"repotui · {self.collection_name()}"
        self.sub_title = "loading…"
        self.query_one(RecordList).focus()
        self._apply_width(self.size.width)
        for problem in self.config_problems:
            self.notify(str(problem), title="Config problem", severity="warning", timeout=10, markup=False)
        self.open_library()

    def on_unmount(self) -> None:
        self._cancel_load.set()
        if self._cancel_download is not None:
            self._cancel_download.set()
        if self.library is not None:
            self.library.close()
        self.close_citer()

    def on_resize(self) -> None:
        self._apply_width(self.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < NARROW_WIDTH, "-narrow")

    @property
    def current(self) -> Record | None:
        return self.query_one(RecordList).highlighted

    # -- loading --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, description="open the index")
    def open_library(self, rebuild: bool = False) -> None:
        """Open the index off the UI thread and show it as it is (a fraction of a second at 100k
        records), then look at the folder and catch up with what changed on disk."""
        try:
            if self.library is None:
                library = Library.open(self.records_dir, self.index_path, progress=self._progress,
                                       cancel=self._cancel_load, max_bytes=self.settings.max_record_bytes,
                                       rebuild=rebuild, update=False)
                self.post_message(LibraryReady(library, library.last_update))
                library.warm()
                if library.last_update.looked:
                    return  # it was just built or brought up to date: the folder has been read
            else:
                library = self.library
            stats = library.refresh(self._progress, self._cancel_load)
        except IndexCancelled:
            return
        except Exception as exc:  # the index must never take the app down
            self.post_message(LibraryFailed(f"{exc.__class__.__name__}: {exc}"))
            return
        self.post_message(LibraryReady(library, stats, reload=True))

    def _progress(self, done: int, total: int) -> None:
        self.post_message(IndexProgress(done, total))

    @on(IndexProgress)
    def show_index_progress(self, message: IndexProgress) -> None:
        if not self.loaded:
            self.set_status(f"Indexing records… {message.done:,} of {message.total:,} files")

    @on(LibraryFailed)
    def show_library_failure(self, message: LibraryFailed) -> None:
        self.loaded = True
        self.set_status(f"The index could not be opened: {message.reason}")
        self.notify(message.reason, title="Index", severity="error", markup=False)

    @on(LibraryReady)
    def library_ready(self, message: LibraryReady) -> None:
        self.library = message.library
        self.problems = list(message.library.problems)
        count = message.library.count
        self.sub_title = f"{count:,} record{'' if count == 1 else 's'}"
        self.title = f"repotui · {self.collection_name()}"
        if message.reload:
            if message.stats.changed:
                self.notify(message.stats.summary(), title="Records changed on disk", markup=False)
            elif self.loaded and self._user_reload:
                self.notify("No record changed on disk.", title="Reloaded")
            self._user_reload = False
            if not message.stats.changed:
                self.update_status()
                return
            self.query_one(RecordList).refresh()
        self.run_search(self.query_text)

    def collection_name(self) -> str:
        """The folder's name (a collection mixes repositories; the folder is what the user named)."""
        return display_path(self.records_dir.resolve().name or self.records_dir)

    # -- search ---------------------------------------------------------------------------

    def run_search(self, text: str) -> None:
        self.query_text = text
        self._generation += 1
        if self.library is not None:
            self.search_worker(self.library, text, self.sort, self.reverse, self._generation)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False, description="search")
    def search_worker(self, library: Library, text: str, sort: SortField, reverse: bool, generation: int) -> None:
        self.post_message(SearchDone(library.search(text, sort, reverse), generation))

    @on(SearchDone)
    def show_results(self, message: SearchDone) -> None:
        if message.generation != self._generation or self.library is None:
            return  # an answer to a query that has since changed
        first = not self.loaded
        self.loaded = True
        self.result = message.result
        record_list = self.query_one(RecordList)
        record_list.set_ids(message.result.ids, self.library.get)
        if not message.result.ids:
            self.query_one(RecordDetail).show(None)
        hint = self.query_one("#search-hint", Static)
        hint.update(Content(message.result.hint))
        hint.set_class(bool(message.result.hint), "-visible")
        self.update_status()
        if self.query_one(FacetPanel).display:
            self.refresh_facets()
        if first:
            record_list.post_message(RecordList.Highlighted(record_list.highlighted, record_list.cursor))

    def update_status(self) -> None:
        errors = sum(1 for p in self.problems if p.severity is Severity.ERROR)
        result = self.result
        if result is None:
            return
        parts = [result.status_text()]  # the most important first: a narrow terminal cuts the end
        if errors:
            noun = "record" if errors == 1 else "records"
            parts.append(f"{errors} {noun} could not be read — press e")
        marked = len(self.query_one(RecordList).marked)
        if marked:
            parts.append(f"{marked} marked (c copies them all)")
        direction = " (reversed)" if self.reverse else ""
        parts.append(f"sorted by {self.sort.label}{direction}")
        parts.append(f"{self.style_title()} citations")
        text = " · ".join(parts)
        self.set_status(text)
        self.set_class(bool(errors), "-has-problems")

    def set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(Content(text))

    @on(SearchBar.QueryChanged)
    def query_changed(self, message: SearchBar.QueryChanged) -> None:
        self.run_search(message.text)

    @on(SearchBar.Done)
    def search_done(self, message: SearchBar.Done) -> None:
        record_list = self.query_one(RecordList)
        record_list.focus()
        if not message.cleared:
            record_list.action_first()

    @on(RecordList.Highlighted)
    def show_detail(self, message: RecordList.Highlighted) -> None:
        record = message.record
        cached = cached_flags(record) if record is not None and record.files else None
        self.query_one(RecordDetail).show(record, cached)
        can_open = (record is not None and any(not f.withdrawn for f in record.files),
                    record is not None and bool(record.landing_url))
        if can_open != self._can_open:  # `o` and `w` depend on the record; the footer redraws only on change
            self._can_open = can_open
            self.refresh_bindings()
        self.schedule_citation(record)

    # -- sort and facets ------------------------------------------------------------------

    def set_sort(self, field: SortField, reverse: bool) -> None:
        """Reorder and remember the choice across runs."""
        self.sort, self.reverse = field, reverse
        self.state.set("sort", field.value)
        self.state.set("reverse", reverse)
        self.run_search(self.query_text)

    def action_cycle_sort(self) -> None:
        self.set_sort(self.sort.next(), False)

    def action_reverse_sort(self) -> None:
        self.set_sort(self.sort, not self.reverse)

    def action_toggle_facets(self) -> None:
        panel = self.query_one(FacetPanel)
        panel.display = not panel.display
        if panel.display:
            self.refresh_facets()
            panel.focus()
        else:
            self.query_one(RecordList).focus()

    def refresh_facets(self) -> None:
        if self.library is not None and self.result is not None:
            self.facet_worker(self.library, self.result.ids)

    @work(thread=True, exclusive=True, group="facets", exit_on_error=False, description="facets")
    def facet_worker(self, library: Library, ids: list[str]) -> None:
        facets = library.facets(ids)
        self.call_from_thread(self.query_one(FacetPanel).show_facets, facets)

    @on(FacetPanel.Picked)
    def add_facet_filter(self, message: FacetPanel.Picked) -> None:
        search = self.query_one(SearchBar)
        text = f"{search.value.strip()} {message.filter_text}".strip()
        search.value = text
        search.cursor_position = len(text)
        self.run_search(text)

    # -- opening files ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out keys that do not apply to the highlighted record."""
        if action in ("open_file", "open_landing"):
            try:
                record = self.current
            except Exception:
                return None
            if record is None:
                return None
            if action == "open_file":
                return True if any(not f.withdrawn for f in record.files) else None
            return True if record.landing_url else None
        if action == "cancel_download":
            return self._cancel_download is not None
        return True

    def action_open_file(self) -> None:
        record = self.current
        if record is None or not record.files:
            return
        if len(record.files) == 1:
            self.open_file(record, None)
            return
        flags = cached_flags(record)
        rows = [(f.location, file_summary(f, cached=c)) for f, c in zip(record.files, flags, strict=True)]

        def chosen(index: int | None) -> None:
            if index is not None:
                self.open_file(record, index)

        self.push_screen(FilePicker(rows, main_file_index(record)), chosen)

    def open_file(self, record: Record, index: int | None) -> None:
        """Plan (fast, checks paths and schemes), then download if needed and open, in a worker."""
        if self._cancel_download is not None:
            self.notify("A download is already running (escape cancels it).", severity="warning")
            return
        plan = plan_open(record, self.records_dir, self.settings, index)
        if not plan.ok:
            self.notify(plan.refused or "nothing to open", title="Cannot open", severity="error", markup=False)
            return
        self._cancel_download = threading.Event()
        if plan.needs_download:
            name = plan.url.rsplit("/", 1)[-1][:60] if plan.url else record.id
            self.query_one(DownloadBar).start(name, plan.file.size if plan.file else None)
        self.refresh_bindings()
        self.open_worker(plan, self._cancel_download, record.id)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False, description="open file")
    def open_worker(self, plan, cancel: threading.Event, record_id: str) -> None:  # type: ignore[no-untyped-def]
        def progress(done: int, total: int | None, rate: float) -> None:
            self.post_message(DownloadProgress(done, total, rate))

        result = fetch_and_open(plan, self.settings, progress=progress, cancel=cancel)
        self.post_message(OpenDone(result, record_id))

    @on(DownloadProgress)
    def show_download_progress(self, message: DownloadProgress) -> None:
        if self._cancel_download is not None:
            self.query_one(DownloadBar).advance(message.done, message.total, message.rate)

    @on(OpenDone)
    def open_done(self, message: OpenDone) -> None:
        self._cancel_download = None
        self.query_one(DownloadBar).finish()
        self.refresh_bindings()
        result = message.result
        if result.ok:
            self.notify(result.message, title="Opened", markup=False)
        elif result.cancelled:
            self.notify("Download cancelled; nothing was kept.", title="Cancelled")
        else:
            self.notify(result.message, title="Could not open", severity="error", markup=False)
        record = self.current
        if record is not None and record.id == message.record_id:
            self.query_one(RecordDetail).show(record, cached_flags(record), keep_scroll=True)

    def action_cancel_download(self) -> None:
        if self._cancel_download is not None:
            self._cancel_download.set()

    def action_open_landing(self) -> None:
        record = self.current
        if record is not None and record.landing_url:
            self.landing_worker(record.landing_url)

    @work(thread=True, group="browser", exit_on_error=False, description="open web page")
    def landing_worker(self, url: str) -> None:
        result = open_url(url, self.settings)
        severity = "information" if result.ok else "error"
        self.call_from_thread(self.notify, result.message, title="Web page", severity=severity, markup=False)

    # -- actions --------------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one(SearchBar).focus()

    def action_reload(self) -> None:
        """Bring the index up to date with the folder (only changed files are parsed)."""
        self._user_reload = True
        self.open_library()

    def help_sections(self) -> list[HelpSection]:
        """Built from the live bindings (keymap applied), grouped by where they act."""
        active = self.screen.active_bindings
        app_rows, list_rows = [], []
        for key, active_binding in active.items():
            display = self.get_key_display(active_binding.binding) if key else key
            target = app_rows if active_binding.node is self or active_binding.node is self.screen else list_rows
            target.append((display, active_binding.binding))
        detail_rows: list[tuple[str, Binding]] = []
        for binding in RecordDetail.BINDINGS:
            if isinstance(binding, Binding):
                for key in binding.key.split(","):
                    detail_rows.append((self.get_key_display(Binding(key, binding.action)), binding))
        search_rows = [(self.get_key_display(Binding(b.key, b.action)), b)
                       for b in SearchBar.BINDINGS if isinstance(b, Binding)]
        search_rows.append(("enter", Binding("enter", "submit", "Go to the first result")))
        return [
            ("Everywhere", binding_rows(app_rows)),
            ("Record list", binding_rows(list_rows)),
            ("Detail pane (tab to focus it)", binding_rows(detail_rows)),
            ("Search box (/ to focus it)", binding_rows(search_rows)),
        ]

    def action_help(self) -> None:
        mouse = "Mouse: click a row to select it; the wheel scrolls either pane."
        self.push_screen(HelpScreen(self.help_sections(), notes=f"{search_help()}\n\n{mouse}"))

    def action_problems(self) -> None:
        self.push_screen(ProblemsScreen(self.problems))
