"""The browser's layout follows the terminal's width (the screen's HORIZONTAL_BREAKPOINTS): panes
side by side from 100 columns, stacked (list above detail) below, also after a live resize and
when the resize happens under a modal screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region

from repotui.adapters.config import Settings
from repotui.adapters.state import State
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


def inside(app: RepoApp, region: Region) -> bool:
    screen = app.screen.region
    return region.area > 0 and screen.contains_region(region)


@pytest.mark.parametrize("size", [(80, 24), (99, 30), (100, 30), (120, 40), (200, 60)])
async def test_the_facet_panel_lies_inside_the_screen_and_enter_filters_the_list(
        size: tuple[int, int], tmp_path: Path) -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings(), state=State(tmp_path / "state.json"))
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot)
        list_region = app.browser.record_list.region
        await pilot.press("f")
        panel = app.browser.facet_panel
        await until(pilot, lambda: panel.option_count > 3)
        assert app.focused is panel
        assert inside(app, panel.region), (panel.region, app.screen.region)
        assert panel.region.height >= 8 and panel.region.width >= 30  # room for a group or two
        assert not panel.region.overlaps(app.browser.record_list.region)  # the list stays in view
        assert app.browser.record_list.region == list_region
        assert not app.browser.detail.display  # the panel is shown in the detail pane's place

        prompts = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        panel.highlighted = next(i for i, text in enumerate(prompts) if text.strip().endswith("Thesis"))
        await pilot.press("enter")
        await until(pilot, lambda: list(app.browser.record_list.ids) == ["polito-26840"])
        assert app.browser.search_bar.value == "type:thesis"
        await until(pilot, lambda: any(str(panel.get_option_at_index(i).prompt).startswith("✓")
                                       for i in range(panel.option_count)))
        await pilot.press("enter")  # again: the filter comes out
        await until(pilot, lambda: len(app.browser.record_list.ids) == 4)
        assert app.browser.search_bar.value == ""
        await pilot.press("escape")
        await until(pilot, lambda: app.browser.detail.display and not panel.display)
        assert app.focused is app.browser.record_list


async def test_the_split_keys_move_the_list_edge_and_the_split_is_remembered(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    app = RepoApp(FIXTURE_RECORDS, Settings(), state=State(state))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        column = app.browser.query_one("#list-column")
        assert column.region.width == 72  # 60% by default
        await pilot.press("left_square_bracket", "left_square_bracket")
        await until(pilot, lambda: column.region.width == 60)
        assert app.browser.detail.region.x == 60
        for _ in range(20):  # bounded
            await pilot.press("right_square_bracket")
        await until(pilot, lambda: column.region.width == 90)
        await pilot.resize_terminal(80, 24)  # stacked: the keys move the list's bottom edge instead
        await until(pilot, lambda: app.browser.has_class("-narrow"))
        height = column.region.height
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: column.region.height > height)
    assert State(state).get("list_width") == 75 and State(state).get("list_height") == 50
    again = RepoApp(FIXTURE_RECORDS, Settings(), state=State(state))
    async with again.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        assert again.browser.query_one("#list-column").region.width == 90


async def test_the_config_sets_the_first_split(tmp_path: Path) -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings(list_width=40, list_height=33), state=State(tmp_path / "s.json"))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        assert app.browser.query_one("#list-column").region.width == 40
        assert app.browser.list_height == 30  # a value between steps goes to the step below
