"""The download bar: bytes, percent when the size is known, rate; escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from repotui.core.files import human_size


class DownloadBar(Horizontal):
    """Hidden until a download starts; the app feeds it `DownloadProgress` values."""

    def compose(self) -> ComposeResult:
        yield Static("", id="download-label", markup=False)
        yield ProgressBar(total=None, show_eta=False, id="download-progress")

    def start(self, name: str, size_hint: int | None) -> None:
        self.display = True
        self.query_one(ProgressBar).update(total=size_hint, progress=0)
        self._name = name
        self.query_one("#download-label", Static).update(Content(f"Downloading {name}… (escape cancels)"))

    def advance(self, done: int, total: int | None, rate: float) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=total, progress=done)
        size = f"{human_size(done)} of {human_size(total)}" if total else human_size(done)
        percent = f" {done * 100 // total}%" if total else ""
        speed = f" · {human_size(int(rate))}/s" if rate else ""
        self.query_one("#download-label", Static).update(
            Content(f"Downloading {getattr(self, '_name', '')}: {size}{percent}{speed} (escape cancels)"))

    def finish(self) -> None:
        self.display = False
