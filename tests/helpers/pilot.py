"""Helpers for pilot tests: build the real app on a fixture folder and wait for its data."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from repotui.tui.app import RepoApp
from repotui.tui.widgets.record_detail import RecordDetail

FIXTURE_RECORDS = Path(__file__).resolve().parent.parent / "fixtures" / "tui_records"
#: The terminal size of pilot tests (the snapshots use the same).
SIZE = (120, 36)


async def wait_loaded(pilot: Pilot) -> None:
    """Poll until the load worker answered (never a fixed sleep)."""
    app = pilot.app
    assert isinstance(app, RepoApp)
    for _ in range(200):
        await settle_workers(app)
        await pilot.pause()
        if app.browser.loaded:
            return
    raise AssertionError("records never loaded")


async def settle_workers(app: RepoApp) -> None:
    """Wait for the running workers; a search superseded by a newer one is cancelled, which is fine."""
    with contextlib.suppress(WorkerCancelled):
        await app.workers.wait_for_complete()


def detail_text(app: RepoApp) -> str:
    """What the detail pane shows, rendered wide (no wrapping) as plain text: markup would show here."""
    console = Console(width=400, color_system=None, record=True, file=io.StringIO())
    console.print(app.query_one(RecordDetail).renderable)
    return console.export_text()


async def until(pilot: Pilot, condition: Callable[[], object], tries: int = 1500) -> None:
    """Poll a condition between frames (workers and timers run meanwhile); never a fixed sleep."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never became true")
