"""Snapshots of the main screens (pytest-textual-snapshot). Update on purpose:
`pytest tests/snapshots --snapshot-update`, after reading the HTML report."""

from __future__ import annotations

from pathlib import Path

import pytest

from repotui.adapters.config import Settings
from repotui.tui.app import RepoApp
from tests.helpers.pilot import settle_workers

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


class FakeClock:
    """Advances one millisecond per reading: every search takes exactly 1 ms on screen."""

    def __init__(self) -> None:
        self.ms = 0

    def __call__(self) -> float:
        self.ms += 1
        return self.ms / 1000


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> RepoApp:
    # A relative records path keeps the status line identical on every machine, and the fake clock
    # the search time; everything else is rendered as is.
    monkeypatch.chdir(FIXTURES)
    return RepoApp(Path("tui_records"), Settings(), clock=FakeClock())


async def _settled(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the list is filled and the detail pane shows a record with its citation."""
    detail = pilot.app.browser.detail
    for _ in range(400):
        await settle_workers(pilot.app)
        await pilot.pause()
        if pilot.app.browser.loaded and detail.record is not None and detail.citation is not None:
            break
    else:
        raise AssertionError("the screen never settled: records loaded, a record and its citation shown")
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await _settled(pilot)


async def _second_record(pilot) -> None:  # type: ignore[no-untyped-def]
    """The seed record highlighted (the citation arrives from a worker, so wait for it here)."""
    await _settled(pilot)
    await pilot.press("j")
    await _settled(pilot)


def test_main_screen_120x40(snap_compare, app: RepoApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=(120, 40), run_before=_second_record)


def test_main_screen_80x24(snap_compare, app: RepoApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=(80, 24), run_before=_second_record)


async def _facets(pilot) -> None:  # type: ignore[no-untyped-def]
    """The facet panel open on the seed record, its counts in."""
    await _second_record(pilot)
    await pilot.press("f")
    panel = pilot.app.browser.facet_panel
    for _ in range(400):
        await settle_workers(pilot.app)
        await pilot.pause()
        if panel.option_count > 3:
            break
    else:
        raise AssertionError("the facet counts never came")
    await pilot.wait_for_scheduled_animations()


def test_facets_80x24(snap_compare, app: RepoApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=(80, 24), run_before=_facets)


def test_facets_120x40(snap_compare, app: RepoApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=(120, 40), run_before=_facets)


def test_help_screen(snap_compare, app: RepoApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=(120, 36), run_before=_loaded, press=["question_mark"])


def test_problems_screen(snap_compare, app: RepoApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=(120, 36), run_before=_loaded, press=["e"])
