"""A virtual list of records: draws only the visible rows, so 100,000 records cost nothing.

DataTable, OptionList and ListView build per-row state and take seconds at 100k rows; this is a
line-API ScrollView (as toolong's log view) over a list of record ids; records are fetched only
for the rows on screen (the index keeps an LRU cache), so a search result of 100k ids is cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from repotui.core.model import Record
from repotui.tui.render import Columns, RowStyles, list_row
from repotui.tui.textual_private import set_virtual_size
from repotui.tui.widgets.motion import LIST_MOVES, motion_bindings


class RecordList(ScrollView, can_focus=True):
    """The list pane. Holds the ids shown, in order, and a fetch function; tells `follow` (or,
    without one, posts `Highlighted`) when the highlighted record changes."""

    BINDINGS = motion_bindings(*LIST_MOVES)

    COMPONENT_CLASSES = {
        "record-list--cursor",
        "record-list--muted",
        "record-list--open",
        "record-list--closed",
        "record-list--mark",
    }

    cursor: reactive[int] = reactive(0, init=False, always_update=True, repaint=False)
    """Position of the highlighted row within the shown order (a move repaints the two rows that
    changed, not the whole pane: `watch_cursor`)."""

    @dataclass
    class Highlighted(Message):
        """The highlighted record changed (cursor move, new data)."""

        record: Record | None
        position: int

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.ids: Sequence[str] = ()
        self.fetch: Callable[[str], Record | None] = lambda _rid: None
        self.marked: set[str] = set()
        self._style_cache: tuple[tuple[object, ...], RowStyles, Style] | None = None
        self._rows: LRUCache[tuple[str, int, bool, bool], tuple[Record, Strip]] = LRUCache(1024)
        """Rendered rows with the record each was made from: a repaint of a row, or the same record
        in the next search's answer, costs a lookup (a record changed on disk is a new object)."""
        self.follow: Callable[[Record | None, int], None] | None = None
        """Called at once with the highlighted record and its position when they change, instead
        of posting `Highlighted`: the pane beside is updated in the same frame as the cursor's
        lines (a message would reach it a few queues later, often a frame later)."""

    # -- data ---------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[str], fetch: Callable[[str], Record | None] | None = None,
                keep: str | None = None, first: bool = False) -> None:
        """Show `ids` in this order; the cursor stays on the record it was on (or `keep`), or goes
        to the first row (`first`)."""
        current = None if first else keep or self.cursor_id()
        self.ids = ids
        if fetch is not None:
            self.fetch = fetch
        set_virtual_size(self, Size(0, len(ids)))
        position = 0
        if current is not None:
            try:
                position = ids.index(current)
            except ValueError:
                position = 0
        self.cursor = min(position, max(0, len(ids) - 1))
        self.refresh()

    def cursor_id(self) -> str | None:
        """The id of the highlighted record (nothing is fetched)."""
        return self.ids[self.cursor] if self.ids and 0 <= self.cursor < len(self.ids) else None

    @property
    def highlighted(self) -> Record | None:
        if not self.ids or not 0 <= self.cursor < len(self.ids):
            return None
        return self.fetch(self.ids[self.cursor])

    @property
    def marked_ids_in_order(self) -> list[str]:
        """Marked ids in the order shown (marks outside the current result come last)."""
        shown = [rid for rid in self.ids if rid in self.marked] if len(self.marked) < 10_000 else []
        rest = sorted(self.marked.difference(shown))
        return shown + rest

    def toggle_mark(self) -> None:
        record = self.highlighted
        if record is not None:
            self.marked.symmetric_difference_update({record.id})
            self.refresh_line(self.cursor - int(self.scroll_offset.y))

    # -- drawing -------------------------------------------------------------------------

    def _styles(self) -> tuple[RowStyles, Style]:
        """Row styles and the cursor style; they change only with focus and theme, so cache them."""
        key = (self.has_focus, self.app.theme, self.styles.background)
        if self._style_cache is None or self._style_cache[0] != key:
            base = self.rich_style
            rows = RowStyles(
                base=base,
                muted=base + self.get_component_rich_style("record-list--muted", partial=True),
                open=base + self.get_component_rich_style("record-list--open", partial=True),
                closed=base + self.get_component_rich_style("record-list--closed", partial=True),
                mark=base + self.get_component_rich_style("record-list--mark", partial=True),
            )
            self._style_cache = (key, rows, self.get_component_rich_style("record-list--cursor"))
            self._rows.clear()
        return self._style_cache[1], self._style_cache[2]

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        position = y + scroll_y
        width = self.scrollable_content_region.width
        if not 0 <= position < len(self.ids):
            return Strip.blank(width, self.rich_style)
        rid = self.ids[position]
        styles, cursor_style = self._styles()
        key = (rid, width, position == self.cursor, rid in self.marked)
        record = self.fetch(rid)  # cached by the index for the rows on screen
        if record is None:
            return Strip.blank(width, self.rich_style)
        kept = self._rows.get(key)
        if kept is not None and kept[0] is record:
            strip = kept[1]
        else:
            segments = list_row(record, Columns.for_width(width), styles, rid in self.marked)
            if position == self.cursor:
                segments = [Segment(text, (style or styles.base) + cursor_style) for text, style, _ in segments]
            strip = Strip(segments).adjust_cell_length(width, self.rich_style)
            if kept is not None:
                self._rows.discard(key)  # (LRUCache.set keeps a key's first value)
            self._rows[key] = (record, strip)
        return strip.crop(scroll_x, scroll_x + width)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        set_virtual_size(self, Size(0, len(self.ids)))

    # -- cursor --------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_region_of(new)
        scroll_y = int(self.scroll_offset.y)
        self.refresh_line(old - scroll_y)
        self.refresh_line(new - scroll_y)
        self.announce()

    def announce(self) -> None:
        """Tell `follow` (or post `Highlighted`) which record is highlighted now."""
        if self.follow is not None:
            self.follow(self.highlighted, self.cursor)
        else:
            self.post_message(self.Highlighted(self.highlighted, self.cursor))

    def scroll_to_region_of(self, position: int) -> None:
        height = self.scrollable_content_region.height
        top = int(self.scroll_offset.y)
        if position < top:
            self.scroll_to(y=position, animate=False, immediate=True)
        elif height and position >= top + height:
            self.scroll_to(y=position - height + 1, animate=False, immediate=True)

    def _move_to(self, position: int) -> None:
        if self.ids:
            self.cursor = max(0, min(len(self.ids) - 1, position))

    def action_cursor_up(self) -> None:
        self._move_to(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self._move_to(self.cursor + 1)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self.ids) - 1)

    def action_page_up(self) -> None:
        self._move_to(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_page_down(self) -> None:
        self._move_to(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            self._move_to(int(self.scroll_offset.y) + offset.y)
