"""The one place repotui calls a private Textual API.

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
