"""Fails loudly when a Textual upgrade changes the private step `tui/textual_private.py` relies on.

The app would keep working (it falls back to assigning `virtual_size`), but every cursor move in
the detail pane would lay out the whole screen again; these tests say so instead of a benchmark.
"""

from __future__ import annotations

import inspect
from typing import Self

from textual.app import App, ComposeResult
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from repotui.tui.textual_private import set_virtual_size_in_place


class Lines(ScrollView):
    """A 10-row line-API view that records each refresh that asks for a layout."""

    DEFAULT_CSS = "Lines { height: 10; width: 40; }"

    def __init__(self) -> None:
        super().__init__()
        self.layouts = 0

    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.scrollable_content_region.width)

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        self.layouts += layout
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


class LinesApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Lines()


def test_the_private_step_still_has_the_shape_we_call() -> None:
    step = getattr(Widget, "_scroll_update", None)
    assert callable(step), "Textual removed Widget._scroll_update: see tui/textual_private.py"
    assert list(inspect.signature(step).parameters) == ["self", "virtual_size"], (
        "Textual changed Widget._scroll_update's signature: see tui/textual_private.py")


async def test_virtual_size_changes_in_place_without_a_layout() -> None:
    app = LinesApp()
    async with app.run_test(size=(60, 20)) as pilot:
        lines = app.query_one(Lines)
        await pilot.pause()
        lines.virtual_size = Size(38, 100)  # the public way asks for a layout of the screen
        assert lines.layouts == 1, "assigning virtual_size no longer lays out: the in-place step may be unneeded"
        await pilot.pause()
        lines.scroll_to(y=80, animate=False, immediate=True)
        lines.layouts = 0

        assert set_virtual_size_in_place(lines, Size(38, 50)), "the private step is gone"
        assert lines.layouts == 0, "the in-place update asked for a layout"
        assert lines.virtual_size == Size(38, 50)
        # The scroll range follows at once: the offset is clamped to the new, shorter content.
        assert lines.max_scroll_y == 50 - lines.scrollable_content_region.height
        assert lines.scroll_y == lines.max_scroll_y
        assert lines.vertical_scrollbar.window_virtual_size == 50


class Keys(App[None]):
    BINDINGS = [("o", "bell", "Open")]

    def compose(self) -> ComposeResult:
        from textual.widgets import Footer

        yield Footer()


def test_footer_keys_still_keep_their_state_where_we_set_it() -> None:
    from textual.widgets._footer import FooterKey  # the private class set_footer_key_disabled handles

    key = FooterKey("o", "o", "Open", "app.bell", disabled=True)
    assert key._disabled is True, "FooterKey no longer keeps `_disabled`: see set_footer_key_disabled"
    assert key.has_class("-disabled"), "FooterKey no longer shows a disabled key with `-disabled`"
    assert "-disabled" in FooterKey.DEFAULT_CSS


async def test_a_footer_key_is_greyed_in_place() -> None:
    from repotui.tui.textual_private import set_footer_key_disabled

    app = Keys()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        key = next(iter(app.screen.query("FooterKey")))
        assert set_footer_key_disabled(key, True)
        assert key.has_class("-disabled") and key._disabled is True
        assert set_footer_key_disabled(key, False)
        assert not key.has_class("-disabled") and key._disabled is False
        assert not set_footer_key_disabled(app.screen, True), "only a FooterKey is handled"


async def test_set_virtual_size_lays_out_only_when_a_scrollbar_comes_or_goes() -> None:
    from repotui.tui.textual_private import set_virtual_size

    app = LinesApp()
    async with app.run_test(size=(60, 20)) as pilot:
        lines = app.query_one(Lines)
        await pilot.pause()
        set_virtual_size(lines, Size(38, 100))  # a bar appears: the public way
        assert lines.layouts == 1
        await pilot.pause()
        lines.layouts = 0
        set_virtual_size(lines, Size(38, 60))  # still taller than the view
        assert lines.layouts == 0 and lines.virtual_size == Size(38, 60)
        set_virtual_size(lines, Size(38, 5))  # the bar goes
        assert lines.layouts == 1
