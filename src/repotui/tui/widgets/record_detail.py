"""The detail pane: every field of the highlighted record, scrollable with the list's keys.

The record is laid out once per (record, width) into lines (Rich renders the label grid and the
paragraphs), and the pane draws only the visible lines. A Static holding a Rich table would be
measured and re-rendered many times per move, which cost ~50 ms a cursor step at 100k records.
The lines of the last records shown are kept (`LAYOUTS_KEPT`), so moving back to a record, or
the same record shown again with the same citation, costs no layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from repotui.core.citation.model import Citation
from repotui.core.model import Record
from repotui.tui.render import DetailStyles, detail_renderable
from repotui.tui.textual_private import set_virtual_size

#: Laid-out records kept (a move back, or a record shown again, costs a lookup).
LAYOUTS_KEPT = 64


@dataclass(frozen=True)
class _Laid:
    """One record's lines at one width, and what they were made from (checked on a hit: the same
    id may come back as a new Record after a reload)."""

    record: Record
    cached: tuple[bool, ...] | None
    citation: tuple[str, Citation] | None
    lines: list[Strip]


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
        self._lines: list[Strip] = []
        self._laid_out_width = -1
        self._relayout_pending = False
        self._laid: LRUCache[tuple[str, int, tuple[Style, ...]], _Laid] = LRUCache(LAYOUTS_KEPT)
        self.layouts = 0
        """How many times a record was laid out (not found among the kept ones): for tests."""

    def show(self, record: Record | None, cached: Sequence[bool] | None = None, keep_scroll: bool = False,
             citation: tuple[str, Citation] | None = None) -> None:
        """Replace the content; a new record starts at its title (`keep_scroll` for a refresh).
        `citation` (style label, citation) is shown with it, in the same layout; without one a
        refresh keeps the citation shown, and a new record has none until `set_citation`."""
        self.record = record
        self.cached = cached
        if citation is not None:
            self.citation = citation
        elif not keep_scroll:
            self.citation = None
        self._layout()
        if not keep_scroll:
            self.scroll_to(y=0, animate=False, immediate=True)

    def set_citation(self, citation: Citation, style_label: str) -> None:
        """Add the formatted citation (with the style's italics) for the record shown."""
        if self.record is not None and self.record.id == citation.record_id:
            if self.citation == (style_label, citation):
                return  # on screen already: nothing to lay out
            self.citation = (style_label, citation)
            self._layout()

    def _styles(self) -> DetailStyles:
        return DetailStyles(
            title=self.get_component_rich_style("record-detail--title"),
            label=self.get_component_rich_style("record-detail--label"),
            heading=self.get_component_rich_style("record-detail--heading"),
        )

    @property
    def renderable(self) -> RenderableType:
        """What the pane shows, before it is laid out into lines."""
        if self.record is None:
            return Text("No record selected.")
        return detail_renderable(self.record, self._styles(), self.max_chars, self.cached, self.citation)

    def _layout(self) -> None:
        """Render to lines at the current width (once per record and width: kept ones are reused)."""
        self._relayout_pending = False
        width = self.scrollable_content_region.width
        self._laid_out_width = width
        if width <= 0:
            self._lines = []
        else:
            kept = self._kept_lines(width)
            self._lines = kept if kept is not None else self._render_lines(width)
        self._set_virtual_size(Size(width, len(self._lines)))
        self.refresh()

    def _layout_key(self, width: int) -> tuple[str, int, tuple[Style, ...]] | None:
        record = self.record
        if record is None:
            return None
        styles = self._styles()
        return (record.id, width, (self.rich_style, styles.title, styles.label, styles.heading))

    def _kept_lines(self, width: int) -> list[Strip] | None:
        key = self._layout_key(width)
        laid = self._laid.get(key) if key is not None else None
        cached = tuple(self.cached) if self.cached is not None else None
        if laid is None or laid.record is not self.record or laid.cached != cached or laid.citation != self.citation:
            return None
        return laid.lines

    def _render_lines(self, width: int) -> list[Strip]:
        self.layouts += 1
        console = self.app.console
        options = console.options.update_width(width)
        rendered = console.render_lines(self.renderable, options, style=self.rich_style, pad=True)
        lines = [Strip(line, width) for line in rendered]
        key = self._layout_key(width)
        if key is not None and self.record is not None:
            cached = tuple(self.cached) if self.cached is not None else None
            self._laid[key] = _Laid(self.record, cached, self.citation, lines)
        return lines

    def _set_virtual_size(self, size: Size) -> None:
        """Assigning `virtual_size` re-lays out the whole screen (~20 ms). When the scrollbar stays
        as it is (the usual case: both records taller than the pane), it is updated in place."""
        set_virtual_size(self, size)

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
