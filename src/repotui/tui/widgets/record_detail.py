"""The detail pane: every field of the highlighted record, scrollable with the list's keys.

The record is laid out once per (record, width) into lines (Rich renders the label grid and the
paragraphs), and the pane draws only the visible lines. A Static holding a Rich table would be
measured and re-rendered many times per move, which cost ~50 ms a cursor step at 100k records.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from repotui.core.citation.model import Citation
from repotui.core.model import Record
from repotui.tui.render import DetailStyles, detail_renderable
from repotui.tui.textual_private import set_virtual_size_in_place


class RecordDetail(ScrollView, can_focus=True):
    """Shows one record. Values are Rich Text built from plain strings, never parsed as markup."""

    BINDINGS = [
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="detail-up"),
        Binding("down,j", "scroll_down", "Scroll down", show=False, id="detail-down"),
        Binding("home,g", "scroll_home", "Top", show=False, id="detail-top"),
        Binding("end,G", "scroll_end", "Bottom", show=False, id="detail-bottom"),
        Binding("pageup", "page_up", "Page up", show=False, id="detail-page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="detail-page-down"),
    ]

    COMPONENT_CLASSES = {"record-detail--title", "record-detail--label", "record-detail--heading"}

    def __init__(self, *, max_chars: int = 100_000, id: str | None = None) -> None:
        super().__init__(id=id)
        self.max_chars = max_chars
        self.record: Record | None = None
        self.cached: Sequence[bool] | None = None
        self.citation: tuple[str, Citation] | None = None
        self.renderable: RenderableType = Text("No record selected.")
        self._lines: list[Strip] = []
        self._laid_out_width = -1
        self._relayout_pending = False

    def show(self, record: Record | None, cached: Sequence[bool] | None = None, keep_scroll: bool = False) -> None:
        """Replace the content; a new record starts at its title (`keep_scroll` for a refresh)."""
        self.record = record
        self.cached = cached
        if not keep_scroll:
            self.citation = None
        self._rebuild()
        if not keep_scroll:
            self.scroll_to(y=0, animate=False, immediate=True)

    def set_citation(self, citation: Citation, style_label: str) -> None:
        """Add the formatted citation (with the style's italics) for the record shown."""
        if self.record is not None and self.record.id == citation.record_id:
            self.citation = (style_label, citation)
            self._rebuild()

    def _rebuild(self) -> None:
        if self.record is None:
            self.renderable = Text("No record selected.")
        else:
            styles = DetailStyles(
                title=self.get_component_rich_style("record-detail--title"),
                label=self.get_component_rich_style("record-detail--label"),
                heading=self.get_component_rich_style("record-detail--heading"),
            )
            self.renderable = detail_renderable(self.record, styles, self.max_chars, self.cached, self.citation)
        self._layout()

    def _layout(self) -> None:
        """Render to lines at the current width (once per record and width)."""
        self._relayout_pending = False
        width = self.scrollable_content_region.width
        self._laid_out_width = width
        if width <= 0:
            self._lines = []
        else:
            console = self.app.console
            options = console.options.update_width(width)
            lines = console.render_lines(self.renderable, options, style=self.rich_style, pad=True)
            self._lines = [Strip(line, width) for line in lines]
        self._set_virtual_size(Size(width, len(self._lines)))
        self.refresh()

    def _set_virtual_size(self, size: Size) -> None:
        """Assigning `virtual_size` re-lays out the whole screen (~20 ms). When the scrollbar stays
        as it is (the usual case: both records taller than the pane), update it in place instead."""
        if size == self.virtual_size:
            return
        height = self.scrollable_content_region.height
        same_bar = (self.virtual_size.height > height) == (size.height > height)
        if not (same_bar and size.width == self.virtual_size.width and set_virtual_size_in_place(self, size)):
            self.virtual_size = size

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._laid_out_width:
            self._layout()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.scrollable_content_region.width
        if width != self._laid_out_width and not self._relayout_pending:
            self._relayout_pending = True  # the width changed: lay out again after this frame
            self.call_later(self._layout)
        if 0 <= index < len(self._lines):
            return self._lines[index].crop(scroll_x, scroll_x + width)
        return Strip([Segment(" " * width, self.rich_style)], width)
