"""What a pilot app's screen shows, as text, from Textual's public SVG screenshot.

`App.export_screenshot()` draws the whole screen (modals, toasts, the screen beneath) exactly as
the terminal would get it; each run of text is an SVG `<text>` at a pixel position, and Rich
places character cells 12.2 pixels apart, so the column of every run is known.
"""

from __future__ import annotations

import html
import re

from textual.app import App

#: Rich's SVG export: a character cell is 20 * 0.61 pixels wide.
CELL = 20 * 0.61
_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
                   r'clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>', re.S)


def screen_svg(app: App[object]) -> str:
    return app.export_screenshot()


def screen_text(app: App[object]) -> str:
    """The screen as lines of text (trailing spaces dropped). Control characters that would reach
    the terminal are kept as they are, so a test can look for them."""
    rows: dict[int, list[str]] = {}
    for x, line, text in _TEXT.findall(screen_svg(app)):
        row = rows.setdefault(int(line), [])
        column = round(float(x) / CELL)
        if len(row) < column:
            row.extend(" " * (column - len(row)))
        chars = list(html.unescape(text).replace("\xa0", " "))
        row[column:column + len(chars)] = chars
    return "\n".join("".join(rows.get(y, [])).rstrip() for y in range(max(rows, default=-1) + 1))
