"""The detail pane: every field of the highlighted record, scrollable with the list's keys."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from repotui.core.citation.model import Citation
from repotui.core.model import Record
from repotui.tui.render import DetailStyles, detail_renderable


class RecordDetail(VerticalScroll, can_focus=True):
    """Shows one record. Text goes in as Content, so record text is never read as markup."""

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

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="detail-body", markup=False)

    def show(self, record: Record | None, cached: Sequence[bool] | None = None, keep_scroll: bool = False) -> None:
        """Replace the content; a new record starts at its title (`keep_scroll` for a refresh)."""
        self.record = record
        self.cached = cached
        if not keep_scroll:
            self.citation = None
        self._render_body()
        if not keep_scroll:
            self.scroll_home(animate=False)

    def set_citation(self, citation: Citation, style_label: str) -> None:
        """Add the formatted citation (with the style's italics) for the record shown."""
        if self.record is not None and self.record.id == citation.record_id:
            self.citation = (style_label, citation)
            self._render_body()

    def _render_body(self) -> None:
        record = self.record
        body = self.query_one("#detail-body", Static)
        if record is None:
            body.update("No record selected.")
        else:
            styles = DetailStyles(
                title=self.get_component_rich_style("record-detail--title"),
                label=self.get_component_rich_style("record-detail--label"),
                heading=self.get_component_rich_style("record-detail--heading"),
            )
            body.update(detail_renderable(record, styles, self.max_chars, self.cached, self.citation))
