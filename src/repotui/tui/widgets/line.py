"""A line of text whose size the stylesheet fixes (the status line, the search hint)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class Line(Static):
    """`show(text)` repaints the line, and only when the text changed: `Static.update` lays out the
    whole screen every time, in case the new text needs another size; a line's size is set by CSS
    (a fixed height, the width of its container), so nothing else can move."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(text, id=id, markup=False)
        self.text = text

    def show(self, text: str) -> None:
        if text == self.text:
            return
        self.text = text
        self.update(Content(text), layout=self.styles.auto_dimensions)
