"""Helpers for pilot tests: build the real app on a fixture folder and wait for its data."""

from __future__ import annotations

import contextlib
import io
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

from rich.console import Console
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from repotui.tui.app import RepoApp
from repotui.tui.widgets.record_detail import RecordDetail

FIXTURE_RECORDS = Path(__file__).resolve().parent.parent / "fixtures" / "tui_records"
#: The terminal size of pilot tests (the snapshots use the same).
SIZE = (120, 36)


@contextlib.asynccontextmanager
async def run_loaded(app: RepoApp, size: tuple[int, int] = SIZE) -> AsyncIterator[Pilot[None]]:
    """`app.run_test(size=size)`, handed over once the records are loaded (`wait_loaded`)."""
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot)
        yield pilot


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


async def search(pilot: Pilot, query: str, answered: Callable[[Sequence[str]], object]) -> None:
    """Type `query` into the search box (`/`), press enter and wait for an answer whose ids
    satisfy `answered`."""
    app = pilot.app
    assert isinstance(app, RepoApp)
    await pilot.press("slash", *query, "enter")
    await until(pilot, lambda: app.browser.searching.result is not None and answered(app.browser.searching.result.ids))


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


def toasts(app: RepoApp) -> list[str]:
    """The messages of the notifications shown so far."""
    return [n.message for n in app._notifications]


def first_command(app: RepoApp) -> str:
    """The command palette's first hit ("" until the palette has answered)."""
    lists = app.screen.query("CommandList")
    if not lists or not lists.first().option_count:
        return ""
    return str(lists.first().get_option_at_index(0).prompt)
