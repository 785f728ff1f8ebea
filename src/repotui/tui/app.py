"""RepoApp: what is app-wide. Settings and the user's keymap, the theme and layout (app.tcss), the
saved state, and the index: the app opens it off the UI thread, brings it up to date with the
folder, hands it to the browser screen and closes it at exit.

Built from parts (records dir, settings, state, index path, citer factory, clock) so tests hand it
real ones pointed at a temporary folder. Everything the user sees and presses is the browser's:
tui/screens/browser.py.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from textual import events, on, work
from textual.app import App

from repotui.adapters.config import ConfigProblem, Settings
from repotui.adapters.paths import index_file
from repotui.adapters.state import State
from repotui.core.citation.citer import Citer
from repotui.core.index import IndexCancelled, Library
from repotui.core.problems import LoadProblem
from repotui.core.text import clean_block, display_path
from repotui.tui.messages import IndexProgress, LibraryFailed, LibraryReady
from repotui.tui.screens.browser import BrowserScreen
from repotui.tui.searching import Clock
from repotui.tui.type_ahead import TypeAhead

#: Seconds a quit caused by a signal may take before the process leaves regardless.
EXIT_GRACE = 3.0


class RepoApp(App[None]):
    """A browser over a folder of records, searched through the index."""

    CSS_PATH = "app.tcss"
    TITLE = "repotui"

    browser: BrowserScreen
    """The main screen (made by `get_default_screen`, when the app starts)."""

    def __init__(self, records_dir: Path, settings: Settings | None = None,
                 config_problems: list[ConfigProblem] | None = None, state: State | None = None,
                 index_path: Path | None = None, citer_factory: Callable[[], Citer] | None = None,
                 clock: Clock = time.perf_counter, handle_signals: bool = False) -> None:
        super().__init__()
        self.handle_signals = handle_signals
        """Quit cleanly on SIGTERM / SIGHUP (the real run; tests leave the test runner's alone)."""
        self.records_dir = Path(records_dir)
        self.settings = settings or Settings()
        self.config_problems = config_problems or []
        self.state = state or State()
        self.index_path = index_path or index_file(self.records_dir)
        self.citer_factory = citer_factory
        self.clock = clock
        """Times searches for the status line (tests pass a fake one)."""
        self.library: Library | None = None
        """The index, once open; the app closes it at exit."""
        self.problems: list[LoadProblem] = []
        self._cancel_load = threading.Event()
        self._user_reload = False
        self.type_ahead = TypeAhead(self)
        """Holds keys typed while an earlier key is being answered (tui/type_ahead.py)."""
        self._shown_version = -1  # the Library.version on screen
        self._told_fallback = ""
        if self.settings.keys:
            self.set_keymap(self.settings.keys)

    def get_default_screen(self) -> BrowserScreen:
        self.browser = BrowserScreen(self.records_dir, self.settings, self.state, self.citer_factory, self.clock)
        return self.browser

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes from the terminal go through `type_ahead`: one typed before the app has
        answered the one before waits, then reaches the focus of that moment.

        Pasted text comes from anywhere (a web page, another terminal): it is cleaned as record text
        is, so its escape sequences and bidi overrides never reach the input or the screens that
        show the search again (status line, REF report)."""
        if isinstance(event, events.Paste):
            event.text = clean_block(event.text)
        await self.type_ahead.on_event(event, super().on_event)

    def on_mount(self) -> None:
        self.title = f"repotui · {self.collection_name()}"
        self.sub_title = "loading…"
        for problem in self.config_problems:
            self.notify(str(problem), title="Config problem", severity="warning", timeout=10, markup=False)
        if self.state.problems:  # one toast: a hand-edited file can have many
            self.notify("\n".join(self.state.problems), title="Remembered choices", severity="warning", timeout=10,
                        markup=False)
        if self.settings.keys:
            self.call_after_refresh(self._say_unknown_key_ids)
        self.open_library()
        if self.handle_signals:
            self._quit_on_signals()

    def _say_unknown_key_ids(self) -> None:
        """After the first frame: it imports every screen to learn their binding ids."""
        from repotui.tui.keymap import unknown_ids

        for said in unknown_ids(self.settings.keys):
            self.notify(said, title="Config problem", severity="warning", timeout=10, markup=False)

    def on_unmount(self) -> None:
        self._cancel_load.set()
        if self.library is not None:
            self.library.close()

    def _quit_on_signals(self) -> None:
        """SIGTERM and SIGHUP (terminal closed) quit like `q`: the index build stops at once (its
        worker processes are killed and reaped), a download removes its partial file, and the
        terminal is restored. Python's default would die on the spot, leaving the terminal raw."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(signum) is signal.SIG_DFL:
                loop.add_signal_handler(signum, self._terminated, signum)

    def _terminated(self, signum: int) -> None:
        self._cancel_load.set()
        # If the terminal is gone, restoring it may hang: leave anyway after a few seconds.
        watchdog = threading.Timer(EXIT_GRACE, os._exit, (128 + signum,))
        watchdog.daemon = True
        watchdog.start()
        self.exit(return_code=128 + signum)

    def collection_name(self) -> str:
        """The folder's name (a collection mixes repositories; the folder is what the user named)."""
        return display_path(self.records_dir.resolve().name or self.records_dir)

    # -- the index ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, description="open the index")
    def open_library(self, rebuild: bool = False) -> None:
        """Open the index off the UI thread and show it as it is (a fraction of a second at 100k
        records), then look at the folder and catch up with what changed on disk.

        With no index yet (or an interrupted build) the list shows what is stored so far and
        grows while the build runs: each progress message says whether more records became
        searchable (`Library.version`)."""
        try:
            library = self.library
            if library is None:
                library = Library.attach(self.records_dir, self.index_path,
                                         max_bytes=self.settings.max_record_bytes)
                if library.count or library.complete:
                    self.post_message(LibraryReady(library, library.last_update))
                if library.complete:
                    library.warm()
            first_build = not library.complete
            stats = library.refresh(partial(self._progress, library), self._cancel_load, rebuild=rebuild)
        except IndexCancelled:
            return
        except Exception as exc:  # the index must never take the app down
            self.post_message(LibraryFailed(f"{exc.__class__.__name__}: {exc}"))
            return
        self.post_message(LibraryReady(library, stats, reload=not first_build))

    def _progress(self, library: Library, done: int, total: int) -> None:
        self.post_message(IndexProgress(done, total, library, library.version))

    def action_reload(self) -> None:
        """Bring the index up to date with the folder (only changed files are parsed)."""
        self._user_reload = True
        self.open_library()

    # The browser composes its widgets in its own message loop, which may not have run yet when the
    # index answers; `call_later` queues each call there, so it runs after the screen is composed.

    @on(IndexProgress)
    def show_index_progress(self, message: IndexProgress) -> None:
        self.browser.call_later(self.browser.show_index_progress, message.done, message.total)
        library = message.library
        if message.version != self._shown_version and library.count:  # more records are searchable
            self._shown_version = message.version
            self.library = library
            self.problems = list(library.problems)
            self.sub_title = f"{library.count:,} records so far (indexing…)"
            self.browser.call_later(self.browser.use_library, library, self.problems)

    @on(LibraryFailed)
    def show_library_failure(self, message: LibraryFailed) -> None:
        self.browser.call_later(self.browser.library_failed, message.reason)
        self.notify(message.reason, title="Index", severity="error", markup=False)

    @on(LibraryReady)
    def library_ready(self, message: LibraryReady) -> None:
        self.library = message.library
        self._shown_version = message.library.version
        self.browser.call_later(self.browser.index_bar.hide)
        if message.library.fallback_reason and message.library.fallback_reason != self._told_fallback:
            self._told_fallback = message.library.fallback_reason
            self.notify(f"{message.library.fallback_reason}. (REPOTUI_CACHE_DIR can point the cache elsewhere.)",
                        title="Index", severity="warning", timeout=15, markup=False)
        self.problems = list(message.library.problems)
        count = message.library.count
        self.sub_title = f"{count:,} record{'' if count == 1 else 's'}"
        self.title = f"repotui · {self.collection_name()}"
        changed = True
        if message.reload:
            changed = message.stats.changed
            if changed:
                self.notify(message.stats.summary(), title="Records changed on disk", markup=False)
            elif self.browser.loaded and self._user_reload:
                self.notify("No record changed on disk.", title="Reloaded")
            self._user_reload = False
        self.browser.call_later(self.browser.use_library, message.library, self.problems, records_changed=changed)
