"""The one place repotui calls private Textual APIs, each behind one small function.

Textual is pinned to a minor range (pyproject.toml). tests/tui/test_textual_private.py fails loudly
when an upgrade removes or changes what is used here; the app itself falls back to the public (and
slower) way instead of crashing.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_virtual_size_in_place(widget: ScrollView, size: Size) -> bool:
    """Give `widget` a new virtual size without laying out the whole screen; False if impossible.

    Assigning `virtual_size` (a reactive with `layout=True`) lays out every widget on the screen
    (~20 ms at 120x36, on every cursor move of the detail pane). When the scrollbars neither appear
    nor disappear, the step Textual itself runs after a size change, `Widget._scroll_update`, is all
    that is needed: it resizes the scrollbar thumbs and clamps the scroll offset. Returns False, and
    changes nothing, when that step is missing: the caller then assigns `virtual_size`.
    """
    scroll_update = getattr(widget, "_scroll_update", None)
    if not callable(scroll_update):
        return False
    widget.set_reactive(Widget.virtual_size, size)
    scroll_update(size)
    return True


def set_virtual_size(widget: ScrollView, size: Size) -> None:
    """`widget.virtual_size = size`, without a layout of the screen when the scrollbars stay as
    they are (the usual case: a new record or result list as tall as the old one, or both taller
    than the pane)."""
    if size == widget.virtual_size:
        return
    height = widget.scrollable_content_region.height
    old = widget.virtual_size
    same_bars = (old.height > height) == (size.height > height) and size.width == old.width
    if not (same_bars and widget.is_mounted and set_virtual_size_in_place(widget, size)):
        widget.virtual_size = size


def set_footer_key_disabled(key: Widget, disabled: bool) -> bool:
    """Grey out (or enable) one key of Textual's `Footer` where it is, instead of the footer
    composing all of its keys again (a layout of the screen) when only whether a key applies has
    changed. False, changing nothing, when the key no longer has the shape used here: the caller
    then lets the footer compose again.

    A footer key keeps its state in `FooterKey._disabled` (a click on a disabled key rings the
    bell instead of pressing it) and shows it with the class `-disabled` (dimmed)."""
    if type(key).__name__ != "FooterKey" or not isinstance(getattr(key, "_disabled", None), bool):
        return False
    key._disabled = disabled  # type: ignore[attr-defined]  # FooterKey's own flag (see docstring)
    key.set_class(disabled, "-disabled")
    return True
