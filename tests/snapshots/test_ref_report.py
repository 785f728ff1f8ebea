"""Snapshots of the REF report screen (R) at 120x36 and 80x24, on the REF fixture records judged
on a fixed day. Update on purpose: `pytest tests/snapshots --snapshot-update`, after reading the
HTML report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from repotui.adapters.config import Settings
from repotui.tui.app import RepoApp
from repotui.tui.screens.ref_report import RefReportScreen
from tests.helpers.pilot import settle_workers, until, wait_loaded
from tests.snapshots.test_main_screen import FIXTURES, FakeClock

DAY = dt.date(2026, 11, 28)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> RepoApp:
    monkeypatch.chdir(FIXTURES)  # a relative path: the same screen on every machine
    return RepoApp(Path("ref_records"), Settings(), clock=FakeClock())


async def _report(pilot) -> None:  # type: ignore[no-untyped-def]
    """The report of every record, judged on DAY, with the counts and the first failing record shown."""
    app = pilot.app
    await wait_loaded(pilot)
    app.library.today = lambda: DAY
    await pilot.press("R")
    await until(pilot, lambda: isinstance(app.screen, RefReportScreen) and app.screen.report is not None
                and app.screen.chart._lines and str(app.screen.reason.content))
    await settle_workers(app)
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


def test_ref_report_120x36(snap_compare, app: RepoApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=(120, 36), run_before=_report)


def test_ref_report_80x24(snap_compare, app: RepoApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=(80, 24), run_before=_report)
