"""The detail pane: every field of the highlighted record, scrollable with the list's keys.

The record is laid out once per (record, width) into lines (Rich renders the label grid and the
paragraphs), and the pane draws only the visible lines. A Static holding a Rich table would be
measured and re-rendered many times per move, which cost ~50 ms a cursor step at 100k records.

The lines of the last records shown are kept (`LAYOUTS_KEPT`), so moving back to a record, or the
same record shown again with the same citation, costs no layout; and the screen asks for the
records beside the cursor to be laid out in a thread after each move (`lay_out_ahead`), so a
move to the next record usually finds its lines ready.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from repotui.core.citation.model import Citation
from repotui.core.model import Record
from repotui.tui.render import DetailStyles, detail_renderable
from repotui.tui.textual_private import set_virtual_size
from repotui.tui.widgets.motion import DETAIL_MOVES, motion_bindings

#: Laid-out records kept (a move back, or a record shown again, costs a lookup).
LAYOUTS_KEPT = 64

#: What a record is shown with besides itself: which of its files are cached, and its citation
#: (style label, citation).
Extras = tuple[tuple[bool, ...] | None, tuple[str, Citation] | None]


@dataclass(frozen=True)
class Layout:
    """How the pane lays a record out at the moment (taken on the UI thread: styles come from the
    DOM); `lines` may then run in any thread."""

    width: int
    styles: DetailStyles
    base: Style
    max_chars: int

    @property
    def key(self) -> tuple[int, tuple[Style, ...]]:
        return (self.width, (self.base, self.styles.title, self.styles.label, self.styles.heading))

    def renderable(self, record: Record, extras: Extras) -> RenderableType:
        cached, citation = extras
        return detail_renderable(record, self.styles, self.max_chars, cached, citation)

    def lines(self, console: Console, record: Record, extras: Extras) -> list[Strip]:
        options = console.options.update_width(self.width)
        rendered = console.render_lines(self.renderable(record, extras), options, style=self.base, pad=True)
        return [Strip(line, self.width) for line in rendered]


@dataclass(frozen=True)
class _Laid:
    """One record's lines at one width, and what they were made from (checked on a hit: the same
    id may come back as a new Record after a reload)."""

    record: Record
    extras: Extras
    lines: list[Strip]
    made: int = 0
    """When it was asked for (a counter): a layout made in a thread may arrive after a newer one
    of the same record (with its citation) and must not replace it."""


class RecordDetail(ScrollView, can_focus=True):
    """Shows one record. Values are Rich Text built from plain strings, never parsed as markup."""

    BINDINGS = motion_bindings(*DETAIL_MOVES)

    COMPONENT_CLASSES = {"record-detail--title", "record-detail--label", "record-detail--heading"}

    @dataclass
    class LaidOut(Message):
        """Records laid out ahead in a thread (kept for when the cursor reaches them)."""

        key: tuple[int, tuple[Style, ...]]
        laid: list[_Laid]

    def __init__(self, *, max_chars: int = 100_000, id: str | None = None) -> None:
        super().__init__(id=id)
        self.max_chars = max_chars
        self.record: Record | None = None
        self.cached: Sequence[bool] | None = None
        self.citation: tuple[str, Citation] | None = None
        self._lines: list[Strip] = []
        self._laid_out_width = -1
        self._relayout_pending = False
        self._laid: OrderedDict[tuple[str, int, tuple[Style, ...]], _Laid] = OrderedDict()
        """Laid-out records, least recently used first (Textual's LRUCache keeps the first value
        of a key: a record laid out again with its citation must replace the one without)."""
        self.layouts = 0
        """How many times a record was laid out on the UI thread (not found among the kept ones)."""
        self._asked = itertools.count(1)  # orders layouts by when they were asked for (`_Laid.made`)

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

    def layout_now(self) -> Layout:
        """How a record is laid out at the pane's current width and styles."""
        return Layout(self.scrollable_content_region.width, self._styles(), self.rich_style, self.max_chars)

    def _extras(self) -> Extras:
        return (tuple(self.cached) if self.cached is not None else None, self.citation)

    @property
    def renderable(self) -> RenderableType:
        """What the pane shows, before it is laid out into lines."""
        if self.record is None:
            return Text("No record selected.")
        return self.layout_now().renderable(self.record, self._extras())

    def _layout(self) -> None:
        """Render to lines at the current width (once per record and width: kept ones are reused)."""
        self._relayout_pending = False
        layout = self.layout_now()
        width = self._laid_out_width = layout.width
        if width <= 0 or self.record is None:
            self._lines = [] if width <= 0 else self._no_record(width)
        else:
            self._lines = self._kept(layout, self.record, self._extras()) or self._lay_out_shown(layout)
        set_virtual_size(self, Size(width, len(self._lines)))  # in place when the bars stay
        self.refresh()

    def _no_record(self, width: int) -> list[Strip]:
        console = self.app.console
        lines = console.render_lines(Text("No record selected."), console.options.update_width(width),
                                     style=self.rich_style, pad=True)
        return [Strip(line, width) for line in lines]

    def _kept(self, layout: Layout, record: Record, extras: Extras) -> list[Strip] | None:
        key = (record.id, *layout.key)
        laid = self._laid.get(key)
        if laid is None or laid.record is not record or laid.extras != extras:
            return None
        self._laid.move_to_end(key)
        return laid.lines

    def _keep(self, key: tuple[str, int, tuple[Style, ...]], laid: _Laid) -> None:
        self._laid[key] = laid
        self._laid.move_to_end(key)
        while len(self._laid) > LAYOUTS_KEPT:
            self._laid.popitem(last=False)

    def _lay_out_shown(self, layout: Layout) -> list[Strip]:
        assert self.record is not None
        self.layouts += 1
        extras = self._extras()
        lines = layout.lines(self.app.console, self.record, extras)
        self._keep((self.record.id, *layout.key), _Laid(self.record, extras, lines, next(self._asked)))
        return lines

    # -- laying out ahead ---------------------------------------------------------------------

    def lay_out_ahead(self, records: Sequence[tuple[Record, Extras]]) -> None:
        """Lay these records out in a thread (the ones not kept yet), for moves still to come."""
        layout = self.layout_now()
        wanted = [(r, extras) for r, extras in records if layout.width > 0 and self._kept(layout, r, extras) is None]
        if wanted:
            console, asked = self.app.console, next(self._asked)
            self.run_worker(lambda: self._lay_out(console, layout, wanted, asked), thread=True, exclusive=True,
                            group="detail-ahead", exit_on_error=False, description="detail layout")

    def _lay_out(self, console: Console, layout: Layout, records: list[tuple[Record, Extras]], asked: int) -> None:
        """In a thread: Rich renders plain data with the styles taken on the UI thread."""
        laid = [_Laid(record, extras, layout.lines(console, record, extras), asked) for record, extras in records]
        self.post_message(self.LaidOut(layout.key, laid))

    def on_record_detail_laid_out(self, message: RecordDetail.LaidOut) -> None:
        if message.key != self.layout_now().key:
            return  # the width or the theme changed meanwhile
        for laid in message.laid:
            key = (laid.record.id, *message.key)
            kept = self._laid.get(key)
            if kept is None or kept.made < laid.made:  # never a newer layout (its citation came meanwhile)
                self._keep(key, laid)

    # -- drawing ------------------------------------------------------------------------------


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
