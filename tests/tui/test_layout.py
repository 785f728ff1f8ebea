"""The browser's layout follows the terminal's width (the screen's HORIZONTAL_BREAKPOINTS): panes
side by side from 100 columns, stacked (list above detail) below, also after a live resize and
when the resize happens under a modal screen."""

from __future__ import annotations

from repotui.adapters.config import Settings
from repotui.tui.app import RepoApp
from repotui.tui.screens.help import HelpScreen
from tests.helpers.pilot import FIXTURE_RECORDS, until, wait_loaded


def side_by_side(app: RepoApp) -> bool:
    """The detail pane is right of the list column (True) or below it (False)."""
    column = app.browser.query_one("#list-column").region
    detail = app.browser.detail.region
    if detail.x >= column.right and detail.y == column.y:
        return True
    assert detail.y >= column.bottom and detail.x == column.x, (column, detail)
    return False


async def test_panes_stack_below_100_columns_and_follow_a_resize() -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        assert side_by_side(app) and not app.browser.has_class("-narrow")
        await pilot.resize_terminal(99, 30)
        await until(pilot, lambda: not side_by_side(app))
        assert app.browser.has_class("-narrow")
        assert app.browser.detail.region.width == 99  # each pane takes the full width
        await pilot.resize_terminal(100, 30)
        await until(pilot, lambda: side_by_side(app))

        await pilot.press("question_mark")  # a resize under a modal reaches the browser too
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.resize_terminal(80, 24)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.browser and not side_by_side(app))
