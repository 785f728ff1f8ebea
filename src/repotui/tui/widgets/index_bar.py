"""The index bar: while the index is built or caught up, files parsed, a bar and the time left.

Hidden until an update has enough files to parse to be worth showing; the list above it
keeps working (records are searchable as their chunks are stored).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from repotui.core.index.progress import TimeLeft, format_time_left

#: Updates parsing fewer files than this finish too soon for a bar to help.
SHOW_FROM = 200


class IndexBar(Horizontal):
    """Fed by `show(done, total)` from the app's IndexProgress handler."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._time_left = TimeLeft()
        self.label = Static("", id="index-label", markup=False)
        self.bar = ProgressBar(total=None, show_eta=False, id="index-progress")

    def compose(self) -> ComposeResult:
        yield self.label
        yield self.bar

    def show(self, done: int, total: int) -> None:
        """Progress of the update running now; hides the bar when it is done."""
        left = self._time_left.update(done, total)
        if done >= total or total < SHOW_FROM:
            self.display = False
            return
        self.display = True
        self.bar.update(total=total, progress=done)
        when = format_time_left(left)
        # Short enough for 80 columns beside the bar: "Indexing 100,000 of 100,000 files · about 2 min left".
        self.label.update(Content(f"Indexing {done:,} of {total:,} files" + (f" · {when}" if when else "")))

    def hide(self) -> None:
        self.display = False
