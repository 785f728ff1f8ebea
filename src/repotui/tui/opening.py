"""Opening a record's files (`o`) and web page (`w`) for a screen.

The plan (which file; is its path inside the records folder; is its scheme allowed) is made on the
UI thread: it is quick and never raises. Downloading and starting the viewer run in a thread
worker that answers with `DownloadProgress` (a burst collapses to the latest) and `OpenDone`.
One download at a time; escape, or leaving the screen, cancels it and nothing is kept.
"""

from __future__ import annotations

import datetime as dt
import threading
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SuspendNotSupported
from textual.notifications import SeverityLevel
from textual.widget import Widget

from repotui.adapters.cache import cached_flags, plan_open
from repotui.adapters.config import Settings
from repotui.core.files import file_summary, main_file_index
from repotui.core.model import FileRef, Record
from repotui.core.ref import files_embargoes
from repotui.tui.messages import DownloadProgress, OpenDone
from repotui.tui.widgets.download_bar import DownloadBar

if TYPE_CHECKING:  # the opener (subprocess, downloads) and the picker load on first use
    from repotui.adapters.opener import OpenResult, TerminalCommand


def has_file(record: Record) -> bool:
    """Something for `o` to open (withdrawn files are listed, never opened)."""
    return any(not f.withdrawn for f in record.files)


def has_web_page(record: Record) -> bool:
    """Something for `w` to open."""
    return bool(record.landing_url)


def _size(file: FileRef | None) -> int | None:
    """The size a record gives for the file, if it gives one (the download bar's 100%)."""
    return file.size if file is not None else None


class Opening:
    """Owned by a screen (`host`), which hands back the messages it receives; drives `bar`."""

    def __init__(self, host: Widget, bar: DownloadBar, records_dir: Path, settings: Settings) -> None:
        self.host = host
        self.bar = bar
        self.records_dir = records_dir
        self.settings = settings
        self._cancel: threading.Event | None = None
        """Set while a download (or an open) runs; setting the event stops it."""

    @property
    def busy(self) -> bool:
        """A download or an open is running (escape cancels it)."""
        return self._cancel is not None

    def open_file(self, record: Record) -> None:
        """Open the record's file, asking which one when it has several."""
        if not record.files:
            return
        if len(record.files) == 1:
            self.start(record, None)
            return
        flags = cached_flags(record)
        embargoes = files_embargoes(record, dt.date.today())
        rows = [(f.location, file_summary(f, cached=c, embargo=e))
                for f, c, e in zip(record.files, flags, embargoes, strict=True)]

        def chosen(index: int | None) -> None:
            if index is not None:
                self.start(record, index)

        from repotui.tui.screens.file_picker import FilePicker

        self.host.app.push_screen(FilePicker(rows, main_file_index(record)), chosen)

    def start(self, record: Record, index: int | None) -> None:
        """Plan (fast: checks paths and schemes), then download if needed and open, in a worker."""
        if self._cancel is not None:
            self.host.notify("A download is already running (escape cancels it).", severity="warning")
            return
        plan = plan_open(record, self.records_dir, self.settings, index)
        if not plan.ok:  # an embargoed remote file says so here, before any download
            self.host.notify(plan.refused or "nothing to open", title="Cannot open", severity="error", markup=False)
            return
        cancel = self._cancel = threading.Event()
        if plan.needs_download:
            name = plan.url.rsplit("/", 1)[-1][:60] if plan.url else record.id
            self.bar.start(name, _size(plan.file))
        self.host.refresh_bindings()
        record_id = record.id

        def download_and_open() -> None:
            """In a thread: download (reporting progress), start the viewer, say how it went."""
            def progress(done: int, total: int | None, rate: float) -> None:
                self.host.post_message(DownloadProgress(done, total, rate))

            from repotui.adapters.opener import fetch_and_open

            result = fetch_and_open(plan, self.settings, progress=progress, cancel=cancel)
            self.host.post_message(OpenDone(result, record_id))

        self.host.run_worker(download_and_open, thread=True, exclusive=True, group="open", exit_on_error=False,
                             description="open file")

    def show_progress(self, message: DownloadProgress) -> None:
        if self._cancel is not None:
            self.bar.advance(message.done, message.total, message.rate)

    def finished(self, message: OpenDone) -> None:
        """Hide the bar and say what happened."""
        self._cancel = None
        self.bar.finish()
        self.host.refresh_bindings()
        result = message.result
        if result.ok and result.terminal is not None:
            result = self.run_in_terminal(result.terminal)
        if result.ok:
            self.host.notify(result.message, title="Opened", markup=False)
        elif result.cancelled:
            self.host.notify("Download cancelled; nothing was kept.", title="Cancelled")
        else:
            self.host.notify(result.message, title="Could not open", severity="error", markup=False)

    def run_in_terminal(self, command: TerminalCommand) -> OpenResult:
        """Give the terminal to a viewer that runs in it (`less`, `tdf`, the text in `$PAGER`): the
        app steps aside, the viewer runs in the foreground, and the app comes back as it was."""
        from repotui.adapters.opener import OpenResult, run_in_terminal

        try:
            with self.host.app.suspend():
                return run_in_terminal(command)
        except SuspendNotSupported:
            return OpenResult(False, "this terminal cannot be handed over to another program (the app "
                              "runs without a real terminal); unset `opener_terminal`")

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def open_web_page(self, record: Record) -> None:
        if record.landing_url:
            work = partial(self._open_url, self.host.app, record.landing_url)
            self.host.run_worker(work, thread=True, group="browser", exit_on_error=False,
                                 description="open web page")

    def _open_url(self, app: App[object], url: str) -> None:
        """In a thread: starting a browser can take a moment. `App.notify` is thread-safe."""
        from repotui.adapters.opener import open_url

        result = open_url(url, self.settings)
        severity: SeverityLevel = "information" if result.ok else "error"
        app.notify(result.message, title="Web page", severity=severity, markup=False)
